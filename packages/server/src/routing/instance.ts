/**
 * One instance's routing at run time: the pure engine, the contact documents, the agent
 * subscribers. Every change goes through `step`: the engine decides synchronously, then
 * the changes are committed (contacts, agent states, events in one transaction), then
 * the agents concerned get their new snapshot.
 */
import {
  type ChatItem,
  parseAbsoluteTime,
  type AgentDataInput,
  type AgentDataWire,
  type Assignment,
  type AgentRuntime,
  buildAgentConfiguration,
  buildAgentSnapshot,
  contactBuilder,
  type ContactRuntime,
  type ContactView,
  type DomainEvent,
  type Effects,
  type HeadJson,
  headAt,
  headLeadIsStable,
  InternalServiceException,
  isAgentQueueId,
  type Millis,
  RoutingEngine,
  type RoutingEvent,
  snapshotDeltaJson,
  snapshotHeadJson,
  snapshotJson,
  snapshotOrder,
} from '@switchboard/core';
import { randomBytes } from 'node:crypto';
import type { TokenSigner } from '../auth/tokens.js';
import type { AssignmentKey, EventRecord, StoredAgentState, StoredAssignment, StoredContact } from '../storage/types.js';
import type { ContactDoc } from './contact-doc.js';
import { agentRouting, queueRouting } from './derive.js';
import { type InstanceConfigView, permissionsOf } from './instance-config.js';
import type { Persister } from './persister.js';

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

/**
 * Stored per agent: the routing runtime plus what the agent API keeps. The assignments
 * are rows of their own (StoredAssignment), written only when one changes; documents
 * written before that carry them here, and are read as before.
 */
export interface AgentStateBody {
  /** Without `routing`: that is derived from the user and profile again at start. */
  readonly runtime: Omit<AgentRuntime, 'routing' | 'assignments'> & {
    readonly routing?: AgentRuntime['routing'];
    readonly assignments?: AgentRuntime['assignments'];
  };
  /** The agent's version when written; an assignment row may hold a later one. */
  readonly version: number;
  readonly preferences?: Record<string, string>;
}

/**
 * Everything the agent document holds but its assignments, the derived routing and the
 * version. The engine replaces these values when they change (never edits them in place),
 * so equal keys mean an equal document (HeadFields below keeps the list complete).
 * `idleSince` in place of the runtime's: for comparing all but it.
 */
export const headKey = (
  runtime: AgentRuntime,
  prefs: Record<string, string> | undefined,
  idleSince: number = runtime.idleSince,
): readonly unknown[] => [
  runtime.agentId,
  runtime.status,
  runtime.statusSince,
  runtime.nextStatus,
  runtime.error,
  runtime.online,
  idleSince,
  runtime.display,
  prefs,
];

const sameKey = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * An agent's idle time as storage holds it: the document's, or a later offer's. An offer
 * sets the idle time to its own offeredAt and writes its assignment row; the document is
 * not written for that alone (see commitAgent). Every other change of the idle time
 * (an assignment removed, a routable status) writes the document.
 */
export const storedIdleSince = (documented: number, assignments: readonly Assignment[]): number =>
  assignments.reduce((at, a) => Math.max(at, a.offeredAt), documented);

// headKey must name every field of the document: this stops compiling when AgentRuntime
// gains one that is not in the list.
type HeadFields = 'agentId' | 'status' | 'statusSince' | 'nextStatus' | 'error' | 'online' | 'idleSince' | 'display';
const headKeyIsComplete: [Exclude<keyof AgentRuntime, 'routing' | 'assignments' | HeadFields>] extends [never] ? true : never =
  true;
void headKeyIsComplete;

/** What storage holds of an agent, as this runtime last wrote (or loaded) it. */
interface StoredAgent {
  /** The agent document's JSON without its version, as last made ('' until then). */
  head: string;
  /** What `head` was made of (see headKey): unchanged parts, no new JSON. */
  key: readonly unknown[];
  /** What the document in storage was made of ([] until written); see commitAgent. */
  written: readonly unknown[];
  /** The idle time of the document in storage. */
  writtenIdleSince: number;
  /** Each assignment as last written, by contact id. */
  readonly assignments: Map<string, Assignment>;
}

