/**
 * Reconnect backoff: exponential, capped, with jitter so that agents whose sockets closed
 * together (a server restart) do not all come back in the same instant. Pure: the random
 * source is injected.
 */

export interface BackoffOptions {
  /** The first wait, before jitter. */
  readonly initialDelayMs: number;
  /** The longest wait, before jitter. */
  readonly maxDelayMs: number;
  /** Each failed attempt multiplies the wait by this. */
  readonly multiplier: number;
  /** 0..1: the share of each wait that is random (0.5: between half and all of it). */
  readonly jitter: number;
  /** A socket that stayed open this long starts the next reconnect from the first wait again. */
  readonly stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  multiplier: 2,
  jitter: 0.5,
  stableAfterMs: 10_000,
};

export interface BackoffPolicy {
  readonly options: BackoffOptions;
  /** The wait before attempt `attempt` (0 for the first reconnect after a loss). */
  delay(attempt: number): number;
}

/** A backoff policy; `random` returns a number in [0, 1) (`Math.random` by default). */
export function backoffPolicy(options: Partial<BackoffOptions> = {}, random: () => number = Math.random): BackoffPolicy {
  const o: BackoffOptions = { ...DEFAULT_BACKOFF, ...options };
  const jitter = Math.min(1, Math.max(0, o.jitter));
  return {
    options: o,
    delay(attempt) {
      const base = Math.min(o.maxDelayMs, o.initialDelayMs * o.multiplier ** Math.max(0, attempt));
      const r = Math.min(1, Math.max(0, random()));
      return Math.round(base * (1 - jitter + jitter * r));
    },
  };
}

/** How many reconnect attempts have failed in a row. */
export interface BackoffState {
  readonly attempt: number;
}

export const INITIAL_BACKOFF: BackoffState = { attempt: 0 };

/**
 * After a socket closed: the wait before connecting again and the state for the next
 * loss. `openForMs` is how long the socket was open (undefined: it never opened). A socket
 * that stayed open at least `stableAfterMs` resets the count; one that closes soon after
 * opening (a server that keeps refusing) keeps backing off.
 */
export function nextReconnect(
  state: BackoffState,
  openForMs: number | undefined,
  policy: BackoffPolicy,
): { delayMs: number; state: BackoffState } {
  const attempt = openForMs !== undefined && openForMs >= policy.options.stableAfterMs ? 0 : state.attempt;
  return { delayMs: policy.delay(attempt), state: { attempt: attempt + 1 } };
}
