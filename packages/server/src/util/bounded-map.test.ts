import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.js';

describe('BoundedMap', () => {
  it('forgets what the insertions before the last `limit` added; replacing a value is not an insertion', () => {
    const m = new BoundedMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    m.set('a', 10);
    expect(m.get('a')).toBe(10);
    m.set('d', 4);
    expect([m.get('a'), m.get('b'), m.get('c'), m.get('d')]).toEqual([undefined, 2, 3, 4]);
    expect(m.size).toBe(3);
  });

  it('a key deleted and added again stays for `limit` insertions from its new one', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1);
    expect(m.delete('a')).toBe(true);
    m.set('b', 2);
    m.set('a', 3);
    m.set('c', 4); // evicts insertion 0 ('a', deleted) and keeps the new 'a'
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([3, undefined, 4]);
  });

  it('agrees with a model: a Map of the entries the last `limit` insertions added', () => {
    const op = fc.oneof(
      fc.tuple(fc.constant('set' as const), fc.integer({ min: 0, max: 9 }), fc.nat()),
      fc.tuple(fc.constant('delete' as const), fc.integer({ min: 0, max: 9 }), fc.constant(0)),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 60 }), (limit, ops) => {
        const m = new BoundedMap<number, number>(limit);
        const model = new Map<number, { value: number; added: number }>();
        let insertions = 0;
        for (const [kind, k, v] of ops) {
          if (kind === 'delete') {
            expect(m.delete(k)).toBe(model.delete(k));
          } else if (model.has(k)) {
            (model.get(k) as { value: number }).value = v;
            m.set(k, v);
          } else {
            model.set(k, { value: v, added: insertions++ });
            for (const [key, e] of model) if (e.added < insertions - limit) model.delete(key);
            m.set(k, v);
          }
        }
        expect(m.size).toBe(model.size);
        for (let k = 0; k <= 9; k++) expect(m.get(k)).toBe(model.get(k)?.value);
      }),
    );
  });

  it('evicts in constant time once full', () => {
    const m = new BoundedMap<string, number>(50_000);
    for (let i = 0; i < 50_000; i++) m.set(`warm-${i}`, i);
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) m.set(`key-${i}`, i);
    // Evicting through Map#keys() took ~35 µs a key on a full 50,000-entry map: seconds here.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(m.get('key-99999')).toBe(99_999);
    expect(m.get('key-49999')).toBeUndefined();
    expect(m.size).toBe(50_000);
  });
});
