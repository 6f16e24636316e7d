/**
 * The routing engine's deadlines: an offer not answered in time is missed, after-contact
 * work that runs out clears the contact, a queue delay that passes makes a contact
 * eligible for more agents, a scheduled task's time comes and it is queued, a task nears
 * its expiry (warned) and reaches it (ended, EXPIRED).
 */
import { end, removeAssignment, requeue, startScheduled } from './contact-transitions.js';
import type { AgentState, Changes, ContactState, EngineState } from './engine-state.js';
import { routeContact } from './offers.js';
import type { Timer } from './timer-heap.js';
import { type Assignment, EndReason, type Millis, expiryWarningAt } from './types.js';

const MISSED_CALL_AGENT = 'MissedCallAgent';

export function timerLive(s: EngineState, t: Timer): boolean {
  if (t.kind === 'delay') {
    const c = s.contactMap.get(t.contactId);
    return c !== undefined && c.phase === 'queued';
  }
  if (t.kind === 'scheduled') {
    const c = s.contactMap.get(t.contactId);
    return c !== undefined && c.phase === 'init' && c.scheduled?.at === t.at;
  }
  if (t.kind === 'expiry_warning' || t.kind === 'expiry') {
    const c = s.contactMap.get(t.contactId);
    if (c === undefined || c.phase === 'ended' || c.phase === 'destroyed' || c.expiresAt === undefined) return false;
    return t.kind === 'expiry' ? c.expiresAt === t.at : !c.expiryWarned && expiryWarningAt(c.expiresAt) === t.at;
  }
  const a = s.agentMap.get(t.agentId);
  const x = a?.assignments.find((y) => y.contactId === t.contactId);
  if (!x) return false;
  return t.kind === 'offer'
    ? x.state === 'connecting' && x.offerDeadline === t.at
    : x.state === 'ended' && x.acwDeadline === t.at;
}

export function tick(s: EngineState, now: Millis, fx: Changes): void {
  for (;;) {
    const t = s.timers.peek();
    if (t === undefined || t.at > now) break;
    s.timers.pop();
    if (!timerLive(s, t)) continue;
    if (t.kind === 'offer') miss(s, t.agentId, t.contactId, now, fx);
    else if (t.kind === 'acw') removeAssignment(s, s.agentMap.get(t.agentId) as AgentState, t.contactId, now, fx);
    else if (t.kind === 'scheduled') startScheduled(s, s.contactMap.get(t.contactId) as ContactState, now, fx);
    else if (t.kind === 'expiry_warning') warnExpiry(s.contactMap.get(t.contactId) as ContactState, fx);
    else if (t.kind === 'expiry') expire(s, s.contactMap.get(t.contactId) as ContactState, now, fx);
    else routeContact(s, s.contactMap.get(t.contactId) as ContactState, now, fx);
  }
}

function miss(s: EngineState, agentId: string, contactId: string, now: Millis, fx: Changes): void {
  const { a, i, x } = s.requireAssignment(agentId, contactId);
  const { offerDeadline: _o, ...rest } = x;
  a.assignments[i] = { ...rest, state: 'missed', since: now, connectionState: 'disconnected', connectionSince: now };
  a.error = { name: MISSED_CALL_AGENT, since: now };
  fx.agents.add(agentId);
  fx.emit({ type: 'contact.missed', contactId, agentId, connectionId: x.connectionId });
  fx.emit({ type: 'agent.error', agentId, name: MISSED_CALL_AGENT });
  requeue(s, s.requireContact(contactId), now, fx);
}

export function armAssignmentTimers(s: EngineState, a: AgentState, x: Assignment): void {
  if (x.state === 'connecting' && x.offerDeadline !== undefined) {
    s.timers.push({ at: x.offerDeadline, kind: 'offer', agentId: a.agentId, contactId: x.contactId });
  }
  if (x.state === 'ended' && x.acwDeadline !== undefined) {
    s.timers.push({ at: x.acwDeadline, kind: 'acw', agentId: a.agentId, contactId: x.contactId });
  }
}

function warnExpiry(c: ContactState, fx: Changes): void {
  c.expiryWarned = true;
  fx.contacts.add(c.contactId);
  fx.emit({
    type: 'task.expiring',
    contactId: c.contactId,
    expiresAt: c.expiresAt as Millis,
    ...(c.agentId !== undefined ? { agentId: c.agentId } : {}),
  });
}

function expire(s: EngineState, c: ContactState, now: Millis, fx: Changes): void {
  fx.emit({ type: 'task.expired', contactId: c.contactId, ...(c.agentId !== undefined ? { agentId: c.agentId } : {}) });
  end(s, c.contactId, EndReason.EXPIRED, now, fx);
}
