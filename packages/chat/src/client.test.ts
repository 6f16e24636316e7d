import { describe, expect, it } from 'vitest';
import { errorTypeOf, ParticipantClient } from './client.js';
import { ChatError } from './errors.js';
import { makeLogger } from './logger.js';

describe('errorTypeOf (as the AWS SDKs read it)', () => {
  it('reads the header, then body code / __type, and sanitises', () => {
    expect(errorTypeOf('AccessDeniedException', undefined, 403)).toBe('AccessDeniedException');
    expect(errorTypeOf('AccessDeniedException:http://internal', undefined, 403)).toBe('AccessDeniedException');
    expect(errorTypeOf(null, { __type: 'com.amazonaws.connectparticipant#ThrottlingException' }, 429)).toBe(
      'ThrottlingException',
    );
    expect(errorTypeOf(null, { code: 'ValidationException' }, 400)).toBe('ValidationException');
    expect(errorTypeOf(null, undefined, 502)).toBe('InternalServerException');
  });
});

describe('ParticipantClient retries', () => {
  const answers = (list: (() => Response | Promise<Response>)[]) => {
    const calls: string[] = [];
    const fetch = (async (url: string) => {
      calls.push(String(url));
      const next = list.shift();
      if (!next) throw new Error('no more answers');
      return next();
    }) as unknown as typeof globalThis.fetch;
    return { fetch, calls };
  };
  const err = (status: number, type: string) => () =>
    new Response(JSON.stringify({ message: `${type} said no` }), { status, headers: { 'x-amzn-errortype': type } });

  it('tries a throttled or failed call again, then succeeds', async () => {
    const { fetch, calls } = answers([
      err(429, 'ThrottlingException'),
      () => Promise.reject(new TypeError('fetch failed')),
      () => new Response(JSON.stringify({ Id: 'x', AbsoluteTime: 't' }), { status: 200 }),
    ]);
    const c = new ParticipantClient({ endpoint: 'http://h/', attempts: 3, logger: makeLogger(undefined), fetch });
    const out = await c.sendMessage('tok', { ContentType: 'text/plain', Content: 'hi', ClientToken: 'c' });
    expect(out).toMatchObject({ Id: 'x', $metadata: { httpStatusCode: 200 } });
    expect(calls).toEqual(['http://h/participant/message', 'http://h/participant/message', 'http://h/participant/message']);
  });

  it('never retries what the server said is final, and rejects with its type and words', async () => {
    const { fetch, calls } = answers([err(403, 'AccessDeniedException'), err(403, 'AccessDeniedException')]);
    const c = new ParticipantClient({ endpoint: 'http://h', attempts: 3, logger: makeLogger(undefined), fetch });
    const e = await c.disconnectParticipant('tok', 'c').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ChatError);
    expect((e as ChatError).error).toEqual({
      type: 'AccessDeniedException',
      name: 'AccessDeniedException',
      message: 'AccessDeniedException said no',
      statusCode: 403,
      retryable: false,
    });
    expect(calls).toHaveLength(1);
  });

  it('a network that stays down ends in NetworkingError after the attempts', async () => {
    const down = () => Promise.reject(new TypeError('fetch failed'));
    const { fetch, calls } = answers([down, down, down]);
    const c = new ParticipantClient({ endpoint: 'http://h', attempts: 3, logger: makeLogger(undefined), fetch });
    const e = (await c.getTranscript('tok', {}).catch((x: unknown) => x)) as ChatError;
    expect(e.error).toMatchObject({ type: 'NetworkingError', statusCode: 0, retryable: true });
    expect(calls).toHaveLength(3);
  });
});
