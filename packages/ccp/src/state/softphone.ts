/**
 * The desktop's softphone, framework-free: for the agent's voice contact it opens the
 * agent's media leg with `@switchboard/voice` (loaded the first time a call arrives) and
 * the snapshot's `callContextToken`, as soon as the offer rings (the audio then starts at
 * accept with no set-up delay, and a refused microphone shows before the agent accepts).
 * Only the leading tab holds the leg: two tabs never both open it. It also holds the
 * microphone and speaker choice, the remote tracks the page plays, the network quality,
 * and the call actions (mute, hold, hang up) over the agent API. Components get it with
 * `useSoftphone()`.
 */
import type { ContactData } from '@switchboard/agent-client';
import type { VoiceCall } from '@switchboard/voice';
import { type Quality, quality, type StatsSample, sampleStats } from '../lib/call-quality.js';
import { agentConnection } from './desktop.js';
import type { Desktop } from './desktop.js';
import { Store } from './store.js';

export type CallProblem = 'microphone-denied' | 'no-microphone' | 'connect-failed' | 'dropped';

export interface AudioDevice {
  readonly deviceId: string;
  readonly label: string;
}

export interface SoftphoneState {
  /** The contact whose leg this tab holds (or tried to). */
  readonly contactId: string | undefined;
  readonly media: 'none' | 'connecting' | 'connected' | 'reconnecting' | 'failed';
  readonly problem: CallProblem | undefined;
  /** The parties' audio, one track per line, for the page to play. */
  readonly tracks: readonly MediaStreamTrack[];
  readonly quality: Quality;
  readonly inputs: readonly AudioDevice[];
  readonly outputs: readonly AudioDevice[];
  /** '' is the system default. */
  readonly inputId: string;
  readonly outputId: string;
}

/**
 * The token's leg may still be open for a moment when this tab opens it again (the tab that
 * held it was closed or reloaded, and the server has not seen its socket go yet): the
 * server refuses with ConflictException, and the tab tries again this many times.
 */
const CONFLICT_RETRIES = 5;
const CONFLICT_RETRY_MS = 1000;
/** How often the statistics are read for the quality. */
const STATS_EVERY_MS = 2000;
const DEVICES_KEY = 'switchboard.ccp.devices';

/** The voice contact a desktop has a leg on: ringing or connected, with its token. */
export function callToJoin(
  contacts: readonly ContactData<string>[],
): { contact: ContactData<string>; token: string } | undefined {
  for (const c of contacts) {
    const conn = agentConnection(c);
    const token = conn?.softphoneMediaInfo?.callContextToken;
    if (c.type !== 'voice' || !token) continue;
    const state: string = conn.state.type;
    // A supervisor's monitoring connection is `silent_monitor` or `barge` while it lasts.
    if (['connecting', 'connected', 'hold', 'silent_monitor', 'barge'].includes(state)) {
      return { contact: c, token };
    }
  }
  return undefined;
}

/** The customer's connection of a voice contact (what hold and resume act on). */
export const customerConnection = (c: ContactData<string>) => c.connections.find((x) => x.type === 'inbound');

/** The party a consult called (Streams' third, `outbound` connection), while they are on the call. */
export const thirdConnection = (c: ContactData<string>) =>
  c.connections.find((x) => x.type === 'outbound' && x.state.type !== 'disconnected');

/** Whether this browser can send audio to another output device. */
export const canPickOutput = (): boolean => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

