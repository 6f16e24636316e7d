// The voice bench's receiver statistics (rtp-stats.mjs): loss by sequence numbers and RFC
// 3550 jitter, on made-up streams whose right answers are known.
import { describe, expect, it } from 'vitest';
import { intervalLoss, lossPct, percentile, StreamStats } from './rtp-stats.mjs';

const FRAME = 960; // 20 ms at 48 kHz

/** Feeds packets `seqs` (20 ms apart in RTP time), each arriving at `arrival(i)` ms. */
function feed(stats, seqs, arrival = (i) => i * 20, ts0 = 1000) {
  for (const [i, seq] of seqs.entries()) stats.push(seq & 0xffff, (ts0 + (seq - seqs[0]) * FRAME) >>> 0, arrival(i));
  return stats;
}
const range = (from, n) => Array.from({ length: n }, (_, i) => from + i);

describe('loss by sequence numbers', () => {
  it('counts nothing lost in an unbroken stream, from its first packet', () => {
    const s = new StreamStats();
    const start = s.snapshot();
    feed(s, range(500, 100));
    expect(intervalLoss(start, s.snapshot())).toEqual({ expected: 100, received: 100, lost: 0 });
  });

  it('counts the holes, and only those inside the interval', () => {
    const s = new StreamStats();
    feed(s, [...range(0, 10), ...range(13, 7)]); // 10, 11, 12 lost before the interval
    const start = s.snapshot();
    feed(s, [...range(20, 5), ...range(26, 4), 31], (i) => 400 + i * 20); // 25 and 30 lost
    expect(intervalLoss(start, s.snapshot())).toEqual({ expected: 12, received: 10, lost: 2 });
  });

  it('follows the sequence number past 65535', () => {
    const s = new StreamStats();
    feed(s, range(65_530, 20));
    expect(s.extMax).toBe(65_549);
    expect(intervalLoss({}, s.snapshot())).toEqual({ expected: 20, received: 20, lost: 0 });
  });

  it('a late packet fills its hole; a duplicate shows as a negative loss that lossPct does not count', () => {
    const s = new StreamStats();
    feed(s, [1, 3, 2, 4, 4]);
    expect(s.extMax).toBe(4);
    const one = intervalLoss({}, s.snapshot());
    expect(one).toEqual({ expected: 4, received: 5, lost: -1 });
    expect(lossPct([one, { expected: 100, received: 99, lost: 1 }])).toBeCloseTo((1 / 104) * 100);
  });

  it('a stream with no packet has nothing expected', () => {
    const s = new StreamStats();
    expect(intervalLoss(s.snapshot(), s.snapshot())).toEqual({ expected: 0, received: 0, lost: 0 });
    expect(lossPct([])).toBeNaN();
  });
});

describe('interarrival jitter (RFC 3550 A.8)', () => {
  it('is zero for packets arriving as paced as they were sent, whatever the constant delay', () => {
    expect(feed(new StreamStats(), range(0, 200), (i) => 37.5 + i * 20).jitterMs).toBe(0);
  });

  it('is zero across a wrap of the RTP timestamp', () => {
    const s = feed(new StreamStats(), range(0, 50), (i) => i * 20, 2 ** 32 - 10 * FRAME);
    expect(s.jitterMs).toBeCloseTo(0, 9);
  });

  it('converges on |D| when every packet is 5 ms off its neighbour', () => {
    // Arrivals alternate 0 and +5 ms late: each D is ±5 ms, so J → 5 ms.
    const s = feed(new StreamStats(), range(0, 500), (i) => i * 20 + (i % 2) * 5);
    expect(s.jitterMs).toBeCloseTo(5, 3);
  });

  it('moves by a sixteenth of |D| − J per packet', () => {
    const s = feed(new StreamStats(), [0, 1], (i) => i * 20 + i * 16); // D = 16 ms
    expect(s.jitterMs).toBeCloseTo(1, 9);
  });
});

describe('percentile', () => {
  it('is the nearest rank', () => {
    const xs = range(1, 100).reverse();
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});
