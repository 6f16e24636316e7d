/**
 * A server that runs for months:
 * - must not grow with every chat it ever routed: once a destroyed contact leaves the
 *   in-memory window (2,000 by default; 1 here), its document, its chain's head, its expiry
 *   and its agent tokens go, and what the APIs answer about it comes from storage;
 * - ends agent sessions whose time ran out even when nobody uses them again: their
 *   websockets close (4401) and their tokens leave storage.
 */
import { DescribeContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import { DEMO_PASSWORD } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_TTL_MS } from '../src/api/agent/sessions.js';
import { sha256Hex } from '../src/auth/tokens.js';
import { AgentSocket, login } from './agent-client.js';
import { backends } from './backends.js';
import { agentChatTokens, type ChatWorld, chatWorld } from './chat-support.js';

const sqlite = backends.find((b) => b.name === 'sqlite')!;

describe('memory held for ended chats', () => {
  let world: ChatWorld;

  beforeAll(async () => {
    world = await chatWorld(sqlite, { retainDestroyed: 1 });
  });
  afterAll(() => world?.close());

  it('keeps the live chats and the last destroyed one; the others are answered from storage', async () => {
    const InstanceId = world.server.instance.id;
    const ir = world.server.routing.instance(InstanceId);
    const before = ir.held();
    const alice = await world.agent('alice');

    // Three chats, each accepted, stopped and cleared (destroyed); a fourth stays connected.
    const ended: { ContactId: string; ConnectionToken: string }[] = [];
    const participant = world.participantClient();
    for (const name of ['One', 'Two', 'Three', 'Live']) {
      const chat = await world.startChat({ ParticipantDetails: { DisplayName: name } });
      await agentChatTokens(alice, chat.ContactId);
      await alice.command('acceptContact', { contactId: chat.ContactId });
      await alice.waitFor(
        (d) => d.snapshot.contacts.some((c) => c.contactId === chat.ContactId && c.state.type === 'connected'),
        `${name} connected`,
      );
      if (name === 'Live') break;
      const { ConnectionCredentials } = await participant.send(
        new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }),
      );
      await world.connect.send(new StopContactCommand({ InstanceId, ContactId: chat.ContactId }));
      await alice.waitFor(
        (d) => d.snapshot.contacts.find((c) => c.contactId === chat.ContactId)?.state.type === 'ended',
        `${name} in ACW`,
      );
      await alice.command('clearContact', { contactId: chat.ContactId });
      await alice.waitFor((d) => !d.snapshot.contacts.some((c) => c.contactId === chat.ContactId), `${name} cleared`);
      ended.push({ ContactId: chat.ContactId, ConnectionToken: ConnectionCredentials!.ConnectionToken! });
    }

    // The live chat and the newest destroyed one: two documents, chains, expiries and
    // agent-token sets more than at the start, whatever the start held.
    expect(ir.held()).toStrictEqual({
      contacts: before.contacts + 2,
      chains: before.chains + 2,
      expiries: before.expiries + 2,
      agentTokens: before.agentTokens + 2,
    });

    // What an operator watches on /metrics says the same.
    const metrics = await (await fetch(`${world.server.url}/metrics`)).text();
    const alias = world.server.routing.instance(InstanceId).config.instance.alias;
    const held = (kind: string) =>
      Number(new RegExp(`^switchboard_routing_held\\{instance="${alias}",kind="${kind}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
    expect([held('contacts'), held('chains'), held('expiries'), held('agent_tokens')]).toStrictEqual([
      before.contacts + 2,
      before.chains + 2,
      before.expiries + 2,
      before.agentTokens + 2,
    ]);

    // A forgotten chat is still described, and its customer still reads the transcript.
    const first = ended[0]!;
    const described = await world.connect.send(new DescribeContactCommand({ InstanceId, ContactId: first.ContactId }));
    expect(described.Contact?.Id).toBe(first.ContactId);
    expect(described.Contact?.DisconnectTimestamp).toBeInstanceOf(Date);
    const transcript = await participant.send(new GetTranscriptCommand({ ConnectionToken: first.ConnectionToken }));
    expect(transcript.InitialContactId).toBe(first.ContactId);
    expect(transcript.Transcript?.some((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.chat.ended')).toBe(true);
  });
});

describe('agent sessions that run out', () => {
  let world: ChatWorld;
  let skew = 0;

  beforeAll(async () => {
    world = await chatWorld(sqlite, { now: () => Date.now() + skew, sessionSweepMs: 20 });
  });
  afterAll(() => world?.close());

  it('close their websockets with 4401 "session expired" and leave storage, without anyone calling in', async () => {
    const bob = await login(world.server.url, 'bob', DEMO_PASSWORD);
    const sock = await AgentSocket.open(world.server.url, bob.token);
    await sock.waitFor(() => true, 'the first snapshot');
    const hash = sha256Hex(bob.token);
    expect(await world.server.store.tokens.get(hash)).toBeDefined();

    skew = DEFAULT_SESSION_TTL_MS + 1000;
    expect(await sock.closed).toStrictEqual({ code: 4401, reason: 'session expired' });
    expect(await world.server.store.tokens.get(hash)).toBeUndefined();
    await expect(AgentSocket.open(world.server.url, bob.token)).rejects.toThrow(/403 AccessDeniedException/);
  });
});
