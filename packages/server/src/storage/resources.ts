import {
  DuplicateResourceException,
  type ResourceBase,
  type ResourceKind,
  type ResourceKinds,
  ResourceNotFoundException,
} from '@switchboard/core';
import type { Kysely } from 'kysely';
import { clampLimit, decodeCursor, toPage } from './cursor.js';
import type { SqlDialect } from './dialect.js';
import type { Database } from './schema.js';
import type { ResourceStore } from './types.js';

type Entity<K extends ResourceKind> = ResourceKinds[K];
const parse = <K extends ResourceKind>(row: { body: string }): Entity<K> => JSON.parse(row.body) as Entity<K>;

const duplicateName = (kind: ResourceKind, name: string) =>
  new DuplicateResourceException(`A ${kind} named '${name}' already exists`);

/**
 * Instance resources, one table for every kind with the entity as JSON. Writes rely on
 * the table's constraints, not read-then-write checks, so concurrent writers are safe.
 * Note: on Postgres a name clash in update/upsert also aborts the enclosing transaction
 * (create does not: it uses ON CONFLICT DO NOTHING).
 */
export function resourceStore(db: Kysely<Database>, d: SqlDialect): ResourceStore {
  const byKind = (instanceId: string, kind: ResourceKind) =>
    db.selectFrom('resources').where('instance_id', '=', instanceId).where('kind', '=', kind);

  /** Runs a write, turning a unique violation on the name into DuplicateResourceException. */
  const guarded = async <T>(kind: ResourceKind, entity: ResourceBase, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (err) {
      if (d.isUniqueViolation(err)) throw duplicateName(kind, entity.name);
      throw err;
    }
  };

  return {
    async get<K extends ResourceKind>(instanceId: string, kind: K, id: string) {
      const row = await byKind(instanceId, kind).select('body').where('id', '=', id).executeTakeFirst();
      return row && parse<K>(row);
    },

    async getByName<K extends ResourceKind>(instanceId: string, kind: K, name: string) {
      const row = await byKind(instanceId, kind).select('body').where('name', '=', name).executeTakeFirst();
      return row && parse<K>(row);
    },

    async list<K extends ResourceKind>(instanceId: string, kind: K, page: { limit: number; nextToken?: string }) {
      const limit = clampLimit(page.limit);
      const after = decodeCursor(kind, page.nextToken);
      let q = byKind(instanceId, kind).select(['id', 'name', 'body']);
      if (after) {
        q = q.where((eb) => eb.or([eb('name', '>', after.name), eb.and([eb('name', '=', after.name), eb('id', '>', after.id)])]));
      }
      const rows = await q
        .orderBy('name')
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return toPage(kind, rows, limit, (r) => r, parse<K>);
    },

    async all<K extends ResourceKind>(instanceId: string, kind: K) {
      const rows = await byKind(instanceId, kind).select('body').orderBy('name').orderBy('id').execute();
      return rows.map(parse<K>);
    },

    async create(instanceId, kind, entity) {
      const now = Date.now();
      // DO NOTHING instead of catching the violation: on Postgres a caught error would
      // still poison an enclosing transaction.
      const res = await db
        .insertInto('resources')
        .values({
          instance_id: instanceId,
          kind,
          id: entity.id,
          name: entity.name,
          body: JSON.stringify(entity),
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (res.numInsertedOrUpdatedRows !== 0n) return;
      const sameId = await byKind(instanceId, kind).select('name').where('id', '=', entity.id).executeTakeFirst();
      if (sameId && sameId.name !== entity.name) {
        throw new DuplicateResourceException(`A ${kind} with id '${entity.id}' already exists (creating '${entity.name}')`);
      }
      throw duplicateName(kind, entity.name);
    },

    async update(instanceId, kind, entity) {
      const res = await guarded(kind, entity, () =>
        db
          .updateTable('resources')
          .set((eb) => ({
            name: entity.name,
            body: JSON.stringify(entity),
            updated_at: Date.now(),
            version: eb('version', '+', 1),
          }))
          .where('instance_id', '=', instanceId)
          .where('kind', '=', kind)
          .where('id', '=', entity.id)
          .executeTakeFirst(),
      );
      if (res.numUpdatedRows === 0n) throw new ResourceNotFoundException(`No ${kind} with id '${entity.id}'`);
    },

    async upsert(instanceId, kind, entity) {
      const now = Date.now();
      await guarded(kind, entity, () =>
        db
          .insertInto('resources')
          .values({
            instance_id: instanceId,
            kind,
            id: entity.id,
            name: entity.name,
            body: JSON.stringify(entity),
            created_at: now,
            updated_at: now,
            version: 1,
          })
          .onConflict((oc) =>
            oc.columns(['instance_id', 'kind', 'id']).doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              body: eb.ref('excluded.body'),
              updated_at: eb.ref('excluded.updated_at'),
              version: eb('resources.version', '+', 1),
            })),
          )
          .execute(),
      );
    },

    async delete(instanceId, kind, id) {
      const res = await db
        .deleteFrom('resources')
        .where('instance_id', '=', instanceId)
        .where('kind', '=', kind)
        .where('id', '=', id)
        .executeTakeFirst();
      return res.numDeletedRows > 0n;
    },
  };
}
