/**
 * Property test of the routing engine: random agents, queues and event sequences (legal
 * or not), with the routing invariants checked after every apply.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ServiceError } from '../errors.js';
import { CHANNELS, type Channel, type CrossChannelBehavior } from '../model/constants.js';
import { RoutingEngine } from './engine.js';
import { AVAILABLE, BREAK, CLOSED_HOURS, OFFLINE, observe } from './test-fixtures.js';
import {
  type AgentRouting,
  type AgentRuntime,
  type AssignmentState,
  type ChosenStatus,
  type ContactRuntime,
  type EndReason,
  type Effects,
  type ProfileQueueEntry,
  type RoutingEvent,
  agentQueueId,
} from './types.js';

const REGULAR_QUEUES = ['Q0', 'Q1', 'Q2'] as const;
/** Enqueue targets: the regular queues, then a closed and a disabled one. */
const ENQUEUE_TARGETS = [...REGULAR_QUEUES, 'Qclosed', 'Qoff'] as const;
const STATUSES: readonly ChosenStatus[] = [AVAILABLE, BREAK, OFFLINE];
const OPEN: ReadonlySet<AssignmentState> = new Set(['connecting', 'connected', 'paused', 'ended']);
const KNOWN_ASSIGNMENT_STATES: ReadonlySet<AssignmentState> = new Set([...OPEN, 'missed']);
const END_REASONS: readonly EndReason[] = ['CUSTOMER_DISCONNECT', 'API', 'EXPIRED', 'CONTACT_FLOW_DISCONNECT'];

// ---------------------------------------------------------------------------------------
// Generators

interface AgentSpec {
  readonly channels: Record<Channel, { concurrency: number; crossChannel: CrossChannelBehavior }>;
  readonly entries: readonly (Omit<ProfileQueueEntry, 'queueId' | 'channel'> | undefined)[];
  readonly autoAccept: Record<Channel, boolean>;
  readonly acw: Record<Channel, number>;
  readonly status: number;
  readonly online: boolean;
}

const crossArb = fc.constantFrom<CrossChannelBehavior>('ROUTE_ANY_CHANNEL', 'ROUTE_CURRENT_CHANNEL_ONLY');
const limitArb = (...concurrency: number[]) =>
  fc.record({ concurrency: fc.constantFrom(...concurrency), crossChannel: crossArb });
const perChannel = <T>(arb: fc.Arbitrary<T>) => fc.record({ VOICE: arb, CHAT: arb, TASK: arb });
/** One optional entry per (regular queue, channel) pair. */
const QUEUE_CHANNEL_PAIRS = REGULAR_QUEUES.flatMap((queueId) => CHANNELS.map((channel) => ({ queueId, channel })));

const agentArb: fc.Arbitrary<AgentSpec> = fc.record({
  channels: fc.record({ VOICE: limitArb(0, 1), CHAT: limitArb(0, 1, 1, 2, 3), TASK: limitArb(0, 1, 1, 2, 3) }),
  entries: fc.array(
    fc.option(fc.record({ priority: fc.integer({ min: 1, max: 3 }), delayMs: fc.constantFrom(0, 5_000) }), {
      nil: undefined,
      freq: 3,
    }),
    { minLength: QUEUE_CHANNEL_PAIRS.length, maxLength: QUEUE_CHANNEL_PAIRS.length },
  ),
  autoAccept: perChannel(fc.boolean()),
  acw: perChannel(fc.constantFrom(0, 0, 10_000)),
  status: fc.constantFrom(0, 0, 0, 1, 2),
  online: fc.constantFrom(true, true, true, false),
});

const setupArb = fc.record({
  agents: fc.array(agentArb, { minLength: 2, maxLength: 6 }),
  q2Max: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  offerTimeoutMs: fc.constantFrom(10_000, 30_000),
});

type Op = 'accept' | 'reject' | 'agent_end' | 'clear' | 'pause' | 'resume';

