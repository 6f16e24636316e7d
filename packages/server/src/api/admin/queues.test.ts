/** Queues through the unmodified @aws-sdk/client-connect, on every storage backend. */
import {
  AssociateQueueQuickConnectsCommand,
  CreateContactFlowCommand,
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  type CreateQueueRequest,
  CreateQuickConnectCommand,
  CreateRoutingProfileCommand,
  DeleteContactFlowCommand,
  DeleteQueueCommand,
  DeleteQuickConnectCommand,
  DeleteRoutingProfileCommand,
  DescribeQueueCommand,
  DisassociateQueueQuickConnectsCommand,
  ListQueueQuickConnectsCommand,
  ListQueuesCommand,
  UpdateQueueHoursOfOperationCommand,
  UpdateQueueMaxContactsCommand,
  UpdateQueueNameCommand,
  UpdateQueueOutboundCallerConfigCommand,
  UpdateQueueStatusCommand,
} from '@aws-sdk/client-connect';
import { buildSimpleFlow } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { bareUser, OTHER_KEY, startTestServer, type TestServer } from '../../../test/harness.js';
import { expectError, MISSING, type SdkError } from '../../../test/sdk-errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends)('queues on $name', (backend) => {
  let ts: TestServer;
  let InstanceId: string;
  let arnPrefix: string;
  let hoursA: string;
  let hoursB: string;
  let flowId: string;
  const create = async (input: Partial<CreateQueueRequest> & { Name: string }) =>
    ts.client.send(new CreateQueueCommand({ InstanceId, HoursOfOperationId: hoursA, ...input }));
  const createId = async (Name: string, input: Partial<CreateQueueRequest> = {}) =>
    (await create({ Name, ...input })).QueueId as string;
  const describeQueue = async (QueueId: string) =>
    (await ts.client.send(new DescribeQueueCommand({ InstanceId, QueueId }))).Queue;
  const phoneQuickConnect = async (Name: string) =>
    (
      await ts.client.send(
        new CreateQuickConnectCommand({
          InstanceId,
          Name,
          QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+12065550100' } },
        }),
      )
    ).QuickConnectId as string;
  const hours = async (Name: string) =>
    (
      await ts.client.send(
        new CreateHoursOfOperationCommand({
          InstanceId,
          Name,
          TimeZone: 'UTC',
          Config: [{ Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }],
        }),
      )
    ).HoursOfOperationId as string;

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    InstanceId = ts.instance.id;
    arnPrefix = `arn:aws:connect:us-east-1:123456789012:instance/${InstanceId}`;
    hoursA = await hours('Office');
    hoursB = await hours('Weekend');
    flowId = (
      await ts.client.send(
        new CreateContactFlowCommand({
          InstanceId,
          Name: 'Outbound whisper',
          Type: 'OUTBOUND_WHISPER',
          Content: JSON.stringify({
            Version: '2019-10-30',
            StartAction: 'end',
            Actions: [{ Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
          }),
        }),
      )
    ).ContactFlowId as string;
  });
  afterAll(async () => ts?.close());

  it('CreateQueue then DescribeQueue returns every field', async () => {
    const before = Date.now();
    const qc = await phoneQuickConnect('Front desk');
    const created = await create({
      Name: 'Sales',
      Description: 'Inbound sales',
      MaxContacts: 25,
      QuickConnectIds: [qc],
      Tags: { team: 'sales' },
      OutboundCallerConfig: { OutboundCallerIdName: 'Acme Sales', OutboundCallerIdNumberId: 'number-1', OutboundFlowId: flowId },
    });
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.QueueId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.QueueArn).toBe(`${arnPrefix}/queue/${created.QueueId}`);
    const q = await describeQueue(created.QueueId as string);
    expect(q?.QueueId).toBe(created.QueueId);
    expect(q?.QueueArn).toBe(created.QueueArn);
    expect(q?.Name).toBe('Sales');
    expect(q?.Description).toBe('Inbound sales');
    expect(q?.HoursOfOperationId).toBe(hoursA);
    expect(q?.MaxContacts).toBe(25);
    expect(q?.Status).toBe('ENABLED');
    expect(q?.OutboundCallerConfig).toEqual({
      OutboundCallerIdName: 'Acme Sales',
      OutboundCallerIdNumberId: 'number-1',
      OutboundFlowId: flowId,
    });
    expect(q?.Tags).toEqual({ team: 'sales' });
    expect(q?.LastModifiedTime).toBeInstanceOf(Date);
    expect(q?.LastModifiedTime?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(q?.LastModifiedTime?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(q?.LastModifiedRegion).toBe('us-east-1');
    const listed = await ts.client.send(new ListQueueQuickConnectsCommand({ InstanceId, QueueId: created.QueueId }));
    expect(listed.QuickConnectSummaryList?.map((s) => s.Id)).toEqual([qc]);

    // The minimum: no description, no limit, no caller config; an ARN works for ids.
    const minimal = await create({ Name: 'Minimal', HoursOfOperationId: `${arnPrefix}/operating-hours/${hoursB}` });
    const m = await describeQueue(minimal.QueueId as string);
    expect(m?.QueueId).toBe(minimal.QueueId);
    expect(m?.HoursOfOperationId).toBe(hoursB);
    expect(m?.Description).toBeUndefined();
    expect(m?.MaxContacts).toBeUndefined();
    expect(m?.OutboundCallerConfig).toBeUndefined();
    expect(m?.Tags).toEqual({});
  });

  it('the UpdateQueue* operations change their part and keep the rest', async () => {
    const QueueId = await createId('Support', { Description: 'Old', MaxContacts: 5 });
    const t0 = (await describeQueue(QueueId))?.LastModifiedTime?.getTime() ?? 0;
    await sleep(20);

    const out = await ts.client.send(new UpdateQueueNameCommand({ InstanceId, QueueId, Name: 'Customer support' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(await describeQueue(QueueId)).toMatchObject({ Name: 'Customer support', Description: 'Old', MaxContacts: 5 });
    expect((await describeQueue(QueueId))?.LastModifiedTime?.getTime()).toBeGreaterThan(t0);
    await ts.client.send(new UpdateQueueNameCommand({ InstanceId, QueueId, Description: 'New' }));
    expect(await describeQueue(QueueId)).toMatchObject({ Name: 'Customer support', Description: 'New' });

    await ts.client.send(new UpdateQueueHoursOfOperationCommand({ InstanceId, QueueId, HoursOfOperationId: hoursB }));
    expect((await describeQueue(QueueId))?.HoursOfOperationId).toBe(hoursB);

    await ts.client.send(new UpdateQueueMaxContactsCommand({ InstanceId, QueueId, MaxContacts: 0 }));
    expect((await describeQueue(QueueId))?.MaxContacts).toBe(0);
    await ts.client.send(new UpdateQueueMaxContactsCommand({ InstanceId, QueueId }));
    expect((await describeQueue(QueueId))?.MaxContacts).toBeUndefined();

    await ts.client.send(new UpdateQueueStatusCommand({ InstanceId, QueueId, Status: 'DISABLED' }));
    expect((await describeQueue(QueueId))?.Status).toBe('DISABLED');
    await ts.client.send(new UpdateQueueStatusCommand({ InstanceId, QueueId, Status: 'ENABLED' }));
    expect((await describeQueue(QueueId))?.Status).toBe('ENABLED');

    await ts.client.send(
      new UpdateQueueOutboundCallerConfigCommand({
        InstanceId,
        QueueId,
        OutboundCallerConfig: { OutboundCallerIdName: 'Support line', OutboundFlowId: `${arnPrefix}/contact-flow/${flowId}` },
      }),
    );
    expect((await describeQueue(QueueId))?.OutboundCallerConfig).toEqual({
      OutboundCallerIdName: 'Support line',
      OutboundFlowId: flowId,
    });
    await ts.client.send(new UpdateQueueOutboundCallerConfigCommand({ InstanceId, QueueId, OutboundCallerConfig: {} }));
    expect((await describeQueue(QueueId))?.OutboundCallerConfig).toEqual({});

    expect(await describeQueue(QueueId)).toMatchObject({
      Name: 'Customer support',
      Description: 'New',
      HoursOfOperationId: hoursB,
      Status: 'ENABLED',
    });
  });

  it('a QueueId label may be a full ARN', async () => {
    const { QueueId, QueueArn } = await create({ Name: 'By ARN' });
    expect((await describeQueue(QueueArn as string))?.QueueId).toBe(QueueId);
    await ts.client.send(new UpdateQueueStatusCommand({ InstanceId, QueueId: QueueArn, Status: 'DISABLED' }));
    expect((await describeQueue(QueueId as string))?.Status).toBe('DISABLED');
    await ts.client.send(new DeleteQueueCommand({ InstanceId, QueueId: QueueArn }));
    await expectError(describeQueue(QueueId as string), 'ResourceNotFoundException', 404);
  });

  it('invalid input is InvalidParameterException and changes nothing', async () => {
    const bad: Array<Record<string, unknown>> = [
      { Name: '' },
      { Name: 'n'.repeat(128) },
      { Name: 'No hours', HoursOfOperationId: MISSING },
      { Name: 'Negative', MaxContacts: -1 },
      { Name: 'Long description', Description: 'd'.repeat(251) },
      { Name: 'Missing quick connect', QuickConnectIds: [MISSING] },
      { Name: 'Missing flow', OutboundCallerConfig: { OutboundFlowId: MISSING } },
    ];
    for (const input of bad) await expectError(create(input as never), 'InvalidParameterException', 400);
    const QueueId = await createId('Validated');
    await expectError(
      ts.client.send(new UpdateQueueHoursOfOperationCommand({ InstanceId, QueueId, HoursOfOperationId: MISSING })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new UpdateQueueStatusCommand({ InstanceId, QueueId, Status: 'PAUSED' as never })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new UpdateQueueMaxContactsCommand({ InstanceId, QueueId, MaxContacts: 1.5 })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new UpdateQueueNameCommand({ InstanceId, QueueId, Name: '' })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(
        new UpdateQueueOutboundCallerConfigCommand({
          InstanceId,
          QueueId,
          OutboundCallerConfig: { OutboundFlowId: MISSING },
        }),
      ),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new AssociateQueueQuickConnectsCommand({ InstanceId, QueueId, QuickConnectIds: [MISSING] })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new AssociateQueueQuickConnectsCommand({ InstanceId, QueueId, QuickConnectIds: [] })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new ListQueuesCommand({ InstanceId, QueueTypes: ['BOGUS' as never] })),
      'InvalidParameterException',
      400,
    );
    await expectError(ts.client.send(new ListQueuesCommand({ InstanceId, MaxResults: 1001 })), 'InvalidParameterException', 400);
    await expectError(
      ts.client.send(new ListQueuesCommand({ InstanceId, NextToken: 'not-a-token' })),
      'InvalidParameterException',
      400,
    );
    const q = await describeQueue(QueueId);
    expect(q).toMatchObject({ Name: 'Validated', HoursOfOperationId: hoursA, Status: 'ENABLED' });
    expect(q?.MaxContacts).toBeUndefined();
    const names = (await ts.store.resources.all(InstanceId, 'queue')).map((x) => x.name);
    expect(names).not.toContain('No hours');
  });

  it('a taken name is DuplicateResourceException, on create and on rename', async () => {
    await createId('Twice');
    const other = await createId('Once');
    await expectError(create({ Name: 'Twice' }), 'DuplicateResourceException', 409);
    await expectError(
      ts.client.send(new UpdateQueueNameCommand({ InstanceId, QueueId: other, Name: 'Twice' })),
      'DuplicateResourceException',
      409,
    );
    expect((await describeQueue(other))?.Name).toBe('Once');
  });

  it('unknown queues are ResourceNotFound', async () => {
    const QueueId = MISSING;
    await expectError(describeQueue(QueueId), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new UpdateQueueNameCommand({ InstanceId, QueueId, Name: 'x' })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new UpdateQueueHoursOfOperationCommand({ InstanceId, QueueId, HoursOfOperationId: hoursA })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new UpdateQueueMaxContactsCommand({ InstanceId, QueueId, MaxContacts: 1 })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new UpdateQueueStatusCommand({ InstanceId, QueueId, Status: 'ENABLED' })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new UpdateQueueOutboundCallerConfigCommand({ InstanceId, QueueId, OutboundCallerConfig: {} })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(ts.client.send(new DeleteQueueCommand({ InstanceId, QueueId })), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new AssociateQueueQuickConnectsCommand({ InstanceId, QueueId, QuickConnectIds: [MISSING] })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new DisassociateQueueQuickConnectsCommand({ InstanceId, QueueId, QuickConnectIds: [MISSING] })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(
      ts.client.send(new ListQueueQuickConnectsCommand({ InstanceId, QueueId })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(ts.client.send(new ListQueuesCommand({ InstanceId: MISSING })), 'ResourceNotFoundException', 404);
  });

  it('ListQueues pages through every queue exactly once: standard ones, then one agent queue per user', async () => {
    for (let i = 0; i < 7; i++) await createId(`Paged ${i}`);
    for (const name of ['zoe', 'adam', 'mia'])
      await ts.store.resources.create(InstanceId, 'user', bareUser(`user-${name}`, name));
    const queues = await ts.store.resources.all(InstanceId, 'queue');
    const users = await ts.store.resources.all(InstanceId, 'user');
    expect(users).toHaveLength(3);
    const standard = queues.map((q) => ({
      Id: q.id,
      Arn: `${arnPrefix}/queue/${q.id}`,
      Name: q.name,
      QueueType: 'STANDARD',
      LastModifiedTime: new Date(q.lastModifiedTime),
      LastModifiedRegion: 'us-east-1',
    }));
    const agent = users.map((u) => ({
      Id: `agent/${u.id}`,
      Arn: `${arnPrefix}/queue/agent/${u.id}`,
      Name: u.name,
      QueueType: 'AGENT',
      LastModifiedTime: new Date(u.lastModifiedTime),
      LastModifiedRegion: 'us-east-1',
    }));
    const listAll = async (QueueTypes: ('STANDARD' | 'AGENT')[] | undefined) => {
      const seen: unknown[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ts.client.send(new ListQueuesCommand({ InstanceId, MaxResults: 3, NextToken, QueueTypes }));
        expect(page.QueueSummaryList?.length).toBeLessThanOrEqual(3);
        seen.push(...(page.QueueSummaryList ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      return seen;
    };
    const byId = (a: { Id: string }, b: { Id: string }) => (a.Id < b.Id ? -1 : 1);
    const sorted = (xs: unknown[]) => [...(xs as { Id: string }[])].sort(byId);
    expect(sorted(await listAll(['STANDARD']))).toEqual(sorted(standard));
    expect(sorted(await listAll(['AGENT']))).toEqual(sorted(agent));
    // Connect lists both kinds when QueueTypes is absent: the standard queues come first.
    for (const QueueTypes of [undefined, ['STANDARD' as const, 'AGENT' as const]]) {
      const both = (await listAll(QueueTypes)) as { QueueType: string }[];
      expect(sorted(both)).toEqual(sorted([...standard, ...agent]));
      expect(both.slice(0, standard.length).every((q) => q.QueueType === 'STANDARD')).toBe(true);
    }
  });

  it('AssociateQueueQuickConnects / Disassociate / ListQueueQuickConnects', async () => {
    const QueueId = await createId('With transfers');
    const ids = [await phoneQuickConnect('QC b'), await phoneQuickConnect('QC a'), await phoneQuickConnect('QC c')];
    const out = await ts.client.send(
      new AssociateQueueQuickConnectsCommand({ InstanceId, QueueId, QuickConnectIds: [ids[0] as string, ids[1] as string] }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    // Associating again is harmless; an ARN works.
    await ts.client.send(
      new AssociateQueueQuickConnectsCommand({
        InstanceId,
        QueueId,
        QuickConnectIds: [ids[0] as string, `${arnPrefix}/transfer-destination/${ids[2]}`],
      }),
    );
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ts.client.send(new ListQueueQuickConnectsCommand({ InstanceId, QueueId, MaxResults: 2, NextToken }));
      expect(page.QuickConnectSummaryList?.length).toBeLessThanOrEqual(2);
      expect(page.LastModifiedTime).toBeInstanceOf(Date);
      expect(page.LastModifiedRegion).toBe('us-east-1');
      for (const s of page.QuickConnectSummaryList ?? []) {
        expect(s.Arn).toBe(`${arnPrefix}/transfer-destination/${s.Id}`);
        expect(s.QuickConnectType).toBe('PHONE_NUMBER');
        expect(s.LastModifiedTime).toBeInstanceOf(Date);
        expect(s.LastModifiedRegion).toBe('us-east-1');
        seen.push(s.Name as string);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    expect(seen).toEqual(['QC a', 'QC b', 'QC c']);

    await ts.client.send(
      new DisassociateQueueQuickConnectsCommand({ InstanceId, QueueId, QuickConnectIds: [ids[1] as string, MISSING] }),
    );
    const after = await ts.client.send(new ListQueueQuickConnectsCommand({ InstanceId, QueueId }));
    expect(after.QuickConnectSummaryList?.map((s) => s.Name)).toEqual(['QC b', 'QC c']);
    expect(after.NextToken).toBeUndefined();

    // Deleting a quick connect removes it from the queue.
    await ts.client.send(new DeleteQuickConnectCommand({ InstanceId, QuickConnectId: ids[2] }));
    const last = await ts.client.send(new ListQueueQuickConnectsCommand({ InstanceId, QueueId }));
    expect(last.QuickConnectSummaryList?.map((s) => s.Name)).toEqual(['QC b']);
    expect((await ts.store.resources.get(InstanceId, 'queue', QueueId))?.quickConnectIds).toEqual([ids[0]]);
  });

  it('DeleteQueue deletes an unused queue and refuses one a routing profile, quick connect or flow uses', async () => {
    const unused = await createId('Disposable');
    const out = await ts.client.send(new DeleteQueueCommand({ InstanceId, QueueId: unused }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    await expectError(describeQueue(unused), 'ResourceNotFoundException', 404);
    await expectError(ts.client.send(new DeleteQueueCommand({ InstanceId, QueueId: unused })), 'ResourceNotFoundException', 404);

    const used = await createId('Used');
    const refuse = async (by: RegExp) => {
      const err = await expectError(
        ts.client.send(new DeleteQueueCommand({ InstanceId, QueueId: used })),
        'ResourceInUseException',
        409,
      );
      expect(err.message).toMatch(by);
      expect((err as SdkError & { ResourceId?: string }).ResourceId).toBe(used);
    };
    const { RoutingProfileId } = await ts.client.send(
      new CreateRoutingProfileCommand({
        InstanceId,
        Name: 'Uses the queue',
        Description: 'd',
        DefaultOutboundQueueId: used,
        MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
      }),
    );
    await refuse(/Uses the queue/);
    await ts.client.send(new DeleteRoutingProfileCommand({ InstanceId, RoutingProfileId }));

    const { QuickConnectId } = await ts.client.send(
      new CreateQuickConnectCommand({
        InstanceId,
        Name: 'To the queue',
        QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: used, ContactFlowId: flowId } },
      }),
    );
    await refuse(/To the queue/);
    await ts.client.send(new DeleteQuickConnectCommand({ InstanceId, QuickConnectId }));

    const { ContactFlowId } = await ts.client.send(
      new CreateContactFlowCommand({
        InstanceId,
        Name: 'Routes to the queue',
        Type: 'CONTACT_FLOW',
        Content: buildSimpleFlow({ queueId: `${arnPrefix}/queue/${used}` }),
      }),
    );
    await refuse(/Routes to the queue/);
    await ts.client.send(new DeleteContactFlowCommand({ InstanceId, ContactFlowId }));

    await ts.client.send(new DeleteQueueCommand({ InstanceId, QueueId: used }));
    await expectError(describeQueue(used), 'ResourceNotFoundException', 404);
  });

  it("another key cannot reach this instance's queues", async () => {
    const other = ts.clientWith(OTHER_KEY);
    const QueueId = await createId('Private');
    const ref = { InstanceId, QueueId };
    await expectError(
      other.send(new CreateQueueCommand({ InstanceId, Name: 'Evil', HoursOfOperationId: hoursA })),
      'AccessDeniedException',
      403,
    );
    await expectError(other.send(new DescribeQueueCommand(ref)), 'AccessDeniedException', 403);
    await expectError(other.send(new UpdateQueueNameCommand({ ...ref, Name: 'x' })), 'AccessDeniedException', 403);
    await expectError(other.send(new UpdateQueueStatusCommand({ ...ref, Status: 'DISABLED' })), 'AccessDeniedException', 403);
    await expectError(other.send(new DeleteQueueCommand(ref)), 'AccessDeniedException', 403);
    await expectError(other.send(new ListQueuesCommand({ InstanceId })), 'AccessDeniedException', 403);
    await expectError(other.send(new ListQueueQuickConnectsCommand(ref)), 'AccessDeniedException', 403);
    await expectError(
      other.send(new AssociateQueueQuickConnectsCommand({ ...ref, QuickConnectIds: [MISSING] })),
      'AccessDeniedException',
      403,
    );
    await expectError(
      other.send(new DescribeQueueCommand({ InstanceId: ts.otherInstance.id, QueueId })),
      'ResourceNotFoundException',
      404,
    );
    expect((await other.send(new ListQueuesCommand({ InstanceId: ts.otherInstance.id }))).QueueSummaryList).toEqual([]);
    expect(await describeQueue(QueueId)).toMatchObject({ Name: 'Private', Status: 'ENABLED' });
  });
});
