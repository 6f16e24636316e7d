/**
 * The chat transcript store against every backend. Tests share one store per backend and
 * isolate themselves with fresh instance and chain ids.
 */
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { type ChatItem, ContentTypes, pageTranscript, toAbsoluteTime } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/backends.js';
import { sqliteMigratedTo } from '../../test/migrations.js';
import { openStore } from './db.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Store, StoredChatItem } from './types.js';

const T0 = 1_700_000_000_000;

const item = (instanceId: string, initialContactId: string, over: Partial<StoredChatItem> = {}): StoredChatItem => {
  const id = over.id ?? randomUUID();
  const contactId = over.contactId ?? initialContactId;
  const absoluteTime = over.absoluteTime ?? T0;
  const wire: ChatItem = {
    AbsoluteTime: toAbsoluteTime(absoluteTime),
    Id: id,
    Type: 'MESSAGE',
    ContentType: ContentTypes.textPlain,
    Content: 'résumé ✓ "quoted" \u{1F600}',
    ParticipantRole: 'CUSTOMER',
    ContactId: contactId,
    InitialContactId: initialContactId,
  };
  return {
    instanceId,
    initialContactId,
    contactId,
    id,
    absoluteTime,
    type: 'MESSAGE',
    body: JSON.stringify(wire),
    ...over,
  };
};

const withoutSeq = <T extends { seq: number }>({ seq: _, ...rest }: T) => rest;

