/**
 * The pure heart of the Task class: what one contact of the agent's data says about its
 * task ({@link factsOf}, {@link taskStateOf}, {@link taskDataOf}), and which TASK_EVENTS
 * one push of the agent's data means, from the previous data to the next
 * ({@link deriveChanges}). No sockets, no timers: the shell (contact-center.ts) feeds it
 * every push and emits what it returns.
 */
import type { AgentDataWire, ContactData } from '@switchboard/agent-client';
import { RejectReason, TASK_EVENTS, type TaskLifecycleEvent } from './events.js';
import { type TaskData, TaskState } from './types.js';

type Contact = ContactData<string>;

/** Where the agent's contact is, in the Task class's words. */
export type Phase = 'offered' | 'connected' | 'ended' | 'missed' | 'other';

/** What the derivation reads from one contact. */
export interface ContactFacts {
  readonly phase: Phase;
  readonly voice: boolean;
  /** Voice: the customer's connection is held; a task: paused. */
  readonly held: boolean;
  /** Voice: the consulted party, as the agent who consulted sees them. */
  readonly third: 'none' | 'ringing' | 'talking' | 'held';
  readonly conference: boolean;
  readonly calledIn: boolean;
  readonly recording: 'recording' | 'paused' | undefined;
  readonly muted: boolean;
  readonly autoAccept: boolean;
}

const PHASES: Readonly<Record<string, Phase>> = {
  init: 'offered',
  incoming: 'offered',
  pending: 'offered',
  connecting: 'offered',
  connected: 'connected',
  paused: 'connected',
  ended: 'ended',
  missed: 'missed',
};

export const agentConnectionOf = (c: Contact) => c.connections.find((x) => x.type === 'agent');
export const customerConnectionOf = (c: Contact) => c.connections.find((x) => x.type === 'inbound');
export const thirdConnectionOf = (c: Contact) =>
  c.connections.find((x) => x.type === 'outbound' && x.state.type !== 'disconnected');

export function factsOf(c: Contact): ContactFacts {
  const phase = PHASES[c.state.type] ?? 'other';
  const voice = c.type === 'voice';
  const customer = customerConnectionOf(c);
  const thirdConn = voice ? thirdConnectionOf(c) : undefined;
  const third: ContactFacts['third'] = !thirdConn
    ? 'none'
    : thirdConn.state.type === 'connecting' || thirdConn.state.type === 'init'
      ? 'ringing'
      : thirdConn.state.type === 'hold'
        ? 'held'
        : 'talking';
  const calledIn = c.calledIn === true;
  // A consulted agent does not hold the customer: the agent who called them in does.
  const held = voice ? !calledIn && customer?.state.type === 'hold' : c.state.type === 'paused';
  const customerOn = customer?.state.type === 'connected';
  return {
    phase,
    voice,
    held,
    third,
    // The consulted agent hears the customer only in a conference.
    conference: voice && phase === 'connected' && customerOn && (third === 'talking' || calledIn),
    calledIn,
    recording: c.recording,
    muted: agentConnectionOf(c)?.mute === true,
    autoAccept: c.agentContactHandlingConfig?.autoAccept === true,
  };
}

/** The task's state for `task.data.state`. */
export function taskStateOf(f: ContactFacts): TaskState {
  switch (f.phase) {
    case 'offered':
      return TaskState.OFFERED;
    case 'ended':
      return TaskState.WRAP_UP;
    case 'missed':
      return TaskState.MISSED;
    case 'other':
      return TaskState.COMPLETED;
    default:
      if (f.conference) return TaskState.CONFERENCING;
      if (f.third !== 'none' || f.calledIn) return TaskState.CONSULTING;
      return f.held ? TaskState.HELD : TaskState.CONNECTED;
  }
}

/**
 * `task.data`: what the task's contact shows (`present`: false once it left the agent's
 * data), over what the task's operations learnt (`extra`).
 */
