/**
 * Streams' `Agent`: a thin handle over the agent's data (api-streams-surface.md §9), with
 * its events, getters and actions. `new connect.Agent()` throws until the first agent data
 * arrived, as the runtime's. `agent.createTask` and the task-template methods are TaskJS's
 * additions to Streams' Agent (§18), included here.
 */
import type { AgentConfiguration, AgentData, ContactData } from '@switchboard/core/agent';
import type { Runtime, SuccessFailOptions } from '../runtime.js';
import { StateError } from '../util.js';
import type { Contact, Subscription } from './contact.js';
import { Endpoint, type EndpointParams, endpointParams } from './endpoint.js';

export interface AgentStateDefinition {
  agentStateARN: string;
  type: string;
  name: string;
}

export interface AgentStateChange {
  agent: Agent;
  oldState: string;
  newState: string;
}

export interface ConnectOptions extends SuccessFailOptions {
  queueARN?: string;
  queueId?: string;
  relatedContactId?: string;
  /** Fail after this many ms without an answer (the runtime's option). */
  timeout?: number;
}

/** TaskJS's `agent.createTask` input. */
export interface TaskContactDefinition {
  endpoint: Endpoint | EndpointParams;
  name: string;
  description?: string;
  references?: Record<string, { type: string; value: string }>;
  scheduledTime?: number;
  previousContactId?: string;
  idempotencyToken?: string;
  taskTemplateId?: string;
  quickConnectId?: string;
  attributes?: Record<string, string>;
}

const VOICE_ENHANCEMENT = new Set(['VOICE_ISOLATION', 'NOISE_SUPPRESSION', 'NONE']);
const LOCALE = /^[a-z]{2}_[A-Z]{2}$/;

