/**
 * The media server's port: what the rest of the server (signalling now, voice contacts
 * next) may ask of it. It is small on purpose, so that the media can later run in worker
 * processes or an external media server behind the same interface (docs/voice.md).
 */
import type { Party, VoiceLegState } from '@switchboard/core';

/** A leg's connection, as the browser's RTCPeerConnection would say it. */
export type LegState = VoiceLegState;

export interface LegEvents {
  /** A DTMF digit the browser sent (RFC 4733), once per key press, in order. */
  onDigit?(digit: string): void;
  /** The connection changed; `closed` is the last call (the leg is gone). */
  onState?(state: LegState): void;
}

export interface LegAddress {
  /** The call the leg belongs to: `applyRoutes` names its parties by leg id. */
  readonly callId: string;
  /** The leg's id: a party's `id` in `applyRoutes`. One open leg per id. */
  readonly legId: string;
}

export interface MediaServer {
  /**
   * Answers a browser's SDP offer with a new leg. Refuses an unusable offer
   * (InvalidRequestException) and a leg id that already has a leg (ConflictException).
   * The leg hears what the call's last `applyRoutes` says (nothing before one).
   */
  answer(leg: LegAddress, offerSdp: string, events?: LegEvents): Promise<string>;
  /**
   * Re-points forwarding on a call (core's `audioRoutes`): each party hears the legs the
   * routes name, or the hold music. Parties without an open leg are skipped; they get
   * their routes when their leg arrives.
   */
  applyRoutes(callId: string, parties: readonly Party[]): void;
  /** Hangs a leg up (its peer connection closes); unknown ids are ignored. */
  closeLeg(legId: string): void;
  /** Ends every leg of a call and forgets its parties. */
  endCall(callId: string): void;
  /**
   * Records the call's legs, each to its own WebM file in `options.dir` (legs open now and
   * later), until `stop()` — one recording per call at a time (ConflictException).
   * Recording outlives `endCall`: stop it to finish the files.
   */
  record(callId: string, options: RecordOptions): CallRecording;
  /** Open legs. */
  readonly size: number;
  close(): Promise<void>;
}

/** Which legs of a call to record, and where. */
export interface RecordOptions {
  /** The directory of the files (made if missing): `<legId>.webm` per leg connection. */
  readonly dir: string;
  /** Only these legs (default: every leg of the call). */
  readonly only?: readonly string[];
  /** Not these legs. */
  readonly except?: readonly string[];
}

/** A leg connection's file, once the recording stopped. */
export interface RecordedLeg {
  readonly legId: string;
  /** The file's path (as werift wrote it: remux it before use, its header claims 24 h). */
  readonly file: string;
  /** When its first and last packets arrived, epoch ms. */
  readonly startedAt: number;
  readonly stoppedAt: number;
}

/** A call being recorded. */
export interface CallRecording {
  /** Opus silence is written in place of the audio (the files' timelines run on). */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Stops writing; resolves with the legs' files once they are closed. Idempotent. */
  stop(): Promise<readonly RecordedLeg[]>;
}

export interface MediaServerOptions {
  /** UDP ports ICE may bind (inclusive); default: any the system gives. */
  readonly icePortRange?: readonly [number, number];
  /**
   * Addresses to offer as host candidates besides the interfaces' own (werift leaves out
   * loopback: '127.0.0.1' adds it).
   */
  readonly hostAddresses?: readonly string[];
  /**
   * The address browsers reach the server at when it is behind a 1:1 NAT: the answer's
   * IPv4 host candidates (loopback excepted) announce it instead of the interface's.
   */
  readonly announcedAddress?: string;
  /** Send lines per leg: how many sources a listener can hear at once. Default 3. */
  readonly lines?: number;
  /** The hold music: Opus in WebM or MP4, two channels. Default packages/server/assets/hold-music.webm. */
  readonly holdMusicFile?: string;
  readonly now?: () => number;
  readonly log?: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}
