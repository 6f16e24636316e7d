import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ChatItemsTable, Database } from './schema.js';
import type { ChatItemStore, StoredChatItem } from './types.js';

/**
 * Rows per INSERT: 7 bound parameters each stays well under SQLite's (32766) and
 * Postgres's (65535) limits on parameters per statement.
 */
const BATCH = 1000;

const COLUMNS = ['seq', 'instance_id', 'initial_contact_id', 'id', 'contact_id', 'absolute_time', 'type', 'body'] as const;

const toRow = (i: StoredChatItem): Insertable<ChatItemsTable> => ({
  instance_id: i.instanceId,
  initial_contact_id: i.initialContactId,
  id: i.id,
  contact_id: i.contactId,
  absolute_time: i.absoluteTime,
  type: i.type,
  body: i.body,
});

// seq and absolute_time are int8 on Postgres: numbers through the pool's parser (dialect.ts).
const fromRow = (r: Selectable<ChatItemsTable>): StoredChatItem & { readonly seq: number } => ({
  seq: r.seq,
  instanceId: r.instance_id,
  initialContactId: r.initial_contact_id,
  contactId: r.contact_id,
  id: r.id,
  absoluteTime: r.absolute_time,
  type: r.type,
  body: r.body,
});

/** Chat transcript items; seq is assigned by the database in insertion order. */
export const chatItemStore = (db: Kysely<Database>): ChatItemStore => {
  const insert = async (tx: Kysely<Database>, items: readonly StoredChatItem[]) => {
    for (let i = 0; i < items.length; i += BATCH) {
      await tx
        .insertInto('chat_items')
        .values(items.slice(i, i + BATCH).map(toRow))
        .execute();
    }
  };

  return {
    async append(items) {
      if (items.length === 0) return;
      // Several statements must commit together; one is atomic on its own.
      if (items.length <= BATCH || db.isTransaction) return insert(db, items);
      await db.transaction().execute((trx) => insert(trx, items));
    },

    async list(instanceId, initialContactId) {
      const rows = await db
        .selectFrom('chat_items')
        .select(COLUMNS)
        .where('instance_id', '=', instanceId)
        .where('initial_contact_id', '=', initialContactId)
        .orderBy('absolute_time')
        .orderBy('seq')
        .execute();
      return rows.map(fromRow);
    },

    async get(instanceId, id) {
      const row = await db
        .selectFrom('chat_items')
        .select(COLUMNS)
        .where('instance_id', '=', instanceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && fromRow(row);
    },
  };
};
