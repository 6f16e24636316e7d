import type { Insertable, Kysely, Selectable } from 'kysely';
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

/** The append-only event log; seq is assigned by the database in insertion order. */
export const eventStore = (db: Kysely<Database>): EventStore => {
  const insert = async (tx: Kysely<Database>, events: readonly EventRecord[]) => {
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
      // Several statements must commit together; one is atomic on its own.
      if (events.length <= BATCH || db.isTransaction) return insert(db, events);
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
