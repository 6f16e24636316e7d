import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultHoldMusicFile, HoldMusic } from './hold-music.js';

describe('HoldMusic', () => {
  it('the committed asset is found and small', () => {
    const file = defaultHoldMusicFile();
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).size).toBeLessThan(64 * 1024);
  });

  it('plays the asset as 20 ms Opus packets in real time while someone listens, and stops after the last one leaves', async () => {
    const music = new HoldMusic(defaultHoldMusicFile());
    const got: { seq: number; ts: number; bytes: number; at: number }[] = [];
    const stop = music.listen((p) =>
      got.push({ seq: p.header.sequenceNumber, ts: p.header.timestamp, bytes: p.payload.length, at: performance.now() }),
    );
    expect(music.playing).toBe(true);
    await expect.poll(() => got.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(30);
    const [first, last] = [got[0]!, got.at(-1)!];
    // Paced, not dumped: 30 packets of 20 ms take about 0.6 s.
    expect(last.at - first.at).toBeGreaterThan(400);
    // 960 ticks of the 48 kHz clock a packet (the player rounds the file's times).
    const perPacket = ((last.ts - first.ts) >>> 0) / (got.length - 1);
    expect(perPacket).toBeGreaterThan(940);
    expect(perPacket).toBeLessThan(980);
    expect(got.every((p) => p.bytes > 0 && p.bytes < 400)).toBe(true);
    stop();
    expect(music.playing).toBe(false);
    await music.close();
  });
});
