import type { Kysely, Selectable } from 'kysely';
import type { AgentStatesTable, Database } from './schema.js';
import type { AgentStateStore, StoredAgentState } from './types.js';

const COLUMNS = ['instance_id', 'user_id', 'updated_at', 'body'] as const;

const fromRow = (r: Selectable<AgentStatesTable>): StoredAgentState => ({
  instanceId: r.instance_id,
  userId: r.user_id,
  updatedAt: r.updated_at,
  body: r.body,
});

/** One multi-row upsert; keys must be distinct within `ss`. */
async function upsertAgentStates(db: Kysely<Database>, ss: readonly StoredAgentState[]): Promise<void> {
  if (ss.length === 0) return;
  await db
    .insertInto('agent_states')
    .values(ss.map((s) => ({ instance_id: s.instanceId, user_id: s.userId, updated_at: s.updatedAt, body: s.body })))
    .onConflict((oc) =>
      oc.columns(['instance_id', 'user_id']).doUpdateSet((eb) => ({
        updated_at: eb.ref('excluded.updated_at'),
        body: eb.ref('excluded.body'),
      })),
    )
    .execute();
}

/** Agents' routing states, one JSON document per (instance, user). */
export const agentStateStore = (db: Kysely<Database>): AgentStateStore => ({
  async put(s) {
    await upsertAgentStates(db, [s]);
  },

  async putMany(ss) {
    for (let i = 0; i < ss.length; i += 1000) await upsertAgentStates(db, ss.slice(i, i + 1000));
  },

  async get(instanceId, userId) {
    const row = await db
      .selectFrom('agent_states')
      .select(COLUMNS)
      .where('instance_id', '=', instanceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && fromRow(row);
  },

  /** In no particular order. */
  async list() {
    const rows = await db.selectFrom('agent_states').select(COLUMNS).execute();
    return rows.map(fromRow);
  },

  async delete(instanceId, userId) {
    const res = await db
      .deleteFrom('agent_states')
      .where('instance_id', '=', instanceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return res.numDeletedRows > 0n;
  },
});