describe.each(backends)('chat items: $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('append then get: every field comes back, seq is a number; unknown ids are undefined', async () => {
    const inst = randomUUID();
    const chain = randomUUID();
    const a = item(inst, chain, { type: 'EVENT', absoluteTime: Date.now() });
    expect(await store.chatItems.get(inst, a.id)).toBeUndefined();
    await store.chatItems.append([]); // a no-op
    await store.chatItems.append([a]);
    const got = await store.chatItems.get(inst, a.id);
    expect(got && withoutSeq(got)).toEqual(a);
    expect(typeof got?.seq).toBe('number');
    expect(typeof got?.absoluteTime).toBe('number');
    expect(JSON.parse(got!.body)).toEqual(JSON.parse(a.body));
    expect(await store.chatItems.get(inst, randomUUID())).toBeUndefined();
    expect(await store.chatItems.get(randomUUID(), a.id)).toBeUndefined();
  });

  it('list: one chain in (absoluteTime, seq) order; seq follows insertion order', async () => {
    const inst = randomUUID();
    const chain = randomUUID();
    const transfer = randomUUID();
    // Appended out of time order, with ties, across two calls and two contacts of the chain.
    const x = [
      item(inst, chain, { absoluteTime: T0 + 30, id: 'x0' }),
      item(inst, chain, { absoluteTime: T0 + 10, id: 'x1' }),
      item(inst, chain, { absoluteTime: T0 + 20, id: 'x2', contactId: transfer }),
      item(inst, chain, { absoluteTime: T0 + 10, id: 'x3' }),
    ];
    const y = [
      item(inst, chain, { absoluteTime: T0 + 20, id: 'y0', contactId: transfer }),
      item(inst, chain, { absoluteTime: T0, id: 'y1' }),
    ];
    await store.chatItems.append(x);
    await store.chatItems.append(y);

    const listed = await store.chatItems.list(inst, chain);
    expect(listed.map((i) => i.id)).toEqual(['y1', 'x1', 'x3', 'x2', 'y0', 'x0']);
    const byId = new Map(listed.map((i) => [i.id, i]));
    for (const i of [...x, ...y]) expect(withoutSeq(byId.get(i.id)!)).toEqual(i);
    // seq increases with insertion order, within and across appends.
    const seqs = [...x, ...y].map((i) => byId.get(i.id)!.seq);
    for (let k = 1; k < seqs.length; k++) expect(seqs[k]!).toBeGreaterThan(seqs[k - 1]!);
    expect(await store.chatItems.list(inst, randomUUID())).toEqual([]);
  });

  it('isolation: instances and chains do not see each other; the same id may exist in two instances', async () => {
    const [i1, i2] = [randomUUID(), randomUUID()];
    const [c1, c2] = [randomUUID(), randomUUID()];
    const shared = 'same-item-id';
    const a = item(i1, c1, { id: shared, absoluteTime: T0 + 1 });
    const b = item(i2, c1, { id: shared, absoluteTime: T0 + 2, body: '{"other":true}' });
    const c = item(i1, c2, { absoluteTime: T0 + 3 });
    const d = item(i1, c1, { absoluteTime: T0 + 4 });
    await store.chatItems.append([a, b, c, d]);
    expect((await store.chatItems.list(i1, c1)).map(withoutSeq)).toEqual([a, d]);
    expect((await store.chatItems.list(i2, c1)).map(withoutSeq)).toEqual([b]);
    expect((await store.chatItems.list(i1, c2)).map(withoutSeq)).toEqual([c]);
    expect((await store.chatItems.list(i2, c2)).map(withoutSeq)).toEqual([]);
    expect(withoutSeq((await store.chatItems.get(i1, shared))!)).toEqual(a);
    expect(withoutSeq((await store.chatItems.get(i2, shared))!)).toEqual(b);
  });

  it('a duplicate id within an instance is rejected and the whole append stores nothing', async () => {
    const inst = randomUUID();
    const chain = randomUUID();
    const a = item(inst, chain);
    await store.chatItems.append([a]);
    const fresh = item(inst, chain, { absoluteTime: T0 + 5 });
    await expect(store.chatItems.append([fresh, item(inst, randomUUID(), { id: a.id })])).rejects.toThrow();
    expect(await store.chatItems.get(inst, fresh.id)).toBeUndefined();
    expect((await store.chatItems.list(inst, chain)).map(withoutSeq)).toEqual([a]);
    // Duplicates inside one call too.
    const twice = item(inst, chain);
    await expect(store.chatItems.append([twice, twice])).rejects.toThrow();
    expect(await store.chatItems.get(inst, twice.id)).toBeUndefined();
  });

  it('a large append (more rows than one INSERT carries) keeps every item, in order', async () => {
    const inst = randomUUID();
    const chain = randomUUID();
    const items = Array.from({ length: 2_345 }, (_, i) => item(inst, chain, { absoluteTime: T0 + Math.floor(i / 3) }));
    await store.chatItems.append(items);
    const listed = await store.chatItems.list(inst, chain);
    expect(listed.map((i) => i.id)).toEqual(items.map((i) => i.id));
  });

  it('a large append that fails part way stores nothing', async () => {
    const inst = randomUUID();
    const chain = randomUUID();
    const items = Array.from({ length: 1_500 }, () => item(inst, chain));
    items.push({ ...items[3]! }); // duplicate in the second INSERT
    await expect(store.chatItems.append(items)).rejects.toThrow();
    expect(await store.chatItems.list(inst, chain)).toEqual([]);
  });

  it('transaction: append/list/get through tx commit; a throw rolls them back', async () => {
    const inst = randomUUID();
    const chain = randomUUID();
    const kept = [item(inst, chain, { absoluteTime: T0 + 1 }), item(inst, chain, { absoluteTime: T0 + 2 })];
    await store.transaction(async (tx) => {
      await tx.chatItems.append(kept);
      // Sees its own writes.
      expect((await tx.chatItems.list(inst, chain)).map(withoutSeq)).toEqual(kept);
      expect(withoutSeq((await tx.chatItems.get(inst, kept[0]!.id))!)).toEqual(kept[0]);
    });
    expect((await store.chatItems.list(inst, chain)).map(withoutSeq)).toEqual(kept);

    const boom = new Error('boom');
    const lost = item(inst, chain, { absoluteTime: T0 + 3 });
    await expect(
      store.transaction(async (tx) => {
        await tx.chatItems.append([lost]);
        await tx.transaction(async (inner) => inner.chatItems.append(Array.from({ length: 1_200 }, () => item(inst, chain)))); // nested joins
        expect(await tx.chatItems.list(inst, chain)).toHaveLength(1_203);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await store.chatItems.get(inst, lost.id)).toBeUndefined();
    expect((await store.chatItems.list(inst, chain)).map(withoutSeq)).toEqual(kept);
  });

  it('list output pages with pageTranscript as stored (a StoredItemView per row)', async () => {
    const inst = randomUUID();
    const chain = randomUUID();
    const items = Array.from({ length: 23 }, (_, i) => item(inst, chain, { absoluteTime: T0 + i * 1000 }));
    await store.chatItems.append(items);
    const listed = await store.chatItems.list(inst, chain);
    const req = { MaxResults: 15, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: {} } as const;
    const p1 = pageTranscript(listed, req);
    expect(p1.Transcript.map((i) => i.Id)).toEqual(items.slice(8).map((i) => i.id));
    const p2 = pageTranscript(listed, { ...req, NextToken: p1.NextToken! });
    expect(p2.Transcript.map((i) => i.Id)).toEqual(items.slice(0, 8).map((i) => i.id));
    expect(p2.NextToken).toBeUndefined();
  });

  it('keeps items across close and reopen; seqs keep increasing', async () => {
    const opts = await backend.fresh();
    const inst = randomUUID();
    const chain = randomUUID();
    const first = await openStore(opts);
    const a = item(inst, chain);
    await first.chatItems.append([a]);
    const seqA = (await first.chatItems.get(inst, a.id))!.seq;
    await first.close();
    const second = await openStore(opts);
    try {
      expect(withoutSeq((await second.chatItems.get(inst, a.id))!)).toEqual(a);
      const b = item(inst, chain);
      await second.chatItems.append([b]);
      expect((await second.chatItems.get(inst, b.id))!.seq).toBeGreaterThan(seqA);
    } finally {
      await second.close();
    }
  });
});

