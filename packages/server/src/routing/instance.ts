/**
 * One instance's routing at run time: the pure engine, the contact documents, the agent
 * subscribers. Every change goes through `step`: the engine decides synchronously, then
 * the changes are committed (contacts, agent states, events in one transaction), then
 * the agents concerned get their new snapshot.
 *
 * Its parts live beside it: agent-records.ts (what storage holds of the agents and how a
 * step becomes their rows), agent-views.ts (the agents' snapshots, pushes and tokens),
 * chat-expiries.ts (chats that end by themselves) and task-items.ts (the `aws/task` items
 * a step sends agents).
 */
import {
  type ChatItem,
  parseAbsoluteTime,
  type AgentDataWire,
  type ContactRuntime,
  type DomainEvent,
  type Effects,
  InternalServiceException,
  type Millis,
  RoutingEngine,
  type RoutingEvent,
} from '@switchboard/core';
import { randomBytes } from 'node:crypto';
import type { TokenSigner } from '../auth/tokens.js';
import type { AssignmentKey, EventRecord, StoredAgentState, StoredAssignment, StoredContact } from '../storage/types.js';
import { AgentRecords, readStoredAgents } from './agent-records.js';
import { type AgentListener, type AgentPush, AgentViews } from './agent-views.js';
import { ChatExpiries } from './chat-expiries.js';
import type { ContactDoc } from './contact-doc.js';
import { agentRouting, queueRouting } from './derive.js';
import type { InstanceConfigView } from './instance-config.js';
import type { Persister } from './persister.js';
import { taskItemFrame, taskItems } from './task-items.js';

export { type AgentStateBody, headKey, storedIdleSince } from './agent-records.js';
export type { AgentListener, AgentPush } from './agent-views.js';

/**
 * Sees every committed routing step of an instance (the chat service: joined / left /
 * ended items; the voice calls: their parties). `collect` runs synchronously before the
 * write, after the contacts' runtimes were refreshed: what it returns, and what it changed
 * in the documents of the step's contacts, is committed in the same transaction;
 * `committed` runs after, with the same `events` array.
 */
export interface CommitObserver {
  collect(ir: InstanceRouting, events: readonly DomainEvent[], now: number): readonly ChatItem[];
  committed(ir: InstanceRouting, items: readonly ChatItem[], events: readonly DomainEvent[]): void;
}

export interface InstanceRoutingDeps {
  readonly persister: Persister;
  /** Every observer, in order (RoutingService.addObserver). */
  readonly observers?: () => readonly CommitObserver[];
  readonly signer: TokenSigner;
  readonly now: () => number;
  readonly offerTimeoutMs?: number;
  /** Destroyed contacts whose documents stay in memory; default RETIRED_IN_MEMORY. */
  readonly retainDestroyed?: number;
  readonly onError: (err: unknown) => void;
}

/** What a superseded runtime answers every change (clients retry a 500). */
export const reloadingError = (): Error =>
  new InternalServiceException('Routing is reloading after a storage failure; retry in a moment');

/** Destroyed contacts kept in memory (documents) before only storage has them. */
const RETIRED_IN_MEMORY = 2000;

export class InstanceRouting {
  readonly docs = new Map<string, ContactDoc>();
  /** Destroyed contacts whose documents are still in memory, oldest first. */
  private readonly retired: string[] = [];
  /** The newest contact of each chain (initial contact id → contact id): where a chat is now. */
  readonly heads = new Map<string, string>();
  /** Versions, preferences and what storage holds of each agent. */
  private readonly records = new AgentRecords();
  /** The agents' snapshots and their sockets. */
  private readonly views: AgentViews;
  /** Chats that end by themselves. */
  private readonly chatExpiries: ChatExpiries;
  private timer: NodeJS.Timeout | undefined;
  private timerAt: number | undefined;
  private closed = false;
  /** Set when a commit failed: this runtime is ahead of storage and takes no more changes. */
  private isSuperseded = false;
  private readonly supersededHooks = new Set<() => void>();

