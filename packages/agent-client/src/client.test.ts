/**
 * AgentClient against a fake server: a WebSocket and a fetch the test answers, and a clock
 * that only moves when told. The integration test (test/agent-client.test.ts) runs the real one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentData, delta, FakeClock, FakeSocket, fakeFetch, flush, json } from './__tests__/fakes.js';
import { AgentClient, type FromTokenOptions } from './client.js';
import type { ConnectionState } from './events.js';

const ENDPOINT = 'http://sb.test/base/';
let clock: FakeClock;

beforeEach(() => {
  FakeSocket.reset();
  clock = new FakeClock();
});

const clients: AgentClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

function client(over: Partial<FromTokenOptions> = {}, routes: Parameters<typeof fakeFetch>[0] = {}) {
  const f = fakeFetch(routes);
  const c = AgentClient.fromToken({
    endpoint: ENDPOINT,
    token: 'tok-1',
    clock,
    WebSocket: FakeSocket,
    fetch: f.fetch,
    random: () => 0,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.5 },
    ...over,
  });
  clients.push(c);
  const states: [ConnectionState, ConnectionState][] = [];
  c.on('connectionState', (s, p) => states.push([p, s]));
  const ended: string[] = [];
  c.on('sessionEnded', (r) => ended.push(r));
  const errors: string[] = [];
  c.on('error', (e) => errors.push(`${e.type}: ${e.message}`));
  return { c, calls: f.calls, states, ended, errors };
}

describe('the websocket', () => {
  it('connects with the token under the endpoint, keeps the data pushed and applies deltas', () => {
    const { c } = client();
    const s = FakeSocket.last;
    expect(s.url).toBe('ws://sb.test/base/agent/v1/ws?token=tok-1');
    expect(c.connectionState).toBe('connecting');
    const got: [string[], number][] = [];
    c.on('data', (d, v) => got.push([d.snapshot.contacts.map((x) => x.contactId), v]));
    s.open();
    const first = agentData(['a']);
    s.push({ type: 'snapshot', version: 3, data: first });
    s.push({ type: 'delta', version: 5, base: 3, data: delta(first, ['b'], ['a', 'b']) });
    expect(got).toEqual([
      [['a'], 3],
      [['a', 'b'], 5],
    ]);
    expect(c.version).toBe(5);
    expect(c.data?.snapshot.contacts.map((x) => x.state.type)).toEqual(['connecting', 'connected']);
  });

  it('resumes from its version after a loss, with a backoff from the injected random source', () => {
    const { c, states } = client();
    FakeSocket.last.open();
    FakeSocket.last.push({ type: 'snapshot', version: 8, data: agentData() });
    FakeSocket.last.serverClose(1012, 'routing restarted');
    expect(c.connectionState).toBe('reconnecting');
    expect(FakeSocket.all).toHaveLength(1);
    // random 0 with jitter 0.5: half of the first wait.
    expect(clock.nextTimerIn()).toBe(50);
    clock.advance(50);
    expect(FakeSocket.all).toHaveLength(2);
    expect(FakeSocket.last.query.get('since')).toBe('8');
    FakeSocket.last.open();
    expect(states).toEqual([
      ['connecting', 'open'],
      ['open', 'reconnecting'],
      ['reconnecting', 'open'],
    ]);
  });

  it('reconnects without `since` for a whole snapshot when a delta cannot apply', () => {
    const { c } = client();
    FakeSocket.last.open();
    FakeSocket.last.push({ type: 'snapshot', version: 3, data: agentData(['a']) });
    FakeSocket.last.push({ type: 'delta', version: 6, base: 5, data: delta(agentData(), [], ['a']) });
    expect(FakeSocket.all).toHaveLength(2);
    expect(FakeSocket.all[0]?.closedByClient?.code).toBe(1000);
    expect(FakeSocket.last.query.has('since')).toBe(false);
    // What was shown stays until the snapshot comes.
    expect(c.data?.snapshot.contacts).toHaveLength(1);
    FakeSocket.last.open();
    FakeSocket.last.push({ type: 'snapshot', version: 6, data: agentData([]) });
    expect(c.version).toBe(6);
    expect(c.data?.snapshot.contacts).toEqual([]);
  });

  it('backs off further while the server stays unreachable, asking whether the session still works', async () => {
    const { c, calls } = client({}, { '/base/agent/v1/snapshot': () => new TypeError('fetch failed') });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      FakeSocket.last.fail();
      await flush();
      const wait = clock.nextTimerIn();
      waits.push(wait ?? -1);
      clock.advance(wait ?? 0);
    }
    expect(waits).toEqual([50, 100, 200, 400]);
    expect(calls.map((x) => `${x.method} ${new URL(x.url).pathname} ${x.authorization}`)).toEqual(
      Array(4).fill('GET /base/agent/v1/snapshot Bearer tok-1'),
    );
    expect(c.connectionState).toBe('reconnecting');
  });

  it('gives up a socket that does not open in time and tries again', () => {
    client({ connectTimeoutMs: 1_000 });
    clock.advance(1_000);
    expect(FakeSocket.all[0]?.closedByClient).toBeDefined();
  });

  it('reports frames it cannot read and error frames no command waits for, and carries on', () => {
    const { c, errors } = client();
    FakeSocket.last.open();
    FakeSocket.last.raw('not json');
    FakeSocket.last.raw(new Uint8Array([1]));
    FakeSocket.last.push({ type: 'error', error: { type: 'SerializationException', message: 'Frames must be JSON objects' } });
    FakeSocket.last.push({ type: 'hello-from-the-future' });
    expect(errors).toEqual([
      'SerializationException: The server sent a frame that is not JSON',
      'SerializationException: The server sent a binary frame',
      'SerializationException: Frames must be JSON objects',
    ]);
    expect(c.connectionState).toBe('open');
  });

  it('reports a listener that throws on the error event; other listeners still get the data', () => {
    const { c, errors } = client();
    let seen = 0;
    c.on('data', () => {
      throw new Error('bad listener');
    });
    c.on('data', () => seen++);
    FakeSocket.last.open();
    FakeSocket.last.push({ type: 'snapshot', version: 1, data: agentData() });
    expect(seen).toBe(1);
    expect(errors).toEqual(['ListenerError: A data listener threw: Error: bad listener']);
  });
});

describe('topic messages (event frames)', () => {
  const item = (id: string) => ({
    AbsoluteTime: '2026-12-07T10:00:00.000Z',
    ContentType: 'application/vnd.amazonaws.connect.event.expire.warning',
    Id: id,
    Type: 'EVENT',
    InitialContactId: 'c-1',
    ContactId: 'c-1',
  });

  it('emits each event frame once as topicMessage(topic, data), between pushes that still apply', () => {
    const { c, errors } = client();
    const got: [string, unknown][] = [];
    c.on('topicMessage', (topic, data) => got.push([topic, data]));
    const versions: number[] = [];
    c.on('data', (_d, v) => versions.push(v));
    const s = FakeSocket.last;
    s.open();
    const first = agentData(['a']);
    s.push({ type: 'snapshot', version: 1, data: first });
    s.push({ type: 'event', topic: 'aws/task', data: item('i-1') });
    s.push({ type: 'delta', version: 2, base: 1, data: delta(first, ['b'], ['a', 'b']) });
    s.push({ type: 'event', topic: 'aws/task', data: item('i-2') });
    expect(got).toEqual([
      ['aws/task', item('i-1')],
      ['aws/task', item('i-2')],
    ]);
    expect(versions).toEqual([1, 2]);
    expect(c.version).toBe(2);
    expect(errors).toEqual([]);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('ignores an event frame without a topic string: no event, no error, no reconnect', () => {
    const { c, errors } = client();
    const got: unknown[] = [];
    c.on('topicMessage', (topic) => got.push(topic));
    const s = FakeSocket.last;
    s.open();
    s.push({ type: 'snapshot', version: 1, data: agentData() });
    s.push({ type: 'event', data: item('i-1') });
    s.push({ type: 'event', topic: 7, data: item('i-2') });
    s.push({ type: 'event', topic: '', data: item('i-3') });
    s.push({ type: 'event', topic: 'aws/task', data: item('i-4') });
    expect(got).toEqual(['aws/task']);
    expect(errors).toEqual([]);
    expect(c.connectionState).toBe('open');
    expect(c.version).toBe(1);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('a topicMessage listener that throws is reported; the others and later pushes go on', () => {
    const { c, errors } = client();
    let seen = 0;
    c.on('topicMessage', () => {
      throw new Error('bad listener');
    });
    c.on('topicMessage', () => seen++);
    const s = FakeSocket.last;
    s.open();
    s.push({ type: 'event', topic: 'aws/task', data: item('i-1') });
    s.push({ type: 'snapshot', version: 4, data: agentData() });
    expect(seen).toBe(1);
    expect(c.version).toBe(4);
    expect(errors).toEqual(['ListenerError: A topicMessage listener threw: Error: bad listener']);
  });
});

describe('commands', () => {
  it('are sent with an id and resolve with the result of the same id', async () => {
    const { c } = client();
    FakeSocket.last.open();
    const p = c.command('transferContact', { contactId: 'c1', endpoint: { endpointARN: 'arn:qc' } });
    const frame = FakeSocket.last.sent[0];
    expect(frame).toEqual({
      id: '1',
      method: 'transferContact',
      params: { contactId: 'c1', endpoint: { endpointARN: 'arn:qc' } },
    });
    FakeSocket.last.push({ type: 'result', id: frame?.id, data: { contactId: 'c2' } });
    await expect(p).resolves.toEqual({ contactId: 'c2' });
  });

  it('reject with the error type the server sent', async () => {
    const { c } = client();
    FakeSocket.last.open();
    const p = c.accept('c1');
    FakeSocket.last.push({
      type: 'error',
      id: '1',
      error: { type: 'InvalidStateException', message: 'Contact c1 is connected' },
    });
    await expect(p).rejects.toMatchObject({
      name: 'InvalidStateException',
      type: 'InvalidStateException',
      message: 'Contact c1 is connected',
    });
  });

  it('wait for the connection, and are sent in order once it opens', async () => {
    const { c } = client();
    const a = c.accept('c1');
    const b = c.command('getAgentStates');
    expect(FakeSocket.last.sent).toEqual([]);
    FakeSocket.last.open();
    expect(FakeSocket.last.sent.map((x) => x.method)).toEqual(['acceptContact', 'getAgentStates']);
    FakeSocket.last.push({ type: 'result', id: '1', data: {} });
    FakeSocket.last.push({ type: 'result', id: '2', data: { states: [] } });
    await expect(a).resolves.toBeUndefined();
    await expect(b).resolves.toEqual({ states: [] });
  });

  it('wait for a reconnect within their timeout, then reject with a NetworkingError', async () => {
    const { c } = client({ commandTimeoutMs: 2_000 });
    FakeSocket.last.open();
    FakeSocket.last.serverClose(1006);
    const late = c.clear('c1');
    const short = c.command('rejectContact', { contactId: 'c2' }, { timeoutMs: 500 });
    let shortDone = false;
    short.catch(() => undefined).finally(() => (shortDone = true));
    clock.advance(50);
    FakeSocket.last.fail(); // still down
    await flush();
    clock.advance(450);
    await expect(short).rejects.toMatchObject({ type: 'NetworkingError' });
    expect(shortDone).toBe(true);
    clock.advance(1_500);
    await expect(late).rejects.toMatchObject({
      type: 'NetworkingError',
      message: 'clearContact: not connected to the agent API within 2000 ms; the command was not sent',
    });
  });

  it('issued while disconnected are sent after the reconnect', async () => {
    const { c } = client();
    FakeSocket.last.open();
    FakeSocket.last.serverClose(1006);
    const p = c.accept('c1');
    clock.advance(clock.nextTimerIn() ?? 0);
    FakeSocket.last.open();
    expect(FakeSocket.last.sent).toEqual([{ id: '1', method: 'acceptContact', params: { contactId: 'c1' } }]);
    FakeSocket.last.push({ type: 'result', id: '1', data: {} });
    await expect(p).resolves.toBeUndefined();
  });

  it('in flight when the connection is lost reject with a NetworkingError (they may have run)', async () => {
    const { c } = client();
    FakeSocket.last.open();
    const p = c.end('c1');
    FakeSocket.last.serverClose(1006);
    await expect(p).rejects.toMatchObject({ type: 'NetworkingError', message: expect.stringContaining('may or may not') });
  });

  it('sent but not answered in time reject with a TimeoutError', async () => {
    const { c } = client();
    FakeSocket.last.open();
    const p = c.command('getAgentSnapshot', {}, { timeoutMs: 300 });
    clock.advance(300);
    await expect(p).rejects.toMatchObject({ type: 'TimeoutError' });
  });

  it('go over HTTP with {via: "http"}, errors keeping their type', async () => {
    const { c, calls } = client(
      {},
      {
        '/base/agent/v1/commands/acceptContact': () =>
          json({ message: 'Contact c9 is not assigned to you' }, 403, 'AccessDeniedException'),
      },
    );
    const err = await c.command('acceptContact', { contactId: 'c9' }, { via: 'http' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'AccessDeniedException', status: 403, message: 'Contact c9 is not assigned to you' });
    expect(calls[0]).toMatchObject({ method: 'POST', authorization: 'Bearer tok-1', body: { contactId: 'c9' } });
  });

  it('setState finds the status by name and can make it the next status', async () => {
    const { c } = client();
    const p = c.setState('Available', { next: true });
    FakeSocket.last.open();
    FakeSocket.last.push({ type: 'snapshot', version: 1, data: agentData() });
    await flush();
    expect(FakeSocket.last.sent[0]).toMatchObject({
      method: 'putAgentState',
      params: {
        state: { agentStateARN: 'arn:aws:connect:us-east-1:1:instance/i/agent-state/available' },
        enqueueNextState: true,
      },
    });
    FakeSocket.last.push({ type: 'result', id: '1', data: {} });
    await expect(p).resolves.toBeUndefined();
    await expect(c.setState('Gone fishing')).rejects.toMatchObject({ type: 'InvalidParameterException' });
  });

  it('end sends the agent connection of the contact; createChatToken answers the token', async () => {
    const { c } = client();
    FakeSocket.last.open();
    FakeSocket.last.push({ type: 'snapshot', version: 1, data: agentData(['c1']) });
    const ended = c.end('c1');
    expect(FakeSocket.last.sent[0]?.params).toEqual({ contactId: 'c1', connectionId: 'c1-agent' });
    FakeSocket.last.push({ type: 'result', id: '1', data: {} });
    await ended;
    const token = c.createChatToken('c1');
    expect(FakeSocket.last.sent[1]).toMatchObject({
      method: 'createTransport',
      params: { transportType: 'chat_token', contactId: 'c1' },
    });
    FakeSocket.last.push({
      type: 'result',
      id: '2',
      data: { chatTokenTransport: { participantToken: 'pt', expiry: '2025-01-01T01:00:00.000Z' } },
    });
    await expect(token).resolves.toEqual({ participantToken: 'pt', expiry: '2025-01-01T01:00:00.000Z' });
  });
});

describe('the session', () => {
  it('ends on 4401: sessionEnded with the reason, no reconnect, commands refused', async () => {
    const { c, ended, states } = client();
    FakeSocket.last.open();
    const inFlight = c.accept('c1');
    FakeSocket.last.serverClose(4401, 'session expired');
    clock.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(ended).toEqual(['session expired']);
    expect(c.connectionState).toBe('closed');
    expect(states.at(-1)).toEqual(['open', 'closed']);
    await expect(inFlight).rejects.toMatchObject({ type: 'NetworkingError' });
    await expect(c.accept('c1')).rejects.toMatchObject({ type: 'AccessDeniedException' });
    await expect(c.ready()).rejects.toMatchObject({ type: 'AccessDeniedException' });
  });

  it('ends when the socket is refused and the server says the token is no good', async () => {
    const { ended } = client(
      {},
      {
        '/base/agent/v1/snapshot': () =>
          json({ message: 'The agent session is not valid; sign in again' }, 403, 'AccessDeniedException'),
      },
    );
    FakeSocket.last.fail();
    await flush();
    expect(ended).toEqual(['session invalid']);
    expect(clock.nextTimerIn()).toBeUndefined();
  });

  it('is refreshed at 80 % of a short life, and the socket comes back with the new token from its version', async () => {
    const expiresAt = clock.now() + 60_000;
    const { c, calls, ended } = client(
      { expiresAt },
      {
        '/base/agent/v1/refresh': () =>
          json({ token: 'tok-2', expiresAt: new Date(clock.now() + 60_000).toISOString(), instanceId: 'i', userId: 'u' }),
      },
    );
    const refreshed: string[] = [];
    c.on('tokenRefreshed', (s) => refreshed.push(s.token));
    FakeSocket.last.open();
    FakeSocket.last.push({ type: 'snapshot', version: 4, data: agentData() });
    clock.advance(47_999);
    expect(calls).toHaveLength(0);
    clock.advance(1);
    expect(calls[0]).toMatchObject({ method: 'POST', authorization: 'Bearer tok-1' });
    // The server revokes the old token first: its socket closes 4401 before the answer.
    FakeSocket.last.serverClose(4401, 'signed out');
    await flush();
    expect(ended).toEqual([]);
    expect(refreshed).toEqual(['tok-2']);
    expect(c.session).toMatchObject({ token: 'tok-2', instanceId: 'i', userId: 'u' });
    expect(FakeSocket.last.query.get('token')).toBe('tok-2');
    expect(FakeSocket.last.query.get('since')).toBe('4');
    // And the next refresh is planned from the new expiry.
    FakeSocket.last.open();
    expect(clock.nextTimerIn()).toBe(48_000);
  });

  it('retries a refresh that failed on the network, and ends when the server refuses it', async () => {
    let answer: () => Response | Error = () => new TypeError('fetch failed');
    const { c, calls, ended, errors } = client(
      { expiresAt: clock.now() + 100_000 },
      { '/base/agent/v1/refresh': () => answer() },
    );
    FakeSocket.last.open();
    clock.advance(80_000);
    await flush();
    expect(calls).toHaveLength(1);
    expect(errors).toEqual(['NetworkingError: POST /base/agent/v1/refresh: fetch failed']);
    expect(c.connectionState).toBe('open');
    answer = () => json({ message: 'The agent session is not valid; sign in again' }, 403, 'AccessDeniedException');
    clock.advance(clock.nextTimerIn() ?? 0);
    await flush();
    expect(calls).toHaveLength(2);
    expect(ended).toEqual(['session invalid']);
  });

  it('signOut logs out, closes and emits sessionEnded once', async () => {
    const { c, calls, ended } = client({}, { '/base/agent/v1/logout': () => json({}) });
    FakeSocket.last.open();
    const done = c.signOut();
    FakeSocket.last.serverClose(4401, 'signed out');
    await done;
    await c.signOut();
    expect(calls.map((x) => x.url)).toEqual(['http://sb.test/base/agent/v1/logout']);
    expect(ended).toEqual(['signed out']);
    expect(c.connectionState).toBe('closed');
  });

  it('signOut still closes when the server cannot be reached, and says so', async () => {
    const { c, ended } = client({}, { '/base/agent/v1/logout': () => new TypeError('fetch failed') });
    await expect(c.signOut()).rejects.toMatchObject({ type: 'NetworkingError' });
    expect(ended).toEqual(['signed out']);
    expect(c.connectionState).toBe('closed');
  });

  it('close() stops without ending the session', async () => {
    const { c, ended } = client();
    FakeSocket.last.open();
    c.close();
    expect(FakeSocket.last.closedByClient?.code).toBe(1000);
    expect(ended).toEqual([]);
    await expect(c.command('getAgentStates')).rejects.toMatchObject({
      type: 'NetworkingError',
      message: 'The agent client is closed',
    });
  });
});

describe('signIn', () => {
  it('posts the credentials and answers a connected client', async () => {
    const f = fakeFetch({
      '/agent/v1/login': (call) =>
        (call.body as { password: string }).password === 'right'
          ? json({ token: 'tok', expiresAt: '2030-01-01T00:00:00.000Z', instanceId: 'i', userId: 'u' })
          : json({ message: 'Incorrect username or password' }, 403, 'AccessDeniedException'),
    });
    const opts = { endpoint: 'https://sb.test', username: 'bob', clock, WebSocket: FakeSocket, fetch: f.fetch };
    await expect(AgentClient.signIn({ ...opts, password: 'wrong' })).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'Incorrect username or password',
    });
    const c = await AgentClient.signIn({ ...opts, password: 'right', instance: 'demo' });
    clients.push(c);
    expect(f.calls[1]?.body).toEqual({ username: 'bob', password: 'right', instance: 'demo' });
    expect(c.session.expiresAt?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(FakeSocket.last.url).toBe('wss://sb.test/agent/v1/ws?token=tok');
  });

  it('rejects bad options with an AgentApiError, not a TypeError', async () => {
    await expect(AgentClient.signIn({ endpoint: 'nope', username: 'a', password: 'b' })).rejects.toMatchObject({
      type: 'InvalidParameterException',
    });
    expect(() => AgentClient.fromToken({ endpoint: 'ftp://x', token: 't', WebSocket: FakeSocket })).toThrow(
      expect.objectContaining({ type: 'InvalidParameterException' }),
    );
  });
});

describe('types', () => {
  it('check command names against their parameters', () => {
    // Never called: the @ts-expect-error lines are checked by tsc (tsconfig.check.json).
    const typed = (c: AgentClient) => {
      // @ts-expect-error: acceptContact needs a contactId
      void c.command('acceptContact', {});
      // @ts-expect-error: a contactId is a string
      void c.command('acceptContact', { contactId: 1 });
      // @ts-expect-error: no such event
      c.on('dataa', () => undefined);
      void c.command('getAgentStates').then((r) => r.states[0]?.agentStateARN);
      void c.command('someFutureCommand', { anything: true }).then((r: unknown) => r);
    };
    expect(typed).toBeTypeOf('function');
  });
});

describe('the network', () => {
  it('replaces the socket when the platform says offline and when it says online again; stops listening once closed', () => {
    const target = new EventTarget();
    const g = globalThis as { addEventListener?: unknown; removeEventListener?: unknown };
    g.addEventListener = target.addEventListener.bind(target);
    g.removeEventListener = target.removeEventListener.bind(target);
    try {
      const { c } = client({ expiresAt: clock.now() + 3_600_000 });
      const first = FakeSocket.last;
      first.open();
      expect(c.connectionState).toBe('open');
      target.dispatchEvent(new Event('offline'));
      expect(FakeSocket.last).not.toBe(first);
      expect(c.connectionState).toBe('reconnecting');
      const second = FakeSocket.last;
      target.dispatchEvent(new Event('online'));
      expect(FakeSocket.last).not.toBe(second);
      c.close();
      const count = FakeSocket.all.length;
      target.dispatchEvent(new Event('online'));
      expect(FakeSocket.all.length).toBe(count);
    } finally {
      delete g.addEventListener;
      delete g.removeEventListener;
    }
  });
});