/**
 * Sees every committed routing step of an instance (the chat service: joined / left /
 * ended items). `collect` runs synchronously before the write, and what it returns is
 * committed in the same transaction; `committed` runs after.
 */
export interface CommitObserver {
  collect(ir: InstanceRouting, events: readonly DomainEvent[], now: number): readonly ChatItem[];
  committed(ir: InstanceRouting, items: readonly ChatItem[], events: readonly DomainEvent[]): void;
}

export interface InstanceRoutingDeps {
  readonly persister: Persister;
  readonly observer?: () => CommitObserver | undefined;
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

/** How long an agent's chat participant token lives when the chat has no expiry. */
const DEFAULT_TOKEN_TTL_MS = 25 * 3600_000;

export class InstanceRouting {
  readonly docs = new Map<string, ContactDoc>();
  /** Destroyed contacts whose documents are still in memory, oldest first. */
  private readonly retired: string[] = [];
  /** The newest contact of each chain (initial contact id → contact id): where a chat is now. */
  readonly heads = new Map<string, string>();
  private readonly listeners = new Map<string, Set<AgentListener>>();
  private readonly dirty = new Set<string>();
  private pushScheduled = false;
  private readonly versions = new Map<string, number>();
  private readonly preferences = new Map<string, Record<string, string>>();
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
  private readonly contactJson = new Map<string, ContactJson>();
  /** What storage holds of each agent (see commitAgent). */
  private readonly stored = new Map<string, StoredAgent>();
  /** The agents' chat participant tokens by contact id, then connection id (stable for an offer). */
  private readonly agentTokens = new Map<string, Map<string, string>>();
  /** Each agent's snapshot head without its time, while what it is made of stays the same (see leadOf). */
  private readonly leads = new Map<string, { readonly key: readonly unknown[]; readonly lead: string }>();
  /** What each agent's sockets were last pushed: the base of the next delta. */
  private readonly pushed = new Map<string, Pushed>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt: number | undefined;
  /** Chats that end by themselves (ChatDurationInMinutes), soonest first. */
  private expiries: { readonly at: number; readonly contactId: string }[] = [];
  /** Entries in `expiries` of contacts already forgotten (see dropStaleExpiries). */
  private staleExpiries = 0;
  private expiryTimer: NodeJS.Timeout | undefined;
  private expiryAt: number | undefined;
  private closed = false;
  /** Set when a commit failed: this runtime is ahead of storage and takes no more changes. */
  private isSuperseded = false;
  private readonly supersededHooks = new Set<() => void>();

