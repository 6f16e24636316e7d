/**
 * The `connect` objects over a fake transport (no sockets): what the agent data makes of them,
 * the events and their payloads, how requests and callbacks go, and the runtime's errors.
 */
import type { AgentData, ContactData } from '@switchboard/core/agent';
import { describe, expect, it, vi } from 'vitest';
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

/** `world()` with the iframe transport's kind and its `send` (what a framed CCP offers). */
function framedWorld() {
  const connect = createConnect();
  const fake = fakeTransport(async () => ({}));
  const upstream: { event: string; data: unknown }[] = [];
  const transport = {
    ...fake.transport,
    kind: 'iframe' as const,
    send: (event: string, d?: unknown) => void upstream.push({ event, data: d }),
  };
  (connect.Agent as unknown as { rt: { attach(t: StreamsTransport): void } }).rt.attach(transport);
  return { connect, upstream, sink: fake.sink };
}

describe('the runtime members besides the typed ones (test/surface.test.ts)', () => {
  it('AgentSnapshot and ConnectionSnapshot read the data given; connect.Connection is the voice connection', () => {
    const { connect, sink } = world();
    expect(() => new connect.AgentSnapshot(data('Busy'))).toThrow('The agent is not yet initialized!');
    sink().agentData(data('Available'));
    const snap = new connect.AgentSnapshot(data('Busy', [chat('c9', 'connected')]));
    expect(snap.getState().name).toBe('Busy');
    expect(new connect.Agent().getState().name).toBe('Available');
    expect(snap.getContacts()[0]).toBeInstanceOf(connect.ContactSnapshot);
    expect(snap.getContacts()[0]?.getType()).toBe('chat');
    const agentLeg = chat('c9', 'connected').connections[0]!;
    const leg = new connect.ConnectionSnapshot({ ...agentLeg, contactId: 'c9' });
    // The base connection's members, as the runtime's (no media of a kind).
    expect(['getState' in leg, 'getMediaInfo' in leg]).toEqual([true, false]);
    expect([leg.getContactId(), leg.getConnectionId(), leg.getType(), leg.getState().type]).toEqual([
      'c9',
      'c9-agent',
      'agent',
      'connected',
    ]);
    expect(connect.Connection).toBe(connect.VoiceConnection);
  });

  it('sendSoftphoneMetrics / sendSoftphoneReport fail in words and send nothing', () => {
    const { connect, sink, sent } = world();
    sink().agentData(data('Available', [chat('c1', 'connected')]));
    const failures: string[] = [];
    const c = new connect.Contact('c1');
    c.sendSoftphoneMetrics([], { failure: (e) => failures.push(e) });
    c.sendSoftphoneReport({}, { failure: (e) => failures.push(e) });
    expect(failures).toEqual([
      'Softphone call metrics are not available in Switchboard: it does not collect them',
      'Softphone call reports are not available in Switchboard: it does not collect them',
    ]);
    expect(sent).toEqual([]);
  });

  it('isFramed, isCCP, isCRM; publishMetric and publishClickStreamData broadcast', () => {
    const { connect, broadcasts } = world();
    expect([connect.isFramed(), connect.isCCP(), connect.isCRM()]).toEqual([false, false, false]);
    expect(framedWorld().connect.isCRM()).toBe(true);
    const heard: unknown[] = [];
    connect.core.getEventBus().subscribe('client_metric', (d: unknown) => heard.push(d));
    connect.publishMetric({ name: 'm' });
    connect.publishClickStreamData({ click: 1 });
    expect(broadcasts).toEqual(['client_metric', 'click_stream_data']);
    expect(heard).toEqual([{ name: 'm' }]);
  });

  it('becomeMaster: at once on its own (direct); after the CCP answers when framed; a topic is required', () => {
    const direct = world().connect;
    let led = 0;
    direct.becomeMaster('connect::softphone', () => led++);
    expect(led).toBe(1);
    expect(() => direct.becomeMaster(null as unknown as string)).toThrow('A topic must be provided');
    const { connect, upstream, sink } = framedWorld();
    connect.becomeMaster('connect::softphone', () => led++);
    const req = upstream[0]?.data as { requestId: string; method: string; params: unknown };
    expect([upstream[0]?.event, req.method, req.params]).toEqual([
      'master_request',
      'becomeMaster',
      { topic: 'connect::softphone' },
    ]);
    sink().event('master_response', { requestId: 'another', data: {} });
    expect(led).toBe(1);
    sink().event('master_response', { requestId: req.requestId, data: { takeOver: false } });
    expect(led).toBe(2);
  });

  it('SessionExpirationWarningManager subscribes (Switchboard sessions do not expire from inactivity)', () => {
    const { connect } = world();
    const m = new connect.SessionExpirationWarningManager();
    for (const sub of [
      m.onExpirationWarning(() => {}),
      m.onExpirationWarningCleared(() => {}),
      m.onSessionExtensionError(() => {}),
    ]) {
      expect(() => sub.unsubscribe()).not.toThrow();
    }
  });

  it('QuickResponses is a class whose statics ask the agent API', async () => {
    const { connect, sent } = world(async () => true);
    expect(typeof connect.QuickResponses).toBe('function');
    expect(await connect.QuickResponses.isEnabled()).toBe(true);
    expect(sent.map((x) => x.method)).toEqual(['qrIntegrationExists']);
  });

  it('core.reauthenticateAfterLogout, initSoftphoneManager and terminateCustomView', () => {
    const { connect } = world();
    expect(() => connect.core.reauthenticateAfterLogout()).toThrow('Missing parameters to refresh CCP iframe');
    expect(() => framedWorld().connect.core.reauthenticateAfterLogout()).toThrow(/not available in Switchboard/);
    connect.core.initSoftphoneManager({ allowFramedSoftphone: false });
    expect(connect.getLog().getLogs().at(-1)?.getText()).toContain('initSoftphoneManager');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    connect.core.terminateCustomView('https://connect.example', '-x');
    expect(warn).toHaveBeenCalledWith('[CustomViews] terminateCustomView operation failed due to iframe not found');
    warn.mockRestore();
    const posted: unknown[] = [];
    const frame = { contentWindow: { postMessage: (m: unknown, o: string) => posted.push([m, o]) }, style: { display: '' } };
    const doc = { querySelector: (q: string) => (q === "iframe[id='customviews-x']" ? frame : null) };
    vi.stubGlobal('document', doc);
    try {
      connect.core.terminateCustomView('https://connect.example', '-x');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(posted).toEqual([[{ topic: 'lifecycle.terminated' }, 'https://connect.example']]);
    expect(frame.style.display).toBe('none');
  });
  it('a second init while one runs makes no second transport: it says so in the log', () => {
    const connect = createConnect();
    const log = connect.getLog();
    const before = log.getLogs().length;
    // A server that is not there: the first init's sign-in fails later, asynchronously.
    connect.core.initAgent({ url: 'http://127.0.0.1:9', token: 't' });
    // Not even built: its options (not a URL) would otherwise be refused.
    expect(() => connect.core.initAgent({ url: 'not a url', token: 'other' })).not.toThrow();
    const said = log
      .getLogs()
      .slice(before)
      .map((e) => e.getText());
    expect(said).toContain('connect is already initialised: terminate it first');
    connect.core.terminate();
  });
});
