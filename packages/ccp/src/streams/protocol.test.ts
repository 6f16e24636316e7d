import { describe, expect, it } from 'vitest';
import type { AgentDataWire } from './agent-data.js';
import type { StreamsMessage } from './messages.js';
import {
  ACCEPT_ECHO_WAIT_MS,
  type BridgeState,
  type DesktopView,
  type Effect,
  type Input,
  initialState,
  next,
} from './protocol.js';
import { agentData, chatContact, signedInView, T0, voiceContact } from './testing.js';

/** Runs inputs through `next`, keeping the state, and returns everything posted and asked. */
class Harness {
  state: BridgeState = initialState('stream-1');
  out: StreamsMessage[] = [];
  effects: Effect[] = [];

  constructor(public view: DesktopView = signedInView(undefined)) {}

  feed(input: Input): StreamsMessage[] {
    const step = next(this.state, input, this.view);
    this.state = step.state;
    this.out.push(...step.out);
    this.effects.push(...step.effects);
    return [...step.out];
  }

  message(event: string, data?: unknown): StreamsMessage[] {
    return this.feed({ kind: 'message', message: { event, data } });
  }

  request(method: string, params: Record<string, unknown> = {}, requestId = `r-${method}`): StreamsMessage[] {
    return this.message('api_request', { event: 'api_request', requestId, method, params });
  }

  /** The last command effect. */
  lastCommand(): Extract<Effect, { type: 'command' }> {
    const c = this.effects.filter((e): e is Extract<Effect, { type: 'command' }> => e.type === 'command').at(-1);
    if (!c) throw new Error('no command effect');
    return c;
  }

  setData(data: AgentDataWire | undefined, extra: Partial<DesktopView> = {}): StreamsMessage[] {
    this.view = { ...this.view, data, ...extra };
    return this.feed({ kind: 'desktop' });
  }
}

const payload = <T>(m: StreamsMessage | undefined): T => (m?.data ?? {}) as T;
const errOf = (m: StreamsMessage | undefined) => JSON.parse(payload<{ err: string }>(m).err) as Record<string, unknown>;

describe('acknowledge', () => {
  it('at boot, before anyone is signed in (the sign-in form shows in the frame), and for every synchronize', () => {
    const h = new Harness({ ...signedInView(undefined), signedIn: false });
    expect(h.feed({ kind: 'boot' })).toEqual([{ event: 'acknowledge', data: { id: 'stream-1' } }]);
    expect(h.message('synchronize')).toEqual([{ event: 'acknowledge', data: { id: 'stream-1' } }]);
    expect(h.message('synchronize')).toEqual([{ event: 'acknowledge', data: { id: 'stream-1' } }]);
  });

  it('messages it does not need (outer_context_info, iframe_style, webSocket::send) get no answer', () => {
    const h = new Harness();
    for (const e of ['outer_context_info', 'iframe_style', 'webSocket::send', 'tab_id']) expect(h.message(e, {})).toEqual([]);
  });
});

describe('agent::update', () => {
  it('revived for Streams: Dates, localTimestamp and skew; posted on every change and only then', () => {
    const h = new Harness();
    h.feed({ kind: 'boot' });
    const data = agentData([chatContact('c1', 'connecting')]);
    const [m] = h.setData(data);
    expect(m?.event).toBe('agent::update');
    const d = m?.data as {
      snapshot: { snapshotTimestamp: Date; localTimestamp: number; skew: number; contacts: { state: { timestamp: Date } }[] };
    };
    expect(d.snapshot.snapshotTimestamp).toBeInstanceOf(Date);
    expect(d.snapshot.contacts[0]?.state.timestamp).toEqual(new Date(T0));
    expect(d.snapshot.localTimestamp).toBe(T0 + 250);
    expect(d.snapshot.skew).toBe(-250);
    // Something else of the desktop changed (a tab selected): nothing to post.
    expect(h.feed({ kind: 'desktop' })).toEqual([]);
    expect(h.setData(agentData([chatContact('c1', 'connected')]))).toHaveLength(1);
  });

  it('again on reload_agent_configuration', () => {
    const h = new Harness(signedInView(agentData()));
    h.feed({ kind: 'boot' });
    expect(h.out.map((m) => m.event)).toEqual(['acknowledge', 'agent::update']);
    expect(h.message('reload_agent_configuration').map((m) => m.event)).toEqual(['agent::update']);
  });
});

