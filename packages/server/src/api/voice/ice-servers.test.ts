/**
 * TURN credentials from coturn's shared secret, and the ICE servers each leg is handed.
 * The expected credentials were computed outside Node, with
 *   printf '%s' '1700003600:leg-1' | openssl dgst -sha1 -hmac 'north-wind-shared-secret' -binary | base64
 */
import { describe, expect, it } from 'vitest';
import { iceServersFor, turnCredential } from './ice-servers.js';

const SECRET = 'north-wind-shared-secret';
const NOW = 1_700_000_000_000;

describe('turnCredential (coturn use-auth-secret)', () => {
  it('username "<expiry>:<user>", credential base64(HMAC-SHA1(secret, username))', () => {
    expect(turnCredential(SECRET, 'leg-1', 3600, NOW)).toStrictEqual({
      username: '1700003600:leg-1',
      credential: 'Hj7MJn5Hc06W2DeGZ5cPyHs9qW4=',
      expiresAt: 1_700_003_600,
    });
  });

  it('the expiry is whole seconds from the injected clock plus the TTL', () => {
    expect(turnCredential(SECRET, 'leg-1', 3600, NOW + 999).expiresAt).toBe(1_700_003_600);
    expect(turnCredential(SECRET, 'leg-1', 3600, NOW + 1000).expiresAt).toBe(1_700_003_601);
  });

  it('another secret or user gives another credential', () => {
    const base = turnCredential(SECRET, 'leg-1', 3600, NOW).credential;
    expect(turnCredential('another-shared-secret', 'leg-1', 3600, NOW).credential).not.toBe(base);
    expect(turnCredential(SECRET, 'leg-2', 3600, NOW).credential).not.toBe(base);
  });
});

describe('iceServersFor', () => {
  const stun = { urls: ['stun:stun.example.com:3478'] };
  const grant = { callId: 'call-1', legId: '5b6c1d2e-aaaa' };

  it('no servers configured: none handed out', () => {
    expect(iceServersFor({ iceServers: [] }, () => NOW)(grant)).toStrictEqual([]);
  });

  it('static servers as written, then the TURN server with a credential for the leg, minted at each call', () => {
    let now = NOW;
    const forLeg = iceServersFor(
      { iceServers: [stun], turn: { urls: ['turn:turn.example.com:3478'], secret: SECRET, ttlSeconds: 43_200 } },
      () => now,
    );
    expect(forLeg(grant)).toStrictEqual([
      stun,
      { urls: ['turn:turn.example.com:3478'], username: '1700043200:5b6c1d2e-aaaa', credential: '1jCR4OP4WgWDGqLvMFTaZMQyars=' },
    ]);
    now += 60_000;
    expect(forLeg(grant)[1]?.username).toBe('1700043260:5b6c1d2e-aaaa');
  });

  it('a TURN section without a secret is refused at start, in words', () => {
    expect(() => iceServersFor({ iceServers: [], turn: { urls: ['turn:t.example.com'], ttlSeconds: 60 } }, () => NOW)).toThrow(
      'voice.turn needs a secret (SWITCHBOARD_TURN_SECRET or voice.turn.secret)',
    );
  });
});
