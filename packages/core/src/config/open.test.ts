import { describe, expect, it } from 'vitest';
import type { DayOfWeek } from '../model/constants.js';
import type { HoursOfOperation, HoursOfOperationRange } from '../model/entities.js';
import { parseTimeOfDay } from './hours.js';
import { isOpenAt, nextOpenAt } from './open.js';

const range = (day: DayOfWeek, start: string, end: string): HoursOfOperationRange => ({
  day,
  start: parseTimeOfDay(start),
  end: parseTimeOfDay(end),
});

const hours = (timeZone: string, config: HoursOfOperationRange[]): HoursOfOperation => ({
  id: 'h1',
  name: 'Hours',
  tags: {},
  lastModifiedTime: 0,
  timeZone,
  config,
});

const at = (iso: string): number => Date.parse(iso);
const MS = 1;

describe('isOpenAt', () => {
  const business = hours('America/New_York', [range('MONDAY', '09:00', '17:00')]);

  it('Monday 09:00–17:00 New York in winter (EST, UTC-5)', () => {
    // Monday 2024-01-08: 09:00 EST = 14:00Z, 17:00 EST = 22:00Z.
    expect(isOpenAt(business, at('2024-01-08T14:00:00Z') - MS)).toBe(false);
    expect(isOpenAt(business, at('2024-01-08T14:00:00Z'))).toBe(true);
    expect(isOpenAt(business, at('2024-01-08T14:00:00Z') + MS)).toBe(true);
    expect(isOpenAt(business, at('2024-01-08T22:00:00Z') - MS)).toBe(true);
    expect(isOpenAt(business, at('2024-01-08T22:00:00Z'))).toBe(false);
    expect(isOpenAt(business, at('2024-01-08T22:00:00Z') + MS)).toBe(false);
    // The same UTC times on a Tuesday are closed.
    expect(isOpenAt(business, at('2024-01-09T15:00:00Z'))).toBe(false);
  });

  it('Monday 09:00–17:00 New York in summer (EDT, UTC-4)', () => {
    // Monday 2024-07-08: 09:00 EDT = 13:00Z, 17:00 EDT = 21:00Z.
    expect(isOpenAt(business, at('2024-07-08T13:00:00Z') - MS)).toBe(false);
    expect(isOpenAt(business, at('2024-07-08T13:00:00Z'))).toBe(true);
    expect(isOpenAt(business, at('2024-07-08T21:00:00Z') - MS)).toBe(true);
    expect(isOpenAt(business, at('2024-07-08T21:00:00Z'))).toBe(false);
    // 21:30Z is open in winter (16:30 EST) but closed in summer (17:30 EDT).
    expect(isOpenAt(business, at('2024-07-08T21:30:00Z'))).toBe(false);
    expect(isOpenAt(business, at('2024-01-08T21:30:00Z'))).toBe(true);
  });

  it('the Monday right after the spring-forward switch uses the new offset', () => {
    // DST began Sunday 2024-03-10; Monday 2024-03-11 09:00 EDT = 13:00Z.
    expect(isOpenAt(business, at('2024-03-11T13:00:00Z') - MS)).toBe(false);
    expect(isOpenAt(business, at('2024-03-11T13:00:00Z'))).toBe(true);
    expect(isOpenAt(business, at('2024-03-11T21:00:00Z') - MS)).toBe(true);
    expect(isOpenAt(business, at('2024-03-11T21:00:00Z'))).toBe(false);
  });

  it('a range whose end is before its start wraps past midnight into the next day', () => {
    const night = hours('UTC', [range('FRIDAY', '22:00', '06:00')]);
    // Friday 2024-01-05, Saturday 2024-01-06.
    expect(isOpenAt(night, at('2024-01-05T21:59:59Z'))).toBe(false);
    expect(isOpenAt(night, at('2024-01-05T22:00:00Z'))).toBe(true);
    expect(isOpenAt(night, at('2024-01-05T23:59:59Z'))).toBe(true);
    expect(isOpenAt(night, at('2024-01-06T00:00:00Z'))).toBe(true);
    expect(isOpenAt(night, at('2024-01-06T05:59:59Z'))).toBe(true);
    expect(isOpenAt(night, at('2024-01-06T06:00:00Z'))).toBe(false);
    // Not the night before Friday.
    expect(isOpenAt(night, at('2024-01-05T03:00:00Z'))).toBe(false);
  });

  it('a Saturday night range wraps into Sunday morning', () => {
    const weekend = hours('UTC', [range('SATURDAY', '20:00', '02:00')]);
    // Saturday 2024-01-06, Sunday 2024-01-07.
    expect(isOpenAt(weekend, at('2024-01-06T20:00:00Z'))).toBe(true);
    expect(isOpenAt(weekend, at('2024-01-07T01:59:00Z'))).toBe(true);
    expect(isOpenAt(weekend, at('2024-01-07T02:00:00Z'))).toBe(false);
    expect(isOpenAt(weekend, at('2024-01-06T01:00:00Z'))).toBe(false);
  });

  it('00:00–24:00 is the whole day and nothing of the next', () => {
    const allDay = hours('Europe/Paris', [range('WEDNESDAY', '00:00', '24:00')]);
    // Wednesday 2024-01-10 in Paris (UTC+1) runs 2024-01-09T23:00Z .. 2024-01-10T23:00Z.
    expect(isOpenAt(allDay, at('2024-01-09T23:00:00Z') - MS)).toBe(false);
    expect(isOpenAt(allDay, at('2024-01-09T23:00:00Z'))).toBe(true);
    expect(isOpenAt(allDay, at('2024-01-10T12:00:00Z'))).toBe(true);
    expect(isOpenAt(allDay, at('2024-01-10T23:00:00Z') - MS)).toBe(true);
    expect(isOpenAt(allDay, at('2024-01-10T23:00:00Z'))).toBe(false);
  });

  it('an empty config is always closed', () => {
    const closed = hours('UTC', []);
    for (const iso of ['2024-01-08T00:00:00Z', '2024-01-08T12:00:00Z', '2024-07-13T23:59:59Z'])
      expect(isOpenAt(closed, at(iso))).toBe(false);
  });

  it('an unknown time zone is read as UTC', () => {
    const bogus = hours('Mars/Olympus_Mons', [range('MONDAY', '09:00', '17:00')]);
    expect(isOpenAt(bogus, at('2024-01-08T08:59:59Z'))).toBe(false);
    expect(isOpenAt(bogus, at('2024-01-08T09:00:00Z'))).toBe(true);
    expect(isOpenAt(bogus, at('2024-01-08T16:59:59Z'))).toBe(true);
    expect(isOpenAt(bogus, at('2024-01-08T17:00:00Z'))).toBe(false);
  });

  it('any one of several ranges opens it', () => {
    const split = hours('UTC', [range('MONDAY', '09:00', '12:00'), range('MONDAY', '13:00', '17:00')]);
    expect(isOpenAt(split, at('2024-01-08T11:59:00Z'))).toBe(true);
    expect(isOpenAt(split, at('2024-01-08T12:30:00Z'))).toBe(false);
    expect(isOpenAt(split, at('2024-01-08T13:00:00Z'))).toBe(true);
  });
});

