/**
 * The WAL is checkpointed by the worker (checkpointer.ts), not by the server's commits: the
 * database file grows while the store is open, and the WAL does not grow without bound.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './db.js';
import type { Store, StoredContact } from './types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sb-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** `n` contacts of ~4 KB each, one runtime batch each (as the server commits). */
async function write(store: Store, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const contactId = randomUUID();
    const c: StoredContact = {
      instanceId: 'i',
      contactId,
      initialContactId: contactId,
      channel: 'CHAT',
      phase: 'queued',
      createdAt: i,
      updatedAt: i,
      body: 'x'.repeat(4000),
    };
    await store.writeBatch({ contacts: [c] });
    // As the server's persister: one commit per turn of the event loop.
    await new Promise((r) => setImmediate(r));
  }
}

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('WAL checkpoints in a worker', () => {
  it('copy committed pages into the database file while the store is open; the WAL stays bounded', async () => {
    const file = path.join(dir, 'a.db');
    const store = await openStore({ kind: 'sqlite', file });
    try {
      const before = sizeOf(file);
      // 1,500 pages of 4 KB: more than the 1,000 at which SQLite would checkpoint inside a commit.
      await write(store, 1500);
      // The server's connection does not checkpoint: only the worker can grow the file.
      await until(() => sizeOf(file) > before + 4_000_000);
      const walAfterFirst = sizeOf(`${file}-wal`);
      // After a complete checkpoint SQLite writes the WAL from its start again.
      for (let round = 0; round < 4; round++) {
        await new Promise((r) => setTimeout(r, 300));
        await write(store, 500);
      }
      expect(sizeOf(`${file}-wal`)).toBeLessThanOrEqual(Math.max(walAfterFirst, 8_000_000));
      const rows = await store.contacts.listLive();
      expect(rows).toHaveLength(3500);
    } finally {
      await store.close();
    }
    // Closed cleanly: the last connection removes the WAL, every row is in the file.
    const again = await openStore({ kind: 'sqlite', file });
    try {
      expect(await again.contacts.listLive()).toHaveLength(3500);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('keeps the WAL bounded under commits that never pause', async () => {
    const file = path.join(dir, 'b.db');
    const store = await openStore({ kind: 'sqlite', file });
    try {
      // ~100 MB of rows, committed back to back (750 MB of WAL). A PASSIVE pass never
      // sees the WAL whole, so without a commit waiting for a full pass beyond 65,536
      // frames (256 MiB) the WAL would hold all of it.
      let walPeak = 0;
      for (let round = 0; round < 50; round++) {
        await write(store, 500);
        walPeak = Math.max(walPeak, sizeOf(`${file}-wal`));
      }
      // The test writes far faster than the server (~300 MB of WAL a second): the 200 ms
      // between passes let it run past 256 MiB; unbounded, it reaches ~750 MB.
      expect(walPeak).toBeLessThan(420_000_000);
      expect(await store.contacts.listLive()).toHaveLength(25000);
    } finally {
      await store.close();
    }
  }, 120_000);
});
