/** Routing profiles through the unmodified @aws-sdk/client-connect, on every storage backend. */
import {
  AssociateRoutingProfileQueuesCommand,
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  CreateRoutingProfileCommand,
  type CreateRoutingProfileRequest,
  CreateUserCommand,
  DeleteRoutingProfileCommand,
  DeleteUserCommand,
  DescribeRoutingProfileCommand,
  DisassociateRoutingProfileQueuesCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  type MediaConcurrency,
  type RoutingProfileQueueConfig,
  UpdateRoutingProfileAgentAvailabilityTimerCommand,
  UpdateRoutingProfileConcurrencyCommand,
  UpdateRoutingProfileDefaultOutboundQueueCommand,
  UpdateRoutingProfileNameCommand,
  UpdateRoutingProfileQueuesCommand,
  UpdateUserRoutingProfileCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { OTHER_KEY, startTestServer, type TestServer } from '../../../test/harness.js';
import { expectError, MISSING, type SdkError } from '../../../test/sdk-errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const VOICE_ONLY: MediaConcurrency[] = [{ Channel: 'VOICE', Concurrency: 1 }];
const qcfg = (QueueId: string, Channel: 'VOICE' | 'CHAT' | 'TASK', Priority = 1, Delay = 0): RoutingProfileQueueConfig => ({
  QueueReference: { QueueId, Channel },
  Priority,
  Delay,
});

describe.each(backends)('routing profiles on $name', (backend) => {
  let ts: TestServer;
  let InstanceId: string;
  let arnPrefix: string;
  let sales: string;
  let support: string;
  let billing: string;
  const create = (input: Partial<CreateRoutingProfileRequest> & { Name: string }) =>
    ts.client.send(
      new CreateRoutingProfileCommand({
        InstanceId,
        Description: 'A profile',
        DefaultOutboundQueueId: sales,
        MediaConcurrencies: VOICE_ONLY,
        ...input,
      }),
    );
  const createId = async (Name: string, input: Partial<CreateRoutingProfileRequest> = {}) =>
    (await create({ Name, ...input })).RoutingProfileId as string;
  const describeProfile = async (RoutingProfileId: string) =>
    (await ts.client.send(new DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId }))).RoutingProfile;
  const listQueues = async (RoutingProfileId: string, MaxResults?: number) => {
    const items: Array<{
      QueueId?: string;
      QueueArn?: string;
      QueueName?: string;
      Priority?: number;
      Delay?: number;
      Channel?: string;
    }> = [];
    let NextToken: string | undefined;
    do {
      const page = await ts.client.send(
        new ListRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId, MaxResults, NextToken }),
      );
      if (MaxResults) expect(page.RoutingProfileQueueConfigSummaryList?.length).toBeLessThanOrEqual(MaxResults);
      expect(page.LastModifiedTime).toBeInstanceOf(Date);
      expect(page.LastModifiedRegion).toBe('us-east-1');
      items.push(...(page.RoutingProfileQueueConfigSummaryList ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return items;
  };

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    InstanceId = ts.instance.id;
    arnPrefix = `arn:aws:connect:us-east-1:123456789012:instance/${InstanceId}`;
    const { HoursOfOperationId } = await ts.client.send(
      new CreateHoursOfOperationCommand({
        InstanceId,
        Name: 'Always',
        TimeZone: 'UTC',
        Config: [{ Day: 'MONDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } }],
      }),
    );
    const queue = async (Name: string) =>
      (await ts.client.send(new CreateQueueCommand({ InstanceId, Name, HoursOfOperationId }))).QueueId as string;
    sales = await queue('Sales');
    support = await queue('Support');
    billing = await queue('Billing');
    await ts.store.resources.create(InstanceId, 'securityProfile', {
      id: 'sp-agent',
      name: 'Agent',
      tags: {},
      lastModifiedTime: Date.now(),
      permissions: [],
    });
  });
  afterAll(async () => ts?.close());

  it('CreateRoutingProfile then DescribeRoutingProfile returns every field', async () => {
    const before = Date.now();
    const created = await create({
      Name: 'Front line',
      Description: 'Voice and chat agents',
      DefaultOutboundQueueId: support,
      Tags: { team: 'cx' },
      MediaConcurrencies: [
        { Channel: 'VOICE', Concurrency: 1 },
        { Channel: 'CHAT', Concurrency: 3, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
        { Channel: 'TASK', Concurrency: 10 },
      ],
      QueueConfigs: [
        qcfg(sales, 'VOICE', 1, 0),
        qcfg(sales, 'CHAT', 2, 30),
        qcfg(`${arnPrefix}/queue/${support}`, 'VOICE', 5, 9999),
      ],
      AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND',
    });
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.RoutingProfileId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.RoutingProfileArn).toBe(`${arnPrefix}/routing-profile/${created.RoutingProfileId}`);
    const rp = await describeProfile(created.RoutingProfileId as string);
    expect(rp?.InstanceId).toBe(InstanceId);
    expect(rp?.RoutingProfileId).toBe(created.RoutingProfileId);
    expect(rp?.RoutingProfileArn).toBe(created.RoutingProfileArn);
    expect(rp?.Name).toBe('Front line');
    expect(rp?.Description).toBe('Voice and chat agents');
    expect(rp?.DefaultOutboundQueueId).toBe(support);
    expect(rp?.MediaConcurrencies).toEqual([
      { Channel: 'VOICE', Concurrency: 1, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
      { Channel: 'CHAT', Concurrency: 3, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
      { Channel: 'TASK', Concurrency: 10, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
    ]);
    expect(rp?.Tags).toEqual({ team: 'cx' });
    expect(rp?.NumberOfAssociatedQueues).toBe(2);
    expect(rp?.NumberOfAssociatedUsers).toBe(0);
    expect(rp?.AssociatedQueueIds?.sort()).toEqual([sales, support].sort());
    expect(rp?.AgentAvailabilityTimer).toBe('TIME_SINCE_LAST_INBOUND');
    expect(rp?.IsDefault).toBe(false);
    expect(rp?.LastModifiedTime).toBeInstanceOf(Date);
    expect(rp?.LastModifiedTime?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(rp?.LastModifiedTime?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(rp?.LastModifiedRegion).toBe('us-east-1');

    // Users are counted.
    for (const Username of ['agent1', 'agent2']) {
      await ts.client.send(
        new CreateUserCommand({
          InstanceId,
          Username,
          Password: 'Secret123',
          SecurityProfileIds: ['sp-agent'],
          RoutingProfileId: created.RoutingProfileId,
          PhoneConfig: { PhoneType: 'SOFT_PHONE' },
        }),
      );
    }
    expect((await describeProfile(created.RoutingProfileId as string))?.NumberOfAssociatedUsers).toBe(2);

    // Defaults: no queues, TIME_SINCE_LAST_ACTIVITY.
    const minimal = await describeProfile(await createId('Minimal'));
    expect(minimal).toMatchObject({
      NumberOfAssociatedQueues: 0,
      NumberOfAssociatedUsers: 0,
      AssociatedQueueIds: [],
      AgentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
      Tags: {},
    });
  });

  it('a RoutingProfileId label may be a full ARN', async () => {
    const { RoutingProfileId, RoutingProfileArn } = await create({ Name: 'By ARN' });
    expect((await describeProfile(RoutingProfileArn as string))?.RoutingProfileId).toBe(RoutingProfileId);
    await ts.client.send(
      new UpdateRoutingProfileNameCommand({ InstanceId, RoutingProfileId: RoutingProfileArn, Description: 'via ARN' }),
    );
    expect((await describeProfile(RoutingProfileId as string))?.Description).toBe('via ARN');
    await ts.client.send(new DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId: RoutingProfileArn }));
    await expectError(describeProfile(RoutingProfileId as string), 'ResourceNotFoundException', 404);
  });

  it('ListRoutingProfileQueues pages through every association once, with queue names and ARNs', async () => {
    const RoutingProfileId = await createId('Many queues', {
      MediaConcurrencies: [
        { Channel: 'VOICE', Concurrency: 1 },
        { Channel: 'CHAT', Concurrency: 2 },
        { Channel: 'TASK', Concurrency: 1 },
      ],
      QueueConfigs: [
        qcfg(support, 'TASK', 3, 3),
        qcfg(sales, 'CHAT', 2, 2),
        qcfg(billing, 'VOICE', 9, 90),
        qcfg(support, 'VOICE', 1, 1),
        qcfg(sales, 'VOICE', 4, 4),
      ],
    });
    const items = await listQueues(RoutingProfileId, 2);
    const arn = (id: string) => `${arnPrefix}/queue/${id}`;
    // By queue name, then channel.
    expect(items).toEqual([
      { QueueId: billing, QueueArn: arn(billing), QueueName: 'Billing', Priority: 9, Delay: 90, Channel: 'VOICE' },
      { QueueId: sales, QueueArn: arn(sales), QueueName: 'Sales', Priority: 4, Delay: 4, Channel: 'VOICE' },
      { QueueId: sales, QueueArn: arn(sales), QueueName: 'Sales', Priority: 2, Delay: 2, Channel: 'CHAT' },
      { QueueId: support, QueueArn: arn(support), QueueName: 'Support', Priority: 1, Delay: 1, Channel: 'VOICE' },
      { QueueId: support, QueueArn: arn(support), QueueName: 'Support', Priority: 3, Delay: 3, Channel: 'TASK' },
    ]);
    expect(await listQueues(RoutingProfileId)).toEqual(items);
  });

  it('the UpdateRoutingProfile* and association operations change their part and keep the rest', async () => {
    const RoutingProfileId = await createId('Changing', { QueueConfigs: [qcfg(sales, 'VOICE', 1, 0)] });
    const t0 = (await describeProfile(RoutingProfileId))?.LastModifiedTime?.getTime() ?? 0;
    await sleep(20);
    const ref = { InstanceId, RoutingProfileId };

    const out = await ts.client.send(new UpdateRoutingProfileNameCommand({ ...ref, Name: 'Changed' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(await describeProfile(RoutingProfileId)).toMatchObject({ Name: 'Changed', Description: 'A profile' });
    expect((await describeProfile(RoutingProfileId))?.LastModifiedTime?.getTime()).toBeGreaterThan(t0);
    await ts.client.send(new UpdateRoutingProfileNameCommand({ ...ref, Description: 'Updated' }));
    expect(await describeProfile(RoutingProfileId)).toMatchObject({ Name: 'Changed', Description: 'Updated' });

    await ts.client.send(
      new UpdateRoutingProfileConcurrencyCommand({
        ...ref,
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 5, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } }],
      }),
    );
    expect((await describeProfile(RoutingProfileId))?.MediaConcurrencies).toEqual([
      { Channel: 'CHAT', Concurrency: 5, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
    ]);

    await ts.client.send(
      new UpdateRoutingProfileDefaultOutboundQueueCommand({ ...ref, DefaultOutboundQueueId: `${arnPrefix}/queue/${billing}` }),
    );
    expect((await describeProfile(RoutingProfileId))?.DefaultOutboundQueueId).toBe(billing);

    await ts.client.send(
      new UpdateRoutingProfileAgentAvailabilityTimerCommand({ ...ref, AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND' }),
    );
    expect((await describeProfile(RoutingProfileId))?.AgentAvailabilityTimer).toBe('TIME_SINCE_LAST_INBOUND');

    await ts.client.send(
      new AssociateRoutingProfileQueuesCommand({
        ...ref,
        QueueConfigs: [qcfg(sales, 'CHAT', 2, 10), qcfg(support, 'TASK', 3, 20)],
      }),
    );
    expect((await listQueues(RoutingProfileId)).map((q) => [q.QueueName, q.Channel, q.Priority, q.Delay])).toEqual([
      ['Sales', 'VOICE', 1, 0],
      ['Sales', 'CHAT', 2, 10],
      ['Support', 'TASK', 3, 20],
    ]);
    expect(await describeProfile(RoutingProfileId)).toMatchObject({ NumberOfAssociatedQueues: 2 });

    await ts.client.send(new UpdateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [qcfg(sales, 'CHAT', 50, 600)] }));
    expect((await listQueues(RoutingProfileId)).map((q) => [q.QueueName, q.Channel, q.Priority, q.Delay])).toEqual([
      ['Sales', 'VOICE', 1, 0],
      ['Sales', 'CHAT', 50, 600],
      ['Support', 'TASK', 3, 20],
    ]);

    await ts.client.send(
      new DisassociateRoutingProfileQueuesCommand({
        ...ref,
        QueueReferences: [
          { QueueId: sales, Channel: 'VOICE' },
          { QueueId: billing, Channel: 'CHAT' },
        ],
      }),
    );
    expect((await listQueues(RoutingProfileId)).map((q) => [q.QueueName, q.Channel])).toEqual([
      ['Sales', 'CHAT'],
      ['Support', 'TASK'],
    ]);
    await ts.client.send(
      new DisassociateRoutingProfileQueuesCommand({ ...ref, QueueReferences: [{ QueueId: support, Channel: 'TASK' }] }),
    );
    const rp = await describeProfile(RoutingProfileId);
    expect(rp).toMatchObject({
      Name: 'Changed',
      Description: 'Updated',
      DefaultOutboundQueueId: billing,
      AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND',
      NumberOfAssociatedQueues: 1,
      AssociatedQueueIds: [sales],
    });
  });

  it('invalid input is InvalidParameterException and changes nothing', async () => {
    const bad: Array<Record<string, unknown>> = [
      { Name: '' },
      { Name: 'n'.repeat(128) },
      { Name: 'No description', Description: undefined },
      { Name: 'Email', MediaConcurrencies: [{ Channel: 'EMAIL', Concurrency: 1 }] },
      { Name: 'Two voice', MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 2 }] },
      { Name: 'Zero chat', MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 0 }] },
      { Name: 'Eleven tasks', MediaConcurrencies: [{ Channel: 'TASK', Concurrency: 11 }] },
      {
        Name: 'Voice twice',
        MediaConcurrencies: [
          { Channel: 'VOICE', Concurrency: 1 },
          { Channel: 'VOICE', Concurrency: 1 },
        ],
      },
      { Name: 'No channels', MediaConcurrencies: [] },
      {
        Name: 'Bad behaviour',
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2, CrossChannelBehavior: { BehaviorType: 'ROUTE_ALL' } }],
      },
      { Name: 'Priority 0', QueueConfigs: [qcfg(sales, 'VOICE', 0)] },
      { Name: 'Priority 100', QueueConfigs: [qcfg(sales, 'VOICE', 100)] },
      { Name: 'Delay -1', QueueConfigs: [qcfg(sales, 'VOICE', 1, -1)] },
      { Name: 'Delay 10000', QueueConfigs: [qcfg(sales, 'VOICE', 1, 10000)] },
      { Name: 'Email queue', QueueConfigs: [{ QueueReference: { QueueId: sales, Channel: 'EMAIL' }, Priority: 1, Delay: 0 }] },
      { Name: 'Missing queue', QueueConfigs: [qcfg(MISSING, 'VOICE')] },
      { Name: 'Pair twice', QueueConfigs: [qcfg(sales, 'VOICE', 1), qcfg(`${arnPrefix}/queue/${sales}`, 'VOICE', 2)] },
      { Name: 'Missing outbound', DefaultOutboundQueueId: MISSING },
      { Name: 'Bad timer', AgentAvailabilityTimer: 'WHENEVER' },
      { Name: 'Manual', ManualAssignmentQueueConfigs: [{ QueueReference: { QueueId: sales, Channel: 'CHAT' } }] },
    ];
    for (const input of bad) await expectError(create(input as never), 'InvalidParameterException', 400);
    const stored = (await ts.store.resources.all(InstanceId, 'routingProfile')).map((r) => r.name);
    for (const input of bad) expect(stored).not.toContain(input.Name);

    const RoutingProfileId = await createId('Validated', { QueueConfigs: [qcfg(sales, 'VOICE', 1, 0)] });
    const ref = { InstanceId, RoutingProfileId };
    const fail = (p: Promise<unknown>) => expectError(p, 'InvalidParameterException', 400);
    await fail(
      ts.client.send(
        new UpdateRoutingProfileConcurrencyCommand({ ...ref, MediaConcurrencies: [{ Channel: 'EMAIL', Concurrency: 1 }] }),
      ),
    );
    await fail(
      ts.client.send(
        new UpdateRoutingProfileConcurrencyCommand({ ...ref, MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 0 }] }),
      ),
    );
    await fail(ts.client.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ ...ref, DefaultOutboundQueueId: MISSING })));
    await fail(
      ts.client.send(new UpdateRoutingProfileAgentAvailabilityTimerCommand({ ...ref, AgentAvailabilityTimer: 'NEVER' as never })),
    );
    await fail(ts.client.send(new UpdateRoutingProfileNameCommand({ ...ref, Description: 'd'.repeat(251) })));
    // UpdateRoutingProfileQueues only changes associations that exist.
    await fail(ts.client.send(new UpdateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [qcfg(sales, 'CHAT', 2)] })));
    await fail(ts.client.send(new UpdateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [qcfg(sales, 'VOICE', 100)] })));
    await fail(ts.client.send(new UpdateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [] })));
    await fail(ts.client.send(new AssociateRoutingProfileQueuesCommand({ ...ref })));
    await fail(ts.client.send(new AssociateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [qcfg(MISSING, 'VOICE')] })));
    await fail(
      ts.client.send(
        new AssociateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [qcfg(support, 'CHAT'), qcfg(support, 'CHAT')] }),
      ),
    );
    await fail(
      ts.client.send(
        new AssociateRoutingProfileQueuesCommand({
          ...ref,
          QueueConfigs: Array.from({ length: 11 }, (_, i) => qcfg(support, 'CHAT', i + 1)),
        }),
      ),
    );
    await fail(ts.client.send(new DisassociateRoutingProfileQueuesCommand({ ...ref })));
    await fail(
      ts.client.send(
        new DisassociateRoutingProfileQueuesCommand({ ...ref, QueueReferences: [{ QueueId: sales, Channel: 'EMAIL' }] }),
      ),
    );
    await fail(ts.client.send(new ListRoutingProfileQueuesCommand({ ...ref, MaxResults: 101 })));
    await fail(ts.client.send(new ListRoutingProfilesCommand({ InstanceId, NextToken: 'garbage' })));
    // A pair already associated is a duplicate.
    await expectError(
      ts.client.send(new AssociateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [qcfg(sales, 'VOICE', 3)] })),
      'DuplicateResourceException',
      409,
    );

    const rp = await describeProfile(RoutingProfileId);
    expect(rp).toMatchObject({
      Name: 'Validated',
      DefaultOutboundQueueId: sales,
      AgentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
      AssociatedQueueIds: [sales],
    });
    expect(rp?.MediaConcurrencies).toEqual([
      { Channel: 'VOICE', Concurrency: 1, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
    ]);
    expect((await listQueues(RoutingProfileId)).map((q) => [q.Channel, q.Priority])).toEqual([['VOICE', 1]]);
  });

  it('a taken name is DuplicateResourceException, on create and on rename', async () => {
    await createId('Twice');
    const other = await createId('Once');
    await expectError(create({ Name: 'Twice' }), 'DuplicateResourceException', 409);
    await expectError(
      ts.client.send(new UpdateRoutingProfileNameCommand({ InstanceId, RoutingProfileId: other, Name: 'Twice' })),
      'DuplicateResourceException',
      409,
    );
    expect((await describeProfile(other))?.Name).toBe('Once');
  });

  it('unknown routing profiles are ResourceNotFound', async () => {
    const ref = { InstanceId, RoutingProfileId: MISSING };
    const missing = (p: Promise<unknown>) => expectError(p, 'ResourceNotFoundException', 404);
    await missing(describeProfile(MISSING));
    await missing(ts.client.send(new UpdateRoutingProfileNameCommand({ ...ref, Name: 'x' })));
    await missing(ts.client.send(new UpdateRoutingProfileConcurrencyCommand({ ...ref, MediaConcurrencies: VOICE_ONLY })));
    await missing(ts.client.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ ...ref, DefaultOutboundQueueId: sales })));
    await missing(ts.client.send(new UpdateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [qcfg(sales, 'VOICE')] })));
    await missing(ts.client.send(new AssociateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [qcfg(sales, 'VOICE')] })));
    await missing(
      ts.client.send(
        new DisassociateRoutingProfileQueuesCommand({ ...ref, QueueReferences: [{ QueueId: sales, Channel: 'VOICE' }] }),
      ),
    );
    await missing(
      ts.client.send(
        new UpdateRoutingProfileAgentAvailabilityTimerCommand({ ...ref, AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND' }),
      ),
    );
    await missing(ts.client.send(new DeleteRoutingProfileCommand(ref)));
    await missing(ts.client.send(new ListRoutingProfileQueuesCommand(ref)));
    await missing(ts.client.send(new ListRoutingProfilesCommand({ InstanceId: MISSING })));
  });

  it('ListRoutingProfiles pages through every profile exactly once', async () => {
    for (let i = 0; i < 6; i++) await createId(`Paged ${i}`);
    const stored = await ts.store.resources.all(InstanceId, 'routingProfile');
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ts.client.send(new ListRoutingProfilesCommand({ InstanceId, MaxResults: 4, NextToken }));
      expect(page.RoutingProfileSummaryList?.length).toBeLessThanOrEqual(4);
      for (const s of page.RoutingProfileSummaryList ?? []) {
        const rp = stored.find((x) => x.id === s.Id);
        expect(s).toEqual({
          Id: rp?.id,
          Arn: `${arnPrefix}/routing-profile/${rp?.id}`,
          Name: rp?.name,
          LastModifiedTime: new Date(rp?.lastModifiedTime ?? 0),
          LastModifiedRegion: 'us-east-1',
        });
        seen.push(s.Id as string);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    expect(seen.sort()).toEqual(stored.map((r) => r.id).sort());
  });

  it('DeleteRoutingProfile deletes an unused profile and refuses one users have', async () => {
    const unused = await createId('Disposable');
    const out = await ts.client.send(new DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId: unused }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    await expectError(describeProfile(unused), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId: unused })),
      'ResourceNotFoundException',
      404,
    );

    const used = await createId('In use');
    const spare = await createId('Spare');
    const user = async (Username: string) =>
      (
        await ts.client.send(
          new CreateUserCommand({
            InstanceId,
            Username,
            Password: 'Secret123',
            SecurityProfileIds: ['sp-agent'],
            RoutingProfileId: used,
            PhoneConfig: { PhoneType: 'SOFT_PHONE' },
          }),
        )
      ).UserId as string;
    const u1 = await user('holder1');
    const u2 = await user('holder2');
    const err = await expectError(
      ts.client.send(new DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId: used })),
      'ResourceInUseException',
      409,
    );
    expect(err.message).toMatch(/holder1/);
    expect((err as SdkError & { ResourceId?: string }).ResourceId).toBe(used);
    await ts.client.send(new UpdateUserRoutingProfileCommand({ InstanceId, UserId: u1, RoutingProfileId: spare }));
    await expectError(
      ts.client.send(new DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId: used })),
      'ResourceInUseException',
      409,
    );
    await ts.client.send(new DeleteUserCommand({ InstanceId, UserId: u2 }));
    await ts.client.send(new DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId: used }));
    await expectError(describeProfile(used), 'ResourceNotFoundException', 404);
    expect((await describeProfile(spare))?.NumberOfAssociatedUsers).toBe(1);
  });

  it("another key cannot reach this instance's routing profiles", async () => {
    const other = ts.clientWith(OTHER_KEY);
    const RoutingProfileId = await createId('Private');
    const ref = { InstanceId, RoutingProfileId };
    const denied = (p: Promise<unknown>) => expectError(p, 'AccessDeniedException', 403);
    await denied(
      other.send(
        new CreateRoutingProfileCommand({
          InstanceId,
          Name: 'Evil',
          Description: 'x',
          DefaultOutboundQueueId: sales,
          MediaConcurrencies: VOICE_ONLY,
        }),
      ),
    );
    await denied(other.send(new DescribeRoutingProfileCommand(ref)));
    await denied(other.send(new UpdateRoutingProfileNameCommand({ ...ref, Name: 'x' })));
    await denied(other.send(new UpdateRoutingProfileConcurrencyCommand({ ...ref, MediaConcurrencies: VOICE_ONLY })));
    await denied(other.send(new AssociateRoutingProfileQueuesCommand({ ...ref, QueueConfigs: [qcfg(sales, 'VOICE')] })));
    await denied(other.send(new DeleteRoutingProfileCommand(ref)));
    await denied(other.send(new ListRoutingProfilesCommand({ InstanceId })));
    await denied(other.send(new ListRoutingProfileQueuesCommand(ref)));
    await expectError(
      other.send(new DescribeRoutingProfileCommand({ InstanceId: ts.otherInstance.id, RoutingProfileId })),
      'ResourceNotFoundException',
      404,
    );
    // The other instance's own queues are not ours: our queue ids do not exist there.
    await expectError(
      other.send(
        new CreateRoutingProfileCommand({
          InstanceId: ts.otherInstance.id,
          Name: 'Borrowing',
          Description: 'x',
          DefaultOutboundQueueId: sales,
          MediaConcurrencies: VOICE_ONLY,
        }),
      ),
      'InvalidParameterException',
      400,
    );
    expect((await describeProfile(RoutingProfileId))?.Name).toBe('Private');
  });
});