type Cmd =
  | { k: 'create'; channel: Channel; queue: number; enqueue: boolean; dup: number | undefined; expiresIn: number | undefined }
  | { k: 'enqueue'; pick: number; queue: number; wild: boolean }
  | { k: 'act'; op: Op; pick: number; agent: number; wild: boolean }
  | { k: 'end'; pick: number; reason: EndReason }
  | { k: 'transfer'; pick: number; agent: number; wild: boolean; target: number }
  | { k: 'status'; agent: number; status: number; next: boolean }
  | { k: 'presence'; agent: number; online: boolean }
  | { k: 'advance'; ms: number }
  | { k: 'restore' };

const queueIndexArb = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 10 },
  { arbitrary: fc.constantFrom(3, 4), weight: 1 },
);

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant('create' as const),
      channel: fc.constantFrom<Channel>('CHAT', 'CHAT', 'TASK', 'VOICE'),
      queue: queueIndexArb,
      enqueue: fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, { arbitrary: fc.constant(false), weight: 1 }),
      dup: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: fc.nat(), weight: 1 }),
      // Tasks may expire (warned EXPIRY_WARNING_MS before): soon, so that runs reach it.
      expiresIn: fc.option(
        fc.oneof(fc.integer({ min: 1, max: 120_000 }), fc.integer({ min: 2 * 3_600_000, max: 2 * 3_600_000 + 120_000 })),
        { nil: undefined },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant('enqueue' as const), pick: fc.nat(), queue: queueIndexArb, wild: fc.boolean() }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      k: fc.constant('act' as const),
      op: fc.constantFrom<Op>(
        'accept',
        'accept',
        'accept',
        'reject',
        'agent_end',
        'agent_end',
        'clear',
        'clear',
        'pause',
        'resume',
      ),
      pick: fc.nat(),
      agent: fc.nat(),
      wild: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('end' as const), pick: fc.nat(), reason: fc.constantFrom(...END_REASONS) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('transfer' as const),
      pick: fc.nat(),
      agent: fc.nat(),
      wild: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
      target: fc.nat(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('status' as const),
      agent: fc.nat(),
      status: fc.constantFrom(0, 0, 0, 1, 2),
      next: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('presence' as const), agent: fc.nat(), online: fc.constantFrom(true, true, false) }),
  },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'restore' as const }) },
);

// ---------------------------------------------------------------------------------------
// The world: the engine plus what the test tracks on the side

interface World {
  engine: RoutingEngine;
  now: number;
  /** Time of the last apply, so ticks never go back in time. */
  last: number;
  readonly agentIds: string[];
  /** Every contact id ever created, in creation order. */
  readonly allIds: string[];
  readonly created: Set<string>;
  readonly destroyed: Set<string>;
  readonly log: string[];
  readonly opts: ConstructorParameters<typeof RoutingEngine>[0];
  /** Why the last refused event was refused. */
  lastError: string | undefined;
  nextContact: number;
}

class InvariantError extends Error {}

function fail(w: World, message: string): never {
  throw new InvariantError(`${message}\n--- events (time event) ---\n${w.log.join('\n')}`);
}

function buildRouting(agentId: string, s: AgentSpec): AgentRouting {
  const queues: ProfileQueueEntry[] = [];
  s.entries.forEach((e, i) => {
    const pair = QUEUE_CHANNEL_PAIRS[i];
    if (e && pair) queues.push({ ...pair, ...e });
  });
  return {
    agentId,
    routingProfileId: `rp-${agentId}`,
    channels: s.channels,
    queues,
    autoAccept: s.autoAccept,
    acwTimeoutMs: s.acw,
  };
}

const queueIdsOf = (w: World) => [...ENQUEUE_TARGETS, 'nope', ...w.agentIds.map(agentQueueId)];

function record(w: World, fx: Effects) {
  for (const ev of fx.events) {
    if (ev.type === 'contact.created') w.created.add(ev.contactId);
    if (ev.type === 'contact.destroyed') w.destroyed.add(ev.contactId);
  }
}