describe('api_request', () => {
  it('a ClientMethod the agent API serves runs as the same command, and its answer is the response', () => {
    const h = new Harness(signedInView(agentData()));
    expect(
      h.request('putAgentState', { state: { agentStateARN: 'arn:s1', name: 'Available' }, enqueueNextState: false }),
    ).toEqual([]);
    const c = h.lastCommand();
    expect(c).toMatchObject({
      command: 'putAgentState',
      params: { state: { agentStateARN: 'arn:s1', name: 'Available' }, enqueueNextState: false },
    });
    expect(h.feed({ kind: 'settled', seq: c.seq, ok: true, value: {} })).toEqual([
      { event: 'api_response', data: { event: 'api_response', requestId: 'r-putAgentState', data: {}, err: null } },
    ]);
    expect(h.state.pending.size).toBe(0);
  });

  it('createTransport answers what getMediaController needs ({chatTokenTransport})', () => {
    const h = new Harness(signedInView(agentData([chatContact('c1', 'connecting')])));
    h.request('createTransport', { transportType: 'chat_token', participantId: 'agent-c1', contactId: 'c1' });
    const transport = { chatTokenTransport: { participantToken: 'ct', expiry: '2025-06-01T13:00:00.000Z' } };
    const [m] = h.feed({ kind: 'settled', seq: h.lastCommand().seq, ok: true, value: transport });
    expect(payload<{ data: unknown }>(m).data).toEqual(transport);
  });

  it('a failed command answers err as the JSON of {type, message, statusCode}', () => {
    const h = new Harness(signedInView(agentData([chatContact('c1', 'connected')])));
    h.request('acceptContact', { contactId: 'c1' });
    const error = Object.assign(new Error('Contact c1 is already connected'), { type: 'InvalidStateException' });
    const [m] = h.feed({ kind: 'settled', seq: h.lastCommand().seq, ok: false, error });
    expect(payload<{ data: unknown }>(m).data).toBeNull();
    expect(errOf(m)).toEqual({ type: 'InvalidStateException', message: 'Contact c1 is already connected', statusCode: 400 });
  });

  it('a method Switchboard does not offer is answered at once with UnsupportedOperation, never left waiting', () => {
    const h = new Harness(signedInView(agentData()));
    for (const method of [
      'createOutboundContact',
      'sendSoftphoneCallReport',
      'AgentAppService.VoiceId.describeSpeaker',
      'whatever',
      '',
    ]) {
      const [m] = h.request(method, {}, `id-${method}`);
      expect(m?.event).toBe('api_response');
      expect(payload<{ requestId: string }>(m).requestId).toBe(`id-${method}`);
      const err = errOf(m);
      expect(err.type).toBe('UnsupportedOperation');
      expect(err.statusCode).toBe(400);
      expect(String(err.message)).not.toBe('');
    }
    expect(errOf(h.request('createOutboundContact')[0]).message).toBe(
      'createOutboundContact is not available in Switchboard yet',
    );
    expect(h.effects).toEqual([]);
  });

  it('before sign-in a command is refused (AccessDeniedException), not queued', () => {
    const h = new Harness({ ...signedInView(undefined), signedIn: false });
    const [m] = h.request('putAgentState', { state: { agentStateARN: 'x' } });
    expect(errOf(m)).toMatchObject({ type: 'AccessDeniedException', statusCode: 403 });
    expect(h.effects).toEqual([]);
  });

  it('keeps the requestId as sent (a number stays a number) and ignores requests without one', () => {
    const h = new Harness(signedInView(agentData()));
    h.message('api_request', { method: 'putAgentState', params: {} });
    expect(h.out).toEqual([]);
    const [m] = h.request('qrIntegrationExists', {}, 7 as unknown as string);
    expect(m?.data).toEqual({ event: 'api_response', requestId: 7, data: true, err: null });
  });

  it('getEndpoints without queues: Streams sends [null] and nextToken null; the command gets neither', () => {
    const h = new Harness(signedInView(agentData()));
    h.request('getEndpoints', { queueARNs: [null], nextToken: null, maxResults: 100 });
    expect(h.lastCommand().params).toEqual({ maxResults: 100 });
  });
});

