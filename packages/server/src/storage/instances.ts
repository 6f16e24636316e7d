import type { Instance } from '@switchboard/core';
import type { Kysely } from 'kysely';
import { clampLimit, decodeCursor, toPage } from './cursor.js';
import type { Database } from './schema.js';
import type { InstanceStore } from './types.js';

const SCOPE = 'instance';

/** Instances, listed by (alias, id). */
export const instanceStore = (db: Kysely<Database>): InstanceStore => ({
  async list(page) {
    const limit = clampLimit(page.limit);
    const after = decodeCursor(SCOPE, page.nextToken);
    let q = db.selectFrom('instances').select(['id', 'alias', 'body']);
    if (after) {
      q = q.where((eb) => eb.or([eb('alias', '>', after.name), eb.and([eb('alias', '=', after.name), eb('id', '>', after.id)])]));
    }
    const rows = await q
      .orderBy('alias')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return toPage(
      SCOPE,
      rows,
      limit,
      (r) => ({ name: r.alias, id: r.id }),
      (r) => JSON.parse(r.body) as Instance,
    );
  },

  async get(id) {
    const row = await db.selectFrom('instances').select('body').where('id', '=', id).executeTakeFirst();
    return row && (JSON.parse(row.body) as Instance);
  },

  async put(instance) {
    const row = { id: instance.id, alias: instance.alias, body: JSON.stringify(instance), created_at: instance.createdTime };
    await db
      .insertInto('instances')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          alias: eb.ref('excluded.alias'),
          body: eb.ref('excluded.body'),
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
  },
});
