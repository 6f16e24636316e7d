import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.js';

describe('isoTime', () => {
  it('is Date#toISOString for any instant, in any order of calls', () => {
    const instant = fc.oneof(
      fc.integer({ min: 0, max: 253402300799999 }),
      fc.integer({ min: 1_700_000_000_000, max: 1_700_000_002_000 }), // the same few seconds again and again
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (all) => {
        for (const ms of all) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('formats the edges of a second and of the range', () => {
    for (const ms of [0, 1, 9, 10, 99, 100, 999, 1000, 1_700_000_000_999, 1_700_000_001_000, 253402300799999, 253402300800000])
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('defers non-integer ms to Date (fractions truncate there) and throws for non-finite input as Date does', () => {
    expect(isoTime(1.5)).toBe(new Date(1.5).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