describe('quick responses (connect.QuickResponses)', () => {
  const qr = {
    quickResponseId: 'q1',
    name: 'Greeting',
    contents: {
      plainText: { content: 'Hi $.Customer.name, order $.Attributes.order' },
      markdown: { content: '**Hi** $.Customer.name' },
    },
  };

  it('isEnabled: qrIntegrationExists answers true', () => {
    const h = new Harness(signedInView(agentData()));
    expect(h.request('qrIntegrationExists', {})[0]?.data).toEqual({
      event: 'api_response',
      requestId: 'r-qrIntegrationExists',
      data: true,
      err: null,
    });
  });

  it("searchQuickResponses for a contact: the contact's channel, its placeholders filled in the results", () => {
    const h = new Harness(signedInView(agentData([chatContact('c1', 'connected')])));
    h.request('qrSearchQuickResponses', {
      query: 'greet',
      contactId: 'c1',
      attributes: { order: { name: 'order', value: '42' } },
    });
    expect(h.lastCommand()).toMatchObject({ command: 'searchQuickResponses', params: { query: 'greet', channel: 'CHAT' } });
    const [m] = h.feed({ kind: 'settled', seq: h.lastCommand().seq, ok: true, value: { results: [qr], nextToken: 'n2' } });
    expect(payload<{ data: unknown }>(m).data).toEqual({
      results: [
        {
          ...qr,
          contents: { plainText: { content: 'Hi Jane, order 42' }, markdown: { content: '**Hi** Jane' } },
        },
      ],
      nextToken: 'n2',
    });
  });

  it('without a contact: CHAT, results as the server wrote them; nextToken passed on', () => {
    const h = new Harness(signedInView(agentData()));
    h.request('qrSearchQuickResponses', { query: '', nextToken: 'n2', debounceMS: 250 });
    expect(h.lastCommand().params).toEqual({ query: '', channel: 'CHAT', nextToken: 'n2' });
    const [m] = h.feed({ kind: 'settled', seq: h.lastCommand().seq, ok: true, value: { results: [qr] } });
    expect(payload<{ data: unknown }>(m).data).toEqual({ results: [qr] });
  });

  it('sent as api_proxy_request, answered as api_proxy_response', () => {
    const h = new Harness(signedInView(agentData()));
    const [m] = h.message('api_proxy_request', { requestId: 'p1', method: 'qrIntegrationExists', params: {} });
    expect(m).toEqual({
      event: 'api_proxy_response',
      data: { event: 'api_proxy_response', requestId: 'p1', data: true, err: null },
    });
  });
});