export function taskDataOf(c: Contact, present: boolean, extra: Partial<TaskData>): TaskData {
  const f = factsOf(c);
  const state = present ? taskStateOf(f) : TaskState.COMPLETED;
  return {
    ...extra,
    interactionId: c.contactId,
    mediaType: c.type,
    state,
    contact: c,
    agentConnectionId: agentConnectionOf(c)?.connectionId,
    queue: c.queue,
    wrapUpRequired: state === TaskState.WRAP_UP,
    isConsulted: f.calledIn,
    isConferenceInProgress: present && f.conference,
    isHold: f.held,
    isMuted: f.muted,
    recording: f.recording,
  };
}

/** One thing a push means for one task, in the order to emit them. */
export type TaskChange =
  /** A task to create: announced on the manager as `task:incoming` (a new offer) or `task:hydrate` (already there). */
  | { readonly kind: 'created'; readonly as: 'incoming' | 'hydrate' }
  | { readonly kind: 'event'; readonly event: TaskLifecycleEvent }
  | { readonly kind: 'rejected'; readonly reason: RejectReason }
  /** The contact left the agent's data: the task is done. */
  | { readonly kind: 'removed' };

const ev = (event: TaskLifecycleEvent): TaskChange => ({ kind: 'event', event });

/**
 * What became of one contact from one push to the next (`prev` undefined: it is new;
 * `next` undefined: it is gone). `first`: this is the first data since sign-in, so what is
 * there already is hydrated. `declined`: the agent declined this offer (so an offer that
 * disappears was declined, not withdrawn).
 */
export function contactChanges(
  prev: Contact | undefined,
  next: Contact | undefined,
  opts: { readonly first: boolean; readonly declined: boolean },
): TaskChange[] {
  const out: TaskChange[] = [];
  if (!prev && !next) return out;
  const gone = (): RejectReason => (opts.declined ? RejectReason.DECLINED : RejectReason.WITHDRAWN);
  if (!next) {
    const p = factsOf(prev as Contact);
    if (p.phase === 'offered') out.push({ kind: 'rejected', reason: gone() });
    else if (p.phase === 'connected') out.push(ev(TASK_EVENTS.TASK_END));
    else if (p.phase === 'ended') out.push(ev(TASK_EVENTS.TASK_WRAPPEDUP));
    out.push({ kind: 'removed' });
    return out;
  }
  const n = factsOf(next);
  let p: ContactFacts;
  if (!prev) {
    if (opts.first && n.phase !== 'offered') {
      out.push({ kind: 'created', as: 'hydrate' });
      if (n.phase === 'missed') out.push({ kind: 'rejected', reason: RejectReason.RONA });
      return out;
    }
    out.push({ kind: 'created', as: 'incoming' });
    if (n.calledIn) out.push(ev(TASK_EVENTS.TASK_OFFER_CONSULT));
    // A contact first seen past its offer went through it between two pushes.
    p = { ...n, phase: 'offered', held: false, third: 'none', conference: false, recording: undefined };
  } else {
    p = factsOf(prev);
  }
  if (p.phase === 'offered') {
    if (n.phase === 'connected' || n.phase === 'ended') {
      out.push(ev(TASK_EVENTS.TASK_ASSIGNED));
      if (n.autoAccept) out.push(ev(TASK_EVENTS.TASK_AUTO_ANSWERED));
      if (n.calledIn) out.push(ev(TASK_EVENTS.TASK_CONSULT_ACCEPTED));
    } else if (n.phase === 'missed') {
      out.push({ kind: 'rejected', reason: RejectReason.RONA });
      return out;
    } else if (n.phase === 'other') {
      out.push({ kind: 'rejected', reason: gone() });
      return out;
    } else return out;
    p = { ...p, phase: 'connected' };
  }
  if (p.phase === 'connected') {
    out.push(...callChanges(p, n));
    if (n.phase === 'ended' || n.phase === 'other') {
      out.push(ev(TASK_EVENTS.TASK_END));
      if (n.phase === 'ended') out.push(ev(TASK_EVENTS.TASK_WRAPUP));
    }
  }
  return out;
}

