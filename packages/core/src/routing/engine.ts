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
 *
 * This class reads the state and hands each event to its transition; the parts live beside
 * it: engine-state.ts (what the engine holds), agent-transitions.ts, contact-transitions.ts,
 * offers.ts (which contact goes to which agent) and timers.ts (deadlines).
 */
import { CHANNELS } from '../model/constants.js';
import { presence, removeAgent, setStatus, upsertAgent } from './agent-transitions.js';
import {
  accept,
  armExpiryTimers,
  assign,
  agentEnd,
  clear,
  createContact,
  end,
  enqueue,
  pauseResume,
  queueRefusal,
  reject,
  schedule,
  transfer,
} from './contact-transitions.js';
import { type AgentState, Changes, type ContactState, EngineState, byAge, key } from './engine-state.js';
import { eligibleFor, routeAll } from './offers.js';
import { armAssignmentTimers, tick, timerLive } from './timers.js';
import type { AgentRuntime, ContactRuntime, Effects, EndReason, Millis, QueueRouting, RoutingEvent } from './types.js';

export { displayState } from './display-state.js';

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

export class RoutingEngine {
  /** Everything the engine holds; the transitions change it (see engine-state.ts). */
  private readonly s: EngineState;

  constructor(opts: EngineOptions = {}) {
    this.s = new EngineState(
      opts.offerTimeoutMs ?? DEFAULT_OFFER_TIMEOUT_MS,
      opts.newId ?? (() => globalThis.crypto.randomUUID()),
    );
  }

  // -------------------------------------------------------------------------------------
  // Reading

  agent(id: string): AgentRuntime | undefined {
    return this.s.agentMap.get(id);
  }
  contact(id: string): ContactRuntime | undefined {
    return this.s.contactMap.get(id);
  }
  queue(id: string): QueueRouting | undefined {
    return this.s.queueMap.get(id);
  }
  agents(): readonly AgentRuntime[] {
    return [...this.s.agentMap.values()];
  }
  contacts(): readonly ContactRuntime[] {
    return [...this.s.contactMap.values()];
  }
  queues(): readonly QueueRouting[] {
    return [...this.s.queueMap.values()];
  }
  /** Queued contacts of a queue (all channels), in the order they would be offered. */
  waiting(queueId: string): readonly ContactRuntime[] {
    const out: ContactRuntime[] = [];
    for (const ch of CHANNELS) out.push(...(this.s.lists.get(key(queueId, ch)) ?? []));
    return out.sort(byAge);
  }
  /** How many contacts wait in a queue (all channels). */
  waitingCount(queueId: string): number {
    return this.s.waitingCount(queueId);
  }

  /** Could this queued contact be offered to this agent at `now`? */
  eligible(agentId: string, contactId: string, now: Millis): boolean {
    const a = this.s.agentMap.get(agentId);
    const c = this.s.contactMap.get(contactId);
    if (!a || !c || c.phase !== 'queued') return false;
    return eligibleFor(this.s, a, c, now);
  }

  /**
   * Why `queueId` would not take a contact at `now` (full, closed, disabled), undefined when
   * it would; ResourceNotFoundException for an unknown queue or agent.
   */
  refusal(queueId: string, now: Millis): EndReason | undefined {
    return queueRefusal(this.s, queueId, now);
  }

  /** The earliest time a `tick` has work to do. */
  nextDeadline(): Millis | undefined {
    for (;;) {
      const t = this.s.timers.peek();
      if (t === undefined) return undefined;
      if (timerLive(this.s, t)) return t.at;
      this.s.timers.pop();
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
    for (const q of snapshot.queues) engine.s.queueMap.set(q.id, q);
    const inFlight = new Set<string>();
    for (const c of snapshot.contacts) if (c.phase === 'connecting') inFlight.add(c.contactId);
    for (const stored of snapshot.agents) {
      const assignments = stored.assignments.filter((x) => !(x.state === 'connecting' && inFlight.has(x.contactId)));
      const a: AgentState = { ...stored, assignments, online: false };
      engine.s.agentMap.set(a.agentId, a);
      engine.s.indexAgent(a);
      engine.s.insertIdle(a);
      for (const x of assignments) armAssignmentTimers(engine.s, a, x);
      if (assignments.length !== stored.assignments.length || stored.online) fx.agents.add(a.agentId);
    }
    for (const stored of snapshot.contacts) {
      if (stored.phase === 'destroyed') continue;
      const c: ContactState = { ...stored };
      engine.s.contactMap.set(c.contactId, c);
      if (c.phase === 'connecting' || c.phase === 'queued') {
        if (c.phase === 'connecting') {
          c.phase = 'queued';
          c.phaseSince = now;
          delete c.agentId;
          fx.contacts.add(c.contactId);
          fx.emit({ type: 'contact.queued', contactId: c.contactId, queueId: c.queueId ?? '' });
        }
        engine.s.addWaiting(c);
      } else if (c.phase === 'init' && c.scheduled) {
        engine.s.timers.push({ at: c.scheduled.at, kind: 'scheduled', contactId: c.contactId });
      }
      if (c.phase !== 'ended') armExpiryTimers(engine.s, c);
    }
    for (const a of engine.s.agentMap.values()) engine.s.refreshDisplay(a, now, fx);
    routeAll(engine.s, now, fx);
    return { engine, effects: fx };
  }

  // -------------------------------------------------------------------------------------
  // Writing

  apply(event: RoutingEvent, now: Millis): Effects {
    const fx = new Changes();
    switch (event.type) {
      case 'agent.upsert':
        upsertAgent(this.s, event.routing, event.status, now, fx);
        break;
      case 'agent.remove':
        removeAgent(this.s, event.agentId, now, fx);
        break;
      case 'agent.presence':
        presence(this.s, event.agentId, event.online, now, fx);
        break;
      case 'agent.set_status':
        setStatus(this.s, event.agentId, event.status, event.enqueueNextState, now, fx);
        break;
      case 'queue.upsert':
        this.s.queueMap.set(event.queue.id, event.queue);
        routeAll(this.s, now, fx);
        break;
      case 'contact.create':
        createContact(this.s, event, now, fx);
        break;
      case 'contact.enqueue':
        enqueue(this.s, this.s.requireContact(event.contactId), event.queueId, now, fx);
        break;
      case 'contact.schedule':
        schedule(this.s, event, now, fx);
        break;
      case 'contact.accept':
        accept(this.s, event.agentId, event.contactId, now, fx);
        break;
      case 'contact.assign':
        assign(this.s, event, now, fx);
        break;
      case 'contact.reject':
        reject(this.s, event.agentId, event.contactId, now, fx);
        break;
      case 'contact.agent_end':
        agentEnd(this.s, event.agentId, event.contactId, now, fx);
        break;
      case 'contact.end':
        end(this.s, event.contactId, event.reason, now, fx);
        break;
      case 'contact.clear':
        clear(this.s, event.agentId, event.contactId, now, fx);
        break;
      case 'contact.pause':
        pauseResume(this.s, event.agentId, event.contactId, 'connected', 'paused', now, fx);
        break;
      case 'contact.resume':
        pauseResume(this.s, event.agentId, event.contactId, 'paused', 'connected', now, fx);
        break;
      case 'contact.transfer':
        transfer(this.s, event, now, fx);
        break;
      case 'tick':
        tick(this.s, now, fx);
        break;
    }
    // Display states are settled once per apply, so a state left and re-entered within
    // one event (reject → offered again) keeps its `since`.
    for (const id of fx.agents) {
      const a = this.s.agentMap.get(id);
      if (a) this.s.refreshDisplay(a, now, fx);
    }
    return fx;
  }
}