describe('migration 0003_chat', () => {
  it('is registered after 0002_runtime', () => {
    const names = Object.keys(MIGRATIONS);
    expect(names.indexOf('0003_chat')).toBe(names.indexOf('0002_runtime') + 1);
  });

  it('upgrades a SQLite database that has 0001 and 0002 applied, keeping its data', async () => {
    const { opts, db: old } = await sqliteMigratedTo('0002_runtime');
    const inst = randomUUID();
    await old
      .insertInto('events')
      .values({ instance_id: inst, type: 'contact.offered', at: T0, agent_id: null, contact_id: 'c', body: '{}' })
      .execute();
    await old.destroy();

    const logged: object[] = [];
    const s = await openStore(opts, { info: (obj) => logged.push(obj) });
    try {
      // 0003 and every later migration, in order.
      const applied = logged.flatMap((o) => ('migration' in o ? [o.migration] : []));
      expect(applied).toEqual(Object.keys(MIGRATIONS).filter((n) => n > '0002_runtime'));
      expect(applied[0]).toBe('0003_chat');
      expect(await s.events.list(inst, 0, 10)).toHaveLength(1);
      const chain = randomUUID();
      const a = item(inst, chain);
      await s.chatItems.append([a]);
      expect((await s.chatItems.list(inst, chain)).map(withoutSeq)).toEqual([a]);
    } finally {
      await s.close();
    }
  });
});

describe('migration 0005_sqlite_rowid_keys', () => {
  const schemaOf = (file: string) => {
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      return db.prepare("select name, sql from sqlite_master where tbl_name in ('events', 'chat_items')").all() as {
        name: string;
        sql: string | null;
      }[];
    } finally {
      db.close();
    }
  };

  it('rebuilds the log and the items without AUTOINCREMENT, keeping every row, its seq and the indexes', async () => {
    const { opts, db: old } = await sqliteMigratedTo('0004_attachments');
    const inst = randomUUID();
    const chain = randomUUID();
    const before = [item(inst, chain), item(inst, chain, { absoluteTime: T0 + 1 })];
    for (const i of before)
      await old
        .insertInto('chat_items')
        .values({
          instance_id: i.instanceId,
          initial_contact_id: i.initialContactId,
          id: i.id,
          contact_id: i.contactId,
          absolute_time: i.absoluteTime,
          type: i.type,
          body: i.body,
        })
        .execute();
    for (const type of ['contact.created', 'contact.queued'])
      await old.insertInto('events').values({ instance_id: inst, type, at: T0, contact_id: chain, body: '{}' }).execute();
    await old.destroy();
    expect(schemaOf(opts.file).find((r) => r.name === 'events')?.sql).toMatch(/autoincrement/i);

    const s = await openStore(opts);
    try {
      const schema = schemaOf(opts.file);
      for (const table of ['events', 'chat_items'])
        expect(schema.find((r) => r.name === table)?.sql).not.toMatch(/autoincrement/i);
      expect(schema.map((r) => r.name)).toEqual(
        expect.arrayContaining(['events_instance_seq_idx', 'chat_items_chain_idx', 'sqlite_autoindex_chat_items_1']),
      );
      const items = await s.chatItems.list(inst, chain);
      expect(items.map(withoutSeq)).toEqual(before);
      expect(items.map((i) => i.seq)).toEqual([1, 2]);
      expect((await s.events.list(inst, 0, 10)).map((e) => [e.seq, e.type])).toEqual([
        [1, 'contact.created'],
        [2, 'contact.queued'],
      ]);
      // New rows go after the kept ones, and ids stay unique per instance.
      const next = item(inst, chain, { absoluteTime: T0 + 2 });
      await s.chatItems.append([next]);
      expect((await s.chatItems.list(inst, chain)).map((i) => i.seq)).toEqual([1, 2, 3]);
      await expect(s.chatItems.append([next])).rejects.toThrow(/UNIQUE/);
      await s.events.append([{ instanceId: inst, type: 'contact.offered', at: T0, contactId: chain, body: '{}' }]);
      expect((await s.events.list(inst, 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
    } finally {
      await s.close();
    }
  });
});
