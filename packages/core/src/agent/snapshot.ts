/**
 * The agent data amazon-connect-streams reads (`agent::update` → `{snapshot, configuration}`,
 * shared/spec/wire-streams-ccp.md §3.5), built from the routing runtime and the instance's
 * resources. Pure: every time comes from the input.
 *
 * Two forms: {@link AgentDataWire} travels from the server to the CCP page as JSON (timestamps
 * are ISO-8601 strings); {@link AgentData} is what the CCP page posts to Streams by
 * structured clone (real `Date`s, plus `localTimestamp` and `skew`).
 */
import { agentQueueArn, type InstanceCoords, resourceArn } from '../model/arn.js';
import { type AgentStatusType, CHANNELS, type Channel, EnabledState, PhoneType } from '../model/constants.js';
import type { AgentStatus, Queue, RoutingProfile, User } from '../model/entities.js';
import { isoTime } from '../model/iso-time.js';
import {
  agentQueueId,
  type AgentRuntime,
  type Assignment,
  type AssignmentState,
  type ChosenStatus,
  type ConnectionState,
  type ContactRuntime,
  ContactPhase,
  type DisplayState,
  isAgentQueueId,
} from '../routing/types.js';

// ---------------------------------------------------------------------------------------
// The Streams shape, generic over the timestamp type

/** Streams agent state types (`snapshot.state.type`). */
export type StreamsAgentStateType = 'init' | DisplayState['type'];
/** Streams contact types (`contact.type`). */
export type StreamsContactType = 'voice' | 'queue_callback' | 'chat' | 'task' | 'email';
/** Streams contact state types (`contact.state.type`). */
export type StreamsContactStateType = 'init' | 'incoming' | 'pending' | AssignmentState;

export interface AgentStateData<T> {
  agentStateARN?: string;
  type: StreamsAgentStateType;
  name: string;
  startTimestamp: T;
}

export interface NextStateData<T> {
  agentStateARN: string;
  type: StreamsAgentStateType;
  name: string;
  startTimestamp: T;
}

export interface AvailabilityStateData<T> {
  state: string;
  timeStamp: T;
  type: StreamsAgentStateType;
}

export interface QueueRef {
  queueARN: string;
  /** The ARN again (Streams' `queueId` is the ARN). */
  queueId: string;
  name: string;
}

export interface EndpointData {
  type: 'phone_number' | 'agent' | 'queue';
  endpointARN?: string;
  name?: string;
  phoneNumber?: string;
  agentLogin?: string;
}

export interface ChatMediaInfo {
  chatAutoAccept?: boolean;
  /** `JSON.stringify({ConnectionAuthenticationToken})`. */
  connectionData?: string;
  customerName?: string;
  agentName?: string;
}

export interface ConnectionData<T> {
  connectionId: string;
  type: 'agent' | 'inbound' | 'outbound' | 'monitoring';
  initial: boolean;
  state: { type: ConnectionState; timestamp: T };
  endpoint: EndpointData;
  chatMediaInfo?: ChatMediaInfo;
}

export interface ContactData<T> {
  contactId: string;
  initialContactId: string;
  relatedContactId?: string;
  previousContactId?: string;
  type: StreamsContactType;
  state: { type: StreamsContactStateType; timestamp: T };
  queue?: QueueRef;
  queueTimestamp?: T;
  connections: ConnectionData<T>[];
  attributes: Record<string, { name: string; value: string }>;
  segmentAttributes: Record<string, { ValueString?: string }>;
  agentContactHandlingConfig: { autoAccept: boolean };
  initiationMethod: string;
  name?: string;
  description?: string;
}

export interface SnapshotData<T> {
  state: AgentStateData<T>;
  agentAvailabilityState: AvailabilityStateData<T>;
  nextState: NextStateData<T> | null;
  contacts: ContactData<T>[];
  snapshotTimestamp: T;
}

export interface AgentStateDef {
  agentStateARN: string;
  type: StreamsAgentStateType;
  name: string;
}