  private constructor(
    public config: InstanceConfigView,
    readonly engine: RoutingEngine,
    private readonly deps: InstanceRoutingDeps,
  ) {}

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
    const rows = new Map<string, StoredAssignment[]>();
    for (const r of stored.assignments ?? []) {
      const list = rows.get(r.userId);
      if (list) list.push(r);
      else rows.set(r.userId, [r]);
    }
    const agents: AgentRuntime[] = [];
    const versions = new Map<string, number>();
    const prefs = new Map<string, Record<string, string>>();
    const held = new Map<string, StoredAgent>();
    /** Agents whose document still carries their assignments: moved to rows by the commit below. */
    const legacy: string[] = [];
    for (const s of stored.agents) {
      const body = JSON.parse(s.body) as AgentStateBody;
      const user = config.users.get(s.userId);
      if (!user) continue;
      const own = rows.get(s.userId) ?? [];
      const isLegacy = own.length === 0 && (body.runtime.assignments?.length ?? 0) > 0;
      const assignments: Assignment[] = isLegacy
        ? [...(body.runtime.assignments ?? [])]
        : own
            .map((r) => JSON.parse(r.body) as Assignment)
            // Offer order, as the engine keeps them.
            .sort((a, b) => a.offeredAt - b.offeredAt || (a.contactId < b.contactId ? -1 : 1));
      if (isLegacy) legacy.push(s.userId);
      // A legacy agent's assignments are not rows yet: the first commit writes them all.
      held.set(s.userId, {
        head: '',
        key: [],
        written: [],
        writtenIdleSince: Number.NaN,
        assignments: new Map(isLegacy ? [] : assignments.map((a) => [a.contactId, a])),
      });
      agents.push({
        ...body.runtime,
        idleSince: storedIdleSince(body.runtime.idleSince, assignments),
        assignments,
        routing: agentRouting(user, config.profiles.get(user.routingProfileId)),
      });
      versions.set(s.userId, Math.max(body.version, ...own.map((r) => r.version)));
      if (body.preferences) prefs.set(s.userId, body.preferences);
    }
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
      if (d.chat) ir.addExpiry(d.chat.expiresAt, d.contactId);
    }
    for (const [k, v] of versions) ir.versions.set(k, v);
    for (const [k, v] of prefs) ir.preferences.set(k, v);
    for (const [k, v] of held) ir.stored.set(k, v);
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
    await this.commit(fx, now, [], [...this.listeners.keys()]);
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
        if (d.chat) this.addExpiry(d.chat.expiresAt, d.contactId);
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
    const contacts: StoredContact[] = [];
    const destroyed: string[] = [];
    for (const id of contactIds) {
      this.contactJson.delete(id);
      const doc = this.docs.get(id);
      if (!doc) continue;
      const live = this.engine.contact(id);
      doc.runtime = live ? { ...live } : (gone.get(id) ?? this.destroyedRuntime(doc.runtime, now));
      if ((doc.runtime.phase === 'ended' || doc.runtime.phase === 'destroyed') && doc.disconnectedAt === undefined) {
        doc.disconnectedAt = doc.runtime.endedAt ?? now;
      }
      if (!live) destroyed.push(id);
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
    for (const id of agentIds) this.commitAgent(id, now, agents, assignments, assignmentDeletes);
    const records: EventRecord[] = events.map((e) => {
      const agentId = 'agentId' in e && e.agentId ? e.agentId : undefined;
      const contactId = 'contactId' in e ? e.contactId : undefined;
      // One shape for every record (no spreads of optional parts): several per step.
      return { instanceId: this.instanceId, type: e.type, at: now, agentId, contactId, body: JSON.stringify(e) };
    });
    const observer = this.deps.observer?.();
    const chatItems = observer?.collect(this, events, now) ?? [];
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
    await written;
    for (const id of agentIds) this.pushSoon(id);
    observer?.committed(this, chatItems, events);
  }

