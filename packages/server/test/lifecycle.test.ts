/**
 * The server as the CLI starts it, with the demo instance: admin changes survive a
 * restart on both storage backends, file changes are applied at the next start, and an
 * environment root key replaces the documented demo key.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ConnectClient,
  CreateQueueCommand,
  DeleteQuickConnectCommand,
  DescribeQueueCommand,
  DescribeUserCommand,
  ListQueuesCommand,
  ListQuickConnectsCommand,
  ListUsersCommand,
  UpdateUserIdentityInfoCommand,
} from '@aws-sdk/client-connect';
import { demoConfig, type InstanceConfig } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { type RunningServer, type StartOptions, startServer } from '../src/server.js';
import { backends } from './backends.js';
import { fakeHash, fakeVerify } from './harness.js';

const demoKey = demoConfig.accessKeys[0]!;
const clientFor = (s: RunningServer, key = { accessKeyId: demoKey.accessKeyId, secretAccessKey: demoKey.secretAccessKey }) =>
  new ConnectClient({ region: s.instance.region, endpoint: s.url, credentials: key, maxAttempts: 1 });

const start = (opts: StartOptions) =>
  startServer({ port: 0, logger: false, hashPassword: fakeHash, verifyPassword: fakeVerify, ...opts });

describe.each(backends)('server lifecycle on $name', (backend) => {
  it('admin API changes survive a restart; unchanged file entries do not overwrite them', async () => {
    const storage = await backend.fresh();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-life-'));
    const first = await start({ storage, dataDir });
    const instanceId = first.instance.id;
    expect(instanceId).toBe(demoConfig.instance.id);
    const c1 = clientFor(first);
    const hours = (
      await c1.send(
        new DescribeQueueCommand({
          InstanceId: instanceId,
          QueueId: (await c1.send(new ListQueuesCommand({ InstanceId: instanceId }))).QueueSummaryList![0]!.Id!,
        }),
      )
    ).Queue!.HoursOfOperationId!;
    const created = await c1.send(
      new CreateQueueCommand({ InstanceId: instanceId, Name: 'Made through the API', HoursOfOperationId: hours }),
    );
    const users = (await c1.send(new ListUsersCommand({ InstanceId: instanceId }))).UserSummaryList!;
    const alice = users.find((u) => u.Username === 'alice')!;
    await c1.send(
      new UpdateUserIdentityInfoCommand({
        InstanceId: instanceId,
        UserId: alice.Id!,
        IdentityInfo: { FirstName: 'Alicia', LastName: 'Changed' },
      }),
    );
    const qcs = (await c1.send(new ListQuickConnectsCommand({ InstanceId: instanceId }))).QuickConnectSummaryList!;
    const doomed = qcs.find((q) => q.QuickConnectType === 'PHONE_NUMBER') ?? qcs[0]!;
    await c1.send(new DeleteQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: doomed.Id! }));
    c1.destroy();
    await first.close();

    const second = await start({ storage, dataDir });
    const c2 = clientFor(second);
    const queue = await c2.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: created.QueueId! }));
    expect(queue.Queue?.Name).toBe('Made through the API');
    const aliceAgain = await c2.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: alice.Id! }));
    expect(aliceAgain.User?.IdentityInfo?.FirstName).toBe('Alicia');
    expect(aliceAgain.User?.Id).toBe(alice.Id); // ids from the file are stable across starts
    const qcsAgain = (await c2.send(new ListQuickConnectsCommand({ InstanceId: instanceId }))).QuickConnectSummaryList!;
    expect(qcsAgain.map((q) => q.Id)).not.toContain(doomed.Id);
    c2.destroy();
    await second.close();

    // The file changes: alice's first name in the file is applied, the API-made queue stays.
    const changed: InstanceConfig = {
      ...demoConfig,
      users: demoConfig.users.map((u) => (u.username === 'alice' ? { ...u, firstName: 'FromFile' } : u)),
    };
    const third = await start({ storage, dataDir, config: changed });
    const c3 = clientFor(third);
    expect(
      (await c3.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: alice.Id! }))).User?.IdentityInfo?.FirstName,
    ).toBe('FromFile');
    expect((await c3.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: created.QueueId! }))).Queue?.Name).toBe(
      'Made through the API',
    );
    c3.destroy();
    await third.close();
  });

  it('SWITCHBOARD_ACCESS_KEY_ID/SECRET replace the demo key', async () => {
    const root = { accessKeyId: 'ROOTKEY0000000000001', secretAccessKey: 'root-secret-0123456789' };
    const s = await start({
      storage: await backend.fresh(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'sb-life-')),
      rootKey: root,
    });
    const rootClient = clientFor(s, root);
    const demoClient = clientFor(s);
    expect(
      (await rootClient.send(new ListQueuesCommand({ InstanceId: s.instance.id }))).QueueSummaryList?.length,
    ).toBeGreaterThan(0);
    await expect(demoClient.send(new ListQueuesCommand({ InstanceId: s.instance.id }))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
    rootClient.destroy();
    demoClient.destroy();
    await s.close();
  });
});

describe('health while stopping', () => {
  it('/healthz answers 200 once up; the port is released after close', async () => {
    const s = await start({ dataDir: mkdtempSync(path.join(tmpdir(), 'sb-life-')) });
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    await s.close();
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  });
});