export interface AgentConfiguration {
  name: string;
  username: string;
  agentARN: string;
  softphoneEnabled: boolean;
  softphoneAutoAccept: boolean;
  extension: string;
  agentPreferences: Record<string, string>;
  routingProfile: {
    name: string;
    routingProfileARN: string;
    /** The ARN again (Streams parses the instance id out of it). */
    routingProfileId: string;
    defaultOutboundQueue: QueueRef;
    queues: QueueRef[];
    channelConcurrencyMap: Record<Channel, number>;
  };
  agentStates: AgentStateDef[];
  permissions: string[];
  dialableCountries: string[];
}

/** JSON-safe agent data: every timestamp is an ISO-8601 string. */
export interface AgentDataWire {
  snapshot: SnapshotData<string>;
  configuration: AgentConfiguration;
}

/** Agent data as Streams takes it: real Dates, plus the CCP's local receive time and the skew. */
export interface AgentData {
  snapshot: SnapshotData<Date> & {
    /** Epoch ms when the CCP page received the snapshot. */
    localTimestamp: number;
    /** `snapshotTimestamp - localTimestamp`, ms. */
    skew: number;
  };
  configuration: AgentConfiguration;
}

// ---------------------------------------------------------------------------------------
// Input

/** What the server knows about one of the agent's contacts besides routing. */
export interface ContactView {
  readonly runtime: ContactRuntime;
  readonly attributes: Readonly<Record<string, string>>;
  /** Chat: the customer's DisplayName. */
  readonly customerName?: string;
  /** The customer participant id (connection type 'inbound', initial: true). */
  readonly customerConnectionId: string;
  /** Chat: the agent participant token. */
  readonly agentConnectionToken?: string;
  readonly name?: string;
  readonly description?: string;
  /** 'INBOUND' | 'TRANSFER' | 'API' ... */
  readonly initiationMethod: string;
  /** Name of runtime.queueId (for agent queues: the agent's username). */
  readonly queueName?: string;
}

export interface AgentDataInput {
  readonly coords: InstanceCoords;
  readonly agent: AgentRuntime;
  readonly user: User;
  readonly routingProfile: RoutingProfile;
  /** By id, for names and ARNs of the profile's queues. */
  readonly queues: ReadonlyMap<string, Queue>;
  /** Enabled ones are listed in configuration.agentStates, ordered by displayOrder. */
  readonly agentStatuses: readonly AgentStatus[];
  readonly permissions: readonly string[];
  /** By contactId; the agent's assignments reference them. */
  readonly contacts: ReadonlyMap<string, ContactView>;
  /** Epoch ms. */
  readonly now: number;
}

// ---------------------------------------------------------------------------------------
// Building

const STREAMS_TYPE: Readonly<Record<AgentStatusType, StreamsAgentStateType>> = {
  ROUTABLE: 'routable',
  NOT_ROUTABLE: 'not_routable',
  OFFLINE: 'offline',
};

/** Our status type as Streams spells it. */
export const streamsType = (type: AgentStatusType): StreamsAgentStateType => STREAMS_TYPE[type];

/** A queue id's ARN: `agent/<userId>` ids are personal agent queues. */
export const queueArnFor = (coords: InstanceCoords, queueId: string): string =>
  isAgentQueueId(queueId) ? agentQueueArn(coords, queueId.slice('agent/'.length)) : resourceArn(coords, 'queue', queueId);

/** The name Streams shows for a user: first + last name, or the username. */
export const agentDisplayName = (user: User): string =>
  [user.identityInfo.firstName, user.identityInfo.lastName]
    .map((s) => s?.trim() ?? '')
    .filter((s) => s !== '')
    .join(' ') || user.name;

const iso = isoTime;

const stateArn = (coords: InstanceCoords, statusId: string): string => resourceArn(coords, 'agentStatus', statusId);

const nextStateOf = <T>(coords: InstanceCoords, s: ChosenStatus, at: T): NextStateData<T> => ({
  agentStateARN: stateArn(coords, s.statusId),
  type: streamsType(s.type),
  name: s.name,
  startTimestamp: at,
});

