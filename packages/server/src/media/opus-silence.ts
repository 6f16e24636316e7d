/**
 * Opus packets of silence as long as a given packet (RFC 6716): what a paused recording
 * writes in place of the conversation, so the file's timeline runs on through the pause
 * and decodes to silence there (a recording stays aligned with the call's wall time).
 *
 * A CELT frame whose two bytes are `FF FE` decodes as silence at any frame size.
 */

/** One frame's length in 48 kHz samples for each TOC configuration (RFC 6716 §3.1). */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config % 4] as number; // SILK: 10, 20, 40, 60 ms
  if (config < 16) return [480, 960][config % 2] as number; // hybrid: 10, 20 ms
  return [120, 240, 480, 960][config % 4] as number; // CELT: 2.5, 5, 10, 20 ms
}

/** The packet's duration in 48 kHz samples; undefined when it is not a readable Opus packet. */
export function opusPacketSamples(packet: Uint8Array): number | undefined {
  const toc = packet[0];
  if (toc === undefined) return undefined;
  const code = toc & 3;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code < 3) frames = 2;
  else {
    const count = packet[1];
    if (count === undefined) return undefined;
    frames = count & 0x3f;
  }
  const samples = frames * frameSamples(toc >> 3);
  return frames > 0 && samples <= 5760 ? samples : undefined;
}

const SILENT_FRAME = [0xff, 0xfe];
/** CELT fullband configurations by frame length (samples): 2.5, 5, 10, 20 ms. */
const CELT_FB: ReadonlyMap<number, number> = new Map([
  [120, 28],
  [240, 29],
  [480, 30],
  [960, 31],
]);
/** 20 ms of silence, mono (the usual packet). */
export const OPUS_SILENCE_20MS: Uint8Array = Uint8Array.of(31 << 3, ...SILENT_FRAME);

/** A packet of silence as long as `packet` (20 ms when its length cannot be read). */
export function opusSilenceLike(packet: Uint8Array): Uint8Array {
  const samples = opusPacketSamples(packet) ?? 960;
  const single = CELT_FB.get(samples);
  if (single !== undefined) return Uint8Array.of(single << 3, ...SILENT_FRAME);
  // Longer packets (40, 60 … 120 ms): several 20 ms frames, or 10 ms frames for the rest.
  const frame = samples % 960 === 0 ? 960 : 480;
  const count = samples / frame;
  const config = CELT_FB.get(frame) as number;
  const out = [(config << 3) | 3, count];
  for (let i = 0; i < count; i++) out.push(...SILENT_FRAME);
  return Uint8Array.from(out);
}
