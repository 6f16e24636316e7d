/**
 * Chats that end by themselves (ChatDurationInMinutes): the expiry times of an instance's
 * chats, soonest first, and the one timer that ends those due.
 */
import type { Effects, RoutingEngine, RoutingEvent } from '@switchboard/core';
import type { ContactDoc } from './contact-doc.js';

/** What the expiries need of their instance's routing (an InstanceRouting). */
export interface ExpiringRouting {
  readonly docs: ReadonlyMap<string, ContactDoc>;
  readonly engine: RoutingEngine;
  step(events: readonly RoutingEvent[]): Promise<readonly Effects[]>;
}

export class ChatExpiries {
  /** Chats that end by themselves (ChatDurationInMinutes), soonest first. */
  expiries: { readonly at: number; readonly contactId: string }[] = [];
  /** Entries in `expiries` of contacts already forgotten (see dropStaleExpiries). */
  private staleExpiries = 0;
  private expiryTimer: NodeJS.Timeout | undefined;
  private expiryAt: number | undefined;
  private closed = false;

  constructor(
    private readonly ir: ExpiringRouting,
    private readonly deps: { readonly now: () => number; readonly onError: (err: unknown) => void },
  ) {}

  /** No more timers: the routing closed. */
  close(): void {
    this.closed = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }

  addExpiry(at: number, contactId: string): void {
    const list = this.expiries;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.at ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, { at, contactId });
    this.scheduleExpiry();
  }

  /**
   * A forgotten chat's expiry leaves the list with the others of its kind, once they are
   * half of it: one pass for many, where removing each at once moved the whole list (the
   * oldest expiries are at its front).
   */
  dropStaleExpiries(): void {
    if (++this.staleExpiries * 2 < this.expiries.length) return;
    this.expiries = this.expiries.filter((e) => this.ir.docs.has(e.contactId));
    this.staleExpiries = 0;
  }

  private scheduleExpiry(): void {
    if (this.closed) return;
    const at = this.expiries[0]?.at;
    if (at === this.expiryAt) return;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.expiryAt = at;
    if (at === undefined) return;
    this.expiryTimer = setTimeout(() => this.expireDue(), Math.max(0, Math.min(at - this.deps.now(), 2 ** 31 - 1)));
    this.expiryTimer.unref?.();
  }

  /** Ends the chats whose duration ran out (reason EXPIRED). */
  expireDue(): void {
    this.expiryTimer = undefined;
    this.expiryAt = undefined;
    const now = this.deps.now();
    const due: RoutingEvent[] = [];
    while ((this.expiries[0]?.at ?? Number.POSITIVE_INFINITY) <= now) {
      const e = this.expiries.shift();
      if (e && this.ir.engine.contact(e.contactId)) due.push({ type: 'contact.end', contactId: e.contactId, reason: 'EXPIRED' });
    }
    this.scheduleExpiry();
    if (due.length) this.ir.step(due).catch(this.deps.onError);
  }
}
