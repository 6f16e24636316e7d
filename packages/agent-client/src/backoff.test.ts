import { describe, expect, it } from 'vitest';
import { backoffPolicy, DEFAULT_BACKOFF, INITIAL_BACKOFF, nextReconnect } from './backoff.js';

describe('backoffPolicy', () => {
  it('doubles from the first wait up to the cap (no jitter)', () => {
    const p = backoffPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0 });
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => p.delay(a))).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('spreads each wait between (1 - jitter) and all of it, from the injected random source', () => {
    const at = (r: number) => backoffPolicy({ initialDelayMs: 1_000, jitter: 0.5 }, () => r);
    expect(at(0).delay(0)).toBe(500);
    expect(at(0.5).delay(0)).toBe(750);
    expect(at(0.999999).delay(0)).toBe(1_000);
    expect(at(0).delay(2)).toBe(2_000);
  });

  it('keeps a misbehaving random source and jitter within bounds', () => {
    expect(backoffPolicy({ initialDelayMs: 1_000, jitter: 3 }, () => -1).delay(0)).toBe(0);
    expect(backoffPolicy({ initialDelayMs: 1_000, jitter: 0.5 }, () => 7).delay(0)).toBe(1_000);
  });

  it('defaults to 0.5 s doubling to 30 s with half of each wait random', () => {
    const p = backoffPolicy({}, () => 1);
    expect(p.options).toEqual(DEFAULT_BACKOFF);
    expect(p.delay(0)).toBe(500);
    expect(p.delay(20)).toBe(30_000);
  });
});

describe('nextReconnect', () => {
  const policy = backoffPolicy({ initialDelayMs: 100, maxDelayMs: 10_000, jitter: 0, stableAfterMs: 5_000 });

  it('backs off further while sockets fail to open', () => {
    let state = INITIAL_BACKOFF;
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = nextReconnect(state, undefined, policy);
      delays.push(r.delayMs);
      state = r.state;
    }
    expect(delays).toEqual([100, 200, 400, 800]);
  });

  it('keeps backing off when a socket closes soon after opening (a server that keeps closing it)', () => {
    const r = nextReconnect({ attempt: 3 }, 200, policy);
    expect(r).toEqual({ delayMs: 800, state: { attempt: 4 } });
  });

  it('starts again from the first wait after a socket that stayed open long enough', () => {
    const r = nextReconnect({ attempt: 6 }, 5_000, policy);
    expect(r).toEqual({ delayMs: 100, state: { attempt: 1 } });
  });
});