/** Applies `f` to every timestamp of a snapshot (a fresh copy; other fields are copied too). */
export function mapSnapshotTimes<A, B>(s: SnapshotData<A>, f: (t: A) => B): SnapshotData<B> {
  return {
    state: { ...s.state, startTimestamp: f(s.state.startTimestamp) },
    agentAvailabilityState: { ...s.agentAvailabilityState, timeStamp: f(s.agentAvailabilityState.timeStamp) },
    nextState: s.nextState === null ? null : { ...s.nextState, startTimestamp: f(s.nextState.startTimestamp) },
    contacts: s.contacts.map((c) => {
      const { queueTimestamp, ...rest } = c;
      return {
        ...rest,
        ...(rest.queue ? { queue: { ...rest.queue } } : {}),
        state: { ...c.state, timestamp: f(c.state.timestamp) },
        ...(queueTimestamp !== undefined ? { queueTimestamp: f(queueTimestamp) } : {}),
        connections: c.connections.map((k) => ({
          ...k,
          state: { ...k.state, timestamp: f(k.state.timestamp) },
          endpoint: { ...k.endpoint },
          ...(k.chatMediaInfo ? { chatMediaInfo: { ...k.chatMediaInfo } } : {}),
        })),
        attributes: Object.fromEntries(Object.entries(c.attributes).map(([k, v]) => [k, { ...v }])),
        segmentAttributes: Object.fromEntries(Object.entries(c.segmentAttributes).map(([k, v]) => [k, { ...v }])),
        agentContactHandlingConfig: { ...c.agentContactHandlingConfig },
      };
    }),
    snapshotTimestamp: f(s.snapshotTimestamp),
  };
}

/** What every contact of one agent's snapshot shares. */
interface ContactContext {
  readonly coords: InstanceCoords;
  readonly agent: AgentRuntime;
  readonly user: User;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly agentName: string;
}

function buildContact<T>(ctx: ContactContext, a: Assignment, view: ContactView, t: (ms: number) => T): ContactData<T> {
  const { coords, agent, user, agentName } = ctx;
  const username = user.name;
  const rt = view.runtime;
  const chat = a.channel === 'CHAT';
  const autoAccept = agent.routing.autoAccept[a.channel];

  const agentConnection: ConnectionData<T> = {
    connectionId: a.connectionId,
    type: 'agent',
    initial: false,
    state: { type: a.connectionState, timestamp: t(a.connectionSince) },
    endpoint: { type: 'agent', name: username, agentLogin: username, endpointARN: resourceArn(coords, 'user', user.id) },
    ...(chat
      ? {
          chatMediaInfo: {
            chatAutoAccept: autoAccept,
            ...(view.agentConnectionToken !== undefined
              ? { connectionData: JSON.stringify({ ConnectionAuthenticationToken: view.agentConnectionToken }) }
              : {}),
            agentName,
          },
        }
      : {}),
  };
  const customerGone = rt.phase === ContactPhase.ENDED || rt.phase === ContactPhase.DESTROYED;
  const customerConnection: ConnectionData<T> = {
    connectionId: view.customerConnectionId,
    type: 'inbound',
    initial: true,
    state: customerGone
      ? { type: 'disconnected', timestamp: t(rt.endedAt ?? rt.phaseSince) }
      : { type: 'connected', timestamp: t(rt.createdAt) },
    endpoint: { type: 'phone_number', ...(view.customerName !== undefined ? { name: view.customerName } : {}) },
    ...(chat ? { chatMediaInfo: view.customerName !== undefined ? { customerName: view.customerName } : {} } : {}),
  };

  let queue: QueueRef | undefined;
  if (rt.queueId !== undefined) {
    const queueARN = queueArnFor(coords, rt.queueId);
    const name =
      view.queueName ??
      ctx.queues.get(rt.queueId)?.name ??
      (rt.queueId === agentQueueId(user.id) ? username : undefined) ??
      rt.queueId;
    queue = { queueARN, name, queueId: queueARN };
  }

  return {
    contactId: rt.contactId,
    initialContactId: rt.initialContactId,
    ...(rt.relatedContactId !== undefined ? { relatedContactId: rt.relatedContactId } : {}),
    ...(rt.previousContactId !== undefined ? { previousContactId: rt.previousContactId } : {}),
    type: a.channel.toLowerCase() as Lowercase<Channel>,
    state: { type: a.state, timestamp: t(a.since) },
    ...(queue ? { queue } : {}),
    ...(rt.enqueuedAt !== undefined ? { queueTimestamp: t(rt.enqueuedAt) } : {}),
    connections: [agentConnection, customerConnection],
    attributes: Object.fromEntries(Object.entries(view.attributes).map(([k, v]) => [k, { name: k, value: v }])),
    segmentAttributes: {},
    agentContactHandlingConfig: { autoAccept },
    initiationMethod: view.initiationMethod,
    ...(view.name !== undefined ? { name: view.name } : {}),
    ...(view.description !== undefined ? { description: view.description } : {}),
  };
}

