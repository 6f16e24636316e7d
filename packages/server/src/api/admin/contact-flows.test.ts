/** Contact flows through the unmodified @aws-sdk/client-connect, on every storage backend. */
import { createHash } from 'node:crypto';
import {
  CreateContactFlowCommand,
  type CreateContactFlowRequest,
  CreateHoursOfOperationCommand,
  CreateQueueCommand,
  CreateQuickConnectCommand,
  DeleteContactFlowCommand,
  DeleteQueueCommand,
  DeleteQuickConnectCommand,
  DescribeContactFlowCommand,
  type InvalidContactFlowException,
  ListContactFlowsCommand,
  UpdateContactFlowContentCommand,
  UpdateContactFlowMetadataCommand,
  UpdateContactFlowNameCommand,
  UpdateQueueOutboundCallerConfigCommand,
} from '@aws-sdk/client-connect';
import { buildSimpleFlow } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/backends.js';
import { OTHER_KEY, startTestServer, type TestServer } from '../../../test/harness.js';
import { expectError, MISSING } from '../../../test/sdk-errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const DISCONNECT = JSON.stringify({
  Version: '2019-10-30',
  StartAction: 'bye',
  Actions: [{ Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
});

/** The call fails with InvalidContactFlowException; returns its problems' messages. */
const expectInvalidFlow = async (p: Promise<unknown>): Promise<string[]> => {
  const err = (await expectError(p, 'InvalidContactFlowException', 400)) as unknown as InvalidContactFlowException;
  expect(Array.isArray(err.problems)).toBe(true);
  expect(err.problems?.length).toBeGreaterThan(0);
  for (const problem of err.problems ?? []) expect(typeof problem.message).toBe('string');
  return (err.problems ?? []).map((problem) => problem.message as string);
};

