import type { Kysely, Selectable } from 'kysely';
import type { Database, TokensTable } from './schema.js';
import type { StoredToken, TokenStore } from './types.js';

const COLUMNS = ['token_hash', 'kind', 'instance_id', 'subject_id', 'participant_id', 'created_at', 'expires_at'] as const;

const fromRow = (r: Selectable<TokensTable>): StoredToken => ({
  tokenHash: r.token_hash,
  kind: r.kind,
  instanceId: r.instance_id,
  subjectId: r.subject_id,
  ...(r.participant_id !== null && { participantId: r.participant_id }),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** Bearer tokens by SHA-256 hash (the tokens themselves are never stored). */
export const tokenStore = (db: Kysely<Database>): TokenStore => ({
  async put(t) {
    await db
      .insertInto('tokens')
      .values({
        token_hash: t.tokenHash,
        kind: t.kind,
        instance_id: t.instanceId,
        subject_id: t.subjectId,
        participant_id: t.participantId ?? null,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
      })
      .onConflict((oc) =>
        oc.column('token_hash').doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          instance_id: eb.ref('excluded.instance_id'),
          subject_id: eb.ref('excluded.subject_id'),
          participant_id: eb.ref('excluded.participant_id'),
          created_at: eb.ref('excluded.created_at'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      )
      .execute();
  },

  async get(tokenHash) {
    const row = await db.selectFrom('tokens').select(COLUMNS).where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && fromRow(row);
  },

  async delete(tokenHash) {
    const res = await db.deleteFrom('tokens').where('token_hash', '=', tokenHash).executeTakeFirst();
    return res.numDeletedRows > 0n;
  },

  async deleteBySubject(instanceId, kind, subjectId) {
    const res = await db
      .deleteFrom('tokens')
      .where('instance_id', '=', instanceId)
      .where('kind', '=', kind)
      .where('subject_id', '=', subjectId)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  },

  async deleteExpired(now) {
    const res = await db.deleteFrom('tokens').where('expires_at', '<=', now).executeTakeFirst();
    return Number(res.numDeletedRows);
  },
});