/** Applies one event at `now`; checks effects and invariants. Undefined when it was refused. */
function step(w: World, event: RoutingEvent, now: number): Effects | undefined {
  const e = w.engine;
  const qs = queueIdsOf(w);
  const before = observe(e, qs);
  const agentsBefore = new Map(e.agents().map((a) => [a.agentId, JSON.stringify(a)]));
  const contactsBefore = new Map(e.contacts().map((c) => [c.contactId, JSON.stringify(c)]));
  let fx: Effects;
  try {
    fx = e.apply(event, now);
  } catch (err) {
    if (!(err instanceof ServiceError)) {
      w.log.push(`${now} ${JSON.stringify(event)} → THREW ${String(err)}`);
      fail(w, `apply threw a non-ServiceError: ${err instanceof Error ? err.stack : String(err)}`);
    }
    w.log.push(`${now} ${JSON.stringify(event)} → ${err.name}`);
    w.lastError = err.name;
    if (observe(e, qs) !== before) fail(w, `a refused event (${err.name}) changed the state`);
    w.last = now;
    return undefined;
  }
  w.last = now;
  w.log.push(`${now} ${JSON.stringify(event)} → ${fx.events.map((x) => x.type).join(', ') || '(no events)'}`);
  record(w, fx);
  const destroyedEvents = fx.events.flatMap((x) => (x.type === 'contact.destroyed' ? [x.contactId] : []));
  if (JSON.stringify([...fx.destroyed.keys()].sort()) !== JSON.stringify([...destroyedEvents].sort()))
    fail(w, `effects.destroyed (${[...fx.destroyed.keys()]}) does not match the contact.destroyed events (${destroyedEvents})`);
  for (const [id, c] of fx.destroyed) if (c.contactId !== id) fail(w, `effects.destroyed maps ${id} to ${c.contactId}`);
  // effects name every agent and contact that changed
  for (const a of e.agents())
    if (agentsBefore.get(a.agentId) !== JSON.stringify(a) && !fx.agents.has(a.agentId))
      fail(w, `agent ${a.agentId} changed but is not in effects.agents`);
  for (const [id, json] of contactsBefore) {
    const c = e.contact(id);
    if ((c === undefined || JSON.stringify(c) !== json) && !fx.contacts.has(id))
      fail(w, `contact ${id} changed but is not in effects.contacts`);
  }
  for (const c of e.contacts())
    if (!contactsBefore.has(c.contactId) && !fx.contacts.has(c.contactId))
      fail(w, `contact ${c.contactId} was created but is not in effects.contacts`);
  checkInvariants(w, now);
  return fx;
}

// ---------------------------------------------------------------------------------------
// The rules, restated independently of the engine

function specEligible(a: AgentRuntime, c: ContactRuntime, now: number): boolean {
  if (!a.online || a.status.type !== 'ROUTABLE' || a.error) return false;
  // A queued non-routable next status (e.g. Break after this contact) stops new offers.
  if (a.nextStatus && a.nextStatus.type !== 'ROUTABLE') return false;
  if (c.phase !== 'queued' || c.queueId === undefined || c.enqueuedAt === undefined) return false;
  const limit = a.routing.channels[c.channel];
  let delay: number;
  if (c.queueId === agentQueueId(a.agentId)) {
    if (limit.concurrency <= 0) return false;
    delay = 0;
  } else {
    const entry = a.routing.queues.find((q) => q.queueId === c.queueId && q.channel === c.channel);
    if (!entry) return false;
    delay = entry.delayMs;
  }
  if (now - c.enqueuedAt < delay) return false;
  const open = a.assignments.filter((x) => OPEN.has(x.state));
  if (open.filter((x) => x.channel === c.channel).length >= limit.concurrency) return false;
  for (const x of open)
    if (x.channel !== c.channel && a.routing.channels[x.channel].crossChannel !== 'ROUTE_ANY_CHANNEL') return false;
  return true;
}

