/**
 * A web voice call from a browser to Switchboard's media server (docs/voice.md).
 *
 *   const call = new VoiceCall({ url: 'wss://host/voice/v1/ws', token });
 *   call.on('state', (s) => …);
 *   await call.start();           // microphone, offer, answer; resolves once connected
 *   call.mute(); call.sendDigits('159#'); call.hangUp();
 *
 * One peer connection with VOICE_LINES audio lines: the microphone's (sendrecv) and
 * receive-only ones. Hold, transfer and conference re-point what the server sends on them;
 * the connection is never renegotiated. Remote audio plays through one `Audio` element per
 * line unless `play: false` (the page then plays `call.remoteTracks` itself).
 *
 * A call that was connected and loses its signalling socket (without the server's final
 * `closed`: a reload of the server's side, a dead network) or its media path (ICE failed)
 * rejoins by itself with the same token: `disconnected`, then a new socket and peer
 * connection with the same microphone (mute kept), retried every second within
 * `reconnectWindowMs`; `connected` again once the media flows (new `track` events: the
 * lines are new). The call ended meanwhile (AccessDeniedException) → `ended`; the window
 * passed → `failed` (a NetworkError).
 */
import { VOICE_LINES, type VoiceCallProgress, type VoiceIceServer, type VoiceServerFrame } from '@switchboard/core/voice';
import { Emitter, VoiceError } from './events.js';
import { checkDigits, isFinal, type VoiceCallState } from './state.js';

export interface VoiceCallOptions {
  /** The signalling endpoint, `ws(s)://<server>/voice/v1/ws`. */
  readonly url: string;
  /** The voice token (its leg of its call). */
  readonly token: string;
  /** The microphone; default `getUserMedia({ audio })`, stopped at hang-up. */
  readonly microphone?: MediaStreamTrack;
  /** Constraints for the microphone `start()` opens; default true (the browser's echo cancellation and all). */
  readonly audio?: boolean | MediaTrackConstraints;
  /** Play the parties' audio; default true. */
  readonly play?: boolean;
  /**
   * The peer connection's configuration. The server's ICE servers (STUN, TURN with
   * credentials for this leg; its `config` frame) are added to `iceServers`.
   */
  readonly rtcConfiguration?: RTCConfiguration;
  /** How long the call may take to connect; default 15 s. */
  readonly connectTimeoutMs?: number;
  /** How long a lost call tries to rejoin (a new network, the server lost the socket); default 30 s, 0: it ends instead. */
  readonly reconnectWindowMs?: number;
  /**
   * The call was under way before (the page reloaded mid-call): `start()` rejoins it,
   * trying again within `reconnectWindowMs` while the server still holds the old leg.
   */
  readonly rejoin?: boolean;
}

/** ICE gathering is awaited (no trickle); on a host-only network it takes milliseconds. */
const GATHER_TIMEOUT_MS = 3_000;
/** Between two attempts to rejoin (the server may still hold the old leg: ConflictException). */
const REJOIN_RETRY_MS = 1_000;
const REJOIN_WINDOW_MS = 30_000;
/** A connected call `disconnected` this long (offline, a dead path the socket has not noticed) rejoins. */
const LOST_AFTER_MS = 8_000;

export class VoiceCall {
  private _state: VoiceCallState = 'new';
  private readonly emitter = new Emitter();
  private pc: RTCPeerConnection | undefined;
  private ws: WebSocket | undefined;
  private mic: MediaStreamTrack | undefined;
  private ownMic = false;
  private micSender: RTCRtpSender | undefined;
  private readonly players: HTMLAudioElement[] = [];
  private _muted = false;
  private _progress: VoiceCallProgress | undefined;
  /** One per line, in line order, once they arrive. */
  readonly remoteTracks: MediaStreamTrack[] = [];
  /** The server's frame being waited for while connecting: its `config`, then its `answer`. */
  private waiting: Waiting | undefined;
  /** Why signalling failed while nothing was waiting (the next wait rejects with it). */
  private lost: VoiceError | undefined;
  private answered = false;
  /** Connected once: losing the call from then on rejoins it. */
  private everConnected = false;
  /** A rejoin is under way; `attemptFailed` ends its current attempt. */
  private rejoining = false;
  private attemptFailed: ((err: VoiceError) => void) | undefined;

  constructor(private readonly options: VoiceCallOptions) {}

  get state(): VoiceCallState {
    return this._state;
  }

  get muted(): boolean {
    return this._muted;
  }

  /** Where the call stands for a customer (the server's `progress` frames): waiting, connected or held; undefined before the first. */
  get progress(): VoiceCallProgress | undefined {
    return this._progress;
  }

