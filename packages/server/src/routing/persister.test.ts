import { describe, expect, it } from 'vitest';
import type { RuntimeBatch, Store } from '../storage/types.js';
import { Persister } from './persister.js';

/** A store whose writeBatch is controlled by the test: each call waits for `release`. */
function fakeStore() {
  const calls: { batch: RuntimeBatch; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const store = {
    writeBatch: (batch: RuntimeBatch) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ batch, resolve, reject });
      }),
  } as unknown as Store;
  return { store, calls };
}

const event = (type: string) => ({ instanceId: 'i', type, at: 1, body: '{}' });
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Persister', () => {
  it('merges what arrives during a commit into the next one and settles each caller after its commit', async () => {
    const { store, calls } = fakeStore();
    const p = new Persister(store, () => undefined);
    const settled: string[] = [];
    const a = p.write({ events: [event('a')] }).then(() => settled.push('a'));
    await tick();
    expect(calls).toHaveLength(1);
    const b = p.write({ events: [event('b')] }).then(() => settled.push('b'));
    const c = p.write({ events: [event('c')] }).then(() => settled.push('c'));
    calls[0]?.resolve();
    await a;
    expect(settled).toEqual(['a']);
    await tick();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.batch.events?.map((e) => e.type)).toEqual(['b', 'c']);
    calls[1]?.resolve();
    await Promise.all([b, c]);
    expect(settled).toEqual(['a', 'b', 'c']);
  });

  it('fails what was queued behind a failed commit as well, drops it, and reports the failure once', async () => {
    const { store, calls } = fakeStore();
    const errors: unknown[] = [];
    const failures: unknown[] = [];
    const p = new Persister(
      store,
      (e) => errors.push(e),
      (e) => failures.push(e),
    );
    const first = p.write({ events: [event('lost')] });
    await tick();
    const behind = p.write({ events: [event('built on the lost one')] });
    const boom = new Error('disk I/O error');
    calls[0]?.reject(boom);
    await expect(first).rejects.toBe(boom);
    await expect(behind).rejects.toBe(boom);
    expect(errors).toEqual([boom]);
    expect(failures).toEqual([boom]);
    await tick();
    // Nothing of the dropped write is committed later.
    expect(calls).toHaveLength(1);
    // The persister goes on with new writes.
    const next = p.write({ events: [event('after')] });
    await tick();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.batch.events?.map((e) => e.type)).toEqual(['after']);
    calls[1]?.resolve();
    await expect(next).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
  });

  it('keeps the last word per assignment across merged steps: a row, or its deletion', async () => {
    const { store, calls } = fakeStore();
    const p = new Persister(store, () => undefined);
    const key = (contactId: string) => ({ instanceId: 'i', userId: 'u', contactId });
    const row = (contactId: string, version: number) => ({ ...key(contactId), version, body: `{"v":${version}}` });
    void p.write({ events: [event('holds the first commit open')] });
    await tick();
    const steps = [
      p.write({ assignments: [row('offered-then-cleared', 1), row('offered-then-accepted', 1)] }),
      p.write({ assignments: [row('offered-then-accepted', 2)], assignmentDeletes: [key('offered-then-cleared')] }),
      p.write({ assignmentDeletes: [key('cleared-then-offered-again')] }),
      p.write({ assignments: [row('cleared-then-offered-again', 4)] }),
    ];
    calls[0]?.resolve();
    await tick();
    expect(calls).toHaveLength(2);
    const batch = calls[1]?.batch;
    expect(batch?.assignments).toEqual([row('offered-then-accepted', 2), row('cleared-then-offered-again', 4)]);
    expect(batch?.assignmentDeletes).toEqual([key('offered-then-cleared')]);
    calls[1]?.resolve();
    await Promise.all(steps);
  });
});
