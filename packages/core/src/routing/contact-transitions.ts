/**
 * The routing engine's contact-side transitions: a contact created, queued, accepted or
 * rejected, paused and resumed, ended by its agent or otherwise, transferred, and cleared
 * when the agent is done with it.
 */
import { InvalidStateException, ResourceNotFoundException } from '../errors.js';
import { isOpenAt } from '../config/open.js';
import { changeStatus } from './agent-transitions.js';
import { type AgentState, type Changes, type ContactState, type EngineState, OPEN } from './engine-state.js';
import { connect, routeAgent, routeContact } from './offers.js';
import {
  type Assignment,
  type ContactRuntime,
  EndReason,
  type Millis,
  type RoutingEvent,
  expiryWarningAt,
  isAgentQueueId,
} from './types.js';

export function createContact(
  s: EngineState,
  e: Extract<RoutingEvent, { type: 'contact.create' }>,
  now: Millis,
  fx: Changes,
): void {
  if (s.contactMap.has(e.contactId)) throw new InvalidStateException(`contact ${e.contactId} already exists`);
  const c: ContactState = {
    contactId: e.contactId,
    initialContactId: e.initialContactId ?? e.contactId,
    ...(e.previousContactId !== undefined ? { previousContactId: e.previousContactId } : {}),
    ...(e.relatedContactId !== undefined ? { relatedContactId: e.relatedContactId } : {}),
    channel: e.channel,
    phase: 'init',
    phaseSince: now,
    createdAt: now,
    ...(e.expiresAt !== undefined && Number.isFinite(e.expiresAt) ? { expiresAt: e.expiresAt } : {}),
  };
  s.contactMap.set(c.contactId, c);
  armExpiryTimers(s, c);
  fx.contacts.add(c.contactId);
  fx.emit({ type: 'contact.created', contactId: c.contactId, channel: c.channel });
}

/** Arms a live task's expiry timers (at creation, after a transfer, after a restart). */
export function armExpiryTimers(s: EngineState, c: ContactRuntime): void {
  if (c.expiresAt === undefined) return;
  if (!c.expiryWarned) s.timers.push({ at: expiryWarningAt(c.expiresAt), kind: 'expiry_warning', contactId: c.contactId });
  s.timers.push({ at: c.expiresAt, kind: 'expiry', contactId: c.contactId });
}

/** Validates that `queueId` can take a contact; undefined = fine, else why it ends. */
export function queueRefusal(s: EngineState, queueId: string, now: Millis): EndReason | undefined {
  if (isAgentQueueId(queueId)) {
    if (!s.agentMap.has(queueId.slice('agent/'.length))) {
      throw new ResourceNotFoundException(`queue ${queueId} not found: no such agent`);
    }
    return undefined;
  }
  const q = s.queueMap.get(queueId);
  if (!q) throw new ResourceNotFoundException(`queue ${queueId} not found`);
  if (!q.enabled) return EndReason.QUEUE_DISABLED;
  if (q.hours && !isOpenAt(q.hours, now)) return EndReason.QUEUE_CLOSED;
  if (q.maxContacts !== undefined && s.waitingCount(queueId) >= q.maxContacts) return EndReason.QUEUE_FULL;
  return undefined;
}

export function enqueue(s: EngineState, c: ContactState, queueId: string, now: Millis, fx: Changes): void {
  if (c.phase !== 'init')
    throw new InvalidStateException(`contact ${c.contactId} is ${c.phase}; only a new contact can be queued`);
  const refusal = queueRefusal(s, queueId, now);
  c.queueId = queueId;
  if (refusal !== undefined) {
    destroy(s, c, refusal, now, fx);
    return;
  }
  c.phase = 'queued';
  c.phaseSince = now;
  c.enqueuedAt = now;
  fx.contacts.add(c.contactId);
  fx.emit({ type: 'contact.queued', contactId: c.contactId, queueId });
  s.addWaiting(c);
  routeContact(s, c, now, fx);
}

/** A new contact waits until `at`, then is queued in `queueId` (see startScheduled). */
export function schedule(s: EngineState, e: Extract<RoutingEvent, { type: 'contact.schedule' }>, now: Millis, fx: Changes): void {
  const c = s.requireContact(e.contactId);
  if (c.phase !== 'init')
    throw new InvalidStateException(`contact ${c.contactId} is ${c.phase}; only a contact not yet queued can be scheduled`);
  if (!Number.isFinite(e.at)) throw new InvalidStateException(`contact ${c.contactId}: the scheduled time is not a time`);
  c.scheduled = { at: Math.max(e.at, now), queueId: e.queueId };
  s.timers.push({ at: c.scheduled.at, kind: 'scheduled', contactId: c.contactId });
  fx.contacts.add(c.contactId);
  fx.emit({ type: 'contact.scheduled', contactId: c.contactId, queueId: e.queueId, at: c.scheduled.at });
}