describe('accept: onAccepted before onConnected', () => {
  it("holds the push that shows the contact connected until the CRM's contact::accepted broadcast comes back", () => {
    const h = new Harness(signedInView(agentData([chatContact('c1', 'connecting')])));
    h.feed({ kind: 'boot' });
    h.request('acceptContact', { contactId: 'c1' });
    const seq = h.lastCommand().seq;
    expect(h.feed({ kind: 'settled', seq, ok: true, value: {} }).map((m) => m.event)).toEqual(['api_response']);
    expect(h.effects.at(-1)).toEqual({ type: 'release-after', contactId: 'c1', ms: ACCEPT_ECHO_WAIT_MS });
    // The server's push arrives first: held.
    expect(h.setData(agentData([chatContact('c1', 'connected')]))).toEqual([]);
    // Streams broadcasts contact::accepted, then contact::accepted::c1: echoed, then the push.
    expect(h.message('broadcast', { event: 'contact::accepted', data: { contactId: 'c1' } })).toEqual([
      { event: 'contact::accepted', data: { contactId: 'c1' } },
    ]);
    const out = h.message('broadcast', { event: 'contact::accepted::c1', data: { contactId: 'c1' } });
    expect(out.map((m) => m.event)).toEqual(['contact::accepted::c1', 'agent::update']);
    // The timer running out later changes nothing.
    expect(h.feed({ kind: 'release', contactId: 'c1' })).toEqual([]);
  });

  it('without the broadcast (a CRM calling the client directly), the push goes out when the wait runs out', () => {
    const h = new Harness(signedInView(agentData([chatContact('c1', 'connecting')])));
    h.feed({ kind: 'boot' });
    h.request('acceptContact', { contactId: 'c1' });
    h.feed({ kind: 'settled', seq: h.lastCommand().seq, ok: true, value: {} });
    expect(h.setData(agentData([chatContact('c1', 'connected')]))).toEqual([]);
    expect(h.feed({ kind: 'release', contactId: 'c1' }).map((m) => m.event)).toEqual(['agent::update']);
  });
});

describe('master_request', () => {
  it("the agent's leading tab is the master of every topic; another tab is not", () => {
    const h = new Harness(signedInView(agentData()));
    const check = { event: 'master_request', requestId: 'm1', method: 'checkMaster', params: { topic: 'connect::ringtone' } };
    expect(h.message('master_request', check)).toEqual([
      {
        event: 'master_response',
        data: {
          event: 'master_response',
          requestId: 'm1',
          data: { masterId: 'stream-1', isMaster: true, topic: 'connect::ringtone' },
          err: null,
        },
      },
    ]);
    h.view = { ...h.view, leader: false };
    expect(payload<{ data: unknown }>(h.message('master_request', check)[0]).data).toEqual({
      masterId: null,
      isMaster: false,
      topic: 'connect::ringtone',
    });
    const become = { requestId: 'm2', method: 'becomeMaster', params: { topic: 'connect::softphone' } };
    expect(payload<{ data: unknown }>(h.message('master_request', become)[0]).data).toEqual({
      masterId: null,
      takeOver: false,
      topic: 'connect::softphone',
    });
  });
});

describe('broadcast, configure, media devices', () => {
  it('echoes every broadcast (logs and metrics too)', () => {
    const h = new Harness();
    expect(h.message('broadcast', { event: 'log', data: { loggerId: 'x', text: 'hi' } })).toEqual([
      { event: 'log', data: { loggerId: 'x', text: 'hi' } },
    ]);
    expect(h.message('broadcast', 'nonsense')).toEqual([]);
  });

  it('configure is echoed as configuration::configure (connect.core.onConfigure)', () => {
    const h = new Harness();
    expect(h.message('configure', { softphone: { allowFramedSoftphone: false } })).toEqual([
      { event: 'configuration::configure', data: { softphone: { allowFramedSoftphone: false } } },
    ]);
  });

  it('media_device_request is answered with the devices, or an error', () => {
    const h = new Harness();
    h.message('media_device_request');
    expect(h.effects).toEqual([{ type: 'media-devices' }]);
    expect(h.feed({ kind: 'media-devices', devices: [{ kind: 'audiooutput' }] })).toEqual([
      { event: 'media_device_response', data: [{ kind: 'audiooutput' }] },
    ]);
    expect(h.feed({ kind: 'media-devices', error: 'none' })).toEqual([
      { event: 'media_device_response', data: { error: 'none' } },
    ]);
  });
});