describe('nextOpenAt', () => {
  const business = hours('America/New_York', [range('MONDAY', '09:00', '17:00'), range('TUESDAY', '09:00', '17:00')]);

  it('is the instant itself while open', () => {
    expect(nextOpenAt(business, at('2024-01-08T15:30:12Z'))).toBe(at('2024-01-08T15:30:12Z'));
  });

  it('is the next range start, in the hours time zone', () => {
    // Monday 2024-01-08 before 09:00 EST (14:00Z); after 17:00 EST: Tuesday 09:00 EST.
    expect(nextOpenAt(business, at('2024-01-08T03:17:45Z'))).toBe(at('2024-01-08T14:00:00Z'));
    expect(nextOpenAt(business, at('2024-01-08T22:00:00Z'))).toBe(at('2024-01-09T14:00:00Z'));
    // Tuesday evening: next Monday, six days on.
    expect(nextOpenAt(business, at('2024-01-09T23:00:00Z'))).toBe(at('2024-01-15T14:00:00Z'));
  });

  it('crosses a daylight-saving change to the right minute', () => {
    // Saturday 2024-03-09 (EST) → Monday 2024-03-11 09:00 EDT = 13:00Z.
    expect(nextOpenAt(business, at('2024-03-09T12:00:00Z'))).toBe(at('2024-03-11T13:00:00Z'));
    // Saturday 2024-11-02 (EDT) → Monday 2024-11-04 09:00 EST = 14:00Z.
    expect(nextOpenAt(business, at('2024-11-02T12:00:00Z'))).toBe(at('2024-11-04T14:00:00Z'));
  });

  it('a range starting inside the skipped hour opens when the clock jumps past its start', () => {
    // Sunday 2024-03-10 in New York: 02:00 EST jumps to 03:00 EDT (07:00Z).
    const early = hours('America/New_York', [range('SUNDAY', '02:30', '05:00')]);
    expect(nextOpenAt(early, at('2024-03-10T05:00:00Z'))).toBe(at('2024-03-10T07:00:00Z'));
  });

  it('wraps past the end of the week, and finds the earliest of several ranges', () => {
    const ranges = hours('UTC', [range('WEDNESDAY', '10:00', '11:00'), range('SUNDAY', '08:00', '09:00')]);
    // Saturday 2024-01-06 12:00 → Sunday 2024-01-07 08:00.
    expect(nextOpenAt(ranges, at('2024-01-06T12:00:00Z'))).toBe(at('2024-01-07T08:00:00Z'));
    // Sunday 2024-01-07 10:00 → Wednesday 2024-01-10 10:00.
    expect(nextOpenAt(ranges, at('2024-01-07T10:00:00Z'))).toBe(at('2024-01-10T10:00:00Z'));
  });

  it('never, for no ranges or only empty ones', () => {
    expect(nextOpenAt(hours('UTC', []), at('2024-01-08T00:00:00Z'))).toBeUndefined();
    expect(nextOpenAt(hours('UTC', [range('MONDAY', '09:00', '09:00')]), at('2024-01-08T00:00:00Z'))).toBeUndefined();
  });

  it('is always open at the answer and closed just before it (random instants and zones)', () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    const week = hours('UTC', [
      range('MONDAY', '09:00', '09:30'),
      range('FRIDAY', '23:00', '01:00'),
      range('SUNDAY', '00:00', '00:15'),
    ]);
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 300; i++) {
      const h = { ...week, timeZone: zones[i % zones.length] as string };
      const t0 = at('2024-01-01T00:00:00Z') + Math.floor(rand() * 366 * 86400_000);
      const next = nextOpenAt(h, t0) as number;
      expect(next).toBeGreaterThanOrEqual(t0);
      expect(next - t0).toBeLessThan(7 * 86400_000 + 3600_000);
      expect(isOpenAt(h, next)).toBe(true);
      if (next > t0) expect(isOpenAt(h, next - 60_000)).toBe(false);
    }
  });
});
