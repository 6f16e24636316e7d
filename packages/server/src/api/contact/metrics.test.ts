/** Real-time metrics and agent data over a real RoutingEngine fed events (no server). */
import {
  type AgentStatus,
  agentQueueArn,
  type ChosenStatus,
  InvalidParameterException,
  type Queue,
  ResourceNotFoundException,
  resourceArn,
  RoutingEngine,
  type RoutingProfile,
  type User,
} from '@switchboard/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentRouting } from '../../routing/derive.js';
import {
  agentContactState,
  type CurrentMetricResult,
  currentMetricData,
  currentUserData,
  type MetricName,
  type MetricsConfig,
  queueIdFromIdOrArn,
} from './metrics.js';

const coords = { region: 'us-east-1', accountId: '123456789012', instanceId: 'aaaaaaaa-0000-4000-8000-000000000000' };
const base = { tags: {}, lastModifiedTime: 0 };

const queue = (id: string): Queue => ({ ...base, id, name: id, hoursOfOperationId: 'h', status: 'ENABLED', quickConnectIds: [] });
const status = (id: string, name: string, type: AgentStatus['type']): AgentStatus => ({
  ...base,
  id,
  name,
  type,
  displayOrder: 1,
  state: 'ENABLED',
});
const chosen = (s: AgentStatus): ChosenStatus => ({ statusId: s.id, name: s.name, type: s.type });

const AVAILABLE = status('st-available', 'Available', 'ROUTABLE');
const BREAK = status('st-break', 'Break', 'NOT_ROUTABLE');
const OFFLINE = status('st-offline', 'Offline', 'OFFLINE');

