/**
 * Runtime stores (contacts, tokens, agent states, event log) against every backend.
 * Tests share one store per backend and isolate themselves with fresh instance ids; the
 * global listings (listLive, agent states, expired tokens) get a store of their own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/backends.js';
import { sqliteMigratedTo } from '../../test/migrations.js';
import { openStore } from './db.js';
import { MIGRATIONS } from './migrations/index.js';
import type { EventRecord, Store, StoredAgentState, StoredContact, StoredToken } from './types.js';

// Fixtures -------------------------------------------------------------------------------

const T0 = 1_700_000_000_000;

const contact = (instanceId: string, over: Partial<StoredContact> = {}): StoredContact => {
  const contactId = over.contactId ?? randomUUID();
  return {
    instanceId,
    contactId,
    initialContactId: contactId,
    channel: 'CHAT',
    phase: 'connected',
    createdAt: T0,
    updatedAt: T0,
    body: JSON.stringify({ id: contactId, note: 'résumé ✓ "quoted"' }),
    ...over,
  };
};

const token = (instanceId: string, over: Partial<StoredToken> = {}): StoredToken => ({
  tokenHash: randomBytes(32).toString('hex'),
  kind: 'participant',
  instanceId,
  subjectId: randomUUID(),
  participantId: randomUUID(),
  createdAt: T0,
  expiresAt: T0 + 60_000,
  ...over,
});

const agentState = (instanceId: string, over: Partial<StoredAgentState> = {}): StoredAgentState => ({
  instanceId,
  userId: randomUUID(),
  updatedAt: T0,
  body: JSON.stringify({ status: 'Available' }),
  ...over,
});

const event = (instanceId: string, i: number, over: Partial<EventRecord> = {}): EventRecord => ({
  instanceId,
  type: i % 2 === 0 ? 'contact.offered' : 'agent.status',
  at: T0 + i,
  ...(i % 2 === 0 ? { contactId: `c-${i}` } : { agentId: `a-${i}` }),
  body: JSON.stringify({ i }),
  ...over,
});

const byKey = (a: StoredAgentState, b: StoredAgentState) =>
  `${a.instanceId}/${a.userId}`.localeCompare(`${b.instanceId}/${b.userId}`);

// Suite ----------------------------------------------------------------------------------

describe.each(backends)('runtime stores: $name', (backend) => {
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

  // Contacts ------------------------------------------------------------------------------

  it('contacts: put inserts then updates by (instance, id), keeping the immutable columns; get of a missing one is undefined', async () => {
    const inst = randomUUID();
    const c = contact(inst);
    expect(await store.contacts.get(inst, c.contactId)).toBeUndefined();
    await store.contacts.put(c);
    expect(await store.contacts.get(inst, c.contactId)).toEqual(c);
    const changed: StoredContact = {
      ...c,
      initialContactId: randomUUID(),
      channel: 'VOICE',
      phase: 'ended',
      createdAt: T0 + 1,
      updatedAt: T0 + 99,
      body: '{"changed":true}',
    };
    await store.contacts.put(changed);
    const updated = { ...changed, initialContactId: c.initialContactId, channel: c.channel, createdAt: c.createdAt };
    expect(await store.contacts.get(inst, c.contactId)).toEqual(updated);
    // Same id in another instance is another contact.
    const other = randomUUID();
    expect(await store.contacts.get(other, c.contactId)).toBeUndefined();
    await store.contacts.put({ ...c, instanceId: other });
    expect(await store.contacts.get(inst, c.contactId)).toEqual(updated);
    expect(await store.contacts.get(other, c.contactId)).toEqual({ ...c, instanceId: other });
  });

  it('contacts and agentStates: putMany inserts new rows and replaces existing ones in one go', async () => {
    const inst = randomUUID();
    const existing = contact(inst);
    await store.contacts.put(existing);
    const many = [{ ...existing, phase: 'destroyed', body: '{"v":2}' }, ...Array.from({ length: 700 }, () => contact(inst))];
    await store.contacts.putMany(many);
    for (const c of [many[0]!, many[1]!, many[700]!]) expect(await store.contacts.get(inst, c.contactId)).toEqual(c);
    await store.contacts.putMany([]);

    const s = await open();
    const a = agentState(inst);
    await s.agentStates.put(a);
    const states = [{ ...a, body: '{"v":2}' }, agentState(inst), agentState(inst)];
    await s.agentStates.putMany(states);
    expect([...(await s.agentStates.list())].sort(byKey)).toEqual([...states].sort(byKey));
  });

  it('contacts: epoch-ms timestamps come back as numbers', async () => {
    const inst = randomUUID();
    const c = contact(inst, { createdAt: Date.now(), updatedAt: 2 ** 52 });
    await store.contacts.put(c);
    const got = await store.contacts.get(inst, c.contactId);
    expect(typeof got?.createdAt).toBe('number');
    expect(got).toEqual(c);
  });

  it('contacts: listLive excludes destroyed contacts, spans instances, oldest first (ties by id)', async () => {
    const s = await open();
    expect(await s.contacts.listLive()).toEqual([]);
    const [i1, i2] = [randomUUID(), randomUUID()];
    const c3 = contact(i1, { createdAt: T0 + 3, phase: 'queued' });
    const c1 = contact(i2, { createdAt: T0 + 1, phase: 'connected' });
    const c2a = contact(i1, { contactId: 'b-tie', createdAt: T0 + 2, phase: 'initiated' });
    const c2b = contact(i2, { contactId: 'a-tie', createdAt: T0 + 2, phase: 'ended' });
    const gone = contact(i1, { createdAt: T0, phase: 'destroyed' });
    for (const c of [c3, gone, c1, c2a, c2b]) await s.contacts.put(c);
    expect(await s.contacts.listLive()).toEqual([c1, c2b, c2a, c3]);
    // A contact that becomes destroyed leaves the list; the row stays readable.
    await s.contacts.put({ ...c1, phase: 'destroyed', updatedAt: T0 + 10 });
    expect(await s.contacts.listLive()).toEqual([c2b, c2a, c3]);
    expect(await s.contacts.get(i2, c1.contactId)).toMatchObject({ phase: 'destroyed' });
  });

  it('contacts: listByInitial returns one chain of one instance, oldest first, destroyed included', async () => {
    const inst = randomUUID();
    const first = contact(inst, { createdAt: T0 + 5, phase: 'destroyed' });
    const root = first.contactId;
    const transfer2 = contact(inst, { initialContactId: root, createdAt: T0 + 20 });
    const transfer1 = contact(inst, { initialContactId: root, createdAt: T0 + 10, phase: 'destroyed' });
    const unrelated = contact(inst, { createdAt: T0 + 15 });
    const elsewhere = contact(randomUUID(), { initialContactId: root, createdAt: T0 + 12 });
    for (const c of [transfer2, unrelated, first, elsewhere, transfer1]) await store.contacts.put(c);
    expect(await store.contacts.listByInitial(inst, root)).toEqual([first, transfer1, transfer2]);
    expect(await store.contacts.listByInitial(inst, randomUUID())).toEqual([]);
  });

  // Tokens --------------------------------------------------------------------------------

  it('tokens: put inserts then replaces by hash; get of a missing one is undefined', async () => {
    const inst = randomUUID();
    const t = token(inst);
    expect(await store.tokens.get(t.tokenHash)).toBeUndefined();
    await store.tokens.put(t);
    expect(await store.tokens.get(t.tokenHash)).toEqual(t);
    // Replaced, participantId dropped: it comes back absent, not null.
    const { participantId: _, ...rest } = t;
    const session: StoredToken = { ...rest, kind: 'agent-session', subjectId: 'user-1', createdAt: T0 + 1, expiresAt: T0 + 2 };
    await store.tokens.put(session);
    const got = await store.tokens.get(t.tokenHash);
    expect(got).toEqual(session);
    expect(got).not.toHaveProperty('participantId');
  });

  it('tokens: get returns expired tokens (the caller decides)', async () => {
    const t = token(randomUUID(), { expiresAt: 1 });
    await store.tokens.put(t);
    expect(await store.tokens.get(t.tokenHash)).toEqual(t);
  });

  it('tokens: delete reports whether a token was there', async () => {
    const t = token(randomUUID());
    await store.tokens.put(t);
    expect(await store.tokens.delete(t.tokenHash)).toBe(true);
    expect(await store.tokens.get(t.tokenHash)).toBeUndefined();
    expect(await store.tokens.delete(t.tokenHash)).toBe(false);
  });

  it('tokens: deleteBySubject deletes only that (instance, kind, subject) and counts', async () => {
    const inst = randomUUID();
    const subject = randomUUID();
    const mine = [token(inst, { subjectId: subject }), token(inst, { subjectId: subject }), token(inst, { subjectId: subject })];
    const kept = [
      token(inst, { subjectId: subject, kind: 'connection' }),
      token(inst, { subjectId: randomUUID() }),
      token(randomUUID(), { subjectId: subject }),
    ];
    for (const t of [...mine, ...kept]) await store.tokens.put(t);
    expect(await store.tokens.deleteBySubject(inst, 'participant', subject)).toBe(3);
    for (const t of mine) expect(await store.tokens.get(t.tokenHash)).toBeUndefined();
    for (const t of kept) expect(await store.tokens.get(t.tokenHash)).toEqual(t);
    expect(await store.tokens.deleteBySubject(inst, 'participant', subject)).toBe(0);
  });

  it('tokens: deleteExpired deletes expiresAt <= now across instances and counts', async () => {
    const s = await open();
    const now = T0 + 1_000;
    const expired = [
      token(randomUUID(), { expiresAt: now - 1 }),
      token(randomUUID(), { expiresAt: now }), // the boundary counts as expired
      token(randomUUID(), { expiresAt: 0 }),
    ];
    const live = [token(randomUUID(), { expiresAt: now + 1 }), token(randomUUID(), { expiresAt: now + 86_400_000 })];
    for (const t of [...expired, ...live]) await s.tokens.put(t);
    expect(await s.tokens.deleteExpired(now)).toBe(3);
    for (const t of expired) expect(await s.tokens.get(t.tokenHash)).toBeUndefined();
    for (const t of live) expect(await s.tokens.get(t.tokenHash)).toEqual(t);
    expect(await s.tokens.deleteExpired(now)).toBe(0);
  });

  // Agent states --------------------------------------------------------------------------

  it('agentStates: put inserts then replaces; get, list across instances, delete', async () => {
    const s = await open();
    expect(await s.agentStates.list()).toEqual([]);
    const [i1, i2] = [randomUUID(), randomUUID()];
    const a = agentState(i1);
    const b = agentState(i1);
    const c = agentState(i2, { userId: a.userId }); // same user id, other instance
    expect(await s.agentStates.get(i1, a.userId)).toBeUndefined();
    for (const x of [a, b, c]) await s.agentStates.put(x);
    expect(await s.agentStates.get(i1, a.userId)).toEqual(a);
    const a2 = { ...a, updatedAt: T0 + 5, body: '{"status":"Offline"}' };
    await s.agentStates.put(a2);
    expect(await s.agentStates.get(i1, a.userId)).toEqual(a2);
    expect(await s.agentStates.get(i2, a.userId)).toEqual(c);
    expect([...(await s.agentStates.list())].sort(byKey)).toEqual([a2, b, c].sort(byKey));

    expect(await s.agentStates.delete(i1, a.userId)).toBe(true);
    expect(await s.agentStates.delete(i1, a.userId)).toBe(false);
    expect(await s.agentStates.get(i1, a.userId)).toBeUndefined();
    expect(await s.agentStates.get(i2, a.userId)).toEqual(c);
    expect([...(await s.agentStates.list())].sort(byKey)).toEqual([b, c].sort(byKey));
  });

  // Events --------------------------------------------------------------------------------

  it('events: append assigns increasing seqs in order; list pages with afterSeq and limit', async () => {
    const inst = randomUUID();
    await store.events.append([]); // a no-op
    expect(await store.events.list(inst, 0, 10)).toEqual([]);
    const records = Array.from({ length: 7 }, (_, i) => event(inst, i));
    await store.events.append(records.slice(0, 4));
    await store.events.append(records.slice(4));

    const all = await store.events.list(inst, 0, 100);
    expect(all.map(({ seq: _, ...r }) => r)).toEqual(records);
    for (let i = 1; i < all.length; i++) expect(all[i]!.seq).toBeGreaterThan(all[i - 1]!.seq);
    expect(all.every((e) => typeof e.seq === 'number' && typeof e.at === 'number')).toBe(true);
    expect(all[0]).not.toHaveProperty('agentId');
    expect(all[1]).not.toHaveProperty('contactId');

    // Paging by cursor: 3 + 3 + 1, then nothing.
    const pages: number[][] = [];
    let after = 0;
    for (;;) {
      const page = await store.events.list(inst, after, 3);
      if (page.length === 0) break;
      pages.push(page.map((e) => e.seq));
      after = page.at(-1)!.seq;
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(all.map((e) => e.seq));
    expect(await store.events.list(inst, all[4]!.seq, 100)).toEqual(all.slice(5));
    expect(await store.events.list(inst, all.at(-1)!.seq, 100)).toEqual([]);
  });

  it('events: each instance sees only its own log', async () => {
    const [i1, i2] = [randomUUID(), randomUUID()];
    await store.events.append([event(i1, 0), event(i2, 1), event(i1, 2), event(i2, 3), event(i1, 4)]);
    expect((await store.events.list(i1, 0, 100)).map((e) => e.at)).toEqual([T0, T0 + 2, T0 + 4]);
    expect((await store.events.list(i2, 0, 100)).map((e) => e.at)).toEqual([T0 + 1, T0 + 3]);
    // i2's seqs interleave with i1's, so paging i1 from an i2 cursor still works.
    const [first] = await store.events.list(i2, 0, 1);
    expect((await store.events.list(i1, first!.seq, 100)).map((e) => e.at)).toEqual([T0 + 2, T0 + 4]);
  });

  it('events: a large append (more rows than one INSERT carries) keeps every event, in order', async () => {
    const inst = randomUUID();
    const records = Array.from({ length: 2_345 }, (_, i) => event(inst, i));
    await store.events.append(records);
    const got = await store.events.list(inst, 0, 10_000);
    expect(got.map((e) => e.at)).toEqual(records.map((e) => e.at));
  });

  // Transactions --------------------------------------------------------------------------

  it('transaction: every runtime store works through tx and commits', async () => {
    const inst = randomUUID();
    const c = contact(inst);
    const t = token(inst);
    const a = agentState(inst);
    const records = [event(inst, 0), event(inst, 1)];
    await store.transaction(async (tx) => {
      await tx.contacts.put(c);
      await tx.tokens.put(t);
      await tx.agentStates.put(a);
      await tx.events.append(records);
      // Sees its own writes.
      expect(await tx.contacts.get(inst, c.contactId)).toEqual(c);
      expect(await tx.contacts.listByInitial(inst, c.contactId)).toEqual([c]);
      expect(await tx.contacts.listLive()).toContainEqual(c);
      expect(await tx.tokens.get(t.tokenHash)).toEqual(t);
      expect(await tx.agentStates.get(inst, a.userId)).toEqual(a);
      expect(await tx.agentStates.list()).toContainEqual(a);
      expect((await tx.events.list(inst, 0, 10)).map(({ seq: _, ...r }) => r)).toEqual(records);
    });
    expect(await store.contacts.get(inst, c.contactId)).toEqual(c);
    expect(await store.tokens.get(t.tokenHash)).toEqual(t);
    expect(await store.agentStates.get(inst, a.userId)).toEqual(a);
    expect(await store.events.list(inst, 0, 10)).toHaveLength(2);

    // Deletes through tx too.
    await store.transaction(async (tx) => {
      expect(await tx.tokens.delete(t.tokenHash)).toBe(true);
      expect(await tx.tokens.deleteBySubject(inst, t.kind, t.subjectId)).toBe(0);
      expect(await tx.agentStates.delete(inst, a.userId)).toBe(true);
    });
    expect(await store.tokens.get(t.tokenHash)).toBeUndefined();
    expect(await store.agentStates.get(inst, a.userId)).toBeUndefined();
  });

  it('transaction: deleteExpired runs through tx', async () => {
    const s = await open();
    const t = token(randomUUID(), { expiresAt: 5 });
    await s.tokens.put(t);
    await s.transaction(async (tx) => {
      expect(await tx.tokens.deleteExpired(10)).toBe(1);
    });
    expect(await s.tokens.get(t.tokenHash)).toBeUndefined();
  });

  it('transaction: a throw rolls back every runtime write', async () => {
    const inst = randomUUID();
    const kept = contact(inst);
    const keptToken = token(inst);
    const keptState = agentState(inst);
    await store.contacts.put(kept);
    await store.tokens.put(keptToken);
    await store.agentStates.put(keptState);
    await store.events.append([event(inst, 0)]);
    const before = await store.events.list(inst, 0, 100);

    const boom = new Error('boom');
    const lost = contact(inst);
    const lostToken = token(inst);
    const lostState = agentState(inst);
    await expect(
      store.transaction(async (tx) => {
        await tx.contacts.put(lost);
        await tx.contacts.put({ ...kept, phase: 'destroyed', body: '{}' });
        await tx.tokens.put(lostToken);
        expect(await tx.tokens.delete(keptToken.tokenHash)).toBe(true);
        await tx.agentStates.put(lostState);
        expect(await tx.agentStates.delete(inst, keptState.userId)).toBe(true);
        await tx.events.append([event(inst, 1), event(inst, 2)]);
        await tx.transaction(async (inner) => inner.events.append(Array.from({ length: 1_500 }, (_, i) => event(inst, i)))); // nested joins
        throw boom;
      }),
    ).rejects.toBe(boom);

    expect(await store.contacts.get(inst, lost.contactId)).toBeUndefined();
    expect(await store.contacts.get(inst, kept.contactId)).toEqual(kept);
    expect(await store.tokens.get(lostToken.tokenHash)).toBeUndefined();
    expect(await store.tokens.get(keptToken.tokenHash)).toEqual(keptToken);
    expect(await store.agentStates.get(inst, lostState.userId)).toBeUndefined();
    expect(await store.agentStates.get(inst, keptState.userId)).toEqual(keptState);
    expect(await store.events.list(inst, 0, 10_000)).toEqual(before);
  });

  // Migrations ----------------------------------------------------------------------------

  it('keeps runtime data across close and reopen', async () => {
    const opts = await backend.fresh();
    const inst = randomUUID();
    const c = contact(inst);
    const t = token(inst);
    const a = agentState(inst);
    const first = await openStore(opts);
    await first.contacts.put(c);
    await first.tokens.put(t);
    await first.agentStates.put(a);
    await first.events.append([event(inst, 0), event(inst, 1)]);
    const seqs = (await first.events.list(inst, 0, 10)).map((e) => e.seq);
    await first.close();
    const second = await openStore(opts); // migrations already applied: a no-op
    opened.push(second);
    expect(await second.contacts.get(inst, c.contactId)).toEqual(c);
    expect(await second.tokens.get(t.tokenHash)).toEqual(t);
    expect(await second.agentStates.get(inst, a.userId)).toEqual(a);
    await second.events.append([event(inst, 2)]);
    const after = await second.events.list(inst, 0, 10);
    expect(after.slice(0, 2).map((e) => e.seq)).toEqual(seqs);
    expect(after[2]!.seq).toBeGreaterThan(seqs[1]!);
  });
});

// Postgres only: SQLite has one writer at a time by design.
describe.each(backends.filter((b) => b.name === 'postgres'))('event log order: $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => store?.close());

  // Postgres draws seqs at insert time: without the append lock (events.ts) the second
  // append below commits at once with the higher seq, the reader sees it and pages past the
  // first one's lower seq when that commits.
  it('events: seqs become visible in commit order, so a cursor skips none', async () => {
    const inst = randomUUID();
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let firstInserted = () => {};
    const inserted = new Promise<void>((r) => {
      firstInserted = r;
    });
    const first = store.transaction(async (tx) => {
      await tx.events.append([event(inst, 0)]);
      firstInserted();
      await gate;
    });
    await inserted;
    const second = store.events.append([event(inst, 1)]);
    await new Promise((r) => setTimeout(r, 300));
    const seen = await store.events.list(inst, 0, 10);
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual([]);
    const all = await store.events.list(inst, 0, 10);
    expect(all.map((e) => e.at)).toEqual([T0, T0 + 1]);
    // The cursor a reader would hold after `seen` (nothing yet) still reaches both.
    expect(await store.events.list(inst, seen.at(-1)?.seq ?? 0, 10)).toEqual(all);
  });
});

describe('migration 0002_runtime', () => {
  it('is registered after 0001_initial', () => {
    expect(Object.keys(MIGRATIONS).slice(0, 2)).toEqual(['0001_initial', '0002_runtime']);
  });

  it('upgrades a SQLite database that only has 0001 applied, keeping its data', async () => {
    const { opts, db: old, applied } = await sqliteMigratedTo('0001_initial');
    expect(applied).toEqual(['0001_initial']);
    const inst = {
      id: randomUUID(),
      alias: 'old',
      region: 'us-east-1',
      accountId: '1',
      approvedOrigins: [],
      createdTime: T0,
      tags: {},
    };
    await old
      .insertInto('instances')
      .values({ id: inst.id, alias: inst.alias, body: JSON.stringify(inst), created_at: T0 })
      .execute();
    await old.destroy();

    const migrationsOf = (logged: object[]) =>
      logged.flatMap((o) => ('migration' in o ? [(o as { migration: unknown }).migration] : []));
    const logged: object[] = [];
    const s = await openStore(opts, { info: (obj) => logged.push(obj) });
    // 0002 and every later migration, in order.
    expect(migrationsOf(logged)).toEqual(Object.keys(MIGRATIONS).filter((n) => n > '0001_initial'));
    expect(migrationsOf(logged).slice(0, 2)).toEqual(['0002_runtime', '0003_chat']);
    try {
      expect(await s.instances.get(inst.id)).toEqual(inst);
      const c = contact(inst.id);
      await s.contacts.put(c);
      expect(await s.contacts.get(inst.id, c.contactId)).toEqual(c);
      await s.events.append([event(inst.id, 0)]);
      expect(await s.events.list(inst.id, 0, 10)).toHaveLength(1);
    } finally {
      await s.close();
    }

    // Opening again applies nothing.
    const loggedAgain: object[] = [];
    const again = await openStore(opts, { info: (obj) => loggedAgain.push(obj) });
    await again.close();
    expect(migrationsOf(loggedAgain)).toEqual([]);
  });
});
