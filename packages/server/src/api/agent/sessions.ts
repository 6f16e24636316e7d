/**
 * Agent sign-in: username + password (argon2id) → an opaque session token, kept only as
 * a SHA-256 hash. Logout deletes it; refresh swaps it for a new one; the admin API can
 * mint short-lived ones for tests and embedding.
 */
import { AccessDeniedException, type Instance, InvalidParameterException, type User } from '@switchboard/core';
import { randomToken, sha256Hex } from '../../auth/tokens.js';
import type { Store, StoredToken } from '../../storage/types.js';
import type { AgentSession } from './commands.js';

export const SESSION_KIND = 'agent-session';
/** Default session lifetime: a working day. */
export const DEFAULT_SESSION_TTL_MS = 12 * 3600_000;
/** Longest lifetime a minted token may ask for. */
export const MAX_SESSION_TTL_MS = 7 * 24 * 3600_000;

export interface IssuedSession extends AgentSession {
  readonly token: string;
  readonly expiresAt: number;
}

export interface SessionDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly verifyPassword: (hash: string, password: string) => Promise<boolean>;
  readonly ttlMs?: number;
}

const FAILED = 'Incorrect username or password';

/**
 * Why a session stopped working: the close reason (code 4401) its websockets get. A client
 * that refreshed its token knows `session refreshed` is not a sign-out.
 */
export type RevokeReason = 'signed out' | 'session refreshed' | 'session expired';

/** Told when a session stops working, with why. */
export type RevokeListener = (tokenHash: string, why: RevokeReason) => void;

/** How often expired sessions are ended (see AgentSessions.expire). */
export const SESSION_SWEEP_MS = 60_000;

export class AgentSessions {
  /** Verified sessions by token hash; dropped on logout and expiry. */
  private readonly cache = new Map<string, StoredToken>();
  private readonly revokeListeners = new Set<RevokeListener>();

  constructor(private readonly deps: SessionDeps) {}

  /** Finds the instance by id or alias; when only one instance exists, it may be omitted. */
  async resolveInstance(idOrAlias: string | undefined): Promise<Instance> {
    if (idOrAlias) {
      const byId = await this.deps.store.instances.get(idOrAlias);
      if (byId) return byId;
    }
    const page = await this.deps.store.instances.list({ limit: 1000 });
    if (!idOrAlias) {
      if (page.items.length === 1) return page.items[0] as Instance;
      throw new InvalidParameterException('instance: several instances are served; say which one (id or alias)');
    }
    const byAlias = page.items.find((i) => i.alias === idOrAlias);
    if (!byAlias) throw new AccessDeniedException(FAILED);
    return byAlias;
  }

  async login(instanceIdOrAlias: string | undefined, username: string, password: string): Promise<IssuedSession> {
    const instance = await this.resolveInstance(instanceIdOrAlias);
    const user = await this.deps.store.resources.getByName(instance.id, 'user', username);
    // Same answer for an unknown user and a wrong password.
    if (!user?.passwordHash || !(await this.deps.verifyPassword(user.passwordHash, password))) {
      throw new AccessDeniedException(FAILED);
    }
    return this.issue(instance.id, user);
  }

  async issue(
    instanceId: string,
    user: Pick<User, 'id'>,
    ttlMs = this.deps.ttlMs ?? DEFAULT_SESSION_TTL_MS,
  ): Promise<IssuedSession> {
    const token = randomToken();
    const now = this.deps.now();
    const stored: StoredToken = {
      tokenHash: sha256Hex(token),
      kind: SESSION_KIND,
      instanceId,
      subjectId: user.id,
      createdAt: now,
      expiresAt: now + ttlMs,
    };
    await this.deps.store.tokens.put(stored);
    this.cache.set(stored.tokenHash, stored);
    return { token, instanceId, userId: user.id, expiresAt: stored.expiresAt };
  }

  /** The session of a token, or AccessDeniedException (unknown, expired or logged out). */
  async verify(token: string | undefined): Promise<AgentSession & { readonly tokenHash: string; readonly expiresAt: number }> {
    if (!token || token.length > 200) throw new AccessDeniedException('Sign in first: no agent session token');
    const hash = sha256Hex(token);
    let found = this.cache.get(hash);
    if (!found) {
      found = await this.deps.store.tokens.get(hash);
      if (found?.kind === SESSION_KIND) this.cache.set(hash, found);
    }
    if (!found || found.kind !== SESSION_KIND) throw new AccessDeniedException('The agent session is not valid; sign in again');
    if (found.expiresAt <= this.deps.now()) {
      this.cache.delete(hash);
      throw new AccessDeniedException('The agent session has expired; sign in again');
    }
    return { instanceId: found.instanceId, userId: found.subjectId, tokenHash: hash, expiresAt: found.expiresAt };
  }

  async logout(token: string | undefined): Promise<void> {
    const s = await this.verify(token);
    await this.revoke(s.tokenHash, 'signed out');
  }

  /** A new token for the same agent; the old one stops working (its sockets close: `session refreshed`). */
  async refresh(token: string | undefined): Promise<IssuedSession> {
    const s = await this.verify(token);
    const issued = await this.issue(s.instanceId, { id: s.userId });
    await this.revoke(s.tokenHash, 'session refreshed');
    return issued;
  }

  onRevoke(listener: RevokeListener): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /**
   * Ends the sessions whose time ran out: their open websockets close (4401, as on logout)
   * and their tokens leave storage and this cache. A desktop that never signs out would
   * otherwise keep its socket (commands failing) and its token row forever. Returns how
   * many tokens storage deleted. The server calls it every SESSION_SWEEP_MS.
   */
  async expire(): Promise<number> {
    const now = this.deps.now();
    for (const [hash, t] of this.cache) {
      if (t.expiresAt > now) continue;
      this.cache.delete(hash);
      for (const l of this.revokeListeners) l(hash, 'session expired');
    }
    return this.deps.store.tokens.deleteExpired(now);
  }

  private async revoke(hash: string, why: RevokeReason): Promise<void> {
    this.cache.delete(hash);
    await this.deps.store.tokens.delete(hash);
    for (const l of this.revokeListeners) l(hash, why);
  }
}
