/**
 * websocketManagerFor and TaskSession.create({client}) over a real AgentClient whose
 * websocket and clock are the agent client's own test doubles: event frames become
 * aws/task items, the client's connection states become gain, loss and init failure.
 */
import { AgentClient } from '@switchboard/agent-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentData, FakeClock, FakeSocket, fakeFetch } from '../../agent-client/src/__tests__/fakes.js';
import { websocketManagerFor } from './agent-client-manager.js';
import { ContentTypes } from './constants.js';
import type { TaskItem } from './events.js';
import type { TopicFrame } from './provider.js';
import { TaskSession } from './session.js';

let clock: FakeClock;
const clients: AgentClient[] = [];

beforeEach(() => {
  FakeSocket.reset();
  clock = new FakeClock();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

function agentClient(): AgentClient {
  const c = AgentClient.fromToken({
    endpoint: 'http://sb.test',
    token: 'tok',
    clock,
    WebSocket: FakeSocket,
    fetch: fakeFetch({ '/agent/v1/snapshot': () => new Response('{}') }).fetch,
    random: () => 0,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0 },
  });
  clients.push(c);
  return c;
}

const item = (id: string, contentType: string = ContentTypes.transferInitiated): TaskItem => ({
  AbsoluteTime: '2026-12-07T10:00:00.000Z',
  ContentType: contentType,
  Id: id,
  Type: 'EVENT',
  InitialContactId: 'c-1',
  ContactId: 'c-1',
});

describe('websocketManagerFor(client)', () => {
  it('hands on the topic messages of the topic asked for as Streams frames, the item as JSON', () => {
    const wsm = websocketManagerFor(agentClient());
    const frames: TopicFrame[] = [];
    const off = wsm.onMessage('aws/task', (f) => frames.push(f));
    wsm.subscribeTopics(['aws/task']);
    const s = FakeSocket.last;
    s.open();
    s.push({ type: 'snapshot', version: 1, data: agentData() });
    s.push({ type: 'event', topic: 'aws/task', data: item('i-1') });
    s.push({ type: 'event', topic: 'aws/other', data: item('i-2') });
    off();
    s.push({ type: 'event', topic: 'aws/task', data: item('i-3') });
    expect(frames).toEqual([{ topic: 'aws/task', contentType: 'application/json', content: JSON.stringify(item('i-1')) }]);
  });

  it('open is a gain, reconnecting a loss, closed an init failure (told at once when already closed)', () => {
    const c = agentClient();
    const wsm = websocketManagerFor(c);
    const seen: string[] = [];
    wsm.onConnectionGain(() => seen.push('gain'));
    wsm.onConnectionLost(() => seen.push('lost'));
    wsm.onInitFailure(() => seen.push('failure'));
    FakeSocket.last.open();
    FakeSocket.last.serverClose(1012);
    clock.advance(100);
    FakeSocket.last.open();
    c.close();
    expect(seen).toEqual(['gain', 'lost', 'gain', 'failure']);
    const late: string[] = [];
    wsm.onInitFailure(() => late.push('failure'));
    expect(late).toEqual(['failure']);
  });
});

describe('TaskSession.create({client})', () => {
  it('gets its task’s items from the client, once each across a reconnect that brings one again', async () => {
    const c = agentClient();
    const session = TaskSession.create({ contactId: 'c-1', initialContactId: 'c-1', client: c });
    const seen: string[] = [];
    session.onMessage((i) => seen.push(`message ${i.Id}`));
    session.onTransferInitiated((i) => seen.push(`initiated ${i.Id}`));
    session.onTransferSucceeded((i) => seen.push(`succeeded ${i.Id}`));
    session.onConnectionEstablished(() => seen.push('established'));
    session.onConnectionLost(() => seen.push('lost'));
    session.onConnectionBroken(() => seen.push('broken'));
    expect(await session.connect()).toEqual({ _debug: undefined, connectSuccess: true, connectCalled: true });
    FakeSocket.last.open();
    FakeSocket.last.push({ type: 'event', topic: 'aws/task', data: item('i-1') });
    FakeSocket.last.push({ type: 'event', topic: 'aws/task', data: { ...item('x'), InitialContactId: 'z', ContactId: 'z' } });
    FakeSocket.last.serverClose(1006);
    clock.advance(100);
    FakeSocket.last.open();
    FakeSocket.last.push({ type: 'event', topic: 'aws/task', data: item('i-1') });
    FakeSocket.last.push({ type: 'event', topic: 'aws/task', data: item('i-2', ContentTypes.transferSucceeded) });
    c.close();
    expect(seen).toEqual([
      'established',
      'established',
      'initiated i-1',
      'message i-1',
      'lost',
      'established',
      'succeeded i-2',
      'message i-2',
      'broken',
    ]);
  });

  it('connect() over a client that is already closed rejects, after onConnectionBroken', async () => {
    const c = agentClient();
    c.close();
    const session = TaskSession.create({ contactId: 'c-1', client: c });
    const seen: string[] = [];
    session.onConnectionBroken(() => seen.push('broken'));
    session.onConnectionEstablished(() => seen.push('established'));
    await expect(session.connect()).rejects.toMatchObject({ connectSuccess: false, connectCalled: true });
    expect(seen).toEqual(['broken']);
  });

  it('cleanUp removes every listener it added to the client', async () => {
    const c = agentClient();
    let live = 0;
    const counted: Pick<AgentClient, 'on' | 'connectionState'> = {
      get connectionState() {
        return c.connectionState;
      },
      on: (event, cb) => {
        live++;
        const off = c.on(event, cb);
        return () => {
          live--;
          off();
        };
      },
    };
    const session = TaskSession.create({ contactId: 'c-1', client: counted });
    const seen: string[] = [];
    session.onMessage((i) => seen.push(i.Id));
    await session.connect();
    expect(live).toBe(4);
    FakeSocket.last.open();
    session.cleanUp();
    expect(live).toBe(0);
    FakeSocket.last.push({ type: 'event', topic: 'aws/task', data: item('i-1') });
    expect(seen).toEqual([]);
  });
});
