/**
 * Tasks from the agent's side, on every storage backend with an injected clock: the agent
 * API's task commands (createTaskContact to a queue, createTemplatedTask naming every
 * failing field, listTaskTemplates, getTaskTemplate, updateContact), the snapshot's task
 * fields, and the `aws/task` items on the agent websocket: the expiry warning 2 h before
 * and the expiry (the task ends, EXPIRED), a transfer that succeeds and one that fails.
 */
import {
  DescribeContactCommand,
  ListContactReferencesCommand,
  ListQueuesCommand,
  UpdateQueueStatusCommand,
} from '@aws-sdk/client-connect';
import type { ContactData } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentSocket, CommandError, stateArn } from './agent-client.js';
import { backends } from './backends.js';
import { clockedWorlds } from './chat-support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Whole seconds: SigV4 signatures are checked against the server's (injected) clock. */
const T0 = Math.floor(Date.now() / 1000) * 1000;
const EVENT = 'application/vnd.amazonaws.connect.event';

describe.each(backends)('tasks on the agent API on $name', (backend) => {
  const clocked = clockedWorlds(backend, T0);
  afterEach(clocked.closeAll);

  async function world() {
    clocked.set(T0);
    const { w, send, InstanceId, advanceTo } = await clocked.world();
    // alice creates tasks while on Break; bob (Support, auto-accepts tasks) gets them.
    const alice = await w.agent('alice');
    await alice.command('putAgentState', { state: { agentStateARN: stateArn(alice.latest!.data, 'Break') } });
    const bob = await w.agent('bob');
    const { endpoints } = await alice.command<{ endpoints: { endpointARN: string; name: string }[] }>('getEndpoints');
    const endpoint = (name: string) => {
      const e = endpoints.find((x) => x.name === name);
      if (!e) throw new Error(`no endpoint ${name}`);
      return e;
    };
    return {
      w,
      send,
      InstanceId,
      alice,
      bob,
      endpoint,
      advanceTo,
      describe: async (ContactId: string) => (await send(new DescribeContactCommand({ InstanceId, ContactId }))).Contact!,
    };
  }

  const contactOf = async (sock: AgentSocket, contactId: string, what = `task ${contactId}`): Promise<ContactData<string>> => {
    const p = await sock.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === contactId), what);
    return p.data.snapshot.contacts.find((c) => c.contactId === contactId)!;
  };
  const until = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(check(), what).toBe(true);
  };
  const rejection = async (p: Promise<unknown>): Promise<CommandError> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CommandError);
    return err as CommandError;
  };

  it('createTaskContact to a queue: routed, shown with its fields, warned 2 h before expiry, then EXPIRED', async () => {
    const t = await world();
    const request = {
      endpoint: { ...t.endpoint('Support queue'), endpointId: 'ignored' },
      name: 'Call Jane back',
      description: 'About order 1234',
      references: {
        order: { type: 'URL', value: 'https://crm.example/orders/1234' },
        due: { type: 'DATE', value: '2026-12-10' },
      },
      idempotencyToken: 'tok-1',
    };
    const { contactId } = await t.alice.command<{ contactId: string }>('createTaskContact', request);
    const task = await contactOf(t.bob, contactId);
    expect(task).toMatchObject({
      type: 'task',
      name: 'Call Jane back',
      description: 'About order 1234',
      state: { type: 'connected' },
      references: {
        order: { type: 'URL', value: 'https://crm.example/orders/1234' },
        due: { type: 'DATE', value: '2026-12-10' },
      },
      expiryTimestamp: new Date(T0 + 7 * DAY).toISOString(),
    });
    expect((await t.describe(contactId)).Channel).toBe('TASK');
    const refs = await t.send(
      new ListContactReferencesCommand({ InstanceId: t.InstanceId, ContactId: contactId, ReferenceTypes: ['URL'] }),
    );
    expect(refs.ReferenceSummaryList).toEqual([{ Url: { Name: 'order', Value: 'https://crm.example/orders/1234' } }]);
    // The same idempotency token again: the same task, nothing new.
    const again = await t.alice.command<{ contactId: string }>('createTaskContact', structuredClone(request));
    expect(again.contactId).toBe(contactId);

    await t.advanceTo(T0 + 7 * DAY - 2 * HOUR - 1000);
    expect(t.bob.events).toEqual([]);
    await t.advanceTo(T0 + 7 * DAY - 2 * HOUR);
    await until(() => t.bob.events.length === 1, 'the expiry warning');
    expect(t.bob.events[0]).toMatchObject({
      topic: 'aws/task',
      data: { ContentType: `${EVENT}.expire.warning`, Type: 'EVENT', ContactId: contactId, InitialContactId: contactId },
    });
    expect(t.alice.events).toEqual([]);
    await t.advanceTo(T0 + 7 * DAY);
    await until(() => t.bob.events.length === 2, 'the expiry');
    expect(t.bob.events[1]?.data).toMatchObject({ ContentType: `${EVENT}.expire.complete`, ContactId: contactId });
    expect((await contactOf(t.bob, contactId)).state.type).toBe('ended');
    await t.bob.waitFor((d) => d.snapshot.contacts.find((c) => c.contactId === contactId)?.state.type === 'ended', 'ACW');
    const described = await t.describe(contactId);
    expect(described.DisconnectReason).toBe('EXPIRED');
  });

  it('createTaskContact refuses what StartTaskContact refuses, naming the member; nothing is created', async () => {
    const t = await world();
    const before = (await t.w.server.routing.instance(t.InstanceId)).docs.size;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ name: 'x' }, 'InvalidParameterException', /endpoint/],
      [{ name: 'x', endpoint: {} }, 'InvalidParameterException', /endpoint\.endpointARN/],
      [{ name: '', endpoint: t.endpoint('Support queue') }, 'InvalidParameterException', /Name/],
      [
        { name: 'x', endpoint: t.endpoint('Support queue'), references: { site: { type: 'URL', value: 'javascript:alert(1)' } } },
        'InvalidParameterException',
        /References\.site/,
      ],
      [
        { name: 'x', endpoint: t.endpoint('Support queue'), scheduledTime: Math.floor((T0 - HOUR) / 1000) },
        'InvalidRequestException',
        /ScheduledTime/,
      ],
      [
        { name: 'x', endpoint: { endpointARN: 'arn:aws:connect:us-east-1:1:instance/x/transfer-destination/nope' } },
        'ResourceNotFoundException',
        /nope/,
      ],
      [{ name: 'x\u0000', endpoint: t.endpoint('Support queue') }, 'InvalidParameterException', /NUL/],
    ];
    for (const [params, type, message] of cases) {
      const err = await rejection(t.alice.command('createTaskContact', params));
      expect(err.type, JSON.stringify(params)).toBe(type);
      expect(err.message, JSON.stringify(params)).toMatch(message);
    }
    expect(t.w.server.routing.instance(t.InstanceId).docs.size).toBe(before);
  });

  it('templates: list, get, createTemplatedTask naming every failing field, then updateContact by its agent only', async () => {
    const t = await world();
    const list = await t.alice.command<{ TaskTemplates: { Id: string; Name: string; Status: string }[] }>('listTaskTemplates', {
      instanceId: 'not-used',
      queryParams: { status: 'ACTIVE', maxResults: 50 },
    });
    const callback = list.TaskTemplates.find((x) => x.Name === 'Customer callback');
    expect(callback?.Status).toBe('ACTIVE');
    // TaskJS's README spells the status in lower case.
    const lower = await t.alice.command<{ TaskTemplates: { Name: string }[] }>('listTaskTemplates', {
      queryParams: { status: 'active' },
    });
    expect(lower.TaskTemplates.map((x) => x.Name)).toEqual(list.TaskTemplates.map((x) => x.Name));
    const template = await t.alice.command<{ Name: string; Fields: { Id: { Name: string }; Type: string }[] }>(
      'getTaskTemplate',
      { templateParams: { id: callback!.Id } },
    );
    expect(template.Name).toBe('Customer callback');
    expect(template.Fields.map((f) => f.Id.Name)).toContain('Customer email');
    const quickConnect = t.endpoint('Support queue').endpointARN.split('/').pop();

    const err = await rejection(
      t.alice.command('createTemplatedTask', {
        TaskTemplateId: callback!.Id,
        QuickConnectId: quickConnect,
        Name: 'Call back',
        References: { Team: { Type: 'STRING', Value: 'Sales' } },
      }),
    );
    expect(err.type).toBe('InvalidParameterException');
    expect(err.message).toMatch(/Customer email/);
    expect(err.message).toMatch(/Team/);

    const made = await t.alice.command<{ ContactId: string; contactId: string }>('createTemplatedTask', {
      TaskTemplateId: callback!.Id,
      QuickConnectId: quickConnect,
      Name: 'Call back',
      References: { 'Customer email': { Type: 'EMAIL', Value: 'jane@example.com' } },
    });
    expect(made.contactId).toBe(made.ContactId);
    const task = await contactOf(t.bob, made.ContactId);
    expect(task.taskTemplate).toEqual({ id: callback!.Id, name: 'Customer callback' });
    expect(task.references).toMatchObject({
      'Customer email': { type: 'EMAIL', value: 'jane@example.com' },
      Team: { type: 'STRING', value: 'Support' },
    });

    const notHers = await rejection(t.alice.command('updateContact', { ContactId: made.ContactId, Name: 'Mine now' }));
    expect(notHers.type).toBe('AccessDeniedException');
    await t.bob.command('updateContact', { ContactId: made.ContactId, Name: 'Call Jane back today' });
    await t.bob.waitFor((d) => d.snapshot.contacts.some((c) => c.name === 'Call Jane back today'), 'the new name');
    expect((await t.describe(made.ContactId)).Name).toBe('Call Jane back today');
  });

  it('transfers publish transfer.initiated, then succeeded, or failed (the task stays with its agent)', async () => {
    const t = await world();
    const { contactId } = await t.alice.command<{ contactId: string }>('createTaskContact', {
      endpoint: t.endpoint('Support queue'),
      name: 'Review refund',
    });
    await contactOf(t.bob, contactId);
    const { QueueSummaryList: Queues } = await t.send(
      new ListQueuesCommand({ InstanceId: t.InstanceId, QueueTypes: ['STANDARD'] }),
    );
    const sales = Queues!.find((q) => q.Name === 'Sales')!;
    await t.send(new UpdateQueueStatusCommand({ InstanceId: t.InstanceId, QueueId: sales.Id!, Status: 'DISABLED' }));
    const salesQueue = (
      await t.bob.command<{ endpoints: { endpointARN: string; name: string }[] }>('getEndpoints', {
        queueARNs: [sales.Arn!],
      })
    ).endpoints.find((e) => e.name === 'Sales queue')!;
    const failed = await rejection(t.bob.command('transferContact', { contactId, endpoint: salesQueue }));
    expect(failed.type).toBe('InvalidStateException');
    expect(failed.message).toMatch(/could not be made \(its queue is disabled\); the contact stays with you/);
    await until(() => t.bob.events.length === 2, 'initiated + failed');
    expect(t.bob.events.map((e) => e.data.ContentType)).toEqual([`${EVENT}.transfer.initiated`, `${EVENT}.transfer.failed`]);
    expect((await contactOf(t.bob, contactId)).state.type).toBe('connected');
    expect(t.w.server.routing.instance(t.InstanceId).docs.size).toBe(1);

    await t.send(new UpdateQueueStatusCommand({ InstanceId: t.InstanceId, QueueId: sales.Id!, Status: 'ENABLED' }));
    const { contactId: next } = await t.bob.command<{ contactId: string }>('transferContact', {
      contactId,
      endpoint: salesQueue,
    });
    await until(() => t.bob.events.length === 4, 'initiated + succeeded');
    expect(t.bob.events.slice(2).map((e) => e.data)).toEqual([
      expect.objectContaining({ ContentType: `${EVENT}.transfer.initiated`, ContactId: contactId, InitialContactId: contactId }),
      expect.objectContaining({ ContentType: `${EVENT}.transfer.succeeded`, ContactId: contactId, InitialContactId: contactId }),
    ]);
    // The transferred task keeps its expiry.
    expect(t.w.server.routing.instance(t.InstanceId).engine.contact(next)?.expiresAt).toBe(T0 + 7 * DAY);
  });
});
