import { describe, expect, it } from 'vitest';
import { backoffPolicy } from './backoff.js';
import { localTiming, refreshAt, refreshDelay, refreshRetryDelay } from './refresh.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('refreshAt', () => {
  it('is 5 minutes before the expiry of a long session', () => {
    expect(refreshAt({ issuedAt: 0, expiresAt: 12 * HOUR })).toBe(12 * HOUR - 5 * MIN);
  });

  it('is at 80 % of the life of a session shorter than 25 minutes', () => {
    expect(refreshAt({ issuedAt: 1_000, expiresAt: 1_000 + 60_000 })).toBe(1_000 + 48_000);
    expect(refreshAt({ issuedAt: 0, expiresAt: 10 * MIN })).toBe(8 * MIN);
  });

  it('takes another lead', () => {
    expect(refreshAt({ issuedAt: 0, expiresAt: HOUR }, MIN)).toBe(HOUR - MIN);
  });

  it('is never for a session whose expiry is unknown', () => {
    expect(refreshAt({ issuedAt: 0, expiresAt: undefined })).toBeUndefined();
  });
});

describe('refreshDelay', () => {
  it('counts from now', () => {
    expect(refreshDelay({ issuedAt: 0, expiresAt: 12 * HOUR }, HOUR)).toBe(11 * HOUR - 5 * MIN);
  });

  it('is 0 when the moment has passed (a laptop that slept), and undefined without an expiry', () => {
    expect(refreshDelay({ issuedAt: 0, expiresAt: HOUR }, HOUR + MIN)).toBe(0);
    expect(refreshDelay({ issuedAt: 0, expiresAt: undefined }, 0)).toBeUndefined();
  });
});

describe('refreshRetryDelay', () => {
  const policy = backoffPolicy({ initialDelayMs: 1_000, maxDelayMs: 60_000, jitter: 0 });

  it('backs off after each failure', () => {
    const t = { issuedAt: 0, expiresAt: 12 * HOUR };
    expect([1, 2, 3].map((n) => refreshRetryDelay(t, 11 * HOUR, n, policy))).toEqual([1_000, 2_000, 4_000]);
  });

  it('tries again within what is left of the session', () => {
    const t = { issuedAt: 0, expiresAt: 10_000 };
    expect(refreshRetryDelay(t, 6_000, 10, policy)).toBe(2_000);
  });

  it('gives up when the session is about to expire, or its expiry is unknown', () => {
    expect(refreshRetryDelay({ issuedAt: 0, expiresAt: 10_000 }, 9_500, 1, policy)).toBeUndefined();
    expect(refreshRetryDelay({ issuedAt: 0, expiresAt: undefined }, 0, 1, policy)).toBeUndefined();
  });
});

describe('localTiming', () => {
  it("counts the session's life from the server's clock, so a skewed local clock still refreshes in time", () => {
    // The server says 12 h from its own now; this machine is an hour behind.
    const server = 10 * HOUR;
    const local = 9 * HOUR;
    const t = localTiming(server + 12 * HOUR, server, local);
    expect(t).toEqual({ issuedAt: local, expiresAt: local + 12 * HOUR });
    expect(refreshAt(t)).toBe(local + 12 * HOUR - 5 * MIN);
  });

  it('takes the expiry as it is without a server date, and none when there is none', () => {
    expect(localTiming(5 * HOUR, undefined, HOUR)).toEqual({ issuedAt: HOUR, expiresAt: 5 * HOUR });
    expect(localTiming(5 * HOUR, Number.NaN, HOUR)).toEqual({ issuedAt: HOUR, expiresAt: 5 * HOUR });
    expect(localTiming(undefined, HOUR, HOUR)).toEqual({ issuedAt: HOUR, expiresAt: undefined });
  });

  it('never has a session that expired before it arrived live on', () => {
    expect(localTiming(HOUR, 2 * HOUR, 7)).toEqual({ issuedAt: 7, expiresAt: 7 });
  });
});
