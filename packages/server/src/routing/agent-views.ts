/**
 * What an instance's agents see: their Streams data built from the engine, the contact
 * documents and the resources, pushed to each agent's sockets after every commit that
 * touches them (a whole snapshot for a new socket, deltas after), and the tokens the data
 * carries.
 */
import {
  type AgentDataInput,
  type AgentDataWire,
  type Assignment,
  type AgentRuntime,
  agentDisplayName,
  buildAgentConfiguration,
  buildAgentSnapshot,
  contactBuilder,
  type ContactView,
  type Effects,
  type HeadJson,
  headAt,
  headLeadIsStable,
  isAgentQueueId,
  type RoutingEngine,
  type RoutingEvent,
  snapshotDeltaJson,
  snapshotHeadJson,
  snapshotJson,
  snapshotOrder,
  type VoiceCallState,
} from '@switchboard/core';
import type { TokenSigner } from '../auth/tokens.js';
import type { AgentRecords } from './agent-records.js';
import type { ContactDoc } from './contact-doc.js';
import { callOf, holderOf } from '../voice/call-doc.js';
import { type InstanceConfigView, permissionsOf } from './instance-config.js';

export interface AgentPush {
  /** Increases with every change of this agent's data; survives restarts. */
  readonly version: number;
  /**
   * As JSON, ready to send: `{type:'snapshot', version, data}` (whole, for a new socket) or
   * `{type:'delta', version, base, data}` (the contacts changed since the push `base`, and
   * the configuration only when it changed); see docs/agent-api.md.
   */
  readonly frame: string;
}

/** A push as its sockets hold it: the version, the configuration, each contact's JSON by id. */
interface Pushed {
  readonly version: number;
  readonly configuration: AgentDataWire['configuration'];
  readonly contacts: ReadonlyMap<string, string>;
}

/** One contact's snapshot JSON, valid while its assignment, document and the configuration stay the same. */
interface ContactJson {
  readonly assignment: Assignment;
  readonly config: InstanceConfigView;
  readonly routing: AgentRuntime['routing'];
  readonly json: string;
}

export type AgentListener = (push: AgentPush) => void;

/** How long an agent's chat participant token lives when the chat has no expiry. */
const DEFAULT_TOKEN_TTL_MS = 25 * 3600_000;
/** How long an agent's voice token opens their leg after the offer: as long as the customer's (WEBRTC_TOKEN_MS). */
const VOICE_TOKEN_TTL_MS = 12 * 3600_000;

/** What the views need of their instance's routing (an InstanceRouting). */
export interface ViewedRouting {
  readonly config: InstanceConfigView;
  readonly engine: RoutingEngine;
  readonly docs: ReadonlyMap<string, ContactDoc>;
  readonly instanceId: string;
  step(events: readonly RoutingEvent[], opts?: { readonly touch?: readonly string[] }): Promise<readonly Effects[]>;
}

export class AgentViews {
  readonly listeners = new Map<string, Set<AgentListener>>();
  private readonly dirty = new Set<string>();
  private pushScheduled = false;
  private readonly configurations = new Map<
    string,
    {
      readonly config: InstanceConfigView;
      readonly prefs: Record<string, string> | undefined;
      readonly routing: AgentRuntime['routing'];
      readonly configuration: AgentDataWire['configuration'];
    }
  >();
  /** Contacts' snapshot JSON by contact id; dropped whenever a commit touches the contact. */
  readonly contactJson = new Map<string, ContactJson>();
  /**
   * The agents' tokens by contact id, then connection id (chat participant tokens) or
   * `voice:<connection id>` (voice tokens); stable for an offer.
   */
  readonly agentTokens = new Map<string, Map<string, string>>();
  /** Each agent's snapshot head without its time, while what it is made of stays the same (see leadOf). */
  private readonly leads = new Map<string, { readonly key: readonly unknown[]; readonly lead: string }>();
  /** What each agent's sockets were last pushed: the base of the next delta. */
  private readonly pushed = new Map<string, Pushed>();
  private closed = false;

