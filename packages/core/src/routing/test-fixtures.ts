/**
 * Builders shared by the routing engine tests (engine.test.ts, engine.property.test.ts).
 * Test-only: nothing in the engine imports this file.
 */
import type { Channel, CrossChannelBehavior } from '../model/constants.js';
import type { HoursOfOperation } from '../model/entities.js';
import { RoutingEngine } from './engine.js';
import type {
  AgentRouting,
  ChannelLimit,
  ChosenStatus,
  ContactRuntime,
  DomainEvent,
  Effects,
  ProfileQueueEntry,
  QueueRouting,
} from './types.js';

export type EngineOpts = ConstructorParameters<typeof RoutingEngine>[0];

export const AVAILABLE: ChosenStatus = { statusId: 'available', name: 'Available', type: 'ROUTABLE' };
export const BREAK: ChosenStatus = { statusId: 'break', name: 'Break', type: 'NOT_ROUTABLE' };
export const OFFLINE: ChosenStatus = { statusId: 'offline', name: 'Offline', type: 'OFFLINE' };

/** Hours with no ranges: always closed, whatever the time zone. */
export const CLOSED_HOURS: HoursOfOperation = {
  id: 'closed',
  name: 'Closed',
  tags: {},
  lastModifiedTime: 0,
  timeZone: 'UTC',
  config: [],
};

/** A profile queue entry; CHAT, priority 1, no delay unless told. */
export const entry = (queueId: string, channel: Channel = 'CHAT', priority = 1, delayMs = 0): ProfileQueueEntry => ({
  queueId,
  channel,
  priority,
  delayMs,
});

export interface RoutingOptions {
  readonly channels?: Partial<Record<Channel, Partial<ChannelLimit>>>;
  readonly queues?: readonly ProfileQueueEntry[];
  readonly autoAccept?: Partial<Record<Channel, boolean>>;
  readonly acwTimeoutMs?: Partial<Record<Channel, number>>;
}

const ANY: CrossChannelBehavior = 'ROUTE_ANY_CHANNEL';

/**
 * An agent's routing. Defaults: VOICE not handled, CHAT and TASK concurrency 1 with
 * ROUTE_ANY_CHANNEL, one entry (queue Q, CHAT), no auto-accept, ACW until cleared.
 */
export function routing(agentId: string, o: RoutingOptions = {}): AgentRouting {
  const limit = (ch: Channel, concurrency: number): ChannelLimit => ({
    concurrency: o.channels?.[ch]?.concurrency ?? concurrency,
    crossChannel: o.channels?.[ch]?.crossChannel ?? ANY,
  });
  return {
    agentId,
    routingProfileId: `profile-${agentId}`,
    channels: { VOICE: limit('VOICE', 0), CHAT: limit('CHAT', 1), TASK: limit('TASK', 1) },
    queues: o.queues ?? [entry('Q')],
    autoAccept: { VOICE: false, CHAT: false, TASK: false, ...o.autoAccept },
    acwTimeoutMs: { VOICE: 0, CHAT: 0, TASK: 0, ...o.acwTimeoutMs },
  };
}

/** An engine whose connection ids are `conn-1`, `conn-2`, … */
export function newEngine(opts: EngineOpts = {}): RoutingEngine {
  let n = 0;
  return new RoutingEngine({ newId: () => `conn-${++n}`, ...opts });
}

export function addQueue(engine: RoutingEngine, id: string, extra: Partial<Omit<QueueRouting, 'id'>> = {}, now = 0): Effects {
  return engine.apply({ type: 'queue.upsert', queue: { id, enabled: true, ...extra } }, now);
}

/** Upserts the agent with `status` and (unless told otherwise) brings it online. */
export function addAgent(
  engine: RoutingEngine,
  r: AgentRouting,
  now = 0,
  status: ChosenStatus = AVAILABLE,
  online = true,
): Effects {
  const fx = [engine.apply({ type: 'agent.upsert', routing: r, status }, now)];
  if (online) fx.push(engine.apply({ type: 'agent.presence', agentId: r.agentId, online: true }, now));
  return merge(...fx);
}

/** contact.create then contact.enqueue at the same time; the effects of both. */
export function addContact(
  engine: RoutingEngine,
  contactId: string,
  queueId: string,
  now: number,
  channel: Channel = 'CHAT',
): Effects {
  const created = engine.apply({ type: 'contact.create', contactId, channel }, now);
  const enqueued = engine.apply({ type: 'contact.enqueue', contactId, queueId }, now);
  return merge(created, enqueued);
}

export function merge(...fx: Effects[]): Effects {
  return {
    events: fx.flatMap((f) => f.events),
    agents: new Set(fx.flatMap((f) => [...f.agents])),
    contacts: new Set(fx.flatMap((f) => [...f.contacts])),
    destroyed: new Map(fx.flatMap((f) => [...f.destroyed])),
  };
}

export const eventTypes = (fx: Effects): string[] => fx.events.map((e) => e.type);

export const eventsOf = <T extends DomainEvent['type']>(fx: Effects, type: T): Extract<DomainEvent, { type: T }>[] =>
  fx.events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

export const ids = (cs: readonly ContactRuntime[]): string[] => cs.map((c) => c.contactId);

/** Everything observable, as JSON: to show an illegal event changed nothing. */
export function observe(engine: RoutingEngine, queueIds: readonly string[]): string {
  return JSON.stringify({
    agents: engine.agents(),
    contacts: engine.contacts(),
    waiting: queueIds.map((q) => ids(engine.waiting(q))),
    deadline: engine.nextDeadline() ?? null,
  });
}
