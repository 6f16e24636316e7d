import { randomUUID } from 'node:crypto';
import { isServiceError } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../storage/db.js';
import type { Store } from '../../storage/types.js';
import { AgentSessions } from './sessions.js';

const errorType = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'no error',
    (e: unknown) => (isServiceError(e) ? e.name : String(e)),
  );

describe('agent sessions', () => {
  let store: Store;
  let now = 1_000_000;
  let sessions: AgentSessions;
  const instanceId = randomUUID();
  const userId = randomUUID();

  beforeEach(async () => {
    store = await openStore({ kind: 'sqlite', file: ':memory:' });
    now = 1_000_000;
    await store.instances.put({
      id: instanceId,
      alias: 'only',
      region: 'us-east-1',
      accountId: '123456789012',
      approvedOrigins: [],
      createdTime: now,
      tags: {},
    });
    await store.resources.create(instanceId, 'user', {
      id: userId,
      name: 'dana',
      passwordHash: 'hash:right-password',
      identityInfo: {},
      phoneConfig: { phoneType: 'SOFT_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 },
      routingProfileId: randomUUID(),
      securityProfileIds: [],
      autoAccept: {},
      afterContactWorkTimeLimit: {},
      tags: {},
      lastModifiedTime: now,
    });
    sessions = new AgentSessions({
      store,
      now: () => now,
      verifyPassword: async (hash, pw) => hash === `hash:${pw}`,
      ttlMs: 60_000,
    });
  });
  afterEach(async () => store.close());

  it('signs in by alias, by id, or with no instance when only one is served', async () => {
    for (const inst of ['only', instanceId, undefined]) {
      const s = await sessions.login(inst, 'dana', 'right-password');
      expect(s).toMatchObject({ instanceId, userId, expiresAt: now + 60_000 });
      await expect(sessions.verify(s.token)).resolves.toMatchObject({ instanceId, userId });
    }
  });

  it('answers the same AccessDenied for a wrong password, an unknown user and an unknown instance', async () => {
    expect(await errorType(sessions.login('only', 'dana', 'wrong'))).toBe('AccessDeniedException');
    expect(await errorType(sessions.login('only', 'nobody', 'right-password'))).toBe('AccessDeniedException');
    expect(await errorType(sessions.login('elsewhere', 'dana', 'right-password'))).toBe('AccessDeniedException');
  });

  it('expires tokens at their expiry (the clock is injected)', async () => {
    const s = await sessions.login(undefined, 'dana', 'right-password');
    now += 59_999;
    await expect(sessions.verify(s.token)).resolves.toBeTruthy();
    now += 1;
    expect(await errorType(sessions.verify(s.token))).toBe('AccessDeniedException');
  });

  it('refresh issues a new token and retires the old one; logout retires it; listeners learn which it was', async () => {
    const revoked: string[] = [];
    sessions.onRevoke((_h, why) => revoked.push(why));
    const s = await sessions.login(undefined, 'dana', 'right-password');
    now += 30_000;
    const r = await sessions.refresh(s.token);
    expect(r.token).not.toBe(s.token);
    expect(r.expiresAt).toBe(now + 60_000);
    expect(await errorType(sessions.verify(s.token))).toBe('AccessDeniedException');
    await sessions.logout(r.token);
    expect(await errorType(sessions.verify(r.token))).toBe('AccessDeniedException');
    expect(revoked).toStrictEqual(['session refreshed', 'signed out']);
  });

  it('stores only a hash of the token, and a token survives a new process (another AgentSessions)', async () => {
    const s = await sessions.login(undefined, 'dana', 'right-password');
    expect(await store.tokens.get(s.token)).toBeUndefined();
    const other = new AgentSessions({ store, now: () => now, verifyPassword: async () => false });
    await expect(other.verify(s.token)).resolves.toMatchObject({ userId });
    expect(await errorType(other.verify(undefined))).toBe('AccessDeniedException');
    expect(await errorType(other.verify('x'.repeat(5000)))).toBe('AccessDeniedException');
  });

  it('expire() ends only the sessions whose time ran out: listeners told, tokens gone from storage', async () => {
    const revoked: string[] = [];
    sessions.onRevoke((h, why) => revoked.push(`${why}: ${h}`));
    const old = await sessions.login(undefined, 'dana', 'right-password');
    await sessions.verify(old.token);
    now += 30_000;
    const young = await sessions.login(undefined, 'dana', 'right-password');
    const oldHash = (await sessions.verify(old.token)).tokenHash;
    // Not yet: nothing has run out.
    expect(await sessions.expire()).toBe(0);
    expect(revoked).toStrictEqual([]);
    now += 30_000;
    expect(await sessions.expire()).toBe(1);
    expect(revoked).toStrictEqual([`session expired: ${oldHash}`]);
    expect(await store.tokens.get(oldHash)).toBeUndefined();
    // Another process (no cache) finds the old token gone and the young one intact.
    const other = new AgentSessions({ store, now: () => now, verifyPassword: async () => false });
    expect(await errorType(other.verify(old.token))).toBe('AccessDeniedException');
    await expect(other.verify(young.token)).resolves.toMatchObject({ userId });
    // The signing secret (never expires) is untouched by the sweep.
    expect(await sessions.expire()).toBe(0);
  });
});