  private constructor(
    public config: InstanceConfigView,
    readonly engine: RoutingEngine,
    private readonly deps: InstanceRoutingDeps,
  ) {
    this.views = new AgentViews(this, this.records, deps);
    this.chatExpiries = new ChatExpiries(this, deps);
  }

  get instanceId(): string {
    return this.config.instance.id;
  }

  /** Rebuilds routing from storage after a start: waiting and offered contacts are queued again. */
  static async load(
    config: InstanceConfigView,
    stored: {
      readonly agents: readonly StoredAgentState[];
      readonly assignments?: readonly StoredAssignment[];
      readonly contacts: readonly StoredContact[];
    },
    deps: InstanceRoutingDeps,
  ): Promise<InstanceRouting> {
    const now = deps.now();
    const docs = stored.contacts.map((c) => JSON.parse(c.body) as ContactDoc);
    const { agents, versions, prefs, held, legacy } = readStoredAgents(config, stored);
    const { engine, effects } = RoutingEngine.restore(
      {
        queues: [...config.queues.values()].map((q) => queueRouting(q, config.hours.get(q.hoursOfOperationId))),
        agents,
        contacts: docs.map((d) => d.runtime),
      },
      now,
      deps.offerTimeoutMs !== undefined ? { offerTimeoutMs: deps.offerTimeoutMs } : {},
    );
    const ir = new InstanceRouting(config, engine, deps);
    for (const d of docs) {
      ir.docs.set(d.contactId, d);
      ir.heads.set(d.runtime.initialContactId, d.contactId);
      if (d.chat) ir.chatExpiries.addExpiry(d.chat.expiresAt, d.contactId);
    }
    for (const [k, v] of versions) ir.records.versions.set(k, v);
    for (const [k, v] of prefs) ir.records.preferences.set(k, v);
    for (const [k, v] of held) ir.records.stored.set(k, v);
    const all: Effects[] = [effects];
    for (const user of config.users.values()) {
      if (!engine.agent(user.id)) {
        all.push(
          engine.apply({ type: 'agent.upsert', routing: agentRouting(user, config.profiles.get(user.routingProfileId)) }, now),
        );
      }
    }
    await ir.commit(all, now, [], legacy);
    return ir;
  }

  /** The instance's resources changed (admin API): route by the new ones. */
  async reconfigure(config: InstanceConfigView): Promise<void> {
    // A superseded runtime is being replaced by one loaded with the current resources.
    if (this.isSuperseded) return;
    this.config = config;
    const now = this.deps.now();
    const events: RoutingEvent[] = [];
    for (const q of config.queues.values()) {
      events.push({ type: 'queue.upsert', queue: queueRouting(q, config.hours.get(q.hoursOfOperationId)) });
    }
    for (const user of config.users.values()) {
      events.push({ type: 'agent.upsert', routing: agentRouting(user, config.profiles.get(user.routingProfileId)) });
    }
    const fx = events.map((e) => this.engine.apply(e, now));
    // Everyone's configuration (queues, statuses, names) may have changed.
    await this.commit(fx, now, [], [...this.views.listeners.keys()]);
  }

  // -------------------------------------------------------------------------------------
  // Changing things

  /**
   * Applies routing events in order, commits everything they and `docs` changed, pushes
   * snapshots. An illegal event throws before anything of it changed; events before it
   * in the same call stay applied (and are committed).
   */
  async step(
    events: readonly RoutingEvent[],
    opts: { readonly docs?: readonly ContactDoc[]; readonly touch?: readonly string[] } = {},
  ): Promise<readonly Effects[]> {
    this.assertCurrent();
    const now = this.deps.now();
    for (const d of opts.docs ?? []) {
      if (!this.docs.has(d.contactId)) {
        if (d.chat) this.chatExpiries.addExpiry(d.chat.expiresAt, d.contactId);
        this.heads.set(d.runtime.initialContactId, d.contactId);
      }
      this.docs.set(d.contactId, d);
    }
    const fx: Effects[] = [];
    let failure: unknown;
    for (const e of events) {
      try {
        fx.push(this.engine.apply(e, now));
      } catch (err) {
        failure = err;
        break;
      }
    }
    await this.commit(fx, now, opts.docs ?? [], opts.touch ?? []);
    if (failure !== undefined) throw failure;
    return fx;
  }

