/**
 * A commit that fails (disk full, a dropped database connection): the caller gets an
 * AWS-style 500, nothing committed before is lost, nothing of the failed change shows up
 * later, and routing starts again from what storage holds (as after a restart) as soon
 * as storage works again. The failure is injected around the real store's writeBatch.
 */
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { DEMO_PASSWORD } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Store } from '../src/storage/types.js';
import { AgentSocket, login } from './agent-client.js';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';

describe.each(backends)('a failed commit on $name', (backend) => {
  let world: ChatWorld;
  let failing = false;
  const sockets: AgentSocket[] = [];

  /** The real store, except that writeBatch (routing's commits) fails while `failing`. */
  const failable = (store: Store): Store =>
    new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'writeBatch')
          return (batch: Parameters<Store['writeBatch']>[0]) =>
            failing ? Promise.reject(new Error('disk I/O error (injected)')) : target.writeBatch(batch);
        return Reflect.get(target, prop, receiver);
      },
    });

  beforeAll(async () => {
    world = await chatWorld(backend, { wrapStore: failable });
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await world?.close();
  });

  const startChat = (name: string) => world.startChat({ ParticipantDetails: { DisplayName: name } });

  /** An agent socket with its first snapshot, or undefined when the server closed it first. */
  const open = async (token: string): Promise<AgentSocket | undefined> => {
    const sock = await AgentSocket.open(world.server.url, token);
    sockets.push(sock);
    const first = await Promise.race([sock.waitFor(() => true, 'the first snapshot').then(() => true), sock.closed]);
    return first === true ? sock : undefined;
  };

  /** How the server answers a websocket upgrade: 101, or the status and error type. */
  const upgradeStatus = (url: string) =>
    new Promise<{ status: number; type?: string }>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => {
        ws.close();
        resolve({ status: 101 });
      });
      ws.once('unexpected-response', (_req, res) => {
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['x-amzn-errortype']) });
        res.resume();
      });
      ws.once('error', (err) => reject(err));
    });

  const storedNames = async () =>
    (await world.server.store.contacts.listLive())
      .filter((c) => c.instanceId === world.server.instance.id)
      .map((c) => (JSON.parse(c.body) as { customer?: { displayName?: string } }).customer?.displayName)
      .sort();

  it('answers InternalServiceException, keeps what was committed and reloads routing from storage', async () => {
    const sock = await world.agent('alice');
    const kept = await startChat('Kept');
    await sock.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === kept.ContactId), 'the first chat offered');
    await sock.command('acceptContact', { contactId: kept.ContactId });
    await sock.waitFor((d) => d.snapshot.contacts[0]?.state.type === 'connected', 'the first chat connected');
    // Its customer is chatting (the participant service, as chatjs calls it).
    const participant = world.participantClient();
    const { ConnectionCredentials, Websocket } = await participant.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: kept.ParticipantToken,
        Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
      }),
    );
    const ConnectionToken = ConnectionCredentials?.ConnectionToken as string;
    const say = (Content: string) =>
      participant.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content }));
    await say('before');

    failing = true;
    await expect(startChat('Lost')).rejects.toMatchObject({
      name: 'InternalServiceException',
      $metadata: { httpStatusCode: 500 },
    });
    // Her desktop may have been shown the lost chat: its socket closes, to reconnect.
    expect((await sock.closed).code).toBe(1012);
    // While storage fails, calls are refused the same way and change nothing.
    await expect(startChat('Also lost')).rejects.toMatchObject({ name: 'InternalServiceException' });
    await expect(sock.closed).resolves.toBeDefined();
    // A customer's websocket is told to come back later, not that the chat ended (403).
    expect(await upgradeStatus(Websocket?.Url as string)).toEqual({ status: 503, type: 'InternalServerException' });

    failing = false;
    // Routing comes back by itself (with backoff): a new socket then gets a snapshot.
    const { token } = await login(world.server.url, 'alice', DEMO_PASSWORD);
    let again: AgentSocket | undefined;
    for (let i = 0; i < 100 && !again; i++) {
      again = await open(token);
      if (!again) await new Promise((r) => setTimeout(r, 50));
    }
    if (!again) throw new Error('routing did not come back within 5 s of storage working again');

    // Storage and routing agree: the committed chat is there and still connected, the
    // failed ones are nowhere, and alice kept her status.
    expect(await storedNames()).toEqual(['Kept']);
    const data = again.latest!.data;
    expect(data.snapshot.contacts.map((c) => [c.contactId, c.state.type])).toEqual([[kept.ContactId, 'connected']]);
    expect(data.snapshot.agentAvailabilityState?.state).toBe('Available');

    // The customer's chat goes on with the same connection, its transcript whole.
    expect(await upgradeStatus(Websocket?.Url as string)).toEqual({ status: 101 });
    await say('after');
    const transcript = await participant.send(
      new GetTranscriptCommand({ ConnectionToken, MaxResults: 100, SortOrder: 'ASCENDING' }),
    );
    const said = transcript.Transcript?.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER');
    expect(said?.map((i) => i.Content)).toEqual(['before', 'after']);

    // And it routes again.
    const next = await startChat('After');
    await again.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === next.ContactId), 'a new chat offered');
    expect(await storedNames()).toEqual(['After', 'Kept']);

    // What an operator sees on /metrics.
    const metrics = await (await fetch(`${world.server.url}/metrics`)).text();
    const value = (line: RegExp) => Number(line.exec(metrics)?.[1] ?? Number.NaN);
    expect(value(/^switchboard_routing_commit_failures_total (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^switchboard_routing_reloads_total (\d+)$/m)).toBe(1);
    expect(value(/^switchboard_routing_commits_total (\d+)$/m)).toBeGreaterThan(3);
    expect(value(/^switchboard_websockets\{kind="agent"\} (\d+)$/m)).toBe(1);
    const support = (await world.server.store.resources.all(world.server.instance.id, 'queue')).find((q) => q.name === 'Support');
    const q = `instance="${world.server.instance.alias}",queue="${support?.id}"`;
    expect(value(new RegExp(`^switchboard_queue_info\\{${q},name="Support"\\} (\\d+)$`, 'm'))).toBe(1);
    expect(value(new RegExp(`^switchboard_queue_contacts_waiting\\{${q}\\} (\\d+)$`, 'm'))).toBe(0);
    expect(value(new RegExp(`^switchboard_queue_agents\\{${q},state="online"\\} (\\d+)$`, 'm'))).toBe(1);
    expect(value(new RegExp(`^switchboard_queue_agents\\{${q},state="on_contact"\\} (\\d+)$`, 'm'))).toBe(1);
  });
});
