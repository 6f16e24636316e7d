/**
 * The media server on werift, in this process: each browser's leg is a werift peer
 * connection, and RTP is forwarded between legs as `applyRoutes` says — copied packet by
 * packet onto the listeners' send lines, never decoded or mixed (browsers mix what they
 * play). See shared/spec/voice-webrtc.md for the measured facts it relies on.
 *
 * werift is loaded on the first call (it is large; a server without voice calls never
 * pays for it).
 */
import { audioRoutes, ConflictException, InvalidRequestException, type Party, VOICE_LINES } from '@switchboard/core';
import type { MediaStreamTrack, RtpPacket } from 'werift';
import { defaultHoldMusicFile, HoldMusic } from './hold-music.js';
import { Leg, SendLine } from './leg.js';
import { assignLines, HOLD_MUSIC } from './lines.js';
import { CallRecorder } from './recorder.js';
import { announceAddress, checkOffer } from './sdp.js';
import type { CallRecording, LegAddress, LegEvents, MediaServer, MediaServerOptions, RecordOptions } from './types.js';

export const DEFAULT_LINES = VOICE_LINES;

type Werift = typeof import('werift');
let werift: Promise<Werift> | undefined;
const loadWerift = (): Promise<Werift> => (werift ??= import('werift'));

interface Call {
  parties: readonly Party[] | undefined;
  readonly legs: Set<Leg>;
}

