/**
 * Versioned schema migrations, defined in code (nothing is read from disk at runtime).
 * To change the schema add `0002_<what>.ts` exporting a SchemaMigration and list it in
 * MIGRATIONS below; never edit a migration that has shipped.
 */
import { type Kysely, type Migration, type MigrationResult, Migrator } from 'kysely';
import type { SqlDialect } from '../dialect.js';
import { initial } from './0001_initial.js';
import { runtime } from './0002_runtime.js';
import { chat } from './0003_chat.js';
import { attachments } from './0004_attachments.js';
import { sqliteRowidKeys } from './0005_sqlite_rowid_keys.js';
import { agentAssignments } from './0006_agent_assignments.js';

/** Migrations must not depend on today's schema types, so they see an untyped database. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's documented type for migrations
export type AnyDb = Kysely<any>;

/** Like Kysely's Migration, plus the dialect for the few places DDL must differ. */
export interface SchemaMigration {
  up(db: AnyDb, d: SqlDialect): Promise<void>;
  down(db: AnyDb, d: SqlDialect): Promise<void>;
}

/** Applied in key order (Kysely sorts by name), so keep the zero-padded prefix. */
export const MIGRATIONS: Readonly<Record<string, SchemaMigration>> = {
  '0001_initial': initial,
  '0002_runtime': runtime,
  '0003_chat': chat,
  '0004_attachments': attachments,
  '0005_sqlite_rowid_keys': sqliteRowidKeys,
  '0006_agent_assignments': agentAssignments,
};

const bind = (d: SqlDialect): Record<string, Migration> =>
  Object.fromEntries(
    Object.entries(MIGRATIONS).map(([name, m]): [string, Migration] => [
      name,
      { up: (db) => m.up(db, d), down: (db) => m.down(db, d) },
    ]),
  );

export const migrator = (db: AnyDb, d: SqlDialect): Migrator =>
  new Migrator({ db, provider: { getMigrations: async () => bind(d) } });

/** Brings the schema up to date; throws the first failure (its migration is rolled back). */
export async function migrateToLatest(db: AnyDb, d: SqlDialect): Promise<readonly MigrationResult[]> {
  const { error, results = [] } = await migrator(db, d).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`storage migration ${failed} failed: ${String(error instanceof Error ? error.message : error)}`, {
      cause: error,
    });
  }
  return results;
}