/** A scheduled contact's time came: queued like any; a queue gone since ends it. */
export function startScheduled(s: EngineState, c: ContactState, now: Millis, fx: Changes): void {
  const queueId = c.scheduled?.queueId;
  if (queueId === undefined) return;
  try {
    queueRefusal(s, queueId, now);
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
    destroy(s, c, EndReason.FLOW_DISCONNECT, now, fx);
    return;
  }
  enqueue(s, c, queueId, now, fx);
}

export function accept(s: EngineState, agentId: string, contactId: string, now: Millis, fx: Changes): void {
  const { a, i, x } = s.requireAssignment(agentId, contactId);
  if (x.state !== 'connecting')
    throw new InvalidStateException(`contact ${contactId} is ${x.state}; only an offered contact can be accepted`);
  connect(a, i, s.requireContact(contactId), now, fx);
}

/** A new contact connected to the agent at once (see the `contact.assign` event). */
export function assign(s: EngineState, e: Extract<RoutingEvent, { type: 'contact.assign' }>, now: Millis, fx: Changes): void {
  const c = s.requireContact(e.contactId);
  if (c.phase !== 'init')
    throw new InvalidStateException(`contact ${e.contactId} is ${c.phase}; only a new contact can be assigned`);
  const a = s.agentMap.get(e.agentId);
  if (!a) throw new ResourceNotFoundException(`agent ${e.agentId} not found`);
  a.assignments.push({
    contactId: c.contactId,
    channel: c.channel,
    state: 'connecting',
    since: now,
    offeredAt: now,
    connectionId: e.connectionId ?? s.newId(),
    connectionState: 'connecting',
    connectionSince: now,
  });
  c.agentId = a.agentId;
  connect(a, a.assignments.length - 1, c, now, fx);
}

export function reject(s: EngineState, agentId: string, contactId: string, now: Millis, fx: Changes): void {
  const { a, i, x } = s.requireAssignment(agentId, contactId);
  if (x.state !== 'connecting')
    throw new InvalidStateException(`contact ${contactId} is ${x.state}; only an offered contact can be rejected`);
  const c = s.requireContact(contactId);
  a.assignments.splice(i, 1);
  s.touchIdle(a, now);
  fx.agents.add(agentId);
  fx.emit({ type: 'contact.rejected', contactId, agentId, connectionId: x.connectionId });
  requeue(s, c, now, fx);
  routeAgent(s, a, now, fx);
}

/** Back to the head of its queue (its original enqueue time is kept). */
export function requeue(s: EngineState, c: ContactState, now: Millis, fx: Changes): void {
  c.phase = 'queued';
  c.phaseSince = now;
  delete c.agentId;
  fx.contacts.add(c.contactId);
  fx.emit({ type: 'contact.queued', contactId: c.contactId, queueId: c.queueId ?? '' });
  s.addWaiting(c);
  routeContact(s, c, now, fx);
}

export function agentEnd(s: EngineState, agentId: string, contactId: string, now: Millis, fx: Changes): void {
  const { x } = s.requireAssignment(agentId, contactId);
  if (x.state === 'connecting') {
    reject(s, agentId, contactId, now, fx);
    return;
  }
  if (x.state !== 'connected' && x.state !== 'paused') {
    throw new InvalidStateException(`contact ${contactId} is ${x.state}; only a connected contact can be ended`);
  }
  endWithAgent(s, s.requireContact(contactId), EndReason.AGENT_DISCONNECT, now, fx);
}

export function end(s: EngineState, contactId: string, reason: EndReason, now: Millis, fx: Changes): void {
  const c = s.contactMap.get(contactId);
  if (!c || c.phase === 'ended' || c.phase === 'destroyed') return;
  switch (c.phase) {
    case 'init':
      destroy(s, c, reason, now, fx);
      return;
    case 'queued':
      s.removeWaiting(c);
      destroy(s, c, reason, now, fx);
      return;
    case 'connecting': {
      const a = c.agentId !== undefined ? s.agentMap.get(c.agentId) : undefined;
      if (a) {
        const i = a.assignments.findIndex((x) => x.contactId === contactId && x.state === 'connecting');
        if (i >= 0) a.assignments.splice(i, 1);
        fx.agents.add(a.agentId);
      }
      destroy(s, c, reason, now, fx);
      if (a) routeAgent(s, a, now, fx);
      return;
    }
    case 'connected':
    case 'paused':
      endWithAgent(s, c, reason, now, fx);
      return;
  }
}

/** A connected contact ends: the agent goes into after-contact work on it. */
function endWithAgent(s: EngineState, c: ContactState, reason: EndReason, now: Millis, fx: Changes): void {
  c.phase = 'ended';
  c.phaseSince = now;
  c.endedAt = now;
  c.endReason = reason;
  fx.contacts.add(c.contactId);
  const a = c.agentId !== undefined ? s.agentMap.get(c.agentId) : undefined;
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
    s.timers.push({ at: ended.acwDeadline, kind: 'acw', agentId: a.agentId, contactId: c.contactId });
  }
  fx.agents.add(a.agentId);
  fx.emit({ type: 'contact.acw_started', contactId: c.contactId, agentId: a.agentId });
}

