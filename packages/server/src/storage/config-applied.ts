import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { ConfigAppliedStore } from './types.js';

/** Hash of the config-file definition last applied per (instance, kind, name). */
export const configAppliedStore = (db: Kysely<Database>): ConfigAppliedStore => ({
  async get(instanceId, kind, name) {
    const row = await db
      .selectFrom('config_applied')
      .select('hash')
      .where('instance_id', '=', instanceId)
      .where('kind', '=', kind)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.hash;
  },

  async put(instanceId, kind, name, hash) {
    await db
      .insertInto('config_applied')
      .values({ instance_id: instanceId, kind, name, hash })
      .onConflict((oc) => oc.columns(['instance_id', 'kind', 'name']).doUpdateSet((eb) => ({ hash: eb.ref('excluded.hash') })))
      .execute();
  },
});
