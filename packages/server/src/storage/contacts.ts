import type { Kysely, Selectable } from 'kysely';
import type { ContactsTable, Database } from './schema.js';
import type { ContactStore, StoredContact } from './types.js';

const COLUMNS = ['instance_id', 'id', 'initial_contact_id', 'channel', 'phase', 'created_at', 'updated_at', 'body'] as const;

// bigint columns are numbers on both backends (pg's int8 parser is set per pool, see dialect.ts).
const fromRow = (r: Selectable<ContactsTable>): StoredContact => ({
  instanceId: r.instance_id,
  contactId: r.id,
  initialContactId: r.initial_contact_id,
  channel: r.channel,
  phase: r.phase,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  body: r.body,
});

async function upsertContacts(db: Kysely<Database>, cs: readonly StoredContact[]): Promise<void> {
  if (cs.length === 0) return;
  await db
    .insertInto('contacts')
    .values(
      cs.map((c) => ({
        instance_id: c.instanceId,
        id: c.contactId,
        initial_contact_id: c.initialContactId,
        channel: c.channel,
        phase: c.phase,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
        body: c.body,
      })),
    )
    .onConflict((oc) =>
      // A contact's initial contact, channel and creation time never change: leaving them
      // out of the update spares the (initial_contact_id, created_at) index a write per step.
      oc.columns(['instance_id', 'id']).doUpdateSet((eb) => ({
        phase: eb.ref('excluded.phase'),
        updated_at: eb.ref('excluded.updated_at'),
        body: eb.ref('excluded.body'),
      })),
    )
    .execute();
}

/** Contacts: indexed columns plus the server-owned JSON document. */
export const contactStore = (db: Kysely<Database>): ContactStore => ({
  async put(c) {
    await upsertContacts(db, [c]);
  },

  async putMany(cs) {
    // One multi-row upsert per 500 (8 bound values a row stays under SQLite's limit). Rows
    // must have distinct keys (Postgres cannot update one row twice in a statement).
    for (let i = 0; i < cs.length; i += 500) await upsertContacts(db, cs.slice(i, i + 500));
  },

  async get(instanceId, contactId) {
    const row = await db
      .selectFrom('contacts')
      .select(COLUMNS)
      .where('instance_id', '=', instanceId)
      .where('id', '=', contactId)
      .executeTakeFirst();
    return row && fromRow(row);
  },

  async listLive() {
    const rows = await db
      .selectFrom('contacts')
      .select(COLUMNS)
      .where('phase', '<>', 'destroyed')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  },

  async listByInitial(instanceId, initialContactId) {
    const rows = await db
      .selectFrom('contacts')
      .select(COLUMNS)
      .where('instance_id', '=', instanceId)
      .where('initial_contact_id', '=', initialContactId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  },
});