describe('the websocket (chat items for chatjs)', () => {
  const item = { Id: 'i1', Type: 'MESSAGE', ContentType: 'text/plain', Content: 'hello', ParticipantRole: 'CUSTOMER' };

  it('relays nothing before the CRM subscribed aws/chat; afterwards every item as all_message with its contact ids', () => {
    const h = new Harness(signedInView(agentData([chatContact('c1', 'connected')])));
    expect(h.feed({ kind: 'chat-item', contactId: 'c1', item })).toEqual([]);
    expect(h.message('webSocket::subscribe', ['aws/chat'])).toEqual([
      {
        event: 'webSocket::subscription_update',
        data: { topic: 'aws/subscribe', content: { status: 'success', topics: ['aws/chat'] } },
      },
    ]);
    const [m] = h.feed({ kind: 'chat-item', contactId: 'c1', item });
    expect(m?.event).toBe('webSocket::all_message');
    const d = m?.data as { topic: string; content: string };
    expect(d.topic).toBe('aws/chat');
    expect(JSON.parse(d.content)).toEqual({ ...item, ContactId: 'c1', InitialContactId: 'initial-c1' });
    // Ids the item carries are kept.
    const [m2] = h.feed({ kind: 'chat-item', contactId: 'c1', item: { ...item, ContactId: 'c1', InitialContactId: 'i0' } });
    expect(JSON.parse(payload<{ content: string }>(m2).content).InitialContactId).toBe('i0');
  });

  it('relays aws/task items (TaskJS) once the page subscribed aws/task, as Streams does: the item as a JSON string', () => {
    const h = new Harness(signedInView(agentData([chatContact('c1', 'connected')])));
    const task = {
      AbsoluteTime: '2026-12-07T10:00:00.000Z',
      ContentType: 'application/vnd.amazonaws.connect.event.expire.warning',
      Id: 'x1',
      Type: 'EVENT',
      ContactId: 't1',
      InitialContactId: 't1',
    };
    expect(h.feed({ kind: 'topic-item', topic: 'aws/task', data: task })).toEqual([]);
    h.message('webSocket::subscribe', ['aws/chat']);
    expect(h.feed({ kind: 'topic-item', topic: 'aws/task', data: task })).toEqual([]);
    h.message('webSocket::subscribe', ['aws/task']);
    expect(h.feed({ kind: 'topic-item', topic: 'aws/task', data: task })).toEqual([
      { event: 'webSocket::all_message', data: { topic: 'aws/task', content: JSON.stringify(task) } },
    ]);
  });

  it('connection_lost / connection_gain follow the desktop link, once per change, not before it first opened', () => {
    const h = new Harness(signedInView(undefined, { connection: 'connecting' }));
    expect(h.feed({ kind: 'boot' }).map((m) => m.event)).toEqual(['acknowledge']);
    h.view = { ...h.view, connection: 'open' };
    expect(h.feed({ kind: 'desktop' })).toEqual([]);
    h.view = { ...h.view, connection: 'reconnecting' };
    expect(h.feed({ kind: 'desktop' }).map((m) => m.event)).toEqual([
      'agent::websocket_connection_lost',
      'webSocket::connection_lost',
    ]);
    expect(h.feed({ kind: 'desktop' })).toEqual([]);
    h.view = { ...h.view, connection: 'open' };
    expect(h.feed({ kind: 'desktop' }).map((m) => m.event)).toEqual([
      'agent::websocket_connection_gained',
      'webSocket::connection_gain',
    ]);
    // Closed on purpose (signing out) is no loss.
    h.view = { ...h.view, connection: 'closed' };
    expect(h.feed({ kind: 'desktop' })).toEqual([]);
  });
});

