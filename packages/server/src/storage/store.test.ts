/**
 * Storage conformance: the same suite against every backend (test/backends.ts). Tests share
 * one store per backend and isolate themselves with a fresh instance id; tests about
 * global state (instances, reopen) open their own.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DuplicateResourceException,
  type HoursOfOperation,
  type Instance,
  InvalidParameterException,
  type Queue,
  ResourceNotFoundException,
  type User,
  type WrapUpCode,
} from '@switchboard/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/backends.js';
import { encodeCursor } from './cursor.js';
import { openStore } from './db.js';
import type { Store } from './types.js';

// Fixtures -------------------------------------------------------------------------------

const base = (name: string, id: string = randomUUID()) => ({
  id,
  name,
  tags: { team: 'a' },
  lastModifiedTime: 1_700_000_000_000,
});

const queue = (name: string, id?: string): Queue => ({
  ...base(name, id),
  hoursOfOperationId: randomUUID(),
  status: 'ENABLED',
  quickConnectIds: [],
  maxContacts: 10,
});
const user = (name: string, id?: string): User => ({
  ...base(name, id),
  identityInfo: { firstName: 'Ada', lastName: 'Lovelace' },
  phoneConfig: { phoneType: 'SOFT_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 },
  routingProfileId: randomUUID(),
  securityProfileIds: [randomUUID()],
  autoAccept: { CHAT: true },
  afterContactWorkTimeLimit: {},
});
const hours = (name: string, id?: string): HoursOfOperation => ({
  ...base(name, id),
  timeZone: 'Europe/Paris',
  config: [{ day: 'MONDAY', start: { hours: 9, minutes: 0 }, end: { hours: 17, minutes: 30 } }],
});
const wrapUp = (name: string, id?: string): WrapUpCode => ({ ...base(name, id), description: 'résumé ✓ "quoted"' });
const instance = (alias: string): Instance => ({
  id: randomUUID(),
  alias,
  region: 'us-east-1',
  accountId: '123456789012',
  approvedOrigins: ['https://x.test'],
  createdTime: Date.now(),
  tags: {},
});

/** Byte-wise UTF-8 order = code-point order: what both backends sort names by. */
const byNameThenId = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || Buffer.compare(Buffer.from(a.id), Buffer.from(b.id));

const pageAll = async (s: Store, inst: string, limit: number) => {
  const pages: number[] = [];
  const items: WrapUpCode[] = [];
  let nextToken: string | undefined;
  do {
    const page = await s.resources.list(inst, 'wrapUpCode', { limit, nextToken });
    pages.push(page.items.length);
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined && pages.length < 100);
  return { pages, items };
};

// Suite ----------------------------------------------------------------------------------

