/**
 * Every admin route is the one the unmodified @aws-sdk/client-connect sends: same method,
 * same path template, same query parameter names. A typo here would be a 404 in the field.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { adminOperations } from '../src/api/admin/index.js';
import { contactOperations } from '../src/api/contact/index.js';

const require = createRequire(import.meta.url);
const sdk = require('@aws-sdk/client-connect') as Record<string, unknown>;

type Schema = [number, string, string, { http?: [string, string, number] }, () => unknown, () => unknown];
type Struct = [number, string, string, unknown, string[], unknown[]];

/** The query parameter names the SDK binds for an operation's input, by member. */
const sdkQuery = (schema: Schema): Record<string, string> => {
  const input = schema[4]() as Struct;
  const out: Record<string, string> = {};
  input[4].forEach((member, i) => {
    const m = input[5][i];
    const traits = Array.isArray(m) && m.length === 2 && typeof m[1] === 'object' ? (m[1] as { httpQuery?: string }) : undefined;
    if (traits?.httpQuery) out[member] = traits.httpQuery;
  });
  return out;
};

describe('admin and contact routes match the SDK model', () => {
  it('covers the operations the README lists (at least 59)', () => {
    expect(adminOperations.length).toBeGreaterThanOrEqual(59);
    expect(new Set(adminOperations.map((o) => o.name)).size).toBe(adminOperations.length);
  });

  it('serves the contact operations too, each once', () => {
    const names = contactOperations.map((o) => o.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'StartChatContact',
        'StopContact',
        'DescribeContact',
        'UpdateContactAttributes',
        'GetContactAttributes',
        'TransferContact',
        'GetCurrentMetricData',
        'GetCurrentUserData',
      ]),
    );
    const all = [...adminOperations, ...contactOperations].map((o) => o.name);
    expect(new Set(all).size).toBe(all.length);
  });

  for (const op of [...adminOperations, ...contactOperations]) {
    it(`${op.name}: ${op.method} ${op.path}`, () => {
      const schema = sdk[`${op.name}$`] as Schema | undefined;
      expect(schema, `${op.name} is not an operation of @aws-sdk/client-connect`).toBeDefined();
      const [method, path] = schema![3].http!;
      expect(`${op.method} ${op.path}`).toBe(`${method} ${path}`);
      const ours = Object.fromEntries(Object.entries(op.query ?? {}).map(([member, [name]]) => [member, name]));
      expect(ours).toEqual(sdkQuery(schema!));
    });
  }
});
