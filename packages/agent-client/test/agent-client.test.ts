/**
 * The agent client against the real server (SQLite, loopback, port 0): sign-in, the live
 * data, commands and their errors, a chat from StartChatContact to the agent's chat token,
 * reconnecting after a restart and after a routing reload (1012), refresh and sign-out.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectClient, ListContactFlowsCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { ConnectParticipantClient, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { AgentApiError, type AgentDataWire, AgentClient, type ConnectionState } from '@switchboard/agent-client';
import { DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../../server/src/server.js';
import type { StorageOptions, Store } from '../../server/src/storage/types.js';
import { backends } from '../../server/test/backends.js';
import { fakeHash, fakeVerify } from '../../server/test/harness.js';

const sqlite = backends.find((b) => b.name === 'sqlite')!;
const key = demoConfig.accessKeys[0]!;

/** Every websocket the clients open: its URL and how it closed. */
const sockets: { url: URL; closed?: { code: number; reason: string } }[] = [];
class RecordingWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    const entry: (typeof sockets)[number] = { url: new URL(url) };
    sockets.push(entry);
    this.addEventListener('close', (e) => {
      entry.closed = { code: e.code, reason: e.reason };
    });
  }
}

/** The real store, except that routing's commits fail while `failing`. */
let failing = false;
const failable = (store: Store): Store =>
  new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'writeBatch')
        return (batch: Parameters<Store['writeBatch']>[0]) =>
          failing ? Promise.reject(new Error('disk I/O error (injected)')) : target.writeBatch(batch);
      return Reflect.get(target, prop, receiver);
    },
  });

let storage: StorageOptions;
let dataDir: string;
let server: RunningServer;
let connect: ConnectClient;
let supportFlow: string;
const clients: AgentClient[] = [];

const start = (port = 0) =>
  startServer({
    port,
    logger: false,
    storage,
    dataDir,
    hashPassword: fakeHash,
    verifyPassword: fakeVerify,
    wrapStore: failable,
  });

beforeAll(async () => {
  storage = await sqlite.fresh();
  dataDir = mkdtempSync(path.join(tmpdir(), 'sb-agent-client-'));
  server = await start();
  connect = new ConnectClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    maxAttempts: 1,
  });
  const flows = await connect.send(new ListContactFlowsCommand({ InstanceId: server.instance.id }));
  supportFlow = flows.ContactFlowSummaryList?.find((f) => f.Name === 'Support inbound')?.Id as string;
});

afterAll(async () => {
  for (const c of clients) c.close();
  connect?.destroy();
  await server?.close();
});

/** Short timeouts and backoff: a lost socket comes back within a few tens of ms. */
const fast = () => ({
  endpoint: server.url,
  WebSocket: RecordingWebSocket,
  commandTimeoutMs: 5_000,
  connectTimeoutMs: 2_000,
  reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
});

async function signIn(username: string): Promise<AgentClient> {
  const client = await AgentClient.signIn({ ...fast(), username, password: DEMO_PASSWORD });
  clients.push(client);
  return client;
}

