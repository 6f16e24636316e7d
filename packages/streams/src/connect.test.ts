/**
 * The `connect` objects over a fake transport (no sockets): what the agent data makes of them,
 * the events and their payloads, how requests and callbacks go, and the runtime's errors.
 */
import type { AgentData, ContactData } from '@switchboard/core/agent';
import { describe, expect, it } from 'vitest';
import { createConnect } from './connect.js';
import type { StreamsTransport, TransportSink } from './transport.js';

const at = new Date('2026-12-07T10:00:00Z');

function chat(
  contactId: string,
  state: string,
  agentState = state === 'ended' ? 'disconnected' : 'connected',
): ContactData<Date> {
  return {
    contactId,
    initialContactId: contactId,
    type: 'chat',
    state: { type: state as ContactData<Date>['state']['type'], timestamp: at },
    queue: { name: 'Support', queueARN: 'arn:queue/support', queueId: 'arn:queue/support' },
    connections: [
      {
        connectionId: `${contactId}-agent`,
        type: 'agent',
        initial: false,
        state: { type: agentState as 'connected', timestamp: at },
        endpoint: { type: 'agent', name: 'bob' },
        chatMediaInfo: { agentName: 'Bob', connectionData: JSON.stringify({ ConnectionAuthenticationToken: 'pt' }) },
      },
      {
        connectionId: `${contactId}-customer`,
        type: 'inbound',
        initial: true,
        state: { type: 'connected', timestamp: at },
        endpoint: { type: 'phone_number', name: 'Jane' },
        chatMediaInfo: { customerName: 'Jane' },
      },
    ],
    attributes: { order: { name: 'order', value: '1042' } },
    segmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Chat' } },
    agentContactHandlingConfig: { autoAccept: false },
    initiationMethod: 'api',
  };
}

function data(stateName: string, contacts: ContactData<Date>[] = []): AgentData {
  const type = stateName === 'Available' ? 'routable' : 'not_routable';
  return {
    snapshot: {
      state: { agentStateARN: `arn:state/${stateName}`, name: stateName, type, startTimestamp: at },
      agentAvailabilityState: { state: stateName, timeStamp: at, type },
      nextState: null,
      contacts,
      snapshotTimestamp: at,
      localTimestamp: at.getTime(),
      skew: 0,
    },
    configuration: {
      name: 'Bob Brown',
      username: 'bob',
      agentARN: 'arn:aws:connect:us-east-1:000000000000:instance/i/agent/bob',
      softphoneEnabled: true,
      softphoneAutoAccept: false,
      extension: '',
      agentPreferences: {},
      routingProfile: {
        name: 'Support',
        routingProfileARN: 'arn:rp',
        routingProfileId: 'arn:rp',
        defaultOutboundQueue: { name: 'Support', queueARN: 'arn:queue/support', queueId: 'arn:queue/support' },
        queues: [{ name: 'Support', queueARN: 'arn:queue/support', queueId: 'arn:queue/support' }],
        channelConcurrencyMap: { VOICE: 1, CHAT: 3, TASK: 2 },
      },
      agentStates: [{ agentStateARN: 'arn:state/Available', name: 'Available', type: 'routable' }],
      permissions: [],
      dialableCountries: [],
    },
  };
}

/** A transport the test drives: what the SDK sent, and a sink to hand it data and events. */
function fakeTransport(answer: (method: string, params: Readonly<Record<string, unknown>>) => Promise<unknown>) {
  const sent: { method: string; params: Readonly<Record<string, unknown>> }[] = [];
  const broadcasts: string[] = [];
  let sink!: TransportSink;
  const transport: StreamsTransport = {
    kind: 'direct',
    endpoint: 'http://127.0.0.1:1',
    start: (s) => {
      sink = s;
    },
    request: (method, params) => {
      sent.push({ method, params });
      return answer(method, params);
    },
    setMuted: () => undefined,
    broadcast: (event, d) => {
      broadcasts.push(event);
      sink.event(event, d);
    },
    terminate: () => sink.event('terminated'),
  };
  return { transport, sent, broadcasts, sink: () => sink };
}

