/**
 * Real-time metrics (GetCurrentMetricData) and agent data (GetCurrentUserData), computed
 * from what routing knows right now. Pure: they read the engine through `RoutingReader`
 * and the instance's resources through `MetricsConfig`, take `now`, and answer the wire
 * shapes, so they are tested without a server.
 *
 * Definitions follow Connect's real-time metrics guide where it is precise:
 *   AGENTS_ONLINE          online, status not Offline (or still working on contacts)
 *   AGENTS_STAFFED         online and Available, on a contact, in ACW or in error (not NPT)
 *   AGENTS_AVAILABLE       routable (Available, no error, online) with a free slot
 *   AGENTS_ON_CONTACT      agents with a connected or held contact; AGENTS_ON_CALL: VOICE only
 *   AGENTS_AFTER_CONTACT_WORK  contacts in ACW (Connect counts contacts here, despite the name)
 *   AGENTS_ERROR           agents in an error state (e.g. MissedCallAgent)
 *   AGENTS_NON_PRODUCTIVE  online agents whose chosen status is a custom (NOT_ROUTABLE) one
 *   CONTACTS_IN_QUEUE, OLDEST_CONTACT_AGE, CONTACTS_SCHEDULED (always 0)
 *   SLOTS_ACTIVE           connected, held and ACW contacts; SLOTS_AVAILABLE: free slots
 *                          of routable agents
 * Agent metrics of a group count the agents whose routing profile serves one of the
 * group's queues on one of its channels (an agent queue: that agent), each agent once.
 * Filtered by routing profiles instead of queues (a team's wallboard), a group holds the
 * agents of its profiles, and its contact metrics count the contacts waiting in those
 * profiles' queues on the channels the profiles take from them.
 */
import {
  type AgentRuntime,
  type AgentStatus,
  type Assignment,
  agentQueueArn,
  agentQueueId,
  type Channel,
  CHANNELS,
  type ContactRuntime,
  idFromIdOrArn,
  type InstanceCoords,
  InvalidParameterException,
  isAgentQueueId,
  parseArn,
  type Queue,
  ResourceNotFoundException,
  resourceArn,
  type RoutingProfile,
  type User,
} from '@switchboard/core';

/** The read side of the routing engine the metrics need. */
export interface RoutingReader {
  agents(): readonly AgentRuntime[];
  waiting(queueId: string): readonly ContactRuntime[];
  contact(contactId: string): ContactRuntime | undefined;
}

/** The instance's resources the metrics need (an InstanceConfigView fits). */
export interface MetricsConfig {
  readonly coords: InstanceCoords;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly users: ReadonlyMap<string, User>;
  readonly profiles: ReadonlyMap<string, RoutingProfile>;
  readonly statuses: readonly AgentStatus[];
}

export const METRIC_UNITS = {
  AGENTS_ONLINE: 'COUNT',
  AGENTS_AVAILABLE: 'COUNT',
  AGENTS_ON_CALL: 'COUNT',
  AGENTS_NON_PRODUCTIVE: 'COUNT',
  AGENTS_AFTER_CONTACT_WORK: 'COUNT',
  AGENTS_ERROR: 'COUNT',
  AGENTS_STAFFED: 'COUNT',
  CONTACTS_IN_QUEUE: 'COUNT',
  OLDEST_CONTACT_AGE: 'SECONDS',
  CONTACTS_SCHEDULED: 'COUNT',
  AGENTS_ON_CONTACT: 'COUNT',
  SLOTS_ACTIVE: 'COUNT',
  SLOTS_AVAILABLE: 'COUNT',
} as const;
export type MetricName = keyof typeof METRIC_UNITS;
export const METRIC_NAMES = Object.keys(METRIC_UNITS) as [MetricName, ...MetricName[]];

export type Grouping = 'QUEUE' | 'CHANNEL' | 'ROUTING_PROFILE';

