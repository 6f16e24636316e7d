/**
 * Silence as long as the packet it replaces: the TOC's configuration and frame count read
 * back to the same duration; a packet that cannot be read gets 20 ms.
 */
import { describe, expect, it } from 'vitest';
import { OPUS_SILENCE_20MS, opusPacketSamples, opusSilenceLike } from './opus-silence.js';

describe('opus silence', () => {
  it('reads packet durations from the TOC', () => {
    expect(opusPacketSamples(Uint8Array.of(0x78, 1, 2))).toBe(960); // config 15 (hybrid FB 20 ms), one frame
    expect(opusPacketSamples(Uint8Array.of(0x08, 1))).toBe(960); // config 1 (SILK NB 20 ms)
    expect(opusPacketSamples(Uint8Array.of(0x0b, 3, 0, 0))).toBe(2880); // config 1, code 3, 3 frames of 20 ms
    expect(opusPacketSamples(Uint8Array.of(0x19, 1))).toBe(5760); // config 3 (60 ms), code 1: two frames
    expect(opusPacketSamples(Uint8Array.of(0xe0))).toBe(120); // CELT 2.5 ms
    expect(opusPacketSamples(Uint8Array.of())).toBeUndefined();
    expect(opusPacketSamples(Uint8Array.of(0x03))).toBeUndefined(); // code 3 without its count
    expect(opusPacketSamples(Uint8Array.of(0x1b, 3))).toBeUndefined(); // 3 × 60 ms > 120 ms
  });

  it('makes silence of the same length', () => {
    expect([...OPUS_SILENCE_20MS]).toEqual([0xf8, 0xff, 0xfe]);
    for (const packet of [
      Uint8Array.of(0x78, 1, 2),
      Uint8Array.of(0x08, 1),
      Uint8Array.of(0x0b, 3, 0, 0),
      Uint8Array.of(0x19, 1),
      Uint8Array.of(0xe0),
      Uint8Array.of(0x00, 5),
      Uint8Array.of(0x63, 5, 1, 1, 1, 1, 1),
    ]) {
      const silence = opusSilenceLike(packet);
      expect(opusPacketSamples(silence)).toBe(opusPacketSamples(packet));
    }
    expect([...opusSilenceLike(Uint8Array.of())]).toEqual([0xf8, 0xff, 0xfe]);
  });
});
