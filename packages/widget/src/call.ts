/**
 * "Call us": the widget's web call, framework-free (the view renders `state` and calls the
 * actions). It asks for the microphone, starts the call on the server
 * (`POST …/calls`), loads the voice client (widget-voice.js, beside widget.js: most pages
 * never call, so it is not in widget.js) and follows the call:
 *
 *   idle → microphone → connecting → waiting ⇄ connected ⇄ held → ended | failed
 *
 * `waiting`, `connected` and `held` are the server's word (the call's `progress`), once
 * audio flows. The customer's microphone level (0..1) comes from an AnalyserNode.
 *
 * While a call is on, what it needs to rejoin is kept (sessionStorage: `keep`): a reload
 * of the page rejoins it (`resume`), "Reconnecting…" until the media flows again; the
 * server waits for the customer's leg a while (docs/voice.md).
 */
import type { VoiceCall, VoiceCallProgress } from '@switchboard/voice';
import { type StartedCall, WidgetError } from './api.js';
import type { Strings } from './strings/en.js';

export type CallStatus = 'idle' | 'microphone' | 'connecting' | 'waiting' | 'connected' | 'held' | 'ended' | 'failed';

export interface CallState {
  readonly status: CallStatus;
  readonly muted: boolean;
  readonly keypad: boolean;
  /** The digits pressed on this call, for the keypad's display. */
  readonly digits: string;
  /** When an agent answered (epoch ms), for the timer. */
  readonly connectedAt: number | undefined;
  /** What went wrong, in words. */
  readonly error: string | undefined;
  /** The microphone's level, 0..1. */
  readonly level: number;
  /** The network path was lost; the browser is getting it back (VoiceCall's `disconnected`). */
  readonly reconnecting: boolean;
}

/** A call under way, as kept for a reload: signalling URL, token, contact, when an agent answered. */
export interface KeptCall {
  readonly url: string;
  readonly token: string;
  readonly contactId: string;
  readonly at?: number;
}

/** What the voice chunk defines (`SwitchboardVoice`). */
export interface VoiceModule {
  readonly VoiceCall: typeof VoiceCall;
}

export interface CallDeps {
  /** Starts the call on the server (fields of the form, page attributes, visitor id). */
  startCall(): Promise<StartedCall>;
  /** The voice client (loads widget-voice.js once). */
  loadVoice(): Promise<VoiceModule>;
  /** The microphone: `getUserMedia({ audio: true })`. */
  getMicrophone(): Promise<MediaStream>;
  strings(): Strings;
  /** The page prefers less motion: the meter updates a few times a second, not every frame. */
  reducedMotion(): boolean;
  /** Keeps the call under way for a reload (undefined: it is over). */
  keep?(call: KeptCall | undefined): void;
  /** The call kept before a reload. */
  kept?(): KeptCall | undefined;
}

const IDLE: CallState = {
  status: 'idle',
  muted: false,
  keypad: false,
  digits: '',
  connectedAt: undefined,
  error: undefined,
  level: 0,
  reconnecting: false,
};

/** Loads `src` once as a classic script and resolves `SwitchboardVoice`. */
export function scriptVoiceLoader(src: string): () => Promise<VoiceModule> {
  let loading: Promise<VoiceModule> | undefined;
  const g = globalThis as { SwitchboardVoice?: VoiceModule };
  return () => {
    if (g.SwitchboardVoice) return Promise.resolve(g.SwitchboardVoice);
    loading ??= new Promise<VoiceModule>((resolve, reject) => {
      const el = document.createElement('script');
      el.src = src;
      el.async = true;
      el.onload = () => (g.SwitchboardVoice ? resolve(g.SwitchboardVoice) : reject(new Error('no SwitchboardVoice')));
      el.onerror = () => {
        loading = undefined;
        el.remove();
        reject(new WidgetError('network', `could not load ${src}`));
      };
      document.head.appendChild(el);
    });
    return loading;
  };
}

export class CallController {
  private current: CallState = IDLE;
  private readonly listeners = new Set<() => void>();
  private call: VoiceCall | undefined;
  private stream: MediaStream | undefined;
  private audio: AudioContext | undefined;
  private meter: number | undefined;
  private generation = 0;
  private kept: KeptCall | undefined;

  constructor(private readonly deps: CallDeps) {}

  get state(): CallState {
    return this.current;
  }

  /** The status now (read fresh: it changes across awaits). */
  private get status(): CallStatus {
    return this.current.status;
  }

  /** Whether a call is under way (the panel shows it). */
  get active(): boolean {
    return this.current.status !== 'idle';
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<CallState>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l();
  }

  /** Asks for the microphone, starts the call, connects it. */
  async start(): Promise<void> {
    if (this.current.status !== 'idle' && this.current.status !== 'ended' && this.current.status !== 'failed') return;
    const gen = ++this.generation;
    const s = this.deps.strings();
    this.set({ ...IDLE, status: 'microphone' });
    try {
      this.stream = await this.deps.getMicrophone();
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      const words =
        name === 'NotAllowedError' || name === 'SecurityError'
          ? s.callMicDenied
          : name === 'NotFoundError' || name === 'OverconstrainedError'
            ? s.callMicMissing
            : s.callMicFailed;
      this.finish(words);
      return;
    }
    if (gen !== this.generation) return this.release();
    const mic = this.stream.getAudioTracks()[0];
    if (!mic) {
      this.finish(s.callMicMissing);
      return;
    }
    this.startMeter(this.stream);
    if (this.kept) return this.join(gen, mic, this.kept);
    this.set({ status: 'connecting' });
    try {
      const [started, voice] = await Promise.all([this.deps.startCall(), this.deps.loadVoice()]);
      if (gen !== this.generation) return;
      await this.join(gen, mic, { url: started.SignalingUrl, token: started.JoinToken, contactId: started.ContactId }, voice);
    } catch (e) {
      if (gen !== this.generation) return;
      this.finish(this.words(e));
    }
  }

