/**
 * The widget's rate limits at run time: token buckets (core widget/rate-limit.ts) per
 * client IP and per configuration, in memory, bounded (buckets of the least recently
 * added keys fall out first; a forgotten bucket is full again).
 *
 * The IP is the socket's remote address: X-Forwarded-For is not trusted, so behind a
 * reverse proxy every visitor shares the proxy's address (raise `perIpPerMinute`).
 */
import { type Bucket, take, type WidgetConfiguration } from '@switchboard/core';
import { BoundedMap } from '../../util/bounded-map.js';

const BUCKETS_LIMIT = 100_000;

/** What a request is counted as: starting a chat, or rating one. */
export type Limited = 'start' | 'rating';

export class WidgetLimiter {
  private readonly buckets = new BoundedMap<string, Bucket>(BUCKETS_LIMIT);

  /**
   * Counts one request of `kind` from `ip` against the widget's limits: per IP, and (for
   * starts) per configuration. Answers how long to wait when refused (ms), else 0.
   */
  take(widget: Pick<WidgetConfiguration, 'id' | 'rateLimit'>, kind: Limited, ip: string, now: number): number {
    const keys =
      kind === 'start'
        ? [
            { key: `start/ip/${widget.id}/${ip}`, perMinute: widget.rateLimit.perIpPerMinute },
            { key: `start/config/${widget.id}`, perMinute: widget.rateLimit.perConfigurationPerMinute },
          ]
        : [{ key: `rating/ip/${widget.id}/${ip}`, perMinute: widget.rateLimit.perIpPerMinute }];
    const result = take(
      keys.map((k) => ({ bucket: this.buckets.get(k.key), perMinute: k.perMinute })),
      now,
    );
    result.buckets.forEach((b, i) => {
      this.buckets.set((keys[i] as { key: string }).key, b);
    });
    return result.retryAfterMs;
  }
}
