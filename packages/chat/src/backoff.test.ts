import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, spread by the jitter', () => {
    const p = { baseMs: 100, maxMs: 1000, jitter: 0.5 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(p, n, 0.5))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(p, 1, 0)).toBe(50);
    expect(backoffDelay(p, 1, 0.999999)).toBe(150);
  });

  it('never negative, never past 1.5 × the cap with the defaults', () => {
    for (let n = 1; n < 40; n++) {
      for (const r of [0, 0.3, 0.99]) {
        const d = backoffDelay(DEFAULT_BACKOFF, n, r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs * 1.5);
      }
    }
  });
});
