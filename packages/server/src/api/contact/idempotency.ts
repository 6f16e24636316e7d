/**
 * ClientToken idempotency for the contact operations: the same token on the same
 * instance within 7 days answers what the first call answered, without doing it again.
 * Kept in memory, independent of any InstanceRouting; concurrent retries share the first
 * call's promise; a failed call is forgotten so it can be retried. Bounded: the oldest
 * entries go first (the SDK fills a fresh token into every call, so every StartChatContact
 * adds one).
 */
export const IDEMPOTENCY_WINDOW_MS = 7 * 24 * 3600_000;
export const MAX_ENTRIES = 100_000;

interface Entry<T> {
  readonly at: number;
  readonly answer: Promise<T>;
}

export class IdempotencyCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly windowMs = IDEMPOTENCY_WINDOW_MS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  private static key(instanceId: string, token: string): string {
    return `${instanceId}\u0000${token}`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The answer remembered for this token, if it is still within the window. */
  get(instanceId: string, token: string, now: number): Promise<T> | undefined {
    const e = this.entries.get(IdempotencyCache.key(instanceId, token));
    return e && now - e.at < this.windowMs ? e.answer : undefined;
  }

  /** Remembers an answer found elsewhere (e.g. a live contact document after a restart). */
  remember(instanceId: string, token: string, at: number, answer: T): void {
    this.put(IdempotencyCache.key(instanceId, token), { at, answer: Promise.resolve(answer) }, at);
  }

  /**
   * Runs `fn` once per (instance, token) within the window; later calls with the same
   * token get its answer. Without a token, just runs `fn`.
   */
  run(instanceId: string, token: string | undefined, now: number, fn: () => Promise<T>): Promise<T> {
    if (token === undefined) return fn();
    const existing = this.get(instanceId, token, now);
    if (existing) return existing;
    const key = IdempotencyCache.key(instanceId, token);
    const answer = fn();
    const entry = { at: now, answer };
    this.put(key, entry, now);
    answer.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return answer;
  }

  private put(key: string, entry: Entry<T>, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Insertion order is (nearly) time order: expired and excess entries are at the front.
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && now - e.at < this.windowMs) break;
      this.entries.delete(k);
    }
  }
}