function destroy(s: EngineState, c: ContactState, reason: EndReason | undefined, now: Millis, fx: Changes): void {
  if (c.phase !== 'ended' && reason !== undefined) {
    c.endedAt = now;
    c.endReason = reason;
    fx.emit({ type: 'contact.ended', contactId: c.contactId, reason });
  }
  c.phase = 'destroyed';
  c.phaseSince = now;
  delete c.agentId;
  s.contactMap.delete(c.contactId);
  fx.contacts.add(c.contactId);
  fx.destroyed.set(c.contactId, { ...c });
  fx.emit({ type: 'contact.destroyed', contactId: c.contactId });
}

export function clear(s: EngineState, agentId: string, contactId: string, now: Millis, fx: Changes): void {
  const { a, x } = s.requireAssignment(agentId, contactId);
  if (x.state === 'connecting')
    throw new InvalidStateException(`contact ${contactId} is still offered; accept or reject it first`);
  if (x.state === 'connected' || x.state === 'paused') {
    endWithAgent(s, s.requireContact(contactId), EndReason.AGENT_DISCONNECT, now, fx);
  }
  removeAssignment(s, a, contactId, now, fx);
}

/** The agent is done with a contact: ACW over, or a missed offer acknowledged. */
export function removeAssignment(s: EngineState, a: AgentState, contactId: string, now: Millis, fx: Changes): void {
  const i = a.assignments.findIndex((x) => x.contactId === contactId);
  const x = a.assignments[i];
  if (x === undefined) return;
  a.assignments.splice(i, 1);
  fx.agents.add(a.agentId);
  fx.emit({ type: 'contact.cleared', contactId, agentId: a.agentId });
  const c = s.contactMap.get(contactId);
  if (x.state === 'ended' && c && c.phase === 'ended' && c.agentId === a.agentId) destroy(s, c, undefined, now, fx);
  s.touchIdle(a, now);
  if (a.nextStatus && !a.assignments.some((y) => OPEN.has(y.state))) changeStatus(s, a, a.nextStatus, now, fx);
  routeAgent(s, a, now, fx);
}

export function pauseResume(
  s: EngineState,
  agentId: string,
  contactId: string,
  from: 'connected' | 'paused',
  to: 'connected' | 'paused',
  now: Millis,
  fx: Changes,
): void {
  const { a, i, x } = s.requireAssignment(agentId, contactId);
  if (x.state !== from)
    throw new InvalidStateException(
      `contact ${contactId} is ${x.state}; it must be ${from} to be ${to === 'paused' ? 'paused' : 'resumed'}`,
    );
  const c = s.requireContact(contactId);
  a.assignments[i] = {
    ...x,
    state: to,
    since: now,
    connectionState: to === 'paused' ? 'hold' : 'connected',
    connectionSince: now,
  };
  const p = c.pauses ?? { count: 0, totalMs: 0 };
  c.pauses =
    to === 'paused'
      ? { count: p.count + 1, totalMs: p.totalMs, since: now }
      : { count: p.count, totalMs: p.totalMs + Math.max(0, now - (p.since ?? now)) };
  c.phase = to;
  c.phaseSince = now;
  fx.agents.add(agentId);
  fx.contacts.add(contactId);
  fx.emit({ type: to === 'paused' ? 'contact.paused' : 'contact.resumed', contactId, agentId });
}

export function transfer(s: EngineState, e: Extract<RoutingEvent, { type: 'contact.transfer' }>, now: Millis, fx: Changes): void {
  const { x } = s.requireAssignment(e.agentId, e.contactId);
  if (x.state !== 'connected' && x.state !== 'paused') {
    throw new InvalidStateException(`contact ${e.contactId} is ${x.state}; only a connected contact can be transferred`);
  }
  if (s.contactMap.has(e.newContactId)) throw new InvalidStateException(`contact ${e.newContactId} already exists`);
  const refusal = queueRefusal(s, e.queueId, now); // throws ResourceNotFound before anything changes
  const old = s.requireContact(e.contactId);
  if (refusal !== undefined) {
    // A queue that cannot take it now: the contact stays with the agent, as it was.
    fx.emit({
      type: 'contact.transfer_failed',
      contactId: old.contactId,
      agentId: e.agentId,
      queueId: e.queueId,
      reason: refusal,
    });
    return;
  }
  fx.emit({
    type: 'contact.transferred',
    contactId: old.contactId,
    newContactId: e.newContactId,
    agentId: e.agentId,
    queueId: e.queueId,
  });
  endWithAgent(s, old, EndReason.TRANSFERRED, now, fx);
  createContact(
    s,
    {
      type: 'contact.create',
      contactId: e.newContactId,
      channel: old.channel,
      initialContactId: old.initialContactId,
      previousContactId: old.contactId,
      ...(old.relatedContactId !== undefined ? { relatedContactId: old.relatedContactId } : {}),
      ...(old.expiresAt !== undefined ? { expiresAt: old.expiresAt } : {}),
    },
    now,
    fx,
  );
  const next = s.requireContact(e.newContactId);
  if (old.expiryWarned) next.expiryWarned = true;
  enqueue(s, next, e.queueId, now, fx);
}
