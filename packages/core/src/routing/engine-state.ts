/**
 * What the routing engine holds: agents, contacts and queues by id, and the indexes kept in
 * step with them (waiting lists, idle order, profile entries, delays, timers). Only the
 * engine's `apply` and `restore` change it, through the transitions (agent-transitions.ts,
 * contact-transitions.ts, offers.ts, timers.ts), which collect what they changed in
 * {@link Changes}.
 */
import { ResourceNotFoundException } from '../errors.js';
import type { Channel } from '../model/constants.js';
import { CHANNELS } from '../model/constants.js';
import { displayState } from './display-state.js';
import { TimerHeap } from './timer-heap.js';
import type {
  AgentRuntime,
  Assignment,
  AssignmentState,
  ContactRuntime,
  DomainEvent,
  Millis,
  ProfileQueueEntry,
  QueueRouting,
} from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type AgentState = Mutable<Omit<AgentRuntime, 'assignments'>> & { assignments: Assignment[] };
export type ContactState = Mutable<ContactRuntime>;

/** Assignment states that hold a slot of the agent's concurrency. */
export const OPEN: ReadonlySet<AssignmentState> = new Set(['connecting', 'connected', 'paused', 'ended']);

/** Collects what one `apply` changed. */
export class Changes {
  readonly events: DomainEvent[] = [];
  readonly agents = new Set<string>();
  readonly contacts = new Set<string>();
  readonly destroyed = new Map<string, ContactRuntime>();
  emit(e: DomainEvent): void {
    this.events.push(e);
  }
}

export const byAge = (x: ContactRuntime, y: ContactRuntime): number =>
  (x.enqueuedAt ?? 0) - (y.enqueuedAt ?? 0) || (x.contactId < y.contactId ? -1 : x.contactId > y.contactId ? 1 : 0);

export const key = (queueId: string, channel: Channel): string => `${queueId}|${channel}`;

export class EngineState {
  /** How long an offer waits for accept / reject before it is missed. */
  readonly offerTimeoutMs: Millis;
  /** Connection ids for offers. */
  readonly newId: () => string;
  readonly agentMap = new Map<string, AgentState>();
  readonly contactMap = new Map<string, ContactState>();
  readonly queueMap = new Map<string, QueueRouting>();
  /** Queued contacts per `${queueId}|${channel}`, oldest first. */
  readonly lists = new Map<string, ContactState[]>();
  /** Agents by (idleSince, agentId): the order offers go out in. */
  idleOrder: AgentState[] = [];
  /** Per agent: its profile entries by `${queueId}|${channel}`. */
  readonly entries = new Map<string, Map<string, ProfileQueueEntry>>();
  /** Distinct positive delays per `${queueId}|${channel}` over all profiles. */
  readonly delays = new Map<string, Set<Millis>>();
  readonly timers = new TimerHeap();

  constructor(offerTimeoutMs: Millis, newId: () => string) {
    this.offerTimeoutMs = offerTimeoutMs;
    this.newId = newId;
  }

  /** How many contacts wait in a queue (all channels). */
  waitingCount(queueId: string): number {
    let n = 0;
    for (const ch of CHANNELS) n += this.lists.get(key(queueId, ch))?.length ?? 0;
    return n;
  }

  refreshDisplay(a: AgentState, now: Millis, fx: Changes): void {
    const d = displayState(a);
    if (d.name === a.display.name && d.type === a.display.type && d.statusId === a.display.statusId) return;
    a.display = { ...d, since: now };
    fx.agents.add(a.agentId);
  }

  indexAgent(a: AgentState): void {
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

  addWaiting(c: ContactState): void {
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

  removeWaiting(c: ContactState): void {
    const list = this.lists.get(key(c.queueId ?? '', c.channel));
    if (!list) return;
    const i = list[0] === c ? 0 : list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
  }

  touchIdle(a: AgentState, now: Millis): void {
    this.removeIdle(a);
    a.idleSince = now;
    this.insertIdle(a);
  }

  insertIdle(a: AgentState): void {
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

  removeIdle(a: AgentState): void {
    const i = this.idleOrder.indexOf(a);
    if (i >= 0) this.idleOrder.splice(i, 1);
  }

  requireAgent(agentId: string): AgentState {
    const a = this.agentMap.get(agentId);
    if (!a) throw new ResourceNotFoundException(`agent ${agentId} not found`);
    return a;
  }

  requireContact(contactId: string): ContactState {
    const c = this.contactMap.get(contactId);
    if (!c) throw new ResourceNotFoundException(`contact ${contactId} not found`);
    return c;
  }

  requireAssignment(agentId: string, contactId: string): { a: AgentState; i: number; x: Assignment } {
    const a = this.requireAgent(agentId);
    const i = a.assignments.findIndex((x) => x.contactId === contactId);
    // One assignment per contact and agent: offer() drops a stale missed one first.
    const x = a.assignments[i];
    if (x === undefined) throw new ResourceNotFoundException(`contact ${contactId} not found for agent ${agentId}`);
    return { a, i, x };
  }
}