/** While connected: hold, consult, conference and recording changes. */
function callChanges(p: ContactFacts, n: ContactFacts): TaskChange[] {
  const out: TaskChange[] = [];
  const live = n.phase === 'connected';
  // Hold and resume are the customer's own: during a consult or a conference the consult events say it.
  if (live && p.third === 'none' && n.third === 'none' && !p.calledIn && !n.calledIn && p.held !== n.held)
    out.push(ev(n.held ? TASK_EVENTS.TASK_HOLD : TASK_EVENTS.TASK_RESUME));
  if (p.third === 'none' && n.third !== 'none') {
    out.push(ev(TASK_EVENTS.TASK_CONSULT_CREATED));
    if (n.third !== 'ringing') out.push(ev(TASK_EVENTS.TASK_CONSULTING));
  } else if (p.third === 'ringing' && (n.third === 'talking' || n.third === 'held')) {
    out.push(ev(TASK_EVENTS.TASK_CONSULTING));
  }
  if (!p.conference && n.conference) {
    out.push(ev(TASK_EVENTS.TASK_PARTICIPANT_JOINED), ev(TASK_EVENTS.TASK_CONFERENCE_STARTED));
  } else if (p.conference && !n.conference) {
    if (n.third === 'none') out.push(ev(TASK_EVENTS.TASK_PARTICIPANT_LEFT));
    out.push(ev(TASK_EVENTS.TASK_CONFERENCE_ENDED));
  }
  if (p.third !== 'none' && n.third === 'none' && live) out.push(ev(TASK_EVENTS.TASK_CONSULT_END));
  if (live && p.recording === 'recording' && n.recording === 'paused') out.push(ev(TASK_EVENTS.TASK_RECORDING_PAUSED));
  if (live && p.recording === 'paused' && n.recording === 'recording') out.push(ev(TASK_EVENTS.TASK_RECORDING_RESUMED));
  return out;
}

/** Every task's changes from one push of the agent's data to the next, and the agent's state change. */
export interface DataChanges {
  readonly tasks: readonly { readonly contactId: string; readonly changes: readonly TaskChange[] }[];
  readonly agentState: { readonly state: string; readonly type: string; readonly previous: string | undefined } | undefined;
}

/**
 * What a push means: `prev` is the data held before it (undefined for the first), `next`
 * the data after it; `declined` the contacts this agent declined.
 */
export function deriveChanges(
  prev: AgentDataWire | undefined,
  next: AgentDataWire,
  declined: ReadonlySet<string> = new Set(),
): DataChanges {
  const before = new Map((prev?.snapshot.contacts ?? []).map((c) => [c.contactId, c]));
  const tasks: { contactId: string; changes: TaskChange[] }[] = [];
  const first = prev === undefined;
  for (const c of next.snapshot.contacts) {
    const old = before.get(c.contactId);
    before.delete(c.contactId);
    // Unchanged contacts (a delta sends only the changed ones whole) are the same object or equal.
    if (old === c) continue;
    const opts = { first, declined: declined.has(c.contactId) };
    // Offered again on a new connection (declined or missed, and back to this agent from its
    // queue): the old offer's task is done and a new one begins.
    const reoffered = old !== undefined && agentConnectionOf(old)?.connectionId !== agentConnectionOf(c)?.connectionId;
    const changes = reoffered
      ? [...contactChanges(old, undefined, opts), ...contactChanges(undefined, c, { first, declined: false })]
      : contactChanges(old, c, opts);
    if (changes.length > 0) tasks.push({ contactId: c.contactId, changes });
  }
  for (const [contactId, old] of before) {
    tasks.push({ contactId, changes: contactChanges(old, undefined, { first, declined: declined.has(contactId) }) });
  }
  const was = prev?.snapshot.state;
  const now = next.snapshot.state;
  const agentState =
    was?.name === now.name && was?.type === now.type ? undefined : { state: now.name, type: now.type, previous: was?.name };
  return { tasks, agentState };
}