  constructor(
    private readonly ir: ViewedRouting,
    private readonly records: AgentRecords,
    private readonly deps: {
      readonly signer: TokenSigner;
      readonly now: () => number;
      readonly onError: (err: unknown) => void;
    },
  ) {}

  /** No more presence changes when sockets go: the routing closed. */
  close(): void {
    this.closed = true;
  }

  subscribe(agentId: string, listener: AgentListener): () => void {
    const set = this.listeners.get(agentId) ?? new Set<AgentListener>();
    this.listeners.set(agentId, set);
    set.add(listener);
    if (set.size === 1) this.ir.step([{ type: 'agent.presence', agentId, online: true }]).catch(this.deps.onError);
    return () => {
      const s = this.listeners.get(agentId);
      if (!s?.delete(listener) || s.size > 0) return;
      this.listeners.delete(agentId);
      this.pushed.delete(agentId);
      if (!this.closed) this.ir.step([{ type: 'agent.presence', agentId, online: false }]).catch(this.deps.onError);
    };
  }

  version(agentId: string): number {
    return this.records.versions.get(agentId) ?? 0;
  }

  /**
   * Pushes coalesce: several steps committed in one batch (common under load) send each
   * agent one snapshot with the latest state, not one per step.
   */
  pushSoon(agentId: string): void {
    this.dirty.add(agentId);
    if (this.pushScheduled) return;
    this.pushScheduled = true;
    setImmediate(() => {
      this.pushScheduled = false;
      const ids = [...this.dirty];
      this.dirty.clear();
      for (const id of ids) this.push(id);
    });
  }

  /** Sends a frame that is not agent data (an `aws/task` item) to the agent's sockets now. */
  sendNow(agentId: string, frame: string): void {
    const set = this.listeners.get(agentId);
    if (!set) return;
    const push: AgentPush = { version: this.version(agentId), frame };
    for (const l of set) l(push);
  }

  private push(agentId: string): void {
    const set = this.listeners.get(agentId);
    if (!set || set.size === 0) return;
    const push = this.snapshotFrame(agentId, false);
    if (push) for (const l of set) l(push);
  }

  /** The agent's data now as a frame with the configuration: the first one a new socket gets. */
  firstFrame(agentId: string): AgentPush | undefined {
    return this.snapshotFrame(agentId, true);
  }

  /**
   * The push frame, built from cached parts: each contact's JSON is kept until a commit
   * touches the contact (an agent with ten chats is pushed far more often than any one chat
   * changes), and the configuration goes along only when it changed.
   */
  private snapshotFrame(agentId: string, whole: boolean): AgentPush | undefined {
    const input = this.agentInput(agentId);
    if (!input) return undefined;
    const { agent } = input;
    const configuration = this.configurationOf(input);
    const head = this.headOf(input);
    const contact = contactBuilder(input);
    const contacts = new Map<string, string>();
    for (const a of snapshotOrder(agent)) {
      let cached = this.contactJson.get(a.contactId);
      if (!cached || cached.assignment !== a || cached.config !== this.ir.config || cached.routing !== agent.routing) {
        const view = this.contactView(a);
        if (!view) continue;
        cached = { assignment: a, config: this.ir.config, routing: agent.routing, json: JSON.stringify(contact(a, view)) };
        this.contactJson.set(a.contactId, cached);
      }
      contacts.set(a.contactId, cached.json);
    }
    const version = this.version(agentId);
    const last = this.pushed.get(agentId);
    const current: Pushed = { version, configuration, contacts };
    if (whole || !last) {
      // A new socket gets everything without the others' record changing: they are still
      // at the last push, and the next delta (based on it) brings them all up to date.
      if (!last) this.pushed.set(agentId, current);
      const data = `{"snapshot":${snapshotJson(head, [...contacts.values()])},"configuration":${JSON.stringify(configuration)}}`;
      return { version, frame: `{"type":"snapshot","version":${version},"data":${data}}` };
    }
    this.pushed.set(agentId, current);
    const changed: string[] = [];
    for (const [id, json] of contacts) if (last.contacts.get(id) !== json) changed.push(json);
    const withConfiguration = last.configuration !== configuration;
    const data = `{"snapshot":${snapshotDeltaJson(head, changed, [...contacts.keys()])}${withConfiguration ? `,"configuration":${JSON.stringify(configuration)}` : ''}}`;
    return { version, frame: `{"type":"delta","version":${version},"base":${last.version},"data":${data}}` };
  }

