/**
 * WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit that
 * pushes the WAL past 1,000 pages: better-sqlite3 is synchronous, so that commit copies
 * the pages into the database file and fsyncs it on the server's only thread, and every
 * request waits (measured here: 20 ms stalls, and more than half of all commit time).
 * Instead the server's connection never checkpoints, and a worker thread with its own
 * connection runs PASSIVE checkpoints, which never block the writer.
 *
 * SQLite writes the WAL from its beginning again only when a checkpoint has copied all of
 * it before the next commit begins. Under steady load a PASSIVE pass never gets there
 * (commits keep coming while it copies and syncs), and the WAL grew without end (750 MB
 * for 100 MB of rows in a test). A RESTART checkpoint would get there by holding commits
 * back, but the server's thread then sleeps in SQLite's busy handler: measured, p50 went
 * from 17 to 120–570 ms at 800 chats/s. So the writer cooperates instead: once the WAL
 * holds more than `RESTART_FRAMES`, {@link Checkpointer.settle} makes the next commit wait
 * (asynchronously: the event loop goes on) for one PASSIVE pass with no commit running,
 * which copies everything; that commit then starts the WAL over, writing the file from its
 * beginning again (not trimming it: `journal_size_limit` in dialect.ts). The threshold is
 * high because a paused commit holds up every answer waiting on it: a client with few
 * connections (the benches) can fall behind. Each start-over also costs a sync of the WAL's
 * new header in the committing thread (SQLite does it even at synchronous = NORMAL).
 *
 * No library does this for better-sqlite3; its docs recommend the checkpointing split.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. */
const INTERVAL_MS = 200;
/**
 * WAL frames (pages) beyond which the next commit waits for a full pass: 65,536 × 4 KiB =
 * 256 MiB. The wait is one pass with its two fsyncs (10–20 ms measured); at the heaviest
 * load measured (3,000 chat messages/s, ~30 MB of WAL a second) that is once in 8 s.
 */
const RESTART_FRAMES = 65_536;
/** A commit never waits longer than this for the pass. */
const SETTLE_TIMEOUT_MS = 1000;

// CommonJS (eval'd workers are scripts). The driver's path is resolved by the main thread:
// inside the bundle, a bare 'better-sqlite3' would resolve from the working directory.
// Every pass reports {log, checkpointed}: frames in the WAL, frames copied.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const pass = (requested) => {
  try {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ log: state.log, checkpointed: state.checkpointed, requested });
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err), requested });
  }
};
const timer = setInterval(() => pass(false), workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'pass') return pass(true);
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /**
   * Undefined when a commit may go ahead; while the WAL is over `RESTART_FRAMES`, a promise
   * that settles once a pass copied all of it (or after a second at most). Commits must
   * not start while it is pending.
   */
  settle(): Promise<void> | undefined;
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
  /** Frames in the WAL at the last pass. */
  let log = 0;
  let settling: { readonly promise: Promise<void>; readonly done: () => void } | undefined;
  const fail = (err: unknown) => {
    if (failed || stopping) return;
    failed = true;
    settling?.done();
    onFailure(err);
  };
  worker.on('message', (m: { error?: string; log?: number; checkpointed?: number; requested?: boolean }) => {
    // A busy or locked database is retried on the next pass; anything else is a failure.
    if (m.error && !/busy|locked/i.test(m.error)) fail(new Error(`WAL checkpoint: ${m.error}`));
    if (m.log !== undefined) log = m.log;
    if (!m.requested || !settling) return;
    // Asked for while no commit ran: all copied, unless another connection wrote meanwhile.
    if (m.log !== undefined && m.log === m.checkpointed) settling.done();
    else worker.postMessage('pass');
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!stopping) fail(new Error(`WAL checkpoint worker exited (${code})`));
  });
  return {
    settle() {
      if (failed || stopping || log <= RESTART_FRAMES) return undefined;
      if (!settling) {
        let done = () => {};
        const promise = new Promise<void>((resolve) => {
          const timer = setTimeout(() => done(), SETTLE_TIMEOUT_MS);
          done = () => {
            clearTimeout(timer);
            settling = undefined;
            log = 0;
            resolve();
          };
        });
        settling = { promise, done };
        worker.postMessage('pass');
      }
      return settling.promise;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      settling?.done();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      // A worker that does not finish in time is ended: closing must not hang.
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