/** Exactly one of `queues` and `routingProfiles` (Connect: not both). */
export interface MetricRequest {
  /** Queue ids or ARNs (agent queues too: `agent/<userId>` or `…/queue/agent/<userId>`). */
  readonly queues?: readonly string[];
  /** Routing profile ids or ARNs. */
  readonly routingProfiles?: readonly string[];
  /** Default: every channel. */
  readonly channels?: readonly Channel[];
  readonly groupings?: readonly Grouping[];
  readonly metrics: readonly { readonly name: MetricName; readonly unit?: string }[];
  readonly sort?: { readonly metric: MetricName; readonly order: 'ASCENDING' | 'DESCENDING' };
}

export interface QueueReference {
  readonly Id: string;
  readonly Arn: string;
}

export interface CurrentMetricResult {
  readonly Dimensions?: {
    readonly Queue?: QueueReference;
    readonly Channel?: Channel;
    readonly RoutingProfile?: QueueReference;
  };
  readonly Collections: { readonly Metric: { readonly Name: MetricName; readonly Unit: string }; readonly Value: number }[];
}

// ---------------------------------------------------------------------------------------
// Agent and queue helpers

/** Assignment states that occupy a slot in Connect's SLOTS_ACTIVE (not a ringing offer). */
const ACTIVE: ReadonlySet<Assignment['state']> = new Set(['connected', 'paused', 'ended']);
/** Assignment states that hold a slot of the agent's concurrency (as the engine counts). */
const OPEN: ReadonlySet<Assignment['state']> = new Set(['connecting', 'connected', 'paused', 'ended']);

const hasOpen = (a: AgentRuntime): boolean => a.assignments.some((x) => OPEN.has(x.state));

/** Logged in: a live session, and a status other than Offline (or contacts still open). */
export const isOnline = (a: AgentRuntime): boolean => a.online && (a.status.type !== 'OFFLINE' || hasOpen(a));

/** Can be offered a contact now (the engine's own rule). */
const isRoutable = (a: AgentRuntime): boolean => a.online && a.status.type === 'ROUTABLE' && a.error === undefined;

/** Free slots on one channel, with the engine's cross-channel rule. */
export function freeSlots(a: AgentRuntime, channel: Channel): number {
  const limit = a.routing.channels[channel].concurrency;
  if (limit <= 0) return 0;
  let same = 0;
  for (const x of a.assignments) {
    if (!OPEN.has(x.state)) continue;
    if (x.channel === channel) same++;
    else if (a.routing.channels[x.channel].crossChannel !== 'ROUTE_ANY_CHANNEL') return 0;
  }
  return Math.max(0, limit - same);
}

/** The channels on which the agent serves one of `queueIds`. */
function servedChannels(a: AgentRuntime, queueIds: ReadonlySet<string>, channels: ReadonlySet<Channel>): Set<Channel> {
  const out = new Set<Channel>();
  for (const e of a.routing.queues) if (queueIds.has(e.queueId) && channels.has(e.channel)) out.add(e.channel);
  if (queueIds.has(agentQueueId(a.agentId))) {
    for (const ch of channels) if (a.routing.channels[ch].concurrency > 0) out.add(ch);
  }
  return out;
}

/**
 * A queue id from an id or ARN. Agent queues keep their `agent/` prefix: the generic
 * idFromIdOrArn would reduce `…/queue/agent/<userId>` to the bare user id.
 */
export function queueIdFromIdOrArn(value: string): string {
  const parsed = parseArn(value);
  if (parsed?.segment === 'queue' && parsed.resourceId) return parsed.resourceId;
  if (parsed?.resourceId) return parsed.resourceId.split('/').pop() ?? value;
  return value;
}

