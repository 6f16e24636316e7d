/**
 * The routing engine: agents, queues and contacts in memory, changed only through
 * `apply(event, now)`, which answers with the effects for the shell to carry out
 * (persist, push snapshots, schedule the next `tick` at `nextDeadline()`).
 *
 * Deterministic: the same events at the same times give the same state and effects. It
 * reads no clock, starts no timer and does no I/O, so tests drive it with a fake clock.
 *
 * Why an object with internal Maps rather than `next(state) → state'`: with 10,000
 * waiting contacts and 1,000 agents, copying the state on every event costs more than
 * the decision itself. Each `apply` is still all-or-nothing: it validates before it
 * changes anything, so a rejected event (InvalidStateException) leaves no trace.
 */
import { InvalidStateException, ResourceNotFoundException } from '../errors.js';
import { isOpenAt } from '../config/open.js';
import type { Channel } from '../model/constants.js';
import { CHANNELS } from '../model/constants.js';
import {
  type AgentRuntime,
  type Assignment,
  type AssignmentState,
  type ChosenStatus,
  type ContactRuntime,
  type DisplayState,
  type DomainEvent,
  type Effects,
  EndReason,
  type Millis,
  type ProfileQueueEntry,
  type QueueRouting,
  type RoutingEvent,
  agentQueueId,
  isAgentQueueId,
} from './types.js';

export interface EngineOptions {
  /** How long an offer waits for accept / reject before it is missed. Default 30 s. */
  readonly offerTimeoutMs?: Millis;
  /** Connection ids for offers; default crypto.randomUUID. Tests pass a counter. */
  readonly newId?: () => string;
}

export const DEFAULT_OFFER_TIMEOUT_MS = 30_000;

/** What a restart restores (from storage). */
export interface EngineSnapshot {
  readonly queues: readonly QueueRouting[];
  readonly agents: readonly AgentRuntime[];
  readonly contacts: readonly ContactRuntime[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type AgentState = Mutable<Omit<AgentRuntime, 'assignments'>> & { assignments: Assignment[] };
type ContactState = Mutable<ContactRuntime>;

/** Assignment states that hold a slot of the agent's concurrency. */
const OPEN: ReadonlySet<AssignmentState> = new Set(['connecting', 'connected', 'paused', 'ended']);
const MISSED_CALL_AGENT = 'MissedCallAgent';
const OFFLINE_STATUS: ChosenStatus = { statusId: '', name: 'Offline', type: 'OFFLINE' };
const PERSONAL_QUEUE_PRIORITY = 1;

type Timer =
  | { readonly at: Millis; readonly kind: 'offer'; readonly agentId: string; readonly contactId: string }
  | { readonly at: Millis; readonly kind: 'acw'; readonly agentId: string; readonly contactId: string }
  | { readonly at: Millis; readonly kind: 'delay'; readonly contactId: string };

/**
 * A binary min-heap of timers by `at`. Hand-written: the core has no dependencies, and
 * this is the one structure it needs; stale entries are skipped when they surface.
 */
class TimerHeap {
  private readonly items: Timer[] = [];
  push(t: Timer): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as Timer).at <= t.at) break;
      a[i] = a[p] as Timer;
      i = p;
    }
    a[i] = t;
  }
  peek(): Timer | undefined {
    return this.items[0];
  }
  pop(): Timer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && (a[r] as Timer).at < (a[l] as Timer).at ? r : l;
      if ((a[c] as Timer).at >= last.at) break;
      a[i] = a[c] as Timer;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

/** Collects what one `apply` changed. */
class Changes {
  readonly events: DomainEvent[] = [];
  readonly agents = new Set<string>();
  readonly contacts = new Set<string>();
  readonly destroyed = new Map<string, ContactRuntime>();
  emit(e: DomainEvent): void {
    this.events.push(e);
  }
}

const streamsType = (t: ChosenStatus['type']): DisplayState['type'] =>
  t === 'ROUTABLE' ? 'routable' : t === 'NOT_ROUTABLE' ? 'not_routable' : 'offline';

/** What the agent's snapshot shows as its state (without `since`). */
export function displayState(agent: Pick<AgentRuntime, 'error' | 'assignments' | 'status'>): Omit<DisplayState, 'since'> {
  if (agent.error) return { type: 'error', name: agent.error.name };
  let connecting = false;
  let acw = false;
  for (const a of agent.assignments) {
    if (a.state === 'connected' || a.state === 'paused') return { type: 'system', name: 'Busy' };
    if (a.state === 'connecting') connecting = true;
    else if (a.state === 'ended') acw = true;
  }
  if (connecting) return { type: 'system', name: 'PendingBusy' };
  if (acw) return { type: 'system', name: 'AfterContactWork' };
  return { type: streamsType(agent.status.type), name: agent.status.name, statusId: agent.status.statusId };
}

