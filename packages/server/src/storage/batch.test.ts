/**
 * Runtime batches: the SQLite fast path (prepared statements in one synchronous
 * transaction) stores exactly what the Kysely path stores, updates on conflict alike, and
 * steps aside while a Kysely transaction holds the connection.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kyselyBatch } from './batch.js';
import { openStore } from './db.js';
import type { RuntimeBatch, Store } from './types.js';

const batchFor = (instanceId: string, phase: string, n: number): RuntimeBatch => {
  const contactId = `c-${n}`;
  return {
    contacts: [
      {
        instanceId,
        contactId,
        initialContactId: 'c-0',
        channel: 'CHAT',
        phase,
        createdAt: 1000 + n,
        updatedAt: 2000 + n,
        body: JSON.stringify({ phase, note: 'résumé ✓ "quoted"' }),
      },
    ],
    agents: [{ instanceId, userId: 'u-1', updatedAt: 3000 + n, body: JSON.stringify({ phase }) }],
    assignments: [
      { instanceId, userId: 'u-1', contactId, version: phase === 'connected' ? 10 : n, body: `{"state":"${phase}"}` },
    ],
    // The chat that connected ends the other one's assignment.
    assignmentDeletes: phase === 'connected' ? [{ instanceId, userId: 'u-1', contactId: 'c-2' }] : [],
    events: [
      { instanceId, type: 'contact.queued', at: 4000 + n, contactId, body: '{"a":1}' },
      { instanceId, type: 'agent.status_changed', at: 4001 + n, agentId: 'u-1', body: '{"b":2}' },
    ],
    chatItems: [
      {
        instanceId,
        initialContactId: 'c-0',
        contactId,
        id: `item-${n}-${phase}`,
        absoluteTime: 5000 + n,
        type: 'EVENT',
        body: `{"Id":"item-${n}-${phase}"}`,
      },
    ],
  };
};

/** Everything stored for an instance, without the instance id and database sequence numbers. */
async function read(store: Store, instanceId: string) {
  const strip = <T extends { instanceId: string }>(x: T | undefined) => {
    if (!x) return x;
    const { instanceId: _i, ...rest } = x as T & { seq?: number };
    delete (rest as { seq?: number }).seq;
    return rest;
  };
  return {
    contacts: [await store.contacts.get(instanceId, 'c-1'), await store.contacts.get(instanceId, 'c-2')].map(strip),
    agent: strip(await store.agentStates.get(instanceId, 'u-1')),
    assignments: (await store.agentAssignments.list()).filter((r) => r.instanceId === instanceId).map(strip),
    events: (await store.events.list(instanceId, 0, 100)).map(strip),
    items: (await store.chatItems.list(instanceId, 'c-0')).map(strip),
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'sb-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  { name: 'in memory, written on this thread', file: ':memory:', writer: 'inline' },
  { name: 'in a file, written by the writer thread', file: 'file', writer: 'thread' },
])('runtime batches on SQLite $name', ({ file, writer }) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({
      kind: 'sqlite',
      file: file === 'file' ? path.join(dir, `${randomUUID()}.db`) : file,
      batchThread: 'thread',
    });
  });
  afterAll(() => store.close());

  it('take the expected path', () => {
    expect(store.batchWriter).toBe(writer);
  });

  it('store the same rows through the fast path as through Kysely, inserts and updates alike', async () => {
    const fast = randomUUID();
    const slow = randomUUID();
    for (const [n, phase] of [
      [1, 'queued'],
      [2, 'queued'],
      [1, 'connected'],
    ] as const) {
      await store.writeBatch(batchFor(fast, phase, n));
      await kyselyBatch(store, batchFor(slow, phase, n));
    }
    const a = await read(store, fast);
    expect(a.contacts[0]).toMatchObject({ phase: 'connected', updatedAt: 2001 });
    expect(a.events).toHaveLength(6);
    expect(a.items).toHaveLength(3);
    expect(a.assignments).toStrictEqual([{ userId: 'u-1', contactId: 'c-1', version: 10, body: '{"state":"connected"}' }]);
    expect(a).toStrictEqual(await read(store, slow));
  });

  it('rolls the whole batch back when a row fails', async () => {
    const instanceId = randomUUID();
    await store.writeBatch(batchFor(instanceId, 'queued', 1));
    // The same chat item id again violates (instance_id, id): nothing of the batch stays.
    const again = { ...batchFor(instanceId, 'queued', 1), contacts: batchFor(instanceId, 'ended', 2).contacts };
    await expect(store.writeBatch(again)).rejects.toThrow(/UNIQUE/);
    expect(await store.contacts.get(instanceId, 'c-2')).toBeUndefined();
  });

  it('waits for a Kysely transaction that holds the connection, then commits', async () => {
    const instanceId = randomUUID();
    let pending: Promise<void> | undefined;
    await store.transaction(async (tx) => {
      await tx.contacts.putMany(batchFor(instanceId, 'queued', 1).contacts ?? []);
      pending = store.writeBatch(batchFor(instanceId, 'queued', 2));
      await new Promise((r) => setTimeout(r, 20));
      await tx.agentStates.putMany(batchFor(instanceId, 'queued', 1).agents ?? []);
    });
    await pending;
    expect((await read(store, instanceId)).contacts.map((c) => c?.phase)).toStrictEqual(['queued', 'queued']);
  });
});

