/**
 * The hold music: one looping player for the whole media server (werift's nonstandard
 * `getUserMedia({ path, loop })`, which reads Opus from WebM or MP4 and paces its packets
 * in real time). Started when the first line needs it and stopped when the last one
 * leaves; every held party's line gets a copy of each packet (lines re-stamp them,
 * media/rtp.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RtpPacket } from 'werift';

/**
 * packages/server/assets/hold-music.webm, from src/media/ or dist/media/ (two up), or from
 * the CLI's one-file bundle in packages/cli/dist/ (beside packages/server).
 */
export function defaultHoldMusicFile(): string {
  const candidates = ['../../assets/hold-music.webm', '../../server/assets/hold-music.webm'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((p) => existsSync(p)) ?? (candidates[0] as string);
}

export type MusicListener = (packet: RtpPacket, restarted: boolean) => void;

export class HoldMusic {
  private started: Promise<{ stop(): void }> | undefined;
  private readonly listeners = new Set<MusicListener>();
  private restarted = false;

  constructor(
    private readonly file: string,
    private readonly log?: { warn(obj: unknown, msg?: string): void },
  ) {}

  /** Each packet of the music, until the returned function is called. */
  listen(listener: MusicListener): () => void {
    this.listeners.add(listener);
    if (!this.started) {
      const started: Promise<{ stop(): void }> = this.start(() => this.started === started).catch((err: unknown) => {
        this.log?.warn({ err }, 'hold music cannot play');
        if (this.started === started) this.started = undefined;
        return { stop() {} };
      });
      this.started = started;
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  private stop(): void {
    const p = this.started;
    this.started = undefined;
    p?.then((player) => player.stop());
  }

  /** A player; `current()` is false once it was stopped (its last packets go nowhere). */
  private async start(current: () => boolean): Promise<{ stop(): void }> {
    const [{ getUserMedia }, { RTCRtpCodecParameters }] = await Promise.all([import('werift/nonstandard'), import('werift')]);
    const player = await getUserMedia({ path: this.file, loop: true });
    const track = player.audio;
    if (!track) throw new Error(`${this.file} has no audio track`);
    // The player checks its codec against the file before playing (opus/48000/2).
    track.codec = new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48_000, channels: 2, payloadType: 111 });
    // Each loop starts the file's timestamps again: lines re-stamp from there.
    track.onSourceChanged.subscribe(() => {
      this.restarted = true;
    });
    track.onReceiveRtp.subscribe((packet) => {
      if (!current()) return;
      const restarted = this.restarted;
      this.restarted = false;
      for (const l of this.listeners) l(packet, restarted);
    });
    player.onError.subscribe((err) => this.log?.warn({ err }, 'hold music stopped'));
    await player.start();
    return player;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const p = this.started;
    this.started = undefined;
    if (p) (await p).stop();
  }

  /** Whether a player runs (or is starting). */
  get playing(): boolean {
    return this.started !== undefined;
  }
}
