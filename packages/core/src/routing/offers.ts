/**
 * Which contact goes to which agent: eligibility (presence, status, profile entry, queue
 * delay, capacity), the choice of agent for a contact and of contacts for an agent, and
 * the offer itself (connected at once when the agent auto-accepts).
 */
import type { Channel } from '../model/constants.js';
import { CHANNELS } from '../model/constants.js';
import { type AgentState, type Changes, type ContactState, type EngineState, OPEN, byAge, key } from './engine-state.js';
import { type Assignment, type Millis, type ProfileQueueEntry, agentQueueId } from './types.js';

const PERSONAL_QUEUE_PRIORITY = 1;

function entryFor(s: EngineState, a: AgentState, queueId: string, channel: Channel): ProfileQueueEntry | undefined {
  if (queueId === agentQueueId(a.agentId)) {
    return a.routing.channels[channel].concurrency > 0
      ? { queueId, channel, priority: PERSONAL_QUEUE_PRIORITY, delayMs: 0 }
      : undefined;
  }
  return s.entries.get(a.agentId)?.get(key(queueId, channel));
}

/** Present, in a routable status, no error, and not on the way to a non-routable one. */
function routable(a: AgentState): boolean {
  return (
    a.online &&
    a.status.type === 'ROUTABLE' &&
    a.error === undefined &&
    (a.nextStatus === undefined || a.nextStatus.type === 'ROUTABLE')
  );
}

function capacityAllows(a: AgentState, channel: Channel): boolean {
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

export function eligibleFor(s: EngineState, a: AgentState, c: ContactState, now: Millis): boolean {
  if (!routable(a) || c.queueId === undefined) return false;
  const entry = entryFor(s, a, c.queueId, c.channel);
  if (!entry || now - (c.enqueuedAt ?? now) < entry.delayMs) return false;
  return capacityAllows(a, c.channel);
}

/** A contact just became queued: offer it to the longest-idle eligible agent. */
export function routeContact(s: EngineState, c: ContactState, now: Millis, fx: Changes): void {
  if (c.phase !== 'queued') return;
  for (const a of s.idleOrder) {
    if (eligibleFor(s, a, c, now)) {
      offer(s, a, c, now, fx);
      return;
    }
  }
}

/** An agent may take more: offer it the best contacts it can take. */
export function routeAgent(s: EngineState, a: AgentState, now: Millis, fx: Changes): void {
  while (routable(a)) {
    const c = bestContactFor(s, a, now);
    if (!c) return;
    offer(s, a, c, now, fx);
  }
}

/** Everything may have changed (config, restore): offer until nothing more fits. */
export function routeAll(s: EngineState, now: Millis, fx: Changes): void {
  let offered = true;
  while (offered) {
    offered = false;
    for (const a of [...s.idleOrder]) {
      if (!routable(a)) continue;
      const c = bestContactFor(s, a, now);
      if (c) {
        offer(s, a, c, now, fx);
        offered = true;
      }
    }
  }
}

function bestContactFor(s: EngineState, a: AgentState, now: Millis): ContactState | undefined {
  let best: ContactState | undefined;
  let bestPriority = Number.POSITIVE_INFINITY;
  const consider = (e: ProfileQueueEntry): void => {
    if (e.priority > bestPriority) return;
    const head = s.lists.get(key(e.queueId, e.channel))?.[0];
    if (!head || now - (head.enqueuedAt ?? now) < e.delayMs) return;
    if (!capacityAllows(a, e.channel)) return;
    if (best === undefined || e.priority < bestPriority || byAge(head, best) < 0) {
      best = head;
      bestPriority = e.priority;
    }
  };
  for (const e of s.entries.get(a.agentId)?.values() ?? []) consider(e);
  const own = agentQueueId(a.agentId);
  for (const ch of CHANNELS) {
    if (a.routing.channels[ch].concurrency > 0 && s.lists.get(key(own, ch))?.length) {
      consider({ queueId: own, channel: ch, priority: PERSONAL_QUEUE_PRIORITY, delayMs: 0 });
    }
  }
  return best;
}

function offer(s: EngineState, a: AgentState, c: ContactState, now: Millis, fx: Changes): void {
  s.removeWaiting(c);
  // Offered again after the agent missed it: the missed entry gives way to the new offer.
  const stale = a.assignments.findIndex((y) => y.contactId === c.contactId);
  if (stale >= 0) a.assignments.splice(stale, 1);
  const x: Assignment = {
    contactId: c.contactId,
    channel: c.channel,
    state: 'connecting',
    since: now,
    offeredAt: now,
    offerDeadline: now + s.offerTimeoutMs,
    connectionId: s.newId(),
    connectionState: 'connecting',
    connectionSince: now,
  };
  a.assignments.push(x);
  c.phase = 'connecting';
  c.phaseSince = now;
  c.agentId = a.agentId;
  s.touchIdle(a, now);
  fx.agents.add(a.agentId);
  fx.contacts.add(c.contactId);
  fx.emit({ type: 'contact.offered', contactId: c.contactId, agentId: a.agentId, queueId: c.queueId ?? '' });
  if (a.routing.autoAccept[c.channel]) {
    connect(a, a.assignments.length - 1, c, now, fx);
  } else {
    s.timers.push({ at: x.offerDeadline as Millis, kind: 'offer', agentId: a.agentId, contactId: c.contactId });
  }
}

/** The agent takes the offer: it accepted, or its channel auto-accepts (see offer). */
export function connect(a: AgentState, i: number, c: ContactState, now: Millis, fx: Changes): void {
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
