/**
 * What the agent desktop needs of the agent API beyond Streams' ClientMethods, against the
 * real server and the demo instance: quick responses, wrap-up codes and a contact's wrap-up
 * (seen by DescribeContact / GetContactAttributes of the unmodified @aws-sdk/client-connect,
 * and after a restart), and the transfer dialog's endpoint details.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ConnectClient,
  DescribeContactCommand,
  GetContactAttributesCommand,
  ListContactFlowsCommand,
  StartChatContactCommand,
} from '@aws-sdk/client-connect';
import { DEMO_INSTANCE_ID, DEMO_PASSWORD, demoConfig, type QuickResponseWire } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';
import type { StorageOptions } from '../src/storage/types.js';
import { AgentSocket, CommandError, httpCommand, login, type Session, stateArn } from './agent-client.js';
import { backends } from './backends.js';
import { fakeHash, fakeVerify } from './harness.js';

const key = demoConfig.accessKeys[0]!;
const InstanceId = DEMO_INSTANCE_ID;

interface Endpoint {
  readonly name: string;
  readonly type: string;
  readonly agentStatus?: { name: string; type: string } | null;
  readonly agentOnline?: boolean;
  readonly contactsWaiting?: number;
}

describe.each(backends)('the agent desktop API on $name', (backend) => {
  let storage: StorageOptions;
  let dataDir: string;
  let server: RunningServer;
  let client: ConnectClient;
  let flows: Record<string, string>;
  const sockets: AgentSocket[] = [];

  const start = async () => {
    server = await startServer({
      port: 0,
      logger: false,
      storage,
      dataDir,
      hashPassword: fakeHash,
      verifyPassword: fakeVerify,
      offerTimeoutMs: 3600_000,
    });
    client?.destroy();
    client = new ConnectClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      maxAttempts: 1,
    });
  };

  beforeAll(async () => {
    storage = await backend.fresh();
    dataDir = mkdtempSync(path.join(tmpdir(), 'sb-desktop-'));
    await start();
    flows = Object.fromEntries(
      ((await client.send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList ?? []).map((f) => [f.Name, f.Id]),
    );
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    client?.destroy();
    await server?.close();
  });

  const open = async (s: Session) => {
    const sock = await AgentSocket.open(server.url, s.token);
    sockets.push(sock);
    await sock.waitFor(() => true, 'the first snapshot');
    return sock;
  };
  const setState = async (sock: AgentSocket, name: string) => {
    await sock.command('putAgentState', { state: { agentStateARN: stateArn(sock.latest!.data, name) } });
    await sock.waitFor((d) => d.snapshot.agentAvailabilityState.state === name, `${name}`);
  };
  const startChat = async (flow: string, name: string) =>
    (
      await client.send(
        new StartChatContactCommand({
          InstanceId,
          ContactFlowId: flows[flow],
          ParticipantDetails: { DisplayName: name },
          Attributes: { orderId: 'A-17' },
        }),
      )
    ).ContactId!;
  const errorOf = (p: Promise<unknown>) =>
    p.then(
      () => 'no error',
      (e: unknown) => (e instanceof CommandError ? e.type : String(e)),
    );

  it('searchQuickResponses: the demo responses in Streams’ shape, searched, paged, per channel', async () => {
    const alice = await login(server.url, 'alice', DEMO_PASSWORD);
    const sock = await open(alice);
    type Answer = { results: QuickResponseWire[]; nextToken?: string };

    const all = await sock.command<Answer>('searchQuickResponses');
    expect(all.results.map((r) => r.name)).toStrictEqual([
      'Anything else',
      'Closing',
      'Greeting',
      'One moment please',
      'Transferring you',
    ]);
    expect(all.nextToken).toBeUndefined();
    const greet = all.results.find((r) => r.name === 'Greeting')!;
    expect(greet).toMatchObject({
      quickResponseArn: `arn:aws:wisdom:us-east-1:123456789012:quick-response/${InstanceId}/${greet.quickResponseId}`,
      knowledgeBaseId: InstanceId,
      contentType: 'markdown',
      status: 'active',
      isActive: true,
      shortcutKey: 'greet',
      channels: ['Chat'],
      contents: {
        markdown: { content: 'Hi $.Customer.name, thanks for contacting Switchboard! How can I help you today?' },
        plainText: { content: 'Hi $.Customer.name, thanks for contacting Switchboard! How can I help you today?' },
      },
    });
    expect(Date.parse(greet.lastModifiedTime)).toBeGreaterThan(0);

    // The exact shortcut first; words anywhere (name, shortcut, content); case-insensitive.
    const bye = await sock.command<Answer>('searchQuickResponses', { query: 'BYE' });
    expect(bye.results.map((r) => r.name)).toStrictEqual(['Closing']);
    const named = await sock.command<Answer>('searchQuickResponses', { query: 'customer.name' });
    expect(named.results.map((r) => r.name)).toStrictEqual(['Closing', 'Greeting']);
    const anything = await httpCommand(server.url, alice.token, 'searchQuickResponses', {
      query: 'anything else',
      channel: 'Chat',
    });
    expect((anything.body.results as QuickResponseWire[]).map((r) => r.name)).toStrictEqual(['Anything else']);

    // Pages.
    const first = await sock.command<Answer>('searchQuickResponses', { maxResults: 2 });
    const second = await sock.command<Answer>('searchQuickResponses', { maxResults: 2, nextToken: first.nextToken });
    const third = await sock.command<Answer>('searchQuickResponses', { maxResults: 2, nextToken: second.nextToken });
    expect([...first.results, ...second.results, ...third.results].map((r) => r.name)).toStrictEqual(
      all.results.map((r) => r.name),
    );
    expect(third.nextToken).toBeUndefined();

    // Other channels have none; bad params are InvalidParameterException.
    expect((await sock.command<Answer>('searchQuickResponses', { channel: 'VOICE' })).results).toStrictEqual([]);
    for (const params of [{ channel: 'FAX' }, { maxResults: 0 }, { maxResults: 101 }, { nextToken: 'nope' }, { query: 7 }]) {
      expect(await errorOf(sock.command('searchQuickResponses', params)), JSON.stringify(params)).toBe(
        'InvalidParameterException',
      );
    }
    const anonymous = await httpCommand(server.url, 'not-a-token', 'searchQuickResponses');
    expect(anonymous).toMatchObject({ status: 403, errorType: 'AccessDeniedException' });
  });

  it('getWrapUpCodes: the instance’s codes, by name', async () => {
    const alice = await login(server.url, 'alice', DEMO_PASSWORD);
    const out = await httpCommand(server.url, alice.token, 'getWrapUpCodes');
    expect(out.status).toBe(200);
    const codes = out.body.wrapUpCodes as { id: string; name: string; description?: string }[];
    expect(codes.map((c) => c.name)).toStrictEqual(['Escalated', 'Follow-up needed', 'Resolved']);
    expect(codes[2]).toStrictEqual({ id: expect.any(String), name: 'Resolved', description: "The customer's need was met." });
  });

  it('getEndpoints: agents with their state and whether a desktop is open, queues with the contacts waiting', async () => {
    const bobSock = await open(await login(server.url, 'bob', DEMO_PASSWORD));
    const endpoints = async () =>
      Object.fromEntries(
        (await bobSock.command<{ endpoints: Endpoint[]; addresses: Endpoint[] }>('getEndpoints')).endpoints.map((e) => [
          e.name,
          e,
        ]),
      );
    // Alice signed out of every desktop (the test before closed none of hers: close them).
    for (const s of sockets.splice(0)) if (s !== bobSock) s.close();
    sockets.push(bobSock);
    await new Promise((r) => setTimeout(r, 50));

    let e = await endpoints();
    expect(e['Alice Anders']).toMatchObject({
      type: 'agent',
      agentOnline: false,
      agentStatus: { name: 'Offline', type: 'offline' },
    });
    expect(e['Sales queue']).toMatchObject({ type: 'queue', contactsWaiting: 0 });
    expect(e['Support queue']).toMatchObject({ type: 'queue', contactsWaiting: 0 });
    expect(e['Sales queue']?.agentStatus).toBeUndefined();
    expect(e['Alice Anders']?.contactsWaiting).toBeUndefined();

    // Two chats wait for Sales (nobody is available there).
    await startChat('Sales inbound', 'W1');
    await startChat('Sales inbound', 'W2');
    e = await endpoints();
    expect(e['Sales queue']?.contactsWaiting).toBe(2);

    const alice = await open(await login(server.url, 'alice', DEMO_PASSWORD));
    await setState(alice, 'Break');
    e = await endpoints();
    expect(e['Alice Anders']).toMatchObject({ agentOnline: true, agentStatus: { name: 'Break', type: 'not_routable' } });

    // Available: both waiting chats are offered to her at once (chat concurrency 3).
    await setState(alice, 'Available');
    await alice.waitFor((d) => d.snapshot.contacts.length === 2, 'both Sales chats offered');
    e = await endpoints();
    expect(e['Alice Anders']?.agentStatus).toStrictEqual({ name: 'PendingBusy', type: 'system' });
    expect(e['Sales queue']?.contactsWaiting).toBe(0);
    // Done with them: accepted, ended, cleared.
    await setState(alice, 'Offline');
    for (const c of alice.latest!.data.snapshot.contacts) {
      await alice.command('acceptContact', { contactId: c.contactId });
      await alice.command('destroyConnection', { contactId: c.contactId });
      await alice.command('clearContact', { contactId: c.contactId });
    }
    await alice.waitFor((d) => d.snapshot.contacts.length === 0, 'both chats cleared');
  });

  it('setContactWrapUp: code and notes on the agent’s own contact, as attributes DescribeContact and GetContactAttributes show', async () => {
    for (const s of sockets.splice(0)) s.close();
    const alice = await login(server.url, 'alice', DEMO_PASSWORD);
    const bob = await login(server.url, 'bob', DEMO_PASSWORD);
    const sock = await open(alice);
    await setState(sock, 'Available');
    const contactId = await startChat('Support inbound', 'Jane');
    await sock.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === contactId), 'the chat offered');

    // Not while it rings.
    expect(await errorOf(sock.command('setContactWrapUp', { contactId, wrapUpCode: 'Resolved' }))).toBe('InvalidStateException');
    await sock.command('acceptContact', { contactId });
    await sock.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.contactId === contactId && c.state.type === 'connected'),
      'connected',
    );

    // Connected: by name, with notes.
    const set = await sock.command<Record<string, unknown>>('setContactWrapUp', {
      contactId,
      wrapUpCode: 'Resolved',
      notes: 'Refund sent.\nCustomer happy.',
    });
    const resolved = demoConfig.wrapUpCodes.find((w) => w.name === 'Resolved')!;
    expect(set).toMatchObject({
      contactId,
      wrapUpCode: { name: resolved.name, description: resolved.description },
      attributes: { wrapUpCode: 'Resolved', agentNotes: 'Refund sent.\nCustomer happy.' },
    });
    const resolvedId = (set.wrapUpCode as { id: string }).id;
    // The agent's snapshot shows them like any attribute; the contact's own attributes stay.
    const pushed = await sock.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.contactId === contactId && c.attributes.wrapUpCode?.value === 'Resolved'),
      'the wrap-up pushed',
    );
    expect(pushed.data.snapshot.contacts.find((c) => c.contactId === contactId)?.attributes).toMatchObject({
      orderId: { name: 'orderId', value: 'A-17' },
      wrapUpCodeId: { name: 'wrapUpCodeId', value: resolvedId },
    });

    // Refusals: unknown code, notes too long, another agent, an unknown contact, bad params.
    expect(await errorOf(sock.command('setContactWrapUp', { contactId, wrapUpCode: 'Nope' }))).toBe('InvalidParameterException');
    expect(await errorOf(sock.command('setContactWrapUp', { contactId, wrapUpCode: 'Resolved', notes: 'x'.repeat(4097) }))).toBe(
      'InvalidParameterException',
    );
    expect(await errorOf(sock.command('setContactWrapUp', { contactId }))).toBe('InvalidParameterException');
    const other = await httpCommand(server.url, bob.token, 'setContactWrapUp', { contactId, wrapUpCode: 'Resolved' });
    expect(other).toMatchObject({ status: 403, errorType: 'AccessDeniedException' });
    const unknown = await httpCommand(server.url, alice.token, 'setContactWrapUp', {
      contactId: '00000000-0000-4000-8000-00000000dead',
      wrapUpCode: 'Resolved',
    });
    expect(unknown).toMatchObject({ status: 404, errorType: 'ResourceNotFoundException' });

    // After-contact work: changed by id, notes removed with "".
    await sock.command('destroyConnection', { contactId });
    await sock.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === contactId && c.state.type === 'ended'), 'ACW');
    const followUp = demoConfig.wrapUpCodes.find((w) => w.name === 'Follow-up needed')!;
    const codes = (await httpCommand(server.url, alice.token, 'getWrapUpCodes')).body.wrapUpCodes as {
      id: string;
      name: string;
    }[];
    const followUpId = codes.find((c) => c.name === followUp.name)!.id;
    const changed = await httpCommand(server.url, alice.token, 'setContactWrapUp', {
      contactId,
      wrapUpCode: followUpId,
      notes: '',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.attributes).toStrictEqual({ wrapUpCode: 'Follow-up needed', wrapUpCodeId: followUpId });
    await sock.command('setContactWrapUp', { contactId, wrapUpCode: 'Follow-up needed', notes: 'Call back Tuesday.' });

    const described = (await client.send(new DescribeContactCommand({ InstanceId, ContactId: contactId }))).Contact!;
    expect(described.Attributes).toStrictEqual({
      orderId: 'A-17',
      wrapUpCode: 'Follow-up needed',
      wrapUpCodeId: followUpId,
      agentNotes: 'Call back Tuesday.',
    });
    const attrs = await client.send(new GetContactAttributesCommand({ InstanceId, InitialContactId: contactId }));
    expect(attrs.Attributes).toStrictEqual(described.Attributes);
    const events = await server.store.events.list(InstanceId, 0, 100_000);
    expect(events.filter((e) => e.type === 'contact.wrap_up_set' && e.contactId === contactId)).toHaveLength(3);

    // A restart keeps them, on the contact and in the agent's snapshot (still in ACW).
    for (const s of sockets.splice(0)) s.close();
    await server.close();
    await start();
    const again = (await client.send(new DescribeContactCommand({ InstanceId, ContactId: contactId }))).Contact!;
    expect(again.Attributes).toStrictEqual(described.Attributes);
    const back = await open(alice);
    const acw = back.latest!.data.snapshot.contacts.find((c) => c.contactId === contactId);
    expect(acw?.state.type).toBe('ended');
    expect(acw?.attributes.agentNotes?.value).toBe('Call back Tuesday.');

    // Once cleared, it is too late.
    await back.command('clearContact', { contactId });
    await back.waitFor((d) => d.snapshot.contacts.length === 0, 'cleared');
    expect(await errorOf(back.command('setContactWrapUp', { contactId, wrapUpCode: 'Resolved' }))).toBe('InvalidStateException');
    expect(
      (await client.send(new DescribeContactCommand({ InstanceId, ContactId: contactId }))).Contact!.Attributes,
    ).toStrictEqual(described.Attributes);
  });
});
