import { describe, expect, it } from 'vitest';
import { agentData, contact, delta } from './__tests__/fakes.js';
import { applyPush, EMPTY_SYNC, isPushFrame, resumeVersion, type SyncState } from './sync.js';

const snapshot = (version: number, ids: string[] = []) => ({ type: 'snapshot' as const, version, data: agentData(ids) });

describe('applyPush', () => {
  it('takes a whole snapshot, whatever is held', () => {
    const r = applyPush(EMPTY_SYNC, snapshot(7, ['a']));
    expect(r.kind).toBe('updated');
    if (r.kind !== 'updated') return;
    expect(r.version).toBe(7);
    expect(r.state).toEqual({ data: r.data, version: 7 });
    expect(resumeVersion(r.state)).toBe(7);
  });

  it('applies a delta based on the version held: changed contacts replaced, order kept, state fields whole', () => {
    const held: SyncState = { data: agentData(['a', 'b']), version: 7 };
    const r = applyPush(held, { type: 'delta', version: 9, base: 7, data: delta(held.data!, ['b'], ['b', 'a'], 'Available') });
    expect(r.kind).toBe('updated');
    if (r.kind !== 'updated') return;
    expect(r.version).toBe(9);
    expect(r.data.snapshot.contacts.map((c) => [c.contactId, c.state.type])).toEqual([
      ['b', 'connected'],
      ['a', 'connecting'],
    ]);
    expect(r.data.snapshot.state.name).toBe('Available');
    expect(r.data.configuration).toBe(held.data!.configuration);
  });

  it('applies a delta based on an older version (it carries every contact changed since its base)', () => {
    const held: SyncState = { data: agentData(['a']), version: 9 };
    const r = applyPush(held, { type: 'delta', version: 10, base: 8, data: delta(held.data!, [], []) });
    expect(r.kind).toBe('updated');
    if (r.kind === 'updated') expect(r.data.snapshot.contacts).toEqual([]);
  });

  it('ignores a delta no newer than what is held', () => {
    const held: SyncState = { data: agentData(['a']), version: 9 };
    expect(applyPush(held, { type: 'delta', version: 9, base: 8, data: delta(held.data!, [], []) })).toEqual({ kind: 'stale' });
  });

  it('asks for a whole snapshot when a delta is based on a version it never saw', () => {
    const held: SyncState = { data: agentData(['a']), version: 7 };
    const r = applyPush(held, { type: 'delta', version: 12, base: 10, data: delta(held.data!, [], ['a']) });
    expect(r.kind).toBe('resync');
    if (r.kind !== 'resync') return;
    // The data stays for display; the version is dropped so the next connection has no `since`.
    expect(r.state.data).toBe(held.data);
    expect(resumeVersion(r.state)).toBeUndefined();
  });

  it('asks for a whole snapshot when a delta names a contact neither it nor the data holds', () => {
    const held: SyncState = { data: agentData(['a']), version: 7 };
    const r = applyPush(held, { type: 'delta', version: 8, base: 7, data: delta(held.data!, [], ['a', 'ghost']) });
    expect(r).toMatchObject({ kind: 'resync', why: expect.stringContaining('not held') });
  });

  it('asks for a whole snapshot when a delta comes before any snapshot, and a delta after that still waits for one', () => {
    const d = { type: 'delta' as const, version: 3, base: 2, data: delta(agentData(), [], []) };
    const r = applyPush(EMPTY_SYNC, d);
    expect(r.kind).toBe('resync');
    if (r.kind === 'resync') expect(applyPush(r.state, { ...d, version: 4 }).kind).toBe('resync');
  });
});

describe('isPushFrame', () => {
  it('tells readable pushes from malformed ones', () => {
    expect(isPushFrame(snapshot(1))).toBe(true);
    expect(isPushFrame({ type: 'delta', version: 2, base: 1, data: delta(agentData(), [], []) })).toBe(true);
    expect(isPushFrame({ type: 'snapshot', version: '1', data: agentData() })).toBe(false);
    expect(isPushFrame({ type: 'snapshot', version: 1, data: { snapshot: {} } })).toBe(false);
    expect(isPushFrame({ type: 'delta', version: 2, data: delta(agentData(), [], []) })).toBe(false);
    expect(isPushFrame({ type: 'delta', version: 2, base: 1, data: { snapshot: { contacts: [contact('a')] } } })).toBe(false);
  });
});
