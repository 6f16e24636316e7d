import type { AnyDb, SchemaMigration } from './index.js';

/** Instances, instance resources (one table, JSON bodies) and the config loader's hashes. */
export const initial: SchemaMigration = {
  async up(db: AnyDb, d) {
    await db.schema
      .createTable('instances')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('alias', d.keyText, (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('resources')
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', d.keyText, (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('resources_pk', ['instance_id', 'kind', 'id'])
      // Also the index that serves listings ordered by name.
      .addUniqueConstraint('resources_name_uq', ['instance_id', 'kind', 'name'])
      .execute();

    await db.schema
      .createTable('config_applied')
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('config_applied_pk', ['instance_id', 'kind', 'name'])
      .execute();

    // Listing instances pages by (alias, id).
    await db.schema.createIndex('instances_alias_idx').on('instances').columns(['alias', 'id']).execute();
  },

  async down(db: AnyDb) {
    await db.schema.dropTable('config_applied').execute();
    await db.schema.dropTable('resources').execute();
    await db.schema.dropTable('instances').execute();
  },
};