/** The client's data once it satisfies `pred` (already, or from a later push). */
function dataWhere(client: AgentClient, pred: (d: AgentDataWire) => boolean, what: string, timeoutMs = 5_000) {
  if (client.data && pred(client.data)) return Promise.resolve(client.data);
  return new Promise<AgentDataWire>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}; state ${client.data?.snapshot.state.name}`));
    }, timeoutMs);
    const off = client.on('data', (d) => {
      if (!pred(d)) return;
      clearTimeout(timer);
      off();
      resolve(d);
    });
  });
}

/** Resolves when the client's connection reaches `state`. */
function stateReached(client: AgentClient, state: ConnectionState, timeoutMs = 5_000) {
  if (client.connectionState === state) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connection never ${state}; it is ${client.connectionState}`)), timeoutMs);
    const off = client.on('connectionState', (s) => {
      if (s !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

interface Fresh {
  version: number;
  data: AgentDataWire;
}

/** What the server holds for the agent now (`GET /agent/v1/snapshot`); undefined while routing reloads (500). */
async function freshSnapshot(token: string): Promise<Fresh | undefined> {
  const res = await fetch(`${server.url}/agent/v1/snapshot`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 500) return undefined;
  expect(res.status).toBe(200);
  return (await res.json()) as Fresh;
}
/** The data without the time it was built at. */
const comparable = (d: AgentDataWire | undefined) => d && { ...d, snapshot: { ...d.snapshot, snapshotTimestamp: '' } };
const same = (client: AgentClient, fresh: Fresh | undefined): fresh is Fresh =>
  fresh !== undefined &&
  client.version === fresh.version &&
  JSON.stringify(comparable(client.data)) === JSON.stringify(comparable(fresh.data));

/** Waits until the client holds what a fresh snapshot shows (pushes may still be on their way). */
async function matchesFreshSnapshot(client: AgentClient): Promise<Fresh> {
  let fresh: Fresh | undefined;
  for (let i = 0; i < 100; i++) {
    fresh = await freshSnapshot(client.session.token);
    if (same(client, fresh)) return fresh;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(client.version).toBe(fresh?.version);
  expect(comparable(client.data)).toEqual(comparable(fresh?.data));
  throw new Error('the client never held what a fresh snapshot shows');
}

/** Resolves once `pred` holds (polled). */
async function eventually(pred: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !pred(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const startChat = async (name: string) =>
  (await connect.send(
    new StartChatContactCommand({
      InstanceId: server.instance.id,
      ContactFlowId: supportFlow,
      ParticipantDetails: { DisplayName: name },
    }),
  )) as { ContactId: string; ParticipantToken: string };

const contactState = (client: AgentClient, contactId: string) =>
  client.data?.snapshot.contacts.find((c) => c.contactId === contactId)?.state.type;

describe('AgentClient against the real server (sqlite)', () => {
  let bob: AgentClient;
  let chatId: string;

  it('signs in with username and password; a wrong password is AccessDeniedException', async () => {
    const err = await AgentClient.signIn({ ...fast(), username: 'bob', password: 'not-the-password' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentApiError);
    expect(err).toMatchObject({ name: 'AccessDeniedException', type: 'AccessDeniedException', status: 403 });
    expect((err as Error).message).toBe('Incorrect username or password');

    bob = await signIn('bob');
    expect(bob.session.instanceId).toBe(server.instance.id);
    expect(bob.session.userId).toMatch(/[0-9a-f-]{36}/);
    expect(bob.session.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
  });

  it('gets the first whole snapshot', async () => {
    const data = await bob.ready();
    expect(bob.connectionState).toBe('open');
    expect(data.configuration.username).toBe('bob');
    expect(data.configuration.agentStates.map((s) => s.name)).toEqual(expect.arrayContaining(['Available', 'Offline']));
    expect(data.snapshot.state.name).toBe('Offline');
    expect(bob.version).toBeGreaterThanOrEqual(0);
    // The first socket had nothing to resume from.
    expect(sockets[sockets.length - 1]?.url.searchParams.has('since')).toBe(false);
  });

  it('setState to Available shows in the data', async () => {
    const before = bob.version!;
    await bob.setState('Available');
    const data = await dataWhere(bob, (d) => d.snapshot.state.name === 'Available', 'Available');
    expect(data.snapshot.agentAvailabilityState.state).toBe('Available');
    expect(bob.version).toBeGreaterThan(before);
  });

  it('is offered a chat started with StartChatContact, accepts it, and gets its chat token', async () => {
    const chat = await startChat('Jane');
    chatId = chat.ContactId;
    await dataWhere(bob, (d) => d.snapshot.contacts.some((c) => c.contactId === chatId), 'the offer');
    expect(contactState(bob, chatId)).toBe('connecting');
    expect(bob.data?.snapshot.state.name).toBe('PendingBusy');

    await bob.accept(chatId);
    await dataWhere(bob, () => contactState(bob, chatId) === 'connected', 'the chat connected');
    expect(bob.data?.snapshot.state.name).toBe('Busy');

    const token = await bob.createChatToken(chatId);
    expect(token.participantToken).toMatch(/^sb1\./);
    expect(Date.parse(token.expiry)).toBeGreaterThan(Date.now() + 60_000);
    // The token is the agent's connection to the chat: it speaks in it.
    const participant = new ConnectParticipantClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      maxAttempts: 1,
    });
    try {
      await participant.send(
        new SendMessageCommand({ ConnectionToken: token.participantToken, ContentType: 'text/plain', Content: 'Hi, Bob here' }),
      );
      const transcript = await participant.send(
        new GetTranscriptCommand({ ConnectionToken: token.participantToken, MaxResults: 100 }),
      );
      expect(transcript.Transcript?.some((i) => i.Content === 'Hi, Bob here' && i.ParticipantRole === 'AGENT')).toBe(true);
    } finally {
      participant.destroy();
    }
  });

  it("rejects commands with the server's error type, over the websocket and over HTTP", async () => {
    // Accepting a connected contact.
    await expect(bob.accept(chatId)).rejects.toMatchObject({ name: 'InvalidStateException', type: 'InvalidStateException' });
    // An unknown contact, over both transports.
    await expect(bob.accept('no-such-contact')).rejects.toMatchObject({ type: 'ResourceNotFoundException' });
    const viaHttp = await bob
      .command('acceptContact', { contactId: 'no-such-contact' }, { via: 'http' })
      .catch((e: unknown) => e);
    expect(viaHttp).toBeInstanceOf(AgentApiError);
    expect(viaHttp).toMatchObject({ type: 'ResourceNotFoundException', status: 404 });
    // A contact that is not the agent's own.
    const alice = await signIn('alice');
    await expect(alice.accept(chatId)).rejects.toMatchObject({
      type: 'AccessDeniedException',
      message: `Contact ${chatId} is not assigned to you`,
    });
    // Bad parameters and an unknown command.
    await expect(bob.setState({ agentStateARN: 'arn:aws:connect:nowhere' })).rejects.toMatchObject({
      type: 'InvalidParameterException',
    });
    await expect(bob.command('noSuchCommand', {})).rejects.toMatchObject({
      type: 'InvalidParameterException',
      message: 'Unknown agent command: noSuchCommand',
    });
    alice.close();
  });

  it('reconnects after a server restart, resuming with `since`, and holds what a fresh snapshot shows', async () => {
    const states: ConnectionState[] = [];
    const off = bob.on('connectionState', (s) => states.push(s));
    const version = bob.version!;
    const before = sockets.length;
    const port = server.port;
    await server.close();
    await stateReached(bob, 'reconnecting');
    server = await start(port);
    await stateReached(bob, 'open');
    off();
    expect(states[0]).toBe('reconnecting');
    expect(states.at(-1)).toBe('open');
    const resumed = sockets.slice(before);
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    for (const s of resumed) expect(s.url.searchParams.get('since')).toBe(String(version));
    await matchesFreshSnapshot(bob);
    expect(contactState(bob, chatId)).toBe('connected');
    // The session survived the restart, and commands work on the new socket.
    const states2 = await bob.command('getAgentStates');
    expect(states2.states.length).toBeGreaterThan(0);
  });

  it('reconnects after routing reloads from storage (close 1012) and gets the state storage holds', async () => {
    const before = sockets.length;
    const ended: string[] = [];
    const offEnded = bob.on('sessionEnded', (r) => ended.push(r));
    failing = true;
    // A command whose commit fails settles with a typed error. (Today the server closes the
    // socket before it sends the command's InternalServiceException, so it is a NetworkingError.)
    const caught = await bob.setState('Break').catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(AgentApiError);
    expect(['InternalServiceException', 'NetworkingError']).toContain((caught as AgentApiError).type);
    await expect(startChat('Lost')).rejects.toMatchObject({ name: 'InternalServiceException' });
    await stateReached(bob, 'reconnecting');
    expect(sockets[before - 1]?.closed?.code).toBe(1012);
    failing = false;
    await stateReached(bob, 'open');
    const fresh = await matchesFreshSnapshot(bob);
    expect(fresh.data.snapshot.contacts.map((c) => c.contactId)).toEqual([chatId]);
    expect(ended).toEqual([]);
    offEnded();
  });

  it('transfers through a quick connect of its queues', async () => {
    const endpoints = await bob.getEndpoints();
    const sales = endpoints.find((e) => e.name === 'Sales queue');
    expect(sales?.type).toBe('queue');
    const newId = await bob.transfer(chatId, sales!.endpointARN);
    expect(newId).not.toBe(chatId);
    await dataWhere(bob, () => contactState(bob, chatId) === 'ended', 'after-contact work');
    await bob.clear(chatId);
    await dataWhere(bob, (d) => d.snapshot.contacts.length === 0, 'no contacts');
  });

  it('refreshes its session: a new token, the socket back on it, the old token refused', async () => {
    const old = bob.session.token;
    const refreshed = new Promise<string>((resolve) => bob.on('tokenRefreshed', (s) => resolve(s.token)));
    const ended: string[] = [];
    const offEnded = bob.on('sessionEnded', (r) => ended.push(r));
    const before = sockets.length;
    const session = await bob.refresh();
    expect(session.token).not.toBe(old);
    expect(await refreshed).toBe(session.token);
    await stateReached(bob, 'open');
    expect(sockets.at(-1)?.url.searchParams.get('token')).toBe(session.token);
    expect(sockets.at(-1)?.url.searchParams.get('since')).toBe(String(bob.version));
    expect(sockets.length).toBeGreaterThan(before);
    await bob.setState('Available');
    expect(ended).toEqual([]);
    offEnded();
    const res = await fetch(`${server.url}/agent/v1/snapshot`, { headers: { authorization: `Bearer ${old}` } });
    expect(res.status).toBe(403);
  });

  it('signs out: sessionEnded, every socket of the session closed with 4401, no reconnect', async () => {
    // A second client on the same session (another tab) is told by the server.
    const tab = AgentClient.fromToken({ ...fast(), token: bob.session.token, expiresAt: bob.session.expiresAt });
    clients.push(tab);
    await tab.ready();
    const tabEnded = new Promise<string>((resolve) => tab.on('sessionEnded', resolve));
    const ended: string[] = [];
    bob.on('sessionEnded', (r) => ended.push(r));

    await bob.signOut();
    expect(ended).toEqual(['signed out']);
    expect(bob.connectionState).toBe('closed');
    expect(await tabEnded).toBe('signed out');
    expect(tab.connectionState).toBe('closed');
    const count = sockets.length;
    const last = sockets.slice(-2);
    await eventually(() => last.every((s) => s.closed), 'both sockets closed');
    expect(last.map((s) => s.closed)).toEqual([
      { code: 4401, reason: 'signed out' },
      { code: 4401, reason: 'signed out' },
    ]);

    // Well past the longest backoff: nobody reconnected.
    await new Promise((r) => setTimeout(r, 300));
    expect(sockets.length).toBe(count);
    await expect(bob.accept(chatId)).rejects.toMatchObject({ type: 'AccessDeniedException' });
    await expect(tab.command('getAgentStates')).rejects.toMatchObject({ type: 'AccessDeniedException' });
  });

  it('ends a session whose token the server refuses from the start (Node 20: `ws` by default)', async () => {
    // No WebSocket passed: under the "node" condition the package uses `ws` (Node 20 has no global one).
    expect(typeof (globalThis as { WebSocket?: unknown }).WebSocket).toBe('undefined');
    const { WebSocket: _recording, ...options } = fast();
    const stale = AgentClient.fromToken({ ...options, token: 'not-a-token' });
    clients.push(stale);
    const reason = await new Promise<string>((resolve) => stale.on('sessionEnded', resolve));
    expect(reason).toBe('session invalid');
    await expect(stale.ready()).rejects.toMatchObject({ type: 'AccessDeniedException' });
  });
});