/** The agent's assignments in snapshot order (oldest offer first). */
export const snapshotOrder = (agent: AgentRuntime): readonly Assignment[] => {
  // The engine keeps them in offer order already: checked, then copied and sorted only if
  // not (every push of every agent comes through here).
  const list = agent.assignments;
  for (let i = 1; i < list.length; i++) {
    if ((list[i] as Assignment).offeredAt < (list[i - 1] as Assignment).offeredAt) {
      return [...list].sort((a, b) => a.offeredAt - b.offeredAt);
    }
  }
  return list;
};

/** Everything of a snapshot but its contacts. */
function buildHead<T>(input: AgentDataInput, t: (ms: number) => T): Omit<SnapshotData<T>, 'contacts'> {
  const { coords, agent, now } = input;
  const display = agent.display;
  return {
    state: {
      ...(display.statusId !== undefined ? { agentStateARN: stateArn(coords, display.statusId) } : {}),
      type: display.type,
      name: display.name,
      startTimestamp: t(display.since),
    },
    agentAvailabilityState: {
      state: agent.status.name,
      timeStamp: t(agent.statusSince),
      type: streamsType(agent.status.type),
    },
    nextState: agent.nextStatus ? nextStateOf(coords, agent.nextStatus, t(now)) : null,
    snapshotTimestamp: t(now),
  };
}

const contactContext = (input: AgentDataInput): ContactContext => ({
  coords: input.coords,
  agent: input.agent,
  user: input.user,
  queues: input.queues,
  agentName: agentDisplayName(input.user),
});

function buildSnapshot<T>(input: AgentDataInput, t: (ms: number) => T): SnapshotData<T> {
  const ctx = contactContext(input);
  const contacts: ContactData<T>[] = [];
  for (const a of snapshotOrder(input.agent)) {
    const view = input.contacts.get(a.contactId);
    if (view) contacts.push(buildContact(ctx, a, view, t));
  }
  const { snapshotTimestamp, ...head } = buildHead(input, t);
  return { ...head, contacts, snapshotTimestamp };
}

function buildConfiguration(input: AgentDataInput, agentName: string): AgentConfiguration {
  const { coords, user, routingProfile: profile, agent } = input;
  const queueRef = (queueId: string): QueueRef => {
    const queueARN = queueArnFor(coords, queueId);
    return { queueARN, queueId: queueARN, name: input.queues.get(queueId)?.name ?? queueId };
  };
  const queueIds = [...new Set(profile.queueConfigs.map((q) => q.queueId))];
  const routingProfileARN = resourceArn(coords, 'routingProfile', profile.id);
  const ownQueueARN = agentQueueArn(coords, user.id);
  const channelConcurrencyMap = Object.fromEntries(
    CHANNELS.map((ch) => [ch, agent.routing.channels[ch].concurrency] as const),
  ) as Record<Channel, number>;

  return {
    name: agentName,
    username: user.name,
    agentARN: resourceArn(coords, 'user', user.id),
    softphoneEnabled: user.phoneConfig.phoneType === PhoneType.SOFT_PHONE,
    softphoneAutoAccept: user.autoAccept.VOICE ?? user.phoneConfig.autoAccept,
    extension: user.phoneConfig.deskPhoneNumber ?? '',
    agentPreferences: {},
    routingProfile: {
      name: profile.name,
      routingProfileARN,
      routingProfileId: routingProfileARN,
      defaultOutboundQueue: queueRef(profile.defaultOutboundQueueId),
      queues: [...queueIds.map(queueRef), { queueARN: ownQueueARN, queueId: ownQueueARN, name: user.name }],
      channelConcurrencyMap,
    },
    agentStates: input.agentStatuses
      .filter((s) => s.state === EnabledState.ENABLED)
      .sort((a, b) => a.displayOrder - b.displayOrder)
      .map((s) => ({ agentStateARN: stateArn(coords, s.id), type: streamsType(s.type), name: s.name })),
    permissions: [...input.permissions],
    dialableCountries: [],
  };
}

