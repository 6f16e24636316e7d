import { describe, expect, it } from 'vitest';
import type { InstanceCoords } from '../model/arn.js';
import type { AgentStatus, Queue, RoutingProfile, User } from '../model/entities.js';
import type { AgentRuntime, ContactRuntime } from '../routing/types.js';
import { type AgentDeltaWire, applyAgentDelta, snapshotDeltaJson } from './delta.js';
import {
  type AgentDataInput,
  type ContactView,
  agentSnapshotParts,
  buildAgentData,
  buildAgentSnapshot,
  reviveAgentData,
  headAt,
  headJson,
  headLeadIsStable,
  snapshotHeadJson,
  snapshotJson,
  snapshotOrder,
} from './snapshot.js';

// Streams parses these out of agentARN / routingProfileId (wire-streams-ccp.md §3.5, §5.6).
const INSTANCE_RE = /instance\/([0-9a-fA-F|-]+)\//;
const ACCOUNT_RE = /:([0-9]+):instance/;

const coords: InstanceCoords = {
  region: 'eu-west-2',
  accountId: '123456789012',
  instanceId: '6f2b1c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};
const INSTANCE = `arn:aws:connect:eu-west-2:123456789012:instance/${coords.instanceId}`;

const USER_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
const PROFILE_ID = 'b1b2c3d4-0000-4000-8000-000000000002';
const Q_BASIC = 'c1b2c3d4-0000-4000-8000-000000000003';
const Q_SUPPORT = 'c1b2c3d4-0000-4000-8000-000000000004';
const S_AVAILABLE = 'd1b2c3d4-0000-4000-8000-000000000005';
const S_LUNCH = 'd1b2c3d4-0000-4000-8000-000000000006';
const S_OFFLINE = 'd1b2c3d4-0000-4000-8000-000000000007';
const S_OLD = 'd1b2c3d4-0000-4000-8000-000000000008';

const T0 = Date.parse('2025-03-04T09:00:00.000Z');
const NOW = T0 + 600_000;
const at = (s: number): number => T0 + s * 1000;

const base = { tags: {}, lastModifiedTime: T0 };

const user: User = {
  ...base,
  id: USER_ID,
  name: 'jdoe',
  identityInfo: { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com' },
  phoneConfig: { phoneType: 'SOFT_PHONE', autoAccept: true, afterContactWorkTimeLimit: 0 },
  routingProfileId: PROFILE_ID,
  securityProfileIds: [],
  autoAccept: { CHAT: false, TASK: true },
  afterContactWorkTimeLimit: {},
};

const queue = (id: string, name: string): Queue => ({
  ...base,
  id,
  name,
  hoursOfOperationId: 'h',
  status: 'ENABLED',
  quickConnectIds: [],
});
const queues = new Map([
  [Q_BASIC, queue(Q_BASIC, 'BasicQueue')],
  [Q_SUPPORT, queue(Q_SUPPORT, 'Support')],
]);

const routingProfile: RoutingProfile = {
  ...base,
  id: PROFILE_ID,
  name: 'Chat agents',
  defaultOutboundQueueId: Q_BASIC,
  mediaConcurrencies: [],
  queueConfigs: [
    { queueId: Q_BASIC, channel: 'CHAT', priority: 1, delay: 0 },
    { queueId: Q_SUPPORT, channel: 'CHAT', priority: 2, delay: 0 },
    { queueId: Q_BASIC, channel: 'TASK', priority: 1, delay: 0 },
  ],
  agentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
};

const status = (
  id: string,
  name: string,
  type: AgentStatus['type'],
  displayOrder: number,
  state: AgentStatus['state'],
): AgentStatus => ({
  ...base,
  id,
  name,
  type,
  displayOrder,
  state,
});
const agentStatuses = [
  status(S_OFFLINE, 'Offline', 'OFFLINE', 3, 'ENABLED'),
  status(S_AVAILABLE, 'Available', 'ROUTABLE', 1, 'ENABLED'),
  status(S_OLD, 'Training', 'NOT_ROUTABLE', 0, 'DISABLED'),
  status(S_LUNCH, 'Lunch', 'NOT_ROUTABLE', 2, 'ENABLED'),
];

const agent: AgentRuntime = {
  agentId: USER_ID,
  routing: {
    agentId: USER_ID,
    routingProfileId: PROFILE_ID,
    channels: {
      VOICE: { concurrency: 1, crossChannel: 'ROUTE_CURRENT_CHANNEL_ONLY' },
      CHAT: { concurrency: 3, crossChannel: 'ROUTE_CURRENT_CHANNEL_ONLY' },
      TASK: { concurrency: 2, crossChannel: 'ROUTE_ANY_CHANNEL' },
    },
    queues: [],
    autoAccept: { VOICE: true, CHAT: false, TASK: true },
    acwTimeoutMs: { VOICE: 0, CHAT: 0, TASK: 0 },
  },
  status: { statusId: S_AVAILABLE, name: 'Available', type: 'ROUTABLE' },
  statusSince: at(10),
  nextStatus: { statusId: S_OFFLINE, name: 'Offline', type: 'OFFLINE' },
  error: { name: 'MissedCallAgent', since: at(400) },
  online: true,
  idleSince: at(10),
  // Deliberately out of offer order; the third has no contact view and is skipped.
  assignments: [
    {
      contactId: 'chat-new',
      channel: 'CHAT',
      state: 'connecting',
      since: at(500),
      offeredAt: at(500),
      offerDeadline: at(530),
      connectionId: 'agent-conn-new',
      connectionState: 'connecting',
      connectionSince: at(500),
    },
    {
      contactId: 'chat-acw',
      channel: 'CHAT',
      state: 'ended',
      since: at(300),
      offeredAt: at(100),
      connectedAt: at(110),
      connectionId: 'agent-conn-acw',
      connectionState: 'disconnected',
      connectionSince: at(300),
    },
    {
      contactId: 'ghost',
      channel: 'TASK',
      state: 'connected',
      since: at(50),
      offeredAt: at(50),
      connectionId: 'agent-conn-ghost',
      connectionState: 'connected',
      connectionSince: at(50),
    },
  ],
  display: { type: 'error', name: 'MissedCallAgent', since: at(400) },
};

const newChat: ContactRuntime = {
  contactId: 'chat-new',
  initialContactId: 'chat-new',
  relatedContactId: 'chat-related',
  channel: 'CHAT',
  phase: 'connecting',
  phaseSince: at(500),
  createdAt: at(480),
  queueId: Q_SUPPORT,
  enqueuedAt: at(490),
  agentId: USER_ID,
};
const acwChat: ContactRuntime = {
  contactId: 'chat-acw',
  initialContactId: 'chat-first',
  previousContactId: 'chat-first',
  channel: 'CHAT',
  phase: 'ended',
  phaseSince: at(300),
  createdAt: at(90),
  queueId: `agent/${USER_ID}`,
  enqueuedAt: at(95),
  agentId: USER_ID,
  connectedAt: at(110),
  endedAt: at(300),
  endReason: 'CUSTOMER_DISCONNECT',
};

const contacts = new Map<string, ContactView>([
  [
    'chat-new',
    {
      runtime: newChat,
      attributes: { orderId: '42', tier: 'gold' },
      customerName: 'Carla Customer',
      customerConnectionId: 'cust-conn-new',
      agentConnectionToken: 'tok-new',
      name: 'Order question',
      description: 'Asked about order 42',
      initiationMethod: 'INBOUND',
      queueName: 'Support',
    },
  ],
  [
    'chat-acw',
    {
      runtime: acwChat,
      attributes: {},
      customerName: 'Bob',
      customerConnectionId: 'cust-conn-acw',
      initiationMethod: 'TRANSFER',
    },
  ],
]);

const input: AgentDataInput = {
  coords,
  agent,
  user,
  routingProfile,
  queues,
  agentStatuses,
  permissions: ['outboundCall', 'BasicAgentAccess'],
  contacts,
  now: NOW,
};

const iso = (ms: number): string => new Date(ms).toISOString();
const stateArn = (id: string): string => `${INSTANCE}/agent-state/${id}`;
const queueArn = (id: string): string => `${INSTANCE}/queue/${id}`;
const AGENT_ARN = `${INSTANCE}/agent/${USER_ID}`;
const OWN_QUEUE_ARN = `${INSTANCE}/queue/agent/${USER_ID}`;

describe('buildAgentData', () => {
  const wire = buildAgentData(input);

  it('shows the display state, the chosen availability and the next state', () => {
    expect(wire.snapshot.state).toStrictEqual({ type: 'error', name: 'MissedCallAgent', startTimestamp: iso(at(400)) });
    expect(wire.snapshot.agentAvailabilityState).toStrictEqual({
      state: 'Available',
      timeStamp: iso(at(10)),
      type: 'routable',
    });
    expect(wire.snapshot.nextState).toStrictEqual({
      agentStateARN: stateArn(S_OFFLINE),
      type: 'offline',
      name: 'Offline',
      startTimestamp: iso(NOW),
    });
    expect(wire.snapshot.snapshotTimestamp).toBe(iso(NOW));
  });

  it('gives a chosen display status its agent-state ARN; no next status is null', () => {
    const w = buildAgentData({
      ...input,
      agent: {
        ...agent,
        nextStatus: undefined,
        display: { type: 'not_routable', name: 'Lunch', statusId: S_LUNCH, since: at(1) },
      },
    });
    expect(w.snapshot.state).toStrictEqual({
      agentStateARN: stateArn(S_LUNCH),
      type: 'not_routable',
      name: 'Lunch',
      startTimestamp: iso(at(1)),
    });
    expect(w.snapshot.nextState).toBeNull();
  });

  it('lists the contacts in offer order, skipping assignments without a contact', () => {
    expect(wire.snapshot.contacts.map((c) => c.contactId)).toStrictEqual(['chat-acw', 'chat-new']);
  });

  it('orders by offer time: an ordered list is used as it is, any other one sorted', () => {
    const shuffled = input.agent.assignments;
    expect(snapshotOrder(input.agent).map((a) => a.offeredAt)).toStrictEqual(
      [...shuffled].map((a) => a.offeredAt).sort((x, y) => x - y),
    );
    const ordered = [...shuffled].sort((a, b) => a.offeredAt - b.offeredAt);
    expect(snapshotOrder({ ...input.agent, assignments: ordered })).toBe(ordered);
    expect(snapshotOrder({ ...input.agent, assignments: [] })).toStrictEqual([]);
  });

  it('builds a connecting chat with both connections and the agent token', () => {
    const c = wire.snapshot.contacts[1];
    expect(c).toStrictEqual({
      contactId: 'chat-new',
      initialContactId: 'chat-new',
      relatedContactId: 'chat-related',
      type: 'chat',
      state: { type: 'connecting', timestamp: iso(at(500)) },
      queue: { queueARN: queueArn(Q_SUPPORT), name: 'Support', queueId: queueArn(Q_SUPPORT) },
      queueTimestamp: iso(at(490)),
      connections: [
        {
          connectionId: 'agent-conn-new',
          type: 'agent',
          initial: false,
          state: { type: 'connecting', timestamp: iso(at(500)) },
          endpoint: { type: 'agent', name: 'jdoe', agentLogin: 'jdoe', endpointARN: AGENT_ARN },
          chatMediaInfo: {
            chatAutoAccept: false,
            connectionData: JSON.stringify({ ConnectionAuthenticationToken: 'tok-new' }),
            agentName: 'Jane Doe',
          },
        },
        {
          connectionId: 'cust-conn-new',
          type: 'inbound',
          initial: true,
          state: { type: 'connected', timestamp: iso(at(480)) },
          endpoint: { type: 'phone_number', name: 'Carla Customer' },
          chatMediaInfo: { customerName: 'Carla Customer' },
        },
      ],
      attributes: { orderId: { name: 'orderId', value: '42' }, tier: { name: 'tier', value: 'gold' } },
      segmentAttributes: {},
      agentContactHandlingConfig: { autoAccept: false },
      initiationMethod: 'INBOUND',
      name: 'Order question',
      description: 'Asked about order 42',
    });
    expect(JSON.parse(c?.connections[0]?.chatMediaInfo?.connectionData ?? '{}')).toStrictEqual({
      ConnectionAuthenticationToken: 'tok-new',
    });
  });

  it('builds an after-contact-work chat: customer disconnected, personal agent queue', () => {
    const c = wire.snapshot.contacts[0];
    expect(c).toStrictEqual({
      contactId: 'chat-acw',
      initialContactId: 'chat-first',
      previousContactId: 'chat-first',
      type: 'chat',
      state: { type: 'ended', timestamp: iso(at(300)) },
      queue: { queueARN: OWN_QUEUE_ARN, name: 'jdoe', queueId: OWN_QUEUE_ARN },
      queueTimestamp: iso(at(95)),
      connections: [
        {
          connectionId: 'agent-conn-acw',
          type: 'agent',
          initial: false,
          state: { type: 'disconnected', timestamp: iso(at(300)) },
          endpoint: { type: 'agent', name: 'jdoe', agentLogin: 'jdoe', endpointARN: AGENT_ARN },
          chatMediaInfo: { chatAutoAccept: false, agentName: 'Jane Doe' },
        },
        {
          connectionId: 'cust-conn-acw',
          type: 'inbound',
          initial: true,
          state: { type: 'disconnected', timestamp: iso(at(300)) },
          endpoint: { type: 'phone_number', name: 'Bob' },
          chatMediaInfo: { customerName: 'Bob' },
        },
      ],
      attributes: {},
      segmentAttributes: {},
      agentContactHandlingConfig: { autoAccept: false },
      initiationMethod: 'TRANSFER',
    });
  });

  it('gives tasks no chatMediaInfo and uses the task auto-accept', () => {
    const task: ContactRuntime = { ...newChat, contactId: 'task-1', initialContactId: 'task-1', channel: 'TASK' };
    const w = buildAgentData({
      ...input,
      agent: {
        ...agent,
        assignments: [{ ...agent.assignments[0]!, contactId: 'task-1', channel: 'TASK' }],
      },
      contacts: new Map([['task-1', { runtime: task, attributes: {}, customerConnectionId: 'cust-t', initiationMethod: 'API' }]]),
    });
    const c = w.snapshot.contacts[0];
    expect(c?.type).toBe('task');
    expect(c?.agentContactHandlingConfig).toStrictEqual({ autoAccept: true });
    expect(c?.connections.map((k) => 'chatMediaInfo' in k)).toStrictEqual([false, false]);
    expect(c?.connections[1]?.endpoint).toStrictEqual({ type: 'phone_number' });
    expect(c?.queue?.name).toBe('Support');
  });

  it('builds the configuration', () => {
    const basic = { queueARN: queueArn(Q_BASIC), queueId: queueArn(Q_BASIC), name: 'BasicQueue' };
    expect(wire.configuration).toStrictEqual({
      name: 'Jane Doe',
      username: 'jdoe',
      agentARN: AGENT_ARN,
      softphoneEnabled: true,
      softphoneAutoAccept: true,
      extension: '',
      agentPreferences: {},
      routingProfile: {
        name: 'Chat agents',
        routingProfileARN: `${INSTANCE}/routing-profile/${PROFILE_ID}`,
        routingProfileId: `${INSTANCE}/routing-profile/${PROFILE_ID}`,
        defaultOutboundQueue: basic,
        queues: [
          basic,
          { queueARN: queueArn(Q_SUPPORT), queueId: queueArn(Q_SUPPORT), name: 'Support' },
          { queueARN: OWN_QUEUE_ARN, queueId: OWN_QUEUE_ARN, name: 'jdoe' },
        ],
        channelConcurrencyMap: { VOICE: 1, CHAT: 3, TASK: 2 },
      },
      agentStates: [
        { agentStateARN: stateArn(S_AVAILABLE), type: 'routable', name: 'Available' },
        { agentStateARN: stateArn(S_LUNCH), type: 'not_routable', name: 'Lunch' },
        { agentStateARN: stateArn(S_OFFLINE), type: 'offline', name: 'Offline' },
      ],
      permissions: ['outboundCall', 'BasicAgentAccess'],
      dialableCountries: [],
    });
  });

  it('falls back to the username, the phone auto-accept and a desk phone extension', () => {
    const w = buildAgentData({
      ...input,
      user: {
        ...user,
        identityInfo: {},
        phoneConfig: { phoneType: 'DESK_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0, deskPhoneNumber: '+15550100' },
        autoAccept: { VOICE: true },
      },
    });
    expect(w.configuration.name).toBe('jdoe');
    expect(w.configuration.softphoneEnabled).toBe(false);
    expect(w.configuration.softphoneAutoAccept).toBe(true);
    expect(w.configuration.extension).toBe('+15550100');
    expect(w.snapshot.contacts[0]?.connections[0]?.chatMediaInfo?.agentName).toBe('jdoe');
  });

  it('makes ARNs Streams can parse (region, instance id, account)', () => {
    const { agentARN, routingProfile: rp } = wire.configuration;
    expect(agentARN.split(':')[3]).toBe('eu-west-2');
    for (const arn of [agentARN, rp.routingProfileId, rp.routingProfileARN, ...rp.queues.map((q) => q.queueARN)]) {
      expect(INSTANCE_RE.exec(arn)?.[1]).toBe(coords.instanceId);
      expect(ACCOUNT_RE.exec(arn)?.[1]).toBe(coords.accountId);
    }
  });

  it('is JSON-safe', () => {
    expect(JSON.parse(JSON.stringify(wire))).toStrictEqual(wire);
  });
});

describe('agentSnapshotParts + snapshotJson', () => {
  // The server caches each contact's JSON and joins the parts: the text must be the same.
  const joined = (i: AgentDataInput): string => {
    const { head, contact } = agentSnapshotParts(i);
    const parts = snapshotOrder(i.agent).flatMap((a) => {
      const view = i.contacts.get(a.contactId);
      return view ? [JSON.stringify(contact(a, view))] : [];
    });
    return snapshotJson(headJson(head), parts);
  };

  it('gives the same JSON text as the whole snapshot', () => {
    expect(joined(input)).toBe(JSON.stringify(buildAgentSnapshot(input)));
  });

  it("keeps the head's lead while the agent has no next state: only the timestamp moves", () => {
    const calm: AgentDataInput = { ...input, agent: { ...agent, nextStatus: undefined } };
    const later: AgentDataInput = { ...calm, now: calm.now + 65_000 };
    expect(headLeadIsStable(calm.agent)).toBe(true);
    expect(snapshotHeadJson(later).lead).toBe(snapshotHeadJson(calm).lead);
    expect(snapshotHeadJson(later).timestamp).not.toBe(snapshotHeadJson(calm).timestamp);
    // The cached lead with the new time is the whole snapshot of the new time.
    const cached = headAt(snapshotHeadJson(calm).lead, later.now);
    expect(cached).toStrictEqual(snapshotHeadJson(later));
    const { contact } = agentSnapshotParts(later);
    const parts = snapshotOrder(later.agent).flatMap((a) => {
      const view = later.contacts.get(a.contactId);
      return view ? [JSON.stringify(contact(a, view))] : [];
    });
    expect(snapshotJson(cached, parts)).toBe(JSON.stringify(buildAgentSnapshot(later)));
    // A next state carries the time: never stable.
    expect(headLeadIsStable(input.agent)).toBe(false);
    expect(snapshotHeadJson({ ...input, now: input.now + 65_000 }).lead).not.toBe(snapshotHeadJson(input).lead);
  });

  it('also without contacts or next state', () => {
    const idle: AgentDataInput = { ...input, agent: { ...agent, assignments: [], nextStatus: undefined } };
    expect(joined(idle)).toBe(JSON.stringify(buildAgentSnapshot(idle)));
    expect(JSON.parse(joined(idle)).contacts).toStrictEqual([]);
  });
});

describe('reviveAgentData', () => {
  const wire = buildAgentData(input);
  const localNow = NOW - 1234;
  const data = reviveAgentData(wire, localNow);

  it('adds localTimestamp and skew', () => {
    expect(data.snapshot.localTimestamp).toBe(localNow);
    expect(data.snapshot.skew).toBe(1234);
  });

  it('turns every timestamp into a Date with the source time', () => {
    const pairs: [unknown, number][] = [
      [data.snapshot.state.startTimestamp, at(400)],
      [data.snapshot.agentAvailabilityState.timeStamp, at(10)],
      [data.snapshot.snapshotTimestamp, NOW],
      [data.snapshot.nextState?.startTimestamp, NOW],
    ];
    const [acw, fresh] = data.snapshot.contacts;
    pairs.push(
      [acw?.state.timestamp, at(300)],
      [acw?.queueTimestamp, at(95)],
      [acw?.connections[0]?.state.timestamp, at(300)],
      [acw?.connections[1]?.state.timestamp, at(300)],
      [fresh?.state.timestamp, at(500)],
      [fresh?.queueTimestamp, at(490)],
      [fresh?.connections[0]?.state.timestamp, at(500)],
      [fresh?.connections[1]?.state.timestamp, at(480)],
    );
    for (const [value, ms] of pairs) {
      expect(value).toBeInstanceOf(Date);
      expect((value as Date).getTime()).toBe(ms);
    }
  });

  it('leaves the rest as it was and does not touch the wire object', () => {
    const before = JSON.parse(JSON.stringify(wire));
    const again = reviveAgentData(wire, localNow);
    expect(wire).toStrictEqual(before);
    expect(again.configuration).toStrictEqual(wire.configuration);
    expect(again.configuration).not.toBe(wire.configuration);
    expect(again.snapshot.contacts[1]?.connections[0]?.chatMediaInfo).toStrictEqual(
      wire.snapshot.contacts[1]?.connections[0]?.chatMediaInfo,
    );
    expect(again.snapshot.contacts[1]?.attributes).toStrictEqual(wire.snapshot.contacts[1]?.attributes);
    // What Streams gets survives a structured clone (postMessage) with its Dates intact.
    const cloned = structuredClone(again);
    expect(cloned.snapshot.snapshotTimestamp).toBeInstanceOf(Date);
    expect(cloned).toStrictEqual(again);
  });
});

describe('applyAgentDelta + snapshotDeltaJson', () => {
  const prev = buildAgentData(input);
  // The new chat is accepted, the one in after-contact work cleared.
  const [offer] = agent.assignments;
  const next: AgentDataInput = {
    ...input,
    now: NOW + 1000,
    agent: { ...agent, assignments: [{ ...offer!, state: 'connected', since: NOW + 900, connectedAt: NOW + 900 }] },
  };
  const deltaOf = (i: AgentDataInput, changedIds: readonly string[]): AgentDeltaWire => {
    const { head, contact } = agentSnapshotParts(i);
    const order = snapshotOrder(i.agent).filter((a) => i.contacts.has(a.contactId));
    const changed = order.filter((a) => changedIds.includes(a.contactId));
    const json = snapshotDeltaJson(
      headJson(head),
      changed.map((a) => JSON.stringify(contact(a, i.contacts.get(a.contactId)!))),
      order.map((a) => a.contactId),
    );
    return { snapshot: JSON.parse(json) };
  };

  it('gives the whole data of the new version: changed contacts replaced, gone ones dropped', () => {
    const after = applyAgentDelta(prev, deltaOf(next, ['chat-new']));
    expect(after).toStrictEqual(buildAgentData(next));
    expect(after?.snapshot.contacts.map((c) => c.state.type)).toStrictEqual(['connected']);
  });

  it('applies to data newer than its base too (a socket that joined later)', () => {
    // Built against `prev`, applied to data that already has the change: same result.
    const newer = buildAgentData(next);
    expect(applyAgentDelta(newer, deltaOf(next, ['chat-new']))).toStrictEqual(newer);
  });

  it('keeps the configuration unless the delta brings one', () => {
    const configuration = { ...prev.configuration, agentPreferences: { locale: 'fr-FR' } };
    expect(applyAgentDelta(prev, deltaOf(next, ['chat-new']))?.configuration).toBe(prev.configuration);
    expect(applyAgentDelta(prev, { ...deltaOf(next, ['chat-new']), configuration })?.configuration).toBe(configuration);
  });

  it('says it cannot apply when a listed contact is neither in the delta nor held', () => {
    const idle = buildAgentData({ ...input, agent: { ...agent, assignments: [] } });
    expect(applyAgentDelta(idle, deltaOf(next, []))).toBeUndefined();
  });
});