  /**
   * The snapshot head's JSON. Its state, availability and next state change far less often
   * than the agent is pushed (every step of each of its contacts): without a next state they
   * are kept, and only the time is new.
   */
  private headOf(input: AgentDataInput): HeadJson {
    const { agent } = input;
    if (!headLeadIsStable(agent)) return snapshotHeadJson(input);
    const key = [agent.display, agent.status, agent.statusSince, input.coords];
    const cached = this.leads.get(agent.agentId);
    if (cached && key.every((k, i) => k === cached.key[i])) {
      return headAt(cached.lead, input.now);
    }
    const head = snapshotHeadJson(input);
    this.leads.set(agent.agentId, { key, lead: head.lead });
    return head;
  }

  setPreferences(agentId: string, prefs: Record<string, string>): Promise<readonly Effects[]> {
    this.records.preferences.set(agentId, prefs);
    return this.ir.step([], { touch: [agentId] });
  }

  /** The agent's Streams data now; undefined for an unknown agent. */
  agentData(agentId: string): AgentDataWire | undefined {
    const input = this.agentInput(agentId);
    if (!input) return undefined;
    const contacts = new Map<string, ContactView>();
    for (const x of input.agent.assignments) {
      const view = this.contactView(x);
      if (view) contacts.set(x.contactId, view);
    }
    const full = { ...input, contacts };
    return { snapshot: buildAgentSnapshot(full), configuration: this.configurationOf(full) };
  }

  /** What the agent's data is built from, without the contacts' views (built as needed). */
  private agentInput(agentId: string): AgentDataInput | undefined {
    const agent = this.ir.engine.agent(agentId);
    const user = this.ir.config.users.get(agentId);
    if (!agent || !user) return undefined;
    const profile = this.ir.config.profiles.get(user.routingProfileId);
    if (!profile) return undefined;
    return {
      coords: this.ir.config.coords,
      agent,
      user,
      routingProfile: profile,
      queues: this.ir.config.queues,
      agentStatuses: this.ir.config.statuses,
      // Only the configuration shows them, and it is cached: see configurationOf.
      permissions: [],
      contacts: new Map(),
      now: this.deps.now(),
    };
  }

  /**
   * The configuration changes only with the instance's resources or the agent's
   * preferences: built once per change, not on every push.
   */
  private configurationOf(input: AgentDataInput): AgentDataWire['configuration'] {
    const agentId = input.agent.agentId;
    const prefs = this.records.preferences.get(agentId);
    let cached = this.configurations.get(agentId);
    if (!cached || cached.config !== this.ir.config || cached.prefs !== prefs || cached.routing !== input.agent.routing) {
      const configuration = buildAgentConfiguration({ ...input, permissions: permissionsOf(this.ir.config, input.user) });
      if (prefs) configuration.agentPreferences = { ...prefs };
      cached = { config: this.ir.config, prefs, routing: input.agent.routing, configuration };
      this.configurations.set(agentId, cached);
    }
    return cached.configuration;
  }

  /** What the snapshot shows of one of the agent's contacts, from its document. */
  private contactView(x: Assignment): ContactView | undefined {
    const doc = this.ir.docs.get(x.contactId);
    if (!doc) return undefined;
    const runtime = this.ir.engine.contact(x.contactId) ?? doc.runtime;
    const queueName = runtime.queueId
      ? isAgentQueueId(runtime.queueId)
        ? this.ir.config.users.get(runtime.queueId.slice('agent/'.length))?.name
        : this.ir.config.queues.get(runtime.queueId)?.name
      : undefined;
    return {
      runtime,
      attributes: doc.attributes,
      ...(doc.customer ? { customerName: doc.customer.displayName } : {}),
      customerConnectionId: doc.customer?.participantId ?? `${doc.contactId}-customer`,
      ...(doc.channel === 'CHAT' ? { agentConnectionToken: this.agentParticipantToken(doc, x.connectionId) } : {}),
      ...(doc.name !== undefined ? { name: doc.name } : {}),
      ...(doc.description !== undefined ? { description: doc.description } : {}),
      initiationMethod: doc.initiationMethod,
      ...(queueName !== undefined ? { queueName } : {}),
      ...(doc.task
        ? { task: { references: doc.task.references, ...(doc.task.template ? { template: doc.task.template } : {}) } }
        : {}),
      ...(doc.channel === 'VOICE' ? { voice: this.voiceView(doc, x) } : {}),
    };
  }

