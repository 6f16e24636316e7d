/** Quick connects through the unmodified @aws-sdk/client-connect, on every storage backend. */
import {
  CreateContactFlowCommand,
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  CreateQuickConnectCommand,
  type CreateQuickConnectRequest,
  CreateUserCommand,
  DeleteQuickConnectCommand,
  DescribeQuickConnectCommand,
  ListQuickConnectsCommand,
  type QuickConnectConfig,
  UpdateQuickConnectConfigCommand,
  UpdateQuickConnectNameCommand,
} from '@aws-sdk/client-connect';
import { buildSimpleFlow } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { OTHER_KEY, startTestServer, type TestServer } from '../../../test/harness.js';
import { expectError, MISSING } from '../../../test/sdk-errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PHONE: QuickConnectConfig = { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+442071838750' } };

describe.each(backends)('quick connects on $name', (backend) => {
  let ts: TestServer;
  let InstanceId: string;
  let arnPrefix: string;
  let queueId: string;
  let userId: string;
  let agentFlow: string;
  let queueFlow: string;
  const create = (input: Partial<CreateQuickConnectRequest> & { Name: string }) =>
    ts.client.send(new CreateQuickConnectCommand({ InstanceId, QuickConnectConfig: PHONE, ...input }));
  const createId = async (Name: string, input: Partial<CreateQuickConnectRequest> = {}) =>
    (await create({ Name, ...input })).QuickConnectId as string;
  const describeQc = async (QuickConnectId: string) =>
    (await ts.client.send(new DescribeQuickConnectCommand({ InstanceId, QuickConnectId }))).QuickConnect;
  const list = async (QuickConnectTypes?: Array<'USER' | 'QUEUE' | 'PHONE_NUMBER' | 'FLOW'>, MaxResults = 2) => {
    const items: Array<{ Id?: string; Name?: string; QuickConnectType?: string }> = [];
    let NextToken: string | undefined;
    do {
      const page = await ts.client.send(new ListQuickConnectsCommand({ InstanceId, QuickConnectTypes, MaxResults, NextToken }));
      expect(page.QuickConnectSummaryList?.length).toBeLessThanOrEqual(MaxResults);
      for (const s of page.QuickConnectSummaryList ?? []) {
        expect(s.Arn).toBe(`${arnPrefix}/transfer-destination/${s.Id}`);
        expect(s.LastModifiedTime).toBeInstanceOf(Date);
        expect(s.LastModifiedRegion).toBe('us-east-1');
        items.push(s);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return items;
  };

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    InstanceId = ts.instance.id;
    arnPrefix = `arn:aws:connect:us-east-1:123456789012:instance/${InstanceId}`;
    const { HoursOfOperationId } = await ts.client.send(
      new CreateHoursOfOperationCommand({ InstanceId, Name: 'Always', TimeZone: 'UTC', Config: [] }),
    );
    queueId = (await ts.client.send(new CreateQueueCommand({ InstanceId, Name: 'Escalations', HoursOfOperationId })))
      .QueueId as string;
    const flow = async (Name: string, Type: 'AGENT_TRANSFER' | 'QUEUE_TRANSFER') =>
      (await ts.client.send(new CreateContactFlowCommand({ InstanceId, Name, Type, Content: buildSimpleFlow({}) })))
        .ContactFlowId as string;
    agentFlow = await flow('Agent transfer', 'AGENT_TRANSFER');
    queueFlow = await flow('Queue transfer', 'QUEUE_TRANSFER');
    await ts.store.resources.create(InstanceId, 'securityProfile', {
      id: 'sp-agent',
      name: 'Agent',
      tags: {},
      lastModifiedTime: Date.now(),
      permissions: [],
    });
    await ts.store.resources.create(InstanceId, 'routingProfile', {
      id: 'rp-basic',
      name: 'Basic',
      tags: {},
      lastModifiedTime: Date.now(),
      defaultOutboundQueueId: queueId,
      mediaConcurrencies: [{ channel: 'VOICE', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' }],
      queueConfigs: [],
      agentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
    });
    userId = (
      await ts.client.send(
        new CreateUserCommand({
          InstanceId,
          Username: 'jane',
          Password: 'Secret123',
          SecurityProfileIds: ['sp-agent'],
          RoutingProfileId: 'rp-basic',
          PhoneConfig: { PhoneType: 'SOFT_PHONE' },
        }),
      )
    ).UserId as string;
  });
  afterAll(async () => ts?.close());

  it('CreateQuickConnect then DescribeQuickConnect returns every field, for each type', async () => {
    const before = Date.now();
    const cases: Array<[string, QuickConnectConfig, QuickConnectConfig]> = [
      [
        'To Jane',
        { QuickConnectType: 'USER', UserConfig: { UserId: userId, ContactFlowId: agentFlow } },
        { QuickConnectType: 'USER', UserConfig: { UserId: userId, ContactFlowId: agentFlow } },
      ],
      [
        'To escalations',
        {
          QuickConnectType: 'QUEUE',
          QueueConfig: { QueueId: `${arnPrefix}/queue/${queueId}`, ContactFlowId: `${arnPrefix}/contact-flow/${queueFlow}` },
        },
        { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: queueId, ContactFlowId: queueFlow } },
      ],
      ['Head office', PHONE, PHONE],
    ];
    for (const [Name, QuickConnectConfig, expected] of cases) {
      const created = await create({
        Name,
        QuickConnectConfig,
        Description: `About ${Name}`,
        Tags: { kind: QuickConnectConfig.QuickConnectType as string },
      });
      expect(created.$metadata.httpStatusCode).toBe(200);
      expect(created.QuickConnectId).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.QuickConnectARN).toBe(`${arnPrefix}/transfer-destination/${created.QuickConnectId}`);
      const qc = await describeQc(created.QuickConnectId as string);
      expect(qc?.QuickConnectId).toBe(created.QuickConnectId);
      expect(qc?.QuickConnectARN).toBe(created.QuickConnectARN);
      expect(qc?.Name).toBe(Name);
      expect(qc?.Description).toBe(`About ${Name}`);
      expect(qc?.QuickConnectConfig).toEqual(expected);
      expect(qc?.Tags).toEqual({ kind: QuickConnectConfig.QuickConnectType });
      expect(qc?.LastModifiedTime).toBeInstanceOf(Date);
      expect(qc?.LastModifiedTime?.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(qc?.LastModifiedTime?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect(qc?.LastModifiedRegion).toBe('us-east-1');
    }
    // Configs for other types are ignored.
    const extra = await createId('Phone with extras', {
      QuickConnectConfig: { ...PHONE, UserConfig: { UserId: userId, ContactFlowId: agentFlow } },
    });
    expect((await describeQc(extra))?.QuickConnectConfig).toEqual(PHONE);
    expect((await describeQc(extra))?.Description).toBeUndefined();
  });

  it('a QuickConnectId label may be a full ARN', async () => {
    const { QuickConnectId, QuickConnectARN } = await create({ Name: 'By ARN' });
    expect((await describeQc(QuickConnectARN as string))?.QuickConnectId).toBe(QuickConnectId);
    await ts.client.send(
      new UpdateQuickConnectNameCommand({ InstanceId, QuickConnectId: QuickConnectARN, Description: 'via ARN' }),
    );
    expect((await describeQc(QuickConnectId as string))?.Description).toBe('via ARN');
    await ts.client.send(new DeleteQuickConnectCommand({ InstanceId, QuickConnectId: QuickConnectARN }));
    await expectError(describeQc(QuickConnectId as string), 'ResourceNotFoundException', 404);
  });

  it('UpdateQuickConnectName and UpdateQuickConnectConfig change their part and keep the rest', async () => {
    const QuickConnectId = await createId('Changing', { Description: 'Old' });
    const t0 = (await describeQc(QuickConnectId))?.LastModifiedTime?.getTime() ?? 0;
    await sleep(20);
    const out = await ts.client.send(new UpdateQuickConnectNameCommand({ InstanceId, QuickConnectId, Name: 'Changed' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(await describeQc(QuickConnectId)).toMatchObject({ Name: 'Changed', Description: 'Old', QuickConnectConfig: PHONE });
    expect((await describeQc(QuickConnectId))?.LastModifiedTime?.getTime()).toBeGreaterThan(t0);
    await ts.client.send(new UpdateQuickConnectNameCommand({ InstanceId, QuickConnectId, Description: 'New' }));
    expect(await describeQc(QuickConnectId)).toMatchObject({ Name: 'Changed', Description: 'New' });

    const toQueue: QuickConnectConfig = {
      QuickConnectType: 'QUEUE',
      QueueConfig: { QueueId: queueId, ContactFlowId: queueFlow },
    };
    await ts.client.send(new UpdateQuickConnectConfigCommand({ InstanceId, QuickConnectId, QuickConnectConfig: toQueue }));
    expect((await describeQc(QuickConnectId))?.QuickConnectConfig).toEqual(toQueue);
    const toUser: QuickConnectConfig = { QuickConnectType: 'USER', UserConfig: { UserId: userId, ContactFlowId: agentFlow } };
    await ts.client.send(new UpdateQuickConnectConfigCommand({ InstanceId, QuickConnectId, QuickConnectConfig: toUser }));
    // The QUEUE config is gone, not merged.
    expect((await describeQc(QuickConnectId))?.QuickConnectConfig).toEqual(toUser);
    expect(await describeQc(QuickConnectId)).toMatchObject({ Name: 'Changed', Description: 'New' });
  });

  it('invalid input is InvalidParameterException and changes nothing', async () => {
    const bad: Array<[string, unknown]> = [
      ['', PHONE],
      ['n'.repeat(128), PHONE],
      ['Flow type', { QuickConnectType: 'FLOW', FlowConfig: { ContactFlowId: queueFlow } }],
      ['Bogus type', { QuickConnectType: 'CARRIER_PIGEON' }],
      ['User without config', { QuickConnectType: 'USER' }],
      ['Queue without config', { QuickConnectType: 'QUEUE', UserConfig: { UserId: userId, ContactFlowId: agentFlow } }],
      ['Phone without config', { QuickConnectType: 'PHONE_NUMBER' }],
      ['Missing user', { QuickConnectType: 'USER', UserConfig: { UserId: MISSING, ContactFlowId: agentFlow } }],
      ['Missing user flow', { QuickConnectType: 'USER', UserConfig: { UserId: userId, ContactFlowId: MISSING } }],
      ['User without flow', { QuickConnectType: 'USER', UserConfig: { UserId: userId } }],
      ['Missing queue', { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: MISSING, ContactFlowId: queueFlow } }],
      ['Missing queue flow', { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: queueId, ContactFlowId: MISSING } }],
      ['Local number', { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '020 7183 8750' } }],
      ['No plus', { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '442071838750' } }],
      ['Too long', { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+4420718387501234' } }],
    ];
    for (const [Name, QuickConnectConfig] of bad)
      await expectError(create({ Name, QuickConnectConfig: QuickConnectConfig as never }), 'InvalidParameterException', 400);
    await expectError(create({ Name: 'Long description', Description: 'd'.repeat(251) }), 'InvalidParameterException', 400);
    const stored = (await ts.store.resources.all(InstanceId, 'quickConnect')).map((q) => q.name);
    for (const [Name] of bad) expect(stored).not.toContain(Name);

    const QuickConnectId = await createId('Validated');
    for (const [, QuickConnectConfig] of bad.slice(2))
      await expectError(
        ts.client.send(
          new UpdateQuickConnectConfigCommand({ InstanceId, QuickConnectId, QuickConnectConfig: QuickConnectConfig as never }),
        ),
        'InvalidParameterException',
        400,
      );
    await expectError(
      ts.client.send(new UpdateQuickConnectNameCommand({ InstanceId, QuickConnectId, Name: '' })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new ListQuickConnectsCommand({ InstanceId, QuickConnectTypes: ['BOGUS' as never] })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new ListQuickConnectsCommand({ InstanceId, MaxResults: 0 })),
      'InvalidParameterException',
      400,
    );
    expect(await describeQc(QuickConnectId)).toMatchObject({ Name: 'Validated', QuickConnectConfig: PHONE });
  });

  it('a taken name is DuplicateResourceException, on create and on rename', async () => {
    await createId('Twice');
    const other = await createId('Once');
    await expectError(create({ Name: 'Twice' }), 'DuplicateResourceException', 409);
    await expectError(
      ts.client.send(new UpdateQuickConnectNameCommand({ InstanceId, QuickConnectId: other, Name: 'Twice' })),
      'DuplicateResourceException',
      409,
    );
    expect((await describeQc(other))?.Name).toBe('Once');
  });

  it('unknown quick connects are ResourceNotFound', async () => {
    const ref = { InstanceId, QuickConnectId: MISSING };
    await expectError(describeQc(MISSING), 'ResourceNotFoundException', 404);
    await expectError(ts.client.send(new UpdateQuickConnectNameCommand({ ...ref, Name: 'x' })), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new UpdateQuickConnectConfigCommand({ ...ref, QuickConnectConfig: PHONE })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(ts.client.send(new DeleteQuickConnectCommand(ref)), 'ResourceNotFoundException', 404);
    await expectError(ts.client.send(new ListQuickConnectsCommand({ InstanceId: MISSING })), 'ResourceNotFoundException', 404);
  });

  it('ListQuickConnects pages through every quick connect exactly once, and filters by type', async () => {
    for (let i = 0; i < 5; i++) await createId(`Paged ${i}`);
    await createId('Paged user', {
      QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: userId, ContactFlowId: agentFlow } },
    });
    const stored = await ts.store.resources.all(InstanceId, 'quickConnect');
    const all = await list(undefined, 3);
    expect(all.map((s) => s.Id).sort()).toEqual(stored.map((q) => q.id).sort());
    for (const s of all) {
      const q = stored.find((x) => x.id === s.Id);
      expect(s).toMatchObject({ Name: q?.name, QuickConnectType: q?.type, LastModifiedTime: new Date(q?.lastModifiedTime ?? 0) });
    }
    const byType = (t: string) =>
      stored
        .filter((q) => q.type === t)
        .map((q) => q.id)
        .sort();
    const users = await list(['USER'], 1);
    expect(users.map((s) => s.Id).sort()).toEqual(byType('USER'));
    expect(users.every((s) => s.QuickConnectType === 'USER')).toBe(true);
    const mixed = await list(['QUEUE', 'PHONE_NUMBER'], 2);
    expect(mixed.map((s) => s.Id).sort()).toEqual([...byType('QUEUE'), ...byType('PHONE_NUMBER')].sort());
    expect(await list(['FLOW'])).toEqual([]);
  });

  it('DeleteQuickConnect deletes it', async () => {
    const QuickConnectId = await createId('Disposable');
    const out = await ts.client.send(new DeleteQuickConnectCommand({ InstanceId, QuickConnectId }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    await expectError(describeQc(QuickConnectId), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new DeleteQuickConnectCommand({ InstanceId, QuickConnectId })),
      'ResourceNotFoundException',
      404,
    );
    expect((await list()).map((s) => s.Id)).not.toContain(QuickConnectId);
  });

  it("another key cannot reach this instance's quick connects", async () => {
    const other = ts.clientWith(OTHER_KEY);
    const QuickConnectId = await createId('Private');
    const ref = { InstanceId, QuickConnectId };
    const denied = (p: Promise<unknown>) => expectError(p, 'AccessDeniedException', 403);
    await denied(other.send(new CreateQuickConnectCommand({ InstanceId, Name: 'Evil', QuickConnectConfig: PHONE })));
    await denied(other.send(new DescribeQuickConnectCommand(ref)));
    await denied(other.send(new UpdateQuickConnectNameCommand({ ...ref, Name: 'x' })));
    await denied(other.send(new UpdateQuickConnectConfigCommand({ ...ref, QuickConnectConfig: PHONE })));
    await denied(other.send(new DeleteQuickConnectCommand(ref)));
    await denied(other.send(new ListQuickConnectsCommand({ InstanceId })));
    await expectError(
      other.send(new DescribeQuickConnectCommand({ InstanceId: ts.otherInstance.id, QuickConnectId })),
      'ResourceNotFoundException',
      404,
    );
    // Our user and flow do not exist in the other instance.
    await expectError(
      other.send(
        new CreateQuickConnectCommand({
          InstanceId: ts.otherInstance.id,
          Name: 'Borrowing',
          QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: userId, ContactFlowId: agentFlow } },
        }),
      ),
      'InvalidParameterException',
      400,
    );
    expect((await describeQc(QuickConnectId))?.Name).toBe('Private');
  });
});
