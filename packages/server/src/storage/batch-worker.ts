/**
 * Runtime batches written by a thread of their own. better-sqlite3 is synchronous: on the
 * server's thread every commit (the rows, then the WAL append) stops all requests and
 * sockets for its duration, about a fifth of the thread's time under load. Here the server
 * thread posts each batch's rows and awaits the answer, so a step is still durable before
 * anyone is answered, but the event loop serves others meanwhile.
 *
 * The thread has its own connection to the same file (WAL: the server's connection reads
 * while it writes). Only this thread writes the runtime tables while it runs; the server's
 * connection begins its own transactions IMMEDIATE (db.ts), so a transaction there cannot
 * read, see this thread commit, and then fail to write (SQLITE_BUSY_SNAPSHOT).
 *
 * Measured with `npm run bench:routing -- --only switchboard` (alternating runs, ≤ 4 %
 * steal): 1,446–1,447 decisions/s with the thread against 1,152–1,282 without, at the same
 * server CPU per decision (0.83 ms). It was tried once before and reverted, when this VM's
 * halted vCPUs made every cross-thread wake-up wait for the hypervisor (README, Performance).
 *
 * No library runs better-sqlite3 statements on a worker thread for us; this is the small
 * protocol: `{id, rows}` in, `{id}` or `{id, error}` out, `'stop'` to finish.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { BATCH_SQL, type BatchRows } from './batch.js';

// CommonJS: eval'd workers are scripts. The driver's path comes from the server's thread
// (inside the bundle, a bare 'better-sqlite3' would resolve from the working directory).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
for (const p of workerData.pragmas) db.pragma(p);
// BATCH_SQL: each statement named after its rows, run in its order.
const statements = Object.entries(workerData.sql).map(([name, sql]) => [name, db.prepare(sql)]);
const write = db.transaction((rows) => {
  for (const [name, statement] of statements) for (const r of rows[name]) statement.run(r);
});
parentPort.on('message', (m) => {
  if (m === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    write(m.rows);
    parentPort.postMessage({ id: m.id });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err), code: err && err.code });
  }
});
parentPort.postMessage({ ready: true });
`;

export interface BatchWorker {
  /** Resolves once the rows are committed; rejects with the database's error. */
  write(rows: BatchRows): Promise<void>;
  /** Whether the thread still serves (false after it failed or stopped). */
  readonly alive: boolean;
  /** Waits for the writes in flight, then ends the thread. */
  stop(): Promise<void>;
}

/** Starts the writer thread for `file` (already migrated: the statements are prepared at once). */
export function startBatchWorker(file: string, pragmas: readonly string[], onFailure: (err: unknown) => void): BatchWorker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, pragmas: [...pragmas], sql: BATCH_SQL } });
  worker.unref();
  const pending = new Map<number, { resolve: () => void; reject: (err: unknown) => void }>();
  const inflight = new Set<Promise<void>>();
  let nextId = 1;
  let alive = true;
  let stopping = false;
  const fail = (err: unknown) => {
    if (!alive) return;
    alive = false;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    if (!stopping) onFailure(err);
  };
  worker.on('message', (m: { id?: number; error?: string; code?: string }) => {
    if (m.id === undefined) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.error === undefined) p?.resolve();
    else p?.reject(Object.assign(new Error(m.error), m.code ? { code: m.code } : {}));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the batch writer thread exited (${code})`)));
  return {
    get alive() {
      return alive;
    },
    write(rows) {
      if (!alive) return Promise.reject(new Error('the batch writer thread is not running'));
      const id = nextId++;
      // Referenced while a write is in flight: the process must not exit before it commits.
      worker.ref();
      const written = new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, rows });
      });
      inflight.add(written);
      const done = () => void inflight.delete(written);
      written.then(done, done);
      return written;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      await Promise.allSettled([...inflight]);
      if (!alive) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      // A thread that does not finish in time is ended: closing must not hang.
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
