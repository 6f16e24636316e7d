/**
 * Exactly once, in transcript order, across reconnects — the bookkeeping, with no I/O.
 *
 * While connected, items come from the socket in the order the server commits them and are
 * handed on unless already handed on (a secondary socket, a rotation, an echo of the
 * transcript). When the socket is lost the ledger is paused: what still arrives is held.
 * After the new socket has subscribed, the session reads the transcript FORWARD from the
 * last stored item it handed on and feeds each page here (oldest first): items not yet seen
 * go out in that order. Then `resume()` releases what the new socket brought meanwhile,
 * less what the transcript already gave. Everything the socket holds was committed after
 * the subscription, so it is newer than the transcript pages read after it: the order holds.
 */
import type { Item } from './client.js';
import { isStoredItem } from './constants.js';

/** The identity of an item: its Id, except for Lex streaming chunks, which share one. */
export const itemKey = (item: Item): string => {
  const m = item.MessageMetadata;
  return m?.MessageCompleted === false ? `${item.Id}#${m.ChunkNumber ?? ''}` : item.Id;
};

export class DeliveryLedger {
  private readonly seen = new Set<string>();
  private held: Item[] | undefined;
  private lastStored: string | undefined;

  /** The Id of the newest stored item handed on: where a catch-up reads from. */
  get lastStoredId(): string | undefined {
    return this.lastStored;
  }

  get paused(): boolean {
    return this.held !== undefined;
  }

  /** Whether an item was handed on already (for history that must leave those out). */
  delivered(item: Item): boolean {
    return this.seen.has(itemKey(item));
  }

  /** An item from the socket: what to hand on now (nothing while paused, or if seen). */
  fromSocket(item: Item): Item[] {
    if (this.held) {
      this.held.push(item);
      return [];
    }
    return this.take(item) ? [item] : [];
  }

  /** The socket is gone: hold what still comes until the catch-up is over. */
  pause(): void {
    this.held ??= [];
  }

  /** A page of the catch-up (oldest first): the items not handed on yet, in that order. */
  fromTranscript(items: readonly Item[]): Item[] {
    return items.filter((i) => this.take(i));
  }

  /** Catch-up over: what was held, less what was seen, in arrival order. */
  resume(): Item[] {
    const held = this.held ?? [];
    this.held = undefined;
    return held.filter((i) => this.take(i));
  }

  /**
   * Items handed to the application another way (history it loaded): the socket and the
   * catch-up will not hand them on again. Where a catch-up starts is left as it is.
   */
  claim(items: readonly Item[]): Item[] {
    const fresh: Item[] = [];
    for (const i of items) {
      const key = itemKey(i);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      fresh.push(i);
    }
    return fresh;
  }

  /** Marks a stored item as the catch-up start without handing it on (the baseline at connect). */
  markBaseline(item: Item | undefined): void {
    if (item && this.lastStored === undefined && isStoredItem(item)) this.lastStored = item.Id;
  }

  private take(item: Item): boolean {
    const key = itemKey(item);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (isStoredItem(item) && item.MessageMetadata?.MessageCompleted !== false) this.lastStored = item.Id;
    return true;
  }
}