describe.each(backends)('Store conformance: $name', (backend) => {
  const opened: Store[] = [];
  const open = async () => {
    const s = await backend.open();
    opened.push(s);
    return s;
  };
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close().catch(() => {})));
  });

  it('reports its dialect', () => {
    expect(store.dialect).toBe(backend.name);
  });

  it('creates, reads, updates and deletes several kinds', async () => {
    const inst = randomUUID();
    const entities = [
      ['queue', queue('Sales')],
      ['user', user('ada')],
      ['hoursOfOperation', hours('Office')],
      ['wrapUpCode', wrapUp('Done')],
    ] as const;
    for (const [kind, e] of entities) {
      await store.resources.create(inst, kind, e);
      expect(await store.resources.get(inst, kind, e.id)).toEqual(e);
      expect(await store.resources.getByName(inst, kind, e.name)).toEqual(e);
      const renamed = { ...e, name: `${e.name}-2`, description: 'changed', lastModifiedTime: 1 };
      await store.resources.update(inst, kind, renamed);
      expect(await store.resources.get(inst, kind, e.id)).toEqual(renamed);
      expect(await store.resources.getByName(inst, kind, e.name)).toBeUndefined();
      expect(await store.resources.all(inst, kind)).toEqual([renamed]);
    }
    for (const [kind, e] of entities) {
      expect(await store.resources.delete(inst, kind, e.id)).toBe(true);
      expect(await store.resources.get(inst, kind, e.id)).toBeUndefined();
      expect(await store.resources.delete(inst, kind, e.id)).toBe(false);
    }
  });

  it('keeps kinds and instances apart', async () => {
    const [i1, i2] = [randomUUID(), randomUUID()];
    const q = queue('Same');
    await store.resources.create(i1, 'queue', q);
    await store.resources.create(i2, 'queue', q); // same id and name, other instance
    await store.resources.create(i1, 'wrapUpCode', wrapUp('Same', q.id)); // other kind
    expect(await store.resources.get(i1, 'user', q.id)).toBeUndefined();
    expect(await store.resources.getByName(i1, 'wrapUpCode', 'Same')).toMatchObject({ id: q.id });
    expect(await store.resources.delete(i2, 'queue', q.id)).toBe(true);
    expect(await store.resources.get(i1, 'queue', q.id)).toEqual(q);
  });

  it('rejects a duplicate name or id on create, naming the kind and the name', async () => {
    const inst = randomUUID();
    const first = queue('Support');
    await store.resources.create(inst, 'queue', first);
    const byName = store.resources.create(inst, 'queue', queue('Support'));
    await expect(byName).rejects.toBeInstanceOf(DuplicateResourceException);
    await expect(byName).rejects.toThrow(/queue.*'Support'/);
    const byId = store.resources.create(inst, 'queue', queue('Other', first.id));
    await expect(byId).rejects.toBeInstanceOf(DuplicateResourceException);
    await expect(byId).rejects.toThrow(/queue.*'Other'/);
    expect(await store.resources.all(inst, 'queue')).toEqual([first]);
  });

  it('update: missing id → ResourceNotFoundException; name clash → DuplicateResourceException', async () => {
    const inst = randomUUID();
    await expect(store.resources.update(inst, 'user', user('ghost'))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const [a, b] = [user('a'), user('b')];
    await store.resources.create(inst, 'user', a);
    await store.resources.create(inst, 'user', b);
    const clash = store.resources.update(inst, 'user', { ...b, name: 'a' });
    await expect(clash).rejects.toBeInstanceOf(DuplicateResourceException);
    await expect(clash).rejects.toThrow(/user.*'a'/);
    expect(await store.resources.get(inst, 'user', b.id)).toEqual(b);
  });

  it('upsert inserts, then replaces by id; a name clash is a duplicate', async () => {
    const inst = randomUUID();
    const h = hours('Weekdays');
    await store.resources.upsert(inst, 'hoursOfOperation', h);
    const changed = { ...h, name: 'Weekdays 2', timeZone: 'UTC' };
    await store.resources.upsert(inst, 'hoursOfOperation', changed);
    expect(await store.resources.all(inst, 'hoursOfOperation')).toEqual([changed]);
    await store.resources.create(inst, 'hoursOfOperation', hours('Weekends'));
    await expect(store.resources.upsert(inst, 'hoursOfOperation', { ...changed, name: 'Weekends' })).rejects.toBeInstanceOf(
      DuplicateResourceException,
    );
  });

  it('pages through 25 items with limit 7: each exactly once, in (name, id) order', async () => {
    const inst = randomUUID();
    const all = Array.from({ length: 25 }, (_, i) => wrapUp(`code-${String((i * 7) % 25).padStart(2, '0')}`));
    for (const e of all) await store.resources.create(inst, 'wrapUpCode', e);
    const { pages, items } = await pageAll(store, inst, 7);
    expect(pages).toEqual([7, 7, 7, 4]);
    expect(items).toEqual([...all].sort(byNameThenId));
    expect(await store.resources.all(inst, 'wrapUpCode')).toEqual(items);
  });

  it('has no nextToken on an exactly full last page', async () => {
    const inst = randomUUID();
    for (let i = 0; i < 14; i++) await store.resources.create(inst, 'wrapUpCode', wrapUp(`w${i}`));
    expect((await pageAll(store, inst, 7)).pages).toEqual([7, 7]);
    expect(await store.resources.list(randomUUID(), 'wrapUpCode', { limit: 7 })).toEqual({ items: [] });
  });

  it('orders names by code point, whatever the database locale', async () => {
    const inst = randomUUID();
    const names = ['b', 'B', 'a', '_z', 'é', 'Z', 'a b', 'ab', 'A', '10', '9', 'ä', 'e'];
    for (const n of names) await store.resources.create(inst, 'wrapUpCode', wrapUp(n));
    const expected = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect((await store.resources.all(inst, 'wrapUpCode')).map((e) => e.name)).toEqual(expected);
    expect((await pageAll(store, inst, 3)).items.map((e) => e.name)).toEqual(expected);
  });

  it('rejects malformed or forged nextTokens with InvalidParameterException', async () => {
    const inst = randomUUID();
    for (let i = 0; i < 3; i++) await store.resources.create(inst, 'queue', queue(`q${i}`));
    const good = (await store.resources.list(inst, 'queue', { limit: 1 })).nextToken!;
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const bad = [
      '',
      'not a token!',
      `${good}=`,
      b64('not json'),
      b64('null'),
      b64('42'),
      b64('[]'),
      b64('{"s":"queue","n":1,"i":"x"}'),
      b64('{"s":"queue","n":"x"}'),
      encodeCursor('user', { name: 'q0', id: 'x' }),
      'A'.repeat(10_000),
      '\u0000',
    ];
    for (const nextToken of bad) {
      const listing = store.resources.list(inst, 'queue', { limit: 1, nextToken });
      await expect(listing, JSON.stringify(nextToken)).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(listing).rejects.toThrow('Invalid NextToken');
    }
    await expect(store.instances.list({ limit: 1, nextToken: good })).rejects.toBeInstanceOf(InvalidParameterException);
    expect((await store.resources.list(inst, 'queue', { limit: 1, nextToken: good })).items).toHaveLength(1);
  });

  it('transaction: commits on success, rolls back everything on throw', async () => {
    const inst = randomUUID();
    const kept = queue('kept');
    const result = await store.transaction(async (tx) => {
      await tx.resources.create(inst, 'queue', kept);
      expect(await tx.resources.get(inst, 'queue', kept.id)).toEqual(kept); // sees its own writes
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(await store.resources.get(inst, 'queue', kept.id)).toEqual(kept);

    const boom = new Error('boom');
    const lost = queue('lost');
    const inst2 = instance('rolled-back');
    await expect(
      store.transaction(async (tx) => {
        await tx.resources.create(inst, 'queue', lost);
        await tx.resources.update(inst, 'queue', { ...kept, description: 'changed' });
        await tx.instances.put(inst2);
        await tx.configApplied.put(inst, 'queue', 'lost', 'h1');
        await tx.transaction(async (inner) => inner.resources.delete(inst, 'queue', kept.id)); // nested joins
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await store.resources.all(inst, 'queue')).toEqual([kept]);
    expect(await store.instances.get(inst2.id)).toBeUndefined();
    expect(await store.configApplied.get(inst, 'queue', 'lost')).toBeUndefined();
  });

  it('transaction: a duplicate create can be caught and the transaction carries on', async () => {
    const inst = randomUUID();
    const q = queue('dup');
    await store.transaction(async (tx) => {
      await tx.resources.create(inst, 'queue', q);
      await expect(tx.resources.create(inst, 'queue', queue('dup'))).rejects.toBeInstanceOf(DuplicateResourceException);
      await tx.resources.create(inst, 'queue', queue('after'));
    });
    expect((await store.resources.all(inst, 'queue')).map((e) => e.name)).toEqual(['after', 'dup']);
  });

  it('instances: put inserts or replaces, get, list pages by alias', async () => {
    const s = await open();
    expect(await s.instances.list({ limit: 10 })).toEqual({ items: [] });
    const [c, a, b] = [instance('charlie'), instance('alpha'), instance('bravo')];
    for (const i of [c, a, b]) await s.instances.put(i);
    expect(await s.instances.get(a.id)).toEqual(a);
    expect(await s.instances.get(randomUUID())).toBeUndefined();
    const a2 = { ...a, alias: 'delta', approvedOrigins: [] };
    await s.instances.put(a2);
    expect(await s.instances.get(a.id)).toEqual(a2);
    const p1 = await s.instances.list({ limit: 2 });
    expect(p1.items).toEqual([b, c]);
    const p2 = await s.instances.list({ limit: 2, nextToken: p1.nextToken });
    expect(p2).toEqual({ items: [a2] });
  });

  it('configApplied: get and put (overwrite)', async () => {
    const inst = randomUUID();
    expect(await store.configApplied.get(inst, 'queue', 'Sales')).toBeUndefined();
    await store.configApplied.put(inst, 'queue', 'Sales', 'sha256:1');
    await store.configApplied.put(inst, 'user', 'Sales', 'sha256:other-kind');
    expect(await store.configApplied.get(inst, 'queue', 'Sales')).toBe('sha256:1');
    await store.configApplied.put(inst, 'queue', 'Sales', 'sha256:2');
    expect(await store.configApplied.get(inst, 'queue', 'Sales')).toBe('sha256:2');
    expect(await store.configApplied.get(inst, 'user', 'Sales')).toBe('sha256:other-kind');
  });

  it('keeps data across close and reopen', async () => {
    const opts = await backend.fresh();
    const i = instance('durable');
    const q = queue('durable');
    const first = await openStore(opts);
    await first.instances.put(i);
    await first.resources.create(i.id, 'queue', q);
    await first.configApplied.put(i.id, 'queue', q.name, 'h');
    await first.close();
    const second = await openStore(opts); // migrations already applied: a no-op
    opened.push(second);
    expect(await second.instances.get(i.id)).toEqual(i);
    expect(await second.resources.getByName(i.id, 'queue', 'durable')).toEqual(q);
    expect(await second.configApplied.get(i.id, 'queue', q.name)).toBe('h');
  });

  it('property: random create/update/upsert/delete sequences match an in-memory model', async () => {
    const ids = Array.from({ length: 4 }, () => randomUUID());
    const names = ['a', 'B', 'b', 'é', 'a b'];
    const op = fc.oneof(
      fc.record({
        t: fc.constantFrom('create', 'update', 'upsert'),
        id: fc.constantFrom(...ids),
        name: fc.constantFrom(...names),
      }),
      fc.record({ t: fc.constant('delete'), id: fc.constantFrom(...ids), name: fc.constant('') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const inst = randomUUID();
        const model = new Map<string, WrapUpCode>();
        let version = 0;
        for (const o of ops) {
          const e: WrapUpCode = { id: o.id, name: o.name, tags: {}, lastModifiedTime: ++version };
          const exists = model.has(o.id);
          const nameTaken = [...model.values()].some((m) => m.name === o.name && m.id !== o.id);
          const run = async () => {
            switch (o.t) {
              case 'create':
                return store.resources.create(inst, 'wrapUpCode', e);
              case 'update':
                return store.resources.update(inst, 'wrapUpCode', e);
              case 'upsert':
                return store.resources.upsert(inst, 'wrapUpCode', e);
              default:
                return store.resources.delete(inst, 'wrapUpCode', o.id);
            }
          };
          if (o.t === 'delete') {
            expect(await run()).toBe(exists);
            model.delete(o.id);
          } else if (o.t === 'create' && (exists || nameTaken)) {
            await expect(run()).rejects.toBeInstanceOf(DuplicateResourceException);
          } else if (o.t === 'update' && !exists) {
            await expect(run()).rejects.toBeInstanceOf(ResourceNotFoundException);
          } else if (nameTaken) {
            await expect(run()).rejects.toBeInstanceOf(DuplicateResourceException);
          } else {
            await run();
            model.set(o.id, e);
          }
        }
        const expected = [...model.values()].sort(byNameThenId);
        expect(await store.resources.all(inst, 'wrapUpCode')).toEqual(expected);
        expect((await pageAll(store, inst, 2)).items).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});

describe('sqlite specifics', () => {
  it('creates the parent directory and runs in WAL mode', async () => {
    const opts = await backends[0]!.fresh();
    if (opts.kind !== 'sqlite') throw new Error('backends[0] should be sqlite');
    const file = join(opts.file, '..', 'nested', 'deeper', 'sb.db');
    const s = await openStore({ kind: 'sqlite', file });
    try {
      await s.instances.put(instance('wal'));
      expect(existsSync(`${file}-wal`)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('works in memory', async () => {
    const s = await openStore({ kind: 'sqlite', file: ':memory:' });
    await s.resources.create('i', 'queue', queue('mem'));
    expect(await s.resources.getByName('i', 'queue', 'mem')).toBeDefined();
    await s.close();
  });
});
