/**
 * Property test: random JSON to every admin operation — correctly signed, so the input
 * reaches validation and the handlers — never gets a 5xx, never crashes the server, and
 * every error is an AWS-style answer (x-amzn-errortype + message).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOperations, switchboardAdminOperations } from '../src/api/admin/index.js';
import { pathLabels } from '../src/http/operation.js';
import { backends } from './backends.js';
import { startTestServer, TEST_KEY, type TestServer } from './harness.js';
import { signedFetch } from './sign.js';

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 25);

/** The member names an operation's input schema knows, to build bodies that get deep. */
const memberNames = (op: (typeof adminOperations)[number]): string[] => {
  const shape = (op.input as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
};

async function expectAwsAnswer(res: Response, what: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('x-amzn-errortype'), what).toBeTruthy();
    const body = JSON.parse(text) as { message?: unknown };
    expect(typeof body.message, what).toBe('string');
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack traces
  }
}

describe.each(backends)('admin API under random input on $name', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(await backend.open());
  });
  afterAll(async () => ts?.close());

  for (const op of [...adminOperations, ...switchboardAdminOperations]) {
    it(`${op.name} never answers 5xx`, async () => {
      const names = memberNames(op);
      const labelValue = fc.oneof(
        fc.constant('__INSTANCE__'),
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 20 }), // NUL, lone surrogates, astral characters
        fc.uuid(),
        fc.constant('arn:aws:connect:us-east-1:123456789012:instance/x/queue/y'),
      );
      const bodyValue = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 12 }), { maxKeys: 4 }),
        fc.dictionary(
          fc.oneof(fc.constantFrom(...(names.length ? names : ['x'])), fc.string({ maxLength: 8 })),
          fc.jsonValue({ maxDepth: 3 }),
          { maxKeys: 8 },
        ),
      );
      const rawBody = fc.oneof(
        bodyValue.map((v) => JSON.stringify(v)),
        fc.string({ maxLength: 60 }), // not JSON at all
        fc.constant(''),
      );
      const query = fc.dictionary(
        fc.constantFrom(
          'maxResults',
          'nextToken',
          'queueTypes',
          'AgentStatusTypes',
          'QuickConnectTypes',
          'contactFlowTypes',
          'status',
          'name',
          'snapshotVersion',
          'other',
        ),
        fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })),
        { maxKeys: 3 },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(labelValue, { minLength: 3, maxLength: 3 }), rawBody, query, async (labels, body, q) => {
          let i = 0;
          const path = op.path.replace(/\{[A-Za-z0-9]+\}/g, () => {
            const v = labels[i++] ?? 'x';
            return encodeURIComponent(v === '__INSTANCE__' ? ts.instance.id : v || 'x');
          });
          const withBody = op.method === 'PUT' || op.method === 'POST';
          const res = await signedFetch(ts.url, { method: op.method, path, query: q, ...(withBody ? { body } : {}) }, TEST_KEY);
          await expectAwsAnswer(res, `${op.name} ${op.method} ${path} ${body.slice(0, 200)}`);
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
      expect(pathLabels(op.path).length).toBeLessThanOrEqual(3);
    });
  }

  it('the server still answers after the fuzzing', async () => {
    const res = await fetch(`${ts.url}/healthz`);
    expect(res.status).toBe(200);
  });
});
