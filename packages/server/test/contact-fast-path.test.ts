/**
 * StartChatContact is answered before Fastify (src/http/fast-path.ts) when it comes over
 * the network without an Origin; `app.inject` still goes through Fastify's routes. Each
 * request here is signed once and sent both ways against one server, and the two answers
 * must agree: status, error type, body (ids aside), CORS and AWS headers.
 */
import { randomUUID } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { demoConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import { comparable, twoPaths } from './fast-path-support.js';
import { MISSING } from './sdk-errors.js';

const key = demoConfig.accessKeys[0]!;

/** Ids and tokens differ between two starts. */
const VARYING = ['ContactId', 'ParticipantId', 'ParticipantToken'];

describe.each(backends)('StartChatContact before Fastify, on $name', (backend) => {
  let world: ChatWorld;
  let host: string;

  beforeAll(async () => {
    world = await chatWorld(backend);
    host = new URL(world.server.url).host;
  });
  afterAll(async () => world.close());

  const input = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      InstanceId: world.server.instance.id,
      ContactFlowId: world.flows['Support inbound'],
      ParticipantDetails: { DisplayName: 'Jane' },
      ...extra,
    });

  /** The headers the SDK would send for this request (host aside: fetch sets the same). */
  const sign = async (
    body: string | undefined,
    opts: { path?: string; query?: Record<string, string>; secret?: string } = {},
  ): Promise<Record<string, string>> => {
    const signer = new SignatureV4({
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: opts.secret ?? key.secretAccessKey },
      region: 'us-east-1',
      service: 'connect',
      sha256: Sha256,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'PUT',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: Number(new URL(world.server.url).port),
        path: opts.path ?? '/contact/chat',
        query: opts.query ?? {},
        headers: { host, 'content-type': 'application/json' },
        ...(body !== undefined ? { body } : {}),
      }),
    );
    const { host: _host, ...headers } = signed.headers as Record<string, string>;
    return headers;
  };

  const served = () => world.server.app.fastPathStats.served;
  const { overHttp, viaFastify, chunked, counted } = twoPaths(
    () => world.server,
    'PUT',
    () => ({ host }),
  );
  const both = async (body: string, headers: Record<string, string>, url = '/contact/chat') => {
    const fast = await overHttp(url, body, headers);
    const slow = await viaFastify(url, body, headers);
    expect(fast.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(slow.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(comparable(fast, VARYING)).toEqual(comparable(slow, VARYING));
    return fast;
  };

  it('a chat started: 200 with ContactId, ParticipantId, ParticipantToken; the answer headers of a call without Origin', async () => {
    const body = input();
    const a = await both(body, await sign(body));
    expect(a.status).toBe(200);
    expect(a.body).toEqual({
      ContactId: expect.any(String),
      ParticipantId: expect.any(String),
      ParticipantToken: expect.any(String),
    });
    expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(a.headers.vary).toBe('Origin');
    expect(a.headers['access-control-allow-origin']).toBeUndefined();
    expect(a.headers['access-control-allow-credentials']).toBe('true');
    const slash = input();
    expect(await both(slash, await sign(slash, { path: '/contact/chat/' }), '/contact/chat/')).toMatchObject({ status: 200 });
  });

  it('a ClientToken repeated over either path gives the same answer, one contact', async () => {
    for (const fastFirst of [true, false]) {
      const body = input({ ClientToken: randomUUID() });
      const headers = await sign(body);
      const first = fastFirst ? await overHttp('/contact/chat', body, headers) : await viaFastify('/contact/chat', body, headers);
      const again = fastFirst ? await viaFastify('/contact/chat', body, headers) : await overHttp('/contact/chat', body, headers);
      expect(first.status).toBe(200);
      expect(again).toMatchObject({ status: 200, body: first.body });
    }
  });

  it('refusals are the same AWS errors: signature, JSON, validation, unknown instance or flow', async () => {
    const cases: [string, string, Record<string, string>, number, string][] = [
      [
        'bad signature',
        input(),
        await sign(input(), { secret: 'not-the-secret-key-0000000000' }),
        403,
        'InvalidSignatureException',
      ],
      ['no Authorization', input(), { 'content-type': 'application/json' }, 403, 'MissingAuthenticationTokenException'],
      ['malformed JSON', '{"InstanceId":', await sign('{"InstanceId":'), 400, 'SerializationException'],
      ['not an object', '[1,2]', await sign('[1,2]'), 400, 'SerializationException'],
      ['no ParticipantDetails', input({ ParticipantDetails: undefined }), {}, 400, 'InvalidParameterException'],
      ['NUL', input({ ParticipantDetails: { DisplayName: 'a\u0000b' } }), {}, 400, 'InvalidParameterException'],
      ['unknown instance', input({ InstanceId: MISSING }), {}, 404, 'ResourceNotFoundException'],
      ['unknown flow', input({ ContactFlowId: MISSING }), {}, 404, 'ResourceNotFoundException'],
    ];
    for (const [what, body, headers, status, type] of cases) {
      const a = await both(body, Object.keys(headers).length ? headers : await sign(body));
      expect([what, a.status, a.headers['x-amzn-errortype']]).toEqual([what, status, type]);
      expect(a.body.message).toEqual(expect.any(String));
      expect(a.body.Message).toBe(a.body.message);
    }
  });

  it('a request with an Origin is left to Fastify, which applies the approved origins', async () => {
    const body = input();
    const headers = { ...(await sign(body)), origin: 'https://elsewhere.example' };
    const a = await overHttp('/contact/chat', body, headers, false);
    expect(a.status).toBe(200);
    expect(a.headers['access-control-allow-origin']).toBeUndefined();
    expect(comparable(a, VARYING)).toEqual(comparable(await viaFastify('/contact/chat', body, headers), VARYING));
  });

  it('a query string, a chunked body or a content type other than JSON is left to Fastify', async () => {
    const body = input();
    const query = await overHttp('/contact/chat?x=1', body, await sign(body, { query: { x: '1' } }), false);
    expect(query.status).toBe(200);
    const malformed = await overHttp('/contact/chat', body, { ...(await sign(body)), 'content-type': 'json' }, false);
    expect([malformed.status, malformed.headers['x-amzn-errortype']]).toEqual([400, 'InvalidRequestException']);
    const res = await chunked('/contact/chat', body, await sign(body));
    expect(res.status).toBe(200);
  });

  it('answers over the network are counted on /metrics under /contact/chat', async () => {
    const count = () => counted('/contact/chat');
    const warm = input();
    await overHttp('/contact/chat', warm, await sign(warm));
    const before = await count();
    for (let i = 0; i < 3; i++) {
      const body = input();
      await overHttp('/contact/chat', body, await sign(body));
    }
    expect(await count()).toBe(before + 3);
  });

  it('the unmodified SDK over the network is answered by the fast path', async () => {
    const before = served();
    const out = await world.connect.send(
      new StartChatContactCommand({
        InstanceId: world.server.instance.id,
        ContactFlowId: world.flows['Support inbound'],
        ParticipantDetails: { DisplayName: 'Jane' },
      }),
    );
    expect(served()).toBe(before + 1);
    expect(out).toMatchObject({
      ContactId: expect.any(String),
      ParticipantId: expect.any(String),
      ParticipantToken: expect.any(String),
    });
  });
});
