/**
 * Tasks in a CRM page of another origin that embeds /ccp/ with the UNMODIFIED
 * amazon-connect-streams and amazon-connect-taskjs, in headless Chromium, against the real
 * server (SQLite) serving the CCP built from the current sources. alice (who accepts tasks
 * herself) is signed in by a token in the ccpUrl fragment.
 *
 * Journey: a task started with the unmodified @aws-sdk/client-connect rings as
 * `connect.contact` (name, description, references through Streams' getters);
 * `contact.accept()`; `taskConnection.getMediaController()` resolves taskjs's TaskSession;
 * `contact.transfer(queue)` → the session's onTransferInitiated, then onTransferSucceeded
 * (each also onMessage), the contact in after-contact work; `agent.createTask` plain (to a
 * queue, with references) and templated (with the template's required field) make tasks
 * the Connect API describes; the template calls answer; a templated task missing a required
 * field fails with the field named.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeContactCommand, ListContactReferencesCommand, StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import { type CrmWorld, crmHarness, crmWorld, type PageEvent } from './crm.js';

const SHOTS = path.join(tmpdir(), 'switchboard-streams-task-shots');
const EVENT = 'application/vnd.amazonaws.connect.event';

describe('tasks in a CRM embedding the CCP with amazon-connect-streams + amazon-connect-taskjs', () => {
  let crm: CrmWorld;
  let world: ChatWorld;
  let page: Page;
  const problems: string[] = [];
  const { call, events, waitFor } = crmHarness(problems);
  const shot = (name: string) => crm.shot(name);

  beforeAll(async () => {
    crm = await crmWorld(SHOTS, problems);
    ({ world, page } = crm);
    await call(page, 'init', await crm.ccpUrl('alice'), world.server.url);
    await waitFor(page, 'agent.init');
    await call(page, 'setState', 'Available');
    await waitFor(page, 'agent.stateChange', (e) => (e.data as { newState?: string } | null)?.newState === 'Available');
  });

  afterAll(async () => {
    await crm?.close();
  });

  const describeContact = async (ContactId: string) =>
    (await world.connect.send(new DescribeContactCommand({ InstanceId: world.server.instance.id, ContactId }))).Contact!;

  it('receives a task, accepts it, and hears its transfer through the TaskSession', async () => {
    const InstanceId = world.server.instance.id;
    const { ContactId } = await world.connect.send(
      new StartTaskContactCommand({
        InstanceId,
        ContactFlowId: world.flows['Sales inbound'],
        Name: 'Check refund 1042',
        Description: 'The customer asked twice.',
        References: { order: { Type: 'URL', Value: 'https://crm.example/orders/1042' } },
      }),
    );
    const contactId = ContactId!;
    const isOurs = (e: PageEvent) => e.data?.contactId === contactId;
    await waitFor(page, 'contact.connecting', isOurs);
    expect(await call(page, 'taskInfo', contactId)).toMatchObject({
      type: 'task',
      state: 'connecting',
      name: 'Check refund 1042',
      description: 'The customer asked twice.',
      references: { order: { type: 'URL', value: 'https://crm.example/orders/1042' } },
      mediaType: 'task',
    });
    expect(await call(page, 'referenceTypes')).toEqual(['URL', 'EMAIL', 'NUMBER', 'STRING', 'DATE']);
    await shot('task-ringing');

    await call(page, 'accept', contactId);
    await waitFor(page, 'contact.connected', isOurs);
    expect(await call(page, 'taskMedia', contactId)).toBe(true);
    await shot('task-connected');

    await call(page, 'transfer', contactId, 'Support queue');
    const initiated = await waitFor(page, 'task.transferInitiated', isOurs);
    const succeeded = await waitFor(page, 'task.transferSucceeded', isOurs);
    expect(initiated.at).toBeLessThanOrEqual(succeeded.at);
    expect(initiated.data?.item).toMatchObject({
      ContentType: `${EVENT}.transfer.initiated`,
      Type: 'EVENT',
      ContactId: contactId,
      InitialContactId: contactId,
    });
    // onMessage hears every item too; nothing failed.
    const messages = (await events(page)).filter((e) => e.kind === 'task.message' && isOurs(e));
    expect(messages.map((e) => e.data?.item?.ContentType)).toEqual([
      `${EVENT}.transfer.initiated`,
      `${EVENT}.transfer.succeeded`,
    ]);
    expect((await events(page)).some((e) => e.kind === 'task.transferFailed')).toBe(false);
    await waitFor(page, 'contact.acw', isOurs);
    await shot('task-transferred');
    await call(page, 'clear', contactId);
    await waitFor(page, 'contact.destroy', isOurs);
    expect((await describeContact(contactId)).DisconnectReason).toBe('TRANSFERRED');
  });

  it('creates tasks with agent.createTask, plain and from a template', async () => {
    const InstanceId = world.server.instance.id;
    const plain = await call<string>(page, 'createTask', 'Call Jane back', 'Support queue', {
      description: 'She prefers mornings.',
      references: { phone: { type: 'STRING', value: '+1 555 0100' } },
    });
    const made = await describeContact(plain);
    expect(made).toMatchObject({ Channel: 'TASK', Name: 'Call Jane back', Description: 'She prefers mornings.' });
    expect(made.QueueInfo?.Id).toBeDefined();
    const refs = await world.connect.send(
      new ListContactReferencesCommand({ InstanceId, ContactId: plain, ReferenceTypes: ['STRING'] }),
    );
    expect(refs.ReferenceSummaryList).toEqual([{ String: { Name: 'phone', Value: '+1 555 0100' } }]);

    const list = await call<{ TaskTemplates: { Id: string; Name: string }[] }>(page, 'listTemplates');
    const callback = list.TaskTemplates.find((x) => x.Name === 'Customer callback')!;
    const template = await call<{ Fields: { Id: { Name: string } }[] }>(page, 'getTemplate', callback.Id);
    expect(template.Fields.map((f) => f.Id.Name)).toContain('Customer email');

    const missing = await call(page, 'createTask', 'Call back', 'Support queue', { taskTemplateId: callback.Id }).then(
      () => 'created',
      (e: Error) => e.message,
    );
    expect(missing).toMatch(/InvalidParameterException/);
    expect(missing).toMatch(/Customer email/);

    const templated = await call<string>(page, 'createTask', 'Call back about the refund', 'Support queue', {
      taskTemplateId: callback.Id,
      references: { 'Customer email': { type: 'EMAIL', value: 'jane@example.com' } },
    });
    const t = await describeContact(templated);
    expect(t).toMatchObject({ Channel: 'TASK', Name: 'Call back about the refund' });
    expect(t.TaskTemplateInfo?.Name).toBe('Customer callback');
    await shot('tasks-created');
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});
