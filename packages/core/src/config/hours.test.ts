import { describe, expect, it } from 'vitest';
import { demoConfig } from './demo.js';
import { hoursOfOperationRanges, parseTimeOfDay } from './hours.js';

describe('hours of operation helpers', () => {
  it('parses "HH:MM", including 24:00', () => {
    expect(parseTimeOfDay('09:30')).toStrictEqual({ hours: 9, minutes: 30 });
    expect(parseTimeOfDay('00:00')).toStrictEqual({ hours: 0, minutes: 0 });
    expect(parseTimeOfDay('24:00')).toStrictEqual({ hours: 24, minutes: 0 });
    for (const bad of ['24:01', '9:30', '12:60', '25:00', '', '12:00:00']) expect(() => parseTimeOfDay(bad)).toThrow(RangeError);
  });

  it('expands alwaysOpen to every day, 00:00 to 24:00', () => {
    const ranges = hoursOfOperationRanges({ alwaysOpen: true });
    expect(ranges).toHaveLength(7);
    expect(new Set(ranges.map((r) => r.day)).size).toBe(7);
    for (const r of ranges)
      expect([r.start, r.end]).toStrictEqual([
        { hours: 0, minutes: 0 },
        { hours: 24, minutes: 0 },
      ]);
  });

  it('converts ranges; no ranges is always closed', () => {
    const business = demoConfig.hoursOfOperation[1];
    expect(business && hoursOfOperationRanges(business)[0]).toStrictEqual({
      day: 'MONDAY',
      start: { hours: 9, minutes: 0 },
      end: { hours: 17, minutes: 0 },
    });
    expect(hoursOfOperationRanges({ ranges: [] })).toStrictEqual([]);
  });
});