const byAge = (x: ContactRuntime, y: ContactRuntime): number =>
  (x.enqueuedAt ?? 0) - (y.enqueuedAt ?? 0) || (x.contactId < y.contactId ? -1 : x.contactId > y.contactId ? 1 : 0);

export class RoutingEngine {
  private readonly offerTimeoutMs: Millis;
  private readonly newId: () => string;
  private readonly agentMap = new Map<string, AgentState>();
  private readonly contactMap = new Map<string, ContactState>();
  private readonly queueMap = new Map<string, QueueRouting>();
  /** Queued contacts per `${queueId}|${channel}`, oldest first. */
  private readonly lists = new Map<string, ContactState[]>();
  /** Agents by (idleSince, agentId): the order offers go out in. */
  private idleOrder: AgentState[] = [];
  /** Per agent: its profile entries by `${queueId}|${channel}`. */
  private readonly entries = new Map<string, Map<string, ProfileQueueEntry>>();
  /** Distinct positive delays per `${queueId}|${channel}` over all profiles. */
  private readonly delays = new Map<string, Set<Millis>>();
  private readonly timers = new TimerHeap();

  constructor(opts: EngineOptions = {}) {
    this.offerTimeoutMs = opts.offerTimeoutMs ?? DEFAULT_OFFER_TIMEOUT_MS;
    this.newId = opts.newId ?? (() => globalThis.crypto.randomUUID());
  }

  // -------------------------------------------------------------------------------------
  // Reading

  agent(id: string): AgentRuntime | undefined {
    return this.agentMap.get(id);
  }
  contact(id: string): ContactRuntime | undefined {
    return this.contactMap.get(id);
  }
  queue(id: string): QueueRouting | undefined {
    return this.queueMap.get(id);
  }
  agents(): readonly AgentRuntime[] {
    return [...this.agentMap.values()];
  }
  contacts(): readonly ContactRuntime[] {
    return [...this.contactMap.values()];
  }
  queues(): readonly QueueRouting[] {
    return [...this.queueMap.values()];
  }
  /** Queued contacts of a queue (all channels), in the order they would be offered. */
  waiting(queueId: string): readonly ContactRuntime[] {
    const out: ContactRuntime[] = [];
    for (const ch of CHANNELS) out.push(...(this.lists.get(key(queueId, ch)) ?? []));
    return out.sort(byAge);
  }
  /** How many contacts wait in a queue (all channels). */
  waitingCount(queueId: string): number {
    let n = 0;
    for (const ch of CHANNELS) n += this.lists.get(key(queueId, ch))?.length ?? 0;
    return n;
  }

  /** Could this queued contact be offered to this agent at `now`? */
  eligible(agentId: string, contactId: string, now: Millis): boolean {
    const a = this.agentMap.get(agentId);
    const c = this.contactMap.get(contactId);
    if (!a || !c || c.phase !== 'queued') return false;
    return this.eligibleFor(a, c, now);
  }

  /** The earliest time a `tick` has work to do. */
  nextDeadline(): Millis | undefined {
    for (;;) {
      const t = this.timers.peek();
      if (t === undefined) return undefined;
      if (this.timerLive(t)) return t.at;
      this.timers.pop();
    }
  }

  // -------------------------------------------------------------------------------------
  // Restart

  /** Rebuilds an engine from stored state: waiting and in-flight contacts are queued again. */
  static restore(
    snapshot: EngineSnapshot,
    now: Millis,
    opts: EngineOptions = {},
  ): { readonly engine: RoutingEngine; readonly effects: Effects } {
    const engine = new RoutingEngine(opts);
    const fx = new Changes();
    for (const q of snapshot.queues) engine.queueMap.set(q.id, q);
    const inFlight = new Set<string>();
    for (const c of snapshot.contacts) if (c.phase === 'connecting') inFlight.add(c.contactId);
    for (const stored of snapshot.agents) {
      const assignments = stored.assignments.filter((x) => !(x.state === 'connecting' && inFlight.has(x.contactId)));
      const a: AgentState = { ...stored, assignments, online: false };
      engine.agentMap.set(a.agentId, a);
      engine.indexAgent(a);
      engine.insertIdle(a);
      for (const x of assignments) engine.armAssignmentTimers(a, x);
      if (assignments.length !== stored.assignments.length || stored.online) fx.agents.add(a.agentId);
    }
    for (const stored of snapshot.contacts) {
      if (stored.phase === 'destroyed') continue;
      const c: ContactState = { ...stored };
      engine.contactMap.set(c.contactId, c);
      if (c.phase === 'connecting' || c.phase === 'queued') {
        if (c.phase === 'connecting') {
          c.phase = 'queued';
          c.phaseSince = now;
          delete c.agentId;
          fx.contacts.add(c.contactId);
          fx.emit({ type: 'contact.queued', contactId: c.contactId, queueId: c.queueId ?? '' });
        }
        engine.addWaiting(c);
      }
    }
    for (const a of engine.agentMap.values()) engine.refreshDisplay(a, now, fx);
    engine.routeAll(now, fx);
    return { engine, effects: fx };
  }

