/**
 * Streams' `Contact`: a thin handle over one contact of the agent data (api-streams-surface.md
 * §10). Getters read the latest data and throw `StateError` once the contact is gone;
 * `on*` subscribe to the contact's own events (dropped when it leaves the data); actions are
 * Streams `ClientMethods` requests with Streams' parameters and callbacks.
 */
import type { ContactData } from '@switchboard/core/agent';
import { ContactEvents } from '../enums.js';
import type { Runtime, SuccessFailOptions } from '../runtime.js';
import { StateError, ValueError } from '../util.js';
import type { BaseConnection } from './connection.js';
import { Endpoint, type EndpointParams, endpointParams, PHONE_NOT_SUPPORTED } from './endpoint.js';

export type Subscription = { unsubscribe(): void };
type ContactCallback = (contact: Contact) => void;

/** ContactEvents' runtime values: a contact's own events are `<value>::<contactId>`. */
const CONTACT_EVENT_VALUES: ReadonlySet<string> = new Set(Object.values(ContactEvents));

const NO_SCREEN_SHARING = 'Screen sharing is only supported for WebRTC contacts.';

export class Contact {
  /** Set on the classes of one `connect` instance. */
  static rt: Runtime | undefined;
  readonly contactId: string;

  constructor(contactId: string) {
    this.contactId = contactId;
  }

  protected get rt(): Runtime {
    const rt = (this.constructor as typeof Contact).rt;
    if (!rt) throw new Error('This contact is not bound to a connect instance');
    return rt;
  }

  protected _getData(): ContactData<Date> {
    return this.rt.contactData(this.contactId);
  }

  private sub(event: string, f: ContactCallback): Subscription {
    return this.rt.bus.subscribe(this.getEventName(event), f as (data: unknown) => void);
  }

  getEventName(eventName: string): string {
    if (!CONTACT_EVENT_VALUES.has(eventName)) throw new ValueError('%s is not a valid contact event.', eventName);
    return `${eventName}::${this.contactId}`;
  }

  onRefresh(f: ContactCallback): Subscription {
    return this.sub('contact::refresh', f);
  }
  onIncoming(f: ContactCallback): Subscription {
    return this.sub('contact::incoming', f);
  }
  onPending(f: ContactCallback): Subscription {
    return this.sub('contact::pending', f);
  }
  onConnecting(f: ContactCallback): Subscription {
    return this.sub('contact::connecting', f);
  }
  onAccepted(f: ContactCallback): Subscription {
    return this.sub('contact::accepted', f);
  }
  onMissed(f: ContactCallback): Subscription {
    return this.sub('contact::missed', f);
  }
  onConnected(f: ContactCallback): Subscription {
    return this.sub('contact::connected', f);
  }
  onACW(f: ContactCallback): Subscription {
    return this.sub('contact::acw', f);
  }
  onEnded(f: ContactCallback): Subscription {
    return this.sub('contact::ended', f);
  }
  onDestroy(f: ContactCallback): Subscription {
    return this.sub('contact::destroyed', f);
  }
  onError(f: ContactCallback): Subscription {
    return this.sub('contact::error', f);
  }
  onScreenSharingStarted(f: (e: { contactId: string }) => void): Subscription {
    return this.rt.bus.subscribe('contact::screen_sharing_started', f as (data: unknown) => void);
  }
  onScreenSharingStopped(f: (e: { contactId: string }) => void): Subscription {
    return this.rt.bus.subscribe('contact::screen_sharing_stopped', f as (data: unknown) => void);
  }
  onScreenSharingError(f: (e: { contactId: string }) => void): Subscription {
    return this.rt.bus.subscribe('contact::screen_sharing_error', f as (data: unknown) => void);
  }

