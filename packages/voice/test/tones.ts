/** A WAV file of one sine tone, for Chromium's fake microphone (`--use-file-for-fake-audio-capture`). */
import { writeFileSync } from 'node:fs';

export function writeToneWav(file: string, frequency: number, seconds = 4, rate = 48_000): string {
  const n = rate * seconds;
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(n * 2, 40);
  // Whole periods only, so the file loops without a click.
  const f = Math.round(frequency * seconds) / seconds;
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(Math.sin((2 * Math.PI * f * i) / rate) * 12_000), 44 + i * 2);
  writeFileSync(file, b);
  return file;
}