  // -------------------------------------------------------------------------------------
  // Writing

  apply(event: RoutingEvent, now: Millis): Effects {
    const fx = new Changes();
    switch (event.type) {
      case 'agent.upsert':
        this.upsertAgent(event.routing, event.status, now, fx);
        break;
      case 'agent.remove':
        this.removeAgent(event.agentId, now, fx);
        break;
      case 'agent.presence':
        this.presence(event.agentId, event.online, now, fx);
        break;
      case 'agent.set_status':
        this.setStatus(event.agentId, event.status, event.enqueueNextState, now, fx);
        break;
      case 'queue.upsert':
        this.queueMap.set(event.queue.id, event.queue);
        this.routeAll(now, fx);
        break;
      case 'contact.create':
        this.createContact(event, now, fx);
        break;
      case 'contact.enqueue':
        this.enqueue(this.requireContact(event.contactId), event.queueId, now, fx);
        break;
      case 'contact.accept':
        this.accept(event.agentId, event.contactId, now, fx);
        break;
      case 'contact.reject':
        this.reject(event.agentId, event.contactId, now, fx);
        break;
      case 'contact.agent_end':
        this.agentEnd(event.agentId, event.contactId, now, fx);
        break;
      case 'contact.end':
        this.end(event.contactId, event.reason, now, fx);
        break;
      case 'contact.clear':
        this.clear(event.agentId, event.contactId, now, fx);
        break;
      case 'contact.pause':
        this.pauseResume(event.agentId, event.contactId, 'connected', 'paused', now, fx);
        break;
      case 'contact.resume':
        this.pauseResume(event.agentId, event.contactId, 'paused', 'connected', now, fx);
        break;
      case 'contact.transfer':
        this.transfer(event, now, fx);
        break;
      case 'tick':
        this.tick(now, fx);
        break;
    }
    // Display states are settled once per apply, so a state left and re-entered within
    // one event (reject → offered again) keeps its `since`.
    for (const id of fx.agents) {
      const a = this.agentMap.get(id);
      if (a) this.refreshDisplay(a, now, fx);
    }
    return fx;
  }

  // -------------------------------------------------------------------------------------
  // Agents

  private upsertAgent(routing: AgentState['routing'], status: ChosenStatus | undefined, now: Millis, fx: Changes): void {
    const existing = this.agentMap.get(routing.agentId);
    if (existing) {
      existing.routing = routing;
      if (status && (status.statusId !== existing.status.statusId || status.type !== existing.status.type)) {
        this.changeStatus(existing, status, now, fx);
      }
      this.indexAgent(existing);
      fx.agents.add(existing.agentId);
      this.routeAll(now, fx);
      return;
    }
    const chosen = status ?? OFFLINE_STATUS;
    const a: AgentState = {
      agentId: routing.agentId,
      routing,
      status: chosen,
      statusSince: now,
      online: false,
      idleSince: now,
      assignments: [],
      display: { ...displayState({ status: chosen, assignments: [] }), since: now },
    };
    this.agentMap.set(a.agentId, a);
    this.indexAgent(a);
    this.insertIdle(a);
    fx.agents.add(a.agentId);
  }

  private removeAgent(agentId: string, now: Millis, fx: Changes): void {
    const a = this.requireAgent(agentId);
    if (a.assignments.some((x) => OPEN.has(x.state))) {
      throw new InvalidStateException(`agent ${agentId} still handles contacts; clear them first`);
    }
    this.removeIdle(a);
    this.agentMap.delete(agentId);
    this.entries.delete(agentId);
    fx.agents.add(agentId);
    void now;
  }

  private presence(agentId: string, online: boolean, now: Millis, fx: Changes): void {
    const a = this.requireAgent(agentId);
    if (a.online === online) return;
    a.online = online;
    fx.agents.add(agentId);
    fx.emit({ type: 'agent.presence', agentId, online });
    if (online) this.routeAgent(a, now, fx);
  }