  /**
   * What storage needs of an agent after a step: the assignments that changed (each a
   * small row), deletions for those that ended, and the agent document only when the rest
   * changed. The document used to hold every assignment and was rewritten whole at every
   * step of any of the agent's contacts: ~3 KB per step for an agent with ten chats, 4 KB
   * of agent documents per routing decision in bench/routing (~5 % of the server thread).
   *
   * The version grows at every step and only grows, also across restarts (docs/agent-api.md):
   * each step writes at least one row that carries it (the document, or a changed
   * assignment), and when an assignment ends the document goes along, since the deleted row
   * would take its version with it. A restart takes the largest of them.
   */
  private commitAgent(
    id: string,
    now: number,
    agents: StoredAgentState[],
    assignments: StoredAssignment[],
    deletes: AssignmentKey[],
  ): void {
    const runtime = this.engine.agent(id);
    if (!runtime) return;
    const version = (this.versions.get(id) ?? 0) + 1;
    this.versions.set(id, version);
    let held = this.stored.get(id);
    if (!held) {
      held = { head: '', key: [], written: [], writtenIdleSince: Number.NaN, assignments: new Map() };
      this.stored.set(id, held);
    }
    let changed = 0;
    for (const a of runtime.assignments) {
      // Assignments are immutable: the engine replaces one when it changes.
      if (held.assignments.get(a.contactId) === a) continue;
      held.assignments.set(a.contactId, a);
      assignments.push({
        instanceId: this.instanceId,
        userId: id,
        contactId: a.contactId,
        version,
        body: JSON.stringify(a),
      });
      changed++;
    }
    let ended = false;
    if (held.assignments.size > runtime.assignments.length) {
      const current = new Set(runtime.assignments.map((a) => a.contactId));
      for (const contactId of held.assignments.keys()) {
        if (current.has(contactId)) continue;
        held.assignments.delete(contactId);
        deletes.push({ instanceId: this.instanceId, userId: id, contactId });
        ended = true;
      }
    }
    const prefs = this.preferences.get(id);
    const key = headKey(runtime, prefs);
    if (!ended && changed > 0) {
      // A row carries the version. The document stays as it is when nothing of it changed,
      // or only its idle time, when a restart reads that time back from the rows anyway
      // (storedIdleSince; every assignment is a row after this step): the idle time moves
      // at every offer, and the document was written for it alone.
      if (sameKey(key, held.written)) return;
      if (
        runtime.idleSince === storedIdleSince(held.writtenIdleSince, runtime.assignments) &&
        sameKey(headKey(runtime, prefs, held.writtenIdleSince), held.written)
      )
        return;
    }
    if (!sameKey(key, held.key)) {
      const { routing: _derived, assignments: _rows, ...rest } = runtime;
      held.head = `{"runtime":${JSON.stringify(rest)}${prefs ? `,"preferences":${JSON.stringify(prefs)}` : ''}`;
      held.key = key;
    }
    held.written = key;
    held.writtenIdleSince = runtime.idleSince;
    agents.push({ instanceId: this.instanceId, userId: id, updatedAt: now, body: `${held.head},"version":${version}}` });
  }

  /**
   * Drops a destroyed contact's document and everything kept for it: a server that runs
   * for months holds only its live contacts and the last few thousand ended ones.
   */
  private forget(contactId: string): void {
    const doc = this.docs.get(contactId);
    this.docs.delete(contactId);
    this.contactJson.delete(contactId);
    this.agentTokens.delete(contactId);
    if (!doc) return;
    const chain = doc.runtime.initialContactId;
    if (this.heads.get(chain) === contactId) this.heads.delete(chain);
    if (doc.chat) this.dropStaleExpiries();
  }

  /** What this runtime holds in memory, by kind (tests check that ended chats leave). */
  held(): { contacts: number; chains: number; expiries: number; agentTokens: number } {
    return {
      contacts: this.docs.size,
      chains: this.heads.size,
      expiries: this.expiries.length,
      agentTokens: this.agentTokens.size,
    };
  }

  /** Commits chat items (messages, receipts…); resolves once they are durable. */
  async appendChat(items: readonly ChatItem[]): Promise<void> {
    this.assertCurrent();
    await this.deps.persister.write({ chatItems: this.storedItems(items) });
    this.deps.observer?.()?.committed(this, items, []);
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
    if (this.timer) clearTimeout(this.timer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.timer = undefined;
    this.expiryTimer = undefined;
  }

  private addExpiry(at: number, contactId: string): void {
    const list = this.expiries;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.at ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, { at, contactId });
    this.scheduleExpiry();
  }

  /**
   * A forgotten chat's expiry leaves the list with the others of its kind, once they are
   * half of it: one pass for many, where removing each at once moved the whole list (the
   * oldest expiries are at its front).
   */
  private dropStaleExpiries(): void {
    if (++this.staleExpiries * 2 < this.expiries.length) return;
    this.expiries = this.expiries.filter((e) => this.docs.has(e.contactId));
    this.staleExpiries = 0;
  }

  private scheduleExpiry(): void {
    if (this.closed) return;
    const at = this.expiries[0]?.at;
    if (at === this.expiryAt) return;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.expiryAt = at;
    if (at === undefined) return;
    this.expiryTimer = setTimeout(() => this.expireDue(), Math.max(0, Math.min(at - this.deps.now(), 2 ** 31 - 1)));
    this.expiryTimer.unref?.();
  }

