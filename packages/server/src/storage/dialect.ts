/**
 * Every difference between the SQLite and Postgres adapters lives here; queries elsewhere
 * are plain Kysely shared by both.
 */
import { type ColumnDefinitionBuilderCallback, type Expression, sql } from 'kysely';
import type pg from 'pg';

export type DialectKind = 'sqlite' | 'postgres';

export interface SqlDialect {
  readonly kind: DialectKind;
  /**
   * Column type for names we sort and page by. SQLite text compares byte-wise (BINARY);
   * Postgres would use the database locale, so we pin "C" (byte order). Both then order
   * by Unicode code point and the two backends page identically.
   */
  readonly keyText: 'text' | Expression<unknown>;
  /**
   * An integer primary key the database assigns, increasing and never reused (the event
   * log's cursor): SQLite `integer primary key autoincrement` (a rowid alias; AUTOINCREMENT
   * stops the ids of deleted rows coming back), Postgres a bigint identity column.
   */
  readonly serialKey: { readonly type: 'integer' | 'bigint'; readonly build: ColumnDefinitionBuilderCallback };
  /** True for a unique or primary-key constraint violation. */
  isUniqueViolation(err: unknown): boolean;
}

const errorCode = (err: unknown): unknown =>
  typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;

export const sqliteDialect: SqlDialect = {
  kind: 'sqlite',
  keyText: 'text',
  serialKey: { type: 'integer', build: (c) => c.primaryKey().autoIncrement() },
  isUniqueViolation: (err) => {
    const code = errorCode(err);
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },
};

export const postgresDialect: SqlDialect = {
  kind: 'postgres',
  keyText: sql`text collate "C"`,
  serialKey: { type: 'bigint', build: (c) => c.primaryKey().generatedByDefaultAsIdentity() },
  isUniqueViolation: (err) => errorCode(err) === '23505',
};

/** Pragmas applied to every SQLite connection (better-sqlite3 `db.pragma` syntax). */
export const SQLITE_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL', // durable across process crashes in WAL mode; only power loss can lose the last commits
  'foreign_keys = ON',
  'busy_timeout = 5000', // ms another process's write lock is waited for before SQLITE_BUSY
  // Bytes: a WAL that starts over is trimmed to this. Above the ~270 MB at which the
  // checkpointer makes it start over (checkpointer.ts): trimming is a truncate in the
  // committing thread, and on a disk mounted with `discard` freeing 200 MB of blocks held
  // the server's only thread for 70–80 ms (measured in bench:chat). A WAL is trimmed
  // only after something (a long reader) let it grow beyond that.
  'journal_size_limit = 536870912',
] as const;

const PG_INT8_OID = 20;

/** int8 (bigint, count(*)) values become JS numbers; our bigints are epoch ms, well within 2^53. */
const parseInt8 = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
};

/** Per-pool type parsers (pg's global `types.setTypeParser` would leak into other pools). */
export const pgTypes = (types: typeof pg.types): pg.CustomTypesConfig => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_INT8_OID && format !== 'binary'
      ? parseInt8
      : types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
});
