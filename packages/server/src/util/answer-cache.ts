/**
 * The answers of the last `capacity` idempotent requests (an item's `Id` and
 * `AbsoluteTime`, by a 16-byte digest of who asked what), kept in typed arrays.
 *
 * Why not a Map of strings and objects (BoundedMap): at 3,000 chat messages/s every entry
 * outlives a young-generation collection and dies in the old one, so a Map-based cache
 * turned ~1 MB/s into old-space garbage (a key with the message's text, an entry, an
 * answer object and its strings): measured, four major collections in a 20 s chat bench
 * instead of one, each stalling the event loop for 20–50 ms on this 2-core machine. Here an
 * entry allocates nothing on the JavaScript heap. No library keeps a bounded,
 * insertion-ordered table off the heap, so this is an open-addressing table (linear
 * probing, deletion by backward shift) over a ring of slots.
 *
 * Values that do not pack (an `Id` that is not a lower-case UUID, an `AbsoluteTime` that
 * is not the canonical ISO form of its instant) are kept as they are, beside the slots.
 */
import { toAbsoluteTime } from '@switchboard/core';

export interface Answer {
  readonly Id: string;
  readonly AbsoluteTime: string;
}

const DIGEST_BYTES = 16;
const ID_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class AnswerCache {
  /** Slot s's digest at s × 16. */
  private readonly digests: Uint8Array;
  /** Slot s's Id as 16 bytes (when it packs). */
  private readonly ids: Uint8Array;
  /** Slot s's AbsoluteTime as epoch ms (when it packs). */
  private readonly times: Float64Array;
  /** Slots whose answer did not pack. */
  private readonly unpacked = new Map<number, Answer>();
  /** Hash table: bucket → slot + 1 (0 = empty). */
  private readonly table: Int32Array;
  private readonly mask: number;
  private insertions = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.digests = new Uint8Array(capacity * DIGEST_BYTES);
    this.ids = new Uint8Array(capacity * ID_BYTES);
    this.times = new Float64Array(capacity);
    // At most half full, so probes stay short.
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Entries held. */
  get size(): number {
    return Math.min(this.insertions, this.capacity);
  }

  get(digest: Uint8Array): Answer | undefined {
    const slot = this.find(checked(digest));
    return slot < 0 ? undefined : this.answerAt(slot);
  }

  /** Adds an answer, or replaces the answer of a digest it holds (which keeps its place). */
  set(digest: Uint8Array, answer: Answer): void {
    const held = this.find(checked(digest));
    if (held >= 0) {
      this.write(held, answer);
      return;
    }
    const slot = this.insertions % this.capacity;
    if (this.insertions >= this.capacity) this.evict(slot);
    this.digests.set(digest.subarray(0, DIGEST_BYTES), slot * DIGEST_BYTES);
    this.write(slot, answer);
    let b = this.bucketOf(slot);
    while (this.table[b] !== 0) b = (b + 1) & this.mask;
    this.table[b] = slot + 1;
    this.insertions++;
  }

  private bucketOf(slot: number): number {
    const o = slot * DIGEST_BYTES;
    const d = this.digests;
    return ((d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >>> 0) & this.mask;
  }

  /** The slot holding `digest`, or -1. */
  private find(digest: Uint8Array): number {
    let b = ((digest[0]! | (digest[1]! << 8) | (digest[2]! << 16) | (digest[3]! << 24)) >>> 0) & this.mask;
    for (;;) {
      const entry = this.table[b]!;
      if (entry === 0) return -1;
      if (this.sameDigest(entry - 1, digest)) return entry - 1;
      b = (b + 1) & this.mask;
    }
  }

  private sameDigest(slot: number, digest: Uint8Array): boolean {
    const o = slot * DIGEST_BYTES;
    for (let i = 0; i < DIGEST_BYTES; i++) if (this.digests[o + i] !== digest[i]) return false;
    return true;
  }

  /** Takes the slot's entry out of the table, shifting later entries of its probe run back. */
  private evict(slot: number): void {
    this.unpacked.delete(slot);
    let hole = this.bucketOf(slot);
    while (this.table[hole] !== slot + 1) hole = (hole + 1) & this.mask;
    let j = hole;
    for (;;) {
      j = (j + 1) & this.mask;
      const entry = this.table[j]!;
      if (entry === 0) break;
      const home = this.bucketOf(entry - 1);
      // The entry at j may move into the hole only if its home is not cyclically in (hole, j].
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      this.table[hole] = entry;
      hole = j;
    }
    this.table[hole] = 0;
  }

  private write(slot: number, answer: Answer): void {
    const ms = Date.parse(answer.AbsoluteTime);
    if (!UUID.test(answer.Id) || !Number.isFinite(ms) || toAbsoluteTime(ms) !== answer.AbsoluteTime) {
      this.unpacked.set(slot, { Id: answer.Id, AbsoluteTime: answer.AbsoluteTime });
      return;
    }
    this.unpacked.delete(slot);
    this.ids.set(Buffer.from(answer.Id.replaceAll('-', ''), 'hex'), slot * ID_BYTES);
    this.times[slot] = ms;
  }

  private answerAt(slot: number): Answer {
    const odd = this.unpacked.get(slot);
    if (odd) return odd;
    const hex = Buffer.from(this.ids.buffer, this.ids.byteOffset + slot * ID_BYTES, ID_BYTES).toString('hex');
    const Id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { Id, AbsoluteTime: toAbsoluteTime(this.times[slot]!) };
  }
}

function checked(digest: Uint8Array): Uint8Array {
  if (digest.length < DIGEST_BYTES) throw new RangeError(`a digest needs at least ${DIGEST_BYTES} bytes, got ${digest.length}`);
  return digest;
}
