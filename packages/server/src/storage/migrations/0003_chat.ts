import type { AnyDb, SchemaMigration } from './index.js';

/** Chat transcripts: every stored item of a chat chain (typing events are never stored). */
export const chat: SchemaMigration = {
  async up(db: AnyDb, d) {
    await db.schema
      .createTable('chat_items')
      // Insertion order: the tie-breaker between items with the same absolute_time.
      .addColumn('seq', d.serialKey.type, d.serialKey.build)
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('initial_contact_id', d.keyText, (c) => c.notNull())
      .addColumn('id', d.keyText, (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      // The item's AbsoluteTime, epoch ms.
      .addColumn('absolute_time', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      // The wire ChatItem as JSON.
      .addColumn('body', 'text', (c) => c.notNull())
      // Item ids are unique per instance (get, StartPosition.Id, receipts by messageId).
      .addUniqueConstraint('chat_items_id_uq', ['instance_id', 'id'])
      .execute();

    // list: one chain of one instance.
    await db.schema
      .createIndex('chat_items_chain_idx')
      .on('chat_items')
      .columns(['instance_id', 'initial_contact_id', 'seq'])
      .execute();
  },

  async down(db: AnyDb) {
    await db.schema.dropTable('chat_items').execute();
  },
};