  /** Ends the chats whose duration ran out (reason EXPIRED). */
  expireDue(): void {
    this.expiryTimer = undefined;
    this.expiryAt = undefined;
    const now = this.deps.now();
    const due: RoutingEvent[] = [];
    while ((this.expiries[0]?.at ?? Number.POSITIVE_INFINITY) <= now) {
      const e = this.expiries.shift();
      if (e && this.engine.contact(e.contactId)) due.push({ type: 'contact.end', contactId: e.contactId, reason: 'EXPIRED' });
    }
    this.scheduleExpiry();
    if (due.length) this.step(due).catch(this.deps.onError);
  }

  // -------------------------------------------------------------------------------------
  // Agents' views

  subscribe(agentId: string, listener: AgentListener): () => void {
    const set = this.listeners.get(agentId) ?? new Set<AgentListener>();
    this.listeners.set(agentId, set);
    set.add(listener);
    if (set.size === 1) this.step([{ type: 'agent.presence', agentId, online: true }]).catch(this.deps.onError);
    return () => {
      const s = this.listeners.get(agentId);
      if (!s?.delete(listener) || s.size > 0) return;
      this.listeners.delete(agentId);
      this.pushed.delete(agentId);
      if (!this.closed) this.step([{ type: 'agent.presence', agentId, online: false }]).catch(this.deps.onError);
    };
  }

  version(agentId: string): number {
    return this.versions.get(agentId) ?? 0;
  }

  /**
   * Pushes coalesce: several steps committed in one batch (common under load) send each
   * agent one snapshot with the latest state, not one per step.
   */
  private pushSoon(agentId: string): void {
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
      if (!cached || cached.assignment !== a || cached.config !== this.config || cached.routing !== agent.routing) {
        const view = this.contactView(a);
        if (!view) continue;
        cached = { assignment: a, config: this.config, routing: agent.routing, json: JSON.stringify(contact(a, view)) };
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
    this.preferences.set(agentId, prefs);
    return this.step([], { touch: [agentId] });
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
    const agent = this.engine.agent(agentId);
    const user = this.config.users.get(agentId);
    if (!agent || !user) return undefined;
    const profile = this.config.profiles.get(user.routingProfileId);
    if (!profile) return undefined;
    return {
      coords: this.config.coords,
      agent,
      user,
      routingProfile: profile,
      queues: this.config.queues,
      agentStatuses: this.config.statuses,
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
    const prefs = this.preferences.get(agentId);
    let cached = this.configurations.get(agentId);
    if (!cached || cached.config !== this.config || cached.prefs !== prefs || cached.routing !== input.agent.routing) {
      const configuration = buildAgentConfiguration({ ...input, permissions: permissionsOf(this.config, input.user) });
      if (prefs) configuration.agentPreferences = { ...prefs };
      cached = { config: this.config, prefs, routing: input.agent.routing, configuration };
      this.configurations.set(agentId, cached);
    }
    return cached.configuration;
  }

  /** What the snapshot shows of one of the agent's contacts, from its document. */
  private contactView(x: Assignment): ContactView | undefined {
    const doc = this.docs.get(x.contactId);
    if (!doc) return undefined;
    const runtime = this.engine.contact(x.contactId) ?? doc.runtime;
    const queueName = runtime.queueId
      ? isAgentQueueId(runtime.queueId)
        ? this.config.users.get(runtime.queueId.slice('agent/'.length))?.name
        : this.config.queues.get(runtime.queueId)?.name
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
    };
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

  /** The agent's chat participant token (Streams `connectionData`); stable for the offer. */
  agentParticipantToken(doc: ContactDoc, connectionId: string): string {
    let tokens = this.agentTokens.get(doc.contactId);
    if (!tokens) {
      tokens = new Map();
      this.agentTokens.set(doc.contactId, tokens);
    }
    let token = tokens.get(connectionId);
    if (token === undefined) {
      token = this.deps.signer.sign({
        k: 'participant',
        i: this.instanceId,
        c: doc.contactId,
        p: connectionId,
        e: doc.chat?.expiresAt ?? doc.initiatedAt + DEFAULT_TOKEN_TTL_MS,
      });
      tokens.set(connectionId, token);
    }
    return token;
  }
}
