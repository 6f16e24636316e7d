import type { CreateTableBuilder } from 'kysely';
import type { AnyDb, SchemaMigration } from './index.js';

/**
 * SQLite: the event log and chat items keep their `seq`, now a plain rowid alias instead of
 * AUTOINCREMENT. AUTOINCREMENT updates `sqlite_sequence` on every insert, and at the
 * server's rates that was one row write in five: measured 32.5 → 26 µs of CPU per chat
 * item insert in batches of 4. A plain rowid is still the largest so far plus one, so it
 * only differs when the newest rows are deleted, and neither table is ever deleted from.
 * SQLite cannot drop AUTOINCREMENT in place: each table is rebuilt, keeping every `seq`.
 * Postgres (identity columns) has nothing to change.
 */
export const sqliteRowidKeys: SchemaMigration = {
  async up(db: AnyDb, d) {
    if (d.kind === 'sqlite') await rebuild(db, false);
  },
  async down(db: AnyDb, d) {
    if (d.kind === 'sqlite') await rebuild(db, true);
  },
};

// biome-ignore lint/suspicious/noExplicitAny: a migration sees an untyped database
type Table = CreateTableBuilder<any, any>;

const TABLES: readonly {
  readonly name: string;
  readonly columns: readonly string[];
  readonly define: (t: Table) => Table;
  readonly indexes: (db: AnyDb) => Promise<void>;
}[] = [
  {
    name: 'events',
    columns: ['seq', 'instance_id', 'type', 'at', 'agent_id', 'contact_id', 'body'],
    define: (t) =>
      t
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('agent_id', 'text')
        .addColumn('contact_id', 'text')
        .addColumn('body', 'text', (c) => c.notNull()),
    indexes: async (db) => {
      await db.schema.createIndex('events_instance_seq_idx').on('events').columns(['instance_id', 'seq']).execute();
    },
  },
  {
    name: 'chat_items',
    columns: ['seq', 'instance_id', 'initial_contact_id', 'id', 'contact_id', 'absolute_time', 'type', 'body'],
    define: (t) =>
      t
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('initial_contact_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('contact_id', 'text', (c) => c.notNull())
        .addColumn('absolute_time', 'bigint', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addUniqueConstraint('chat_items_id_uq', ['instance_id', 'id']),
    indexes: async (db) => {
      await db.schema
        .createIndex('chat_items_chain_idx')
        .on('chat_items')
        .columns(['instance_id', 'initial_contact_id', 'seq'])
        .execute();
    },
  },
];

/** Copies each table into one whose `seq` is (or is not) AUTOINCREMENT, then swaps them. */
async function rebuild(db: AnyDb, autoincrement: boolean): Promise<void> {
  for (const t of TABLES) {
    const next = `${t.name}_rebuilt`;
    await t
      .define(
        db.schema
          .createTable(next)
          .addColumn('seq', 'integer', (c) => (autoincrement ? c.primaryKey().autoIncrement() : c.primaryKey())),
      )
      .execute();
    await db
      .insertInto(next)
      .columns([...t.columns])
      .expression(db.selectFrom(t.name).select([...t.columns]))
      .execute();
    await db.schema.dropTable(t.name).execute();
    await db.schema.alterTable(next).renameTo(t.name).execute();
    await t.indexes(db);
  }
}