  private setStatus(agentId: string, status: ChosenStatus, enqueue: boolean, now: Millis, fx: Changes): void {
    const a = this.requireAgent(agentId);
    const busy = a.assignments.some((x) => OPEN.has(x.state));
    if (busy && enqueue) {
      a.nextStatus = status;
      fx.agents.add(agentId);
      fx.emit({ type: 'agent.next_status', agentId, status });
      // A routable next status in place of a non-routable one makes the agent eligible again.
      this.routeAgent(a, now, fx);
      return;
    }
    this.changeStatus(a, status, now, fx);
    this.routeAgent(a, now, fx);
  }

  /** The agent picks a status: it replaces the chosen one and ends an error state. */
  private changeStatus(a: AgentState, status: ChosenStatus, now: Millis, fx: Changes): void {
    const previous = a.status;
    const becameRoutable = status.type === 'ROUTABLE' && (previous.type !== 'ROUTABLE' || a.error !== undefined);
    a.status = status;
    a.statusSince = now;
    if (a.nextStatus) {
      delete a.nextStatus;
      fx.emit({ type: 'agent.next_status', agentId: a.agentId, status: null });
    }
    delete a.error;
    if (becameRoutable) this.touchIdle(a, now);
    fx.agents.add(a.agentId);
    fx.emit({ type: 'agent.status_changed', agentId: a.agentId, status, previous });
  }

  // -------------------------------------------------------------------------------------
  // Contacts

  private createContact(e: Extract<RoutingEvent, { type: 'contact.create' }>, now: Millis, fx: Changes): void {
    if (this.contactMap.has(e.contactId)) throw new InvalidStateException(`contact ${e.contactId} already exists`);
    const c: ContactState = {
      contactId: e.contactId,
      initialContactId: e.initialContactId ?? e.contactId,
      ...(e.previousContactId !== undefined ? { previousContactId: e.previousContactId } : {}),
      ...(e.relatedContactId !== undefined ? { relatedContactId: e.relatedContactId } : {}),
      channel: e.channel,
      phase: 'init',
      phaseSince: now,
      createdAt: now,
    };
    this.contactMap.set(c.contactId, c);
    fx.contacts.add(c.contactId);
    fx.emit({ type: 'contact.created', contactId: c.contactId, channel: c.channel });
  }

  /** Validates that `queueId` can take a contact; undefined = fine, else why it ends. */
  private queueRefusal(queueId: string, now: Millis): EndReason | undefined {
    if (isAgentQueueId(queueId)) {
      if (!this.agentMap.has(queueId.slice('agent/'.length))) {
        throw new ResourceNotFoundException(`queue ${queueId} not found: no such agent`);
      }
      return undefined;
    }
    const q = this.queueMap.get(queueId);
    if (!q) throw new ResourceNotFoundException(`queue ${queueId} not found`);
    if (!q.enabled) return EndReason.QUEUE_DISABLED;
    if (q.hours && !isOpenAt(q.hours, now)) return EndReason.QUEUE_CLOSED;
    if (q.maxContacts !== undefined && this.waitingCount(queueId) >= q.maxContacts) return EndReason.QUEUE_FULL;
    return undefined;
  }

  private enqueue(c: ContactState, queueId: string, now: Millis, fx: Changes): void {
    if (c.phase !== 'init')
      throw new InvalidStateException(`contact ${c.contactId} is ${c.phase}; only a new contact can be queued`);
    const refusal = this.queueRefusal(queueId, now);
    c.queueId = queueId;
    if (refusal !== undefined) {
      this.destroy(c, refusal, now, fx);
      return;
    }
    c.phase = 'queued';
    c.phaseSince = now;
    c.enqueuedAt = now;
    fx.contacts.add(c.contactId);
    fx.emit({ type: 'contact.queued', contactId: c.contactId, queueId });
    this.addWaiting(c);
    this.routeContact(c, now, fx);
  }

  private accept(agentId: string, contactId: string, now: Millis, fx: Changes): void {
    const { a, i, x } = this.requireAssignment(agentId, contactId);
    if (x.state !== 'connecting')
      throw new InvalidStateException(`contact ${contactId} is ${x.state}; only an offered contact can be accepted`);
    this.connect(a, i, this.requireContact(contactId), now, fx);
  }

  private connect(a: AgentState, i: number, c: ContactState, now: Millis, fx: Changes): void {
    const x = a.assignments[i] as Assignment;
    const { offerDeadline: _o, ...rest } = x;
    a.assignments[i] = {
      ...rest,
      state: 'connected',
      since: now,
      connectedAt: now,
      connectionState: 'connected',
      connectionSince: now,
    };
    c.phase = 'connected';
    c.phaseSince = now;
    c.connectedAt = now;
    fx.agents.add(a.agentId);
    fx.contacts.add(c.contactId);
    fx.emit({ type: 'contact.connected', contactId: c.contactId, agentId: a.agentId });
  }