const current = { crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' } as const;
const SALES_PROFILE: RoutingProfile = {
  ...base,
  id: 'rp-sales',
  name: 'Sales agents',
  defaultOutboundQueueId: 'sales',
  mediaConcurrencies: [
    { channel: 'VOICE', concurrency: 1, ...current },
    { channel: 'CHAT', concurrency: 2, ...current },
  ],
  queueConfigs: [
    { queueId: 'sales', channel: 'VOICE', priority: 1, delay: 0 },
    { queueId: 'sales', channel: 'CHAT', priority: 1, delay: 0 },
    { queueId: 'support', channel: 'CHAT', priority: 2, delay: 0 },
  ],
  agentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
};
const SUPPORT_PROFILE: RoutingProfile = {
  ...SALES_PROFILE,
  id: 'rp-support',
  name: 'Support agents',
  defaultOutboundQueueId: 'support',
  mediaConcurrencies: [{ channel: 'CHAT', concurrency: 2, ...current }],
  queueConfigs: [{ queueId: 'support', channel: 'CHAT', priority: 1, delay: 0 }],
};

const user = (id: string, profile: RoutingProfile): User => ({
  ...base,
  id,
  name: id,
  identityInfo: {},
  phoneConfig: { phoneType: 'SOFT_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 },
  routingProfileId: profile.id,
  securityProfileIds: [],
  autoAccept: {},
  afterContactWorkTimeLimit: {},
});

const config: MetricsConfig = {
  coords,
  queues: new Map([
    ['sales', queue('sales')],
    ['support', queue('support')],
  ]),
  users: new Map([
    ['alice', user('alice', SALES_PROFILE)],
    ['bob', user('bob', SUPPORT_PROFILE)],
    ['carol', user('carol', SALES_PROFILE)],
    ['dave', user('dave', SUPPORT_PROFILE)],
  ]),
  profiles: new Map([
    [SALES_PROFILE.id, SALES_PROFILE],
    [SUPPORT_PROFILE.id, SUPPORT_PROFILE],
  ]),
  statuses: [AVAILABLE, BREAK, OFFLINE],
};

/** The value of each metric, by name, for every result. */
const values = (results: readonly CurrentMetricResult[]) =>
  results.map((r) => Object.fromEntries(r.Collections.map((c) => [c.Metric.Name, c.Value])));

const ALL: MetricName[] = [
  'AGENTS_ONLINE',
  'AGENTS_STAFFED',
  'AGENTS_AVAILABLE',
  'AGENTS_ON_CONTACT',
  'AGENTS_ON_CALL',
  'AGENTS_AFTER_CONTACT_WORK',
  'AGENTS_ERROR',
  'AGENTS_NON_PRODUCTIVE',
  'CONTACTS_IN_QUEUE',
  'OLDEST_CONTACT_AGE',
  'CONTACTS_SCHEDULED',
  'SLOTS_ACTIVE',
  'SLOTS_AVAILABLE',
];
const metrics = (...names: MetricName[]) => names.map((name) => ({ name }));

/** An engine with the config's queues and agents (offline), nothing waiting. */
function newEngine(): RoutingEngine {
  let n = 0;
  const engine = new RoutingEngine({ newId: () => `conn-${++n}` });
  for (const id of config.queues.keys()) engine.apply({ type: 'queue.upsert', queue: { id, enabled: true } }, 0);
  for (const u of config.users.values())
    engine.apply({ type: 'agent.upsert', routing: agentRouting(u, config.profiles.get(u.routingProfileId)) }, 0);
  return engine;
}

describe('currentMetricData', () => {
  let engine: RoutingEngine;
  const apply = (at: number, ...events: Parameters<RoutingEngine['apply']>[0][]) => {
    for (const e of events) engine.apply(e, at);
  };
  const contact = (at: number, contactId: string, channel: 'VOICE' | 'CHAT', queueId: string) =>
    apply(at, { type: 'contact.create', contactId, channel }, { type: 'contact.enqueue', contactId, queueId });

  beforeAll(() => {
    engine = newEngine();
    contact(1000, 'c1', 'CHAT', 'sales');
    contact(2000, 'c2', 'CHAT', 'sales');
    contact(3000, 'c3', 'VOICE', 'sales');
    contact(4000, 'c4', 'CHAT', 'support');
  });

  it('counts the queued contacts and the oldest one per queue and channel', () => {
    const results = currentMetricData(
      engine,
      config,
      {
        queues: ['sales', 'support'],
        groupings: ['QUEUE', 'CHANNEL'],
        metrics: metrics('CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE'),
      },
      10_500,
    );
    expect(results.map((r) => [r.Dimensions?.Queue?.Id, r.Dimensions?.Channel])).toEqual([
      ['sales', 'VOICE'],
      ['sales', 'CHAT'],
      ['sales', 'TASK'],
      ['support', 'VOICE'],
      ['support', 'CHAT'],
      ['support', 'TASK'],
    ]);
    expect(results[0]?.Dimensions?.Queue?.Arn).toBe(resourceArn(coords, 'queue', 'sales'));
    expect(values(results)).toEqual([
      { CONTACTS_IN_QUEUE: 1, OLDEST_CONTACT_AGE: 7 },
      { CONTACTS_IN_QUEUE: 2, OLDEST_CONTACT_AGE: 9 },
      { CONTACTS_IN_QUEUE: 0, OLDEST_CONTACT_AGE: 0 },
      { CONTACTS_IN_QUEUE: 0, OLDEST_CONTACT_AGE: 0 },
      { CONTACTS_IN_QUEUE: 1, OLDEST_CONTACT_AGE: 6 },
      { CONTACTS_IN_QUEUE: 0, OLDEST_CONTACT_AGE: 0 },
    ]);
    expect(results[0]?.Collections[1]?.Metric).toEqual({ Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' });
  });

  it('without groupings answers one summary, the oldest age in milliseconds like Connect', () => {
    const results = currentMetricData(
      engine,
      config,
      { queues: ['sales', 'support'], metrics: metrics('CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE') },
      10_500,
    );
    expect(results).toHaveLength(1);
    expect(results[0]?.Dimensions).toBeUndefined();
    expect(values(results)).toEqual([{ CONTACTS_IN_QUEUE: 4, OLDEST_CONTACT_AGE: 9500 }]);
  });

  it('filters by channel; grouping by channel alone sums over the queues', () => {
    const results = currentMetricData(
      engine,
      config,
      { queues: ['sales', 'support'], channels: ['CHAT'], groupings: ['CHANNEL'], metrics: metrics('CONTACTS_IN_QUEUE') },
      10_500,
    );
    expect(results.map((r) => r.Dimensions)).toEqual([{ Channel: 'CHAT' }]);
    expect(values(results)).toEqual([{ CONTACTS_IN_QUEUE: 3 }]);
  });

  it('counts agents by state: on contact, ACW, non-productive, slots', () => {
    // alice: Available, offered c1 and c2 (CHAT concurrency 2), accepts c1.
    apply(11_000, { type: 'agent.presence', agentId: 'alice', online: true });
    apply(11_000, { type: 'agent.set_status', agentId: 'alice', status: chosen(AVAILABLE), enqueueNextState: false });
    expect(engine.agent('alice')?.assignments.map((x) => x.contactId)).toEqual(['c1', 'c2']);
    apply(12_000, { type: 'contact.accept', agentId: 'alice', contactId: 'c1' });
    // carol: Available, takes the call c3 and hangs up: after-contact work until cleared.
    apply(13_000, { type: 'agent.presence', agentId: 'carol', online: true });
    apply(13_000, { type: 'agent.set_status', agentId: 'carol', status: chosen(AVAILABLE), enqueueNextState: false });
    expect(engine.agent('carol')?.assignments.map((x) => x.contactId)).toEqual(['c3']);
    apply(14_000, { type: 'contact.accept', agentId: 'carol', contactId: 'c3' });
    apply(15_000, { type: 'contact.agent_end', agentId: 'carol', contactId: 'c3' });
    // bob: online on Break. dave: offline.
    apply(16_000, { type: 'agent.presence', agentId: 'bob', online: true });
    apply(16_000, { type: 'agent.set_status', agentId: 'bob', status: chosen(BREAK), enqueueNextState: false });

    const sales = currentMetricData(
      engine,
      config,
      { queues: ['sales'], groupings: ['QUEUE'], metrics: metrics(...ALL) },
      20_000,
    );
    expect(values(sales)).toEqual([
      {
        AGENTS_ONLINE: 2, // alice, carol
        AGENTS_STAFFED: 2,
        AGENTS_AVAILABLE: 0, // alice's chats are full, carol's call is in ACW
        AGENTS_ON_CONTACT: 1, // alice on c1
        AGENTS_ON_CALL: 0,
        AGENTS_AFTER_CONTACT_WORK: 1, // c3
        AGENTS_ERROR: 0,
        AGENTS_NON_PRODUCTIVE: 0,
        CONTACTS_IN_QUEUE: 0,
        OLDEST_CONTACT_AGE: 0,
        CONTACTS_SCHEDULED: 0,
        SLOTS_ACTIVE: 2, // c1 connected, c3 in ACW (c2 only rings)
        SLOTS_AVAILABLE: 0,
      },
    ]);
    const support = currentMetricData(
      engine,
      config,
      { queues: ['support'], channels: ['CHAT'], groupings: ['QUEUE'], metrics: metrics(...ALL) },
      20_000,
    );
    expect(values(support)[0]).toMatchObject({
      AGENTS_ONLINE: 3, // alice, bob, carol (dave is offline)
      AGENTS_STAFFED: 2, // bob's Break is non-productive
      AGENTS_NON_PRODUCTIVE: 1,
      AGENTS_ON_CONTACT: 1,
      AGENTS_AFTER_CONTACT_WORK: 0, // c3 is a call, the filter says CHAT
      CONTACTS_IN_QUEUE: 1,
      OLDEST_CONTACT_AGE: 16,
    });
  });

  it('counts an agent who missed an offer as in error, and the contact queued again', () => {
    apply(41_000, { type: 'tick' }); // alice's offer of c2 times out (30 s)
    expect(engine.agent('alice')?.error?.name).toBe('MissedCallAgent');
    const [sales] = values(
      currentMetricData(
        engine,
        config,
        {
          queues: ['sales'],
          groupings: ['QUEUE'],
          metrics: metrics('AGENTS_ERROR', 'AGENTS_STAFFED', 'CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE'),
        },
        42_000,
      ),
    );
    expect(sales).toEqual({ AGENTS_ERROR: 1, AGENTS_STAFFED: 2, CONTACTS_IN_QUEUE: 1, OLDEST_CONTACT_AGE: 40 });
  });

  it('takes ARNs, agent queues, and frees slots of routable agents', () => {
    apply(43_000, { type: 'agent.presence', agentId: 'dave', online: true });
    apply(43_000, { type: 'agent.set_status', agentId: 'dave', status: chosen(AVAILABLE), enqueueNextState: false });
    // dave is offered the support chat c4 and accepts it: one of his two chat slots is left.
    apply(44_000, { type: 'contact.accept', agentId: 'dave', contactId: 'c4' });
    const results = currentMetricData(
      engine,
      config,
      {
        queues: [resourceArn(coords, 'queue', 'support'), agentQueueArn(coords, 'dave')],
        channels: ['CHAT'],
        groupings: ['QUEUE'],
        metrics: metrics('AGENTS_AVAILABLE', 'SLOTS_AVAILABLE', 'SLOTS_ACTIVE', 'AGENTS_ON_CONTACT'),
      },
      45_000,
    );
    expect(results.map((r) => r.Dimensions?.Queue)).toEqual([
      { Id: 'support', Arn: resourceArn(coords, 'queue', 'support') },
      { Id: 'agent/dave', Arn: agentQueueArn(coords, 'dave') },
    ]);
    expect(values(results)).toEqual([
      { AGENTS_AVAILABLE: 1, SLOTS_AVAILABLE: 1, SLOTS_ACTIVE: 2, AGENTS_ON_CONTACT: 2 },
      { AGENTS_AVAILABLE: 1, SLOTS_AVAILABLE: 1, SLOTS_ACTIVE: 1, AGENTS_ON_CONTACT: 1 },
    ]);
  });

  it('sorts by a metric when asked', () => {
    const results = currentMetricData(
      engine,
      config,
      {
        queues: ['sales', 'support'],
        groupings: ['QUEUE'],
        metrics: metrics('AGENTS_ONLINE'),
        sort: { metric: 'AGENTS_ONLINE', order: 'DESCENDING' },
      },
      45_000,
    );
    expect(results.map((r) => [r.Dimensions?.Queue?.Id, r.Collections[0]?.Value])).toEqual([
      ['support', 4],
      ['sales', 2],
    ]);
  });

  it('refuses an unknown queue and a wrong unit', () => {
    expect(() => currentMetricData(engine, config, { queues: ['nope'], metrics: metrics('AGENTS_ONLINE') }, 0)).toThrow(
      ResourceNotFoundException,
    );
    expect(() => currentMetricData(engine, config, { queues: ['agent/nobody'], metrics: [] }, 0)).toThrow(
      ResourceNotFoundException,
    );
    expect(() =>
      currentMetricData(engine, config, { queues: ['sales'], metrics: [{ name: 'OLDEST_CONTACT_AGE', unit: 'COUNT' }] }, 0),
    ).toThrow(InvalidParameterException);
  });

  it('reads queue ids from ARNs, keeping agent queues whole', () => {
    expect(queueIdFromIdOrArn('q1')).toBe('q1');
    expect(queueIdFromIdOrArn(resourceArn(coords, 'queue', 'q1'))).toBe('q1');
    expect(queueIdFromIdOrArn(agentQueueArn(coords, 'u1'))).toBe('agent/u1');
  });

  describe('currentUserData', () => {
    const info = (contactId: string) => ({ initiationMethod: contactId === 'c4' ? 'API' : 'INBOUND' });
    const ids = (rows: ReturnType<typeof currentUserData>) => rows.map((r) => r.User.Id);

    it("lists an agent's status, slots and contacts", () => {
      const [alice] = currentUserData(engine, config, { agents: ['alice'] }, info);
      expect(alice).toEqual({
        User: { Id: 'alice', Arn: resourceArn(coords, 'user', 'alice') },
        RoutingProfile: { Id: 'rp-sales', Arn: resourceArn(coords, 'routingProfile', 'rp-sales') },
        Status: { StatusStartTimestamp: 41, StatusName: 'MissedCallAgent' },
        AvailableSlotsByChannel: { VOICE: 0, CHAT: 0, TASK: 0 },
        MaxSlotsByChannel: { VOICE: 1, CHAT: 2, TASK: 0 },
        ActiveSlotsByChannel: { VOICE: 0, CHAT: 1, TASK: 0 },
        Contacts: [
          {
            ContactId: 'c1',
            Channel: 'CHAT',
            InitiationMethod: 'INBOUND',
            AgentContactState: 'CONNECTED',
            StateStartTimestamp: 12,
            ConnectedToAgentTimestamp: 12,
            Queue: { Id: 'sales', Arn: resourceArn(coords, 'queue', 'sales') },
          },
          {
            ContactId: 'c2',
            Channel: 'CHAT',
            InitiationMethod: 'INBOUND',
            AgentContactState: 'MISSED',
            StateStartTimestamp: 41,
            Queue: { Id: 'sales', Arn: resourceArn(coords, 'queue', 'sales') },
          },
        ],
      });
      const [dave] = currentUserData(engine, config, { agents: [resourceArn(coords, 'user', 'dave')] }, info);
      expect(dave?.Status).toEqual({
        StatusStartTimestamp: 43,
        StatusArn: resourceArn(coords, 'agentStatus', AVAILABLE.id),
        StatusName: 'Available',
      });
      expect(dave?.AvailableSlotsByChannel).toEqual({ VOICE: 0, CHAT: 1, TASK: 0 });
      expect(dave?.Contacts[0]).toMatchObject({ ContactId: 'c4', InitiationMethod: 'API', AgentContactState: 'CONNECTED' });
    });

    it('selects users by queue, routing profile or contact state, ordered by name', () => {
      expect(ids(currentUserData(engine, config, {}, info))).toEqual(['alice', 'bob', 'carol', 'dave']);
      expect(ids(currentUserData(engine, config, { queues: ['sales'] }, info))).toEqual(['alice', 'carol']);
      expect(ids(currentUserData(engine, config, { queues: ['agent/bob'] }, info))).toEqual(['bob']);
      expect(ids(currentUserData(engine, config, { routingProfiles: ['rp-support'] }, info))).toEqual(['bob', 'dave']);
      expect(ids(currentUserData(engine, config, { contactStates: ['ENDED'] }, info))).toEqual(['carol']);
      expect(ids(currentUserData(engine, config, { queues: ['support'], contactStates: ['CONNECTED'] }, info))).toEqual([
        'alice',
        'dave',
      ]);
    });

    it('names the Offline status of an agent who never picked one', () => {
      const engine2 = new RoutingEngine();
      const bob = config.users.get('bob') as User;
      engine2.apply({ type: 'agent.upsert', routing: agentRouting(bob, SUPPORT_PROFILE) }, 5000);
      const [row] = currentUserData(engine2, config, { agents: ['bob'] }, info);
      expect(row?.Status).toEqual({
        StatusStartTimestamp: 5,
        StatusArn: resourceArn(coords, 'agentStatus', OFFLINE.id),
        StatusName: 'Offline',
      });
    });

    it('refuses unknown queues, profiles and agents', () => {
      expect(() => currentUserData(engine, config, { queues: ['nope'] }, info)).toThrow(ResourceNotFoundException);
      expect(() => currentUserData(engine, config, { routingProfiles: ['nope'] }, info)).toThrow(ResourceNotFoundException);
      expect(() => currentUserData(engine, config, { agents: ['nope'] }, info)).toThrow(ResourceNotFoundException);
    });
  });
});

describe('currentMetricData by routing profile', () => {
  let engine: RoutingEngine;
  const apply = (at: number, ...events: Parameters<RoutingEngine['apply']>[0][]) => {
    for (const e of events) engine.apply(e, at);
  };

  beforeAll(() => {
    engine = newEngine();
    // Waiting: a sales chat, a sales call and a support chat. Online: bob (Support agents),
    // Available with two free chat slots; nobody else.
    for (const [id, channel, queueId] of [
      ['c1', 'CHAT', 'sales'],
      ['c2', 'VOICE', 'sales'],
      ['c3', 'CHAT', 'support'],
    ] as const)
      apply(1000, { type: 'contact.create', contactId: id, channel }, { type: 'contact.enqueue', contactId: id, queueId });
    apply(2000, { type: 'agent.presence', agentId: 'bob', online: true });
    apply(2000, { type: 'agent.set_status', agentId: 'bob', status: chosen(AVAILABLE), enqueueNextState: false });
    apply(3000, { type: 'contact.accept', agentId: 'bob', contactId: 'c3' });
  });

  it("counts a profile's agents and the contacts waiting in its queues on its channels", () => {
    const results = currentMetricData(
      engine,
      config,
      {
        routingProfiles: [SALES_PROFILE.id, resourceArn(coords, 'routingProfile', SUPPORT_PROFILE.id)],
        groupings: ['ROUTING_PROFILE'],
        metrics: metrics('CONTACTS_IN_QUEUE', 'AGENTS_ONLINE', 'AGENTS_ON_CONTACT', 'AGENTS_AVAILABLE', 'SLOTS_AVAILABLE'),
      },
      5000,
    );
    expect(results.map((r) => r.Dimensions)).toEqual([
      { RoutingProfile: { Id: SALES_PROFILE.id, Arn: resourceArn(coords, 'routingProfile', SALES_PROFILE.id) } },
      { RoutingProfile: { Id: SUPPORT_PROFILE.id, Arn: resourceArn(coords, 'routingProfile', SUPPORT_PROFILE.id) } },
    ]);
    expect(values(results)).toEqual([
      // Sales agents take sales chats and calls and support chats: c1 and c2 wait (c3 is bob's).
      { CONTACTS_IN_QUEUE: 2, AGENTS_ONLINE: 0, AGENTS_ON_CONTACT: 0, AGENTS_AVAILABLE: 0, SLOTS_AVAILABLE: 0 },
      // Support agents take support chats only; bob has c3 and one chat slot left.
      { CONTACTS_IN_QUEUE: 0, AGENTS_ONLINE: 1, AGENTS_ON_CONTACT: 1, AGENTS_AVAILABLE: 1, SLOTS_AVAILABLE: 1 },
    ]);
    // Without the grouping, one summary over both profiles; by channel, split.
    const both = currentMetricData(
      engine,
      config,
      { routingProfiles: [SALES_PROFILE.id, SUPPORT_PROFILE.id], groupings: ['CHANNEL'], metrics: metrics('CONTACTS_IN_QUEUE') },
      5000,
    );
    expect(both.map((r) => [r.Dimensions?.Channel, r.Collections[0]?.Value])).toEqual([
      ['VOICE', 1],
      ['CHAT', 1],
      ['TASK', 0],
    ]);
  });

  it('takes queues or routing profiles, not both nor neither, and groups by what it filters', () => {
    const m = metrics('CONTACTS_IN_QUEUE');
    expect(() => currentMetricData(engine, config, { metrics: m }, 0)).toThrow(InvalidParameterException);
    expect(() =>
      currentMetricData(engine, config, { queues: ['sales'], routingProfiles: [SALES_PROFILE.id], metrics: m }, 0),
    ).toThrow(InvalidParameterException);
    expect(() => currentMetricData(engine, config, { queues: ['sales'], groupings: ['ROUTING_PROFILE'], metrics: m }, 0)).toThrow(
      InvalidParameterException,
    );
    expect(() =>
      currentMetricData(engine, config, { routingProfiles: [SALES_PROFILE.id], groupings: ['QUEUE'], metrics: m }, 0),
    ).toThrow(InvalidParameterException);
    expect(() => currentMetricData(engine, config, { routingProfiles: ['rp-missing'], metrics: m }, 0)).toThrow(
      ResourceNotFoundException,
    );
  });
});

describe('agentContactState', () => {
  it('maps assignment states to Connect contact states', () => {
    expect(agentContactState({ state: 'connecting', channel: 'VOICE' })).toBe('INCOMING');
    expect(agentContactState({ state: 'connecting', channel: 'CHAT' })).toBe('CONNECTING');
    expect(agentContactState({ state: 'connected', channel: 'CHAT' })).toBe('CONNECTED');
    expect(agentContactState({ state: 'paused', channel: 'TASK' })).toBe('CONNECTED_ONHOLD');
    expect(agentContactState({ state: 'ended', channel: 'CHAT' })).toBe('ENDED');
    expect(agentContactState({ state: 'missed', channel: 'CHAT' })).toBe('MISSED');
    expect(agentContactState({ state: 'rejected', channel: 'CHAT' })).toBe('REJECTED');
    expect(agentContactState({ state: 'error', channel: 'CHAT' })).toBe('ERROR');
  });
});
