/**
 * A SQLite database migrated exactly up to one migration (recorded the way Kysely's
 * Migrator records it), to test that a later migration upgrades it and keeps its data.
 */
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { SQLITE_PRAGMAS, sqliteDialect } from '../src/storage/dialect.js';
import { MIGRATIONS } from '../src/storage/migrations/index.js';
import type { StorageOptions } from '../src/storage/types.js';
import { backends } from './backends.js';

export async function sqliteMigratedTo(last: string): Promise<{
  readonly opts: Extract<StorageOptions, { kind: 'sqlite' }>;
  /** Untyped, as migrations see it: for seeding rows in the old schema. Destroy it before opening a store. */
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees an untyped database
  readonly db: Kysely<any>;
  /** The migrations applied, in order. */
  readonly applied: readonly string[];
}> {
  const opts = await backends[0]!.fresh();
  if (opts.kind !== 'sqlite') throw new Error('backends[0] should be sqlite');
  const names = Object.keys(MIGRATIONS);
  const upTo = names.slice(0, names.indexOf(last) + 1);
  if (upTo.length === 0) throw new Error(`no migration ${last}`);
  const database = new SqliteDatabase(opts.file);
  for (const pragma of SQLITE_PRAGMAS) database.pragma(pragma);
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees an untyped database
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database }) });
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(upTo.map((n) => [n, { up: (d: Kysely<unknown>) => MIGRATIONS[n]!.up(d, sqliteDialect) }])),
    },
  });
  const r = await migrator.migrateToLatest();
  if (r.error) throw r.error;
  return { opts, db, applied: (r.results ?? []).map((x) => x.migrationName) };
}