  private reject(agentId: string, contactId: string, now: Millis, fx: Changes): void {
    const { a, i, x } = this.requireAssignment(agentId, contactId);
    if (x.state !== 'connecting')
      throw new InvalidStateException(`contact ${contactId} is ${x.state}; only an offered contact can be rejected`);
    const c = this.requireContact(contactId);
    a.assignments.splice(i, 1);
    this.touchIdle(a, now);
    fx.agents.add(agentId);
    fx.emit({ type: 'contact.rejected', contactId, agentId });
    this.requeue(c, now, fx);
    this.routeAgent(a, now, fx);
  }

  /** Back to the head of its queue (its original enqueue time is kept). */
  private requeue(c: ContactState, now: Millis, fx: Changes): void {
    c.phase = 'queued';
    c.phaseSince = now;
    delete c.agentId;
    fx.contacts.add(c.contactId);
    fx.emit({ type: 'contact.queued', contactId: c.contactId, queueId: c.queueId ?? '' });
    this.addWaiting(c);
    this.routeContact(c, now, fx);
  }

  private agentEnd(agentId: string, contactId: string, now: Millis, fx: Changes): void {
    const { x } = this.requireAssignment(agentId, contactId);
    if (x.state === 'connecting') {
      this.reject(agentId, contactId, now, fx);
      return;
    }
    if (x.state !== 'connected' && x.state !== 'paused') {
      throw new InvalidStateException(`contact ${contactId} is ${x.state}; only a connected contact can be ended`);
    }
    this.endWithAgent(this.requireContact(contactId), EndReason.AGENT_DISCONNECT, now, fx);
  }

  private end(contactId: string, reason: EndReason, now: Millis, fx: Changes): void {
    const c = this.contactMap.get(contactId);
    if (!c || c.phase === 'ended' || c.phase === 'destroyed') return;
    switch (c.phase) {
      case 'init':
        this.destroy(c, reason, now, fx);
        return;
      case 'queued':
        this.removeWaiting(c);
        this.destroy(c, reason, now, fx);
        return;
      case 'connecting': {
        const a = c.agentId !== undefined ? this.agentMap.get(c.agentId) : undefined;
        if (a) {
          const i = a.assignments.findIndex((x) => x.contactId === contactId && x.state === 'connecting');
          if (i >= 0) a.assignments.splice(i, 1);
          fx.agents.add(a.agentId);
        }
        this.destroy(c, reason, now, fx);
        if (a) this.routeAgent(a, now, fx);
        return;
      }
      case 'connected':
      case 'paused':
        this.endWithAgent(c, reason, now, fx);
        return;
    }
  }

  /** A connected contact ends: the agent goes into after-contact work on it. */
  private endWithAgent(c: ContactState, reason: EndReason, now: Millis, fx: Changes): void {
    c.phase = 'ended';
    c.phaseSince = now;
    c.endedAt = now;
    c.endReason = reason;
    fx.contacts.add(c.contactId);
    const a = c.agentId !== undefined ? this.agentMap.get(c.agentId) : undefined;
    fx.emit({ type: 'contact.ended', contactId: c.contactId, reason, ...(a ? { agentId: a.agentId } : {}) });
    if (!a) return;
    const i = a.assignments.findIndex((x) => x.contactId === c.contactId && (x.state === 'connected' || x.state === 'paused'));
    if (i < 0) return;
    const x = a.assignments[i] as Assignment;
    const acw = a.routing.acwTimeoutMs[x.channel];
    const ended: Assignment = {
      ...x,
      state: 'ended',
      since: now,
      connectionState: 'disconnected',
      connectionSince: now,
      ...(acw > 0 ? { acwDeadline: now + acw } : {}),
    };
    a.assignments[i] = ended;
    if (ended.acwDeadline !== undefined) {
      this.timers.push({ at: ended.acwDeadline, kind: 'acw', agentId: a.agentId, contactId: c.contactId });
    }
    fx.agents.add(a.agentId);
    fx.emit({ type: 'contact.acw_started', contactId: c.contactId, agentId: a.agentId });
  }

  private destroy(c: ContactState, reason: EndReason | undefined, now: Millis, fx: Changes): void {
    if (c.phase !== 'ended' && reason !== undefined) {
      c.endedAt = now;
      c.endReason = reason;
      fx.emit({ type: 'contact.ended', contactId: c.contactId, reason });
    }
    c.phase = 'destroyed';
    c.phaseSince = now;
    delete c.agentId;
    this.contactMap.delete(c.contactId);
    fx.contacts.add(c.contactId);
    fx.destroyed.set(c.contactId, { ...c });
    fx.emit({ type: 'contact.destroyed', contactId: c.contactId });
  }

