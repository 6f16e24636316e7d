/**
 * Tasks through the unmodified @aws-sdk/client-connect against the real server with the
 * demo instance, on every storage backend: StartTaskContact (plain, by quick connect,
 * linked, templated, idempotent), routing to an agent with TASK auto-accept,
 * DescribeContact, ListContactReferences, UpdateContact, StopContact; the task template
 * admin API; and every validation error, with nothing created.
 */
import {
  CreateTaskTemplateCommand,
  DeleteTaskTemplateCommand,
  DescribeContactCommand,
  GetTaskTemplateCommand,
  ListContactReferencesCommand,
  ListQuickConnectsCommand,
  ListTaskTemplatesCommand,
  StartTaskContactCommand,
  type StartTaskContactCommandInput,
  StopContactCommand,
  UpdateContactCommand,
  UpdateTaskTemplateCommand,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import { expectError, MISSING } from './sdk-errors.js';
import { contactsCreated } from './widget-support.js';

describe.each(backends)('tasks on $name', (backend) => {
  let w: ChatWorld;
  let InstanceId: string;
  let templates: Record<string, string>;
  let quickConnects: Record<string, string>;

  const start = (input: Partial<StartTaskContactCommandInput> = {}) =>
    w.connect.send(
      new StartTaskContactCommand({ InstanceId, Name: 'Follow up', ContactFlowId: w.flows['Support inbound'], ...input }),
    );
  const describeContact = async (ContactId: string) =>
    (await w.connect.send(new DescribeContactCommand({ InstanceId, ContactId }))).Contact!;
  const references = async (ContactId: string) =>
    (
      await w.connect.send(
        new ListContactReferencesCommand({ InstanceId, ContactId, ReferenceTypes: ['URL', 'STRING', 'NUMBER', 'DATE', 'EMAIL'] }),
      )
    ).ReferenceSummaryList;
  const created = () => contactsCreated(w.server.store, InstanceId);

  beforeAll(async () => {
    w = await chatWorld(backend);
    InstanceId = w.server.instance.id;
    const list = await w.connect.send(new ListTaskTemplatesCommand({ InstanceId }));
    templates = Object.fromEntries((list.TaskTemplates ?? []).map((t) => [t.Name, t.Id])) as Record<string, string>;
    const qcs = await w.connect.send(new ListQuickConnectsCommand({ InstanceId }));
    quickConnects = Object.fromEntries((qcs.QuickConnectSummaryList ?? []).map((q) => [q.Name, q.Id])) as Record<string, string>;
  });
  afterAll(async () => w?.close());

  it('lists the demo templates and gets one whole', async () => {
    expect(Object.keys(templates)).toEqual(['Customer callback', 'Refund review']);
    const t = await w.connect.send(new GetTaskTemplateCommand({ InstanceId, TaskTemplateId: templates['Customer callback'] }));
    expect(t.Status).toBe('ACTIVE');
    expect(t.ContactFlowId).toBe(w.flows['Support inbound']);
    expect(t.Fields?.find((f) => f.Id?.Name === 'Priority')?.SingleSelectOptions).toEqual(['Low', 'Normal', 'High']);
    expect(t.Constraints?.ReadOnlyFields).toEqual([{ Id: { Name: 'Team' } }]);
    expect(t.Arn).toMatch(/:instance\/[^/]+\/task-template\//);
  });

  it('starts a plain task with references; an agent with TASK auto-accept gets it; Describe, Update, Stop', async () => {
    const bob = await w.agent('bob');
    const { ContactId } = await start({
      Description: 'Ring Jane about her refund',
      Attributes: { orderId: '42' },
      References: {
        Case: { Type: 'URL', Value: 'https://crm.example.com/case/42' },
        Amount: { Type: 'NUMBER', Value: '12.50' },
        Due: { Type: 'DATE', Value: '2026-12-31' },
        Customer: { Type: 'EMAIL', Value: 'jane@example.com' },
        Note: { Type: 'STRING', Value: 'prefers mornings' },
      },
      SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Task' } },
    });
    const push = await bob.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.contactId === ContactId && c.state.type === 'connected'),
      'the task connected to bob',
    );
    expect(push.data.snapshot.contacts.find((c) => c.contactId === ContactId)?.type).toBe('task');
    const c = await describeContact(ContactId!);
    expect(c).toMatchObject({
      Id: ContactId,
      Channel: 'TASK',
      InitiationMethod: 'API',
      Name: 'Follow up',
      Description: 'Ring Jane about her refund',
      Attributes: { orderId: '42' },
      SegmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Task' } },
    });
    expect(c.AgentInfo?.ConnectedToAgentTimestamp).toBeInstanceOf(Date);
    expect(await references(ContactId!)).toEqual(
      expect.arrayContaining([
        { Url: { Name: 'Case', Value: 'https://crm.example.com/case/42' } },
        { Number: { Name: 'Amount', Value: '12.50' } },
        { Date: { Name: 'Due', Value: '2026-12-31' } },
        { Email: { Name: 'Customer', Value: 'jane@example.com' } },
        { String: { Name: 'Note', Value: 'prefers mornings' } },
      ]),
    );

    await w.connect.send(
      new UpdateContactCommand({
        InstanceId,
        ContactId,
        Name: 'Follow up (urgent)',
        References: { Note: { Type: 'STRING', Value: 'call before noon' } },
      }),
    );
    expect((await describeContact(ContactId!)).Name).toBe('Follow up (urgent)');
    expect(await references(ContactId!)).toContainEqual({ String: { Name: 'Note', Value: 'call before noon' } });
    await expectError(
      w.connect.send(new UpdateContactCommand({ InstanceId, ContactId, References: { x: { Type: 'URL', Value: 'nope' } } })),
      'InvalidParameterException',
      400,
    );

    await w.connect.send(new StopContactCommand({ InstanceId, ContactId }));
    const ended = await describeContact(ContactId!);
    expect(ended.DisconnectReason).toBe('API');
    expect(ended.DisconnectTimestamp).toBeInstanceOf(Date);
  });

  it('starts tasks by quick connect: to a queue, and to an agent', async () => {
    const toQueue = await start({ ContactFlowId: undefined, QuickConnectId: quickConnects['Sales queue'] });
    const q = await describeContact(toQueue.ContactId!);
    expect(q.QueueInfo?.Id).toBeDefined();
    const toAlice = await start({ ContactFlowId: undefined, QuickConnectId: quickConnects['Alice Anders'] });
    expect((await describeContact(toAlice.ContactId!)).QueueInfo?.Id).toMatch(/^agent\//);
    await expectError(start({ ContactFlowId: undefined, QuickConnectId: MISSING }), 'ResourceNotFoundException', 404);
  });

  it('links tasks: RelatedContactId and PreviousContactId show on the new task', async () => {
    const first = await start();
    const linked = await start({ RelatedContactId: first.ContactId, PreviousContactId: first.ContactId });
    const c = await describeContact(linked.ContactId!);
    expect(c.RelatedContactId).toBe(first.ContactId);
    expect(c.PreviousContactId).toBe(first.ContactId);
  });

  it('starts a templated task: its flow, its defaults, TaskTemplateInfo', async () => {
    const { ContactId } = await start({
      ContactFlowId: undefined,
      TaskTemplateId: templates['Customer callback'],
      References: { 'Customer email': { Type: 'EMAIL', Value: 'jane@example.com' } },
    });
    const c = await describeContact(ContactId!);
    expect(c.Description).toBe('Call the customer back about their case.');
    expect(c.TaskTemplateInfo?.Name).toBe('Customer callback');
    expect(await references(ContactId!)).toEqual(
      expect.arrayContaining([
        { String: { Name: 'Priority', Value: 'Normal' } },
        { String: { Name: 'Team', Value: 'Support' } },
        { Email: { Name: 'Customer email', Value: 'jane@example.com' } },
      ]),
    );
  });

  it('refuses each kind of template error, naming the fields, and creates nothing', async () => {
    const before = await created();
    const TaskTemplateId = templates['Customer callback'];
    const missing = await expectError(start({ TaskTemplateId }), 'InvalidParameterException', 400);
    expect(missing.message).toMatch(/References\.Customer email: is required/);
    const many = await expectError(
      start({
        TaskTemplateId,
        References: {
          'Customer email': { Type: 'STRING', Value: 'jane@example.com' },
          Team: { Type: 'STRING', Value: 'Sales' },
          Priority: { Type: 'STRING', Value: 'Urgent' },
          Case: { Type: 'URL', Value: 'ftp://x' },
        },
      }),
      'InvalidParameterException',
      400,
    );
    expect(many.message).toMatch(/References\.Case\.Value/);
    const inner = await expectError(
      start({
        TaskTemplateId,
        References: {
          'Customer email': { Type: 'STRING', Value: 'jane@example.com' },
          Team: { Type: 'STRING', Value: 'Sales' },
          Priority: { Type: 'STRING', Value: 'Urgent' },
        },
      }),
      'InvalidParameterException',
      400,
    );
    expect(inner.message).toMatch(/References\.Customer email\.Type: must be EMAIL/);
    expect(inner.message).toMatch(/References\.Priority\.Value: must be one of "Low", "Normal", "High"/);
    expect(inner.message).toMatch(/References\.Team: is read-only/);
    await expectError(start({ TaskTemplateId: MISSING }), 'ResourceNotFoundException', 404);
    expect(await created()).toBe(before);
  });

  it('refuses an INACTIVE template; the admin API creates, updates and deletes templates', async () => {
    const { Id } = await w.connect.send(
      new CreateTaskTemplateCommand({
        InstanceId,
        Name: 'Claim review',
        ContactFlowId: w.flows['Support inbound'],
        Fields: [
          { Id: { Name: 'Claim' }, Type: 'URL' },
          { Id: { Name: 'Kind' }, Type: 'SINGLE_SELECT', SingleSelectOptions: ['Car', 'Home'] },
        ],
        Constraints: { RequiredFields: [{ Id: { Name: 'Claim' } }] },
        Defaults: { DefaultFieldValues: [{ Id: { Name: 'Kind' }, DefaultValue: 'Home' }] },
      }),
    );
    const ok = await start({
      ContactFlowId: undefined,
      TaskTemplateId: Id,
      References: { Claim: { Type: 'URL', Value: 'https://c.example.com/1' } },
    });
    expect(await references(ok.ContactId!)).toContainEqual({ String: { Name: 'Kind', Value: 'Home' } });
    const updated = await w.connect.send(new UpdateTaskTemplateCommand({ InstanceId, TaskTemplateId: Id, Status: 'INACTIVE' }));
    expect(updated.Status).toBe('INACTIVE');
    expect(updated.Fields).toHaveLength(2);
    const before = await created();
    const inactive = await expectError(
      start({ TaskTemplateId: Id, References: { Claim: { Type: 'URL', Value: 'https://c.example.com/1' } } }),
      'InvalidRequestException',
      400,
    );
    expect(inactive.message).toMatch(/INACTIVE/);
    expect(await created()).toBe(before);
    const bad = await expectError(
      w.connect.send(
        new UpdateTaskTemplateCommand({
          InstanceId,
          TaskTemplateId: Id,
          Defaults: { DefaultFieldValues: [{ Id: { Name: 'Kind' }, DefaultValue: 'Boat' }] },
        }),
      ),
      'InvalidParameterException',
      400,
    );
    expect(bad.message).toMatch(/Defaults\.DefaultFieldValues\[0\]\.DefaultValue/);
    await expectError(
      w.connect.send(
        new CreateTaskTemplateCommand({ InstanceId, Name: 'Broken', Fields: [{ Id: { Name: 'A' }, Type: 'SELF_ASSIGN' }] }),
      ),
      'InvalidParameterException',
      400,
    );
    await w.connect.send(new DeleteTaskTemplateCommand({ InstanceId, TaskTemplateId: Id }));
    await expectError(
      w.connect.send(new GetTaskTemplateCommand({ InstanceId, TaskTemplateId: Id })),
      'ResourceNotFoundException',
      404,
    );
  });

  it('ClientToken: the same request again answers the same task; another request with it is an IdempotencyException', async () => {
    const ClientToken = `tok-${backend.name}`;
    const a = await start({ ClientToken, Description: 'once' });
    const before = await created();
    const b = await start({ ClientToken, Description: 'once' });
    expect(b.ContactId).toBe(a.ContactId);
    await expectError(start({ ClientToken, Description: 'twice' }), 'IdempotencyException', 409);
    expect(await created()).toBe(before);
  });

  it('answers every invalid input with the modelled error naming the member, and creates nothing', async () => {
    const before = await created();
    const now = Math.floor(Date.now() / 1000);
    const cases: [Partial<StartTaskContactCommandInput>, string, number, RegExp][] = [
      [{ Name: 'x'.repeat(513) }, 'InvalidParameterException', 400, /Name/],
      [{ Description: 'x'.repeat(4097) }, 'InvalidParameterException', 400, /Description/],
      [
        { References: { a: { Type: 'URL', Value: 'javascript:alert(1)' } } },
        'InvalidParameterException',
        400,
        /References\.a\.Value/,
      ],
      [{ References: { a: { Type: 'NUMBER', Value: '12abc' } } }, 'InvalidParameterException', 400, /References\.a\.Value/],
      [{ References: { a: { Type: 'DATE', Value: 'soon' } } }, 'InvalidParameterException', 400, /References\.a\.Value/],
      [{ References: { a: { Type: 'EMAIL', Value: 'jane@' } } }, 'InvalidParameterException', 400, /References\.a\.Value/],
      [{ References: { a: { Type: 'ATTACHMENT', Value: 'arn:x' } } }, 'InvalidParameterException', 400, /not supported yet/],
      [{ Attributes: { big: 'x'.repeat(32 * 1024) } }, 'InvalidParameterException', 400, /Attributes/],
      [{ ContactFlowId: undefined }, 'InvalidRequestException', 400, /ContactFlowId, QuickConnectId or TaskTemplateId/],
      [{ ContactFlowId: MISSING }, 'ResourceNotFoundException', 404, /Contact flow not found/],
      [{ RelatedContactId: MISSING }, 'ResourceNotFoundException', 404, /RelatedContactId/],
      [{ PreviousContactId: MISSING }, 'ResourceNotFoundException', 404, /PreviousContactId/],
      [{ ScheduledTime: new Date((now - 60) * 1000) }, 'InvalidRequestException', 400, /ScheduledTime must be in the future/],
      [
        { ScheduledTime: new Date((now + 7 * 86400) * 1000) },
        'InvalidRequestException',
        400,
        /ScheduledTime must be at most 6 days/,
      ],
    ];
    for (const [input, name, status, message] of cases) {
      const err = await expectError(start(input), name, status);
      expect(err.message, JSON.stringify(input).slice(0, 100)).toMatch(message);
    }
    await expectError(
      w.connect.send(new StartTaskContactCommand({ InstanceId: MISSING, Name: 'x', ContactFlowId: w.flows['Support inbound'] })),
      'ResourceNotFoundException',
      404,
    );
    expect(await created()).toBe(before);
  });
});
