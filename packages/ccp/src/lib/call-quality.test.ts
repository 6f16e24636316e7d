import { describe, expect, it } from 'vitest';
import { quality, sampleStats } from './call-quality.js';

const sample = (rttMs: number | undefined, packetsReceived: number, packetsLost: number) => ({
  rttMs,
  packetsReceived,
  packetsLost,
});

describe('a call quality in words', () => {
  it('reads the selected pair round trip (s → ms) and sums the audio lines received and lost', () => {
    const s = sampleStats([
      { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.042 },
      { type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 9 },
      { type: 'inbound-rtp', kind: 'audio', packetsReceived: 500, packetsLost: 3 },
      { type: 'inbound-rtp', kind: 'audio', packetsReceived: 200, packetsLost: -1 },
      { type: 'inbound-rtp', kind: 'video', packetsReceived: 1000, packetsLost: 900 },
      { type: 'outbound-rtp', kind: 'audio', packetsSent: 700 },
    ]);
    expect(s).toEqual({ rttMs: 42, packetsReceived: 700, packetsLost: 3 });
  });

  it('nothing measured yet is unknown', () => {
    expect(quality(undefined, sample(undefined, 0, 0))).toBe('unknown');
    expect(quality(sampleStats([]), sampleStats([]))).toBe('unknown');
  });

  it('good under 250 ms and 1 % loss; fair to 500 ms and 5 %; poor beyond; the worse of the two wins', () => {
    expect(quality(undefined, sample(40, 1000, 0))).toBe('good');
    expect(quality(undefined, sample(250, 1000, 10))).toBe('good');
    expect(quality(undefined, sample(300, 1000, 0))).toBe('fair');
    expect(quality(undefined, sample(40, 970, 30))).toBe('fair');
    expect(quality(undefined, sample(600, 1000, 0))).toBe('poor');
    expect(quality(undefined, sample(40, 900, 100))).toBe('poor');
    expect(quality(undefined, sample(300, 900, 100))).toBe('poor');
    expect(quality(undefined, sample(undefined, 1000, 0))).toBe('good');
  });

  it('loss is counted over the interval: an old burst is forgotten', () => {
    const before = sample(40, 1000, 200);
    expect(quality(undefined, before)).toBe('poor');
    expect(quality(before, sample(40, 2000, 201))).toBe('good');
    expect(quality(before, sample(40, 1100, 220))).toBe('poor');
  });
});