function specDisplay(a: AgentRuntime): { type: string; name: string } {
  if (a.error) return { type: 'error', name: a.error.name };
  const states = new Set(a.assignments.map((x) => x.state));
  if (states.has('connected') || states.has('paused')) return { type: 'system', name: 'Busy' };
  if (states.has('connecting')) return { type: 'system', name: 'PendingBusy' };
  if (states.has('ended')) return { type: 'system', name: 'AfterContactWork' };
  return { type: a.status.type.toLowerCase(), name: a.status.name };
}

function checkInvariants(w: World, now: number): void {
  const e = w.engine;
  const agents = e.agents();
  const contacts = e.contacts();

  // agents: known assignment states, concurrency, display
  const holders = new Map<string, { agentId: string; state: AssignmentState }[]>();
  for (const a of agents) {
    for (const ch of CHANNELS) {
      const n = a.assignments.filter((x) => x.channel === ch && OPEN.has(x.state)).length;
      if (n > a.routing.channels[ch].concurrency)
        fail(w, `agent ${a.agentId} holds ${n} open ${ch} assignments, concurrency ${a.routing.channels[ch].concurrency}`);
    }
    for (const x of a.assignments) {
      if (!KNOWN_ASSIGNMENT_STATES.has(x.state)) fail(w, `agent ${a.agentId} keeps an assignment in state ${x.state}`);
      if (!OPEN.has(x.state)) continue;
      const list = holders.get(x.contactId) ?? [];
      list.push({ agentId: a.agentId, state: x.state });
      holders.set(x.contactId, list);
    }
    // every open assignment was a legal offer when it was made: ordered by offer time, an
    // earlier open assignment on another channel must allow other channels; and the
    // contact had waited the profile's delay
    const open = a.assignments.filter((x) => OPEN.has(x.state));
    open.forEach((x, i) => {
      for (const y of open.slice(i + 1))
        if (y.channel !== x.channel && a.routing.channels[x.channel].crossChannel !== 'ROUTE_ANY_CHANNEL')
          fail(
            w,
            `agent ${a.agentId} was offered ${y.contactId} (${y.channel}) while on ${x.contactId} (${x.channel}, ROUTE_CURRENT_CHANNEL_ONLY)`,
          );
      const c = e.contact(x.contactId);
      if (c?.queueId === undefined || c.enqueuedAt === undefined) return;
      const queueId = c.queueId;
      const delay =
        queueId === agentQueueId(a.agentId)
          ? 0
          : a.routing.queues.find((q) => q.queueId === queueId && q.channel === c.channel)?.delayMs;
      if (delay === undefined)
        fail(w, `agent ${a.agentId} holds ${c.contactId} from ${queueId} (${c.channel}), which it does not serve`);
      if (x.offeredAt < c.enqueuedAt + delay)
        fail(w, `agent ${a.agentId} was offered ${c.contactId} at ${x.offeredAt}, before its delay (${c.enqueuedAt} + ${delay})`);
    });
    const want = specDisplay(a);
    if (a.display.type !== want.type || a.display.name !== want.name)
      fail(w, `agent ${a.agentId} displays ${JSON.stringify(a.display)}, expected ${JSON.stringify(want)}`);
  }
  for (const [contactId, hs] of holders)
    if (hs.length > 1) fail(w, `contact ${contactId} is held by several assignments: ${JSON.stringify(hs)}`);

  // contacts: exactly the created and not destroyed ones
  const alive = [...w.created].filter((id) => !w.destroyed.has(id));
  const listed = new Set(contacts.map((c) => c.contactId));
  for (const id of alive) if (!listed.has(id)) fail(w, `contact ${id} was lost (created, never destroyed, not in contacts())`);
  for (const id of listed)
    if (!w.created.has(id) || w.destroyed.has(id)) fail(w, `contacts() lists ${id}, destroyed or never created`);

  const waiting = new Map<string, string[]>();
  for (const q of queueIdsOf(w)) {
    const list = e.waiting(q);
    for (let i = 1; i < list.length; i++)
      if ((list[i - 1]?.enqueuedAt ?? 0) > (list[i]?.enqueuedAt ?? 0)) fail(w, `waiting(${q}) is not oldest first`);
    for (const c of list) {
      if (c.phase !== 'queued' || c.queueId !== q)
        fail(w, `waiting(${q}) lists ${c.contactId} (phase ${c.phase}, queue ${c.queueId})`);
      waiting.set(c.contactId, [...(waiting.get(c.contactId) ?? []), q]);
    }
  }

  for (const c of contacts) {
    const hs = holders.get(c.contactId) ?? [];
    const inQueues = waiting.get(c.contactId) ?? [];
    switch (c.phase) {
      case 'init':
        if (hs.length > 0 || inQueues.length > 0) fail(w, `init contact ${c.contactId} is held or waiting`);
        break;
      case 'queued': {
        if (hs.length > 0) fail(w, `queued contact ${c.contactId} is held by ${JSON.stringify(hs)}`);
        if (inQueues.length !== 1 || inQueues[0] !== c.queueId)
          fail(w, `queued contact ${c.contactId} (queue ${c.queueId}) is in waiting() of ${JSON.stringify(inQueues)}`);
        for (const a of agents) {
          const mine = e.eligible(a.agentId, c.contactId, now);
          const spec = specEligible(a, c, now);
          if (mine || spec)
            fail(
              w,
              `queued contact ${c.contactId} has an eligible agent ${a.agentId} at ${now} (eligible()=${mine}, rules say ${spec})`,
            );
        }
        break;
      }
      case 'connecting':
      case 'connected':
      case 'paused':
      case 'ended': {
        const h = hs[0];
        if (hs.length !== 1 || !h) fail(w, `${c.phase} contact ${c.contactId} is held by ${hs.length} assignments`);
        if (h.agentId !== c.agentId) fail(w, `contact ${c.contactId} names agent ${c.agentId} but ${h.agentId} holds it`);
        if (h.state !== c.phase) fail(w, `contact ${c.contactId} is ${c.phase} but its assignment is ${h.state}`);
        if (inQueues.length > 0) fail(w, `${c.phase} contact ${c.contactId} is also waiting in ${inQueues.join(', ')}`);
        break;
      }
      default:
        fail(w, `contacts() lists ${c.contactId} in phase ${c.phase}`);
    }
  }

  for (const id of w.destroyed) {
    if (e.contact(id) !== undefined) fail(w, `destroyed contact ${id} is still known`);
    if (holders.has(id)) fail(w, `destroyed contact ${id} is still held by ${JSON.stringify(holders.get(id))}`);
  }
  for (const id of holders.keys()) if (!listed.has(id)) fail(w, `an agent holds unknown contact ${id}`);
}