export class Softphone {
  readonly store: Store<SoftphoneState>;
  private call: VoiceCall | undefined;
  private callKey: string | undefined;
  private mic: MediaStreamTrack | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private lastSample: StatsSample | undefined;
  /** The token that failed: not retried by itself (a new offer brings a new one). */
  private failedToken: string | undefined;
  private conflicts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly desktop: Desktop) {
    const saved = readDevices();
    this.store = new Store<SoftphoneState>({
      contactId: undefined,
      media: 'none',
      problem: undefined,
      tracks: [],
      quality: 'unknown',
      inputs: [],
      outputs: [],
      inputId: saved.inputId ?? '',
      outputId: saved.outputId ?? '',
    });
    desktop.store.subscribe(() => this.sync());
    globalThis.navigator?.mediaDevices?.addEventListener?.('devicechange', () => void this.listDevices());
    this.sync();
  }

  // -------------------------------------------------------------------------------------
  // The leg follows the snapshot

  private sync(): void {
    const st = this.desktop.store.get();
    const join = st.phase === 'signed-in' && st.leader ? callToJoin(st.data?.snapshot.contacts ?? []) : undefined;
    const key = join ? `${join.contact.contactId}:${join.token}` : undefined;
    if (this.callKey && this.callKey !== key) this.close(join ? undefined : this.store.get().contactId);
    if (join && !this.callKey && join.token !== this.failedToken) {
      this.callKey = key;
      void this.open(join.contact.contactId, join.token, key as string);
    }
    // The server's mute is the truth: the local track follows it (another tab may have muted).
    const muted = join ? agentConnection(join.contact)?.mute === true : false;
    if (this.call && this.call.muted !== muted) this.call.mute(muted);
    if (!join && !this.callKey && this.store.get().contactId) {
      const gone = !(st.data?.snapshot.contacts ?? []).some((c) => c.contactId === this.store.get().contactId);
      if (gone) this.store.set({ contactId: undefined, media: 'none', problem: undefined, tracks: [], quality: 'unknown' });
    }
  }

  private async open(contactId: string, token: string, key: string): Promise<void> {
    this.store.set({ contactId, media: 'connecting', problem: undefined, tracks: [], quality: 'unknown' });
    const current = () => this.callKey === key;
    clearTimeout(this.retryTimer);
    let mic: MediaStreamTrack;
    try {
      mic = await this.openMicrophone(this.store.get().inputId);
    } catch (e) {
      if (!current()) return;
      const name = (e as { name?: string }).name;
      this.failedToken = token;
      this.callKey = undefined;
      this.store.set({
        media: 'failed',
        problem: name === 'NotAllowedError' || name === 'SecurityError' ? 'microphone-denied' : 'no-microphone',
      });
      return;
    }
    if (!current()) {
      mic.stop();
      return;
    }
    this.mic = mic;
    void this.listDevices();
    const { VoiceCall } = await import('@switchboard/voice');
    if (!current()) return;
    const url = new URL('/voice/v1/ws', this.desktop.endpoint);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const call = new VoiceCall({ url: url.toString(), token, microphone: mic, play: false, connectTimeoutMs: 20_000 });
    this.call = call;
    let refusal: string | undefined;
    call.on('error', (e) => {
      refusal = e.type;
    });
    call.on('track', (track, line) => {
      if (this.call !== call) return;
      const tracks = [...this.store.get().tracks];
      tracks[line] = track;
      this.store.set({ tracks });
    });
    call.on('state', (s) => {
      if (this.call !== call) return;
      if (s === 'connected') {
        this.conflicts = 0;
        this.store.set({ media: 'connected', problem: undefined });
        this.watchQuality(call);
      } else if (s === 'disconnected') this.store.set({ media: 'reconnecting' });
      else if (s === 'failed' || s === 'ended') {
        // The server closes the leg when the contact ends: only an unexpected end is a problem.
        const stillOn = callToJoin(this.desktop.store.get().data?.snapshot.contacts ?? [])?.token === token;
        this.release();
        this.callKey = undefined;
        if (stillOn && s === 'failed' && refusal === 'ConflictException' && this.conflicts < CONFLICT_RETRIES) {
          this.conflicts++;
          this.store.set({ media: 'connecting', tracks: [] });
          this.retryTimer = setTimeout(() => this.sync(), CONFLICT_RETRY_MS);
        } else if (stillOn) {
          this.failedToken = token;
          this.store.set({ media: 'failed', problem: s === 'failed' ? 'connect-failed' : 'dropped', tracks: [] });
        } else this.store.set({ media: 'none', tracks: [] });
      }
    });
    const contact = this.desktop.store.get().data?.snapshot.contacts.find((c) => c.contactId === contactId);
    if (contact && agentConnection(contact)?.mute === true) call.mute();
    await call.start().catch(() => undefined);
  }

  /** The chosen microphone; the system's default when the chosen one is gone (unplugged). */
  private async openMicrophone(deviceId: string): Promise<MediaStreamTrack> {
    const media = globalThis.navigator?.mediaDevices;
    if (!media?.getUserMedia) throw Object.assign(new Error('no media devices'), { name: 'NotFoundError' });
    const open = async (audio: boolean | MediaTrackConstraints) => {
      const track = (await media.getUserMedia({ audio })).getAudioTracks()[0];
      if (!track) throw Object.assign(new Error('no track'), { name: 'NotFoundError' });
      return track;
    };
    if (!deviceId) return open(true);
    try {
      return await open({ deviceId: { exact: deviceId } });
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'OverconstrainedError' || name === 'NotFoundError') return open(true);
      throw e;
    }
  }

  private watchQuality(call: VoiceCall): void {
    clearInterval(this.statsTimer);
    this.lastSample = undefined;
    this.statsTimer = setInterval(async () => {
      const report = await call.getStats().catch(() => undefined);
      if (!report || this.call !== call) return;
      const sample = sampleStats(report.values() as Iterable<Record<string, unknown>>);
      const q = quality(this.lastSample, sample);
      this.lastSample = sample;
      if (q !== 'unknown' || this.store.get().quality === 'unknown') this.store.set({ quality: q });
    }, STATS_EVERY_MS);
  }

  /** Ends this tab's leg (the contact goes on: another tab or the server decides). */
  private close(keepContactId: string | undefined): void {
    clearTimeout(this.retryTimer);
    this.conflicts = 0;
    this.call?.hangUp();
    this.release();
    this.callKey = undefined;
    this.store.set({
      contactId: keepContactId,
      media: 'none',
      tracks: [],
      quality: 'unknown',
      ...(keepContactId ? {} : { problem: undefined }),
    });
  }

  private release(): void {
    clearInterval(this.statsTimer);
    this.call = undefined;
    this.mic?.stop();
    this.mic = undefined;
  }

  // -------------------------------------------------------------------------------------
  // Devices

  async listDevices(): Promise<void> {
    const list = await globalThis.navigator?.mediaDevices?.enumerateDevices?.().catch(() => undefined);
    if (!list) return;
    const of = (kind: MediaDeviceKind): AudioDevice[] =>
      list
        .filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications')
        .map((d) => ({ deviceId: d.deviceId, label: d.label }));
    this.store.set({ inputs: of('audioinput'), outputs: of('audiooutput') });
  }

  /** Another microphone, at once if a call is on (the next calls use it too). */
  async setInput(deviceId: string): Promise<void> {
    this.store.set({ inputId: deviceId });
    writeDevices(this.store.get());
    const call = this.call;
    if (!call && this.failedToken && this.store.get().problem === 'no-microphone') {
      // The call could not start for want of a microphone: try again with this one.
      this.failedToken = undefined;
      this.sync();
      return;
    }
    if (!call || !this.mic) return;
    const mic = await this.openMicrophone(deviceId).catch(() => undefined);
    if (!mic) {
      this.store.set({ problem: 'no-microphone' });
      return;
    }
    if (this.call !== call) {
      mic.stop();
      return;
    }
    try {
      await call.replaceMicrophone(mic);
    } catch {
      mic.stop();
      return;
    }
    this.mic?.stop();
    this.mic = mic;
    if (this.store.get().problem === 'no-microphone') this.store.set({ problem: undefined });
  }

  /** Another speaker (the page applies it to its audio elements). */
  setOutput(deviceId: string): void {
    this.store.set({ outputId: deviceId });
    writeDevices(this.store.get());
  }

  // -------------------------------------------------------------------------------------
  // Call actions (over the agent API: every tab can act; the server's state is the truth)

  /** Mutes on the server (the customer stops hearing the agent) and the local track at once. */
  async setMuted(contact: ContactData<string>, muted: boolean): Promise<void> {
    const conn = agentConnection(contact);
    if (!conn) return;
    if (this.store.get().contactId === contact.contactId) this.call?.mute(muted);
    try {
      await this.desktop.command(muted ? 'muteParticipant' : 'unmuteParticipant', {
        contactId: contact.contactId,
        connectionId: conn.connectionId,
      });
    } catch (e) {
      this.call?.mute(!muted);
      this.desktop.fail(e);
    }
  }

  /**
   * Holds a connection (they hear the hold music) or takes it off hold: the customer's, or
   * the consulted party's (`connectionId`).
   */
  async setHold(contact: ContactData<string>, hold: boolean, connectionId?: string): Promise<void> {
    const id = connectionId ?? customerConnection(contact)?.connectionId;
    if (!id) return;
    await this.run(hold ? 'holdConnection' : 'resumeConnection', { contactId: contact.contactId, connectionId: id });
  }

  /** Consults a quick connect (an agent or a queue): the customer is held while they talk. */
  consult(contact: ContactData<string>, endpointARN: string): Promise<void> {
    return this.desktop
      .command('createAdditionalConnection', { contactId: contact.contactId, endpoint: { endpointARN } })
      .then(() => undefined);
  }

  /** Swaps who is on hold: the customer or the consulted party. */
  swap(contact: ContactData<string>): Promise<void> {
    return this.run('toggleActiveConnections', { contactId: contact.contactId });
  }

  /** Joins the customer and the consulted party: all three hear each other. */
  conference(contact: ContactData<string>): Promise<void> {
    return this.run('conferenceConnections', { contactId: contact.contactId });
  }

  /** Pauses the call's recording (nothing is recorded, the files keep the span as silence) or resumes it. */
  setRecordingPaused(contact: ContactData<string>, paused: boolean): Promise<void> {
    return this.run(paused ? 'pauseContactRecording' : 'resumeContactRecording', { contactId: contact.contactId });
  }

  /** A supervisor's monitoring contact: listen only (SILENT_MONITOR) or speak too (BARGE). */
  setMonitorMode(contact: ContactData<string>, mode: 'SILENT_MONITOR' | 'BARGE'): Promise<void> {
    return this.run('updateMonitorParticipantState', { contactId: contact.contactId, targetMonitorMode: mode });
  }

  /** A barging supervisor mutes the agent they monitor (a forced mute the agent cannot lift) or lets them speak. */
  setAgentMuted(contact: ContactData<string>, connectionId: string, muted: boolean): Promise<void> {
    return this.run(muted ? 'muteParticipant' : 'unmuteParticipant', { contactId: contact.contactId, connectionId });
  }

  /** Hangs up on the consulted party; the customer stays. */
  hangUpOn(contact: ContactData<string>, connectionId: string): Promise<void> {
    return this.run('destroyConnection', { contactId: contact.contactId, connectionId });
  }

  private async run(command: string, params: Record<string, unknown>): Promise<void> {
    await this.desktop.command(command, params).catch((e) => this.desktop.fail(e));
  }

  /**
   * Plays DTMF on the agent's media leg (RTCDTMFSender: 0-9, *, #, A-D, ',' pauses): the
   * media server hears them as the agent's digits. Throws, with an AWS error type, when
   * this tab does not hold the call's leg or the digits are not tones.
   */
  sendDigits(contactId: string, digits: string): void {
    if (this.store.get().contactId !== contactId || !this.call) {
      throw Object.assign(new Error(`The audio of call ${contactId} is not in this tab: its digits cannot be sent from here`), {
        type: 'InvalidStateException',
      });
    }
    try {
      this.call.sendDigits(digits);
    } catch (e) {
      const type = (e as { type?: unknown }).type;
      throw Object.assign(new Error((e as Error).message), {
        type: typeof type === 'string' ? type : 'InvalidParameterException',
      });
    }
  }
}

function readDevices(): { inputId?: string; outputId?: string } {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(DEVICES_KEY) ?? '{}') as { inputId?: string; outputId?: string };
  } catch {
    return {};
  }
}

function writeDevices(s: { inputId: string; outputId: string }): void {
  try {
    globalThis.localStorage?.setItem(DEVICES_KEY, JSON.stringify({ inputId: s.inputId, outputId: s.outputId }));
  } catch {
    // A preference.
  }
}

const byDesktop = new WeakMap<Desktop, Softphone>();

/** The desktop's softphone (one per desktop; created at start so a ringing call opens its leg). */
export function softphoneOf(desktop: Desktop): Softphone {
  let s = byDesktop.get(desktop);
  if (!s) {
    s = new Softphone(desktop);
    byDesktop.set(desktop, s);
  }
  return s;
}
