import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { BoundedMap } from '../util/bounded-map.js';
import { sqliteBatchWriter } from './batch.js';
import { startBatchWorker } from './batch-worker.js';
import { type Checkpointer, startCheckpointer } from './checkpointer.js';
import { SQLITE_PRAGMAS, type SqlDialect, pgTypes, postgresDialect, sqliteDialect } from './dialect.js';
import { migrateToLatest } from './migrations/index.js';
import type { Database } from './schema.js';
import { createStore } from './store.js';
import type { StorageOptions, Store } from './types.js';

/** The slice of a pino logger the storage layer uses. */
export interface StorageLogger {
  info(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
}

const isFile = (file: string) => file !== '' && file !== ':memory:' && !file.startsWith('file:');

/**
 * Kysely prepares every query anew; with better-sqlite3 preparing costs more than running
 * a small statement. Kysely's queries are a fixed set of SQL strings (values are bound),
 * so a bounded cache of prepared statements serves nearly all of them. (SQLite re-prepares
 * a cached statement by itself after a schema change.)
 */
function withStatementCache(db: SqliteDatabase.Database, onClose: () => void, max = 500) {
  const cache = new BoundedMap<string, SqliteDatabase.Statement>(max);
  return {
    close: () => {
      onClose();
      db.close();
    },
    prepare(sql: string): SqliteDatabase.Statement {
      let stmt = cache.get(sql);
      if (stmt === undefined) {
        // Kysely begins with a plain (deferred) BEGIN. With the batch writer thread also
        // writing (batch-worker.ts), a deferred transaction that reads and then writes fails
        // with SQLITE_BUSY_SNAPSHOT if the thread committed in between; IMMEDIATE takes the
        // write lock first (waiting busy_timeout for the thread's commit to finish).
        stmt = db.prepare(sql === 'begin' ? 'begin immediate' : sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

const warn = (log: StorageLogger | undefined, msg: string, err: unknown): void => {
  if (log?.warn) log.warn({ err }, msg);
  else process.emitWarning(`${msg}: ${err instanceof Error ? err.message : String(err)}`);
};

// pg is loaded only when Postgres is used: it is a fifth of the embedded start-up time.
async function connect(
  opts: StorageOptions,
  log?: StorageLogger,
): Promise<{
  dialect: Dialect;
  sql: SqlDialect;
  batch?: ReturnType<typeof sqliteBatchWriter>;
  settleWal?: () => Promise<void> | undefined;
}> {
  if (opts.kind === 'sqlite') {
    const file = isFile(opts.file);
    if (file) mkdirSync(dirname(opts.file), { recursive: true });
    const database = new SqliteDatabase(opts.file);
    for (const pragma of SQLITE_PRAGMAS) database.pragma(pragma);
    let checkpointer: Checkpointer | undefined;
    if (file) {
      // Checkpoints run in a worker (checkpointer.ts); if it fails, this connection takes over.
      database.pragma('wal_autocheckpoint = 0');
      checkpointer = startCheckpointer(opts.file, (err) => {
        warn(log, 'WAL checkpoints fall back to the main connection', err);
        if (database.open) database.pragma('wal_autocheckpoint = 1000');
      });
    }
    const onClose = () => void checkpointer?.stop();
    const settleWal = checkpointer ? () => checkpointer?.settle() : undefined;
    return {
      dialect: new SqliteDialect({ database: withStatementCache(database, onClose) }),
      sql: sqliteDialect,
      batch: sqliteBatchWriter(database),
      ...(settleWal ? { settleWal } : {}),
    };
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: opts.url, types: pgTypes(pg.types) });
  return { dialect: new PostgresDialect({ pool }), sql: postgresDialect };
}

/** How often, and above which share of busy time, loopPressure calls the event loop busy. */
const PRESSURE_WINDOW_MS = 100;
const PRESSURE_BUSY = 0.9;

/**
 * Whether this thread's event loop was busy (event loop utilisation) for at least
 * PRESSURE_BUSY of the last window. The writer thread frees the loop of SQLite's share of a
 * commit, but costs CPU of its own: posting the rows, the other thread's wake-ups, a
 * second copy of each row (bench:chat at 3,050 msgs/s: ≈ 0.28 ms of CPU per message with
 * the thread, ≈ 0.25 inline). So it pays only while the loop is the bottleneck, as in
 * bench:routing (1,446–1,447 decisions/s with it, 1,152–1,282 without); below that,
 * commits stay inline. Batches are committed one at a time (persister.ts), so switching
 * between the two connections keeps their order.
 */
function loopPressure(): { readonly busy: boolean; stop(): void } {
  let last = performance.eventLoopUtilization();
  let busy = false;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    busy = performance.eventLoopUtilization(now, last).utilization >= PRESSURE_BUSY;
    last = now;
  }, PRESSURE_WINDOW_MS);
  timer.unref();
  return {
    get busy() {
      return busy;
    },
    stop: () => clearInterval(timer),
  };
}

/** Opens the database (creating the SQLite file and its directory if needed) and migrates it. */
export async function openStore(opts: StorageOptions, log?: StorageLogger): Promise<Store> {
  const { dialect, sql, batch, settleWal } = await connect(opts, log);
  const db = new Kysely<Database>({ dialect });
  try {
    const results = await migrateToLatest(db, sql);
    for (const r of results) log?.info({ migration: r.migrationName, direction: r.direction }, 'storage migration applied');
  } catch (err) {
    await db.destroy();
    throw err;
  }
  // Never log the Postgres URL: it may carry a password.
  log?.info(opts.kind === 'sqlite' ? { dialect: 'sqlite', file: opts.file } : { dialect: 'postgres' }, 'storage open');
  // Runtime batches go to a writer thread (batch-worker.ts) for a file while this thread's
  // event loop is busy; if the thread fails, this thread writes them again.
  const worker =
    opts.kind === 'sqlite' && isFile(opts.file)
      ? startBatchWorker(opts.file, SQLITE_PRAGMAS, (err) => warn(log, 'runtime batches fall back to the main connection', err))
      : undefined;
  const pressure = worker && opts.kind === 'sqlite' && opts.batchThread !== 'thread' ? loopPressure() : undefined;
  return createStore(db, sql, {
    ...(batch ? { sqlite: batch } : {}),
    ...(worker ? { worker } : {}),
    ...(settleWal ? { settleWal } : {}),
    ...(pressure ? { offload: () => pressure.busy, onClose: () => pressure.stop() } : {}),
  });
}