// ---------------------------------------------------------------------------------------
// Running commands

const pickOf = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** Assignment states an operation is legal on (mostly picked, to get far into the life of contacts). */
const FITS: Record<Op | 'transfer', readonly AssignmentState[]> = {
  accept: ['connecting'],
  reject: ['connecting'],
  agent_end: ['connected', 'paused', 'connecting'],
  clear: ['ended', 'missed', 'connected'],
  pause: ['connected'],
  resume: ['paused'],
  transfer: ['connected', 'paused'],
};

/**
 * A (agent, contact) pair: one of the agents' assignments (one that fits the operation
 * when `pick` is even and there is one), or — when `wild` — any agent with any contact id.
 */
function target(
  w: World,
  op: Op | 'transfer',
  pick: number,
  agent: number,
  wild: boolean,
): { agentId: string; contactId: string } | undefined {
  const all = w.engine
    .agents()
    .flatMap((a) => a.assignments.map((x) => ({ agentId: a.agentId, contactId: x.contactId, state: x.state })));
  const fitting = all.filter((p) => FITS[op].includes(p.state));
  const pairs = pick % 4 !== 0 && fitting.length > 0 ? fitting : all;
  const chosen = pickOf(pairs, pick >> 2);
  if (!wild && chosen) return { agentId: chosen.agentId, contactId: chosen.contactId };
  const agentId = pickOf(w.agentIds, agent);
  const contactId = pickOf(w.allIds, pick);
  return agentId && contactId ? { agentId, contactId } : undefined;
}