  private async commit(
    fx: readonly Effects[],
    now: Millis,
    docs: readonly ContactDoc[],
    touch: readonly string[],
  ): Promise<void> {
    const contactIds = new Set<string>(docs.map((d) => d.contactId));
    const agentIds = new Set<string>(touch);
    const events: DomainEvent[] = [];
    const gone = new Map<string, ContactRuntime>();
    for (const f of fx) {
      for (const [id, c] of f.destroyed) gone.set(id, c);
      for (const id of f.contacts) contactIds.add(id);
      for (const id of f.agents) agentIds.add(id);
      events.push(...f.events);
    }
    this.applyEventsToDocs(events, now);
    // A contact's agents see its changes (attributes, customer leaving).
    for (const id of contactIds) {
      const agentId = this.engine.contact(id)?.agentId;
      if (agentId) agentIds.add(agentId);
    }
    const destroyed: string[] = [];
    for (const id of contactIds) {
      this.views.contactJson.delete(id);
      const doc = this.docs.get(id);
      if (!doc) continue;
      const live = this.engine.contact(id);
      doc.runtime = live ? { ...live } : (gone.get(id) ?? this.destroyedRuntime(doc.runtime, now));
      if ((doc.runtime.phase === 'ended' || doc.runtime.phase === 'destroyed') && doc.disconnectedAt === undefined) {
        doc.disconnectedAt = doc.runtime.endedAt ?? now;
      }
      if (!live) destroyed.push(id);
    }
    const observers = this.deps.observers?.() ?? [];
    this.collecting = contactIds;
    let chatItems: ChatItem[];
    try {
      chatItems = observers.flatMap((o) => o.collect(this, events, now));
    } finally {
      this.collecting = undefined;
    }
    // Contacts an observer changed besides the step's own (a voice call moving to another
    // contact): written too, and their agents see it.
    for (const id of contactIds) {
      const agentId = this.engine.contact(id)?.agentId;
      if (agentId) agentIds.add(agentId);
    }
    const contacts: StoredContact[] = [];
    for (const id of contactIds) {
      const doc = this.docs.get(id);
      if (!doc) continue;
      contacts.push({
        instanceId: this.instanceId,
        contactId: id,
        initialContactId: doc.runtime.initialContactId,
        channel: doc.channel,
        phase: doc.runtime.phase,
        createdAt: doc.initiatedAt,
        updatedAt: now,
        body: JSON.stringify(doc),
      });
    }
    const agents: StoredAgentState[] = [];
    const assignments: StoredAssignment[] = [];
    const assignmentDeletes: AssignmentKey[] = [];
    for (const id of agentIds) {
      this.records.commitAgent(this.instanceId, this.engine.agent(id), id, now, agents, assignments, assignmentDeletes);
    }
    const records: EventRecord[] = events.map((e) => {
      const agentId = 'agentId' in e && e.agentId ? e.agentId : undefined;
      const contactId = 'contactId' in e ? e.contactId : undefined;
      // One shape for every record (no spreads of optional parts): several per step.
      return { instanceId: this.instanceId, type: e.type, at: now, agentId, contactId, body: JSON.stringify(e) };
    });
    const written = this.deps.persister.write({
      contacts,
      agents,
      assignments,
      assignmentDeletes,
      events: records,
      chatItems: this.storedItems(chatItems),
    });
    // Ended contacts stay in memory a while (an agent may still show a missed offer, a
    // participant may still read the transcript), then only in storage.
    for (const id of destroyed) this.retired.push(id);
    while (this.retired.length > (this.deps.retainDestroyed ?? RETIRED_IN_MEMORY)) {
      const old = this.retired.shift();
      if (old !== undefined && !this.engine.contact(old)) this.forget(old);
    }
    this.schedule();
    const items = taskItems(events, (id) => this.contactFacts(id, gone), now);
    await written;
    for (const { agentId, item } of items) this.views.sendNow(agentId, taskItemFrame(item));
    for (const id of agentIds) this.views.pushSoon(id);
    for (const o of observers) o.committed(this, chatItems, events);
  }

