/**
 * One commit of runtime changes (contacts, agent states and assignments, events, chat items): what every
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
    if (batch.assignmentDeletes?.length) await tx.agentAssignments.deleteMany(batch.assignmentDeletes);
    if (batch.assignments?.length) await tx.agentAssignments.putMany(batch.assignments);
    if (batch.events?.length) await tx.events.append(batch.events);
    if (batch.chatItems?.length) await tx.chatItems.append(batch.chatItems);
  });
}

/**
 * The SQLite statements of a batch, each named after its rows in BatchRows and run in this
 * order (also by the writer thread, batch-worker.ts, which gets them as they are).
 */
export const BATCH_SQL = {
  contacts: `insert into contacts (instance_id, id, initial_contact_id, channel, phase, created_at, updated_at, body)
    values (?, ?, ?, ?, ?, ?, ?, ?)
    on conflict (instance_id, id) do update set phase = excluded.phase, updated_at = excluded.updated_at, body = excluded.body`,
  agents: `insert into agent_states (instance_id, user_id, updated_at, body) values (?, ?, ?, ?)
    on conflict (instance_id, user_id) do update set updated_at = excluded.updated_at, body = excluded.body`,
  unassign: 'delete from agent_assignments where instance_id = ? and user_id = ? and contact_id = ?',
  assignments: `insert into agent_assignments (instance_id, user_id, contact_id, version, body) values (?, ?, ?, ?, ?)
    on conflict (instance_id, user_id, contact_id) do update set version = excluded.version, body = excluded.body`,
  events: 'insert into events (instance_id, type, at, agent_id, contact_id, body) values (?, ?, ?, ?, ?, ?)',
  items: `insert into chat_items (instance_id, initial_contact_id, id, contact_id, absolute_time, type, body)
    values (?, ?, ?, ?, ?, ?, ?)`,
} as const;

/** A batch as rows of bound values, in each statement's column order: cheap to post to a thread. */
export type BatchRows = { readonly [K in keyof typeof BATCH_SQL]: readonly (string | number | null)[][] };

export const batchRows = (batch: RuntimeBatch): BatchRows => ({
  contacts: (batch.contacts ?? []).map((c) => [
    c.instanceId,
    c.contactId,
    c.initialContactId,
    c.channel,
    c.phase,
    c.createdAt,
    c.updatedAt,
    c.body,
  ]),
  agents: (batch.agents ?? []).map((a) => [a.instanceId, a.userId, a.updatedAt, a.body]),
  unassign: (batch.assignmentDeletes ?? []).map((k) => [k.instanceId, k.userId, k.contactId]),
  assignments: (batch.assignments ?? []).map((a) => [a.instanceId, a.userId, a.contactId, a.version, a.body]),
  events: (batch.events ?? []).map((e) => [e.instanceId, e.type, e.at, e.agentId ?? null, e.contactId ?? null, e.body]),
  items: (batch.chatItems ?? []).map((i) => [
    i.instanceId,
    i.initialContactId,
    i.id,
    i.contactId,
    i.absoluteTime,
    i.type,
    i.body,
  ]),
});

/**
 * The SQLite path. The statements say what the Kysely stores say (contacts.ts,
 * agent-states.ts, events.ts, chat-items.ts); `batch.test.ts` checks both paths store
 * the same rows.
 */
export function sqliteBatchWriter(db: SqliteDatabase.Database) {
  let run: ((rows: BatchRows) => void) | undefined;
  // Prepared on first use: the tables exist only after the migrations.
  const prepare = () => {
    const statements = Object.entries(BATCH_SQL).map(([name, sql]) => [name as keyof BatchRows, db.prepare(sql)] as const);
    return db.transaction((rows: BatchRows) => {
      for (const [name, statement] of statements) for (const r of rows[name]) statement.run(r);
    });
  };
  return {
    /**
     * Writes the batch now, or returns false when the connection is inside a Kysely
     * transaction (which holds the one connection across awaits): then the caller takes
     * the Kysely path, which waits its turn.
     */
    tryWrite(batch: RuntimeBatch): boolean {
      if (db.inTransaction) return false;
      run ??= prepare();
      run(batchRows(batch));
      return true;
    },
  };
}
