/**
 * Time as the client sees it. Every timer of the client (reconnect backoff, session
 * refresh, command timeouts) and of the agent SDK (operation timeouts, auto wrap-up) goes
 * through a Clock, so tests can drive time themselves.
 */

/** An opaque timer handle, as returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Longest delay `setTimeout` takes; a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock: `Date.now` and the global timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, Math.min(Math.max(0, ms), MAX_TIMER_MS)),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
