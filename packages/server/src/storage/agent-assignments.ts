import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { AgentAssignmentStore, AssignmentKey, StoredAssignment } from './types.js';

/** Rows per statement: 5 bound values each, well under Postgres' 65,535 and SQLite's 32,766. */
const CHUNK = 1000;

async function upsert(db: Kysely<Database>, rows: readonly StoredAssignment[]): Promise<void> {
  await db
    .insertInto('agent_assignments')
    .values(
      rows.map((r) => ({
        instance_id: r.instanceId,
        user_id: r.userId,
        contact_id: r.contactId,
        version: r.version,
        body: r.body,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['instance_id', 'user_id', 'contact_id']).doUpdateSet((eb) => ({
        version: eb.ref('excluded.version'),
        body: eb.ref('excluded.body'),
      })),
    )
    .execute();
}

async function remove(db: Kysely<Database>, keys: readonly AssignmentKey[]): Promise<void> {
  await db
    .deleteFrom('agent_assignments')
    .where((eb) =>
      eb.or(
        keys.map((k) =>
          eb.and([eb('instance_id', '=', k.instanceId), eb('user_id', '=', k.userId), eb('contact_id', '=', k.contactId)]),
        ),
      ),
    )
    .execute();
}

/** Agents' assignments, one JSON document per (instance, agent, contact). */
export const agentAssignmentStore = (db: Kysely<Database>): AgentAssignmentStore => ({
  async putMany(rows) {
    for (let i = 0; i < rows.length; i += CHUNK) await upsert(db, rows.slice(i, i + CHUNK));
  },

  async deleteMany(keys) {
    for (let i = 0; i < keys.length; i += CHUNK) await remove(db, keys.slice(i, i + CHUNK));
  },

  async list() {
    const rows = await db
      .selectFrom('agent_assignments')
      .select(['instance_id', 'user_id', 'contact_id', 'version', 'body'])
      .execute();
    return rows.map((r) => ({
      instanceId: r.instance_id,
      userId: r.user_id,
      contactId: r.contact_id,
      version: Number(r.version),
      body: r.body,
    }));
  },
});