  private clear(agentId: string, contactId: string, now: Millis, fx: Changes): void {
    const { a, x } = this.requireAssignment(agentId, contactId);
    if (x.state === 'connecting')
      throw new InvalidStateException(`contact ${contactId} is still offered; accept or reject it first`);
    if (x.state === 'connected' || x.state === 'paused') {
      this.endWithAgent(this.requireContact(contactId), EndReason.AGENT_DISCONNECT, now, fx);
    }
    this.removeAssignment(a, contactId, now, fx);
  }

  /** The agent is done with a contact: ACW over, or a missed offer acknowledged. */
  private removeAssignment(a: AgentState, contactId: string, now: Millis, fx: Changes): void {
    const i = a.assignments.findIndex((x) => x.contactId === contactId);
    const x = a.assignments[i];
    if (x === undefined) return;
    a.assignments.splice(i, 1);
    fx.agents.add(a.agentId);
    fx.emit({ type: 'contact.cleared', contactId, agentId: a.agentId });
    const c = this.contactMap.get(contactId);
    if (x.state === 'ended' && c && c.phase === 'ended' && c.agentId === a.agentId) this.destroy(c, undefined, now, fx);
    this.touchIdle(a, now);
    if (a.nextStatus && !a.assignments.some((y) => OPEN.has(y.state))) this.changeStatus(a, a.nextStatus, now, fx);
    this.routeAgent(a, now, fx);
  }

  private pauseResume(
    agentId: string,
    contactId: string,
    from: 'connected' | 'paused',
    to: 'connected' | 'paused',
    now: Millis,
    fx: Changes,
  ): void {
    const { a, i, x } = this.requireAssignment(agentId, contactId);
    if (x.state !== from)
      throw new InvalidStateException(
        `contact ${contactId} is ${x.state}; it must be ${from} to be ${to === 'paused' ? 'paused' : 'resumed'}`,
      );
    const c = this.requireContact(contactId);
    a.assignments[i] = {
      ...x,
      state: to,
      since: now,
      connectionState: to === 'paused' ? 'hold' : 'connected',
      connectionSince: now,
    };
    c.phase = to;
    c.phaseSince = now;
    fx.agents.add(agentId);
    fx.contacts.add(contactId);
    fx.emit({ type: to === 'paused' ? 'contact.paused' : 'contact.resumed', contactId, agentId });
  }

  private transfer(e: Extract<RoutingEvent, { type: 'contact.transfer' }>, now: Millis, fx: Changes): void {
    const { x } = this.requireAssignment(e.agentId, e.contactId);
    if (x.state !== 'connected' && x.state !== 'paused') {
      throw new InvalidStateException(`contact ${e.contactId} is ${x.state}; only a connected contact can be transferred`);
    }
    if (this.contactMap.has(e.newContactId)) throw new InvalidStateException(`contact ${e.newContactId} already exists`);
    this.queueRefusal(e.queueId, now); // throws ResourceNotFound before anything changes
    const old = this.requireContact(e.contactId);
    fx.emit({
      type: 'contact.transferred',
      contactId: old.contactId,
      newContactId: e.newContactId,
      agentId: e.agentId,
      queueId: e.queueId,
    });
    this.endWithAgent(old, EndReason.TRANSFERRED, now, fx);
    this.createContact(
      {
        type: 'contact.create',
        contactId: e.newContactId,
        channel: old.channel,
        initialContactId: old.initialContactId,
        previousContactId: old.contactId,
        ...(old.relatedContactId !== undefined ? { relatedContactId: old.relatedContactId } : {}),
      },
      now,
      fx,
    );
    this.enqueue(this.requireContact(e.newContactId), e.queueId, now, fx);
  }

  // -------------------------------------------------------------------------------------
  // Timers

  private timerLive(t: Timer): boolean {
    if (t.kind === 'delay') {
      const c = this.contactMap.get(t.contactId);
      return c !== undefined && c.phase === 'queued';
    }
    const a = this.agentMap.get(t.agentId);
    const x = a?.assignments.find((y) => y.contactId === t.contactId);
    if (!x) return false;
    return t.kind === 'offer'
      ? x.state === 'connecting' && x.offerDeadline === t.at
      : x.state === 'ended' && x.acwDeadline === t.at;
  }

  private tick(now: Millis, fx: Changes): void {
    for (;;) {
      const t = this.timers.peek();
      if (t === undefined || t.at > now) break;
      this.timers.pop();
      if (!this.timerLive(t)) continue;
      if (t.kind === 'offer') this.miss(t.agentId, t.contactId, now, fx);
      else if (t.kind === 'acw') this.removeAssignment(this.agentMap.get(t.agentId) as AgentState, t.contactId, now, fx);
      else this.routeContact(this.contactMap.get(t.contactId) as ContactState, now, fx);
    }
  }

