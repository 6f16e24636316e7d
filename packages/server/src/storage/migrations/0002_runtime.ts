import type { AnyDb, SchemaMigration } from './index.js';

/** Runtime state: contacts, bearer tokens (hashed), agent routing states and the event log. */
export const runtime: SchemaMigration = {
  async up(db: AnyDb, d) {
    await db.schema
      .createTable('contacts')
      .addColumn('instance_id', 'text', (c) => c.notNull())
      // Ordered by (created_at, id): pinned to byte order so both backends list alike.
      .addColumn('id', d.keyText, (c) => c.notNull())
      .addColumn('initial_contact_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('contacts_pk', ['instance_id', 'id'])
      .execute();

    await db.schema
      .createTable('tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('participant_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('agent_states')
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('agent_states_pk', ['instance_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('seq', d.serialKey.type, d.serialKey.build)
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('contact_id', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();

    // listLive: phase <> 'destroyed' ordered by (created_at, id).
    await db.schema.createIndex('contacts_phase_idx').on('contacts').columns(['phase', 'created_at', 'id']).execute();
    // listByInitial: one initial contact's chain, oldest first.
    await db.schema
      .createIndex('contacts_initial_idx')
      .on('contacts')
      .columns(['instance_id', 'initial_contact_id', 'created_at', 'id'])
      .execute();
    // deleteBySubject and the expiry sweep.
    await db.schema.createIndex('tokens_subject_idx').on('tokens').columns(['instance_id', 'kind', 'subject_id']).execute();
    await db.schema.createIndex('tokens_expires_idx').on('tokens').column('expires_at').execute();
    // Reading one instance's log from a cursor.
    await db.schema.createIndex('events_instance_seq_idx').on('events').columns(['instance_id', 'seq']).execute();
  },

  async down(db: AnyDb) {
    await db.schema.dropTable('events').execute();
    await db.schema.dropTable('agent_states').execute();
    await db.schema.dropTable('tokens').execute();
    await db.schema.dropTable('contacts').execute();
  },
};