/** The Streams `{snapshot, configuration}` of one agent, JSON-safe (ISO timestamps). */
export function buildAgentData(input: AgentDataInput): AgentDataWire {
  return { snapshot: buildAgentSnapshot(input), configuration: buildAgentConfiguration(input) };
}

/** The snapshot half: changes with every routing step. */
export function buildAgentSnapshot(input: AgentDataInput): SnapshotData<string> {
  return buildSnapshot(input, iso);
}

/**
 * The snapshot in parts, for callers that cache each contact's JSON (a contact changes far
 * less often than the agent's snapshot is pushed): `head` is everything but the contacts;
 * `contact` builds one contact. `JSON.stringify` of the parts joined as
 * {@link snapshotJson} does equals `JSON.stringify(buildAgentSnapshot(input))`.
 */
export function agentSnapshotParts(input: AgentDataInput): {
  readonly head: Omit<SnapshotData<string>, 'contacts'>;
  readonly contact: (a: Assignment, view: ContactView) => ContactData<string>;
} {
  return { head: buildHead(input, iso), contact: contactBuilder(input) };
}

/** Builds the agent's contacts one at a time (see {@link agentSnapshotParts}). */
export function contactBuilder(input: AgentDataInput): (a: Assignment, view: ContactView) => ContactData<string> {
  const ctx = contactContext(input);
  return (a, view) => buildContact(ctx, a, view, iso);
}

/**
 * A snapshot's head as JSON: `lead` is `"state":…,"agentAvailabilityState":…,"nextState":…`,
 * `timestamp` the snapshotTimestamp's JSON. Without a next state, `lead` depends only on the
 * agent's display, status and statusSince and the coordinates: callers may keep it while
 * those stay the same objects (see {@link headLeadIsStable}).
 */
export interface HeadJson {
  readonly lead: string;
  readonly timestamp: string;
}

export function headJson(head: Omit<SnapshotData<string>, 'contacts'>): HeadJson {
  return {
    lead: `"state":${JSON.stringify(head.state)},"agentAvailabilityState":${JSON.stringify(head.agentAvailabilityState)},"nextState":${JSON.stringify(head.nextState)}`,
    timestamp: JSON.stringify(head.snapshotTimestamp),
  };
}

/** The head's JSON for `input` (its time is `input.now`). */
export function snapshotHeadJson(input: AgentDataInput): HeadJson {
  return headJson(buildHead(input, iso));
}

/** A kept `lead` at another time (`now`, epoch ms). */
export const headAt = (lead: string, now: number): HeadJson => ({ lead, timestamp: JSON.stringify(iso(now)) });

/** Whether `lead` (see {@link HeadJson}) changes only with display, status, statusSince and coords: no next state, whose JSON holds the time. */
export const headLeadIsStable = (agent: AgentRuntime): boolean => agent.nextStatus === undefined;

/** The snapshot's JSON from its head and the contacts' JSON texts, in snapshot order. */
export function snapshotJson(head: HeadJson, contactsJson: readonly string[]): string {
  return `{${head.lead},"contacts":[${contactsJson.join(',')}],"snapshotTimestamp":${head.timestamp}}`;
}

/** The configuration half: changes only with the instance's resources (callers may cache it). */
export function buildAgentConfiguration(input: AgentDataInput): AgentConfiguration {
  return buildConfiguration(input, agentDisplayName(input.user));
}

/** Turns wire agent data into what Streams takes: Dates, `localTimestamp` and `skew`. */
export function reviveAgentData(wire: AgentDataWire, localNow: number): AgentData {
  const snapshot = mapSnapshotTimes(wire.snapshot, (t) => new Date(t));
  return {
    snapshot: { ...snapshot, localTimestamp: localNow, skew: snapshot.snapshotTimestamp.getTime() - localNow },
    configuration: structuredClone(wire.configuration),
  };
}
