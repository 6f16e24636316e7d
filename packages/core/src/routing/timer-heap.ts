/**
 * The routing engine's timers (offer timeouts, after-contact work, queue delays, scheduled
 * tasks, task expiries), soonest first. The engine pushes one whenever it sets a deadline
 * and skips those no longer live.
 */
import type { Millis } from './types.js';

export type Timer =
  | { readonly at: Millis; readonly kind: 'offer'; readonly agentId: string; readonly contactId: string }
  | { readonly at: Millis; readonly kind: 'acw'; readonly agentId: string; readonly contactId: string }
  | { readonly at: Millis; readonly kind: 'delay'; readonly contactId: string }
  | { readonly at: Millis; readonly kind: 'scheduled'; readonly contactId: string }
  | { readonly at: Millis; readonly kind: 'expiry_warning'; readonly contactId: string }
  | { readonly at: Millis; readonly kind: 'expiry'; readonly contactId: string };

/**
 * A binary min-heap of timers by `at`. Hand-written: the core has no dependencies, and
 * this is the one structure it needs; stale entries are skipped when they surface.
 */
export class TimerHeap {
  private readonly items: Timer[] = [];
  push(t: Timer): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as Timer).at <= t.at) break;
      a[i] = a[p] as Timer;
      i = p;
    }
    a[i] = t;
  }
  peek(): Timer | undefined {
    return this.items[0];
  }
  pop(): Timer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && (a[r] as Timer).at < (a[l] as Timer).at ? r : l;
      if ((a[c] as Timer).at >= last.at) break;
      a[i] = a[c] as Timer;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