/** The queue's reference, or ResourceNotFoundException for a queue the instance lacks. */
export function queueReference(config: MetricsConfig, queueId: string): QueueReference {
  if (isAgentQueueId(queueId)) {
    const userId = queueId.slice('agent/'.length);
    if (!config.users.has(userId)) throw new ResourceNotFoundException(`Queue not found: ${queueId}`, { ResourceId: queueId });
    return { Id: queueId, Arn: agentQueueArn(config.coords, userId) };
  }
  if (!config.queues.has(queueId)) throw new ResourceNotFoundException(`Queue not found: ${queueId}`, { ResourceId: queueId });
  return { Id: queueId, Arn: resourceArn(config.coords, 'queue', queueId) };
}

/** A queue reference that never throws (a contact's queue may since have been deleted). */
const softQueueReference = (config: MetricsConfig, queueId: string): QueueReference =>
  isAgentQueueId(queueId)
    ? { Id: queueId, Arn: agentQueueArn(config.coords, queueId.slice('agent/'.length)) }
    : { Id: queueId, Arn: resourceArn(config.coords, 'queue', queueId) };

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

// ---------------------------------------------------------------------------------------
// GetCurrentMetricData

interface Group {
  readonly queue?: QueueReference;
  readonly channel?: Channel;
  readonly profile?: QueueReference;
  readonly queueIds: ReadonlySet<string>;
  readonly channels: ReadonlySet<Channel>;
  /** Filtered by routing profiles: the agents of these profiles only… */
  readonly profileIds?: ReadonlySet<string>;
  /** …and the contacts of these `${queueId}/${channel}` only. */
  readonly queueChannels?: ReadonlySet<string>;
}

/** The channels an agent of the group serves it on. */
function groupChannels(a: AgentRuntime, g: Group): Set<Channel> {
  if (!g.profileIds) return servedChannels(a, g.queueIds, g.channels);
  const out = new Set<Channel>();
  if (!g.profileIds.has(a.routing.routingProfileId)) return out;
  for (const ch of g.channels) if (a.routing.channels[ch].concurrency > 0) out.add(ch);
  return out;
}

function metricValue(
  name: MetricName,
  g: Group,
  reader: RoutingReader,
  agents: readonly AgentRuntime[],
  now: number,
  grouped: boolean,
): number {
  // Agents in scope, with the channels on which they serve the group.
  const scoped: [AgentRuntime, Set<Channel>][] = [];
  for (const a of agents) {
    const served = groupChannels(a, g);
    if (served.size > 0) scoped.push([a, served]);
  }
  const onChannels = (a: AgentRuntime, states: ReadonlySet<Assignment['state']>, channels: ReadonlySet<Channel> = g.channels) =>
    a.assignments.filter((x) => states.has(x.state) && channels.has(x.channel));
  const count = (pred: (a: AgentRuntime, served: Set<Channel>) => boolean) =>
    scoped.reduce((n, [a, s]) => n + (pred(a, s) ? 1 : 0), 0);
  const waiting = (): ContactRuntime[] => {
    const out: ContactRuntime[] = [];
    for (const q of g.queueIds)
      for (const c of reader.waiting(q))
        if (g.channels.has(c.channel) && (!g.queueChannels || g.queueChannels.has(`${q}/${c.channel}`))) out.push(c);
    return out;
  };
  const CONNECTED: ReadonlySet<Assignment['state']> = new Set(['connected', 'paused']);
  switch (name) {
    case 'AGENTS_ONLINE':
      return count((a) => isOnline(a));
    case 'AGENTS_STAFFED':
      return count((a) => isOnline(a) && (a.status.type === 'ROUTABLE' || hasOpen(a) || a.error !== undefined));
    case 'AGENTS_AVAILABLE':
      return count((a, served) => isRoutable(a) && [...served].some((ch) => freeSlots(a, ch) > 0));
    case 'AGENTS_ON_CONTACT':
      return count((a) => onChannels(a, CONNECTED).length > 0);
    case 'AGENTS_ON_CALL':
      return g.channels.has('VOICE') ? count((a) => onChannels(a, CONNECTED, new Set(['VOICE'])).length > 0) : 0;
    case 'AGENTS_AFTER_CONTACT_WORK':
      return scoped.reduce((n, [a]) => n + onChannels(a, new Set(['ended'])).length, 0);
    case 'AGENTS_ERROR':
      return count((a) => a.error !== undefined);
    case 'AGENTS_NON_PRODUCTIVE':
      return count((a) => isOnline(a) && a.error === undefined && a.status.type === 'NOT_ROUTABLE');
    case 'CONTACTS_IN_QUEUE':
      return waiting().length;
    case 'OLDEST_CONTACT_AGE': {
      let oldest: number | undefined;
      for (const c of waiting()) {
        const at = c.enqueuedAt ?? c.createdAt;
        if (oldest === undefined || at < oldest) oldest = at;
      }
      const ms = oldest === undefined ? 0 : Math.max(0, now - oldest);
      // Connect's documented quirk: without groupings the value is in milliseconds
      // (Unit still says SECONDS); with groupings it is in whole seconds.
      return grouped ? Math.floor(ms / 1000) : ms;
    }
    case 'CONTACTS_SCHEDULED':
      return 0;
    case 'SLOTS_ACTIVE':
      return scoped.reduce((n, [a]) => n + onChannels(a, ACTIVE).length, 0);
    case 'SLOTS_AVAILABLE':
      return scoped.reduce(
        (n, [a, served]) => n + (isRoutable(a) ? [...served].reduce((m, ch) => m + freeSlots(a, ch), 0) : 0),
        0,
      );
  }
}

