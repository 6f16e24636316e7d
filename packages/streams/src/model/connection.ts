/**
 * Streams' connections: `BaseConnection` (runtime `connect.BaseConnection`; the runtime's
 * `connect.Connection` is `VoiceConnection`) and its voice, chat,
 * task and email kinds, thin handles over one connection of the agent data
 * (api-streams-surface.md §11). Actions are Streams `ClientMethods` requests; the chat and
 * task media controllers are `@switchboard/chat` and `@switchboard/tasks` sessions.
 */
import type { ConnectionData, ContactData } from '@switchboard/core/agent';
import { NotImplementedError } from '../util.js';
import type { Runtime, SuccessFailOptions } from '../runtime.js';
import { chatController, taskController } from './media.js';
import { Endpoint } from './endpoint.js';

const ACTIVE = new Set(['connecting', 'connected', 'hold', 'silent_monitor', 'barge']);
const CONNECTED = new Set(['connected', 'silent_monitor', 'barge']);

/** Voice ID is Amazon's speaker authentication: Switchboard has none. */
const NO_VOICE_ID = 'Voice ID (speaker authentication) is not available in Switchboard';

export class BaseConnection {
  /** Set on the classes of one `connect` instance. */
  static rt: Runtime | undefined;
  readonly contactId: string;
  readonly connectionId: string;

  constructor(contactId: string, connectionId: string) {
    this.contactId = contactId;
    this.connectionId = connectionId;
  }

  protected get rt(): Runtime {
    const rt = (this.constructor as typeof BaseConnection).rt;
    if (!rt) throw new Error('This connection is not bound to a connect instance');
    return rt;
  }

  /** The connection's data (a snapshot's own data once taken). */
  protected _getData(): ConnectionData<Date> {
    return this.rt.connectionData(this.contactId, this.connectionId);
  }

  getContactId(): string {
    return this.contactId;
  }
  getConnectionId(): string {
    return this.connectionId;
  }
  getEndpoint(): Endpoint {
    return new Endpoint(this._getData().endpoint);
  }
  getAddress(): Endpoint {
    return this.getEndpoint();
  }
  getState(): { type: string; timestamp: Date } {
    return this._getData().state;
  }
  getStatus(): { type: string; timestamp: Date } {
    return this.getState();
  }
  getStateDuration(): number {
    return this.rt.elapsedSince(this._getData().state.timestamp);
  }
  getStatusDuration(): number {
    return this.getStateDuration();
  }
  getType(): string {
    return this._getData().type;
  }
  getMonitorInfo(): { agentName: string; customerName?: string; joinTime: Date } | null {
    return this._getData().monitoringInfo ?? null;
  }
  isInitialConnection(): boolean {
    return this._getData().initial;
  }
  isActive(): boolean {
    return ACTIVE.has(this.getState().type);
  }
  isConnected(): boolean {
    return CONNECTED.has(this.getState().type);
  }
  isConnecting(): boolean {
    return this.getState().type === 'connecting';
  }
  isOnHold(): boolean {
    return this.getState().type === 'hold';
  }
  /** Hang up this leg, end the chat or the task: after-contact work follows. */
  destroy(cbs?: SuccessFailOptions): void {
    this.rt.request('destroyConnection', { contactId: this.contactId, connectionId: this.connectionId }, cbs);
  }
  /** DTMF on the agent's call (any connection of it names the call). */
  sendDigits(digits: string, cbs?: SuccessFailOptions): void {
    this.rt.request('sendDigits', { contactId: this.contactId, connectionId: this.connectionId, digits }, cbs);
  }
  hold(cbs?: SuccessFailOptions): void {
    this.rt.request('holdConnection', { contactId: this.contactId, connectionId: this.connectionId }, cbs);
  }
  resume(cbs?: SuccessFailOptions): void {
    this.rt.request('resumeConnection', { contactId: this.contactId, connectionId: this.connectionId }, cbs);
  }
  /** Deprecated in Streams; the voice media info. */
  getSoftphoneMediaInfo(): ConnectionData<Date>['softphoneMediaInfo'] | undefined {
    return this._getData().softphoneMediaInfo;
  }
  toSnapshot(): BaseConnection {
    const data = structuredClone(this.rt.contactData(this.contactId));
    return this.rt.classes.connection(this.contactId, data.type, this.connectionId, data);
  }
}

