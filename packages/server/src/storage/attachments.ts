import type { Kysely, Selectable } from 'kysely';
import type { AttachmentsTable, Database } from './schema.js';
import type { AttachmentStore, StoredAttachment, StoredAttachmentStatus } from './types.js';

const COLUMNS = [
  'instance_id',
  'id',
  'initial_contact_id',
  'contact_id',
  'participant_id',
  'name',
  'content_type',
  'size_bytes',
  'status',
  'storage_key',
  'created_at',
  'completed_at',
] as const;

// bigint columns are numbers on both backends (pg's int8 parser is set per pool, see dialect.ts).
const fromRow = (r: Selectable<AttachmentsTable>): StoredAttachment => ({
  instanceId: r.instance_id,
  id: r.id,
  initialContactId: r.initial_contact_id,
  contactId: r.contact_id,
  participantId: r.participant_id,
  name: r.name,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  status: r.status as StoredAttachmentStatus,
  storageKey: r.storage_key,
  createdAt: r.created_at,
  ...(r.completed_at !== null ? { completedAt: r.completed_at } : {}),
});

/** Chat attachments (metadata only; the bytes are in a blob store). */
export const attachmentStore = (db: Kysely<Database>): AttachmentStore => ({
  async put(a) {
    await db
      .insertInto('attachments')
      .values({
        instance_id: a.instanceId,
        id: a.id,
        initial_contact_id: a.initialContactId,
        contact_id: a.contactId,
        participant_id: a.participantId,
        name: a.name,
        content_type: a.contentType,
        size_bytes: a.sizeBytes,
        status: a.status,
        storage_key: a.storageKey,
        created_at: a.createdAt,
        completed_at: a.completedAt ?? null,
      })
      .onConflict((oc) =>
        oc.columns(['instance_id', 'id']).doUpdateSet((eb) => ({
          initial_contact_id: eb.ref('excluded.initial_contact_id'),
          contact_id: eb.ref('excluded.contact_id'),
          participant_id: eb.ref('excluded.participant_id'),
          name: eb.ref('excluded.name'),
          content_type: eb.ref('excluded.content_type'),
          size_bytes: eb.ref('excluded.size_bytes'),
          status: eb.ref('excluded.status'),
          storage_key: eb.ref('excluded.storage_key'),
          created_at: eb.ref('excluded.created_at'),
          completed_at: eb.ref('excluded.completed_at'),
        })),
      )
      .execute();
  },

  async get(instanceId, id) {
    const row = await db
      .selectFrom('attachments')
      .select(COLUMNS)
      .where('instance_id', '=', instanceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && fromRow(row);
  },

  async countByChain(instanceId, initialContactId, statuses) {
    if (statuses.length === 0) return 0;
    const row = await db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('instance_id', '=', instanceId)
      .where('initial_contact_id', '=', initialContactId)
      .where('status', 'in', [...statuses])
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },
});