  readonly on = this.emitter.on.bind(this.emitter);

  /** Calls: resolves once audio can flow, rejects with a VoiceError (the call is then `failed`). */
  async start(): Promise<void> {
    if (this._state !== 'new') throw new VoiceError('InvalidStateException', `start() was already called (${this._state})`);
    this.setState('connecting');
    try {
      await this.connect();
    } catch (err) {
      const e = err instanceof VoiceError ? err : new VoiceError('MediaError', err instanceof Error ? err.message : String(err));
      this.fail(e);
      throw e;
    }
  }

  /** Stops sending the microphone's audio (the line stays up; the others hear silence). */
  mute(muted = true): void {
    this._muted = muted;
    if (this.mic) this.mic.enabled = !muted;
  }

  unmute(): void {
    this.mute(false);
  }

  /**
   * Sends another microphone from now on (the agent picked another input device), without
   * renegotiating. Like the `microphone` option, the new track stays the caller's to stop;
   * the one it replaces is stopped if the call opened it.
   */
  async replaceMicrophone(track: MediaStreamTrack): Promise<void> {
    if (!this.micSender || isFinal(this._state)) {
      throw new VoiceError('InvalidStateException', 'The microphone can be replaced once the call is under way');
    }
    track.enabled = !this._muted;
    await this.micSender.replaceTrack(track);
    if (this.ownMic && this.mic !== track) this.mic?.stop();
    this.mic = track;
    this.ownMic = false;
  }

  /** Sends DTMF tones (RFC 4733) on the microphone's line: 0-9, *, #, A-D, ',' for a pause. */
  sendDigits(digits: string, { duration = 100, gap = 70 }: { duration?: number; gap?: number } = {}): void {
    const tones = checkDigits(digits);
    const dtmf = this.micSender?.dtmf;
    if (this._state !== 'connected' || !dtmf) {
      throw new VoiceError('InvalidStateException', 'Digits can be sent once the call is connected');
    }
    dtmf.insertDTMF(tones, duration, gap);
  }

  /** The peer connection's statistics (packets and bytes received per line, round-trip time…). */
  async getStats(): Promise<RTCStatsReport | undefined> {
    return this.pc?.getStats();
  }

  /** Ends the call; the server ends the leg. Idempotent. */
  hangUp(): void {
    if (isFinal(this._state)) return;
    const hangup = JSON.stringify({ type: 'hangup' });
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(hangup);
    else if (this.rejoining) {
      // Between two attempts: a socket just to say so (the server closes it), or the contact would wait out its grace.
      const ws = new WebSocket(this.signallingUrl());
      ws.onopen = () => ws.send(hangup);
    }
    this.teardown();
    this.setState('ended');
  }

