/**
 * Rate limits as token buckets: a limit of N per minute holds N tokens, refilled at N a
 * minute (one every 60/N s); a request takes one. A burst of N passes at once, then one
 * every 60/N s. Pure: the buckets are state, the request is the event, `now` the clock;
 * the server keeps the buckets (a bounded map) and persists nothing.
 */
import type { Millis } from '../routing/types.js';

export interface Bucket {
  /** Tokens left at `at` (fractional). */
  readonly tokens: number;
  readonly at: Millis;
}

export interface Take {
  readonly allowed: boolean;
  /** The buckets after the request, in order (unchanged but refilled when it was refused). */
  readonly buckets: readonly Bucket[];
  /** When refused: how long until every bucket has a token again (ms, ≥ 1). 0 when allowed. */
  readonly retryAfterMs: number;
}

const MINUTE = 60_000;

/** The bucket refilled to `now` for `perMinute` (a new one is full). */
export function refill(bucket: Bucket | undefined, perMinute: number, now: Millis): Bucket {
  if (bucket === undefined) return { tokens: perMinute, at: now };
  const elapsed = Math.max(0, now - bucket.at);
  return { tokens: Math.min(perMinute, bucket.tokens + (elapsed * perMinute) / MINUTE), at: Math.max(now, bucket.at) };
}

/**
 * One request against several limits at once (e.g. per IP and per configuration): allowed
 * only when every bucket has a token, and then it takes one from each; a refused request
 * takes nothing, so it does not use up another limit.
 */
export function take(limits: readonly { readonly bucket: Bucket | undefined; readonly perMinute: number }[], now: Millis): Take {
  const filled = limits.map((l) => refill(l.bucket, l.perMinute, now));
  let wait = 0;
  filled.forEach((b, i) => {
    if (b.tokens >= 1) return;
    const perMinute = (limits[i] as { perMinute: number }).perMinute;
    wait = Math.max(wait, Math.ceil(((1 - b.tokens) * MINUTE) / perMinute));
  });
  if (wait > 0) return { allowed: false, buckets: filled, retryAfterMs: Math.max(1, wait) };
  return { allowed: true, buckets: filled.map((b) => ({ tokens: b.tokens - 1, at: b.at })), retryAfterMs: 0 };
}

/** Retry-After's value: whole seconds, at least 1. */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