function advance(w: World, ms: number): void {
  w.now += ms;
  for (let guard = 0; ; guard++) {
    const d = w.engine.nextDeadline();
    if (d === undefined || d > w.now) break;
    if (guard > 1_000) fail(w, `nextDeadline() keeps returning ${d}`);
    const at = Math.max(d, w.last);
    step(w, { type: 'tick' }, at);
    const after = w.engine.nextDeadline();
    if (after !== undefined && after <= at) fail(w, `after a tick at ${at}, nextDeadline() is still ${after}`);
  }
  // no event at `now` itself: nothing may have become routable since the last deadline
  checkInvariants(w, w.now);
  // and no timer was forgotten
  for (const a of w.engine.agents())
    for (const x of a.assignments) {
      if (x.state === 'connecting' && !(x.offerDeadline !== undefined && x.offerDeadline > w.now))
        fail(w, `at ${w.now}, ${a.agentId}'s offer of ${x.contactId} is still connecting (deadline ${x.offerDeadline})`);
      if (x.state === 'ended' && a.routing.acwTimeoutMs[x.channel] > 0 && !(x.acwDeadline !== undefined && x.acwDeadline > w.now))
        fail(w, `at ${w.now}, ${a.agentId}'s ACW of ${x.contactId} is still on (deadline ${x.acwDeadline})`);
    }
}

function restore(w: World): void {
  const e = w.engine;
  const snapshot = JSON.parse(
    JSON.stringify({
      queues: ENQUEUE_TARGETS.map((q) => e.queue(q)).filter((q) => q !== undefined),
      agents: e.agents(),
      contacts: e.contacts(),
    }),
  );
  const kept = new Map<string, string>();
  for (const a of e.agents())
    for (const x of a.assignments)
      if (x.state === 'connected' || x.state === 'paused' || x.state === 'ended') kept.set(x.contactId, a.agentId);
  const wasConnecting = e.contacts().filter((c) => c.phase === 'connecting');
  let restored: { engine: RoutingEngine; effects: Effects };
  try {
    restored = RoutingEngine.restore(snapshot, w.now, w.opts);
  } catch (err) {
    fail(w, `restore threw: ${err instanceof Error ? err.stack : String(err)}`);
  }
  w.engine = restored.engine;
  w.last = w.now;
  w.log.push(`${w.now} RESTORE → ${restored.effects.events.map((x) => x.type).join(', ') || '(no events)'}`);
  record(w, restored.effects);
  for (const a of w.engine.agents()) if (a.online) fail(w, `agent ${a.agentId} is online right after restore`);
  for (const c of wasConnecting) {
    const now = w.engine.contact(c.contactId);
    if (now?.phase !== 'queued' || now.enqueuedAt !== c.enqueuedAt)
      fail(w, `in-flight offer ${c.contactId} was not re-queued with its enqueuedAt: ${JSON.stringify(now)}`);
  }
  for (const [contactId, agentId] of kept) {
    const held = w.engine.agent(agentId)?.assignments.some((x) => x.contactId === contactId && OPEN.has(x.state));
    if (!held) fail(w, `restore dropped ${agentId}'s assignment of ${contactId}`);
  }
  checkInvariants(w, w.now);
}

/** Assignment states each operation is legal on, per the rules. */
const LEGAL: Record<Op | 'transfer', readonly AssignmentState[]> = {
  accept: ['connecting'],
  reject: ['connecting'],
  agent_end: ['connecting', 'connected', 'paused'],
  clear: ['connected', 'paused', 'ended', 'missed'],
  pause: ['connected'],
  resume: ['paused'],
  transfer: ['connected', 'paused'],
};

