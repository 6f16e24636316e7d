import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { DialectKind } from './dialect.js';
import type { Database, EventsTable } from './schema.js';
import type { EventRecord, EventStore, StoredEvent } from './types.js';

/**
 * Rows per INSERT: 7 bound parameters each stays well under SQLite's (32766) and
 * Postgres's (65535) limits on parameters per statement.
 */
const BATCH = 1000;

const COLUMNS = ['seq', 'instance_id', 'type', 'at', 'agent_id', 'contact_id', 'body'] as const;

const toRow = (e: EventRecord): Insertable<EventsTable> => ({
  instance_id: e.instanceId,
  type: e.type,
  at: e.at,
  agent_id: e.agentId ?? null,
  contact_id: e.contactId ?? null,
  body: e.body,
});

// seq is int8 on Postgres: a number through the pool's parser (dialect.ts).
const fromRow = (r: Selectable<EventsTable>): StoredEvent => ({
  seq: r.seq,
  instanceId: r.instance_id,
  type: r.type,
  at: r.at,
  ...(r.agent_id !== null && { agentId: r.agent_id }),
  ...(r.contact_id !== null && { contactId: r.contact_id }),
  body: r.body,
});

/**
 * Postgres: the advisory lock every appending transaction takes before its first insert,
 * held until it commits or rolls back (an arbitrary constant, "SWEV").
 */
const APPEND_LOCK = 0x53574556;

/**
 * The append-only event log; seq is assigned by the database in insertion order, and a
 * reader pages it by `seq > cursor`.
 *
 * That cursor holds only if seqs become visible in order. On SQLite they do (one writer at
 * a time). On Postgres a sequence hands out numbers at insert time, not at commit: with two
 * appending transactions, the one that drew seq 8 can commit after the one that drew 9,
 * and a reader that saw 9 first moves its cursor past 8 for good. So appends on Postgres
 * take a transaction-scoped advisory lock first: the next appender draws its seqs only
 * after the previous one committed, and commit order is seq order. (Appends are one per
 * commit of the routing runtime, so they queue behind each other only across nodes.)
 */
export const eventStore = (db: Kysely<Database>, dialect: DialectKind = 'sqlite'): EventStore => {
  const insert = async (tx: Kysely<Database>, events: readonly EventRecord[]) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(tx);
    for (let i = 0; i < events.length; i += BATCH) {
      await tx
        .insertInto('events')
        .values(events.slice(i, i + BATCH).map(toRow))
        .execute();
    }
  };

  return {
    async append(events) {
      if (events.length === 0) return;
      // Several statements must commit together; one is atomic on its own (but on Postgres
      // the lock is one more statement, which needs the transaction to hold it).
      if (db.isTransaction || (events.length <= BATCH && dialect !== 'postgres')) return insert(db, events);
      await db.transaction().execute((trx) => insert(trx, events));
    },

    async list(instanceId, afterSeq, limit) {
      const rows = await db
        .selectFrom('events')
        .select(COLUMNS)
        .where('instance_id', '=', instanceId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },
  };
};
