import { describe, expect, it } from 'vitest';
import { closeAction } from './close-policy.js';

const client = { token: 't1', refreshing: false };
const close = (code: number, over: Partial<{ reason: string; wasOpen: boolean; token: string }> = {}) => ({
  code,
  reason: '',
  wasOpen: true,
  token: 't1',
  ...over,
});

describe('closeAction', () => {
  it('ends the session on 4401 with the reason the server gave', () => {
    expect(closeAction(close(4401, { reason: 'signed out' }), client)).toEqual({ kind: 'end-session', reason: 'signed out' });
    expect(closeAction(close(4401), client)).toEqual({ kind: 'end-session', reason: 'session expired' });
  });

  it('waits for a refresh in flight on 4401: the refresh revoked the token the socket had', () => {
    expect(closeAction(close(4401, { reason: 'signed out' }), { token: 't1', refreshing: true })).toEqual({
      kind: 'await-refresh',
    });
  });

  it('reconnects at once when the socket had an older token', () => {
    expect(closeAction(close(4401, { token: 't0' }), client)).toEqual({ kind: 'reconnect-now' });
    expect(closeAction(close(1006, { token: 't0', wasOpen: false }), client)).toEqual({ kind: 'reconnect-now' });
  });

  it('reconnects after a backoff on a service restart (1012), a lost connection and the rest', () => {
    for (const code of [1012, 1006, 1001, 1000, 1008, 1011])
      expect(closeAction(close(code), client)).toEqual({ kind: 'reconnect' });
  });

  it('asks about the session when the socket never opened (a refused upgrade looks like a network error)', () => {
    expect(closeAction(close(1006, { wasOpen: false }), client)).toEqual({ kind: 'probe-session' });
  });
});