/**
 * Every group's metrics, in a stable order (the filter's queues in the order given, then
 * channels VOICE, CHAT, TASK) unless `sort` says otherwise. Throws ResourceNotFoundException
 * for an unknown queue and InvalidParameterException for a wrong unit.
 */
export function currentMetricData(
  reader: RoutingReader,
  config: MetricsConfig,
  req: MetricRequest,
  now: number,
): CurrentMetricResult[] {
  if ((req.queues === undefined) === (req.routingProfiles === undefined))
    throw new InvalidParameterException('Filters: give either Queues or RoutingProfiles');
  if (req.routingProfiles && req.groupings?.includes('QUEUE'))
    throw new InvalidParameterException('Grouping by QUEUE needs Filters.Queues');
  if (req.queues && req.groupings?.includes('ROUTING_PROFILE'))
    throw new InvalidParameterException('Grouping by ROUTING_PROFILE needs Filters.RoutingProfiles');
  const queueIds = unique((req.queues ?? []).map(queueIdFromIdOrArn));
  const refs = queueIds.map((id) => queueReference(config, id));
  const profiles = unique((req.routingProfiles ?? []).map(idFromIdOrArn)).map((id) => {
    const p = config.profiles.get(id);
    if (!p) throw new ResourceNotFoundException(`Routing profile not found: ${id}`, { ResourceId: id });
    return p;
  });
  const channels = CHANNELS.filter((c) => !req.channels || req.channels.includes(c));
  const metrics = req.metrics.map((m) => {
    const unit = METRIC_UNITS[m.name];
    if (m.unit !== undefined && m.unit !== unit)
      throw new InvalidParameterException(`CurrentMetrics: the unit of ${m.name} is ${unit}, not ${m.unit}`);
    return { Name: m.name, Unit: unit };
  });
  const byQueue = req.groupings?.includes('QUEUE') ?? false;
  const byChannel = req.groupings?.includes('CHANNEL') ?? false;
  const byProfile = req.groupings?.includes('ROUTING_PROFILE') ?? false;
  /** What a group covers before the channel split: some queues, or some profiles' agents and queues. */
  type Scope = Pick<Group, 'queue' | 'profile' | 'queueIds' | 'profileIds' | 'queueChannels'>;
  const profileScope = (ps: readonly RoutingProfile[], ref?: QueueReference): Scope => ({
    ...(ref ? { profile: ref } : {}),
    profileIds: new Set(ps.map((p) => p.id)),
    queueIds: new Set(ps.flatMap((p) => p.queueConfigs.map((c) => c.queueId))),
    queueChannels: new Set(ps.flatMap((p) => p.queueConfigs.map((c) => `${c.queueId}/${c.channel}`))),
  });
  const scopes: Scope[] = req.routingProfiles
    ? byProfile
      ? profiles.map((p) => profileScope([p], { Id: p.id, Arn: resourceArn(config.coords, 'routingProfile', p.id) }))
      : [profileScope(profiles)]
    : byQueue
      ? refs.map((r) => ({ queue: r, queueIds: new Set([r.Id]) }))
      : [{ queueIds: new Set(queueIds) }];
  const groups: Group[] = [];
  for (const scope of scopes) {
    const channelSets = byChannel
      ? channels.map((c) => ({ ch: c as Channel | undefined, set: new Set([c]) }))
      : [{ ch: undefined, set: new Set(channels) }];
    for (const c of channelSets) groups.push({ ...scope, ...(c.ch ? { channel: c.ch } : {}), channels: c.set });
  }
  const agents = reader.agents();
  const grouped = byQueue || byChannel || byProfile;
  const results: CurrentMetricResult[] = groups.map((g) => ({
    ...(grouped
      ? {
          Dimensions: {
            ...(g.queue ? { Queue: g.queue } : {}),
            ...(g.channel ? { Channel: g.channel } : {}),
            ...(g.profile ? { RoutingProfile: g.profile } : {}),
          },
        }
      : {}),
    Collections: metrics.map((m) => ({ Metric: m, Value: metricValue(m.Name, g, reader, agents, now, grouped) })),
  }));
  if (req.sort) {
    const { metric, order } = req.sort;
    const value = (r: CurrentMetricResult) => r.Collections.find((c) => c.Metric.Name === metric)?.Value ?? 0;
    const sign = order === 'DESCENDING' ? -1 : 1;
    results.sort((x, y) => sign * (value(x) - value(y)));
  }
  return results;
}

