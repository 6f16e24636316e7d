import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  ConnectClient,
  CreateQueueCommand,
  DescribeQueueCommand,
  ListQueuesCommand,
  TagResourceCommand,
} from '@aws-sdk/client-connect';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { InvalidSignatureException, MissingAuthenticationTokenException, UnrecognizedClientException } from '@switchboard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastSignature, type IncomingSignedRequest, parseRequest, verifySigV4 } from './sigv4.js';

const AKID = 'AKIDEXAMPLE';
const SECRET = 'secret';
const lookup = (id: string) => (id === AKID ? SECRET : undefined);
const NOW = Date.UTC(2026, 10, 21, 12, 1, 41); // 20261121T120141Z
const opts = { service: 'connect', now: NOW };
const AUTH_ERRORS = [InvalidSignatureException, MissingAuthenticationTokenException, UnrecognizedClientException];

/** The SDK's query/label encoding (RFC 3986: encodeURIComponent plus !'()*). */
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

interface ClientRequest {
  method: string;
  path: string; // already percent-encoded, like the SDK's serialised HttpRequest.path
  query?: Record<string, string | string[]>;
  body?: string;
  headers?: Record<string, string>;
}

/** Signs client-side exactly like the SDK does and returns what the server would receive. */
async function signLikeSdk(r: ClientRequest, applyChecksum = true): Promise<IncomingSignedRequest> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
    region: 'us-east-1',
    service: 'connect',
    sha256: Sha256,
    applyChecksum,
  });
  const body = r.body ?? '';
  const headers: Record<string, string> = { host: 'connect.example.test:8443', ...r.headers };
  if (body) headers['content-type'] = 'application/json';
  if (body) headers['content-length'] = String(Buffer.byteLength(body));
  const request = new HttpRequest({
    method: r.method,
    hostname: 'connect.example.test',
    path: r.path,
    query: r.query ?? {},
    headers,
    body: body || undefined,
  });
  const signed = await signer.sign(request, { signingDate: new Date(NOW) });
  const search = Object.entries(r.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${enc(k)}=${enc(x)}`))
    .join('&');
  return {
    method: r.method,
    rawUrl: search ? `${r.path}?${search}` : r.path,
    headers: { ...signed.headers, 'user-agent': 'aws-sdk-js/3 test' },
    body: Buffer.from(body),
  };
}

async function expectRejected(p: Promise<unknown>, cls: (typeof AUTH_ERRORS)[number], message?: RegExp) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(cls);
  if (message) expect((err as Error).message).toMatch(message);
}

const ARN_PATH = `/tags/${enc('arn:aws:connect:us-east-1:123456789012:instance/abc')}`;

describe('verifySigV4 round-trip with SignatureV4', () => {
  const cases: [string, ClientRequest][] = [
    ['percent-encoded ARN path', { method: 'POST', path: ARN_PATH, body: JSON.stringify({ tags: { team: 'a b' } }) }],
    [
      'repeated keys and special characters in the query',
      {
        method: 'GET',
        path: '/queues-summary/abc',
        query: { queueTypes: ['STANDARD', 'AGENT'], nextToken: "a/b+c= ~!*'()é&x", maxResults: '2', empty: '' },
      },
    ],
    ['empty-body GET', { method: 'GET', path: '/queues/abc/q-1' }],
    [
      'JSON PUT body',
      { method: 'PUT', path: '/queues/abc', body: JSON.stringify({ Name: 'Support ✓', HoursOfOperationId: 'h' }) },
    ],
  ];
  for (const [name, r] of cases) {
    it(`accepts ${name}`, async () => {
      expect(await verifySigV4(await signLikeSdk(r), lookup, opts)).toEqual({ accessKeyId: AKID, region: 'us-east-1' });
    });
  }

  it('rejects a wrong secret, a changed body byte and a changed path', async () => {
    const req = await signLikeSdk(cases[3]![1]);
    await expectRejected(
      verifySigV4(req, () => 'other', opts),
      InvalidSignatureException,
      /does not match the signature/,
    );
    const body = Buffer.from(req.body);
    body[2] = body[2]! ^ 1;
    await expectRejected(verifySigV4({ ...req, body }, lookup, opts), InvalidSignatureException);
    await expectRejected(verifySigV4({ ...req, rawUrl: '/queues/abd' }, lookup, opts), InvalidSignatureException);
  });

  it('respects a signed x-amz-content-sha256 and checks it against the body', async () => {
    const req = await signLikeSdk(cases[3]![1]);
    expect(req.headers.authorization).toContain('x-amz-content-sha256');
    await expectRejected(
      verifySigV4({ ...req, body: Buffer.from('{}') }, lookup, opts),
      InvalidSignatureException,
      /x-amz-content-sha256/,
    );
  });

  it('ignores unsigned headers and never signs a header the client did not', async () => {
    const req = await signLikeSdk(cases[3]![1], false); // no x-amz-content-sha256 at all
    expect(req.headers['x-amz-content-sha256']).toBeUndefined();
    const extra = { 'x-extra': '1', 'x-amzn-trace-id': 'Root=1', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
    const withExtra = { ...req, headers: { ...req.headers, ...extra } };
    await expect(verifySigV4(withExtra, lookup, opts)).resolves.toEqual({ accessKeyId: AKID, region: 'us-east-1' });
    const body = Buffer.from(req.body);
    body[3] = body[3]! ^ 1;
    await expectRejected(
      verifySigV4({ ...withExtra, body }, lookup, opts),
      InvalidSignatureException,
      /does not match the signature/,
    );
  });
});

describe('verifySigV4 against the unmodified @aws-sdk/client-connect', () => {
  it('accepts every captured request and rejects tampered copies', async () => {
    const captured: IncomingSignedRequest[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captured.push({ method: req.method ?? '', rawUrl: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new ConnectClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
    });
    try {
      await client.send(
        new ListQueuesCommand({ InstanceId: 'i', MaxResults: 5, NextToken: 'a/b+c=', QueueTypes: ['STANDARD', 'AGENT'] }),
      );
      await client.send(
        new CreateQueueCommand({ InstanceId: 'i', Name: 'Support ✓', HoursOfOperationId: 'h-1', Tags: { k: 'v w' } }),
      );
      await client.send(new DescribeQueueCommand({ InstanceId: 'i', QueueId: 'q/1 x' }));
      await client.send(
        new TagResourceCommand({ resourceArn: 'arn:aws:connect:us-east-1:123456789012:instance/abc', tags: { team: 'ops' } }),
      );
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }

    expect(captured.map((r) => r.rawUrl)).toEqual([
      expect.stringMatching(/^\/queues-summary\/i\?.*queueTypes=STANDARD&queueTypes=AGENT/),
      '/queues/i',
      '/queues/i/q%2F1%20x',
      '/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2Fabc',
    ]);
    const live = { service: 'connect', now: Date.now() };
    for (const req of captured) {
      await expect(verifySigV4(req, lookup, live)).resolves.toEqual({ accessKeyId: AKID, region: 'us-east-1' });
      await expectRejected(
        verifySigV4(req, () => 'not-the-secret', live),
        InvalidSignatureException,
        /does not match/,
      );
      await expectRejected(
        verifySigV4({ ...req, rawUrl: `${req.rawUrl}${req.rawUrl.includes('?') ? '&' : '?'}x=1` }, lookup, live),
        InvalidSignatureException,
      );
      if (req.body.length > 0) {
        const body = Buffer.from(req.body);
        body[body.length - 2] = body[body.length - 2]! ^ 1;
        await expectRejected(verifySigV4({ ...req, body }, lookup, live), InvalidSignatureException);
      }
    }
    const list = captured[0]!;
    await expectRejected(
      verifySigV4({ ...list, rawUrl: list.rawUrl.replace('maxResults=5', 'maxResults=6') }, lookup, live),
      InvalidSignatureException,
    );
  });
});

describe('verifySigV4 failures', () => {
  it('rejects an unknown access key', async () => {
    const req = await signLikeSdk({ method: 'GET', path: '/queues/abc/q-1' });
    await expectRejected(
      verifySigV4(req, () => undefined, opts),
      UnrecognizedClientException,
      /security token included in the request is invalid/,
    );
  });

  it('rejects a request without Authorization', async () => {
    const req = await signLikeSdk({ method: 'GET', path: '/queues/abc/q-1' });
    const { authorization: _, ...headers } = req.headers;
    await expectRejected(
      verifySigV4({ ...req, headers }, lookup, opts),
      MissingAuthenticationTokenException,
      /^Missing Authentication Token$/,
    );
  });

  it('rejects skewed, malformed and out-of-scope dates', async () => {
    const req = await signLikeSdk({ method: 'GET', path: '/queues/abc/q-1' });
    const minute = 60_000;
    await expectRejected(
      verifySigV4(req, lookup, { ...opts, now: NOW + 16 * minute }),
      InvalidSignatureException,
      /^Signature expired: 20261121T120141Z is now earlier than/,
    );
    await expectRejected(
      verifySigV4(req, lookup, { ...opts, now: NOW - 16 * minute }),
      InvalidSignatureException,
      /^Signature expired: 20261121T120141Z is now later than/,
    );
    await expect(verifySigV4(req, lookup, { ...opts, now: NOW + 14 * minute })).resolves.toBeDefined();
    await expectRejected(
      verifySigV4(req, lookup, { ...opts, now: NOW + 2 * minute, maxSkewMs: minute }),
      InvalidSignatureException,
      /expired/,
    );
    await expectRejected(
      verifySigV4({ ...req, headers: { ...req.headers, 'x-amz-date': '2026-11-21T12:01:41Z' } }, lookup, opts),
      InvalidSignatureException,
      /basic ISO 8601/,
    );
    // Shaped right but not a real instant (or not digits): refused as malformed, not as skewed.
    for (const bad of [
      '20261131T120141Z',
      '20261121T240000Z',
      '20261121T126041Z',
      '2026112xT120141Z',
      '20261121T1201415',
      ' 0261121T120141Z',
    ]) {
      await expectRejected(
        verifySigV4({ ...req, headers: { ...req.headers, 'x-amz-date': bad } }, lookup, opts),
        InvalidSignatureException,
        /basic ISO 8601/,
      );
    }
    const { 'x-amz-date': _, ...noDate } = req.headers;
    await expectRejected(verifySigV4({ ...req, headers: noDate }, lookup, opts), InvalidSignatureException, /X-Amz-Date/);
    const otherScope = String(req.headers.authorization).replace('/20261121/', '/20261120/');
    await expectRejected(
      verifySigV4({ ...req, headers: { ...req.headers, authorization: otherScope } }, lookup, opts),
      InvalidSignatureException,
      /scope date/,
    );
  });

  it('rejects a credential scoped to another service', async () => {
    const req = await signLikeSdk({ method: 'GET', path: '/queues/abc/q-1' });
    await expectRejected(
      verifySigV4(req, lookup, { ...opts, service: 'participant' }),
      InvalidSignatureException,
      /correct service/,
    );
  });

  it('lets errors from the secret lookup itself propagate', async () => {
    const req = await signLikeSdk({ method: 'GET', path: '/queues/abc/q-1' });
    const boom = new Error('db down');
    await expect(verifySigV4(req, () => Promise.reject(boom), opts)).rejects.toBe(boom);
  });

  it('never throws anything but the three auth errors for garbage input', async () => {
    const valid = await signLikeSdk({ method: 'GET', path: '/queues/abc/q-1', query: { a: 'b' } });
    const isAuthError = (e: unknown) => AUTH_ERRORS.some((c) => e instanceof c);
    const authorization = fc.oneof(
      fc.string(),
      fc.string().map((s) => `AWS4-HMAC-SHA256 ${s}`),
      fc.string().map((s) => String(valid.headers.authorization).replace('Signature=', `Signature=${s}`)),
    );
    await fc.assert(
      fc.asyncProperty(authorization, fc.string(), fc.string(), async (auth, url, date) => {
        for (const req of [
          { ...valid, headers: { ...valid.headers, authorization: auth } },
          { ...valid, rawUrl: url },
          { ...valid, rawUrl: `/q?${url}`, headers: { ...valid.headers, 'x-amz-date': date } },
        ]) {
          const err = await verifySigV4(req, lookup, opts).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (err !== undefined) expect(isAuthError(err)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the fast path (canonical request built with node:crypto)', () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/);
  const text = fc.string({ maxLength: 12 });
  const request = fc.record({
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE'),
    path: fc.array(segment, { maxLength: 4 }).map((s) => `/${s.join('/')}`),
    // Not `__proto__`: the SDK's signer assigns each pair into a plain object, where that key
    // sets the prototype instead, and signs "[object Object]" for it (no Connect operation
    // has such a query member; the server signs the pair as sent).
    query: fc.dictionary(
      text.filter((k) => k !== '__proto__'),
      fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })),
      { maxKeys: 4 },
    ),
    body: fc.string({ maxLength: 40 }),
    headers: fc.dictionary(fc.constantFrom('x-amz-user-agent', 'x-amz-target', 'x-custom'), fc.string({ maxLength: 20 }), {
      maxKeys: 2,
    }),
    checksum: fc.boolean(),
  });

  it('signs plain paths exactly as the SDK does (random methods, queries, header whitespace, bodies)', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // Header values as a client sends them: no line breaks; inner whitespace is folded by both.
        const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, ` ${v.replace(/[\r\n]/g, ' ')}  x `]));
        const signed = await signLikeSdk({ ...r, headers }, r.checksum);
        const parsed = parseRequest(signed, opts);
        const fast = fastSignature(parsed, String(signed.headers['x-amz-date']), SECRET, 'connect');
        expect(fast).toBe(parsed.auth.signature);
      }),
      { numRuns: 300 },
    );
  });

  it('steps aside for paths that need the SDK escaping rules', async () => {
    for (const path of [ARN_PATH, '/a/./b', '/a/../b', '/a//b', '/caf%C3%A9']) {
      const signed = await signLikeSdk({ method: 'GET', path });
      expect(fastSignature(parseRequest(signed, opts), String(signed.headers['x-amz-date']), SECRET, 'connect')).toBeUndefined();
      await expect(verifySigV4(signed, lookup, opts)).resolves.toMatchObject({ accessKeyId: AKID });
    }
  });
});
