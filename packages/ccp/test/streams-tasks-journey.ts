/**
 * The Streams task journey of a CRM page (fixtures/crm-page: crm.js and tasks.js, written for
 * amazon-connect-streams + amazon-connect-taskjs), one definition run against every `connect`
 * Switchboard supports: the unmodified Streams + taskjs framing the CCP
 * (streams-tasks.test.ts), and `@switchboard/streams` framing the CCP, connected directly in
 * Chromium, and headless in Node (packages/streams/test/tasks.test.ts).
 *
 * 1. A task started with the unmodified @aws-sdk/client-connect rings as `connect.contact`
 *    (name, description, references through Streams' getters; `connect.ReferenceType`);
 *    `contact.accept()`; `taskConnection.getMediaController()` resolves a TaskSession;
 *    `contact.transfer(queue)` → the session's onTransferInitiated, then onTransferSucceeded
 *    (each also onMessage), the contact in after-contact work, cleared, TRANSFERRED.
 * 2. `agent.createTask` plain (to a queue, with references) and templated (with the
 *    template's required field) make tasks the Connect API describes; the template calls
 *    answer; a templated task missing a required field fails with the field named.
 */
import { DescribeContactCommand, ListContactReferencesCommand, StartTaskContactCommand } from '@aws-sdk/client-connect';
import { expect } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import type { PageEvent } from './crm.js';
import type { JourneyPage } from './streams-journey.js';

const EVENT = 'application/vnd.amazonaws.connect.event';

const describeContact = async (world: ChatWorld, ContactId: string) =>
  (await world.connect.send(new DescribeContactCommand({ InstanceId: world.server.instance.id, ContactId }))).Contact!;

/** Before the journeys: `connect.agent` fires and the agent goes Available (after the page's `init`). */
export async function tasksReady(page: JourneyPage): Promise<void> {
  await page.waitFor('agent.init');
  await page.call('setState', 'Available');
  await page.waitFor('agent.stateChange', (e) => (e.data as { newState?: string } | null)?.newState === 'Available');
}

/** Journey 1: a task received, accepted, and transferred, heard through its TaskSession. */
export async function taskTransferJourney(page: JourneyPage, world: ChatWorld): Promise<void> {
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
  await page.waitFor('contact.connecting', isOurs);
  expect(await page.call('taskInfo', contactId)).toMatchObject({
    type: 'task',
    state: 'connecting',
    name: 'Check refund 1042',
    description: 'The customer asked twice.',
    references: { order: { type: 'URL', value: 'https://crm.example/orders/1042' } },
    mediaType: 'task',
  });
  expect(await page.call('referenceTypes')).toEqual(['URL', 'EMAIL', 'NUMBER', 'STRING', 'DATE']);
  await page.shot('task-ringing');

  await page.call('accept', contactId);
  await page.waitFor('contact.connected', isOurs);
  expect(await page.call('taskMedia', contactId)).toBe(true);
  await page.shot('task-connected');

  await page.call('transfer', contactId, 'Support queue');
  const initiated = await page.waitFor('task.transferInitiated', isOurs);
  const succeeded = await page.waitFor('task.transferSucceeded', isOurs);
  expect(initiated.at).toBeLessThanOrEqual(succeeded.at);
  expect(initiated.data?.item).toMatchObject({
    ContentType: `${EVENT}.transfer.initiated`,
    Type: 'EVENT',
    ContactId: contactId,
    InitialContactId: contactId,
  });
  // onMessage hears every item too; nothing failed.
  const messages = (await page.events()).filter((e) => e.kind === 'task.message' && isOurs(e));
  expect(messages.map((e) => e.data?.item?.ContentType)).toEqual([`${EVENT}.transfer.initiated`, `${EVENT}.transfer.succeeded`]);
  expect((await page.events()).some((e) => e.kind === 'task.transferFailed')).toBe(false);
  await page.waitFor('contact.acw', isOurs);
  await page.shot('task-transferred');
  await page.call('clear', contactId);
  await page.waitFor('contact.destroy', isOurs);
  expect((await describeContact(world, contactId)).DisconnectReason).toBe('TRANSFERRED');
}

/**
 * Journey 2: tasks made with `agent.createTask`, plain and from a template. `problems` (the
 * page's errors, console errors and failed responses) must stay empty, favicon aside.
 */
export async function createTaskJourney(page: JourneyPage, world: ChatWorld, problems: readonly string[]): Promise<void> {
  const InstanceId = world.server.instance.id;
  const plain = await page.call<string>('createTask', 'Call Jane back', 'Support queue', {
    description: 'She prefers mornings.',
    references: { phone: { type: 'STRING', value: '+1 555 0100' } },
  });
  const made = await describeContact(world, plain);
  expect(made).toMatchObject({ Channel: 'TASK', Name: 'Call Jane back', Description: 'She prefers mornings.' });
  expect(made.QueueInfo?.Id).toBeDefined();
  const refs = await world.connect.send(
    new ListContactReferencesCommand({ InstanceId, ContactId: plain, ReferenceTypes: ['STRING'] }),
  );
  expect(refs.ReferenceSummaryList).toEqual([{ String: { Name: 'phone', Value: '+1 555 0100' } }]);

  const list = await page.call<{ TaskTemplates: { Id: string; Name: string }[] }>('listTemplates');
  const callback = list.TaskTemplates.find((x) => x.Name === 'Customer callback')!;
  const template = await page.call<{ Fields: { Id: { Name: string } }[] }>('getTemplate', callback.Id);
  expect(template.Fields.map((f) => f.Id.Name)).toContain('Customer email');

  const missing = await page.call('createTask', 'Call back', 'Support queue', { taskTemplateId: callback.Id }).then(
    () => 'created',
    (e: Error) => e.message,
  );
  expect(missing).toMatch(/InvalidParameterException/);
  expect(missing).toMatch(/Customer email/);

  const templated = await page.call<string>('createTask', 'Call back about the refund', 'Support queue', {
    taskTemplateId: callback.Id,
    references: { 'Customer email': { type: 'EMAIL', value: 'jane@example.com' } },
  });
  const t = await describeContact(world, templated);
  expect(t).toMatchObject({ Channel: 'TASK', Name: 'Call back about the refund' });
  expect(t.TaskTemplateInfo?.Name).toBe('Customer callback');
  await page.shot('tasks-created');
  expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
}