export class WeriftMediaServer implements MediaServer {
  private readonly lineCount: number;
  private readonly now: () => number;
  private readonly legs = new Map<string, Leg>();
  /** Leg ids whose offer is being answered: a second offer for one is refused at once. */
  private readonly pending = new Set<string>();
  private readonly calls = new Map<string, Call>();
  /** Calls being recorded (media/recorder.ts). */
  private readonly recorders = new Map<string, CallRecorder>();
  private readonly music: HoldMusic;
  private stopMusic: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: MediaServerOptions = {}) {
    this.lineCount = options.lines ?? DEFAULT_LINES;
    this.now = options.now ?? Date.now;
    this.music = new HoldMusic(options.holdMusicFile ?? defaultHoldMusicFile(), options.log);
  }

  get size(): number {
    return this.legs.size;
  }

  async answer(address: LegAddress, offerSdp: string, events: LegEvents = {}): Promise<string> {
    checkOffer(offerSdp, this.lineCount);
    const { legId, callId } = address;
    if (this.legs.has(legId) || this.pending.has(legId)) {
      throw new ConflictException('This leg is already in a call: hang up first');
    }
    if (this.closed) throw new ConflictException('The media server is shutting down');
    this.pending.add(legId);
    try {
      const w = await loadWerift();
      const pc = new w.RTCPeerConnection({
        codecs: {
          audio: [
            new w.RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48_000, channels: 2 }),
            // DTMF from browsers' RTCDTMFSender (counted, never forwarded).
            new w.RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 48_000, channels: 1 }),
            new w.RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8_000, channels: 1 }),
          ],
        },
        // ICE lite, as media servers are: the server offers its host candidates (or the
        // announced address) and answers the browser's checks; it gathers nothing itself.
        // Full ICE would ask a STUN server for every leg, and werift falls back to
        // stun.l.google.com when none is set: a self-hosted server must not call out, and
        // offline each lookup stalled answers by up to 5 s under load (bench/voice).
        iceLite: true,
        iceServers: [],
        ...(this.options.icePortRange ? { icePortRange: [...this.options.icePortRange] as [number, number] } : {}),
        ...(this.options.hostAddresses ? { iceAdditionalHostAddresses: [...this.options.hostAddresses] } : {}),
      });
      // werift fires onTrack during setRemoteDescription: listen first, attach once the leg exists.
      const tracks: MediaStreamTrack[] = [];
      let leg: Leg | undefined;
      const transceivers = () => pc.getTransceivers();
      const sink = (from: Leg, packet: RtpPacket) => this.forward(from, packet);
      pc.onTrack.subscribe((track) => (leg ? leg.receive(track, transceivers, sink) : tracks.push(track)));
      try {
        await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      } catch (err) {
        await pc.close().catch(() => undefined);
        throw new InvalidRequestException(`The offer cannot be answered: ${err instanceof Error ? err.message : String(err)}`);
      }
      const lines: SendLine[] = [];
      for (const t of pc.getTransceivers()) {
        // werift reads every transceiver as recvonly after setRemoteDescription: say what we
        // do. `offerDirection` is the offer's direction seen from here (recvonly → sendonly).
        const direction = t.offerDirection ?? 'inactive';
        t.setDirection(direction);
        const browserReceives = direction === 'sendrecv' || direction === 'sendonly';
        const track = new w.MediaStreamTrack({ kind: 'audio' });
        await t.sender.replaceTrack(track);
        if (browserReceives) lines.push(new SendLine(track, t.getPayloadType('audio/opus') ?? 111));
      }
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      const sdp = pc.localDescription?.sdp;
      if (!sdp) throw new Error('werift made no answer');
      if (this.closed) {
        await pc.close().catch(() => undefined);
        throw new ConflictException('The media server is shutting down');
      }
      leg = new Leg(address, pc, lines, events, this.options.log);
      for (const track of tracks) leg.receive(track, transceivers, sink);
      const created = leg;
      pc.connectionStateChange.subscribe((state) => {
        if (state === 'connected' || state === 'disconnected' || state === 'connecting') created.setState(state);
        else if (state === 'failed' || state === 'closed') this.dropLeg(created);
      });
      this.legs.set(legId, leg);
      const call = this.call(callId);
      call.legs.add(leg);
      if (call.parties) this.route(call, leg);
      this.syncMusic();
      return this.options.announcedAddress ? announceAddress(sdp, this.options.announcedAddress) : sdp;
    } finally {
      this.pending.delete(legId);
    }
  }

  applyRoutes(callId: string, parties: readonly Party[]): void {
    const call = this.call(callId);
    call.parties = [...parties];
    for (const leg of call.legs) this.route(call, leg);
    this.syncMusic();
  }

  closeLeg(legId: string): void {
    const leg = this.legs.get(legId);
    if (leg) this.dropLeg(leg);
  }

  endCall(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    for (const leg of [...call.legs]) this.dropLeg(leg);
    this.calls.delete(callId);
  }

  record(callId: string, options: RecordOptions): CallRecording {
    if (this.recorders.has(callId)) throw new ConflictException(`Call ${callId} is already being recorded`);
    const recorder = new CallRecorder(
      options,
      this.now,
      () => {
        if (this.recorders.get(callId) === recorder) this.recorders.delete(callId);
      },
      this.options.log,
    );
    this.recorders.set(callId, recorder);
    return recorder;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const leg of [...this.legs.values()]) this.dropLeg(leg);
    await Promise.all([...this.recorders.values()].map((r) => r.stop()));
    this.calls.clear();
    this.stopMusic?.();
    this.stopMusic = undefined;
    await this.music.close();
  }

  private call(callId: string): Call {
    let call = this.calls.get(callId);
    if (!call) {
      call = { parties: undefined, legs: new Set() };
      this.calls.set(callId, call);
    }
    return call;
  }

  /** Points a leg's lines at what its party hears now (nothing if it is not a party). */
  private route(call: Call, leg: Leg): void {
    const hearing = (call.parties && audioRoutes(call.parties).get(leg.id)) ?? { kind: 'parties' as const, from: [] };
    const { lines, dropped } = assignLines(leg.sources, hearing, leg.lines.length);
    for (const [i, source] of lines.entries()) leg.lines[i]?.point(source);
    if (dropped.length > 0) {
      this.options.log?.warn({ legId: leg.id, dropped }, 'voice leg hears more sources than it has lines');
    }
  }

  /** A packet of `from`'s audio, to every line of its call that carries it. */
  private forward(from: Leg, packet: RtpPacket): void {
    this.recorders.get(from.address.callId)?.push(from, packet);
    const call = this.calls.get(from.address.callId);
    if (!call) return;
    const now = this.now();
    for (const leg of call.legs) {
      if (leg === from) continue;
      for (const line of leg.lines) if (line.source === from.id) line.send(packet, now);
    }
  }

  /** Plays the hold music into the lines that carry it while any does. */
  private syncMusic(): void {
    const wanted = [...this.legs.values()].some((l) => l.sources.includes(HOLD_MUSIC));
    if (wanted && !this.stopMusic) {
      this.stopMusic = this.music.listen((packet, restarted) => {
        const now = this.now();
        for (const leg of this.legs.values()) {
          for (const line of leg.lines) if (line.source === HOLD_MUSIC) line.send(packet, now, restarted);
        }
      });
    } else if (!wanted && this.stopMusic) {
      this.stopMusic();
      this.stopMusic = undefined;
    }
  }

  private dropLeg(leg: Leg): void {
    if (this.legs.get(leg.id) !== leg) return;
    this.legs.delete(leg.id);
    const call = this.calls.get(leg.address.callId);
    call?.legs.delete(leg);
    // Whoever heard this leg now hears nothing on that line.
    if (call) for (const other of call.legs) for (const line of other.lines) if (line.source === leg.id) line.point(null);
    leg.close();
    this.syncMusic();
  }
}
