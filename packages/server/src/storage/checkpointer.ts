/**
 * WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit that
 * pushes the WAL past 1,000 pages: better-sqlite3 is synchronous, so that commit copies
 * the pages into the database file and fsyncs it on the server's only thread, and every
 * request waits (measured here: 20 ms stalls, and more than half of all commit time).
 * Instead the server's connection never checkpoints, and a worker thread with its own
 * connection runs PASSIVE checkpoints, which never block the writer.
 *
 * SQLite writes the WAL from its beginning again only when a checkpoint has copied all of
 * it before the next commit. Under steady load a PASSIVE pass never catches up (commits
 * keep coming while it copies and syncs), so the WAL would grow without end: when it holds
 * more than `RESTART_FRAMES`, the worker runs a RESTART checkpoint, which waits for the
 * commit in progress, holds new ones back while it copies the little PASSIVE left, and
 * makes the next commit start the WAL over. The stall is short because PASSIVE already
 * copied nearly everything; `journal_size_limit` (dialect.ts) then trims the file.
 *
 * No library does this for better-sqlite3; its docs recommend exactly this split.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. */
const INTERVAL_MS = 200;
/** WAL frames (pages) beyond which the worker restarts the WAL: 8,192 × 4 KiB = 32 MiB. */
const RESTART_FRAMES = 8192;

// CommonJS (eval'd workers are scripts). The driver's path is resolved by the main thread:
// inside the bundle, a bare 'better-sqlite3' would resolve from the working directory.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
// RESTART waits for the server's commit in progress (a few ms at most).
db.pragma('busy_timeout = 2000');
const timer = setInterval(() => {
  try {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)');
    if (state && state.log > workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `file` in a worker. `onFailure` runs once if the worker fails (the
 * caller then lets its own connection checkpoint again, so the WAL cannot grow unbounded).
 */
export function startCheckpointer(file: string, onFailure: (err: unknown) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, driver, intervalMs: INTERVAL_MS, restartFrames: RESTART_FRAMES },
  });
  worker.unref();
  let failed = false;
  let stopping = false;
  const fail = (err: unknown) => {
    if (failed || stopping) return;
    failed = true;
    onFailure(err);
  };
  worker.on('message', (m: { error?: string }) => {
    // A busy or locked database is retried on the next tick; anything else is a failure.
    if (m.error && !/busy|locked/i.test(m.error)) fail(new Error(`WAL checkpoint: ${m.error}`));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!stopping) fail(new Error(`WAL checkpoint worker exited (${code})`));
  });
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      // A worker that does not finish in time is ended: closing must not hang.
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