  /** The contacts the commit being collected writes (set only while observers collect). */
  private collecting: Set<string> | undefined;

  /**
   * From an observer's `collect`: `contactId`'s document changed too, so it is written in
   * the same transaction and its agent's snapshot is pushed (a voice call moving to the
   * consulted agent's contact). Outside a collect it throws: use `step([], { docs })`.
   */
  alsoWrite(contactId: string): void {
    if (!this.collecting) throw new Error('alsoWrite is only for an observer collecting a commit');
    this.collecting.add(contactId);
    this.views.contactJson.delete(contactId);
  }

  /**
   * Drops a destroyed contact's document and everything kept for it: a server that runs
   * for months holds only its live contacts and the last few thousand ended ones.
   */
  private forget(contactId: string): void {
    const doc = this.docs.get(contactId);
    this.docs.delete(contactId);
    this.views.contactJson.delete(contactId);
    this.views.agentTokens.delete(contactId);
    if (!doc) return;
    const chain = doc.runtime.initialContactId;
    if (this.heads.get(chain) === contactId) this.heads.delete(chain);
    if (doc.chat) this.chatExpiries.dropStaleExpiries();
  }

  /** What this runtime holds in memory, by kind (tests check that ended chats leave). */
  held(): { contacts: number; chains: number; expiries: number; agentTokens: number } {
    return {
      contacts: this.docs.size,
      chains: this.heads.size,
      expiries: this.chatExpiries.expiries.length,
      agentTokens: this.views.agentTokens.size,
    };
  }

  /** Commits chat items (messages, receipts…); resolves once they are durable. */
  async appendChat(items: readonly ChatItem[]): Promise<void> {
    this.assertCurrent();
    await this.deps.persister.write({ chatItems: this.storedItems(items) });
    for (const o of this.deps.observers?.() ?? []) o.committed(this, items, []);
  }

  private storedItems(items: readonly ChatItem[]) {
    return items.map((item) => ({
      instanceId: this.instanceId,
      initialContactId: item.InitialContactId ?? item.ContactId ?? '',
      contactId: item.ContactId ?? '',
      id: item.Id,
      absoluteTime: parseAbsoluteTime(item.AbsoluteTime) ?? this.deps.now(),
      type: item.Type,
      body: JSON.stringify(item),
    }));
  }

  /** Keeps the documents' history (agents who held the contact) in step with routing. */
  private applyEventsToDocs(events: readonly DomainEvent[], now: Millis): void {
    for (const e of events) {
      if (e.type !== 'contact.connected') continue;
      const doc = this.docs.get(e.contactId);
      const x = this.engine.agent(e.agentId)?.assignments.find((a) => a.contactId === e.contactId);
      if (doc && x) doc.agents.push({ userId: e.agentId, connectionId: x.connectionId, connectedAt: now });
    }
  }

  private contactFacts(contactId: string, gone: ReadonlyMap<string, ContactRuntime>) {
    const rt = this.engine.contact(contactId) ?? gone.get(contactId) ?? this.docs.get(contactId)?.runtime;
    return rt && { channel: rt.channel, initialContactId: rt.initialContactId };
  }

