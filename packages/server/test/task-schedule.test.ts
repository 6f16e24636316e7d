/**
 * Scheduled tasks through the unmodified @aws-sdk/client-connect on every storage backend,
 * with an injected clock: StartTaskContact with a ScheduledTime creates the task but queues
 * it only at that time (the engine's timer, driven here by a tick after the clock moves);
 * DescribeContact's ScheduledTimestamp; UpdateContactSchedule moves it, with its errors,
 * and is refused once the task was routed; a restart in between keeps the schedule.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeContactCommand, StartTaskContactCommand, UpdateContactScheduleCommand } from '@aws-sdk/client-connect';
import { afterEach, describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { clockedWorlds } from './chat-support.js';
import { expectError, MISSING } from './sdk-errors.js';

const HOUR = 3_600_000;
/** Now, whole seconds: SigV4 signatures are checked against the server's (injected) clock. */
const T0 = Math.floor(Date.now() / 1000) * 1000;

describe.each(backends)('scheduled tasks on $name', (backend) => {
  const clocked = clockedWorlds(backend, T0);
  afterEach(clocked.closeAll);

  async function world(storage?: Awaited<ReturnType<typeof backend.fresh>>, dataDir?: string) {
    const t = await clocked.world({
      ...(storage ? { storage } : {}),
      ...(dataDir ? { dataDir } : {}),
    });
    const { w, send, InstanceId, ir } = t;
    return {
      w,
      send,
      InstanceId,
      /** The clock moves; the engine's timers run as their setTimeout would. */
      advanceTo: t.advanceTo,
      phase: (id: string) => ir().engine.contact(id)?.phase,
      start: (at: number) =>
        send(
          new StartTaskContactCommand({
            InstanceId,
            Name: 'Call back',
            ContactFlowId: w.flows['Support inbound'],
            ScheduledTime: new Date(at),
          }),
        ),
      describe: async (ContactId: string) => (await send(new DescribeContactCommand({ InstanceId, ContactId }))).Contact!,
      reschedule: (ContactId: string, at: number) =>
        send(new UpdateContactScheduleCommand({ InstanceId, ContactId, ScheduledTime: new Date(at) })),
    };
  }

  it('queues the task at its time, not before; UpdateContactSchedule moves it until then', async () => {
    clocked.set(T0);
    const t = await world();
    const bob = await t.w.agent('bob');
    const { ContactId } = await t.start(T0 + HOUR);
    expect(t.phase(ContactId!)).toBe('init');
    let c = await t.describe(ContactId!);
    expect(c.ScheduledTimestamp?.getTime()).toBe(T0 + HOUR);
    expect(c.QueueInfo).toBeUndefined();
    expect(c.AgentInfo).toBeUndefined();

    await t.reschedule(ContactId!, T0 + 3 * HOUR);
    expect((await t.describe(ContactId!)).ScheduledTimestamp?.getTime()).toBe(T0 + 3 * HOUR);
    for (const [at, message] of [
      [T0 - 1000, /ScheduledTime must be in the future/],
      [T0 + 7 * 24 * HOUR, /ScheduledTime must be at most 6 days/],
    ] as const) {
      const err = await expectError(t.reschedule(ContactId!, at), 'InvalidRequestException', 400);
      expect(err.message).toMatch(message);
    }
    await expectError(t.reschedule(MISSING, T0 + HOUR), 'ResourceNotFoundException', 404);

    await t.advanceTo(T0 + HOUR); // the old time does nothing
    expect(t.phase(ContactId!)).toBe('init');
    await t.advanceTo(T0 + 3 * HOUR);
    await bob.waitFor(
      (d) => d.snapshot.contacts.some((x) => x.contactId === ContactId && x.state.type === 'connected'),
      'the scheduled task connected to bob',
    );
    c = await t.describe(ContactId!);
    expect(c.ScheduledTimestamp?.getTime()).toBe(T0 + 3 * HOUR);
    expect(c.QueueInfo?.EnqueueTimestamp?.getTime()).toBe(T0 + 3 * HOUR);
    expect(c.AgentInfo?.Id).toBeDefined();
    const err = await expectError(t.reschedule(ContactId!, T0 + 4 * HOUR), 'InvalidRequestException', 400);
    expect(err.message).toMatch(/already routed/);
  });

  it('a task not scheduled cannot be rescheduled', async () => {
    clocked.set(T0);
    const t = await world();
    const { ContactId } = await t.send(
      new StartTaskContactCommand({ InstanceId: t.InstanceId, Name: 'Now', ContactFlowId: t.w.flows['Support inbound'] }),
    );
    const err = await expectError(t.reschedule(ContactId!, T0 + HOUR), 'InvalidRequestException', 400);
    expect(err.message).toMatch(/not a scheduled task/);
  });

  it('a restart between creation and the scheduled time loses nothing', async () => {
    clocked.set(T0);
    const storage = await backend.fresh();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-task-schedule-'));
    const first = await world(storage, dataDir);
    const { ContactId } = await first.start(T0 + 2 * HOUR);
    await first.reschedule(ContactId!, T0 + 5 * HOUR);
    await clocked.closeOldest();

    const again = await world(storage, dataDir);
    await again.advanceTo(T0 + HOUR);
    expect(again.phase(ContactId!)).toBe('init');
    expect((await again.describe(ContactId!)).ScheduledTimestamp?.getTime()).toBe(T0 + 5 * HOUR);
    const bob = await again.w.agent('bob');
    await again.advanceTo(T0 + 5 * HOUR);
    await bob.waitFor(
      (d) => d.snapshot.contacts.some((x) => x.contactId === ContactId && x.state.type === 'connected'),
      'the scheduled task connected to bob after the restart',
    );
  });
});
