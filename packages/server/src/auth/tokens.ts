/**
 * Bearer tokens. Participant and connection tokens are signed, self-describing claims
 * (HMAC-SHA256 over base64url JSON): checking one needs no storage round trip, and the
 * contact's own state decides whether it still works (an ended chat answers 403).
 * Agent session tokens are opaque random strings stored as SHA-256 hashes, so logout
 * revokes them at once.
 */
import { createHash, createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../storage/types.js';

/** `voice`: opens one leg of a web call on the voice signalling socket (StartWebRTCContact's JoinToken). */
export type SignedKind = 'participant' | 'connection' | 'voice';

export interface TokenClaims {
  readonly k: SignedKind;
  /** Instance id. */
  readonly i: string;
  /** Contact id. */
  readonly c: string;
  /** Participant id. */
  readonly p: string;
  /** Expiry, epoch ms. */
  readonly e: number;
  /** Makes each token unique (a new connection token per CreateParticipantConnection). */
  readonly n?: string;
}

const PREFIX = 'sb1';

export class TokenSigner {
  constructor(private readonly secret: Buffer) {}

  sign(claims: TokenClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${PREFIX}.${body}.${this.mac(body)}`;
  }

  /** The claims of a well-formed token with a valid signature (expiry not checked). */
  verify(token: string): TokenClaims | undefined {
    if (token.length > 1000) return undefined;
    const [prefix, body, mac] = token.split('.');
    if (prefix !== PREFIX || !body || !mac || token.split('.').length !== 3) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
      if (typeof claims.c !== 'string' || typeof claims.i !== 'string' || typeof claims.e !== 'number') return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

/** One-shot hashing (node:crypto `hash`, Node ≥ 20.12): no Hash object per call. */
export const sha256Hex = (s: string): string => hash('sha256', s, 'hex');
export const randomToken = (): string => randomBytes(32).toString('base64url');

/**
 * The server's signing secret, created on first start and kept in storage (the tokens
 * table, under a fixed key that is never a real token hash), so tokens survive restarts
 * and every node of a cluster shares it. SWITCHBOARD_SECRET overrides it.
 */
export async function loadSigningSecret(store: Store, now: number, fromEnv?: string): Promise<Buffer> {
  if (fromEnv) return createHash('sha256').update(fromEnv).digest();
  const KEY = 'secret:token-signing';
  const found = await store.tokens.get(KEY);
  if (found) return Buffer.from(found.subjectId, 'hex');
  const secret = randomBytes(32);
  await store.tokens.put({
    tokenHash: KEY,
    kind: 'secret',
    instanceId: '',
    subjectId: secret.toString('hex'),
    createdAt: now,
    expiresAt: Number.MAX_SAFE_INTEGER,
  });
  // Two nodes starting at once: whoever wrote last wins; read it back so both agree.
  const stored = await store.tokens.get(KEY);
  return Buffer.from(stored?.subjectId ?? secret.toString('hex'), 'hex');
}
