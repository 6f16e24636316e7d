import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bucket, refill, retryAfterSeconds, take } from './rate-limit.js';

/** Runs `n` requests at `at` against one limit; the answers and the bucket after. */
function burst(bucket: Bucket | undefined, perMinute: number, at: number, n: number) {
  const answers: boolean[] = [];
  let b = bucket;
  let retry = 0;
  for (let i = 0; i < n; i++) {
    const t = take([{ bucket: b, perMinute }], at);
    answers.push(t.allowed);
    b = t.buckets[0];
    retry = t.retryAfterMs;
  }
  return { answers, bucket: b, retry };
}

describe('rate limits (token buckets)', () => {
  it('lets a burst of the limit through, then refuses with the time until the next token', () => {
    const r = burst(undefined, 10, 0, 11);
    expect(r.answers).toStrictEqual([...Array(10).fill(true), false]);
    expect(r.retry).toBe(6000); // 10 a minute: one every 6 s
    expect(retryAfterSeconds(r.retry)).toBe(6);
  });

  it('refills at the limit per minute, never above it', () => {
    const { bucket } = burst(undefined, 10, 0, 10);
    expect(take([{ bucket, perMinute: 10 }], 5_999).allowed).toBe(false);
    expect(take([{ bucket, perMinute: 10 }], 6_000).allowed).toBe(true);
    expect(refill(bucket, 10, 3_600_000).tokens).toBe(10);
    // A lowered limit caps what is left.
    expect(refill({ tokens: 10, at: 0 }, 3, 1).tokens).toBe(3);
  });

  it('takes from every limit only when all allow it; a refused request uses none up', () => {
    const perIp = burst(undefined, 2, 0, 2).bucket; // empty
    const perConfig: Bucket = { tokens: 5, at: 0 };
    const refused = take(
      [
        { bucket: perIp, perMinute: 2 },
        { bucket: perConfig, perMinute: 300 },
      ],
      0,
    );
    expect(refused.allowed).toBe(false);
    expect(refused.buckets[1]?.tokens).toBe(5);
    expect(refused.retryAfterMs).toBe(30_000);
    const other = take(
      [
        { bucket: undefined, perMinute: 2 },
        { bucket: refused.buckets[1], perMinute: 300 },
      ],
      0,
    );
    expect(other.allowed).toBe(true);
    expect(other.buckets.map((b) => b.tokens)).toStrictEqual([1, 4]);
  });

  it('a clock going backwards neither refills nor breaks the bucket', () => {
    const b = refill({ tokens: 0.5, at: 10_000 }, 10, 0);
    expect(b).toStrictEqual({ tokens: 0.5, at: 10_000 });
  });

  it('never lets more than limit + elapsed × rate through (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 300 }),
        (perMinute, gaps) => {
          let b: Bucket | undefined;
          let now = 0;
          let allowed = 0;
          for (const gap of gaps) {
            now += gap;
            const t = take([{ bucket: b, perMinute }], now);
            b = t.buckets[0];
            if (t.allowed) allowed++;
            else expect(t.retryAfterMs).toBeGreaterThanOrEqual(1);
          }
          expect(allowed).toBeLessThanOrEqual(perMinute + Math.floor((now * perMinute) / 60_000) + 1);
        },
      ),
    );
  });
});
