/**
 * The reconnect policy, pure: the delay before attempt `n` (1-based) is exponential from
 * `baseMs` up to `maxMs`, with "full jitter" spread (±`jitter` of it) so that a server
 * restart does not see every client come back in the same millisecond.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** 0..1: the share of the delay that is random. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 30_000, jitter: 0.5 };

/** `random` is in [0, 1) (Math.random in production, a fixed sequence in tests). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const spread = exp * policy.jitter;
  return Math.round(exp - spread + 2 * spread * random);
}