  private miss(agentId: string, contactId: string, now: Millis, fx: Changes): void {
    const { a, i, x } = this.requireAssignment(agentId, contactId);
    const { offerDeadline: _o, ...rest } = x;
    a.assignments[i] = { ...rest, state: 'missed', since: now, connectionState: 'disconnected', connectionSince: now };
    a.error = { name: MISSED_CALL_AGENT, since: now };
    fx.agents.add(agentId);
    fx.emit({ type: 'contact.missed', contactId, agentId });
    fx.emit({ type: 'agent.error', agentId, name: MISSED_CALL_AGENT });
    this.requeue(this.requireContact(contactId), now, fx);
  }

  private armAssignmentTimers(a: AgentState, x: Assignment): void {
    if (x.state === 'connecting' && x.offerDeadline !== undefined) {
      this.timers.push({ at: x.offerDeadline, kind: 'offer', agentId: a.agentId, contactId: x.contactId });
    }
    if (x.state === 'ended' && x.acwDeadline !== undefined) {
      this.timers.push({ at: x.acwDeadline, kind: 'acw', agentId: a.agentId, contactId: x.contactId });
    }
  }

  // -------------------------------------------------------------------------------------
  // Routing

  private entryFor(a: AgentState, queueId: string, channel: Channel): ProfileQueueEntry | undefined {
    if (queueId === agentQueueId(a.agentId)) {
      return a.routing.channels[channel].concurrency > 0
        ? { queueId, channel, priority: PERSONAL_QUEUE_PRIORITY, delayMs: 0 }
        : undefined;
    }
    return this.entries.get(a.agentId)?.get(key(queueId, channel));
  }

  /** Present, in a routable status, no error, and not on the way to a non-routable one. */
  private routable(a: AgentState): boolean {
    return (
      a.online &&
      a.status.type === 'ROUTABLE' &&
      a.error === undefined &&
      (a.nextStatus === undefined || a.nextStatus.type === 'ROUTABLE')
    );
  }

  private capacityAllows(a: AgentState, channel: Channel): boolean {
    const limit = a.routing.channels[channel].concurrency;
    if (limit <= 0) return false;
    let same = 0;
    for (const x of a.assignments) {
      if (!OPEN.has(x.state)) continue;
      if (x.channel === channel) {
        if (++same >= limit) return false;
      } else if (a.routing.channels[x.channel].crossChannel !== 'ROUTE_ANY_CHANNEL') {
        return false;
      }
    }
    return true;
  }

  private eligibleFor(a: AgentState, c: ContactState, now: Millis): boolean {
    if (!this.routable(a) || c.queueId === undefined) return false;
    const entry = this.entryFor(a, c.queueId, c.channel);
    if (!entry || now - (c.enqueuedAt ?? now) < entry.delayMs) return false;
    return this.capacityAllows(a, c.channel);
  }

  /** A contact just became queued: offer it to the longest-idle eligible agent. */
  private routeContact(c: ContactState, now: Millis, fx: Changes): void {
    if (c.phase !== 'queued') return;
    for (const a of this.idleOrder) {
      if (this.eligibleFor(a, c, now)) {
        this.offer(a, c, now, fx);
        return;
      }
    }
  }

  /** An agent may take more: offer it the best contacts it can take. */
  private routeAgent(a: AgentState, now: Millis, fx: Changes): void {
    while (this.routable(a)) {
      const c = this.bestContactFor(a, now);
      if (!c) return;
      this.offer(a, c, now, fx);
    }
  }

  /** Everything may have changed (config, restore): offer until nothing more fits. */
  private routeAll(now: Millis, fx: Changes): void {
    let offered = true;
    while (offered) {
      offered = false;
      for (const a of [...this.idleOrder]) {
        if (!this.routable(a)) continue;
        const c = this.bestContactFor(a, now);
        if (c) {
          this.offer(a, c, now, fx);
          offered = true;
        }
      }
    }
  }

  private bestContactFor(a: AgentState, now: Millis): ContactState | undefined {
    let best: ContactState | undefined;
    let bestPriority = Number.POSITIVE_INFINITY;
    const consider = (e: ProfileQueueEntry): void => {
      if (e.priority > bestPriority) return;
      const head = this.lists.get(key(e.queueId, e.channel))?.[0];
      if (!head || now - (head.enqueuedAt ?? now) < e.delayMs) return;
      if (!this.capacityAllows(a, e.channel)) return;
      if (best === undefined || e.priority < bestPriority || byAge(head, best) < 0) {
        best = head;
        bestPriority = e.priority;
      }
    };
    for (const e of this.entries.get(a.agentId)?.values() ?? []) consider(e);
    const own = agentQueueId(a.agentId);
    for (const ch of CHANNELS) {
      if (a.routing.channels[ch].concurrency > 0 && this.lists.get(key(own, ch))?.length) {
        consider({ queueId: own, channel: ch, priority: PERSONAL_QUEUE_PRIORITY, delayMs: 0 });
      }
    }
    return best;
  }

