import type { Kysely } from 'kysely';
import { agentAssignmentStore } from './agent-assignments.js';
import { agentStateStore } from './agent-states.js';
import { batchRows, kyselyBatch, type sqliteBatchWriter } from './batch.js';
import type { BatchWorker } from './batch-worker.js';
import { attachmentStore } from './attachments.js';
import { chatItemStore } from './chat-items.js';
import { configAppliedStore } from './config-applied.js';
import { contactStore } from './contacts.js';
import type { SqlDialect } from './dialect.js';
import { eventStore } from './events.js';
import { instanceStore } from './instances.js';
import { resourceStore } from './resources.js';
import type { Database } from './schema.js';
import { tokenStore } from './tokens.js';
import type { Store } from './types.js';

type SqliteBatchWriter = ReturnType<typeof sqliteBatchWriter>;

/** A Store over `db`, which may be the root Kysely instance or a transaction. */
/** How runtime batches reach SQLite: a writer thread for a file, else this thread. */
export interface SqliteBatchPaths {
  readonly sqlite?: SqliteBatchWriter;
  readonly worker?: BatchWorker;
  /** With the checkpoint worker: a commit waits while it restarts the WAL (checkpointer.ts). */
  readonly settleWal?: () => Promise<void> | undefined;
  /** Whether the next batch goes to `worker` (default: always, while it is alive). */
  readonly offload?: () => boolean;
  /** Runs when the root store closes. */
  readonly onClose?: () => void;
}

export function createStore(db: Kysely<Database>, d: SqlDialect, paths: SqliteBatchPaths = {}): Store {
  const { sqlite, worker, settleWal, offload = () => true } = paths;
  const store: Store = {
    dialect: d.kind,
    instances: instanceStore(db),
    resources: resourceStore(db, d),
    configApplied: configAppliedStore(db),
    contacts: contactStore(db),
    tokens: tokenStore(db),
    agentStates: agentStateStore(db),
    agentAssignments: agentAssignmentStore(db),
    events: eventStore(db, d.kind),
    chatItems: chatItemStore(db),
    attachments: attachmentStore(db),
    // Inside fn use only `tx`: on SQLite the root store waits for the one connection the
    // transaction holds, so touching it there deadlocks.
    transaction(fn) {
      // Kysely has no nested transactions: an inner call joins the outer one (a throw
      // that escapes the inner fn rolls back everything once it reaches the outer).
      if (db.isTransaction) return fn(store);
      return db.transaction().execute((trx) => fn(createStore(trx, d, paths)));
    },
    get batchWriter() {
      return worker?.alive && !db.isTransaction && offload() ? 'thread' : 'inline';
    },
    writeBatch(batch) {
      const settling = db.isTransaction ? undefined : settleWal?.();
      if (settling) return settling.then(() => store.writeBatch(batch));
      if (worker?.alive && !db.isTransaction && offload()) return worker.write(batchRows(batch));
      if (!db.isTransaction && sqlite) {
        try {
          if (sqlite.tryWrite(batch)) return Promise.resolve();
        } catch (err) {
          return Promise.reject(err);
        }
      }
      return kyselyBatch(store, batch);
    },
    async close() {
      if (db.isTransaction) throw new Error('close() called on a transaction-bound Store');
      paths.onClose?.();
      await worker?.stop();
      await db.destroy();
    },
  };
  return store;
}