// ---------------------------------------------------------------------------------------
// GetCurrentUserData

export type AgentContactState =
  | 'INCOMING'
  | 'PENDING'
  | 'CONNECTING'
  | 'CONNECTED'
  | 'CONNECTED_ONHOLD'
  | 'MISSED'
  | 'ERROR'
  | 'ENDED'
  | 'REJECTED';
export const AGENT_CONTACT_STATES: readonly AgentContactState[] = [
  'INCOMING',
  'PENDING',
  'CONNECTING',
  'CONNECTED',
  'CONNECTED_ONHOLD',
  'MISSED',
  'ERROR',
  'ENDED',
  'REJECTED',
];

/** The agent's view of a contact as Connect names it (an offered call rings: INCOMING). */
export function agentContactState(x: Pick<Assignment, 'state' | 'channel'>): AgentContactState {
  switch (x.state) {
    case 'connecting':
      return x.channel === 'VOICE' ? 'INCOMING' : 'CONNECTING';
    case 'connected':
      return 'CONNECTED';
    case 'paused':
      return 'CONNECTED_ONHOLD';
    case 'ended':
      return 'ENDED';
    case 'missed':
      return 'MISSED';
    case 'rejected':
      return 'REJECTED';
    case 'error':
      return 'ERROR';
  }
}

export interface UserDataRequest {
  /** At most one of queues, routingProfiles, agents (ids or ARNs) selects the users. */
  readonly queues?: readonly string[];
  readonly routingProfiles?: readonly string[];
  readonly agents?: readonly string[];
  /** Only users with a contact in one of these states. */
  readonly contactStates?: readonly AgentContactState[];
}

/** What the contact documents add to an assignment (how the contact started). */
export type ContactInfo = (contactId: string) => { readonly initiationMethod?: string; readonly queueId?: string } | undefined;

const perChannel = (f: (c: Channel) => number): Record<Channel, number> =>
  Object.fromEntries(CHANNELS.map((c) => [c, f(c)])) as Record<Channel, number>;

