/**
 * The attachment store against every backend. Tests share one store per backend and
 * isolate themselves with fresh instance and chain ids.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/backends.js';
import { sqliteMigratedTo } from '../../test/migrations.js';
import { openStore } from './db.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Store, StoredAttachment } from './types.js';

const T0 = 1_700_000_000_000;

const attachment = (instanceId: string, initialContactId: string, over: Partial<StoredAttachment> = {}): StoredAttachment => {
  const id = over.id ?? randomUUID();
  return {
    instanceId,
    id,
    initialContactId,
    contactId: initialContactId,
    participantId: randomUUID(),
    name: 'résumé ✓ "quoted" \u{1F600}.pdf',
    contentType: 'application/pdf',
    sizeBytes: 20 * 1024 * 1024,
    status: 'PENDING',
    storageKey: `${instanceId}/${id}`,
    createdAt: T0,
    ...over,
  };
};

describe.each(backends)('attachments: $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('put then get: every field comes back, numbers are numbers; unknown ids are undefined', async () => {
    const inst = randomUUID();
    const a = attachment(inst, randomUUID());
    expect(await store.attachments.get(inst, a.id)).toBeUndefined();
    await store.attachments.put(a);
    const got = await store.attachments.get(inst, a.id);
    expect(got).toEqual(a);
    expect(got && 'completedAt' in got).toBe(false);
    expect(typeof got?.sizeBytes).toBe('number');
    expect(typeof got?.createdAt).toBe('number');
    expect(await store.attachments.get(inst, randomUUID())).toBeUndefined();
    expect(await store.attachments.get(randomUUID(), a.id)).toBeUndefined();
  });

  it('put replaces by (instance, id): status and completedAt change, other instances are untouched', async () => {
    const inst = randomUUID();
    const other = randomUUID();
    const a = attachment(inst, randomUUID());
    const b = { ...a, instanceId: other, storageKey: `${other}/${a.id}` };
    await store.attachments.put(a);
    await store.attachments.put(b);
    const approved: StoredAttachment = { ...a, status: 'APPROVED', completedAt: T0 + 5_000 };
    await store.attachments.put(approved);
    expect(await store.attachments.get(inst, a.id)).toEqual(approved);
    expect(await store.attachments.get(other, a.id)).toEqual(b);
    // Back to PENDING (a rolled-back completion): completedAt goes away again.
    await store.attachments.put(a);
    expect(await store.attachments.get(inst, a.id)).toEqual(a);
  });

  it('countByChain: one chain of one instance, by status', async () => {
    const inst = randomUUID();
    const chain = randomUUID();
    const other = randomUUID();
    await store.attachments.put(attachment(inst, chain, { status: 'PENDING' }));
    await store.attachments.put(attachment(inst, chain, { status: 'PENDING', contactId: randomUUID() }));
    await store.attachments.put(attachment(inst, chain, { status: 'APPROVED', completedAt: T0 }));
    await store.attachments.put(attachment(inst, chain, { status: 'REJECTED' }));
    await store.attachments.put(attachment(inst, other, { status: 'APPROVED' }));
    await store.attachments.put(attachment(randomUUID(), chain, { status: 'APPROVED' }));
    expect(await store.attachments.countByChain(inst, chain, ['PENDING', 'APPROVED'])).toBe(3);
    expect(await store.attachments.countByChain(inst, chain, ['PENDING'])).toBe(2);
    expect(await store.attachments.countByChain(inst, chain, ['REJECTED'])).toBe(1);
    expect(await store.attachments.countByChain(inst, chain, ['PENDING', 'APPROVED', 'REJECTED'])).toBe(4);
    expect(await store.attachments.countByChain(inst, chain, [])).toBe(0);
    expect(await store.attachments.countByChain(inst, other, ['PENDING', 'APPROVED'])).toBe(1);
    expect(await store.attachments.countByChain(inst, randomUUID(), ['PENDING', 'APPROVED'])).toBe(0);
  });

  it('works inside a transaction and rolls back with it', async () => {
    const inst = randomUUID();
    const chain = randomUUID();
    const a = attachment(inst, chain);
    await expect(
      store.transaction(async (tx) => {
        await tx.attachments.put(a);
        expect(await tx.attachments.countByChain(inst, chain, ['PENDING'])).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await store.attachments.get(inst, a.id)).toBeUndefined();
    await store.transaction(async (tx) => tx.attachments.put(a));
    expect(await store.attachments.get(inst, a.id)).toEqual(a);
  });

  it('survives reopening the database', async () => {
    const opts = await backend.fresh();
    const first = await openStore(opts);
    const a = attachment(randomUUID(), randomUUID(), { status: 'APPROVED', completedAt: T0 + 1 });
    try {
      await first.attachments.put(a);
    } finally {
      await first.close();
    }
    const second = await openStore(opts);
    try {
      expect(await second.attachments.get(a.instanceId, a.id)).toEqual(a);
    } finally {
      await second.close();
    }
  });
});

describe('migration 0004_attachments', () => {
  it('is registered after 0003_chat', () => {
    const names = Object.keys(MIGRATIONS);
    expect(names.indexOf('0004_attachments')).toBe(names.indexOf('0003_chat') + 1);
  });

  it('upgrades a SQLite database that has 0001..0003 applied, keeping its data', async () => {
    const { opts, db: old } = await sqliteMigratedTo('0003_chat');
    const inst = randomUUID();
    await old
      .insertInto('chat_items')
      .values({
        instance_id: inst,
        initial_contact_id: 'c',
        id: 'i1',
        contact_id: 'c',
        absolute_time: T0,
        type: 'MESSAGE',
        body: '{}',
      })
      .execute();
    await old.destroy();

    const logged: object[] = [];
    const s = await openStore(opts, { info: (obj) => logged.push(obj) });
    try {
      const applied = logged.flatMap((o) => ('migration' in o ? [o.migration] : []));
      expect(applied).toEqual(Object.keys(MIGRATIONS).filter((n) => n > '0003_chat'));
      expect(applied[0]).toBe('0004_attachments');
      expect(await s.chatItems.list(inst, 'c')).toHaveLength(1);
      const a = attachment(inst, 'c');
      await s.attachments.put(a);
      expect(await s.attachments.get(inst, a.id)).toEqual(a);
    } finally {
      await s.close();
    }
  });
});
