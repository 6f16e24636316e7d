/**
 * A call's network quality in words, from the peer connection's statistics (pure: the
 * softphone hands in `RTCStatsReport` entries, twice, and gets a word).
 */

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

/** What the quality is judged on, summed over the call's audio lines. */
export interface StatsSample {
  /** Round-trip time of the selected candidate pair, ms (undefined until measured). */
  readonly rttMs: number | undefined;
  readonly packetsReceived: number;
  readonly packetsLost: number;
}

/** Where the words change: round-trip ms and loss % (E-model rules of thumb for speech). */
export const QUALITY_LIMITS = {
  good: { rttMs: 250, lossPct: 1 },
  fair: { rttMs: 500, lossPct: 5 },
} as const;

/** The figures of one `getStats()` report. */
export function sampleStats(report: Iterable<Record<string, unknown>>): StatsSample {
  let rtt: number | undefined;
  let received = 0;
  let lost = 0;
  for (const r of report) {
    if (r.type === 'candidate-pair' && (r.nominated === true || r.selected === true || r.state === 'succeeded')) {
      if (typeof r.currentRoundTripTime === 'number') rtt = Math.max(rtt ?? 0, r.currentRoundTripTime * 1000);
    } else if (r.type === 'inbound-rtp' && r.kind === 'audio') {
      received += typeof r.packetsReceived === 'number' ? r.packetsReceived : 0;
      lost += typeof r.packetsLost === 'number' ? Math.max(0, r.packetsLost) : 0;
    }
  }
  return { rttMs: rtt, packetsReceived: received, packetsLost: lost };
}

/**
 * The quality between two samples (loss over the interval, so an old burst is forgotten):
 * the worse of what the round trip and the loss say; `unknown` before anything is measured.
 */
export function quality(previous: StatsSample | undefined, now: StatsSample): Quality {
  const received = now.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = now.packetsLost - (previous?.packetsLost ?? 0);
  const total = received + lost;
  const lossPct = total > 0 ? (Math.max(0, lost) / total) * 100 : undefined;
  if (now.rttMs === undefined && lossPct === undefined) return 'unknown';
  const rank = (v: number | undefined, key: 'rttMs' | 'lossPct'): number =>
    v === undefined ? 0 : v <= QUALITY_LIMITS.good[key] ? 0 : v <= QUALITY_LIMITS.fair[key] ? 1 : 2;
  const worst = Math.max(rank(now.rttMs, 'rttMs'), rank(lossPct, 'lossPct'));
  return (['good', 'fair', 'poor'] as const)[worst] ?? 'unknown';
}
