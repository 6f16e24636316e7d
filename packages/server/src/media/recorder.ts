/**
 * Recording a call's legs (issue 23): each leg's microphone to its own WebM file through
 * werift's MediaRecorder (one audio track per file: two tracks in one file all land on
 * stream 0, shared/spec/voice-webrtc.md §1). The packets are the ones the media server
 * forwards, copied (never changed in place); the file's timeline is the packets' RTP
 * timestamps.
 *
 * Pausing writes Opus silence of the same length in place of each packet, so the file
 * keeps the paused span as silence and stays aligned with the call's wall time (the mix
 * made after the call, and anyone listening, hear a gap of the paused length).
 *
 * A leg that closes and opens again (a reload) is a new connection: its audio goes to a
 * new file (`<legId>-2.webm`, …), placed by its own start time. werift's WebM header
 * claims a 24 h duration: the recordings shell remuxes the files after the call.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MediaStreamTrack, RtpPacket } from 'werift';
import type { MediaRecorder } from 'werift/nonstandard';
import { opusSilenceLike } from './opus-silence.js';
import type { CallRecording, RecordedLeg, RecordOptions } from './types.js';

type Modules = [typeof import('werift'), typeof import('werift/nonstandard')];
let modules: Promise<Modules> | undefined;
const load = (): Promise<Modules> => (modules ??= Promise.all([import('werift'), import('werift/nonstandard')]));

/** The payload type written into the file's packets (the recorder's own track's codec). */
const PAYLOAD_TYPE = 111;

interface LegWriter {
  readonly legId: string;
  readonly file: string;
  readonly track: MediaStreamTrack;
  readonly recorder: MediaRecorder;
  readonly startedAt: number;
  lastAt: number;
}

export class CallRecorder implements CallRecording {
  /** By leg connection (object identity): a leg that opens again gets a new file. */
  private readonly writers = new Map<object, LegWriter>();
  private readonly files = new Map<string, number>();
  private modules: Modules | undefined;
  private isPaused = false;
  private stopped: Promise<readonly RecordedLeg[]> | undefined;

  constructor(
    private readonly options: RecordOptions,
    private readonly now: () => number,
    private readonly onStopped: () => void,
    private readonly log?: { warn(obj: unknown, msg?: string): void },
  ) {
    mkdirSync(options.dir, { recursive: true });
    // Loaded by the first leg already; packets before this resolves are not recorded.
    load()
      .then((m) => {
        this.modules = m;
      })
      .catch((err: unknown) => this.log?.warn({ err }, 'werift cannot record'));
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Whether a leg's audio is recorded. */
  selects(legId: string): boolean {
    const { only, except } = this.options;
    return (only === undefined || only.includes(legId)) && !except?.includes(legId);
  }

  /** A packet of a leg's audio (the media server's forwarding calls this for every one). */
  push(leg: { readonly id: string }, packet: RtpPacket): void {
    if (this.stopped || !this.modules || !this.selects(leg.id)) return;
    const writer = this.writers.get(leg) ?? this.open(leg, this.modules);
    const { RtpHeader, RtpPacket } = this.modules[0];
    const { sequenceNumber, timestamp, marker, ssrc } = packet.header;
    const header = new RtpHeader({ sequenceNumber, timestamp, marker, ssrc, payloadType: PAYLOAD_TYPE });
    const payload = this.isPaused ? Buffer.from(opusSilenceLike(packet.payload)) : packet.payload;
    writer.track.writeRtp(new RtpPacket(header, payload));
    writer.lastAt = this.now();
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
  }

  /** Stops every writer; the legs recorded, each with at least one packet. */
  stop(): Promise<readonly RecordedLeg[]> {
    this.stopped ??= (async () => {
      this.onStopped();
      const out: RecordedLeg[] = [];
      for (const w of this.writers.values()) {
        try {
          await w.recorder.stop();
        } catch (err) {
          this.log?.warn({ err, legId: w.legId }, 'a recording writer did not stop cleanly');
        }
        w.track.stop();
        out.push({ legId: w.legId, file: w.file, startedAt: w.startedAt, stoppedAt: w.lastAt });
      }
      return out;
    })();
    return this.stopped;
  }

  private open(leg: { readonly id: string }, [w, nonstandard]: Modules): LegWriter {
    const n = (this.files.get(leg.id) ?? 0) + 1;
    this.files.set(leg.id, n);
    const file = join(this.options.dir, n === 1 ? `${leg.id}.webm` : `${leg.id}-${n}.webm`);
    const track = new w.MediaStreamTrack({ kind: 'audio' });
    track.codec = new w.RTCRtpCodecParameters({
      mimeType: 'audio/opus',
      clockRate: 48_000,
      channels: 2,
      payloadType: PAYLOAD_TYPE,
    });
    // The time comes from the RTP timestamps (there is no RTCP on this track), no lip sync.
    const recorder = new nonstandard.MediaRecorder({ path: file, tracks: [track], disableNtp: true, disableLipSync: true });
    recorder.onError.subscribe((err) => this.log?.warn({ err, legId: leg.id }, 'recording a leg failed'));
    const at = this.now();
    const writer: LegWriter = { legId: leg.id, file, track, recorder, startedAt: at, lastAt: at };
    this.writers.set(leg, writer);
    return writer;
  }
}
