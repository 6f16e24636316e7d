/**
 * PauseContact / ResumeContact through the unmodified @aws-sdk/client-connect on every
 * storage backend, with an injected clock: a task connected to bob is paused and resumed
 * (his snapshot follows), DescribeContact counts the pauses and the time paused (a pause
 * still running too), a restart keeps them; chats, tasks not connected, and unknown
 * contacts or flows answer the errors the SDK models.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeContactCommand,
  PauseContactCommand,
  ResumeContactCommand,
  StartChatContactCommand,
  StartTaskContactCommand,
} from '@aws-sdk/client-connect';
import { afterEach, describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { clockedWorlds } from './chat-support.js';
import { expectError, MISSING } from './sdk-errors.js';

const MIN = 60_000;
/** Now, whole seconds: SigV4 signatures are checked against the server's (injected) clock. */
const T0 = Math.floor(Date.now() / 1000) * 1000;

describe.each(backends)('PauseContact / ResumeContact on $name', (backend) => {
  const clocked = clockedWorlds(backend, T0);
  afterEach(clocked.closeAll);

  async function world(storage?: Awaited<ReturnType<typeof backend.fresh>>, dataDir?: string) {
    const { w, send, InstanceId } = await clocked.world({
      ...(storage ? { storage } : {}),
      ...(dataDir ? { dataDir } : {}),
    });
    return {
      w,
      send,
      InstanceId,
      task: async () =>
        (await send(new StartTaskContactCommand({ InstanceId, Name: 'Review', ContactFlowId: w.flows['Support inbound'] })))
          .ContactId!,
      pause: (ContactId: string, ContactFlowId?: string) =>
        send(new PauseContactCommand({ InstanceId, ContactId, ...(ContactFlowId ? { ContactFlowId } : {}) })),
      resume: (ContactId: string) => send(new ResumeContactCommand({ InstanceId, ContactId })),
      describe: async (ContactId: string) => (await send(new DescribeContactCommand({ InstanceId, ContactId }))).Contact!,
    };
  }

  const stateOf = (d: { snapshot: { contacts: readonly { contactId: string; state: { type: string } }[] } }, id: string) =>
    d.snapshot.contacts.find((x) => x.contactId === id)?.state.type;

  it('pauses and resumes a connected task; DescribeContact counts the pauses and the time paused', async () => {
    clocked.set(T0);
    const t = await world();
    const bob = await t.w.agent('bob');
    const id = await t.task();
    await bob.waitFor((d) => stateOf(d, id) === 'connected', 'the task connected to bob');
    let c = await t.describe(id);
    expect(c.TotalPauseCount).toBeUndefined();

    clocked.set(T0 + MIN);
    await t.pause(id, t.w.flows['Support inbound']);
    await bob.waitFor((d) => stateOf(d, id) === 'paused', 'the task paused on bob');
    clocked.set(T0 + 3 * MIN);
    c = await t.describe(id);
    expect([c.TotalPauseCount, c.TotalPauseDurationInSeconds]).toEqual([1, 120]);

    const again = await expectError(t.pause(id), 'ConflictException', 409);
    expect(again.message).toMatch(/must be connected/);
    clocked.set(T0 + 4 * MIN);
    await t.resume(id);
    await bob.waitFor((d) => stateOf(d, id) === 'connected', 'the task resumed on bob');
    const twice = await expectError(t.resume(id), 'ConflictException', 409);
    expect(twice.message).toMatch(/must be paused/);

    clocked.set(T0 + 10 * MIN);
    await t.pause(id);
    clocked.set(T0 + 11 * MIN);
    c = await t.describe(id);
    expect([c.TotalPauseCount, c.TotalPauseDurationInSeconds]).toEqual([2, 240]);
  });

  it('answers the errors the SDK models', async () => {
    clocked.set(T0);
    const t = await world();
    const { ContactId: chat } = await t.send(
      new StartChatContactCommand({
        InstanceId: t.InstanceId,
        ContactFlowId: t.w.flows['Support inbound'],
        ParticipantDetails: { DisplayName: 'Ann' },
      }),
    );
    const notTask = await expectError(t.pause(chat!), 'InvalidRequestException', 400);
    expect(notTask.message).toMatch(/is a CHAT contact; only tasks can be paused/);
    await expectError(t.resume(chat!), 'InvalidRequestException', 400);
    await expectError(t.pause(MISSING), 'ResourceNotFoundException', 404);
    const queued = await t.task(); // nobody is signed in: it waits in the queue
    const err = await expectError(t.pause(queued), 'ConflictException', 409);
    expect(err.message).toMatch(/is queued; it must be connected/);
    await expectError(t.pause(queued, MISSING), 'ResourceNotFoundException', 404);
    await expectError(
      t.send(new PauseContactCommand({ InstanceId: t.InstanceId, ContactId: '' })),
      'InvalidParameterException',
      400,
    );
  });

  it('a restart keeps the pauses, a running one included', async () => {
    clocked.set(T0);
    const storage = await backend.fresh();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-task-pause-'));
    const first = await world(storage, dataDir);
    const bob = await first.w.agent('bob');
    const id = await first.task();
    await bob.waitFor((d) => stateOf(d, id) === 'connected', 'the task connected to bob');
    clocked.set(T0 + MIN);
    await first.pause(id);
    await clocked.closeOldest();

    clocked.set(T0 + 5 * MIN);
    const again = await world(storage, dataDir);
    let c = await again.describe(id);
    expect([c.TotalPauseCount, c.TotalPauseDurationInSeconds]).toEqual([1, 240]);
    await again.resume(id);
    clocked.set(T0 + 9 * MIN);
    c = await again.describe(id);
    expect([c.TotalPauseCount, c.TotalPauseDurationInSeconds]).toEqual([1, 240]);
  });
});