/** The state of the agent's assignment of a contact (an open one first), if it has one. */
function stateOf(w: World, agentId: string, contactId: string): AssignmentState | undefined {
  const mine = w.engine.agent(agentId)?.assignments.filter((x) => x.contactId === contactId) ?? [];
  return (mine.find((x) => OPEN.has(x.state)) ?? mine[0])?.state;
}

/** A legal event (`refusals` empty) must be applied; an illegal one refused with one of `refusals`. */
function expectLegality(w: World, fx: Effects | undefined, ...refusals: string[]): void {
  if (refusals.length === 0 && !fx) fail(w, `a legal event was refused (${w.lastError})`);
  if (refusals.length > 0 && fx) fail(w, `an illegal event was applied (expected ${refusals.join(' or ')})`);
  if (refusals.length > 0 && !refusals.includes(w.lastError ?? ''))
    fail(w, `refused with ${w.lastError}, expected ${refusals.join(' or ')}`);
}

function run(w: World, cmd: Cmd): void {
  const e = w.engine;
  switch (cmd.k) {
    case 'create': {
      // dup: an id that exists (created, not destroyed), which create must refuse
      const alive = w.allIds.filter((id) => !w.destroyed.has(id));
      const dup = cmd.dup === undefined ? undefined : pickOf(alive, cmd.dup);
      const contactId = dup ?? `c${++w.nextContact}`;
      if (!dup) {
        w.created.add(contactId); // before the step, whose invariant check expects it
        w.allIds.push(contactId);
      }
      const expiry = cmd.channel === 'TASK' && cmd.expiresIn !== undefined ? { expiresAt: w.now + cmd.expiresIn } : {};
      const fx = step(w, { type: 'contact.create', contactId, channel: cmd.channel, ...expiry }, w.now);
      if (dup && fx) fail(w, `contact.create accepted the existing id ${dup}`);
      if (!dup && !fx) fail(w, `contact.create of a new id ${contactId} was refused`);
      if (fx && cmd.enqueue) step(w, { type: 'contact.enqueue', contactId, queueId: ENQUEUE_TARGETS[cmd.queue] ?? 'Q0' }, w.now);
      return;
    }
    case 'enqueue': {
      const inits = e.contacts().filter((c) => c.phase === 'init');
      const c = cmd.wild ? pickOf(w.allIds, cmd.pick) : pickOf(inits, cmd.pick)?.contactId;
      if (c) step(w, { type: 'contact.enqueue', contactId: c, queueId: ENQUEUE_TARGETS[cmd.queue] ?? 'Q0' }, w.now);
      return;
    }
    case 'act': {
      const t = target(w, cmd.op, cmd.pick, cmd.agent, cmd.wild);
      if (!t) return;
      const state = stateOf(w, t.agentId, t.contactId);
      const fx = step(w, { type: `contact.${cmd.op}`, ...t } as RoutingEvent, w.now);
      if (state === undefined) expectLegality(w, fx, 'ResourceNotFoundException');
      else if (!LEGAL[cmd.op].includes(state)) expectLegality(w, fx, 'InvalidStateException');
      else expectLegality(w, fx);
      return;
    }
    case 'end': {
      // legal in every phase, a no-op once ended or destroyed
      const contactId = pickOf(w.allIds, cmd.pick);
      if (contactId && !step(w, { type: 'contact.end', contactId, reason: cmd.reason }, w.now))
        fail(w, `contact.end of ${contactId} was refused (${w.lastError})`);
      return;
    }
    case 'transfer': {
      const t = target(w, 'transfer', cmd.pick, cmd.agent, cmd.wild);
      if (!t) return;
      const targets = [...REGULAR_QUEUES, ...w.agentIds.map(agentQueueId), 'nope', 'agent/nobody'];
      const queueId = pickOf(targets, cmd.target) ?? 'Q0';
      const newContactId = `t${++w.nextContact}`;
      const state = stateOf(w, t.agentId, t.contactId);
      const knownQueue = REGULAR_QUEUES.some((q) => q === queueId) || w.agentIds.some((a) => agentQueueId(a) === queueId);
      const fx = step(w, { type: 'contact.transfer', ...t, newContactId, queueId }, w.now);
      const refusals = new Set<string>();
      if (state === undefined || !knownQueue) refusals.add('ResourceNotFoundException');
      if (state !== undefined && !LEGAL.transfer.includes(state)) refusals.add('InvalidStateException');
      expectLegality(w, fx, ...refusals);
      if (fx) {
        // A queue that cannot take it (full, closed, disabled): nothing new, the contact stays.
        const failed = fx.events.some((e) => e.type === 'contact.transfer_failed');
        if (failed) {
          if (w.created.has(newContactId)) fail(w, `a failed transfer created ${newContactId}`);
          if (stateOf(w, t.agentId, t.contactId) !== state) fail(w, `a failed transfer changed ${t.contactId}`);
          return;
        }
        if (!w.created.has(newContactId)) fail(w, `transfer did not report contact.created for ${newContactId}`);
        w.allIds.push(newContactId);
      }
      return;
    }
    case 'status': {
      const agentId = pickOf(w.agentIds, cmd.agent);
      const status = STATUSES[cmd.status] ?? AVAILABLE;
      if (agentId && !step(w, { type: 'agent.set_status', agentId, status, enqueueNextState: cmd.next }, w.now))
        fail(w, `agent.set_status was refused (${w.lastError})`);
      return;
    }
    case 'presence': {
      const agentId = pickOf(w.agentIds, cmd.agent);
      if (agentId && !step(w, { type: 'agent.presence', agentId, online: cmd.online }, w.now))
        fail(w, `agent.presence was refused (${w.lastError})`);
      return;
    }
    case 'advance':
      advance(w, cmd.ms);
      return;
    case 'restore':
      restore(w);
      return;
  }
}

