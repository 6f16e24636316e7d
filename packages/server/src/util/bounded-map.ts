/**
 * A map that keeps what the last `limit` insertions added, forgetting older entries, in
 * constant time. (Evicting with `map.delete(map.keys().next().value)` is not: V8 leaves a
 * hole for every deleted entry until the table is next rebuilt, and the iterator walks
 * over all of them, so on a full 50,000-entry map each eviction cost tens of µs.)
 */
export class BoundedMap<K, V> {
  /** Each entry with the number of the insertion that added it. */
  private readonly map = new Map<K, { value: V; added: number }>();
  /** The keys of the last `limit` insertions: insertion n at n % limit. */
  private readonly ring: K[] = [];
  private insertions = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  /** Adds, or replaces the value of a key it holds (which keeps its place in the order). */
  set(key: K, value: V): void {
    const held = this.map.get(key);
    if (held) {
      held.value = value;
      return;
    }
    const slot = this.insertions % this.limit;
    if (this.insertions >= this.limit) {
      // The insertion `limit` ago falls out, unless its key was deleted (and maybe added again) since.
      const old = this.ring[slot] as K;
      if (this.map.get(old)?.added === this.insertions - this.limit) this.map.delete(old);
    }
    this.ring[slot] = key;
    this.map.set(key, { value, added: this.insertions });
    this.insertions++;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }
}