describe('the writer thread', () => {
  it('takes the batches only while the event loop is busy (batchThread auto, the default)', async () => {
    const store = await openStore({ kind: 'sqlite', file: path.join(dir, `${randomUUID()}.db`) });
    const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
    try {
      const instanceId = randomUUID();
      await tick(250);
      expect(store.batchWriter).toBe('inline');
      await store.writeBatch(batchFor(instanceId, 'queued', 1));
      // The loop held for longer than a sampling window: busy.
      const until = performance.now() + 1200;
      while (performance.now() < until) {
        /* busy */
      }
      // The sample that is overdue now runs before this timer.
      await tick(1);
      expect(store.batchWriter).toBe('thread');
      await store.writeBatch(batchFor(instanceId, 'connected', 2));
      await tick(300);
      expect(store.batchWriter).toBe('inline');
      await store.writeBatch(batchFor(instanceId, 'connected', 1));
      // Both paths wrote to the same tables, in order: the last write of c-1 wins.
      expect((await read(store, instanceId)).events).toHaveLength(6);
      expect(await store.contacts.get(instanceId, 'c-1')).toMatchObject({ phase: 'connected', updatedAt: 2001 });
      expect(await store.contacts.get(instanceId, 'c-2')).toMatchObject({ phase: 'connected', updatedAt: 2002 });
    } finally {
      await store.close();
    }
  });

  it('commits batches while this thread runs read-then-write transactions (no SQLITE_BUSY_SNAPSHOT)', async () => {
    const store = await openStore({ kind: 'sqlite', file: path.join(dir, `${randomUUID()}.db`), batchThread: 'thread' });
    try {
      expect(store.batchWriter).toBe('thread');
      const instanceId = randomUUID();
      const batches = Array.from({ length: 200 }, (_, n) => store.writeBatch(batchFor(instanceId, 'queued', n + 10)));
      // Meanwhile: transactions on this thread that read, yield, then write.
      for (let i = 0; i < 20; i++) {
        await store.transaction(async (tx) => {
          await tx.contacts.get(instanceId, 'c-10');
          await new Promise((r) => setTimeout(r, 1));
          await tx.agentStates.putMany([{ instanceId, userId: `u-tx-${i}`, updatedAt: i, body: '{}' }]);
        });
      }
      await Promise.all(batches);
      expect(await store.events.list(instanceId, 0, 1000)).toHaveLength(400);
      expect(await store.agentStates.get(instanceId, 'u-tx-19')).toBeDefined();
    } finally {
      await store.close();
    }
  });

  it('has committed every acknowledged batch when the store closes, and reopens with them', async () => {
    const file = path.join(dir, `${randomUUID()}.db`);
    const instanceId = randomUUID();
    const store = await openStore({ kind: 'sqlite', file, batchThread: 'thread' });
    const writes = Array.from({ length: 50 }, (_, n) => store.writeBatch(batchFor(instanceId, 'queued', n + 10)));
    await store.close();
    await Promise.all(writes);
    const again = await openStore({ kind: 'sqlite', file });
    try {
      expect(await again.chatItems.list(instanceId, 'c-0')).toHaveLength(50);
    } finally {
      await again.close();
    }
  });
});