  getContactId(): string {
    return this.contactId;
  }
  getOriginalContactId(): string {
    return this._getData().initialContactId;
  }
  getInitialContactId(): string {
    return this.getOriginalContactId();
  }
  getType(): string {
    return this._getData().type;
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
  /** How long the contact has lasted, ms (from its first queueing, as Connect counts it). */
  getContactDuration(): number {
    const d = this._getData() as ContactData<Date> & { contactDuration?: number };
    if (typeof d.contactDuration === 'number') return d.contactDuration;
    const since = d.queueTimestamp ?? d.state.timestamp;
    return Math.max(0, this.rt.elapsedSince(since));
  }
  getQueue(): { name: string; queueARN: string; queueId: string } {
    return this._getData().queue as { name: string; queueARN: string; queueId: string };
  }
  getQueueTimestamp(): Date | undefined {
    return this._getData().queueTimestamp;
  }
  getConnections(): BaseConnection[] {
    const d = this._getData();
    return d.connections.map((c) => this.connection(d, c.connectionId));
  }
  /** A connection of this contact's kind (a snapshot's own over its data). */
  protected connection(d: ContactData<Date>, connectionId: string): BaseConnection {
    return this.rt.classes.connection(this.contactId, d.type, connectionId);
  }
  getInitialConnection(): BaseConnection | null {
    return this.getConnections().find((c) => c.isInitialConnection()) ?? null;
  }
  getActiveInitialConnection(): BaseConnection | null {
    const c = this.getInitialConnection();
    return c?.isActive() ? c : null;
  }
  getThirdPartyConnections(): BaseConnection[] {
    return this.getConnections().filter((c) => !c.isInitialConnection() && c.getType() !== 'agent');
  }
  getSingleActiveThirdPartyConnection(): BaseConnection | null {
    return this.getThirdPartyConnections().filter((c) => c.isActive())[0] ?? null;
  }
  /** The agent's own connection: `agent`, or a supervisor's `monitoring`. */
  getAgentConnection(): BaseConnection {
    const c = this.getConnections().find((x) => x.getType() === 'agent' || x.getType() === 'monitoring');
    if (!c) throw new StateError('Contact %s has no agent connection.', this.contactId);
    return c;
  }
  getActiveConnections(): BaseConnection[] {
    return this.getConnections().filter((c) => c.isActive());
  }
  hasTwoActiveParticipants(): boolean {
    return this.getActiveConnections().length === 2;
  }
  getAttributes(): Record<string, { name: string; value: string }> {
    return this._getData().attributes;
  }
  getSegmentAttributes(): Record<string, { ValueString?: string }> {
    return this._getData().segmentAttributes;
  }
  getContactSubtype(): string | null {
    return this.getSegmentAttributes()['connect:Subtype']?.ValueString ?? null;
  }
  getName(): string | undefined {
    return this._getData().name;
  }
  getDescription(): string | undefined {
    return this._getData().description;
  }
  getReferences(): Record<string, { type: string; value: string }> | undefined {
    return this._getData().references;
  }
  getChannelContext(): { scheduledTime?: number; taskTemplateId?: string } {
    const d = this._getData();
    return {
      ...(d.scheduledTimestamp ? { scheduledTime: Math.floor(d.scheduledTimestamp.getTime() / 1000) } : {}),
      ...(d.taskTemplate ? { taskTemplateId: d.taskTemplate.id } : {}),
    };
  }
  getInitiationMethod(): string {
    return this._getData().initiationMethod;
  }
  getContactMetadata(): unknown {
    return (this._getData() as { contactMetadata?: unknown }).contactMetadata;
  }
  getRelatedContactId(): string | null {
    return this._getData().relatedContactId ?? null;
  }
  getContactAssociationId(): string | null {
    return null;
  }
  getCustomerEndpoint(): Endpoint | null {
    return null;
  }
  getConnectSystemEndpoint(): Endpoint | null {
    return null;
  }
  getContactFeatures(): { multiPartyConferenceEnabled: boolean } {
    return { multiPartyConferenceEnabled: this.isVoice() };
  }
  isSoftphoneCall(): boolean {
    return this.isVoice() && this._getData().connections.some((c) => c.softphoneMediaInfo);
  }
  hasVideoRTCCapabilities(): boolean {
    return false;
  }
  canAgentSendVideo(): boolean {
    return false;
  }
  canAgentReceiveVideo(): boolean {
    return false;
  }
  hasScreenShareCapability(): boolean {
    return false;
  }
  canAgentSendScreenShare(): boolean {
    return false;
  }
  canCustomerSendScreenShare(): boolean {
    return false;
  }
  startScreenSharing(_skipSessionInitiation?: boolean): Promise<void> {
    return Promise.reject(new Error(NO_SCREEN_SHARING));
  }
  stopScreenSharing(): Promise<void> {
    return Promise.reject(new Error(NO_SCREEN_SHARING));
  }
  isInbound(): boolean {
    const d = this._getData();
    if (d.type === 'task' || d.type === 'email') return d.initiationMethod !== 'outbound';
    return d.connections.find((c) => c.initial)?.type === 'inbound';
  }
  isConnected(): boolean {
    return this.getState().type === 'connected';
  }
  isMultiPartyConferenceEnabled(): boolean {
    return this.isVoice();
  }
  /** A barging supervisor is on the call. */
  isUnderSupervision(): boolean {
    return this._getData().connections.some((c) => c.type !== 'agent' && c.state.type === 'barge');
  }
  isAutoAcceptEnabled(): boolean {
    const d = this._getData();
    return d.agentContactHandlingConfig?.autoAccept === true;
  }
  isCampaignPreview(): boolean {
    return false;
  }
  isCustomerFirstCallback(): boolean {
    return false;
  }
  getInstanceDetails(): Promise<{ origin: string; region: string }> {
    return Promise.resolve({ origin: this.rt.transport?.endpoint ?? '', region: this.rt.region ?? 'us-east-1' });
  }
  toSnapshot(): Contact {
    return new this.rt.classes.ContactSnapshot(structuredClone(this._getData()));
  }
  private isVoice(): boolean {
    const t = this._getData().type;
    return t === 'voice' || t === 'queue_callback';
  }

  // Actions ---------------------------------------------------------------------------

  accept(cbs?: SuccessFailOptions): void {
    const contactId = this.contactId;
    const release = this.rt.holdUpdates();
    this.rt.call('acceptContact', { contactId }).then(
      (data) => {
        this.rt.broadcast('contact::accepted', { contactId });
        this.rt.broadcast(`contact::accepted::${contactId}`, { contactId });
        release();
        cbs?.success?.(data);
      },
      // The runtime's accept failure gets ContactStateType.ERROR, not the backend's error.
      () => {
        release();
        cbs?.failure?.('error');
      },
    );
  }
  reject(cbs?: SuccessFailOptions): void {
    this.rt.request('rejectContact', { contactId: this.contactId }, cbs);
  }
  /** Deprecated and a no-op in Streams: end with `getAgentConnection().destroy()`. */
  destroy(_cbs?: SuccessFailOptions): void {
    this.rt.log.warn('contact.destroy() has been deprecated.');
  }
  clear(cbs?: SuccessFailOptions): void {
    this.rt.request('clearContact', { contactId: this.contactId }, cbs);
  }
  complete(cbs?: SuccessFailOptions): void {
    this.rt.request('completeContact', { contactId: this.contactId }, cbs);
  }
  notifyIssue(issueCode: string, description: string, cbs?: SuccessFailOptions): void {
    this.rt.request('notifyContactIssue', { contactId: this.contactId, issueCode, description }, cbs);
  }
  /** Voice: calls a quick connect into this call (a consult); the customer is held. */
  addConnection(endpoint: Endpoint | EndpointParams, cbs?: SuccessFailOptions): void {
    if (this.refusePhone(endpoint, cbs)) return;
    this.rt.request('createAdditionalConnection', { contactId: this.contactId, endpoint: endpointParams(endpoint) }, cbs);
  }
  /** Adds a participant: for a call, as addConnection; chats take no extra participant in Switchboard yet. */
  addParticipant(endpoint: Endpoint | EndpointParams, cbs?: SuccessFailOptions): void {
    if (this.refusePhone(endpoint, cbs)) return;
    const method = this.isVoice() ? 'createAdditionalConnection' : 'addNewConnection';
    this.rt.request(method, { contactId: this.contactId, endpoint: endpointParams(endpoint) }, cbs);
  }
  /** Chats and tasks: to a quick connect (queue or agent). */
  transfer(endpoint: Endpoint | EndpointParams, cbs?: SuccessFailOptions): void {
    if (this.refusePhone(endpoint, cbs)) return;
    this.rt.request('transferContact', { contactId: this.contactId, endpoint: endpointParams(endpoint) }, cbs);
  }
  toggleActiveConnections(cbs?: SuccessFailOptions): void {
    this.rt.request('toggleActiveConnections', { contactId: this.contactId }, cbs);
  }
  conferenceConnections(cbs?: SuccessFailOptions): void {
    this.rt.request('conferenceConnections', { contactId: this.contactId }, cbs);
  }
  /** Streams' softphone telemetry for Amazon (`sendSoftphoneCallMetrics`): Switchboard keeps none. */
  sendSoftphoneMetrics(_softphoneStreamStatistics: unknown, cbs?: SuccessFailOptions): void {
    cbs?.failure?.('Softphone call metrics are not available in Switchboard: it does not collect them');
  }
  /** Streams' softphone call report for Amazon (`sendSoftphoneCallReport`): Switchboard keeps none. */
  sendSoftphoneReport(_report: unknown, cbs?: SuccessFailOptions): void {
    cbs?.failure?.('Softphone call reports are not available in Switchboard: it does not collect them');
  }
  /** Tasks: connected → paused. */
  pause(cbs?: SuccessFailOptions): void {
    this.rt.request('pauseContact', { contactId: this.contactId }, cbs);
  }
  /** Tasks: paused → connected. */
  resume(cbs?: SuccessFailOptions): void {
    this.rt.request('resumeContact', { contactId: this.contactId }, cbs);
  }
  /** A supervisor's monitoring contact: `SILENT_MONITOR` ⇄ `BARGE`. */
  updateMonitorParticipantState(targetMonitorMode: string, cbs?: SuccessFailOptions): void {
    if (targetMonitorMode !== 'SILENT_MONITOR' && targetMonitorMode !== 'BARGE') {
      cbs?.failure?.('invalid_target_state');
      return;
    }
    this.rt.request('updateMonitorParticipantState', { contactId: this.contactId, targetMonitorMode }, cbs);
  }
  silentMonitor(cbs?: SuccessFailOptions): void {
    this.updateMonitorParticipantState('SILENT_MONITOR', cbs);
  }
  bargeIn(cbs?: SuccessFailOptions): void {
    this.updateMonitorParticipantState('BARGE', cbs);
  }
  engagePreviewContact(): Promise<never> {
    return Promise.reject(new Error('Outbound campaigns (preview contacts) are not available in Switchboard'));
  }
  getPreviewConfiguration(): Promise<never> {
    return Promise.reject(new Error('Outbound campaigns (preview contacts) are not available in Switchboard'));
  }
  isPreviewMode(): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** A phone number is refused here, in words: Switchboard has no telephone network yet. */
  private refusePhone(endpoint: Endpoint | EndpointParams, cbs?: SuccessFailOptions): boolean {
    const e = endpoint instanceof Endpoint ? endpoint : new Endpoint(endpoint);
    if (e.type !== 'phone_number') return false;
    // Not the error's message: the log redacts everything after the words "phone number" (as the runtime does).
    this.rt.log.warn('Contact %s: a telephone endpoint is refused (NotSupported): Switchboard has no PSTN yet', this.contactId);
    cbs?.failure?.(JSON.stringify(PHONE_NOT_SUPPORTED));
    return true;
  }
}

/** A contact over a frozen copy of its data (`toSnapshot()`, the payload of `destroyed`). */
export class ContactSnapshot extends Contact {
  private readonly data: ContactData<Date>;
  constructor(data: ContactData<Date>) {
    super(data.contactId);
    this.data = data;
  }
  protected override _getData(): ContactData<Date> {
    return this.data;
  }
  protected override connection(d: ContactData<Date>, connectionId: string): BaseConnection {
    return this.rt.classes.connection(this.contactId, d.type, connectionId, this.data);
  }
}