describe('sign-out', () => {
  it('terminate from the CRM signs the agent out; the end of the session posts terminated (once)', () => {
    const h = new Harness(signedInView(agentData()));
    h.feed({ kind: 'boot' });
    expect(h.message('terminate')).toEqual([]);
    expect(h.effects).toEqual([{ type: 'sign-out' }]);
    expect(h.setData(undefined, { signedIn: false, connection: 'closed' })).toEqual([{ event: 'terminated' }]);
    expect(h.feed({ kind: 'desktop' })).toEqual([]);
    // Nobody signed in: answered at once.
    expect(h.message('terminate')).toEqual([{ event: 'terminated' }]);
  });

  it('an agent signing out in the frame (or a session running out) tells the CRM terminated; signing in again posts the data', () => {
    const h = new Harness(signedInView(agentData()));
    h.feed({ kind: 'boot' });
    expect(h.setData(undefined, { signedIn: false })).toEqual([{ event: 'terminated' }]);
    expect(h.setData(agentData(), { signedIn: true }).map((m) => m.event)).toEqual(['agent::update']);
  });
});

describe('voice (the softphone in the frame: allowFramedSoftphone)', () => {
  const call = (extra: { muted?: boolean; held?: boolean } = {}) => agentData([voiceContact('v1', 'connected', extra)]);
  const localEffects = (h: Harness) => h.effects.filter((e) => e.type === 'local' || e.type === 'mute');

  it("the connection methods run as the agent API's commands, as Streams sends them", () => {
    const h = new Harness(signedInView(call()));
    const sent: [string, Record<string, unknown>][] = [
      ['holdConnection', { contactId: 'v1', connectionId: 'customer-v1' }],
      ['resumeConnection', { contactId: 'v1', connectionId: 'customer-v1' }],
      ['muteParticipant', { contactId: 'v1', connectionId: 'customer-v1' }],
      ['unmuteParticipant', { contactId: 'v1', connectionId: 'customer-v1' }],
      ['toggleActiveConnections', { contactId: 'v1' }],
      ['conferenceConnections', { contactId: 'v1' }],
      ['destroyConnection', { contactId: 'v1', connectionId: 'agent-v1' }],
    ];
    for (const [method, params] of sent) {
      expect(h.request(method, params)).toEqual([]);
      expect(h.lastCommand()).toMatchObject({ command: method, params });
    }
    // A quick connect as Streams' Endpoint object: its nulls left out.
    h.request('createAdditionalConnection', {
      contactId: 'v1',
      endpoint: {
        endpointARN: 'arn:qc/bob',
        endpointId: 'arn:qc/bob',
        type: 'agent',
        name: 'Bob',
        phoneNumber: null,
        queue: null,
      },
    });
    expect(h.lastCommand()).toMatchObject({
      command: 'createAdditionalConnection',
      params: { contactId: 'v1', endpoint: { endpointARN: 'arn:qc/bob', endpointId: 'arn:qc/bob', type: 'agent', name: 'Bob' } },
    });
    expect(h.lastCommand().params.endpoint).not.toHaveProperty('queue');
  });

  it("sendDigits is played by the frame's softphone (a local effect), answered when it settles", () => {
    const h = new Harness(signedInView(call()));
    expect(h.request('sendDigits', { contactId: 'v1', connectionId: 'agent-v1', digits: '12#a,' })).toEqual([]);
    const [e] = localEffects(h);
    expect(e).toEqual({ type: 'local', seq: 1, action: { type: 'sendDigits', contactId: 'v1', digits: '12#A,' } });
    expect(h.feed({ kind: 'settled', seq: 1, ok: true, value: {} })).toEqual([
      { event: 'api_response', data: { event: 'api_response', requestId: 'r-sendDigits', data: {}, err: null } },
    ]);
    // The softphone refuses (this tab does not hold the call's audio): the error in words.
    h.request('sendDigits', { contactId: 'v1', digits: '5' }, 'r2');
    const refusal = Object.assign(new Error('The audio of call v1 is not in this tab'), { type: 'InvalidStateException' });
    const [m] = h.feed({ kind: 'settled', seq: 2, ok: false, error: refusal });
    expect(errOf(m)).toEqual({
      type: 'InvalidStateException',
      message: 'The audio of call v1 is not in this tab',
      statusCode: 400,
    });
  });

  it('sendDigits with digits that are not tones, too many, or no contact: refused at once, nothing played', () => {
    const h = new Harness(signedInView(call()));
    for (const params of [
      { contactId: 'v1', digits: '12x' },
      { contactId: 'v1', digits: '' },
      { contactId: 'v1', digits: 12 },
      { contactId: 'v1', digits: '1'.repeat(65) },
      { digits: '1' },
    ]) {
      const [m] = h.request('sendDigits', params);
      expect(errOf(m)).toMatchObject({ type: 'InvalidParameterException', statusCode: 400 });
    }
    expect(errOf(h.request('sendDigits', { contactId: 'v1', digits: '12x' })[0]).message).toBe(
      'sendDigits plays the digits 0-9, *, #, A-D and \',\' (a pause); got "12x"',
    );
    expect(h.effects).toEqual([]);
  });

  it("agent.mute() / unmute(): the broadcast is echoed and mutes the agent's call", () => {
    const h = new Harness(signedInView(call()));
    expect(h.message('broadcast', { event: 'mute', data: { mute: true } })).toEqual([{ event: 'mute', data: { mute: true } }]);
    h.message('broadcast', { event: 'mute', data: { mute: false } });
    expect(localEffects(h)).toEqual([
      { type: 'mute', contactId: 'v1', muted: true },
      { type: 'mute', contactId: 'v1', muted: false },
    ]);
  });

  it("a supervisor's agent.mute() mutes their monitoring connection (silent monitor or barge)", () => {
    for (const state of ['silent_monitor', 'barge'] as const) {
      const monitored = (muted: boolean) => {
        const v = voiceContact('m1', 'connected');
        const own = { ...v.connections[0]!, type: 'monitoring' as const, state: { type: state, timestamp: v.state.timestamp } };
        return agentData([{ ...v, connections: [{ ...own, mute: muted }, v.connections[1]!] }]);
      };
      const h = new Harness(signedInView(monitored(false)));
      h.message('broadcast', { event: 'mute', data: { mute: true } });
      expect(localEffects(h)).toEqual([{ type: 'mute', contactId: 'm1', muted: true }]);
      // The push that shows the monitoring connection muted posts the toggle.
      expect(h.setData(monitored(true)).map((m) => m.event)).toEqual(['agent::update', 'agent::mute_toggle']);
    }
  });

  it("no call (ringing only, a chat, signed out): nothing is muted, as with Streams' own softphone", () => {
    for (const view of [
      signedInView(agentData([voiceContact('v1', 'connecting'), chatContact('c1', 'connected')])),
      { ...signedInView(call()), signedIn: false },
    ]) {
      const h = new Harness(view);
      expect(h.message('broadcast', { event: 'mute', data: { mute: true } })).toEqual([{ event: 'mute', data: { mute: true } }]);
      expect(h.effects).toEqual([]);
    }
  });

  it('agent::mute_toggle {muted} follows the agent::update that shows the mute changed (from the page or the frame)', () => {
    const h = new Harness();
    h.feed({ kind: 'boot' });
    expect(h.setData(call()).map((m) => m.event)).toEqual(['agent::update']);
    const muted = h.setData(call({ muted: true }));
    expect(muted.map((m) => m.event)).toEqual(['agent::update', 'agent::mute_toggle']);
    expect(muted[1]?.data).toEqual({ muted: true });
    // Another push, still muted (the customer held): no toggle.
    expect(h.setData(call({ muted: true, held: true })).map((m) => m.event)).toEqual(['agent::update']);
    // `mute` without data asks for the state.
    expect(h.message('broadcast', { event: 'mute' })).toEqual([
      { event: 'mute' },
      { event: 'agent::mute_toggle', data: { muted: true } },
    ]);
    // The call ends while muted: unmuted, as Streams' softphone reports when its stream goes.
    const ended = h.setData(agentData([voiceContact('v1', 'disconnected', { muted: true })]));
    expect(ended).toEqual([
      expect.objectContaining({ event: 'agent::update' }),
      { event: 'agent::mute_toggle', data: { muted: false } },
    ]);
  });
});
