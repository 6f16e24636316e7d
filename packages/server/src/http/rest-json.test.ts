/**
 * assembleInput: where an operation's input members come from, and the NUL check (Postgres
 * cannot store U+0000) on every one of them, body, path labels and query alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Operation } from './operation.js';
import { assembleInput } from './rest-json.js';

const op: Operation<unknown> = {
  name: 'UpdateThing',
  method: 'POST',
  path: '/things/{InstanceId}/{ThingId}',
  query: { MaxResults: ['maxResults', 'int'], Tags: ['tag', 'list'] },
  input: z.object({}),
  handler: async () => ({}),
};
const params = { InstanceId: 'i-1', ThingId: 't-1' };
const body = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');
const NUL = /NUL character/;

describe('assembleInput', () => {
  it('merges path labels, query and body', () => {
    expect(assembleInput(op, params, { maxResults: '5', tag: ['a', 'b'] }, body({ Name: 'n', Nested: { X: [1] } }))).toEqual({
      Name: 'n',
      Nested: { X: [1] },
      InstanceId: 'i-1',
      ThingId: 't-1',
      MaxResults: 5,
      Tags: ['a', 'b'],
    });
  });

  it('refuses U+0000 anywhere in the body: values, nested values, keys', () => {
    for (const v of [{ Name: 'a\u0000b' }, { A: { B: ['x', '\u0000'] } }, { 'k\u0000': 1 }])
      expect(() => assembleInput(op, params, {}, body(v))).toThrow(NUL);
  });

  it('accepts the text "\\u0000" (a backslash, then u0000): it is no NUL character', () => {
    const input = assembleInput(op, params, {}, body({ Content: 'type \\u0000 to see' }));
    expect(input.Content).toBe('type \\u0000 to see');
  });

  it('refuses U+0000 in a path label or a query value', () => {
    expect(() => assembleInput(op, { ...params, ThingId: 't\u0000' }, {}, body({}))).toThrow(NUL);
    expect(() => assembleInput(op, params, { tag: ['ok', 'b\u0000'] }, body({}))).toThrow(NUL);
  });

  it('for any JSON object body: refused exactly when some key or string in it holds U+0000', () => {
    const hasNul = (v: unknown): boolean =>
      typeof v === 'string'
        ? v.includes('\u0000')
        : typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x));
    const text = fc.oneof(fc.string(), fc.constantFrom('\u0000', 'a\u0000', '\\u0000', '\\\u0000'));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.array(tie('v'), { maxLength: 3 }), tie('o')),
      o: fc.dictionary(text, tie('v'), { maxKeys: 3 }),
    })).o;
    fc.assert(
      fc.property(value, (v) => {
        let refused = false;
        try {
          assembleInput(op, params, {}, body(v));
        } catch (err) {
          expect(String(err)).toMatch(NUL);
          refused = true;
        }
        expect(refused).toBe(hasNul(v));
      }),
    );
  });
});