const bareId = (value: string): string => {
  const parsed = parseArn(value);
  return parsed?.resourceId ? (parsed.resourceId.split('/').pop() ?? value) : value;
};

/** The matching agents' data, ordered by user name. */
export function currentUserData(reader: RoutingReader, config: MetricsConfig, req: UserDataRequest, info: ContactInfo) {
  const { coords } = config;
  let match: (a: AgentRuntime) => boolean = () => true;
  if (req.queues) {
    const ids = new Set(unique(req.queues.map(queueIdFromIdOrArn)).map((id) => queueReference(config, id).Id));
    match = (a) => servedChannels(a, ids, new Set(CHANNELS)).size > 0;
  } else if (req.routingProfiles) {
    const ids = new Set(req.routingProfiles.map(bareId));
    for (const id of ids)
      if (!config.profiles.has(id)) throw new ResourceNotFoundException(`Routing profile not found: ${id}`, { ResourceId: id });
    match = (a) => ids.has(a.routing.routingProfileId);
  } else if (req.agents) {
    const ids = new Set(req.agents.map(bareId));
    for (const id of ids)
      if (!config.users.has(id)) throw new ResourceNotFoundException(`User not found: ${id}`, { ResourceId: id });
    match = (a) => ids.has(a.agentId);
  }
  const states = req.contactStates ? new Set(req.contactStates) : undefined;
  const offlineStatus = config.statuses.find((s) => s.type === 'OFFLINE');
  const out = [];
  const agents = reader
    .agents()
    .filter((a) => config.users.has(a.agentId) && match(a))
    .filter((a) => !states || a.assignments.some((x) => states.has(agentContactState(x))))
    .map((a) => ({ a, user: config.users.get(a.agentId) as User }))
    .sort((x, y) => x.user.name.localeCompare(y.user.name) || (x.a.agentId < y.a.agentId ? -1 : 1));
  for (const { a } of agents) {
    const statusId = a.status.statusId || (a.status.type === 'OFFLINE' ? offlineStatus?.id : undefined);
    const routable = isRoutable(a);
    out.push({
      User: { Id: a.agentId, Arn: resourceArn(coords, 'user', a.agentId) },
      RoutingProfile: { Id: a.routing.routingProfileId, Arn: resourceArn(coords, 'routingProfile', a.routing.routingProfileId) },
      Status: a.error
        ? { StatusStartTimestamp: a.error.since / 1000, StatusName: a.error.name }
        : {
            StatusStartTimestamp: a.statusSince / 1000,
            ...(statusId ? { StatusArn: resourceArn(coords, 'agentStatus', statusId) } : {}),
            StatusName: a.status.name,
          },
      AvailableSlotsByChannel: perChannel((c) => (routable ? freeSlots(a, c) : 0)),
      MaxSlotsByChannel: perChannel((c) => a.routing.channels[c].concurrency),
      ActiveSlotsByChannel: perChannel((c) => a.assignments.filter((x) => x.channel === c && ACTIVE.has(x.state)).length),
      Contacts: a.assignments.map((x) => {
        const more = info(x.contactId);
        const queueId = reader.contact(x.contactId)?.queueId ?? more?.queueId;
        return {
          ContactId: x.contactId,
          Channel: x.channel,
          ...(more?.initiationMethod ? { InitiationMethod: more.initiationMethod } : {}),
          AgentContactState: agentContactState(x),
          StateStartTimestamp: x.since / 1000,
          ...(x.connectedAt !== undefined ? { ConnectedToAgentTimestamp: x.connectedAt / 1000 } : {}),
          ...(queueId ? { Queue: softQueueReference(config, queueId) } : {}),
        };
      }),
      ...(a.nextStatus ? { NextStatus: a.nextStatus.name } : {}),
    });
  }
  return out;
}

export type UserData = ReturnType<typeof currentUserData>[number];
