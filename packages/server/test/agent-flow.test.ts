/**
 * The whole routing loop against the real server: two agents sign in over websockets,
 * chats started with the unmodified @aws-sdk/client-connect are offered, accepted,
 * transferred through quick connects, ended and cleared; every snapshot pushed has the
 * Streams shape; an agent reaches only their own contacts; metrics match.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  ListQueuesCommand,
  StartChatContactCommand,
  ListContactFlowsCommand,
  CreateContactFlowCommand,
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  DescribeContactCommand,
  ListHoursOfOperationsCommand,
  UpdateQueueHoursOfOperationCommand,
} from '@aws-sdk/client-connect';
import { type AgentDataWire, buildSimpleFlow, DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';
import { AgentSocket, CommandError, httpCommand, login, type Session, stateArn } from './agent-client.js';
import { backends } from './backends.js';
import { fakeHash, fakeVerify } from './harness.js';
import { expectStreamsShape } from './streams-shape.js';

const key = demoConfig.accessKeys[0]!;

describe.each(backends)('agents and chats on $name', (backend) => {
  let server: RunningServer;
  let client: ConnectClient;
  let flows: Record<string, string>;
  let queues: Record<string, string>;
  const sockets: AgentSocket[] = [];

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      logger: false,
      storage: await backend.fresh(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'sb-flow-')),
      hashPassword: fakeHash,
      verifyPassword: fakeVerify,
    });
    client = new ConnectClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      maxAttempts: 1,
    });
    const InstanceId = server.instance.id;
    flows = Object.fromEntries(
      ((await client.send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList ?? []).map((f) => [f.Name, f.Id]),
    );
    queues = Object.fromEntries(
      ((await client.send(new ListQueuesCommand({ InstanceId, QueueTypes: ['STANDARD'] }))).QueueSummaryList ?? []).map((q) => [
        q.Name,
        q.Id,
      ]),
    );
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    client.destroy();
    await server.close();
  });

  const open = async (s: Session) => {
    const sock = await AgentSocket.open(server.url, s.token);
    sockets.push(sock);
    await sock.waitFor(() => true, 'the first snapshot');
    return sock;
  };

  const startChat = (flow: string, name = 'Jane') =>
    client.send(
      new StartChatContactCommand({
        InstanceId: server.instance.id,
        ContactFlowId: flows[flow],
        ParticipantDetails: { DisplayName: name },
        Attributes: { order: '42' },
      }),
    );

  const alwaysOpen = async () =>
    (await client.send(new ListHoursOfOperationsCommand({ InstanceId: server.instance.id }))).HoursOfOperationSummaryList?.find(
      (h) => h.Name === 'Always open',
    )?.Id;

  const contactState = (sock: AgentSocket, contactId: string) =>
    sock.latest?.data.snapshot.contacts.find((c) => c.contactId === contactId)?.state.type;

  it('offers, accepts, transfers, ends and clears chats; every push has the Streams shape', async () => {
    const alice = await login(server.url, 'alice', DEMO_PASSWORD);
    const bob = await login(server.url, 'bob', DEMO_PASSWORD);
    const alice1 = await open(alice);
    const alice2 = await open(alice); // a second tab
    const bob1 = await open(bob);

    // Offline agents get nothing.
    expect(alice1.latest?.data.snapshot.state).toMatchObject({ type: 'offline', name: 'Offline' });
    const early = await startChat('Support inbound', 'Early');
    expect(early.ContactId).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    expect(bob1.latest?.data.snapshot.contacts).toHaveLength(0);

    // Bob becomes available first (longest idle): the waiting chat is his at once.
    await bob1.command('putAgentState', { state: { agentStateARN: stateArn(bob1.latest!.data, 'Available') } });
    await bob1.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === early.ContactId), 'the early chat offered to bob');
    expect(contactState(bob1, early.ContactId!)).toBe('connecting');
    expect(bob1.latest?.data.snapshot.state).toMatchObject({ type: 'system', name: 'PendingBusy' });
    await new Promise((r) => setTimeout(r, 5));
    await alice1.command('putAgentState', { state: { agentStateARN: stateArn(alice1.latest!.data, 'Available') } });
    await alice2.waitFor((d) => d.snapshot.state.name === 'Available', 'alice available in her second tab');

    // Another agent's token cannot touch bob's contact.
    await expect(alice1.command('acceptContact', { contactId: early.ContactId })).rejects.toMatchObject({
      type: 'AccessDeniedException',
    });
    const denied = await httpCommand(server.url, alice.token, 'acceptContact', { contactId: early.ContactId });
    expect(denied).toMatchObject({ status: 403, errorType: 'AccessDeniedException' });

    // The agent's chat token works before accept (Streams creates the media controller on connecting).
    const transport = await bob1.command<{ chatTokenTransport: { participantToken: string; expiry: string } }>(
      'createTransport',
      {
        transportType: 'chat_token',
        contactId: early.ContactId,
      },
    );
    expect(transport.chatTokenTransport.participantToken).toMatch(/^sb1\./);
    expect(Date.parse(transport.chatTokenTransport.expiry)).toBeGreaterThan(Date.now() + 60_000);

    await bob1.command('acceptContact', { contactId: early.ContactId });
    await bob1.waitFor((d) => d.snapshot.contacts[0]?.state.type === 'connected', 'bob connected');
    const offered = bob1.latest!.data.snapshot.contacts[0]!;
    expect(offered.attributes.order).toEqual({ name: 'order', value: '42' });
    expect(offered.connections.find((c) => c.type === 'inbound')?.chatMediaInfo?.customerName).toBe('Early');
    expect(bob1.latest?.data.snapshot.state).toMatchObject({ type: 'system', name: 'Busy' });

    // Bob transfers to Alice through her USER quick connect.
    const endpoints = await bob1.command<{ endpoints: { endpointARN: string; name: string; type: string }[] }>('getEndpoints');
    const toAlice = endpoints.endpoints.find((e) => e.name === 'Alice Anders');
    expect(toAlice?.type).toBe('agent');
    const moved = await bob1.command<{ contactId: string }>('transferContact', { contactId: early.ContactId, endpoint: toAlice });
    expect(moved.contactId).not.toBe(early.ContactId);
    await bob1.waitFor((d) => d.snapshot.contacts[0]?.state.type === 'ended', 'bob in after-contact work');
    expect(bob1.latest?.data.snapshot.state).toMatchObject({ type: 'system', name: 'AfterContactWork' });
    const forAlice = await alice1.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.contactId === moved.contactId),
      'the transfer offered to alice',
    );
    const transferred = forAlice.data.snapshot.contacts.find((c) => c.contactId === moved.contactId)!;
    expect(transferred.initialContactId).toBe(early.ContactId);
    expect(transferred.queue?.queueARN).toContain(`/queue/agent/${alice.userId}`);
    await alice1.command('acceptContact', { contactId: moved.contactId });
    await alice2.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.contactId === moved.contactId && c.state.type === 'connected'),
      'alice connected (tab 2)',
    );

    // Bob clears his after-contact work; alice ends the chat and clears it.
    await bob1.command('clearContact', { contactId: early.ContactId });
    await bob1.waitFor((d) => d.snapshot.contacts.length === 0 && d.snapshot.state.name === 'Available', 'bob free');
    await alice1.command('destroyConnection', {
      contactId: moved.contactId,
      connectionId: transferred.connections.find((c) => c.type === 'agent')?.connectionId,
    });
    await alice1.waitFor(
      (d) => d.snapshot.contacts.find((c) => c.contactId === moved.contactId)?.state.type === 'ended',
      'alice in ACW',
    );
    await expect(alice1.command('acceptContact', { contactId: moved.contactId })).rejects.toBeInstanceOf(CommandError);
    await alice1.command('completeContact', { contactId: moved.contactId });
    await alice2.waitFor((d) => d.snapshot.contacts.length === 0, 'alice free (tab 2)');

    // Every push to every socket had the Streams shape, and versions only went up.
    for (const sock of [alice1, alice2, bob1]) {
      expect(sock.pushes.length).toBeGreaterThan(2);
      for (const p of sock.pushes) expectStreamsShape(p.data);
      const versions = sock.pushes.map((p) => p.version);
      expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    }
    expect(alice1.latest?.version).toBe(alice2.latest?.version);
  });

  it('pushes a whole snapshot first, then deltas: changed contacts only, the configuration only when it changed', async () => {
    // Alice and bob (still Available from the test before) leave: the chats are carol's.
    for (const s of sockets.splice(0)) s.close();
    const carol = await login(server.url, 'carol', DEMO_PASSWORD);
    const tab = await open(carol);
    expect(tab.pushes[0]).toMatchObject({ type: 'snapshot', withConfiguration: true });
    await tab.command('putAgentState', { state: { agentStateARN: stateArn(tab.latest!.data, 'Available') } });
    const chat = await startChat('Support inbound', 'Config');
    await tab.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === chat.ContactId), 'the chat offered to carol');
    await tab.command('acceptContact', { contactId: chat.ContactId });
    const other = await startChat('Support inbound', 'Other');
    await tab.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === other.ContactId), 'a second chat offered');
    const sent = tab.pushes.length;
    await tab.command('updateContactAttributes', { contactId: chat.ContactId, attributes: { tier: 'gold' } });
    const updated = await tab.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.attributes.tier?.value === 'gold'),
      'the new attribute pushed',
    );
    // The attribute changed one of carol's two chats: the delta carries that one.
    expect(updated.data.snapshot.contacts).toHaveLength(2);
    expect(updated).toMatchObject({ type: 'delta', contactsSent: 1, withConfiguration: false });
    expect(tab.pushes.slice(sent).every((p) => p.contactsSent <= 1)).toBe(true);
    // Routing changes leave the configuration out: the sockets have it already.
    expect(tab.pushes.slice(1).every((p) => p.type === 'delta' && !p.withConfiguration)).toBe(true);
    // A push built from cached contact JSON says what a snapshot built afresh says.
    const { snapshot: fresh } = await tab.command<{ snapshot: AgentDataWire['snapshot'] }>('getAgentSnapshot');
    expect({ ...updated.data.snapshot, snapshotTimestamp: '' }).toStrictEqual({ ...fresh, snapshotTimestamp: '' });

    // Preferences are part of the configuration: the next push carries it, to every tab.
    const second = await open(carol);
    const before = tab.pushes.length;
    await tab.command('updateAgentConfiguration', { configuration: { agentPreferences: { locale: 'fr-FR' } } });
    const withPrefs = await second.waitFor(
      (d) => d.configuration.agentPreferences.locale === 'fr-FR',
      'the new preferences in the second tab',
    );
    expect(withPrefs.withConfiguration).toBe(true);
    await tab.waitFor((d) => d.configuration.agentPreferences.locale === 'fr-FR', 'the new preferences in the first tab');
    expect(tab.pushes.slice(before).some((p) => p.withConfiguration)).toBe(true);
    for (const p of [...tab.pushes, ...second.pushes]) expectStreamsShape(p.data);

    // A cleared chat drops out of the order: the deltas remove it.
    await tab.command('acceptContact', { contactId: other.ContactId });
    await tab.command('clearContact', { contactId: chat.ContactId });
    await tab.command('clearContact', { contactId: other.ContactId });
    const free = await second.waitFor((d) => d.snapshot.contacts.length === 0, 'carol free (second tab)');
    expect(free.type).toBe('delta');
    await tab.waitFor((d) => d.snapshot.contacts.length === 0, 'carol free');
    await tab.command('putAgentState', { state: { agentStateARN: stateArn(tab.latest!.data, 'Offline') } });
  });

  it('queues chats while nobody is free, and GetCurrentMetricData says so', async () => {
    const carol = await login(server.url, 'carol', DEMO_PASSWORD);
    const sock = await open(carol);
    // Nobody available for Sales (carol offline; alice busy-free but set Break below).
    const alice = await login(server.url, 'alice', DEMO_PASSWORD);
    const a = await open(alice);
    await a.command('putAgentState', { state: { agentStateARN: stateArn(a.latest!.data, 'Break') } });
    await a.waitFor((d) => d.snapshot.state.name === 'Break', 'alice on break');
    const first = await startChat('Sales inbound', 'Q1');
    await new Promise((r) => setTimeout(r, 20));
    await startChat('Sales inbound', 'Q2');
    const metrics = async () => {
      const out = await client.send(
        new GetCurrentMetricDataCommand({
          InstanceId: server.instance.id,
          Filters: { Queues: [queues.Sales!], Channels: ['CHAT'] },
          Groupings: ['QUEUE'],
          CurrentMetrics: [
            { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
            { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
            { Name: 'AGENTS_ONLINE', Unit: 'COUNT' },
            { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
          ],
        }),
      );
      return Object.fromEntries((out.MetricResults?.[0]?.Collections ?? []).map((c) => [c.Metric?.Name, c.Value]));
    };
    const before = await metrics();
    expect(before.CONTACTS_IN_QUEUE).toBe(2);
    expect(before.OLDEST_CONTACT_AGE).toBeGreaterThanOrEqual(0);
    expect(before.AGENTS_AVAILABLE).toBe(0);

    await sock.command('putAgentState', { state: { agentStateARN: stateArn(sock.latest!.data, 'Available') } });
    const got = await sock.waitFor(
      (d) => d.snapshot.contacts.length === 2,
      'carol offered both waiting chats (chat concurrency 3)',
    );
    // The oldest chat is offered first.
    expect(got.data.snapshot.contacts[0]?.contactId).toBe(first.ContactId);
    const after = await metrics();
    expect(after.CONTACTS_IN_QUEUE).toBe(0);
    expect(after.AGENTS_ONLINE).toBeGreaterThanOrEqual(1);
  });

  it('ends a chat with a clear reason when its queue is closed or full', async () => {
    const InstanceId = server.instance.id;
    // Open only on the day after tomorrow (UTC): closed now.
    const day = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'][(new Date().getUTCDay() + 2) % 7]!;
    const hours = await client.send(
      new CreateHoursOfOperationCommand({
        InstanceId,
        Name: 'Closed today',
        TimeZone: 'UTC',
        Config: [{ Day: day as 'MONDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 23, Minutes: 59 } }],
      }),
    );
    const closed = await client.send(
      new CreateQueueCommand({ InstanceId, Name: 'Closed queue', HoursOfOperationId: hours.HoursOfOperationId! }),
    );
    const full = await client.send(
      new CreateQueueCommand({ InstanceId, Name: 'Full queue', HoursOfOperationId: hours.HoursOfOperationId!, MaxContacts: 0 }),
    );
    await client.send(
      new UpdateQueueHoursOfOperationCommand({ InstanceId, QueueId: full.QueueId!, HoursOfOperationId: (await alwaysOpen())! }),
    );
    const flowTo = async (name: string, queueId: string) =>
      (
        await client.send(
          new CreateContactFlowCommand({ InstanceId, Name: name, Type: 'CONTACT_FLOW', Content: buildSimpleFlow({ queueId }) }),
        )
      ).ContactFlowId!;
    flows['To closed'] = await flowTo('To closed', closed.QueueId!);
    flows['To full'] = await flowTo('To full', full.QueueId!);
    for (const [flow, reason] of [
      ['To closed', 'QUEUE_CLOSED'],
      ['To full', 'QUEUE_FULL'],
    ] as const) {
      const started = await startChat(flow);
      const c = (await client.send(new DescribeContactCommand({ InstanceId, ContactId: started.ContactId }))).Contact!;
      expect(c.DisconnectReason).toBe(reason);
      expect(c.DisconnectTimestamp).toBeInstanceOf(Date);
    }
  });

  it('writes every routing change to the event log', async () => {
    const events = await server.store.events.list(server.instance.id, 0, 10_000);
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'contact.created',
      'contact.queued',
      'contact.offered',
      'contact.connected',
      'contact.transferred',
      'contact.ended',
      'contact.acw_started',
      'contact.cleared',
      'contact.destroyed',
      'agent.status_changed',
      'agent.presence',
    ]) {
      expect(types, t).toContain(t);
    }
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('refuses a socket without a valid session, and logout closes open sockets', async () => {
    await expect(AgentSocket.open(server.url, 'not-a-token')).rejects.toThrow(/403 AccessDeniedException/);
    const bob = await login(server.url, 'bob', DEMO_PASSWORD);
    const sock = await open(bob);
    const out = await fetch(`${server.url}/agent/v1/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(out.status).toBe(200);
    expect((await sock.closed).code).toBe(4401);
    const after = await httpCommand(server.url, bob.token, 'getAgentSnapshot');
    expect(after).toMatchObject({ status: 403, errorType: 'AccessDeniedException' });
    const wrong = await fetch(`${server.url}/agent/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', password: 'nope-nope' }),
    });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });

  it('a refresh closes the old token\'s sockets with 4401 "session refreshed", a logout with 4401 "signed out"', async () => {
    const bob = await login(server.url, 'bob', DEMO_PASSWORD);
    const old = await open(bob);
    const res = await fetch(`${server.url}/agent/v1/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as Session;
    expect(fresh.token).not.toBe(bob.token);
    expect(await old.closed).toStrictEqual({ code: 4401, reason: 'session refreshed' });
    const current = await open(fresh);
    const out = await fetch(`${server.url}/agent/v1/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fresh.token}` },
    });
    expect(out.status).toBe(200);
    expect(await current.closed).toStrictEqual({ code: 4401, reason: 'signed out' });
  });
});