const randomToken = (): string =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export class Agent {
  /** Set on the classes of one `connect` instance. */
  static rt: Runtime | undefined;

  constructor() {
    if (!this.rt.agentInitialized) throw new StateError('The agent is not yet initialized!');
  }

  protected get rt(): Runtime {
    const rt = (this.constructor as typeof Agent).rt;
    if (!rt) throw new Error('This agent is not bound to a connect instance');
    return rt;
  }

  protected _getData(): AgentData {
    return this.rt.agentData();
  }

  private on<T>(event: string, f: (payload: T) => void): Subscription {
    return this.rt.bus.subscribe(event, f as (data: unknown) => void);
  }

  onRefresh(f: (agent: Agent) => void): Subscription {
    return this.on('agent::refresh', f);
  }
  onRoutable(f: (agent: Agent) => void): Subscription {
    return this.on('agent::routable', f);
  }
  onNotRoutable(f: (agent: Agent) => void): Subscription {
    return this.on('agent::not_routable', f);
  }
  onOffline(f: (agent: Agent) => void): Subscription {
    return this.on('agent::offline', f);
  }
  onError(f: (agent: Agent) => void): Subscription {
    return this.on('agent::error', f);
  }
  onSoftphoneError(f: (error: unknown) => void): Subscription {
    return this.on('agent::softphone_error', f);
  }
  onWebSocketConnectionLost(f: (agent: Agent) => void): Subscription {
    return this.on('agent::websocket_connection_lost', f);
  }
  onWebSocketConnectionGained(f: (agent: Agent) => void): Subscription {
    return this.on('agent::websocket_connection_gained', f);
  }
  onNetworkConnectionStatusChanged(f: (e: { status: string; timestamp: number }) => void): Subscription {
    const lost = this.on('agent::websocket_connection_lost', () => f({ status: 'disconnected', timestamp: Date.now() }));
    const gained = this.on('agent::websocket_connection_gained', () => f({ status: 'connected', timestamp: Date.now() }));
    return {
      unsubscribe: () => {
        lost.unsubscribe();
        gained.unsubscribe();
      },
    };
  }
  getNetworkConnectionStatus(): Promise<{ status: string; timestamp: number }> {
    return Promise.resolve({ status: this.rt.transport ? 'connected' : 'disconnected', timestamp: Date.now() });
  }
  onAfterCallWork(f: (agent: Agent) => void): Subscription {
    return this.on('agent::acw', f);
  }
  onStateChange(f: (change: AgentStateChange) => void): Subscription {
    return this.on('agent::state_change', f);
  }
  onMuteToggle(f: (e: { muted: boolean }) => void): Subscription {
    return this.on('agent::mute_toggle', f);
  }
  onLocalMediaStreamCreated(f: (e: { deviceId?: string }) => void): Subscription {
    return this.on('agent::local_media_stream_created', f);
  }
  onSpeakerDeviceChanged(f: (e: { deviceId: string }) => void): Subscription {
    return this.on('configuration::speaker_device_changed', f);
  }
  onMicrophoneDeviceChanged(f: (e: { deviceId: string }) => void): Subscription {
    return this.on('configuration::microphone_device_changed', f);
  }
  onRingerDeviceChanged(f: (e: { deviceId: string }) => void): Subscription {
    return this.on('configuration::ringer_device_changed', f);
  }
  onCameraDeviceChanged(f: (e: { deviceId: string }) => void): Subscription {
    return this.on('configuration::camera_device_changed', f);
  }
  onBackgroundBlurChanged(f: (e: { isBackgroundBlurEnabled: boolean }) => void): Subscription {
    return this.on('configuration::background_blur_changed', f);
  }
  onVoiceEnhancementModeChanged(f: (e: { voiceEnhancementMode: string }) => void): Subscription {
    return this.on('configuration::voice_enhancement_mode_changed', f);
  }
  onEnqueuedNextState(f: (agent: Agent) => void): Subscription {
    return this.on('agent::enqueued_next_state', f);
  }
  onClearedNextState(f: (agent: Agent) => void): Subscription {
    return this.on('agent::cleared_next_state', f);
  }

  // Getters ----------------------------------------------------------------------------

  getState(): AgentData['snapshot']['state'] {
    return this._getData().snapshot.state;
  }
  getStatus(): AgentData['snapshot']['state'] {
    return this.getState();
  }
  getNextState(): AgentData['snapshot']['nextState'] {
    return this._getData().snapshot.nextState;
  }
  getAvailabilityState(): AgentData['snapshot']['agentAvailabilityState'] {
    return this._getData().snapshot.agentAvailabilityState;
  }
  getStateDuration(): number {
    return this.rt.elapsedSince(this._getData().snapshot.state.startTimestamp);
  }
  getStatusDuration(): number {
    return this.getStateDuration();
  }
  getPermissions(): string[] {
    return this.getConfiguration().permissions;
  }
  getContacts(contactTypeFilter?: string): Contact[] {
    return this._getData()
      .snapshot.contacts.map((c) => this.contactOf(c))
      .filter((c) => !contactTypeFilter || c.getType() === contactTypeFilter);
  }
  protected contactOf(c: ContactData<Date>): Contact {
    return new this.rt.classes.Contact(c.contactId);
  }
  getConfiguration(): AgentConfiguration {
    return this._getData().configuration;
  }
  getAgentStates(): AgentStateDefinition[] {
    return this.getConfiguration().agentStates;
  }
  getRoutingProfile(): AgentConfiguration['routingProfile'] {
    return this.getConfiguration().routingProfile;
  }
  getVoiceEnhancementMode(): string | undefined {
    return (this.getConfiguration() as { voiceEnhancementMode?: string }).voiceEnhancementMode;
  }
  getChannelConcurrency(): Record<string, number>;
  getChannelConcurrency(channel: string): number;
  getChannelConcurrency(channel?: string): number | Record<string, number> {
    const map = (this.getRoutingProfile().channelConcurrencyMap as Record<string, number> | undefined) ?? {
      VOICE: 1,
      CHAT: 1,
    };
    return channel ? (map[channel] ?? 0) : map;
  }
  getName(): string {
    return this.getConfiguration().name;
  }
  getAgentARN(): string {
    return this.getConfiguration().agentARN;
  }
  getExtension(): string {
    return this.getConfiguration().extension;
  }
  getDialableCountries(): string[] {
    return this.getConfiguration().dialableCountries;
  }
  isSoftphoneEnabled(): boolean {
    return this.getConfiguration().softphoneEnabled;
  }
  getAllQueueARNs(): string[] {
    return this.getConfiguration().routingProfile.queues.map((q) => q.queueARN);
  }
  toSnapshot(): Agent {
    const data = structuredClone(this._getData());
    const rt = this.rt;
    const Bound = this.constructor as typeof Agent;
    // An agent over a frozen copy of the data (`AgentSnapshot`), its contacts snapshots too.
    const Snap = class extends Bound {
      protected override _getData(): AgentData {
        return data;
      }
      protected override contactOf(c: ContactData<Date>): Contact {
        return new rt.classes.ContactSnapshot(c);
      }
    };
    return new Snap();
  }

  // Actions ----------------------------------------------------------------------------

  setState(state: AgentStateDefinition, cbs?: SuccessFailOptions, opts?: { enqueueNextState?: boolean }): void {
    if (!state) throw new StateError('state must not be null');
    this.rt.request('putAgentState', { state, enqueueNextState: !!opts?.enqueueNextState }, cbs);
  }
  setStatus(state: AgentStateDefinition, cbs?: SuccessFailOptions, opts?: { enqueueNextState?: boolean }): void {
    this.setState(state, cbs, opts);
  }
  setConfiguration(configuration: AgentConfiguration, cbs?: SuccessFailOptions): void {
    const prefs = configuration?.agentPreferences as Record<string, string> | undefined;
    if (prefs?.LANGUAGE && !prefs.locale) prefs.locale = prefs.LANGUAGE;
    if (prefs && prefs.locale !== undefined && !LOCALE.test(prefs.locale)) {
      cbs?.failure?.('InvalidLocale');
      return;
    }
    this.rt.request('updateAgentConfiguration', { configuration }, cbs, () => {
      // Streams asks the CCP to reload the configuration after a change (every tab then has it).
      this.rt.broadcast('reload_agent_configuration', undefined);
    });
  }
  /** An outbound call: Switchboard has no telephone network yet, so this is refused (UnsupportedOperation). */
  connect(endpointIn: Endpoint | EndpointParams, params?: ConnectOptions): void {
    const endpoint = endpointParams(endpointIn);
    const queueARN = params?.queueARN ?? params?.queueId ?? this.getRoutingProfile().defaultOutboundQueue?.queueARN;
    const call: Record<string, unknown> = { endpoint, queueARN };
    if (params?.relatedContactId) call.relatedContactId = params.relatedContactId;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = (f: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      f();
    };
    if (typeof params?.timeout === 'number' && params.timeout > 0) {
      const ms = params.timeout;
      timer = setTimeout(() => once(() => params.failure?.(`Agent.connect timed out after ${ms} ms`)), ms);
    }
    this.rt.request('createOutboundContact', call, {
      success: (d) => once(() => params?.success?.(d)),
      failure: (e, d) => once(() => params?.failure?.(e, d)),
    });
  }
  getEndpoints(
    queueARNs: string | string[] | undefined,
    cbs: { success: (r: { endpoints: Endpoint[]; addresses: Endpoint[] }) => void; failure?: (err: string) => void },
  ): void {
    if (!cbs?.success) throw new StateError('callbacks.success must not be null');
    const arns = Array.isArray(queueARNs) ? queueARNs : [queueARNs];
    this.rt.request<{ endpoints: EndpointParams[] }>(
      'getEndpoints',
      { queueARNs: arns.filter((a): a is string => typeof a === 'string') },
      {
        success: (data) => {
          const endpoints = (data?.endpoints ?? []).map((e) => new Endpoint(e));
          cbs.success({ endpoints, addresses: endpoints });
        },
        ...(cbs.failure ? { failure: cbs.failure } : {}),
      },
    );
  }
  getAddresses(
    queueARNs: string | string[] | undefined,
    cbs: { success: (r: { endpoints: Endpoint[]; addresses: Endpoint[] }) => void; failure?: (err: string) => void },
  ): void {
    this.getEndpoints(queueARNs, cbs);
  }
  /** TaskJS's `agent.createTask`: a task to a quick connect; with `taskTemplateId`, from a template. */
  createTask(task: TaskContactDefinition, cbs?: SuccessFailOptions<{ contactId: string }>): void {
    if (!task?.name) throw new StateError('task.name must not be null');
    if (!task.endpoint) throw new StateError('task.endpoint must not be null');
    if (task.taskTemplateId) {
      const ep = endpointParams(task.endpoint);
      const params: Record<string, unknown> = {
        TaskTemplateId: task.taskTemplateId,
        QuickConnectId: task.quickConnectId ?? ep.endpointARN,
        Name: task.name,
        ...(task.description !== undefined ? { Description: task.description } : {}),
        ...(task.references ? { References: pascalReferences(task.references) } : {}),
        ...(task.scheduledTime !== undefined ? { ScheduledTime: task.scheduledTime } : {}),
        ...(task.previousContactId ? { PreviousContactId: task.previousContactId } : {}),
        ...(task.attributes ? { Attributes: task.attributes } : {}),
      };
      this.rt.request('createTemplatedTask', params, cbs);
      return;
    }
    const { endpoint, ...rest } = task;
    this.rt.request(
      'createTaskContact',
      { ...rest, endpoint: endpointParams(endpoint), idempotencyToken: task.idempotencyToken ?? randomToken() },
      cbs,
    );
  }
  /** TaskJS's `agent.updateContact` (a templated task's fields). */
  updateContact(task: Record<string, unknown> & { contactId: string }, cbs?: SuccessFailOptions): void {
    if (!task?.contactId) throw new StateError('contactId must not be null');
    this.rt.request('updateContact', task, cbs);
  }
  listTaskTemplates(params: { status?: 'active' | 'inactive'; maxResults?: number }, cbs?: SuccessFailOptions): void {
    // TaskJS's shapes, which the agent API reads: the query under `queryParams`, the template under `templateParams`.
    this.rt.request('listTaskTemplates', { queryParams: params ?? {} }, cbs);
  }
  getTaskTemplate(params: { id: string; version?: string }, cbs?: SuccessFailOptions): void {
    this.rt.request('getTaskTemplate', { templateParams: params }, cbs);
  }
  /** The agent's own microphone on their call (Streams broadcasts `mute`). */
  mute(): void {
    this.rt.transport?.setMuted(true);
  }
  unmute(): void {
    this.rt.transport?.setMuted(false);
  }
  setSpeakerDevice(deviceId: string): void {
    this.rt.broadcast('configuration::set_speaker_device', { deviceId });
  }
  setMicrophoneDevice(deviceId: string): void {
    this.rt.broadcast('configuration::set_microphone_device', { deviceId });
  }
  setRingerDevice(deviceId: string): void {
    this.rt.broadcast('configuration::set_ringer_device', { deviceId });
  }
  setCameraDevice(deviceId: string): void {
    this.rt.broadcast('configuration::camera_device_changed', { deviceId });
  }
  setBackgroundBlur(isBackgroundBlurEnabled: boolean): void {
    this.rt.broadcast('configuration::background_blur_changed', { isBackgroundBlurEnabled });
  }
  setVoiceEnhancementMode(mode: string): Promise<void> {
    if (!VOICE_ENHANCEMENT.has(mode)) return Promise.reject(new Error(`Invalid voice enhancement mode ${mode}`));
    this.rt.broadcast('configuration::voice_enhancement_mode_changed', { voiceEnhancementMode: mode });
    return Promise.resolve();
  }
}

function pascalReferences(
  refs: Record<string, { type: string; value: string }>,
): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [k, v] of Object.entries(refs)) out[k] = { Type: v.type, Value: v.value };
  return out;
}