function setUp(setup: typeof setupArb extends fc.Arbitrary<infer T> ? T : never): World {
  let conn = 0;
  const opts = { offerTimeoutMs: setup.offerTimeoutMs, newId: () => `conn-${++conn}` };
  const w: World = {
    engine: new RoutingEngine(opts),
    now: 1_000,
    last: 0,
    agentIds: setup.agents.map((_, i) => `a${i}`),
    allIds: [],
    created: new Set(),
    destroyed: new Set(),
    log: [],
    opts,
    nextContact: 0,
    lastError: undefined,
  };
  step(w, { type: 'queue.upsert', queue: { id: 'Q0', enabled: true } }, 0);
  step(w, { type: 'queue.upsert', queue: { id: 'Q1', enabled: true } }, 0);
  step(w, { type: 'queue.upsert', queue: { id: 'Q2', enabled: true, maxContacts: setup.q2Max } }, 0);
  step(w, { type: 'queue.upsert', queue: { id: 'Qclosed', enabled: true, hours: CLOSED_HOURS } }, 0);
  step(w, { type: 'queue.upsert', queue: { id: 'Qoff', enabled: false } }, 0);
  setup.agents.forEach((s, i) => {
    const agentId = `a${i}`;
    const status = STATUSES[s.status] ?? AVAILABLE;
    const fx = step(w, { type: 'agent.upsert', routing: buildRouting(agentId, s), status }, 0);
    if (!fx) fail(w, `agent.upsert of ${agentId} was refused`);
    if (s.online) step(w, { type: 'agent.presence', agentId, online: true }, 0);
  });
  return w;
}

describe('routing engine properties', () => {
  it('keeps its invariants over random event sequences', () => {
    fc.assert(
      fc.property(setupArb, fc.array(cmdArb, { minLength: 1, maxLength: 60, size: 'max' }), (setup, cmds) => {
        const w = setUp(setup);
        for (const cmd of cmds) run(w, cmd);
        // let every timer run out, then check once more
        advance(w, 10 * 60_000);
      }),
      { numRuns: 300 },
    );
    // ~3 s alone; give it room on a loaded 2-core machine.
  }, 60_000);
});
