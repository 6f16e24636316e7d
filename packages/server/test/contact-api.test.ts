/**
 * The contact API through the unmodified @aws-sdk/client-connect against the real server
 * with the demo instance: chats started, described, given attributes, transferred and
 * stopped; real-time metrics and agent data reflect them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type ConnectClient as Client,
  ConnectClient,
  CreateContactFlowCommand,
  DescribeContactCommand,
  GetContactAttributesCommand,
  GetCurrentMetricDataCommand,
  type GetCurrentMetricDataCommandInput,
  GetCurrentUserDataCommand,
  ListContactFlowsCommand,
  ListQueuesCommand,
  ListRoutingProfilesCommand,
  ListUsersCommand,
  StartChatContactCommand,
  type StartChatContactCommandInput,
  StopContactCommand,
  TransferContactCommand,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import { demoConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';
import { backends } from './backends.js';
import { fakeHash } from './harness.js';
import { expectError, MISSING } from './sdk-errors.js';

const key = demoConfig.accessKeys[0]!;
const byName = <T>(items: readonly T[] | undefined, name: (t: T) => string | undefined, id: (t: T) => string | undefined) =>
  Object.fromEntries((items ?? []).map((t) => [name(t), id(t)])) as Record<string, string>;

describe.each(backends)('contact API on $name', (backend) => {
  let server: RunningServer;
  let client: Client;
  let InstanceId: string;
  let arnPrefix: string;
  let flows: Record<string, string>;
  let queues: Record<string, string>;
  let users: Record<string, string>;
  let profiles: Record<string, string>;
  /** The server's clock runs `offset` ms ahead of the real one. */
  let offset = 0;
  const now = () => Date.now() + offset;

  /** Starts (or restarts) the server on the same storage, with a client for it. */
  let start: () => Promise<void>;

  beforeAll(async () => {
    const storage = await backend.fresh();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-contact-'));
    start = async () => {
      server = await startServer({ port: 0, logger: false, storage, dataDir, hashPassword: fakeHash, now });
      client = new ConnectClient({
        region: 'us-east-1',
        endpoint: server.url,
        credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
        maxAttempts: 1,
      });
    };
    await start();
    InstanceId = server.instance.id;
    arnPrefix = `arn:aws:connect:us-east-1:123456789012:instance/${InstanceId}`;
    flows = byName(
      (await client.send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList,
      (f) => f.Name,
      (f) => f.Id,
    );
    queues = byName(
      (await client.send(new ListQueuesCommand({ InstanceId }))).QueueSummaryList,
      (q) => q.Name,
      (q) => q.Id,
    );
    users = byName(
      (await client.send(new ListUsersCommand({ InstanceId }))).UserSummaryList,
      (u) => u.Username,
      (u) => u.Id,
    );
    profiles = byName(
      (await client.send(new ListRoutingProfilesCommand({ InstanceId }))).RoutingProfileSummaryList,
      (p) => p.Name,
      (p) => p.Id,
    );
  });

  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  const startChat = (input: Partial<StartChatContactCommandInput> = {}) =>
    client.send(
      new StartChatContactCommand({
        InstanceId,
        ContactFlowId: flows['Sales inbound'],
        ParticipantDetails: { DisplayName: 'Jane' },
        ...input,
      }),
    );
  const describeContact = async (ContactId: string) =>
    (await client.send(new DescribeContactCommand({ InstanceId, ContactId }))).Contact!;
  const metrics = async (input: Partial<GetCurrentMetricDataCommandInput> = {}) => {
    const out = await client.send(
      new GetCurrentMetricDataCommand({
        InstanceId,
        Filters: { Queues: [queues.Sales!, queues.Support!], Channels: ['CHAT'] },
        Groupings: ['QUEUE'],
        CurrentMetrics: [
          { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
          { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
          { Name: 'AGENTS_ON_CONTACT', Unit: 'COUNT' },
        ],
        ...input,
      }),
    );
    const byQueue = Object.fromEntries(
      (out.MetricResults ?? []).map((r) => [
        r.Dimensions?.Queue?.Id,
        Object.fromEntries((r.Collections ?? []).map((c) => [c.Metric?.Name, c.Value])),
      ]),
    );
    return { out, byQueue };
  };

  let first: string;
  let second: string;

  it('StartChatContact runs the flow: the chat waits in its queue, DescribeContact shows it', async () => {
    const started = await startChat({
      Attributes: { order: '42' },
      InitialMessage: { ContentType: 'text/plain', Content: 'Hello?' },
      ChatDurationInMinutes: 60,
      SupportedMessagingContentTypes: ['text/plain', 'text/markdown'],
      ClientToken: 'first-chat',
    });
    expect(started.ContactId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.ParticipantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.ParticipantToken).toMatch(/^sb1\./);
    first = started.ContactId!;

    const c = await describeContact(first);
    expect(c).toMatchObject({
      Arn: `${arnPrefix}/contact/${first}`,
      Id: first,
      InitialContactId: first,
      Channel: 'CHAT',
      InitiationMethod: 'API',
      QueueInfo: { Id: queues.Sales },
      Attributes: { order: '42' },
    });
    expect(c.QueueInfo?.EnqueueTimestamp).toBeInstanceOf(Date);
    expect(c.InitiationTimestamp).toBeInstanceOf(Date);
    expect(Math.abs(c.InitiationTimestamp!.getTime() - now())).toBeLessThan(5000);
    expect(c.DisconnectTimestamp).toBeUndefined();
    expect(c.AgentInfo).toBeUndefined();
    // An ARN names the contact as well as its id.
    expect((await describeContact(`${arnPrefix}/contact/${first}`)).Id).toBe(first);
  });

  it('the same ClientToken answers the same chat; another token starts another', async () => {
    const again = await startChat({ Attributes: { order: '42' }, ClientToken: 'first-chat' });
    const original = await describeContact(first);
    expect(again.ContactId).toBe(first);
    expect(again.ParticipantId).toBeTruthy();
    expect(again.ParticipantToken).toMatch(/^sb1\./);
    expect(original.Id).toBe(first);
    const other = await startChat({ ClientToken: 'second-chat' });
    expect(other.ContactId).not.toBe(first);
    second = other.ContactId!;
    const twice = await Promise.all([startChat({ ClientToken: 'same-time' }), startChat({ ClientToken: 'same-time' })]);
    expect(twice[0].ContactId).toBe(twice[1].ContactId);
    await client.send(new StopContactCommand({ InstanceId, ContactId: twice[0].ContactId! }));
  });

  it('GetCurrentMetricData counts the waiting chats and the age of the oldest', async () => {
    offset += 90_000;
    const { out, byQueue } = await metrics();
    expect(byQueue[queues.Sales!]).toMatchObject({ CONTACTS_IN_QUEUE: 2, AGENTS_ON_CONTACT: 0 });
    expect(byQueue[queues.Sales!]?.OLDEST_CONTACT_AGE).toBeGreaterThanOrEqual(90);
    expect(byQueue[queues.Sales!]?.OLDEST_CONTACT_AGE).toBeLessThan(150);
    expect(byQueue[queues.Support!]).toEqual({ CONTACTS_IN_QUEUE: 0, OLDEST_CONTACT_AGE: 0, AGENTS_ON_CONTACT: 0 });
    expect(out.MetricResults?.[0]?.Dimensions?.Queue?.Arn).toBe(`${arnPrefix}/queue/${queues.Sales}`);
    expect(out.ApproximateTotalCount).toBe(2);
    expect(out.DataSnapshotTime).toBeInstanceOf(Date);
    expect(Math.abs(out.DataSnapshotTime!.getTime() - now())).toBeLessThan(5000);

    // Queue ARNs work like ids; paging walks the groups.
    const paged = await metrics({
      Filters: { Queues: [`${arnPrefix}/queue/${queues.Sales}`, queues.Support!] },
      MaxResults: 1,
    });
    expect(paged.out.MetricResults).toHaveLength(1);
    expect(paged.out.NextToken).toBeTruthy();
    const rest = await metrics({
      Filters: { Queues: [queues.Sales!, queues.Support!] },
      MaxResults: 1,
      NextToken: paged.out.NextToken,
    });
    expect(rest.out.MetricResults?.[0]?.Dimensions?.Queue?.Id).toBe(queues.Support);
    expect(rest.out.NextToken).toBeUndefined();

    await expectError(metrics({ Filters: { Queues: [MISSING] } }), 'ResourceNotFoundException', 404);
    await expectError(
      metrics({ CurrentMetrics: [{ Name: 'OLDEST_CONTACT_AGE', Unit: 'COUNT' }] }),
      'InvalidParameterException',
      400,
    );

    // A team's wallboard: by routing profile, the contacts waiting in its queues.
    const teams = await client.send(
      new GetCurrentMetricDataCommand({
        InstanceId,
        Filters: {
          RoutingProfiles: [profiles['Sales agents']!, `${arnPrefix}/routing-profile/${profiles['Support agents']}`],
          Channels: ['CHAT'],
        },
        Groupings: ['ROUTING_PROFILE'],
        CurrentMetrics: [
          { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' },
          { Name: 'AGENTS_ONLINE', Unit: 'COUNT' },
        ],
      }),
    );
    expect(
      teams.MetricResults?.map((r) => [
        r.Dimensions?.RoutingProfile?.Id,
        r.Dimensions?.RoutingProfile?.Arn,
        Object.fromEntries((r.Collections ?? []).map((c) => [c.Metric?.Name, c.Value])),
      ]),
    ).toEqual([
      [
        profiles['Sales agents'],
        `${arnPrefix}/routing-profile/${profiles['Sales agents']}`,
        { CONTACTS_IN_QUEUE: 2, AGENTS_ONLINE: 0 },
      ],
      [
        profiles['Support agents'],
        `${arnPrefix}/routing-profile/${profiles['Support agents']}`,
        { CONTACTS_IN_QUEUE: 0, AGENTS_ONLINE: 0 },
      ],
    ]);
    await expectError(
      metrics({ Filters: { Queues: [queues.Sales!], RoutingProfiles: [profiles['Sales agents']!] } }),
      'InvalidParameterException',
      400,
    );
    await expectError(metrics({ Filters: { Channels: ['CHAT'] } }), 'InvalidParameterException', 400);
    await expectError(
      metrics({ Filters: { RoutingProfiles: [profiles['Sales agents']!] }, Groupings: ['QUEUE'] }),
      'InvalidParameterException',
      400,
    );
    await expectError(
      metrics({ Filters: { RoutingProfiles: [MISSING] }, Groupings: ['ROUTING_PROFILE'] }),
      'ResourceNotFoundException',
      404,
    );
  });

  it('GetCurrentUserData lists the agents of a queue, a profile or by id', async () => {
    const sales = await client.send(new GetCurrentUserDataCommand({ InstanceId, Filters: { Queues: [queues.Sales!] } }));
    expect(sales.UserDataList?.map((u) => u.User?.Id)).toEqual([users.alice, users.carol]);
    expect(sales.ApproximateTotalCount).toBe(2);
    const alice = sales.UserDataList![0]!;
    expect(alice.User?.Arn).toBe(`${arnPrefix}/agent/${users.alice}`);
    expect(alice.RoutingProfile).toEqual({
      Id: profiles['Sales agents'],
      Arn: `${arnPrefix}/routing-profile/${profiles['Sales agents']}`,
    });
    expect(alice.Status?.StatusName).toBe('Offline');
    expect(alice.Status?.StatusArn).toMatch(new RegExp(`^${arnPrefix}/agent-state/`));
    expect(alice.Status?.StatusStartTimestamp).toBeInstanceOf(Date);
    expect(alice.MaxSlotsByChannel).toEqual({ VOICE: 1, CHAT: 3, TASK: 5 });
    expect(alice.AvailableSlotsByChannel).toEqual({ VOICE: 0, CHAT: 0, TASK: 0 });
    expect(alice.Contacts).toEqual([]);

    const support = await client.send(
      new GetCurrentUserDataCommand({ InstanceId, Filters: { RoutingProfiles: [profiles['Support agents']!] } }),
    );
    expect(support.UserDataList?.map((u) => u.User?.Id)).toEqual([users.bob]);
    const bob = await client.send(
      new GetCurrentUserDataCommand({ InstanceId, Filters: { Agents: [`${arnPrefix}/agent/${users.bob}`] } }),
    );
    expect(bob.UserDataList?.map((u) => u.User?.Id)).toEqual([users.bob]);
    await expectError(
      client.send(new GetCurrentUserDataCommand({ InstanceId, Filters: { Queues: [queues.Sales!], Agents: [users.bob!] } })),
      'InvalidParameterException',
      400,
    );
  });

  it('UpdateContactAttributes merges into the chat; GetContactAttributes reads them back', async () => {
    await client.send(
      new UpdateContactAttributesCommand({ InstanceId, InitialContactId: first, Attributes: { order: '43', tier: 'gold' } }),
    );
    const { Attributes } = await client.send(new GetContactAttributesCommand({ InstanceId, InitialContactId: first }));
    expect(Attributes).toEqual({ order: '43', tier: 'gold' });
    expect((await describeContact(first)).Attributes).toEqual({ order: '43', tier: 'gold' });
    await expectError(
      client.send(new UpdateContactAttributesCommand({ InstanceId, InitialContactId: MISSING, Attributes: { a: 'b' } })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      client.send(new GetContactAttributesCommand({ InstanceId, InitialContactId: MISSING })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      client.send(
        new UpdateContactAttributesCommand({ InstanceId, InitialContactId: first, Attributes: { big: 'x'.repeat(33 * 1024) } }),
      ),
      'InvalidParameterException',
      400,
    );
  });

  let atBob: string;

  it('TransferContact moves a waiting chat to another queue, then to an agent', async () => {
    const moved = await client.send(
      new TransferContactCommand({
        InstanceId,
        ContactId: second,
        ContactFlowId: flows['Default queue transfer'],
        QueueId: queues.Support,
      }),
    );
    expect(moved.ContactId).not.toBe(second);
    expect(moved.ContactArn).toBe(`${arnPrefix}/contact/${moved.ContactId}`);
    const c = await describeContact(moved.ContactId!);
    expect(c).toMatchObject({
      InitiationMethod: 'TRANSFER',
      InitialContactId: second,
      PreviousContactId: second,
      QueueInfo: { Id: queues.Support },
    });
    const old = await describeContact(second);
    expect(old.DisconnectTimestamp).toBeInstanceOf(Date);
    expect(old.DisconnectReason).toBe('TRANSFERRED');

    // Attributes follow the chain: set on the initial contact, seen on the transferred one.
    await client.send(new UpdateContactAttributesCommand({ InstanceId, InitialContactId: second, Attributes: { note: 'vip' } }));
    expect((await describeContact(moved.ContactId!)).Attributes).toEqual({ note: 'vip' });

    const toBob = await client.send(
      new TransferContactCommand({
        InstanceId,
        ContactId: moved.ContactId,
        ContactFlowId: flows['Default agent transfer'],
        UserId: users.bob,
        ClientToken: 'to-bob',
      }),
    );
    atBob = toBob.ContactId!;
    expect((await describeContact(atBob)).QueueInfo?.Id).toBe(`agent/${users.bob}`);
    // A retry with the same token answers the same transfer.
    const retry = await client.send(
      new TransferContactCommand({
        InstanceId,
        ContactId: moved.ContactId,
        ContactFlowId: flows['Default agent transfer'],
        UserId: users.bob,
        ClientToken: 'to-bob',
      }),
    );
    expect(retry.ContactId).toBe(atBob);

    const transfer = (input: { ContactId: string; QueueId?: string; UserId?: string; ContactFlowId?: string }) =>
      client.send(new TransferContactCommand({ InstanceId, ContactFlowId: flows['Default queue transfer'], ...input }));
    await expectError(transfer({ ContactId: atBob, QueueId: queues.Sales, UserId: users.bob }), 'InvalidRequestException', 400);
    await expectError(transfer({ ContactId: atBob }), 'InvalidRequestException', 400);
    await expectError(transfer({ ContactId: MISSING, QueueId: queues.Sales }), 'ResourceNotFoundException', 404);
    await expectError(transfer({ ContactId: second, QueueId: queues.Sales }), 'InvalidRequestException', 400);
    await expectError(transfer({ ContactId: atBob, QueueId: MISSING }), 'ResourceNotFoundException', 404);
    await expectError(
      transfer({ ContactId: atBob, QueueId: queues.Sales, ContactFlowId: MISSING }),
      'ResourceNotFoundException',
      404,
    );
  });

  it('an agent who takes the chat shows in GetCurrentUserData and DescribeContact; a connected chat transfers', async () => {
    const ir = server.routing.instance(InstanceId);
    const aliceId = users.alice!;
    const available = ir.config.statuses.find((s) => s.name === 'Available')!;
    const unsubscribe = ir.subscribe(aliceId, () => {});
    try {
      await ir.step([
        {
          type: 'agent.set_status',
          agentId: aliceId,
          status: { statusId: available.id, name: available.name, type: available.type },
          enqueueNextState: false,
        },
      ]);
      // The only chat waiting in Sales is offered to alice; she accepts it.
      expect(ir.engine.agent(aliceId)?.assignments.map((x) => x.contactId)).toEqual([first]);
      await ir.step([{ type: 'contact.accept', agentId: aliceId, contactId: first }]);

      const [alice] = (await client.send(new GetCurrentUserDataCommand({ InstanceId, Filters: { Agents: [aliceId] } })))
        .UserDataList!;
      expect(alice?.Status).toMatchObject({ StatusName: 'Available', StatusArn: `${arnPrefix}/agent-state/${available.id}` });
      expect(alice?.ActiveSlotsByChannel).toEqual({ VOICE: 0, CHAT: 1, TASK: 0 });
      expect(alice?.AvailableSlotsByChannel).toEqual({ VOICE: 0, CHAT: 2, TASK: 0 });
      expect(alice?.Contacts).toHaveLength(1);
      expect(alice?.Contacts?.[0]).toMatchObject({
        ContactId: first,
        Channel: 'CHAT',
        InitiationMethod: 'API',
        AgentContactState: 'CONNECTED',
        Queue: { Id: queues.Sales, Arn: `${arnPrefix}/queue/${queues.Sales}` },
      });
      expect(alice?.Contacts?.[0]?.ConnectedToAgentTimestamp).toBeInstanceOf(Date);
      const connected = await client.send(
        new GetCurrentUserDataCommand({
          InstanceId,
          Filters: { Queues: [queues.Support!], ContactFilter: { ContactStates: ['CONNECTED'] } },
        }),
      );
      expect(connected.UserDataList?.map((u) => u.User?.Id)).toEqual([aliceId]);

      const c = await describeContact(first);
      expect(c.AgentInfo?.Id).toBe(aliceId);
      expect(c.AgentInfo?.ConnectedToAgentTimestamp).toBeInstanceOf(Date);
      expect((await metrics()).byQueue[queues.Sales!]).toMatchObject({ CONTACTS_IN_QUEUE: 0, AGENTS_ON_CONTACT: 1 });

      // alice hands the chat to bob's queue: it ends for her (after-contact work).
      const moved = await client.send(
        new TransferContactCommand({
          InstanceId,
          ContactId: first,
          ContactFlowId: flows['Default agent transfer'],
          UserId: users.bob,
        }),
      );
      expect(await describeContact(moved.ContactId!)).toMatchObject({
        InitialContactId: first,
        PreviousContactId: first,
        InitiationMethod: 'TRANSFER',
        QueueInfo: { Id: `agent/${users.bob}` },
        Attributes: { order: '43', tier: 'gold' },
      });
      expect((await describeContact(first)).DisconnectReason).toBe('TRANSFERRED');
      const [after] = (await client.send(new GetCurrentUserDataCommand({ InstanceId, Filters: { Agents: [aliceId] } })))
        .UserDataList!;
      expect(after?.Contacts?.map((x) => [x.ContactId, x.AgentContactState])).toEqual([[first, 'ENDED']]);
      await client.send(new StopContactCommand({ InstanceId, ContactId: moved.ContactId }));
    } finally {
      unsubscribe();
    }
  });

  it('StopContact ends a chat; DescribeContact keeps it with its disconnect time', async () => {
    await client.send(new StopContactCommand({ InstanceId, ContactId: atBob }));
    const c = await describeContact(atBob);
    expect(c.DisconnectTimestamp).toBeInstanceOf(Date);
    expect(c.DisconnectReason).toBe('API');
    expect(Math.abs(c.DisconnectTimestamp!.getTime() - now())).toBeLessThan(5000);
    // A chat that is over already: nothing to do.
    await client.send(new StopContactCommand({ InstanceId, ContactId: atBob }));
    await expectError(client.send(new StopContactCommand({ InstanceId, ContactId: MISSING })), 'ContactNotFoundException', 410);
    await expectError(
      client.send(new DescribeContactCommand({ InstanceId, ContactId: MISSING })),
      'ResourceNotFoundException',
      404,
    );
  });

  it('a chat ends by itself when its ChatDurationInMinutes runs out (reason EXPIRED)', async () => {
    const short = await startChat({ ChatDurationInMinutes: 60 });
    const long = await startChat({ ChatDurationInMinutes: 120 });
    offset += 61 * 60_000;
    server.routing.instance(InstanceId).expireDue(); // what its timer does when the time comes
    await server.routing.persister.flush();
    offset -= 61 * 60_000; // back, or SigV4 would refuse the SDK's requests as too old
    const ended = await describeContact(short.ContactId!);
    expect(ended.DisconnectReason).toBe('EXPIRED');
    expect(ended.DisconnectTimestamp).toBeInstanceOf(Date);
    expect((await describeContact(long.ContactId!)).DisconnectTimestamp).toBeUndefined();
    await client.send(new StopContactCommand({ InstanceId, ContactId: long.ContactId! }));
  });

  it('a flow that disconnects ends the chat at once; a missing flow is ResourceNotFound', async () => {
    const { ContactFlowId } = await client.send(
      new CreateContactFlowCommand({
        InstanceId,
        Name: 'Closed for the day',
        Type: 'CONTACT_FLOW',
        Content: JSON.stringify({
          Version: '2019-10-30',
          StartAction: 'bye',
          Actions: [{ Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
        }),
      }),
    );
    const started = await startChat({ ContactFlowId });
    const c = await describeContact(started.ContactId!);
    expect(c.DisconnectTimestamp).toBeInstanceOf(Date);
    expect(c.DisconnectReason).toBe('CONTACT_FLOW_DISCONNECT');
    expect(c.QueueInfo).toBeUndefined();
    await expectError(startChat({ ContactFlowId: MISSING }), 'ResourceNotFoundException', 404);
    await expectError(startChat({ ChatDurationInMinutes: 59 }), 'InvalidParameterException', 400);
    await expectError(startChat({ SupportedMessagingContentTypes: ['text/markdown'] }), 'InvalidParameterException', 400);
  });

  it('after a restart, the ClientToken of a live chat still answers that chat', async () => {
    const live = await startChat({ ContactFlowId: flows['Support inbound'], ClientToken: 'before-restart' });
    client.destroy();
    await server.close();
    await start();
    const again = await startChat({ ContactFlowId: flows['Support inbound'], ClientToken: 'before-restart' });
    expect([again.ContactId, again.ParticipantId, again.ParticipantToken]).toEqual([
      live.ContactId,
      live.ParticipantId,
      live.ParticipantToken,
    ]);
    expect((await describeContact(live.ContactId!)).QueueInfo?.Id).toBe(queues.Support);
  });
});
