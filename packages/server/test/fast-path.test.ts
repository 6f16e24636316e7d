/**
 * SendMessage and SendEvent are answered before Fastify (src/http/fast-path.ts) when they
 * come over the network; `app.inject` still goes through Fastify's routes. Each request
 * here is sent both ways against one server, and the two answers must agree: status,
 * error type, body (ids and times aside), CORS and AWS headers.
 */
import { CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import { comparable, twoPaths } from './fast-path-support.js';

/** Ids and times differ between two sends. */
const VARYING = ['Id', 'AbsoluteTime'];

describe.each(backends)('SendMessage and SendEvent before Fastify, on $name', (backend) => {
  let world: ChatWorld;
  let token: string;

  beforeAll(async () => {
    world = await chatWorld(backend);
  });
  afterAll(async () => world.close());
  // A chat per case: each customer may send 20 messages at once (the default throttle).
  beforeEach(async () => {
    const chat = await world.startChat();
    const conn = await world
      .participantClient()
      .send(
        new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }),
      );
    token = conn.ConnectionCredentials!.ConnectionToken!;
  });

  const { overHttp, viaFastify, chunked, counted } = twoPaths(() => world.server, 'POST');
  const both = async (url: string, body: string, headers: Record<string, string> = {}) => {
    const all = { 'content-type': 'application/json', 'x-amz-bearer': token, ...headers };
    const fast = await overHttp(url, body, all);
    const slow = await viaFastify(url, body, all);
    expect(fast.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(comparable(fast, VARYING)).toEqual(comparable(slow, VARYING));
    return fast;
  };
  const message = (content: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ContentType: 'text/plain', Content: content, ...extra });

  it('a message: 200 with Id and AbsoluteTime, CORS for any origin', async () => {
    const a = await both('/participant/message', message('hello'), { origin: 'https://shop.example' });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ Id: expect.any(String), AbsoluteTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(a.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(a.headers['access-control-allow-credentials']).toBeUndefined();
    expect(await both('/participant/message/', message('trailing slash'))).toMatchObject({ status: 200 });
  });

  it('events: typing, a receipt, a custom event', async () => {
    const typing = await both(
      '/participant/event',
      JSON.stringify({ ContentType: 'application/vnd.amazonaws.connect.event.typing' }),
    );
    expect(typing.status).toBe(200);
    const sent = await overHttp('/participant/message', message('to be read'), {
      'content-type': 'application/json',
      'x-amz-bearer': token,
    });
    const read = JSON.stringify({
      ContentType: 'application/vnd.amazonaws.connect.event.message.read',
      Content: JSON.stringify({ messageId: sent.body.Id }),
    });
    expect((await both('/participant/event', read)).status).toBe(200);
  });

  it('refusals are the same AWS errors: token, JSON, validation, NUL', async () => {
    const cases: [string, string, Record<string, string>, number, string][] = [
      ['/participant/message', message('x'), { 'x-amz-bearer': 'not-a-token' }, 403, 'AccessDeniedException'],
      ['/participant/message', '{"ContentType":', {}, 400, 'ValidationException'],
      ['/participant/message', '[1,2]', {}, 400, 'ValidationException'],
      ['/participant/message', message(''), {}, 400, 'ValidationException'],
      ['/participant/message', message('x'.repeat(20_000)), {}, 400, 'ValidationException'],
      ['/participant/message', message('a\u0000b'), {}, 400, 'ValidationException'],
      ['/participant/message', JSON.stringify({ ContentType: 'image/png', Content: 'x' }), {}, 400, 'ValidationException'],
      ['/participant/event', JSON.stringify({ ContentType: 'no/such-event' }), {}, 400, 'ValidationException'],
    ];
    for (const [url, body, headers, status, type] of cases) {
      const a = await both(url, body, headers);
      expect([url, body.slice(0, 40), a.status, a.headers['x-amzn-errortype']]).toEqual([url, body.slice(0, 40), status, type]);
      expect(a.body.message).toEqual(expect.any(String));
      expect(a.body.Message).toBe(a.body.message);
    }
    const none = await both('/participant/message', message('x'), { 'x-amz-bearer': '' });
    expect(none.status).toBe(403);
  });

  it('a body over the limit is left to Fastify: 413, RequestEntityTooLargeException', async () => {
    const big = message('x'.repeat(1024 * 1024 + 10));
    const a = await overHttp('/participant/message', big, { 'content-type': 'application/json', 'x-amz-bearer': token }, false);
    expect(a.status).toBe(413);
    expect(a.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
  });

  it('a ClientToken repeated over either path gives the same answer, one item', async () => {
    const body = message('once', { ClientToken: 'fast-path-idempotent-1' });
    const first = await overHttp('/participant/message', body, { 'content-type': 'application/json', 'x-amz-bearer': token });
    const again = await viaFastify('/participant/message', body, { 'content-type': 'application/json', 'x-amz-bearer': token });
    expect(again.body).toEqual(first.body);
  });

  it('other requests are left to Fastify: another route, a query string, a chunked body', async () => {
    const h = { 'content-type': 'application/json', 'x-amz-bearer': token };
    expect((await overHttp('/participant/transcript', '{}', h, false)).status).toBe(200);
    expect((await overHttp('/participant/message?x=1', message('with a query'), h, false)).status).toBe(200);
    const res = await chunked('/participant/message', message('chunked'), h);
    expect(res.status).toBe(200);
  });

  it('answers over the network are counted on /metrics under their route', async () => {
    const count = () => counted('/participant/message');
    await overHttp('/participant/message', message('warm'), { 'content-type': 'application/json', 'x-amz-bearer': token });
    const before = await count();
    for (let i = 0; i < 3; i++)
      await overHttp('/participant/message', message(`counted ${i}`), {
        'content-type': 'application/json',
        'x-amz-bearer': token,
      });
    expect(await count()).toBe(before + 3);
  });
});