describe.each(backends)('contact flows on $name', (backend) => {
  let ts: TestServer;
  let InstanceId: string;
  let arnPrefix: string;
  let hoursId: string;
  let queueId: string;
  const create = (input: Partial<CreateContactFlowRequest> & { Name: string }) =>
    ts.client.send(new CreateContactFlowCommand({ InstanceId, Type: 'CONTACT_FLOW', Content: DISCONNECT, ...input }));
  const createId = async (Name: string, input: Partial<CreateContactFlowRequest> = {}) =>
    (await create({ Name, ...input })).ContactFlowId as string;
  const describeFlow = async (ContactFlowId: string) =>
    (await ts.client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId }))).ContactFlow;

  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
    InstanceId = ts.instance.id;
    arnPrefix = `arn:aws:connect:us-east-1:123456789012:instance/${InstanceId}`;
    hoursId = (
      await ts.client.send(new CreateHoursOfOperationCommand({ InstanceId, Name: 'Always', TimeZone: 'UTC', Config: [] }))
    ).HoursOfOperationId as string;
    queueId = (await ts.client.send(new CreateQueueCommand({ InstanceId, Name: 'Sales', HoursOfOperationId: hoursId })))
      .QueueId as string;
  });
  afterAll(async () => ts?.close());

  it('CreateContactFlow then DescribeContactFlow returns every field', async () => {
    const before = Date.now();
    const Content = buildSimpleFlow({ queueId, greeting: 'Thanks for calling Sales.' });
    const created = await create({ Name: 'Sales inbound', Content, Description: 'Greets, then queues', Tags: { line: 'sales' } });
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.ContactFlowId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.ContactFlowArn).toBe(`${arnPrefix}/contact-flow/${created.ContactFlowId}`);
    expect(created.FlowContentSha256).toBe(sha256(Content));
    const f = await describeFlow(created.ContactFlowId as string);
    expect(f?.Id).toBe(created.ContactFlowId);
    expect(f?.Arn).toBe(created.ContactFlowArn);
    expect(f?.Name).toBe('Sales inbound');
    expect(f?.Type).toBe('CONTACT_FLOW');
    expect(f?.State).toBe('ACTIVE');
    expect(f?.Status).toBe('PUBLISHED');
    expect(f?.Description).toBe('Greets, then queues');
    expect(f?.Content).toBe(Content);
    expect(f?.FlowContentSha256).toBe(sha256(Content));
    expect(f?.Tags).toEqual({ line: 'sales' });
    expect(f?.LastModifiedTime).toBeInstanceOf(Date);
    expect(f?.LastModifiedTime?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(f?.LastModifiedTime?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(f?.LastModifiedRegion).toBe('us-east-1');

    // A SAVED transfer flow without a queue of its own (it uses the quick connect's).
    const saved = await create({ Name: 'Queue transfer', Type: 'QUEUE_TRANSFER', Status: 'SAVED', Content: buildSimpleFlow({}) });
    expect(await describeFlow(saved.ContactFlowId as string)).toMatchObject({
      Type: 'QUEUE_TRANSFER',
      Status: 'SAVED',
      State: 'ACTIVE',
      Tags: {},
    });
    expect((await describeFlow(saved.ContactFlowId as string))?.Description).toBeUndefined();
    // Content written by hand, with the queue as an ARN.
    const byHand = JSON.stringify({
      Version: '2019-10-30',
      StartAction: 'q',
      Actions: [
        {
          Identifier: 'q',
          Type: 'UpdateContactTargetQueue',
          Parameters: { QueueId: `${arnPrefix}/queue/${queueId}` },
          Transitions: { NextAction: 't' },
        },
        { Identifier: 't', Type: 'TransferContactToQueue', Parameters: {}, Transitions: {} },
      ],
    });
    expect((await create({ Name: 'By hand', Content: byHand })).FlowContentSha256).toBe(sha256(byHand));
  });

  it('a ContactFlowId label may be a full ARN', async () => {
    const { ContactFlowId, ContactFlowArn } = await create({ Name: 'By ARN' });
    expect((await describeFlow(ContactFlowArn as string))?.Id).toBe(ContactFlowId);
    await ts.client.send(
      new UpdateContactFlowMetadataCommand({ InstanceId, ContactFlowId: ContactFlowArn, ContactFlowState: 'ARCHIVED' }),
    );
    expect((await describeFlow(ContactFlowId as string))?.State).toBe('ARCHIVED');
    await ts.client.send(new DeleteContactFlowCommand({ InstanceId, ContactFlowId: ContactFlowArn }));
    await expectError(describeFlow(ContactFlowId as string), 'ResourceNotFoundException', 404);
  });

  it('UpdateContactFlowContent, UpdateContactFlowName and UpdateContactFlowMetadata change their part and keep the rest', async () => {
    const ContactFlowId = await createId('Changing', { Description: 'Old', Type: 'CUSTOMER_QUEUE' });
    const t0 = (await describeFlow(ContactFlowId))?.LastModifiedTime?.getTime() ?? 0;
    await sleep(20);
    const ref = { InstanceId, ContactFlowId };

    const Content = buildSimpleFlow({ queueId, greeting: 'Please hold.' });
    const out = await ts.client.send(new UpdateContactFlowContentCommand({ ...ref, Content }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    let f = await describeFlow(ContactFlowId);
    expect(f).toMatchObject({
      Name: 'Changing',
      Description: 'Old',
      Type: 'CUSTOMER_QUEUE',
      Content,
      FlowContentSha256: sha256(Content),
    });
    expect(f?.LastModifiedTime?.getTime()).toBeGreaterThan(t0);

    await ts.client.send(new UpdateContactFlowNameCommand({ ...ref, Name: 'Changed' }));
    expect(await describeFlow(ContactFlowId)).toMatchObject({ Name: 'Changed', Description: 'Old', Content });
    await ts.client.send(new UpdateContactFlowNameCommand({ ...ref, Description: 'New' }));
    expect(await describeFlow(ContactFlowId)).toMatchObject({ Name: 'Changed', Description: 'New' });

    await ts.client.send(new UpdateContactFlowMetadataCommand({ ...ref, ContactFlowState: 'ARCHIVED' }));
    expect(await describeFlow(ContactFlowId)).toMatchObject({
      Name: 'Changed',
      Description: 'New',
      State: 'ARCHIVED',
      Status: 'PUBLISHED',
    });
    await ts.client.send(
      new UpdateContactFlowMetadataCommand({ ...ref, Name: 'Renamed', Description: 'Newer', ContactFlowState: 'ACTIVE' }),
    );
    f = await describeFlow(ContactFlowId);
    expect(f).toMatchObject({
      Name: 'Renamed',
      Description: 'Newer',
      State: 'ACTIVE',
      Type: 'CUSTOMER_QUEUE',
      Content,
      FlowContentSha256: sha256(Content),
    });
  });

  it('content we cannot run is InvalidContactFlowException with problems, and changes nothing', async () => {
    const bad: Array<[string, RegExp]> = [
      ['{"Version":', /not valid JSON/],
      [
        JSON.stringify({
          Version: '2019-10-30',
          StartAction: 'x',
          Actions: [{ Identifier: 'x', Type: 'InvokeLambdaFunction', Parameters: {}, Transitions: {} }],
        }),
        /unsupported action type/,
      ],
      [
        JSON.stringify({
          Version: '2019-10-30',
          StartAction: 'nowhere',
          Actions: [{ Identifier: 'x', Type: 'DisconnectParticipant' }],
        }),
        /StartAction "nowhere" does not exist/,
      ],
      [buildSimpleFlow({ queueId: MISSING }), new RegExp(`Queue ${MISSING} does not exist`)],
    ];
    for (const [Content, expected] of bad) {
      const problems = await expectInvalidFlow(create({ Name: 'Broken', Content }));
      expect(problems.join('\n')).toMatch(expected);
    }
    expect(await ts.store.resources.getByName(InstanceId, 'contactFlow', 'Broken')).toBeUndefined();

    const ContactFlowId = await createId('Intact');
    for (const [Content, expected] of bad) {
      const problems = await expectInvalidFlow(
        ts.client.send(new UpdateContactFlowContentCommand({ InstanceId, ContactFlowId, Content })),
      );
      expect(problems.join('\n')).toMatch(expected);
    }
    expect(await describeFlow(ContactFlowId)).toMatchObject({ Content: DISCONNECT, FlowContentSha256: sha256(DISCONNECT) });
  });

  it('invalid input is InvalidParameterException', async () => {
    const bad: Array<Record<string, unknown>> = [
      { Name: '' },
      { Name: 'n'.repeat(128) },
      { Name: 'Bad type', Type: 'IVR' },
      { Name: 'Campaign', Type: 'CAMPAIGN' },
      { Name: 'Empty', Content: '' },
      { Name: 'Bad status', Status: 'DRAFT' },
      { Name: 'Long description', Description: 'd'.repeat(501) },
    ];
    for (const input of bad) await expectError(create(input as never), 'InvalidParameterException', 400);
    const ContactFlowId = await createId('Validated');
    const ref = { InstanceId, ContactFlowId };
    await expectError(
      ts.client.send(new UpdateContactFlowContentCommand({ ...ref, Content: '' })),
      'InvalidParameterException',
      400,
    );
    await expectError(ts.client.send(new UpdateContactFlowNameCommand({ ...ref, Name: '' })), 'InvalidParameterException', 400);
    await expectError(
      ts.client.send(new UpdateContactFlowMetadataCommand({ ...ref, ContactFlowState: 'DELETED' as never })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new ListContactFlowsCommand({ InstanceId, ContactFlowTypes: ['IVR' as never] })),
      'InvalidParameterException',
      400,
    );
    await expectError(
      ts.client.send(new ListContactFlowsCommand({ InstanceId, MaxResults: 1001 })),
      'InvalidParameterException',
      400,
    );
    expect(await describeFlow(ContactFlowId)).toMatchObject({ Name: 'Validated', State: 'ACTIVE', Content: DISCONNECT });
  });

  it('a taken name is DuplicateResourceException, on create and on rename', async () => {
    await createId('Twice');
    const other = await createId('Once');
    await expectError(create({ Name: 'Twice' }), 'DuplicateResourceException', 409);
    await expectError(
      ts.client.send(new UpdateContactFlowNameCommand({ InstanceId, ContactFlowId: other, Name: 'Twice' })),
      'DuplicateResourceException',
      409,
    );
    await expectError(
      ts.client.send(new UpdateContactFlowMetadataCommand({ InstanceId, ContactFlowId: other, Name: 'Twice' })),
      'DuplicateResourceException',
      409,
    );
    expect((await describeFlow(other))?.Name).toBe('Once');
  });

  it('unknown flows are ResourceNotFound', async () => {
    const ref = { InstanceId, ContactFlowId: MISSING };
    await expectError(describeFlow(MISSING), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new UpdateContactFlowContentCommand({ ...ref, Content: DISCONNECT })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(ts.client.send(new UpdateContactFlowNameCommand({ ...ref, Name: 'x' })), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new UpdateContactFlowMetadataCommand({ ...ref, ContactFlowState: 'ARCHIVED' })),
      'ResourceNotFoundException',
      404,
    );
    await expectError(ts.client.send(new DeleteContactFlowCommand(ref)), 'ResourceNotFoundException', 404);
    await expectError(ts.client.send(new ListContactFlowsCommand({ InstanceId: MISSING })), 'ResourceNotFoundException', 404);
  });

  it('ListContactFlows pages through every flow exactly once, and filters by type', async () => {
    for (let i = 0; i < 5; i++) await createId(`Paged ${i}`, { Type: i % 2 ? 'AGENT_WHISPER' : 'CONTACT_FLOW' });
    const stored = await ts.store.resources.all(InstanceId, 'contactFlow');
    const list = async (
      ContactFlowTypes: Array<'CONTACT_FLOW' | 'AGENT_WHISPER' | 'CAMPAIGN'> | undefined,
      MaxResults: number,
    ) => {
      const ids: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ts.client.send(new ListContactFlowsCommand({ InstanceId, ContactFlowTypes, MaxResults, NextToken }));
        expect(page.ContactFlowSummaryList?.length).toBeLessThanOrEqual(MaxResults);
        for (const s of page.ContactFlowSummaryList ?? []) {
          const f = stored.find((x) => x.id === s.Id);
          expect(s).toEqual({
            Id: f?.id,
            Arn: `${arnPrefix}/contact-flow/${f?.id}`,
            Name: f?.name,
            ContactFlowType: f?.type,
            ContactFlowState: f?.state,
            ContactFlowStatus: f?.status,
          });
          ids.push(s.Id as string);
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return ids.sort();
    };
    expect(await list(undefined, 3)).toEqual(stored.map((f) => f.id).sort());
    expect(await list(['AGENT_WHISPER'], 1)).toEqual(
      stored
        .filter((f) => f.type === 'AGENT_WHISPER')
        .map((f) => f.id)
        .sort(),
    );
    expect(await list(['CONTACT_FLOW', 'AGENT_WHISPER'], 2)).toEqual(
      stored
        .filter((f) => f.type === 'CONTACT_FLOW' || f.type === 'AGENT_WHISPER')
        .map((f) => f.id)
        .sort(),
    );
    expect(await list(['CAMPAIGN'], 5)).toEqual([]);
  });

  it('DeleteContactFlow deletes an unused flow and refuses one a quick connect or queue uses', async () => {
    const unused = await createId('Disposable');
    const out = await ts.client.send(new DeleteContactFlowCommand({ InstanceId, ContactFlowId: unused }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    await expectError(describeFlow(unused), 'ResourceNotFoundException', 404);
    await expectError(
      ts.client.send(new DeleteContactFlowCommand({ InstanceId, ContactFlowId: unused })),
      'ResourceNotFoundException',
      404,
    );

    const used = await createId('Transfer flow', { Type: 'QUEUE_TRANSFER', Content: buildSimpleFlow({}) });
    const refuse = async (by: RegExp) => {
      const err = await expectError(
        ts.client.send(new DeleteContactFlowCommand({ InstanceId, ContactFlowId: used })),
        'ResourceInUseException',
        409,
      );
      expect(err.message).toMatch(by);
      expect(err).toMatchObject({ ResourceType: 'CONTACT_FLOW', ResourceId: used });
    };
    const { QuickConnectId } = await ts.client.send(
      new CreateQuickConnectCommand({
        InstanceId,
        Name: 'To sales',
        QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: queueId, ContactFlowId: used } },
      }),
    );
    await refuse(/To sales/);
    await ts.client.send(new DeleteQuickConnectCommand({ InstanceId, QuickConnectId }));

    await ts.client.send(
      new UpdateQueueOutboundCallerConfigCommand({
        InstanceId,
        QueueId: queueId,
        OutboundCallerConfig: { OutboundFlowId: used },
      }),
    );
    await refuse(/Sales/);
    await ts.client.send(new UpdateQueueOutboundCallerConfigCommand({ InstanceId, QueueId: queueId, OutboundCallerConfig: {} }));

    await ts.client.send(new DeleteContactFlowCommand({ InstanceId, ContactFlowId: used }));
    await expectError(describeFlow(used), 'ResourceNotFoundException', 404);
  });

  it('a flow that targets a queue keeps the queue from being deleted', async () => {
    const { QueueId } = await ts.client.send(
      new CreateQueueCommand({ InstanceId, Name: 'Targeted', HoursOfOperationId: hoursId }),
    );
    const ContactFlowId = await createId('Targets it', { Content: buildSimpleFlow({ queueId: QueueId as string }) });
    await expectError(ts.client.send(new DeleteQueueCommand({ InstanceId, QueueId })), 'ResourceInUseException', 409);
    await ts.client.send(new UpdateContactFlowContentCommand({ InstanceId, ContactFlowId, Content: DISCONNECT }));
    await ts.client.send(new DeleteQueueCommand({ InstanceId, QueueId }));
  });

  it("another key cannot reach this instance's flows", async () => {
    const other = ts.clientWith(OTHER_KEY);
    const ContactFlowId = await createId('Private');
    const ref = { InstanceId, ContactFlowId };
    const denied = (p: Promise<unknown>) => expectError(p, 'AccessDeniedException', 403);
    await denied(
      other.send(new CreateContactFlowCommand({ InstanceId, Name: 'Evil', Type: 'CONTACT_FLOW', Content: DISCONNECT })),
    );
    await denied(other.send(new DescribeContactFlowCommand(ref)));
    await denied(other.send(new UpdateContactFlowContentCommand({ ...ref, Content: DISCONNECT })));
    await denied(other.send(new UpdateContactFlowNameCommand({ ...ref, Name: 'x' })));
    await denied(other.send(new UpdateContactFlowMetadataCommand({ ...ref, ContactFlowState: 'ARCHIVED' })));
    await denied(other.send(new DeleteContactFlowCommand(ref)));
    await denied(other.send(new ListContactFlowsCommand({ InstanceId })));
    await expectError(
      other.send(new DescribeContactFlowCommand({ InstanceId: ts.otherInstance.id, ContactFlowId })),
      'ResourceNotFoundException',
      404,
    );
    // Our queue does not exist in the other instance.
    const problems = await expectInvalidFlow(
      other.send(
        new CreateContactFlowCommand({
          InstanceId: ts.otherInstance.id,
          Name: 'Borrowing',
          Type: 'CONTACT_FLOW',
          Content: buildSimpleFlow({ queueId }),
        }),
      ),
    );
    expect(problems.join()).toMatch(/does not exist/);
    expect(await describeFlow(ContactFlowId)).toMatchObject({ Name: 'Private', State: 'ACTIVE' });
  });
});