function world(answer: (method: string) => Promise<unknown> = async () => ({})) {
  const connect = createConnect();
  const fake = fakeTransport(answer);
  // The test plugs its transport in where initAgent would make the direct one (the runtime is on the bound classes).
  const rt = (connect.Agent as unknown as { rt: { attach(t: StreamsTransport): void } }).rt;
  rt.attach(fake.transport);
  const seen: string[] = [];
  connect.core.getEventBus().subscribeAll((_d: unknown, name: string) => seen.push(name));
  return { connect, ...fake, seen };
}

describe('connect over a transport', () => {
  it('has no agent before the first data, then fires init, replays connect.agent, and reads the data', () => {
    const { connect, sink } = world();
    expect(() => new connect.Agent()).toThrow('The agent is not yet initialized!');
    const agents: string[] = [];
    connect.agent((a) => agents.push(a.getName()));
    let initialised = 0;
    connect.core.onInitialized(() => initialised++);
    sink().event('acknowledge', { id: 'x' });
    expect(initialised).toBe(1);
    sink().agentData(data('Available'));
    expect(agents).toEqual(['Bob Brown']);
    connect.agent((a) => agents.push(`late ${a.getConfiguration().username}`));
    expect(agents).toEqual(['Bob Brown', 'late bob']);
    const agent = new connect.Agent();
    expect(agent.getState().name).toBe('Available');
    expect(agent.getChannelConcurrency('CHAT')).toBe(3);
    expect(agent.getChannelConcurrency('EMAIL')).toBe(0);
    expect(agent.getAllQueueARNs()).toEqual(['arn:queue/support']);
    expect(agent.getStateDuration()).toBeGreaterThan(0);
  });

  it('a contact: its getters, its own events, and StateError once it is gone', () => {
    const { connect, sink } = world();
    sink().agentData(data('Available'));
    const events: string[] = [];
    connect.contact((c) => {
      events.push(`init ${c.getContactId()}`);
      c.onConnecting(() => events.push('connecting'));
      c.onConnected(() => events.push('connected'));
      c.onACW(() => events.push('acw'));
      c.onEnded(() => events.push('ended'));
      c.onDestroy((snap) => events.push(`destroy ${snap.getQueue().name}`));
    });
    sink().agentData(data('Available', [chat('c1', 'connecting')]));
    const c = new connect.Contact('c1');
    expect(c.getType()).toBe('chat');
    expect(c.getAttributes().order?.value).toBe('1042');
    expect(c.getContactSubtype()).toBe('connect:Chat');
    expect(c.getInitialConnection()?.getType()).toBe('inbound');
    expect(c.getAgentConnection()).toBeInstanceOf(connect.ChatConnection);
    expect((c.getInitialConnection() as InstanceType<typeof connect.ChatConnection>).getParticipantName()).toBe('Jane');
    const media = (c.getAgentConnection() as InstanceType<typeof connect.ChatConnection>).getMediaInfo();
    expect(media).toMatchObject({ contactId: 'c1', participantId: 'c1-agent', participantToken: 'pt' });
    expect(c.isInbound()).toBe(true);
    const snapshot = c.toSnapshot();
    sink().agentData(data('Busy', [chat('c1', 'connected')]));
    sink().agentData(data('AfterCallWork', [chat('c1', 'ended')]));
    sink().agentData(data('Available'));
    expect(events).toEqual(['init c1', 'connecting', 'connected', 'acw', 'ended', 'destroy Support']);
    expect(() => c.getType()).toThrow('Contact c1 no longer exists.');
    // A snapshot keeps the data it was taken with.
    expect(snapshot.getState().type).toBe('connecting');
    expect(snapshot.getAgentConnection().getState().type).toBe('connected');
    // The contact's subscriptions went with it.
    expect(connect.core.getEventBus().getSubscriptions('contact::connected::c1')).toEqual([]);
    expect(() => c.getEventName('contact::nonsense')).toThrow('contact::nonsense is not a valid contact event.');
  });

  it('accept: contact::accepted comes before the update that shows it connected', async () => {
    let answer!: () => void;
    const { connect, sink, seen, sent } = world((method) =>
      method === 'acceptContact' ? new Promise((r) => (answer = () => r({}))) : Promise.resolve({}),
    );
    sink().agentData(data('Available', [chat('c1', 'connecting')]));
    const done = new Promise<unknown>((resolve) => new connect.Contact('c1').accept({ success: resolve }));
    sink().agentData(data('Busy', [chat('c1', 'connected')]));
    expect(seen).not.toContain('contact::connected::c1');
    answer();
    await done;
    expect(sent.map((s) => s.method)).toEqual(['acceptContact']);
    const order = seen.filter((n) => n === 'contact::accepted::c1' || n === 'contact::connected::c1');
    expect(order).toEqual(['contact::accepted::c1', 'contact::connected::c1']);
  });

  it("failures: the answer's error as Streams' JSON string; accept's as 'error'; phone numbers refused before sending", async () => {
    const refusal = { type: 'InvalidStateException', message: 'The contact is not connected', statusCode: 400 };
    const { connect, sink, sent } = world(() => Promise.reject(refusal));
    sink().agentData(data('Available', [chat('c1', 'connected')]));
    const c = new connect.Contact('c1');
    const failed = (act: (cbs: { failure: (err: string) => void }) => void) =>
      new Promise<string>((resolve) => act({ failure: resolve }));
    expect(JSON.parse(await failed((cbs) => c.clear(cbs)))).toEqual(refusal);
    expect(await failed((cbs) => c.accept(cbs))).toBe('error');
    const phone = JSON.parse(await failed((cbs) => c.transfer(connect.Endpoint.byPhoneNumber('+15555550100'), cbs)));
    expect(phone).toMatchObject({ type: 'NotSupported', message: expect.stringMatching(/no telephone network/) });
    expect(sent.map((s) => s.method)).toEqual(['clearContact', 'acceptContact']);
    expect(await failed((cbs) => c.updateMonitorParticipantState('LOUDLY', cbs))).toBe('invalid_target_state');
  });

  it('sends what Streams sends: setState, getEndpoints (as Endpoints), transfer without endpointId and nulls', async () => {
    const { connect, sink, sent } = world(async (method) =>
      method === 'getEndpoints'
        ? { endpoints: [{ endpointARN: 'arn:qc/sales', type: 'queue', name: 'Sales queue' }] }
        : { contactId: 'c2' },
    );
    sink().agentData(data('Available', [chat('c1', 'connected')]));
    const agent = new connect.Agent();
    agent.setState(agent.getAgentStates()[0]!, {}, { enqueueNextState: true });
    const { endpoints } = await new Promise<{ endpoints: InstanceType<typeof connect.Endpoint>[] }>((success) =>
      agent.getEndpoints(agent.getAllQueueARNs(), { success }),
    );
    expect(endpoints[0]).toBeInstanceOf(connect.Endpoint);
    expect(endpoints[0]).toMatchObject({ name: 'Sales queue', endpointId: 'arn:qc/sales', phoneNumber: null });
    await new Promise((success) => new connect.Contact('c1').transfer(endpoints[0]!, { success }));
    expect(sent).toEqual([
      { method: 'putAgentState', params: { state: agent.getAgentStates()[0], enqueueNextState: true } },
      { method: 'getEndpoints', params: { queueARNs: ['arn:queue/support'] } },
      {
        method: 'transferContact',
        params: { contactId: 'c1', endpoint: { endpointARN: 'arn:qc/sales', type: 'queue', name: 'Sales queue' } },
      },
    ]);
  });

  it('terminate: terminated reaches the page, then the bus is cleared', () => {
    const { connect, sink } = world();
    sink().agentData(data('Available'));
    const seen: string[] = [];
    connect.core.getEventBus().subscribe('terminated', () => seen.push('terminated'));
    connect.core.terminate();
    expect(seen).toEqual(['terminated']);
    expect(connect.agent.initialized).toBe(false);
    expect(() => new connect.Agent()).toThrow('The agent is not yet initialized!');
  });
});
