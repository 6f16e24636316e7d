/**
 * A task's schedule and its expiry survive crashes: the real CLI (what `npm start` runs)
 * on the test clock (SWITCHBOARD_TEST_CLOCK_FILE, the offset this test writes), killed
 * with SIGKILL twice, on every storage backend.
 *
 * 1. A task scheduled 1 h ahead and one queued now; kill -9.
 * 2. Restart 1 h later: the scheduled task was queued at start. bob signs in shortly before
 *    the expiry warning (7 days − 2 h): both tasks are his; a TaskSession per task hears
 *    onTaskExpiring when the time comes; kill -9.
 * 3. Restart, bob signs in again with new TaskSessions: at 7 days they hear onTaskExpired
 *    (and no second warning); the tasks ended EXPIRED (DescribeContact).
 */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectClient, DescribeContactCommand, ListContactFlowsCommand, StartTaskContactCommand } from '@aws-sdk/client-connect';
import { AgentClient } from '@switchboard/agent-client';
import { DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import { type TaskItem, TaskSession, websocketManagerFor } from '@switchboard/tasks';
import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../../server/test/backends.js';
import { type CliProcess, killed, startCli } from '../../server/test/cli-process.js';
import { contactState, DAY, dataWhere, HOUR } from './support.js';

const key = demoConfig.accessKeys[0]!;
const InstanceId = demoConfig.instance.id;
const EVENT = 'application/vnd.amazonaws.connect.event';

describe.each(backends)('task schedule and expiry over kill -9 on $name', (backend) => {
  const children: CliProcess[] = [];
  const clients: AgentClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const c of children.splice(0)) await killed(c);
  });

  it('loses neither the schedule nor the expiry, and warns once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-task-restart-'));
    const clockFile = path.join(dir, 'clock');
    let offset = 0;
    /** Moves the server's clock (atomically: the server polls the file). */
    const setOffset = (ms: number) => {
      offset = ms;
      writeFileSync(`${clockFile}.tmp`, String(ms));
      renameSync(`${clockFile}.tmp`, clockFile);
    };
    setOffset(0);
    const storage = await backend.fresh();
    const args = ['--data-dir', path.join(dir, 'data'), ...(storage.kind === 'postgres' ? ['--database-url', storage.url] : [])];
    const start = async () => {
      const c = await startCli(args, { SWITCHBOARD_TEST_CLOCK_FILE: clockFile });
      children.push(c);
      const connect = new ConnectClient({
        region: 'us-east-1',
        endpoint: c.url,
        credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
        maxAttempts: 1,
      });
      /** Signed on the server's clock. */
      const send: ConnectClient['send'] = ((cmd: Parameters<ConnectClient['send']>[0]) => {
        (connect.config as { systemClockOffset: number }).systemClockOffset = offset;
        return connect.send(cmd);
      }) as ConnectClient['send'];
      return { c, send };
    };
    const t0 = Math.floor(Date.now() / 1000) * 1000;

    // 1. A scheduled task and a queued one; nobody is signed in.
    const first = await start();
    const flows = (await first.send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList ?? [];
    const ContactFlowId = flows.find((f) => f.Name === 'Support inbound')!.Id!;
    const scheduled = (
      await first.send(
        new StartTaskContactCommand({
          InstanceId,
          ContactFlowId,
          Name: 'Call back at ten',
          ScheduledTime: new Date(t0 + HOUR),
        }),
      )
    ).ContactId!;
    const queued = (await first.send(new StartTaskContactCommand({ InstanceId, ContactFlowId, Name: 'Review claim' })))
      .ContactId!;
    expect(
      (await first.send(new DescribeContactCommand({ InstanceId, ContactId: scheduled }))).Contact?.QueueInfo,
    ).toBeUndefined();
    await killed(first.c);

    // 2. An hour and a minute later: the schedule passed while down, the task is queued at start.
    setOffset(HOUR + 60_000);
    const second = await start();
    const described = (await second.send(new DescribeContactCommand({ InstanceId, ContactId: scheduled }))).Contact!;
    expect(described.QueueInfo?.Id).toBeDefined();
    expect(described.ScheduledTimestamp?.getTime()).toBe(t0 + HOUR);

    const signIn = async (url: string) => {
      const bob = await AgentClient.signIn({ endpoint: url, username: 'bob', password: DEMO_PASSWORD });
      clients.push(bob);
      await bob.ready();
      return bob;
    };
    const sessions = async (bob: AgentClient) => {
      const seen = new Map<string, { kind: string; item: TaskItem }[]>();
      for (const contactId of [scheduled, queued]) {
        const list: { kind: string; item: TaskItem }[] = [];
        seen.set(contactId, list);
        const s = TaskSession.create({ contactId, initialContactId: contactId, websocketManager: websocketManagerFor(bob) });
        s.onTaskExpiring((item) => list.push({ kind: 'expiring', item: item as TaskItem }));
        s.onTaskExpired((item) => list.push({ kind: 'expired', item: item as TaskItem }));
        await s.connect();
      }
      return seen;
    };
    const until = async (check: () => boolean | Promise<boolean>, what: string) => {
      const end = Date.now() + 10_000;
      while (!(await check())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    setOffset(7 * DAY - 2 * HOUR - 30_000);
    // Signing in before the server read the new time would make a session that its next
    // reading has already expired: wait until a request signed at the new time is taken
    // (SigV4 allows 15 min of skew; the jump is days).
    await until(async () => {
      try {
        await second.send(new ListContactFlowsCommand({ InstanceId }));
        return true;
      } catch {
        return false;
      }
    }, 'the server on the new time');
    const bob = await signIn(second.c.url);
    await bob.setState('Available');
    // bob (Support, accepts tasks himself) gets both.
    for (const id of [scheduled, queued]) await dataWhere(bob, (d) => contactState(d, id) === 'connected', `task ${id}`);
    const seen = await sessions(bob);
    setOffset(7 * DAY - 2 * HOUR + 1000);
    await until(() => [...seen.values()].every((l) => l.length === 1), 'both warnings');
    for (const [id, list] of seen) {
      expect(list.map((e) => e.kind)).toEqual(['expiring']);
      expect(list[0]?.item).toMatchObject({ ContentType: `${EVENT}.expire.warning`, ContactId: id });
    }
    await killed(second.c);
    bob.close();

    // 3. Restarted before the expiry: bob signs in again; at 7 days both tasks expire.
    const third = await start();
    const again = await signIn(third.c.url);
    for (const id of [scheduled, queued]) await dataWhere(again, (d) => contactState(d, id) === 'connected', `task ${id} kept`);
    const after = await sessions(again);
    setOffset(7 * DAY + 1000);
    await until(() => [...after.values()].every((l) => l.length === 1), 'both expiries');
    for (const [id, list] of after) {
      expect(
        list.map((e) => e.kind),
        'no second warning',
      ).toEqual(['expired']);
      expect(list[0]?.item).toMatchObject({ ContentType: `${EVENT}.expire.complete`, ContactId: id });
      expect((await third.send(new DescribeContactCommand({ InstanceId, ContactId: id }))).Contact?.DisconnectReason).toBe(
        'EXPIRED',
      );
    }
    await dataWhere(again, (d) => contactState(d, queued) === 'ended', 'after-contact work');
  });
});
