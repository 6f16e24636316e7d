import { describe, expect, it } from 'vitest';
import { AgentApiError } from './errors.js';
import { requestJson } from './http.js';

const req = {
  method: 'POST' as const,
  url: 'http://sb.test/agent/v1/commands/x',
  token: 'tok',
  body: { a: 1 },
  timeoutMs: 1_000,
};

describe('requestJson', () => {
  it('sends JSON with the bearer token and answers the JSON body', async () => {
    let seen: RequestInit | undefined;
    const out = await requestJson(async (_url, init) => {
      seen = init;
      return new Response('{"ok":true}', { status: 200 });
    }, req);
    expect(out).toEqual({ ok: true });
    expect(seen?.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    expect(seen?.body).toBe('{"a":1}');
  });

  it('answers {} for an empty body', async () => {
    expect(await requestJson(async () => new Response('', { status: 200 }), req)).toEqual({});
  });

  it('rejects with the AWS error type and message of an error answer', async () => {
    const err = await requestJson(
      async () =>
        new Response('{"message":"Incorrect username or password"}', {
          status: 403,
          headers: { 'x-amzn-errortype': 'AccessDeniedException:http://internal.amazon.com/coral/' },
        }),
      req,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentApiError);
    expect(err).toMatchObject({
      name: 'AccessDeniedException',
      type: 'AccessDeniedException',
      message: 'Incorrect username or password',
      status: 403,
      $fault: 'client',
    });
  });

  it('names an error answer without a type after its status, and reads `Message`', async () => {
    const err = await requestJson(async () => new Response('{"Message":"down"}', { status: 503 }), req).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'InternalServiceException', message: 'down', $fault: 'server' });
  });

  it('turns a failed fetch (a TypeError) into a NetworkingError', async () => {
    const err = await requestJson(async () => {
      throw new TypeError('fetch failed');
    }, req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentApiError);
    expect(err).toMatchObject({ type: 'NetworkingError', message: 'POST /agent/v1/commands/x: fetch failed' });
  });

  it('turns an aborted request into a TimeoutError', async () => {
    const err = await requestJson(async () => {
      throw Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    }, req).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'TimeoutError' });
  });

  it('rejects a successful answer that is not JSON', async () => {
    const err = await requestJson(async () => new Response('<html>', { status: 200 }), req).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'SerializationException' });
  });
});