  private destroyedRuntime(last: ContactRuntime, now: Millis): ContactRuntime {
    if (last.phase === 'destroyed') return last;
    const { agentId: _a, ...rest } = last;
    return { ...rest, phase: 'destroyed', phaseSince: now, endedAt: last.endedAt ?? now, ...(last.endReason ? {} : {}) };
  }

  // -------------------------------------------------------------------------------------
  // Timers

  private schedule(): void {
    if (this.closed) return;
    const at = this.engine.nextDeadline();
    if (at === this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = at;
    if (at === undefined) return;
    const delay = Math.max(0, Math.min(at - this.deps.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      this.step([{ type: 'tick' }]).catch(this.deps.onError);
    }, delay);
    this.timer.unref?.();
  }

  /**
   * A commit failed: what this runtime holds may never have reached storage. It stops (no
   * timers, every further change refused with InternalServiceException) and tells its
   * subscribers (the agent sockets close, so their desktops reconnect to the runtime
   * that RoutingService loads from storage in its place, as after a restart).
   */
  supersede(): void {
    if (this.isSuperseded) return;
    this.isSuperseded = true;
    this.close();
    const hooks = [...this.supersededHooks];
    this.supersededHooks.clear();
    for (const h of hooks) h();
  }

  get superseded(): boolean {
    return this.isSuperseded;
  }

  /** Runs `cb` once when this runtime is superseded (right away if it already is). */
  onSuperseded(cb: () => void): () => void {
    if (this.isSuperseded) {
      queueMicrotask(cb);
      return () => undefined;
    }
    this.supersededHooks.add(cb);
    return () => this.supersededHooks.delete(cb);
  }

  private assertCurrent(): void {
    if (this.isSuperseded) throw reloadingError();
  }

  close(): void {
    this.closed = true;
    this.views.close();
    this.chatExpiries.close();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Ends the chats whose duration ran out (reason EXPIRED); see ChatExpiries. */
  expireDue(): void {
    this.chatExpiries.expireDue();
  }

  // -------------------------------------------------------------------------------------
  // Agents' views (see AgentViews)

  subscribe(agentId: string, listener: AgentListener): () => void {
    return this.views.subscribe(agentId, listener);
  }

  version(agentId: string): number {
    return this.views.version(agentId);
  }

  /** The agent's data now as a frame with the configuration: the first one a new socket gets. */
  firstFrame(agentId: string): AgentPush | undefined {
    return this.views.firstFrame(agentId);
  }

  setPreferences(agentId: string, prefs: Record<string, string>): Promise<readonly Effects[]> {
    return this.views.setPreferences(agentId, prefs);
  }

  /** The agent's Streams data now; undefined for an unknown agent. */
  agentData(agentId: string): AgentDataWire | undefined {
    return this.views.agentData(agentId);
  }

  /** The agent's chat participant token (Streams `connectionData`); stable for the offer. */
  agentParticipantToken(doc: ContactDoc, connectionId: string): string {
    return this.views.agentParticipantToken(doc, connectionId);
  }

  /** A connection token (X-Amz-Bearer for the participant API) for one participant. */
  connectionToken(doc: ContactDoc, participantId: string, expiresAt: number): string {
    return this.deps.signer.sign({
      k: 'connection',
      i: this.instanceId,
      c: doc.contactId,
      p: participantId,
      e: expiresAt,
      n: randomBytes(6).toString('base64url'),
    });
  }

  /** Writes an event that changes no state (e.g. an agent reporting an issue). */
  async recordEvent(
    e: { readonly type: string; readonly agentId?: string; readonly contactId?: string } & Record<string, unknown>,
  ): Promise<void> {
    this.assertCurrent();
    await this.deps.persister.write({
      events: [
        {
          instanceId: this.instanceId,
          type: e.type,
          at: this.deps.now(),
          ...(e.agentId ? { agentId: e.agentId } : {}),
          ...(e.contactId ? { contactId: e.contactId } : {}),
          body: JSON.stringify(e),
        },
      ],
    });
  }
}
