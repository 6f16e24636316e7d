/**
 * The direct transport over a fake agent client (no sockets): a client given already signed in
 * hands over the data it holds, requests run the CCP's routes (a command, an answer, a refusal
 * in words), the mute toggle follows the agent's own connection, and a lost connection is said.
 */
import type { AgentClient, AgentDataWire } from '@switchboard/agent-client';
import { describe, expect, it } from 'vitest';
import type { TransportSink } from '../transport.js';
import { createDirectTransport } from './direct.js';

const at = '2026-12-07T10:00:00.000Z';

function wire(muted?: boolean): AgentDataWire {
  const state = { agentStateARN: 'arn:state/Available', name: 'Available', type: 'routable' as const, startTimestamp: at };
  const call =
    muted === undefined
      ? []
      : [
          {
            contactId: 'v1',
            initialContactId: 'v1',
            type: 'voice' as const,
            state: { type: 'connected' as const, timestamp: at },
            connections: [
              {
                connectionId: 'agent-v1',
                type: 'agent' as const,
                initial: false,
                state: { type: 'connected' as const, timestamp: at },
                endpoint: { type: 'agent' as const },
                mute: muted,
              },
            ],
            attributes: {},
            segmentAttributes: {},
            agentContactHandlingConfig: { autoAccept: false },
            initiationMethod: 'api',
          },
        ];
  return {
    snapshot: {
      state,
      agentAvailabilityState: { state: 'Available', timeStamp: at, type: 'routable' },
      nextState: null,
      contacts: call,
      snapshotTimestamp: at,
    },
    configuration: { username: 'bob' } as AgentDataWire['configuration'],
  };
}

/** Enough of AgentClient for the transport: its events, its data, commands. */
function fakeClient(data: AgentDataWire | undefined) {
  const listeners: Record<string, ((...a: unknown[]) => void)[]> = {};
  const commands: [string, unknown][] = [];
  const client = {
    data: data as AgentDataWire | undefined,
    on(event: string, cb: (...a: unknown[]) => void) {
      listeners[event] = [...(listeners[event] ?? []), cb];
      return () => undefined;
    },
    async command(name: string, params: unknown) {
      commands.push([name, params]);
      if (name === 'clearContact')
        throw Object.assign(new Error('The contact is not in after-contact work'), { type: 'InvalidStateException' });
      return { ok: name };
    },
    emit(event: string, ...args: unknown[]) {
      for (const cb of listeners[event] ?? []) cb(...args);
    },
    /** A push of the agent's data, as the client keeps and hands it on. */
    push(d: AgentDataWire) {
      client.data = d;
      client.emit('data', d);
    },
  };
  return { client, commands };
}

function sink() {
  const seen: { events: [string, unknown][]; data: AgentDataWire['configuration'][] } = { events: [], data: [] };
  const s: TransportSink = {
    agentData: (d) => seen.data.push(d.configuration),
    event: (name, d) => seen.events.push([name, d]),
    topic: () => undefined,
  };
  return { s, seen };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the direct transport over an agent client', () => {
  it('a client given already signed in hands over its data at once, acknowledged first', async () => {
    const { client } = fakeClient(wire());
    const t = createDirectTransport({ url: 'http://127.0.0.1:1', client: client as unknown as AgentClient, softphone: false });
    const { s, seen } = sink();
    t.start(s);
    await flush();
    expect(seen.events.map(([n]) => n)).toEqual(['acknowledge']);
    expect(seen.data).toEqual([{ username: 'bob' }]);
  });

  it("requests: a command with Streams' parameters, an answer from the routes, a refusal in words", async () => {
    const { client, commands } = fakeClient(wire());
    const t = createDirectTransport({ url: 'http://127.0.0.1:1', client: client as unknown as AgentClient, softphone: false });
    t.start(sink().s);
    expect(await t.request('acceptContact', { contactId: 'c1' })).toEqual({ ok: 'acceptContact' });
    expect(await t.request('qrIntegrationExists', {})).toBe(true);
    await expect(t.request('clearContact', { contactId: 'c1' })).rejects.toEqual({
      type: 'InvalidStateException',
      message: 'The contact is not in after-contact work',
      statusCode: 400,
    });
    await expect(t.request('createOutboundContact', {})).rejects.toMatchObject({ type: 'UnsupportedOperation' });
    // Digits need the call's audio, which this transport does not run here.
    await expect(t.request('sendDigits', { contactId: 'v1', digits: '12' })).rejects.toMatchObject({
      type: 'InvalidStateException',
    });
    expect(commands.map(([n]) => n)).toEqual(['acceptContact', 'clearContact']);
  });

  it("mute toggles follow the agent's own connection; a lost connection and its return are said", async () => {
    const { client, commands } = fakeClient(undefined);
    const t = createDirectTransport({ url: 'http://127.0.0.1:1', client: client as unknown as AgentClient, softphone: false });
    const { s, seen } = sink();
    t.start(s);
    await flush();
    client.push(wire(false));
    client.push(wire(true));
    client.push(wire(true));
    client.emit('connectionState', 'reconnecting', 'open');
    client.emit('connectionState', 'open', 'reconnecting');
    t.setMuted(false);
    expect(seen.events.map(([n, d]) => (n === 'agent::mute_toggle' ? `${n} ${JSON.stringify(d)}` : n))).toEqual([
      'acknowledge',
      'agent::mute_toggle {"muted":true}',
      'agent::websocket_connection_lost',
      'agent::websocket_connection_gained',
    ]);
    expect(commands).toEqual([['unmuteParticipant', { contactId: 'v1', connectionId: 'agent-v1' }]]);
  });

  it('refuses options it cannot use, in words', () => {
    expect(() => createDirectTransport({ url: 'switchboard.example', token: 't' })).toThrow(/server URL/);
    expect(() => createDirectTransport({ url: 'https://switchboard.example' })).toThrow(/token, or a username and password/);
  });
});