  /** After a reload: rejoins the call kept before it, if any (the panel shows it, "Reconnecting…"). */
  resume(): void {
    const kept = this.deps.kept?.();
    if (!kept || this.status !== 'idle') return;
    this.kept = kept;
    void this.start();
  }

  private async join(gen: number, mic: MediaStreamTrack, kept: KeptCall, voice?: VoiceModule): Promise<void> {
    const s = this.deps.strings();
    const rejoin = voice ? undefined : true;
    if (rejoin) this.set({ status: kept.at ? 'connected' : 'waiting', connectedAt: kept.at, reconnecting: true });
    this.kept = kept;
    this.deps.keep?.(kept);
    try {
      voice ??= await this.deps.loadVoice();
      if (gen !== this.generation) return;
      const call = new voice.VoiceCall({ url: kept.url, token: kept.token, microphone: mic, rejoin });
      this.call = call;
      call.on('progress', (p) => this.onProgress(p));
      call.on('state', (st) => {
        if (st === 'ended' || st === 'failed') this.finish(st === 'failed' ? s.callLost : undefined);
        else if (st !== 'connecting') this.set({ reconnecting: st === 'disconnected' });
      });
      await call.start();
      if (call.progress) this.onProgress(call.progress);
      else if (this.status === 'connecting') this.set({ status: 'waiting' });
    } catch (e) {
      if (gen !== this.generation) return;
      // Rejoining a call that ended meanwhile: it is over, nothing went wrong.
      this.finish(rejoin && (e as { type?: string }).type === 'AccessDeniedException' ? undefined : this.words(e));
    }
  }

  private onProgress(p: VoiceCallProgress): void {
    if (this.current.status === 'ended' || this.current.status === 'failed') return;
    const at = p === 'waiting' ? undefined : (this.current.connectedAt ?? Date.now());
    if (this.kept && at !== this.kept.at) {
      this.kept = { ...this.kept, at };
      this.deps.keep?.(this.kept);
    }
    this.set({ status: p, connectedAt: at });
  }

  toggleMute(): void {
    const muted = !this.current.muted;
    this.call?.mute(muted);
    this.set({ muted });
  }

  toggleKeypad(): void {
    this.set({ keypad: !this.current.keypad });
  }

  /** Sends one key of the keypad as DTMF (0–9, *, #). */
  press(key: string): void {
    const call = this.call;
    if (call?.state !== 'connected') return;
    call.sendDigits(key);
    this.set({ digits: (this.current.digits + key).slice(-24) });
  }

  hangUp(): void {
    this.call?.hangUp();
    this.finish(undefined);
  }

  /** Back to the chat's view after an ended or failed call. */
  dismiss(): void {
    if (this.current.status === 'ended' || this.current.status === 'failed') this.set(IDLE);
  }

  dispose(): void {
    this.generation++;
    this.call?.hangUp();
    this.release();
  }

  private finish(error: string | undefined): void {
    if (this.current.status === 'ended' || this.current.status === 'failed') return;
    this.generation++;
    this.release();
    this.kept = undefined;
    this.deps.keep?.(undefined);
    this.set({ status: error ? 'failed' : 'ended', error, keypad: false, level: 0, reconnecting: false });
  }

  private release(): void {
    this.call = undefined;
    if (this.meter !== undefined) {
      cancelAnimationFrame(this.meter);
      clearTimeout(this.meter);
      this.meter = undefined;
    }
    void this.audio?.close().catch(() => undefined);
    this.audio = undefined;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = undefined;
  }

  /** The microphone's level from an AnalyserNode: every frame, or 4 times a second with reduced motion. */
  private startMeter(stream: MediaStream): void {
    try {
      const audio = new AudioContext();
      this.audio = audio;
      const analyser = audio.createAnalyser();
      analyser.fftSize = 512;
      audio.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const tick = () => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const v of samples) sum += v * v;
        const rms = Math.sqrt(sum / samples.length);
        // -50 dBFS → 0, 0 dBFS → 1.
        const level = this.current.muted ? 0 : Math.max(0, Math.min(1, 1 + (20 * Math.log10(rms || 1e-6)) / 50));
        if (Math.abs(level - this.current.level) > 0.02) this.set({ level: Math.round(level * 50) / 50 });
        this.meter = this.deps.reducedMotion() ? (setTimeout(tick, 250) as unknown as number) : requestAnimationFrame(tick);
      };
      tick();
    } catch {
      // No Web Audio: no meter; the call goes on.
    }
  }

  private words(e: unknown): string {
    const s = this.deps.strings();
    if (e instanceof WidgetError) {
      if (e.kind === 'closed') return s.callUnavailable;
      if (e.kind === 'alreadyOpen') return s.callAlreadyOpen;
      if (e.kind === 'throttled') return s.errorThrottledSoon;
      if (e.kind === 'network') return s.callNetwork;
    }
    return s.callFailed;
  }
}