  /**
   * A voice contact's call as the agent sees it, with their voice token (the leg may open
   * while the offer rings and while the call is connected: contact-grants.ts checks the same).
   */
  private voiceView(doc: ContactDoc, x: Assignment): NonNullable<ContactView['voice']> {
    // A consult contact shows the call its agent joins (the consulting agent's); a
    // supervisor's monitoring contact the call they monitor.
    const consulted = doc.voiceCallOf !== undefined;
    const holder = consulted || doc.voiceMonitor ? holderOf(this.ir, doc) : doc;
    const call = callOf(holder);
    const base = {
      call,
      ...(consulted ? { consulted } : {}),
      ...(doc.voiceMonitor ? { monitoring: { agentName: this.agentNameOf(holder) } } : {}),
      ...(call.monitors?.length ? { supervisorNames: this.supervisorNames(call) } : {}),
      ...recordingOf(holder),
    };
    if (x.state !== 'connecting' && x.state !== 'connected') return base;
    return { ...base, callContextToken: this.agentVoiceToken(doc, x) };
  }

  /** The name the agent holding a call goes by (a supervisor's monitoringInfo). */
  private agentNameOf(holder: ContactDoc): string {
    const agentId = this.ir.engine.contact(holder.contactId)?.agentId ?? holder.agents.at(-1)?.userId;
    const user = agentId !== undefined ? this.ir.config.users.get(agentId) : undefined;
    return user ? agentDisplayName(user) : (agentId ?? '');
  }

  private supervisorNames(call: VoiceCallState): Record<string, string> {
    const names: Record<string, string> = {};
    for (const m of call.monitors ?? []) {
      const user = this.ir.config.users.get(m.userId);
      names[m.userId] = user ? agentDisplayName(user) : m.userId;
    }
    return names;
  }

  /** The agent's voice token (Streams' `softphoneMediaInfo.callContextToken`); stable for the offer. */
  private agentVoiceToken(doc: ContactDoc, x: Assignment): string {
    const tokens = this.tokensOf(doc.contactId);
    const key = `voice:${x.connectionId}`;
    let token = tokens.get(key);
    if (token === undefined) {
      token = this.deps.signer.sign({
        k: 'voice',
        i: this.ir.instanceId,
        c: doc.contactId,
        p: x.connectionId,
        e: x.offeredAt + VOICE_TOKEN_TTL_MS,
      });
      tokens.set(key, token);
    }
    return token;
  }

  private tokensOf(contactId: string): Map<string, string> {
    let tokens = this.agentTokens.get(contactId);
    if (!tokens) {
      tokens = new Map();
      this.agentTokens.set(contactId, tokens);
    }
    return tokens;
  }

  /** The agent's chat participant token (Streams `connectionData`); stable for the offer. */
  agentParticipantToken(doc: ContactDoc, connectionId: string): string {
    const tokens = this.tokensOf(doc.contactId);
    let token = tokens.get(connectionId);
    if (token === undefined) {
      token = this.deps.signer.sign({
        k: 'participant',
        i: this.ir.instanceId,
        c: doc.contactId,
        p: connectionId,
        e: doc.chat?.expiresAt ?? doc.initiatedAt + DEFAULT_TOKEN_TTL_MS,
      });
      tokens.set(connectionId, token);
    }
    return token;
  }
}

/** Whether the call's recording runs or is paused (the contact holding the call keeps it). */
const recordingOf = (doc: ContactDoc): { recording?: 'recording' | 'paused' } => {
  const status = doc.recording?.status;
  return status === 'recording' || status === 'paused' ? { recording: status } : {};
};
