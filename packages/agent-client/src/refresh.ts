/**
 * When to refresh the session: 5 minutes before it expires, or at 80 % of its life when
 * that is shorter (a short-lived minted token), and when to try again after a refresh
 * failed for a reason other than the session being over. Pure: `now` is passed in.
 */
import type { BackoffPolicy } from './backoff.js';

export interface SessionTiming {
  /** When the client got the token (its life is counted from here). */
  readonly issuedAt: number;
  /** Undefined when unknown: the session is not refreshed. */
  readonly expiresAt: number | undefined;
}

export const DEFAULT_REFRESH_LEAD_MS = 5 * 60_000;
/** A session is refreshed no earlier than this share of its life. */
export const REFRESH_AT_LIFE = 0.8;
/** A retry closer than this to the expiry is not worth it: the session ends. */
const LAST_RETRY_MARGIN_MS = 1_000;

/**
 * A session's timing on this machine's clock, which may be off the server's: its life is
 * what the server's answer says (`expiresAt` minus the answer's `Date`), counted from
 * when the answer arrived. Without a usable `Date`, the expiry is taken as it is.
 */
export function localTiming(expiresAt: number | undefined, serverDate: number | undefined, receivedAt: number): SessionTiming {
  if (expiresAt === undefined) return { issuedAt: receivedAt, expiresAt: undefined };
  if (serverDate === undefined || !Number.isFinite(serverDate)) return { issuedAt: receivedAt, expiresAt };
  return { issuedAt: receivedAt, expiresAt: receivedAt + Math.max(0, expiresAt - serverDate) };
}

/** When to refresh (epoch ms), or undefined when the expiry is unknown. */
export function refreshAt(t: SessionTiming, leadMs = DEFAULT_REFRESH_LEAD_MS): number | undefined {
  if (t.expiresAt === undefined) return undefined;
  const life = Math.max(0, t.expiresAt - t.issuedAt);
  return t.expiresAt - Math.min(leadMs, life * (1 - REFRESH_AT_LIFE));
}

/** How long to wait before refreshing (0: now), or undefined: never. */
export function refreshDelay(t: SessionTiming, now: number, leadMs = DEFAULT_REFRESH_LEAD_MS): number | undefined {
  const at = refreshAt(t, leadMs);
  return at === undefined ? undefined : Math.max(0, at - now);
}

/**
 * After `failures` refreshes failed in a row (network, server error): the wait before the
 * next try, or undefined when the session expires before it would be of use.
 */
export function refreshRetryDelay(t: SessionTiming, now: number, failures: number, policy: BackoffPolicy): number | undefined {
  if (t.expiresAt === undefined) return undefined;
  const left = t.expiresAt - now;
  if (left <= LAST_RETRY_MARGIN_MS) return undefined;
  return Math.min(policy.delay(Math.max(0, failures - 1)), Math.floor(left / 2));
}
