// What a receiver measures of one RTP stream (the voice bench's peers): packets lost, by
// sequence numbers, and interarrival jitter, both as RFC 3550 defines them for RTCP
// receiver reports (A.1 sequence tracking without the probation, A.3 loss over an
// interval, A.8 jitter). Pure: arrival times are given, in ms.

/** One received stream (one SSRC). */
export class StreamStats {
  /**
   * @param {number} clockRate the RTP clock (Opus: 48 kHz)
   */
  constructor(clockRate = 48_000) {
    this.clockRate = clockRate;
    /** Packets received, duplicates and late ones included (as RFC 3550 counts them). */
    this.received = 0;
    /** The highest sequence number seen, extended past 16 bits (cycles × 65536 + seq). */
    this.extMax = undefined;
    /** The first packet's extended sequence number. */
    this.extFirst = undefined;
    /** Interarrival jitter, in RTP timestamp units (RFC 3550 A.8: J += (|D| − J) / 16). */
    this.jitter = 0;
    this.last = undefined;
  }

  /**
   * A packet arrived.
   * @param {number} seq its 16-bit sequence number
   * @param {number} timestamp its 32-bit RTP timestamp
   * @param {number} arrivalMs when it arrived, in ms on any steady clock
   */
  push(seq, timestamp, arrivalMs) {
    this.received++;
    if (this.extMax === undefined) {
      this.extMax = seq;
      this.extFirst = seq;
    } else {
      const max = this.extMax & 0xffff;
      const ahead = (seq - max) & 0xffff;
      // Ahead by less than half the sequence space: newer (a wrap past 65535 adds a cycle);
      // otherwise a late or duplicate packet, which moves nothing.
      if (ahead !== 0 && ahead < 0x8000) this.extMax += ahead;
    }
    if (this.last) {
      // D(i−1, i) = (Rj − Ri) − (Sj − Si), in timestamp units; Sj − Si as a signed 32-bit difference.
      const d = ((arrivalMs - this.last.arrivalMs) * this.clockRate) / 1000 - ((timestamp - this.last.timestamp) | 0);
      this.jitter += (Math.abs(d) - this.jitter) / 16;
    }
    this.last = { timestamp, arrivalMs };
  }

  /** The jitter now, in ms. */
  get jitterMs() {
    return (this.jitter * 1000) / this.clockRate;
  }

  /** What an interval's loss is computed from (take one at its start and one at its end). */
  snapshot() {
    return { extMax: this.extMax, extFirst: this.extFirst, received: this.received };
  }
}

/**
 * Packets expected, received and lost between two snapshots of one stream (RFC 3550 A.3:
 * expected from the highest sequence numbers, lost = expected − received, which late
 * duplicates can make negative). A stream that had no packet at `start` counts from its
 * first packet.
 */
export function intervalLoss(start, end) {
  if (end.extMax === undefined) return { expected: 0, received: 0, lost: 0 };
  const fromExt = start.extMax ?? end.extFirst - 1;
  const expected = end.extMax - fromExt;
  const received = end.received - (start.extMax === undefined ? 0 : start.received);
  return { expected, received, lost: expected - received };
}

/** The nearest-rank percentile `p` (0–100) of numbers; NaN for none. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Loss over many streams' intervals, in % of the packets expected (negative losses count as 0). */
export function lossPct(intervals) {
  let expected = 0;
  let lost = 0;
  for (const i of intervals) {
    expected += i.expected;
    lost += Math.max(0, i.lost);
  }
  return expected > 0 ? (lost / expected) * 100 : Number.NaN;
}