  private offer(a: AgentState, c: ContactState, now: Millis, fx: Changes): void {
    this.removeWaiting(c);
    // Offered again after the agent missed it: the missed entry gives way to the new offer.
    const stale = a.assignments.findIndex((y) => y.contactId === c.contactId);
    if (stale >= 0) a.assignments.splice(stale, 1);
    const x: Assignment = {
      contactId: c.contactId,
      channel: c.channel,
      state: 'connecting',
      since: now,
      offeredAt: now,
      offerDeadline: now + this.offerTimeoutMs,
      connectionId: this.newId(),
      connectionState: 'connecting',
      connectionSince: now,
    };
    a.assignments.push(x);
    c.phase = 'connecting';
    c.phaseSince = now;
    c.agentId = a.agentId;
    this.touchIdle(a, now);
    fx.agents.add(a.agentId);
    fx.contacts.add(c.contactId);
    fx.emit({ type: 'contact.offered', contactId: c.contactId, agentId: a.agentId, queueId: c.queueId ?? '' });
    if (a.routing.autoAccept[c.channel]) {
      this.connect(a, a.assignments.length - 1, c, now, fx);
    } else {
      this.timers.push({ at: x.offerDeadline as Millis, kind: 'offer', agentId: a.agentId, contactId: c.contactId });
    }
  }

  // -------------------------------------------------------------------------------------
  // Bookkeeping

  private refreshDisplay(a: AgentState, now: Millis, fx: Changes): void {
    const d = displayState(a);
    if (d.name === a.display.name && d.type === a.display.type && d.statusId === a.display.statusId) return;
    a.display = { ...d, since: now };
    fx.agents.add(a.agentId);
  }

  private indexAgent(a: AgentState): void {
    const m = new Map<string, ProfileQueueEntry>();
    for (const e of a.routing.queues) {
      m.set(key(e.queueId, e.channel), e);
      if (e.delayMs > 0) {
        const k = key(e.queueId, e.channel);
        const set = this.delays.get(k) ?? new Set<Millis>();
        this.delays.set(k, set);
        set.add(e.delayMs);
      }
    }
    this.entries.set(a.agentId, m);
  }

  private addWaiting(c: ContactState): void {
    const k = key(c.queueId ?? '', c.channel);
    const list = this.lists.get(k) ?? [];
    this.lists.set(k, list);
    // Binary insertion by (enqueuedAt, id): a re-queued contact goes back to its place.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byAge(list[mid] as ContactState, c) < 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, c);
    for (const d of this.delays.get(k) ?? []) {
      this.timers.push({ at: (c.enqueuedAt ?? 0) + d, kind: 'delay', contactId: c.contactId });
    }
  }

  private removeWaiting(c: ContactState): void {
    const list = this.lists.get(key(c.queueId ?? '', c.channel));
    if (!list) return;
    const i = list[0] === c ? 0 : list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
  }

  private touchIdle(a: AgentState, now: Millis): void {
    this.removeIdle(a);
    a.idleSince = now;
    this.insertIdle(a);
  }

  private insertIdle(a: AgentState): void {
    const list = this.idleOrder;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = list[mid] as AgentState;
      if (m.idleSince < a.idleSince || (m.idleSince === a.idleSince && m.agentId < a.agentId)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, a);
  }

  private removeIdle(a: AgentState): void {
    const i = this.idleOrder.indexOf(a);
    if (i >= 0) this.idleOrder.splice(i, 1);
  }

  private requireAgent(agentId: string): AgentState {
    const a = this.agentMap.get(agentId);
    if (!a) throw new ResourceNotFoundException(`agent ${agentId} not found`);
    return a;
  }

  private requireContact(contactId: string): ContactState {
    const c = this.contactMap.get(contactId);
    if (!c) throw new ResourceNotFoundException(`contact ${contactId} not found`);
    return c;
  }

  private requireAssignment(agentId: string, contactId: string): { a: AgentState; i: number; x: Assignment } {
    const a = this.requireAgent(agentId);
    const i = a.assignments.findIndex((x) => x.contactId === contactId);
    // One assignment per contact and agent: offer() drops a stale missed one first.
    const x = a.assignments[i];
    if (x === undefined) throw new ResourceNotFoundException(`contact ${contactId} not found for agent ${agentId}`);
    return { a, i, x };
  }
}

const key = (queueId: string, channel: Channel): string => `${queueId}|${channel}`;