/** A connection over data of its own (a ContactSnapshot's). */
export function snapshotOf<T extends typeof BaseConnection>(Base: T, data: ContactData<Date>): T {
  // biome-ignore lint/suspicious/noExplicitAny: a mixin over the concrete connection class.
  const Snap = class extends (Base as any) {
    protected _getData(): ConnectionData<Date> {
      const c = data.connections.find((x) => x.connectionId === this.connectionId);
      if (!c) throw new Error(`Connection ${this.connectionId} for contact ${this.contactId} no longer exists.`);
      return c;
    }
  };
  return Snap as unknown as T;
}

export class VoiceConnection extends BaseConnection {
  getMediaInfo(): Record<string, unknown> {
    const m = this._getData().softphoneMediaInfo;
    return { ...(m ?? {}), callConfigJson: '{}', mediaLegContextToken: null };
  }
  getMediaType(): 'softphone' {
    return 'softphone';
  }
  /**
   * The call's remote audio where this SDK runs the softphone (the direct transport in a
   * browser): `{ tracks }`, one per line. Over the iframe the CCP frame plays it; in Node there is none.
   */
  getMediaController(): Promise<{ tracks: readonly MediaStreamTrack[] } | null> {
    const tracks = this.rt.transport?.remoteTracks?.(this.contactId);
    return Promise.resolve(tracks ? { tracks } : null);
  }
  getQuickConnectName(): string | null {
    return (this._getData() as { quickConnectName?: string }).quickConnectName ?? null;
  }
  isMute(): boolean {
    return this._getData().mute === true;
  }
  muteParticipant(cbs?: SuccessFailOptions): void {
    this.rt.request('muteParticipant', { contactId: this.contactId, connectionId: this.connectionId }, cbs);
  }
  unmuteParticipant(cbs?: SuccessFailOptions): void {
    this.rt.request('unmuteParticipant', { contactId: this.contactId, connectionId: this.connectionId }, cbs);
  }
  isForcedMute(): boolean {
    return this._getData().forcedMute === true;
  }
  canSendVideo(): boolean {
    return false;
  }
  canSendScreenShare(): boolean {
    return false;
  }
  getCapabilities(): Record<string, string> {
    return {};
  }
  getVideoConnectionInfo(): Promise<never> {
    return Promise.reject(new NotImplementedError('Video is not available in Switchboard: calls are audio only'));
  }
  isSilentMonitor(): boolean {
    return this.getMonitorStatus() === 'SILENT_MONITOR';
  }
  isBarge(): boolean {
    return this.getMonitorStatus() === 'BARGE';
  }
  isSilentMonitorEnabled(): boolean {
    return this.getMonitorCapabilities().includes('SILENT_MONITOR');
  }
  isBargeEnabled(): boolean {
    return this.getMonitorCapabilities().includes('BARGE');
  }
  getMonitorCapabilities(): string[] {
    return [...(this._getData().monitorCapabilities ?? [])];
  }
  getMonitorStatus(): string | undefined {
    return this._getData().monitorStatus;
  }
  onParticipantHold(f: (e: { connectionId: string }) => void): { unsubscribe(): void } {
    return this.watchHold('hold', f);
  }
  onParticipantResume(f: (e: { connectionId: string }) => void): { unsubscribe(): void } {
    return this.watchHold('resume', f);
  }
  onCanResumeParticipantUpdated(f: (e: { canResumeParticipant: boolean }) => void): { unsubscribe(): void } {
    let last: boolean | undefined;
    return this.rt.bus.subscribe(`contact::refresh::${this.contactId}`, () => {
      const now = this.safeHeld();
      if (now !== undefined && now !== last) {
        last = now;
        f({ canResumeParticipant: now });
      }
    });
  }
  /** Whether this party is on hold and so can be resumed. */
  canResumeParticipant(): Promise<boolean> {
    return Promise.resolve(this.isOnHold());
  }
  private safeHeld(): boolean | undefined {
    try {
      return this.isOnHold();
    } catch {
      return undefined;
    }
  }
  private watchHold(kind: 'hold' | 'resume', f: (e: { connectionId: string }) => void): { unsubscribe(): void } {
    let held = this.safeHeld();
    return this.rt.bus.subscribe(`contact::refresh::${this.contactId}`, () => {
      const now = this.safeHeld();
      if (now === undefined || now === held) return;
      held = now;
      if ((kind === 'hold') === now) f({ connectionId: this.connectionId });
    });
  }
  getVoiceIdSpeakerId(): Promise<never> {
    return Promise.reject(new NotImplementedError(NO_VOICE_ID));
  }
  getVoiceIdSpeakerStatus(): Promise<never> {
    return Promise.reject(new NotImplementedError(NO_VOICE_ID));
  }
  optOutVoiceIdSpeaker(): Promise<never> {
    return Promise.reject(new NotImplementedError(NO_VOICE_ID));
  }
  evaluateSpeakerWithVoiceId(_startNew?: boolean): Promise<never> {
    return Promise.reject(new NotImplementedError(NO_VOICE_ID));
  }
  enrollSpeakerInVoiceId(_onAudioCollected?: () => void): Promise<never> {
    return Promise.reject(new NotImplementedError(NO_VOICE_ID));
  }
  updateVoiceIdSpeakerId(_speakerId: string): Promise<never> {
    return Promise.reject(new NotImplementedError(NO_VOICE_ID));
  }
  deleteVoiceIdSpeaker(): Promise<never> {
    return Promise.reject(new NotImplementedError(NO_VOICE_ID));
  }
  /** The d.ts name of {@link deleteVoiceIdSpeaker}. */
  deleteVoiceIdSpeakerId(): Promise<never> {
    return this.deleteVoiceIdSpeaker();
  }
}

