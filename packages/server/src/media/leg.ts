/**
 * One browser's leg: its werift peer connection, the audio it sends (one inbound track,
 * DTMF counted, never forwarded) and its send lines, each an outbound local track whose
 * source the media server re-points (media/lines.ts). The connection is negotiated once;
 * nothing here renegotiates.
 */
import type { MediaStreamTrack, RTCPeerConnection, RTCRtpTransceiver, RtpPacket } from 'werift';
import { DtmfCounter } from './dtmf.js';
import type { LineSources } from './lines.js';
import { LineClock, packRtp } from './rtp.js';
import type { LegAddress, LegEvents, LegState } from './types.js';

/** A send line: an outbound track on one transceiver, carrying one source at a time. */
export class SendLine {
  source: string | null = null;
  private readonly clock = new LineClock();

  constructor(
    private readonly track: MediaStreamTrack,
    private readonly payloadType: number,
  ) {}

  /** Carry `source` from the next packet on (re-stamped to continue the line's stream). */
  point(source: string | null): void {
    if (source === this.source) return;
    this.source = source;
    this.clock.switchSource();
  }

  /** Sends a copy of a source packet (the packet itself is shared and never changed). */
  send(packet: RtpPacket, now: number, restarted = false): void {
    if (restarted) this.clock.switchSource();
    const { sequenceNumber, timestamp, marker } = packet.header;
    const fields = this.clock.stamp({ sequenceNumber, timestamp, marker }, now);
    this.track.writeRtp(packRtp(fields, this.payloadType, packet.payload));
  }

  stop(): void {
    this.track.stop();
  }
}

/** What the leg hands the media server: its audio, to forward. */
export type AudioSink = (leg: Leg, packet: RtpPacket) => void;

export class Leg {
  private state: LegState = 'connecting';
  private readonly dtmf = new DtmfCounter();
  private inbound: MediaStreamTrack | undefined;
  private closed = false;

  constructor(
    readonly address: LegAddress,
    private readonly pc: RTCPeerConnection,
    readonly lines: readonly SendLine[],
    private readonly events: LegEvents,
    private readonly log?: { info(obj: unknown, msg?: string): void },
  ) {}

  get id(): string {
    return this.address.legId;
  }

  get sources(): LineSources {
    return this.lines.map((l) => l.source);
  }

  /** Takes the browser's audio from the first track it sends (called before setRemoteDescription fires onTrack). */
  receive(track: MediaStreamTrack, transceivers: () => readonly RTCRtpTransceiver[], sink: AudioSink): void {
    if (this.inbound) {
      this.log?.info({ legId: this.id }, 'voice leg sends a second audio track; ignored');
      return;
    }
    this.inbound = track;
    // Payload types are the offer's (werift answers with them): read them once negotiated.
    let types: { opus: Set<number>; dtmf: Set<number> } | undefined;
    track.onReceiveRtp.subscribe((packet) => {
      if (this.closed) return;
      types ??= payloadTypes(transceivers());
      const pt = packet.header.payloadType;
      if (types.dtmf.has(pt)) {
        // Never forwarded: werift's sender would rewrite it to the opus payload type.
        const digit = this.dtmf.push(packet.header.timestamp, packet.payload);
        if (digit) this.events.onDigit?.(digit);
      } else if (types.opus.has(pt)) {
        sink(this, packet);
      }
    });
  }

  setState(state: LegState): void {
    if (state === this.state || this.state === 'closed') return;
    this.state = state;
    this.events.onState?.(state);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.lines) l.stop();
    this.pc.close().catch(() => undefined);
    this.setState('closed');
  }
}

function payloadTypes(transceivers: readonly RTCRtpTransceiver[]): { opus: Set<number>; dtmf: Set<number> } {
  const opus = new Set<number>();
  const dtmf = new Set<number>();
  for (const t of transceivers) {
    for (const c of t.codecs) {
      const mime = c.mimeType.toLowerCase();
      if (mime === 'audio/opus') opus.add(c.payloadType as number);
      else if (mime === 'audio/telephone-event') dtmf.add(c.payloadType as number);
    }
  }
  return { opus, dtmf };
}
