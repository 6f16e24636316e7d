import type { AnyDb, SchemaMigration } from './index.js';

/**
 * Chat attachments: one row per StartAttachmentUpload. The bytes live in a blob store
 * (files under the data directory, or S3) under `storage_key`, which the server makes.
 */
export const attachments: SchemaMigration = {
  async up(db: AnyDb, d) {
    await db.schema
      .createTable('attachments')
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('id', d.keyText, (c) => c.notNull())
      .addColumn('initial_contact_id', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      // The uploader (a participant id of the chat).
      .addColumn('participant_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      // The declared AttachmentSizeInBytes; the upload must match it exactly.
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      // PENDING (started, not completed) | APPROVED (completed, posted) | REJECTED
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('completed_at', 'bigint')
      .addPrimaryKeyConstraint('attachments_pk', ['instance_id', 'id'])
      .execute();

    // countByChain: the attachments of one chat chain (the per-chat quota).
    await db.schema
      .createIndex('attachments_chain_idx')
      .on('attachments')
      .columns(['instance_id', 'initial_contact_id'])
      .execute();
  },

  async down(db: AnyDb) {
    await db.schema.dropTable('attachments').execute();
  },
};
