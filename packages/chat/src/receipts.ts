/**
 * Read and delivered receipts, sent as ChatJS sends them: each message's receipt of a kind
 * once; a delivered receipt waits a moment so that a read receipt for the same message
 * makes it unnecessary; at most one batch per `throttleMs` (the first at once).
 */
import type { SendOutput } from './client.js';

export type ReceiptKind = 'read' | 'delivered';

interface Pending {
  readonly kind: ReceiptKind;
  readonly messageId: string;
  readonly resolve: (v: SendOutput | null) => void;
  readonly reject: (e: unknown) => void;
}

export interface ReceiptOptions {
  readonly throttleMs: number;
  readonly deliveredDelayMs: number;
  readonly send: (kind: ReceiptKind, messageId: string) => Promise<SendOutput>;
}

export class ReceiptSender {
  /** `${kind}:${messageId}` → the request that sent it (or is sending it). */
  private readonly sent = new Map<string, Promise<SendOutput | null>>();
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(private readonly opts: ReceiptOptions) {}

  /** Resolves with the SendEvent answer, or null when no request was needed. */
  send(kind: ReceiptKind, messageId: string): Promise<SendOutput | null> {
    const key = `${kind}:${messageId}`;
    const known = this.sent.get(key) ?? (kind === 'delivered' ? this.sent.get(`read:${messageId}`)?.then(() => null) : undefined);
    if (known) return known;
    const p = new Promise<SendOutput | null>((resolve, reject) => {
      const pending: Pending = { kind, messageId, resolve, reject };
      if (kind === 'delivered') {
        setTimeout(() => {
          if (this.sent.get(`read:${messageId}`)) resolve(null);
          else this.enqueue(pending);
        }, this.opts.deliveredDelayMs);
      } else this.enqueue(pending);
    });
    this.sent.set(key, p);
    // A failed receipt may be sent again later.
    p.catch(() => this.sent.delete(key));
    return p;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const q of this.queue.splice(0)) q.resolve(null);
  }

  private enqueue(p: Pending): void {
    if (this.stopped) {
      p.resolve(null);
      return;
    }
    this.queue.push(p);
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.opts.throttleMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFlush = Date.now();
    const batch = this.queue.splice(0);
    for (const q of batch) {
      if (q.kind === 'delivered' && this.sent.has(`read:${q.messageId}`)) {
        q.resolve(null);
        continue;
      }
      this.opts.send(q.kind, q.messageId).then(q.resolve, q.reject);
    }
  }
}