  private async connect(): Promise<void> {
    const o = this.options;
    this.mic = o.microphone;
    if (!this.mic) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: o.audio ?? true });
      this.mic = stream.getAudioTracks()[0];
      this.ownMic = true;
      if (!this.mic) throw new VoiceError('MediaError', 'No microphone');
    }
    this.mic.enabled = !this._muted;
    this.stillCalling();
    this.watchNetwork();
    if (!o.rejoin) return this.join(o.connectTimeoutMs ?? 15_000);
    this.rejoining = true;
    await this.rejoin(Date.now() + (o.reconnectWindowMs || REJOIN_WINDOW_MS));
  }

  /** A socket and a peer connection for the leg, with the microphone: resolves once connected. */
  private async join(timeoutMs: number): Promise<void> {
    const o = this.options;
    const mic = this.mic as MediaStreamTrack;
    this.lost = undefined;
    this.waiting = undefined;
    this.answered = false;
    // The socket first: the server's ICE servers (TURN) must be known before gathering.
    const iceServers = await this.openSignalling();
    this.stillCalling();
    const pc = new RTCPeerConnection(withIceServers(o.rtcConfiguration, iceServers));
    this.pc = pc;
    this.micSender = pc.addTransceiver(mic, { direction: 'sendrecv' }).sender;
    for (let i = 1; i < VOICE_LINES; i++) pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.ontrack = (e) => {
      if (this.pc === pc) this.addTrack(e.track, pc.getTransceivers().indexOf(e.transceiver));
    };
    pc.onconnectionstatechange = () => {
      if (this.pc === pc) this.onConnectionState(pc.connectionState);
    };
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const answer = await this.sendOffer(pc.localDescription?.sdp ?? '');
    this.stillCalling();
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    await this.connected(timeoutMs);
    this.everConnected = true;
  }

  /**
   * The connected call lost its socket or its media path: it rejoins (a new socket and peer
   * connection, the same token and microphone) until connected, refused or out of time.
   */
  private lose(err: VoiceError): void {
    if (isFinal(this._state)) return;
    if (this.rejoining) {
      // The attempt under way fails (or the next wait of it, when it is between two).
      if (this.attemptFailed) this.attemptFailed(err);
      else this.lost ??= err;
      return;
    }
    const windowMs = this.options.reconnectWindowMs ?? REJOIN_WINDOW_MS;
    if (windowMs <= 0) {
      this.teardown();
      this.setState('ended');
      return;
    }
    this.rejoining = true;
    this.dropLeg();
    this.setState('disconnected');
    this.rejoin(Date.now() + windowMs).catch((e: VoiceError) => {
      if (e.type !== 'AccessDeniedException') return this.fail(e);
      // The token opens nothing any more: the call ended meanwhile.
      this.teardown();
      this.setState('ended');
    });
  }

  /** Joins again until connected; rejects with AccessDeniedException (the call ended) or a NetworkError (out of time). */
  private async rejoin(deadline: number): Promise<void> {
    for (;;) {
      // Offline, an attempt cannot succeed: wait for the network (within the window).
      while (globalThis.navigator?.onLine === false && Date.now() + REJOIN_RETRY_MS < deadline) {
        await new Promise((r) => setTimeout(r, REJOIN_RETRY_MS));
        this.stillCalling();
      }
      try {
        await this.join(Math.max(1, deadline - Date.now()));
        this.rejoining = false;
        return;
      } catch (err) {
        this.stillCalling();
        this.dropLeg();
        const e =
          err instanceof VoiceError ? err : new VoiceError('NetworkError', err instanceof Error ? err.message : String(err));
        if (e.type === 'AccessDeniedException') throw e;
        if (Date.now() + REJOIN_RETRY_MS >= deadline)
          throw new VoiceError('NetworkError', `The call could not be rejoined (${e.message})`);
        await new Promise((r) => setTimeout(r, REJOIN_RETRY_MS));
        this.stillCalling();
      }
    }
  }

  /** Drops the socket (without a hangup: the leg may rejoin) and the peer connection; the microphone stays. */
  private dropLeg(): void {
    this.stopPlayers();
    const { pc, ws } = this;
    this.pc = undefined;
    this.ws = undefined;
    this.micSender = undefined;
    pc?.close();
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'rejoining');
  }

  /** Hung up while connecting: what was opened since is closed too, and connecting stops. */
  private stillCalling(): void {
    if (!isFinal(this._state)) return;
    this.teardown();
    throw new VoiceError('InvalidStateException', 'The call ended while connecting');
  }

  /** Opens the socket and asks for the ICE servers: resolves them (none when the server has none). */
  private signallingUrl(): string {
    const url = new URL(this.options.url);
    url.searchParams.set('token', this.options.token);
    return url.toString();
  }

  private openSignalling(): Promise<readonly VoiceIceServer[]> {
    const ws = new WebSocket(this.signallingUrl());
    this.ws = ws;
    const config = this.waitFor('config');
    ws.onopen = () => ws.send(JSON.stringify({ type: 'config' }));
    ws.onmessage = (ev) => {
      if (this.ws === ws) this.onFrame(String(ev.data));
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      const err = new VoiceError('NetworkError', `The signalling socket closed (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`);
      if (!this.answered) this.failSignalling(err);
      // Without the server's `closed` the leg was lost, not ended: rejoin (or end, before it ever connected).
      else if (this.everConnected || this.rejoining) this.lose(err);
      else if (!isFinal(this._state)) {
        this.teardown();
        this.setState('ended');
      }
    };
    return config.then((f) => f.iceServers);
  }

  /** Sends the offer, resolves the answer's SDP. */
  private sendOffer(sdp: string): Promise<string> {
    const answer = this.waitFor('answer');
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'offer', sdp }));
    return answer.then((f) => f.sdp);
  }

  private waitFor<T extends Waiting['type']>(type: T): Promise<Extract<VoiceServerFrame, { type: T }>> {
    return new Promise((resolve, reject) => {
      if (this.lost) reject(this.lost);
      else this.waiting = { type, resolve: resolve as (f: VoiceServerFrame) => void, reject };
    });
  }

  /** An error before the answer: the wait in progress, or the next one, rejects with it. */
  private failSignalling(err: VoiceError): void {
    const w = this.waiting;
    this.waiting = undefined;
    if (w) w.reject(err);
    else this.lost ??= err;
  }

  private onFrame(raw: string): void {
    let frame: VoiceServerFrame;
    try {
      frame = JSON.parse(raw) as VoiceServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'config' || frame.type === 'answer') {
      if (this.waiting?.type !== frame.type) return;
      const w = this.waiting;
      this.waiting = undefined;
      if (frame.type === 'answer') this.answered = true;
      w.resolve(frame);
    } else if (frame.type === 'error') {
      const err = new VoiceError(frame.error.type, frame.error.message);
      if (this.answered) this.emitter.emit('error', err);
      else this.failSignalling(err);
    } else if (frame.type === 'progress') {
      if (frame.progress !== this._progress && !isFinal(this._state)) {
        this._progress = frame.progress;
        this.emitter.emit('progress', frame.progress);
      }
    } else if (frame.type === 'state' && frame.state === 'closed') {
      // The server ended the leg.
      this.teardown();
      this.setState('ended');
    }
  }

  private connected(timeoutMs: number): Promise<void> {
    if (this.lost) return Promise.reject(this.lost);
    if (this.pc?.connectionState === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        off();
        this.attemptFailed = undefined;
      };
      const timer = setTimeout(() => {
        done();
        reject(new VoiceError('NetworkError', `The call did not connect within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on('state', (s) => {
        if (s === 'connected') resolve();
        else if (isFinal(s)) reject(new VoiceError('NetworkError', `The call ${s} while connecting`));
        else return;
        done();
      });
      this.attemptFailed = (err) => {
        done();
        reject(err);
      };
    });
  }

  private onConnectionState(s: RTCPeerConnectionState): void {
    if (isFinal(this._state)) return;
    if (s === 'connected') this.setState('connected');
    else if (s === 'disconnected') this.setState('disconnected');
    else if (s === 'failed') {
      const err = new VoiceError('NetworkError', 'The media connection failed');
      if (this.everConnected || this.rejoining) this.lose(err);
      else this.fail(err);
    }
  }

  /**
   * The browser going offline is said at once (`disconnected`: ICE takes seconds to
   * notice); back online, the call is `connected` again once the media path is.
   */
  private watchNetwork(): void {
    if (typeof window === 'undefined' || !window.addEventListener) return;
    const offline = () => {
      if (this._state === 'connected') this.setState('disconnected');
    };
    const online = () => {
      if (this._state === 'disconnected' && this.pc?.connectionState === 'connected') this.setState('connected');
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.unwatchNetwork = () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }

  private unwatchNetwork: (() => void) | undefined;

  private addTrack(track: MediaStreamTrack, line: number): void {
    this.remoteTracks[line] = track;
    if (this.options.play !== false) {
      const audio = new Audio();
      audio.autoplay = true;
      audio.srcObject = new MediaStream([track]);
      audio.play().catch(() => undefined);
      this.players.push(audio);
    }
    this.emitter.emit('track', track, line);
  }

  private fail(err: VoiceError): void {
    if (isFinal(this._state)) return;
    this.emitter.emit('error', err);
    this.teardown();
    this.setState('failed');
  }

  private stopPlayers(): void {
    for (const a of this.players) {
      a.pause();
      a.srcObject = null;
    }
    this.players.length = 0;
  }

  private teardown(): void {
    this.unwatchNetwork?.();
    this.unwatchNetwork = undefined;
    this.stopPlayers();
    this.pc?.close();
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000, 'hung up');
    if (this.ownMic) this.mic?.stop();
  }

  private lossTimer: ReturnType<typeof setTimeout> | undefined;

  /** The one setter: ignores no-op changes, then emits. */
  private setState(next: VoiceCallState): void {
    const prev = this._state;
    if (prev === next || isFinal(prev)) return;
    this._state = next;
    // Disconnected for long after having been connected: the path is gone, rejoin.
    clearTimeout(this.lossTimer);
    if (next === 'disconnected' && this.everConnected && !this.rejoining)
      this.lossTimer = setTimeout(() => {
        if (this._state === 'disconnected') this.lose(new VoiceError('NetworkError', 'The media path was lost'));
      }, LOST_AFTER_MS);
    this.emitter.emit('state', next, prev);
  }
}

interface Waiting {
  readonly type: 'config' | 'answer';
  resolve(frame: VoiceServerFrame): void;
  reject(err: VoiceError): void;
}

/** The page's configuration with the server's ICE servers added after its own. */
function withIceServers(config: RTCConfiguration | undefined, servers: readonly VoiceIceServer[]): RTCConfiguration {
  if (servers.length === 0) return config ?? {};
  const own = config?.iceServers ?? [];
  return { ...config, iceServers: [...own, ...servers.map((s) => ({ ...s, urls: [...s.urls] }))] };
}

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, GATHER_TIMEOUT_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}
