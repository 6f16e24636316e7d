import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Answer, AnswerCache } from './answer-cache.js';

const digest = (key: string) => hash('sha256', key, 'buffer');
const answer = (n: number): Answer => ({
  Id: `0190a3b4-5c6d-7e8f-9a0b-${n.toString(16).padStart(12, '0')}`,
  AbsoluteTime: new Date(1_790_000_000_000 + n).toISOString(),
});

describe('AnswerCache', () => {
  it('gives back what it was given, packed or not', () => {
    const c = new AnswerCache(8);
    const odd: Answer[] = [
      { Id: 'not-a-uuid', AbsoluteTime: '2026-11-21T12:00:00.000Z' },
      { Id: '0190A3B4-5C6D-7E8F-9A0B-0123456789AB', AbsoluteTime: '2026-11-21T12:00:00.000Z' }, // upper case
      { Id: '0190a3b4-5c6d-7e8f-9a0b-0123456789ab', AbsoluteTime: '2026-11-21T12:00:00Z' }, // not the canonical form
      { Id: '0190a3b4-5c6d-7e8f-9a0b-0123456789ab', AbsoluteTime: 'yesterday' },
    ];
    const all = [answer(0), answer(0xffffffffffff), ...odd];
    for (const [i, a] of all.entries()) c.set(digest(`k${i}`), a);
    for (const [i, a] of all.entries()) expect(c.get(digest(`k${i}`))).toStrictEqual(a);
    expect(c.get(digest('other'))).toBeUndefined();
    expect(c.size).toBe(all.length);
  });

  it('forgets what the insertions before the last `capacity` added; replacing an answer is not an insertion', () => {
    const c = new AnswerCache(3);
    for (const k of ['a', 'b', 'c']) c.set(digest(k), answer(k.charCodeAt(0)));
    c.set(digest('a'), answer(10));
    expect(c.get(digest('a'))).toStrictEqual(answer(10));
    c.set(digest('d'), { Id: 'odd', AbsoluteTime: 'odd' });
    expect(['a', 'b', 'c', 'd'].map((k) => c.get(digest(k))?.Id)).toEqual([undefined, answer(98).Id, answer(99).Id, 'odd']);
    // A slot whose answer did not pack takes a packed one when it is reused.
    for (const k of ['e', 'f', 'g']) c.set(digest(k), answer(k.charCodeAt(0)));
    expect(c.get(digest('g'))).toStrictEqual(answer(103));
    expect(c.get(digest('d'))).toBeUndefined();
    expect(c.size).toBe(3);
  });

  it('refuses a short digest and a capacity that is not a positive integer', () => {
    expect(() => new AnswerCache(0)).toThrow(RangeError);
    expect(() => new AnswerCache(1.5)).toThrow(RangeError);
    expect(() => new AnswerCache(2).get(new Uint8Array(8))).toThrow(RangeError);
  });

  it('agrees with a model, also when digests collide in their table bucket', () => {
    // Keys are 16-byte digests whose first bytes (the bucket) come from a tiny range, so
    // probe runs form, wrap around the table's end and are shifted back on eviction.
    const key = fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3 }));
    const toDigest = ([bucket, tag]: [number, number]) => {
      const d = new Uint8Array(16);
      d[0] = bucket === 7 ? 0xff : bucket; // 0xff lands in the table's last buckets
      d[15] = tag;
      return d;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.constantFrom('set' as const, 'get' as const), key, fc.nat({ max: 1000 })), { maxLength: 80 }),
        (capacity, ops) => {
          const c = new AnswerCache(capacity);
          const model = new Map<string, { value: Answer; added: number }>();
          let insertions = 0;
          for (const [kind, k, v] of ops) {
            const id = k.join('/');
            if (kind === 'get') {
              expect(c.get(toDigest(k))).toStrictEqual(model.get(id)?.value);
              continue;
            }
            const value = v % 5 === 0 ? { Id: `odd-${v}`, AbsoluteTime: 'odd' } : answer(v);
            c.set(toDigest(k), value);
            const held = model.get(id);
            if (held) held.value = value;
            else model.set(id, { value, added: insertions++ });
            for (const [mk, e] of model) if (e.added < insertions - capacity) model.delete(mk);
          }
          for (let b = 0; b < 8; b++)
            for (let t = 0; t < 4; t++) expect(c.get(toDigest([b, t]))).toStrictEqual(model.get(`${b}/${t}`)?.value);
          expect(c.size).toBe(model.size);
        },
      ),
      { numRuns: 500 },
    );
  });
});
