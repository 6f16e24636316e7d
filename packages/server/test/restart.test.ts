/**
 * A crash mid-flight loses nothing: the real CLI is killed with SIGKILL while chats wait
 * in a queue, one is offered and one is connected; after a restart on the same storage
 * the waiting chats still wait, the offer in flight is offered again, the connected chat
 * is still connected, and the agent's session token still works.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ConnectClient,
  DescribeContactCommand,
  GetCurrentMetricDataCommand,
  ListContactFlowsCommand,
  ListQueuesCommand,
  StartChatContactCommand,
} from '@aws-sdk/client-connect';
import { DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentSocket, login, stateArn } from './agent-client.js';
import { backends } from './backends.js';
import { type CliProcess as Child, killed, startCli } from './cli-process.js';

const key = demoConfig.accessKeys[0]!;

describe.each(backends)('kill -9 and restart on $name', (backend) => {
  const children: Child[] = [];
  const sockets: AgentSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const c of children.splice(0)) if (c.proc.exitCode === null && c.proc.signalCode === null) await killed(c);
  });

  it('loses no queued, offered or connected contact', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-restart-'));
    const storage = await backend.fresh();
    const args = ['--data-dir', dataDir, ...(storage.kind === 'postgres' ? ['--database-url', storage.url] : [])];
    const first = await startCli(args);
    children.push(first);
    const client = new ConnectClient({
      region: 'us-east-1',
      endpoint: first.url,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      maxAttempts: 1,
    });
    const InstanceId = demoConfig.instance.id;
    const flow = (await client.send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList!.find(
      (f) => f.Name === 'Support inbound',
    )!.Id!;
    const support = (await client.send(new ListQueuesCommand({ InstanceId }))).QueueSummaryList!.find(
      (q) => q.Name === 'Support',
    )!.Id!;

    // Bob (Support, chat concurrency 2) is the only agent available.
    const bob = await login(first.url, 'bob', DEMO_PASSWORD);
    const sock = await AgentSocket.open(first.url, bob.token);
    sockets.push(sock);
    await sock.waitFor(() => true);
    await sock.command('putAgentState', { state: { agentStateARN: stateArn(sock.latest!.data, 'Available') } });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const out = await client.send(
        new StartChatContactCommand({ InstanceId, ContactFlowId: flow, ParticipantDetails: { DisplayName: `C${i}` } }),
      );
      ids.push(out.ContactId!);
    }
    await sock.waitFor((d) => d.snapshot.contacts.length === 2, 'two offers');
    const [connectedId, offeredId] = sock.latest!.data.snapshot.contacts.map((c) => c.contactId) as [string, string];
    await sock.command('acceptContact', { contactId: connectedId });
    await sock.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === connectedId && c.state.type === 'connected'));
    client.destroy();

    await killed(first);
    sock.close();

    const second = await startCli(args);
    children.push(second);
    const client2 = new ConnectClient({
      region: 'us-east-1',
      endpoint: second.url,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      maxAttempts: 1,
    });
    // Every contact still exists and none has ended.
    for (const id of ids) {
      const c = (await client2.send(new DescribeContactCommand({ InstanceId, ContactId: id }))).Contact!;
      expect(c.DisconnectTimestamp).toBeUndefined();
    }
    // The two that were waiting still wait.
    const waiting = await client2.send(
      new GetCurrentMetricDataCommand({
        InstanceId,
        Filters: { Queues: [support], Channels: ['CHAT'] },
        CurrentMetrics: [{ Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }],
      }),
    );
    // The in-flight offer went back to the head of the queue: three wait until bob is back.
    expect(waiting.MetricResults?.[0]?.Collections?.[0]?.Value).toBe(3);

    // Bob's session survived; his socket brings him back: the connected chat is still his,
    // the offer in flight is offered again.
    const again = await AgentSocket.open(second.url, bob.token);
    sockets.push(again);
    const back = await again.waitFor(
      (d) =>
        d.snapshot.contacts.some((c) => c.contactId === connectedId && c.state.type === 'connected') &&
        d.snapshot.contacts.some((c) => c.contactId === offeredId && c.state.type === 'connecting'),
      'the connected chat and the re-offered one',
    );
    expect(back.data.snapshot.contacts).toHaveLength(2);
    client2.destroy();
  }, 60_000);
});
