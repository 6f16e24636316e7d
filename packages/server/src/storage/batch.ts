/**
 * One commit of runtime changes (contacts, agent states, events, chat items): what every
 * routing step and chat message writes. Kysely on Postgres; on SQLite, prepared statements
 * run in one synchronous better-sqlite3 transaction, which skips Kysely's query building
 * and promise chain per statement (the hottest write path of the server).
 */
import type SqliteDatabase from 'better-sqlite3';
import type { RuntimeBatch, Store } from './types.js';

/** The Kysely path, for any backend: one transaction, multi-row statements. */
export function kyselyBatch(store: Store, batch: RuntimeBatch): Promise<void> {
  return store.transaction(async (tx) => {
    if (batch.contacts?.length) await tx.contacts.putMany(batch.contacts);
    if (batch.agents?.length) await tx.agentStates.putMany(batch.agents);
    if (batch.events?.length) await tx.events.append(batch.events);
    if (batch.chatItems?.length) await tx.chatItems.append(batch.chatItems);
  });
}

/**
 * The SQLite path. The statements say what the Kysely stores say (contacts.ts,
 * agent-states.ts, events.ts, chat-items.ts); `batch.test.ts` checks both paths store
 * the same rows.
 */
export function sqliteBatchWriter(db: SqliteDatabase.Database) {
  let statements:
    | {
        readonly contact: SqliteDatabase.Statement;
        readonly agent: SqliteDatabase.Statement;
        readonly event: SqliteDatabase.Statement;
        readonly item: SqliteDatabase.Statement;
        readonly run: (batch: RuntimeBatch) => void;
      }
    | undefined;
  // Prepared on first use: the tables exist only after the migrations.
  const prepare = () => {
    const contact = db.prepare(
      `insert into contacts (instance_id, id, initial_contact_id, channel, phase, created_at, updated_at, body)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (instance_id, id) do update set phase = excluded.phase, updated_at = excluded.updated_at,
         body = excluded.body`,
    );
    const agent = db.prepare(
      `insert into agent_states (instance_id, user_id, updated_at, body) values (?, ?, ?, ?)
       on conflict (instance_id, user_id) do update set updated_at = excluded.updated_at, body = excluded.body`,
    );
    const event = db.prepare('insert into events (instance_id, type, at, agent_id, contact_id, body) values (?, ?, ?, ?, ?, ?)');
    const item = db.prepare(
      `insert into chat_items (instance_id, initial_contact_id, id, contact_id, absolute_time, type, body)
       values (?, ?, ?, ?, ?, ?, ?)`,
    );
    const run = db.transaction((batch: RuntimeBatch) => {
      for (const c of batch.contacts ?? [])
        contact.run(c.instanceId, c.contactId, c.initialContactId, c.channel, c.phase, c.createdAt, c.updatedAt, c.body);
      for (const a of batch.agents ?? []) agent.run(a.instanceId, a.userId, a.updatedAt, a.body);
      for (const e of batch.events ?? []) event.run(e.instanceId, e.type, e.at, e.agentId ?? null, e.contactId ?? null, e.body);
      for (const i of batch.chatItems ?? [])
        item.run(i.instanceId, i.initialContactId, i.id, i.contactId, i.absoluteTime, i.type, i.body);
    });
    return { contact, agent, event, item, run };
  };
  return {
    /**
     * Writes the batch now, or returns false when the connection is inside a Kysely
     * transaction (which holds the one connection across awaits): then the caller takes
     * the Kysely path, which waits its turn.
     */
    tryWrite(batch: RuntimeBatch): boolean {
      if (db.inTransaction) return false;
      statements ??= prepare();
      statements.run(batch);
      return true;
    },
  };
}
