/**
 * Write-behind with acknowledgement: changes from many routing steps are merged and
 * written in one transaction; each caller's promise settles when its changes are
 * committed, so an API answers only after what it changed is durable. A failed commit
 * fails everything queued behind it as well (see `onFailure`).
 */
import type {
  AssignmentKey,
  EventRecord,
  RuntimeBatch,
  Store,
  StoredAgentState,
  StoredAssignment,
  StoredChatItem,
  StoredContact,
} from '../storage/types.js';

export type Batch = RuntimeBatch;

/** The shortest time between two commits under load. */
const GROUP_COMMIT_MS = 2;

/** What the persister did so far (exported on /metrics). */
export interface PersisterStats {
  commits: number;
  failures: number;
  /** Wall-clock time spent in commits. */
  seconds: number;
}

export class Persister {
  readonly stats: PersisterStats = { commits: 0, failures: 0, seconds: 0 };
  private contacts = new Map<string, StoredContact>();
  private agents = new Map<string, StoredAgentState>();
  /** The last word per assignment: its row, or its key when it was deleted. */
  private assignments = new Map<string, { readonly row: StoredAssignment } | { readonly gone: AssignmentKey }>();
  private events: EventRecord[] = [];
  private chatItems: StoredChatItem[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private running: Promise<void> | undefined;
  private scheduled = false;
  private lastRun = Number.NEGATIVE_INFINITY;

  /**
   * @param onFailure called once per failed commit, after its callers and the callers of
   *   everything queued behind it got the error: routing must then start again from what
   *   storage holds (RoutingService does).
   */
  constructor(
    private readonly store: Store,
    private readonly onError: (err: unknown) => void,
    private readonly onFailure: (err: unknown) => void = () => undefined,
  ) {}

  write(batch: Batch): Promise<void> {
    for (const c of batch.contacts ?? []) this.contacts.set(`${c.instanceId}/${c.contactId}`, c);
    for (const a of batch.agents ?? []) this.agents.set(`${a.instanceId}/${a.userId}`, a);
    for (const k of batch.assignmentDeletes ?? [])
      this.assignments.set(`${k.instanceId}/${k.userId}/${k.contactId}`, { gone: k });
    for (const row of batch.assignments ?? []) this.assignments.set(`${row.instanceId}/${row.userId}/${row.contactId}`, { row });
    if (batch.events?.length) this.events.push(...batch.events);
    if (batch.chatItems?.length) this.chatItems.push(...batch.chatItems);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return done;
  }

  /** Resolves when everything written so far is committed. */
  async flush(): Promise<void> {
    while (this.running || this.waiters.length > 0) {
      if (this.running) await this.running.catch(() => undefined);
      else await this.run();
    }
  }

  /**
   * Group commit: right away (next turn) when the last commit is older than the interval,
   * else when it is that old. Every commit appends the pages it touched to the WAL, and
   * under load the same hot pages (agents, indexes) are in every commit: a commit per
   * interval instead of per turn writes them once for many steps, at the price of at most
   * `GROUP_COMMIT_MS` of latency.
   */
  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.run();
    };
    const wait = this.lastRun + GROUP_COMMIT_MS - performance.now();
    if (wait <= 0) setImmediate(go);
    else setTimeout(go, wait);
  }

  /** Takes everything written since the last take, leaving the persister empty. */
  private take(): { batch: Batch; waiters: Persister['waiters'] } {
    const assignments: StoredAssignment[] = [];
    const assignmentDeletes: AssignmentKey[] = [];
    for (const a of this.assignments.values()) {
      if ('row' in a) assignments.push(a.row);
      else assignmentDeletes.push(a.gone);
    }
    const batch = {
      contacts: [...this.contacts.values()],
      agents: [...this.agents.values()],
      assignments,
      assignmentDeletes,
      events: this.events,
      chatItems: this.chatItems,
    };
    const waiters = this.waiters;
    this.contacts = new Map();
    this.agents = new Map();
    this.assignments = new Map();
    this.events = [];
    this.chatItems = [];
    this.waiters = [];
    return { batch, waiters };
  }

  private run(): Promise<void> {
    if (this.running) return this.running;
    this.lastRun = performance.now();
    const { batch, waiters } = this.take();
    const started = performance.now();
    const work = this.store
      .writeBatch(batch)
      .then(
        () => {
          this.stats.commits++;
          this.stats.seconds += (performance.now() - started) / 1000;
          for (const w of waiters) w.resolve();
        },
        (err: unknown) => {
          this.stats.failures++;
          this.stats.seconds += (performance.now() - started) / 1000;
          this.onError(err);
          for (const w of waiters) w.reject(err);
          // What was queued meanwhile was decided on top of the changes that are now lost:
          // it is dropped too, and its callers get the same error.
          for (const w of this.take().waiters) w.reject(err);
          this.onFailure(err);
        },
      )
      .finally(() => {
        this.running = undefined;
        if (this.waiters.length > 0) this.schedule();
      });
    this.running = work;
    return work;
  }
}
