import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

const millis = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('timeOrderedId', () => {
  it('is a version 7 UUID whose first 48 bits are the time in ms', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(millis(id)).toBeGreaterThanOrEqual(before);
    expect(millis(id)).toBeLessThanOrEqual(after);
    expect(millis(timeOrderedId(0x0123456789ab))).toBe(0x0123456789ab);
  });

  it('sorts (as text, as SQLite compares keys) by the millisecond it was made, and never repeats', () => {
    const ids = [0, 1, 2, 255, 256, 1_000_000, Date.now(), 2 ** 47].flatMap((t) =>
      Array.from({ length: 500 }, () => timeOrderedId(t)),
    );
    expect([...ids].sort().map(millis)).toEqual(ids.map(millis));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