export interface ChatMediaInfo {
  contactId: string;
  initialContactId: string;
  participantId: string;
  participantToken: string | undefined;
  getConnectionToken: () => Promise<{ chatTokenTransport: { participantToken: string; expiry: string } }>;
  originalInfo: Record<string, unknown>;
}

export class ChatConnection extends BaseConnection {
  getMediaInfo(): ChatMediaInfo | null {
    const data = this._getData();
    const info = data.chatMediaInfo;
    if (!info) return null;
    let participantToken: string | undefined;
    try {
      participantToken = info.connectionData
        ? (JSON.parse(info.connectionData) as { ConnectionAuthenticationToken?: string }).ConnectionAuthenticationToken
        : undefined;
    } catch {
      participantToken = undefined;
    }
    const contact = this.rt.data?.snapshot.contacts.find((c) => c.contactId === this.contactId);
    return {
      contactId: this.contactId,
      initialContactId: contact?.initialContactId ?? this.contactId,
      participantId: this.connectionId,
      participantToken,
      getConnectionToken: () => this.getConnectionToken(),
      originalInfo: { ...info },
    };
  }
  getConnectionToken(): Promise<{ chatTokenTransport: { participantToken: string; expiry: string } }> {
    return this.rt.call('createTransport', {
      transportType: 'chat_token',
      contactId: this.contactId,
      participantId: this.connectionId,
    }) as Promise<{ chatTokenTransport: { participantToken: string; expiry: string } }>;
  }
  getMediaType(): 'chat' {
    return 'chat';
  }
  /** The agent's `@switchboard/chat` session of this chat, connected (one per connection). */
  getMediaController(): Promise<import('@switchboard/chat').ChatSession> {
    return chatController(this.rt, this);
  }
  getParticipantName(): string | null {
    const d = this._getData();
    const info = d.chatMediaInfo;
    return (d.type === 'agent' ? info?.agentName : info?.customerName) ?? d.endpoint.name ?? null;
  }
  getAuthenticationDetails(): null {
    return null;
  }
  isAuthenticated(): boolean {
    return false;
  }
  isSilentMonitor(): boolean {
    return this._getData().monitorStatus === 'SILENT_MONITOR';
  }
  isBarge(): boolean {
    return this._getData().monitorStatus === 'BARGE';
  }
  isSilentMonitorEnabled(): boolean {
    return (this._getData().monitorCapabilities ?? []).includes('SILENT_MONITOR');
  }
  isBargeEnabled(): boolean {
    return (this._getData().monitorCapabilities ?? []).includes('BARGE');
  }
  getMonitorCapabilities(): string[] {
    return [...(this._getData().monitorCapabilities ?? [])];
  }
  getMonitorStatus(): string | undefined {
    return this._getData().monitorStatus;
  }
}

export class TaskConnection extends BaseConnection {
  getMediaInfo(): { contactId: string; initialContactId: string } {
    const contact = this.rt.contactData(this.contactId);
    return { contactId: this.contactId, initialContactId: contact.initialContactId };
  }
  getMediaType(): 'task' {
    return 'task';
  }
  /** The task's `@switchboard/tasks` TaskSession (transfer and expiry events), connected. */
  getMediaController(): Promise<import('@switchboard/tasks').TaskSession> {
    return taskController(this.rt, this);
  }
}

export class EmailConnection extends BaseConnection {
  getMediaType(): 'email' {
    return 'email';
  }
}
