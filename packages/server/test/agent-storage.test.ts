/**
 * How routing stores an agent: the agent's document (status, next status, idle timer,
 * version) and each assignment as a row of its own, written only when it changes. A step
 * that changes one of an agent's contacts writes that one row, not the agent's whole state.
 * A restart gets every assignment back, and the agent's version keeps growing. Documents
 * written before assignments had rows of their own (with the assignments inside) are read
 * as before and moved to rows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectClient, ListContactFlowsCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentStateBody } from '../src/routing/instance.js';
import { type RunningServer, startServer } from '../src/server.js';
import { openStore } from '../src/storage/db.js';
import type { RuntimeBatch, StorageOptions } from '../src/storage/types.js';
import { AgentSocket, login, stateArn } from './agent-client.js';
import { backends } from './backends.js';
import { fakeHash, fakeVerify } from './harness.js';

const key = demoConfig.accessKeys[0]!;

describe.each(backends)('agent storage on $name', (backend) => {
  const servers: RunningServer[] = [];
  const sockets: AgentSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const s of servers.splice(0)) await s.close();
  });

  const start = async (storage: StorageOptions, dataDir: string) => {
    const server = await startServer({
      port: 0,
      logger: false,
      storage,
      dataDir,
      hashPassword: fakeHash,
      verifyPassword: fakeVerify,
    });
    servers.push(server);
    return server;
  };

  const stop = async (server: RunningServer) => {
    for (const s of sockets.splice(0)) s.close();
    servers.splice(servers.indexOf(server), 1);
    await server.close();
  };

  /** Every batch routing writes from now until `stopRecording`. */
  function recordWrites(server: RunningServer) {
    const batches: RuntimeBatch[] = [];
    const persister = server.routing.persister;
    const write = persister.write.bind(persister);
    persister.write = (batch) => {
      batches.push(batch);
      return write(batch);
    };
    return { batches, stopRecording: () => (persister.write = write) };
  }

  /**
   * Bob (chat concurrency 2) Available, two chats offered to him, the first accepted
   * (before the second is started when `acceptFirst`).
   */
  async function bobWithTwoChats(server: RunningServer, acceptFirst = false) {
    const client = new ConnectClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      maxAttempts: 1,
    });
    const InstanceId = server.instance.id;
    const flow = (await client.send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList!.find(
      (f) => f.Name === 'Support inbound',
    )!.Id!;
    const bob = await login(server.url, 'bob', DEMO_PASSWORD);
    const sock = await AgentSocket.open(server.url, bob.token);
    sockets.push(sock);
    await sock.waitFor(() => true);
    await sock.command('putAgentState', { state: { agentStateARN: stateArn(sock.latest!.data, 'Available') } });
    const startChat = (i: number) =>
      client.send(new StartChatContactCommand({ InstanceId, ContactFlowId: flow, ParticipantDetails: { DisplayName: `C${i}` } }));
    const accept = async (contactId: string) => {
      await sock.command('acceptContact', { contactId });
      await sock.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === contactId && c.state.type === 'connected'));
    };
    await startChat(0);
    if (acceptFirst)
      await accept((await sock.waitFor((d) => d.snapshot.contacts.length === 1)).data.snapshot.contacts[0]!.contactId);
    await startChat(1);
    client.destroy();
    await sock.waitFor((d) => d.snapshot.contacts.length === 2, 'two offers');
    const [first, second] = sock.latest!.data.snapshot.contacts.map((c) => c.contactId) as [string, string];
    if (!acceptFirst) await accept(first);
    return { bob, sock, first, second };
  }

  it('writes a changed assignment as its own row, not the agent again; a restart gets them back and the version grows', async () => {
    const storage = await backend.fresh();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-agent-storage-'));
    const server = await start(storage, dataDir);
    const { bob, sock, first, second } = await bobWithTwoChats(server);

    // Accepting the second chat changes that assignment and nothing else of bob's state
    // (he is already busy with the first): one row, no agent document.
    const { batches, stopRecording } = recordWrites(server);
    await sock.command('acceptContact', { contactId: second });
    const connected = await sock.waitFor(
      (d) => d.snapshot.contacts.filter((c) => c.state.type === 'connected').length === 2,
      'both connected',
    );
    stopRecording();
    const forBob = batches.map((b) => ({
      agents: (b.agents ?? []).filter((a) => a.userId === bob.userId),
      assignments: (b.assignments ?? []).filter((a) => a.userId === bob.userId),
    }));
    expect(forBob.flatMap((b) => b.agents)).toEqual([]);
    const rows = forBob.flatMap((b) => b.assignments);
    expect(rows.map((r) => r.contactId)).toEqual([second]);
    expect(JSON.parse(rows[0]!.body)).toMatchObject({ contactId: second, state: 'connected' });
    expect(rows[0]!.version).toBe(connected.version);

    // Storage: bob's document holds no assignments; each is a row.
    await server.routing.persister.flush();
    const stored = await server.store.agentStates.get(server.instance.id, bob.userId);
    expect((JSON.parse(stored!.body) as AgentStateBody).runtime.assignments).toBeUndefined();
    const held = (await server.store.agentAssignments.list()).filter((r) => r.userId === bob.userId);
    expect(held.map((r) => r.contactId).sort()).toEqual([first, second].sort());

    await stop(server);
    const again = await start(storage, dataDir);
    const back = await AgentSocket.open(again.url, bob.token);
    sockets.push(back);
    const restored = await back.waitFor(() => true);
    expect(restored.data.snapshot.contacts.map((c) => [c.contactId, c.state.type])).toEqual([
      [first, 'connected'],
      [second, 'connected'],
    ]);
    expect(restored.version).toBeGreaterThan(connected.version);

    // Clearing ends an assignment: its row goes, and the document carries the version.
    await back.command('destroyConnection', { contactId: first });
    await back.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === first && c.state.type === 'ended'));
    await back.command('clearContact', { contactId: first });
    const cleared = await back.waitFor((d) => d.snapshot.contacts.length === 1, 'the first chat cleared');
    await again.routing.persister.flush();
    expect((await again.store.agentAssignments.list()).filter((r) => r.userId === bob.userId).map((r) => r.contactId)).toEqual([
      second,
    ]);
    const doc = JSON.parse((await again.store.agentStates.get(again.instance.id, bob.userId))!.body) as AgentStateBody;
    expect(doc.version).toBe(cleared.version);

    // A status chosen while busy is queued: the document changes, no assignment does.
    await back.command('putAgentState', {
      state: { agentStateARN: stateArn(cleared.data, 'Break') },
      enqueueNextState: true,
    });
    const queued = await back.waitFor((d) => d.snapshot.nextState?.name === 'Break', 'Break as the next state');
    await again.routing.persister.flush();
    const next = JSON.parse((await again.store.agentStates.get(again.instance.id, bob.userId))!.body) as AgentStateBody;
    expect(next).toMatchObject({ version: queued.version, runtime: { nextStatus: { name: 'Break' } } });
  }, 60_000);

  it('writes an offer to a busy agent as its row only; the idle time comes back from the row', async () => {
    const storage = await backend.fresh();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-agent-storage-'));
    const server = await start(storage, dataDir);
    const { batches, stopRecording } = recordWrites(server);
    // The second offer comes while bob already holds the first: it moves his idle time and
    // adds a row, and changes nothing else of his.
    const { bob, second } = await bobWithTwoChats(server, true);
    stopRecording();
    await server.routing.persister.flush();
    const offerOf = (b: RuntimeBatch) =>
      (b.assignments ?? []).some(
        (a) => a.userId === bob.userId && a.contactId === second && JSON.parse(a.body).state === 'connecting',
      );
    const offered = batches.filter(offerOf);
    expect(offered).toHaveLength(1);
    expect((offered[0]!.agents ?? []).filter((a) => a.userId === bob.userId)).toEqual([]);
    const ir = server.routing.instance(server.instance.id);
    const idleSince = ir.engine.agent(bob.userId)!.idleSince;
    const offeredAt = ir.engine.agent(bob.userId)!.assignments.find((a) => a.contactId === second)!.offeredAt;
    expect(idleSince).toBe(offeredAt);
    const doc = JSON.parse((await server.store.agentStates.get(server.instance.id, bob.userId))!.body) as AgentStateBody;
    // The document keeps the idle time of the first offer.
    expect(doc.runtime.idleSince).toBeLessThan(idleSince);

    // The restarted engine has the idle time of the newest offer, not the document's older one.
    await stop(server);
    const again = await start(storage, dataDir);
    expect(again.routing.instance(again.instance.id).engine.agent(bob.userId)!.idleSince).toBe(idleSince);
  }, 60_000);

  it('reads an agent document that still holds its assignments, and moves them to rows', async () => {
    const storage = await backend.fresh();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-agent-storage-'));
    const server = await start(storage, dataDir);
    const { bob, first, second } = await bobWithTwoChats(server);
    const instanceId = server.instance.id;
    await stop(server);

    // As a server before assignment rows stored it.
    const store = await openStore(storage);
    try {
      const rows = (await store.agentAssignments.list()).filter((r) => r.userId === bob.userId);
      expect(rows).toHaveLength(2);
      const doc = await store.agentStates.get(instanceId, bob.userId);
      const body = JSON.parse(doc!.body) as AgentStateBody;
      const assignments = rows.map((r) => JSON.parse(r.body)).sort((a, b) => a.offeredAt - b.offeredAt);
      const version = Math.max(...rows.map((r) => r.version), body.version);
      await store.agentStates.put({
        ...doc!,
        body: JSON.stringify({ ...body, version, runtime: { ...body.runtime, assignments } }),
      });
      await store.agentAssignments.deleteMany(rows);
      expect(await store.agentAssignments.list()).toEqual([]);
    } finally {
      await store.close();
    }

    const again = await start(storage, dataDir);
    const back = await AgentSocket.open(again.url, bob.token);
    sockets.push(back);
    const restored = await back.waitFor((d) => d.snapshot.contacts.length === 2, 'both chats back');
    expect(new Map(restored.data.snapshot.contacts.map((c) => [c.contactId, c.state.type]))).toEqual(
      new Map([
        [first, 'connected'],
        // The offer in flight is offered again.
        [second, 'connecting'],
      ]),
    );
    // A push may show a step whose commit is still under way.
    await again.routing.persister.flush();
    const moved = (await again.store.agentAssignments.list()).filter((r) => r.userId === bob.userId);
    expect(moved.map((r) => r.contactId).sort()).toEqual([first, second].sort());
    const doc = JSON.parse((await again.store.agentStates.get(instanceId, bob.userId))!.body) as AgentStateBody;
    expect(doc.runtime.assignments).toBeUndefined();
  }, 60_000);
});
