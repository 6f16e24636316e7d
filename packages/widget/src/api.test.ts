import { describe, expect, it } from 'vitest';
import { httpWidgetApi, retryAfterSeconds, WidgetError } from './api.js';
import { describeError } from './errors.js';
import { en } from './strings/en.js';

const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as WidgetError;
  }
  throw new Error('expected a rejection');
};

describe('httpWidgetApi', () => {
  it('reads the configuration, filling defaults', async () => {
    const calls: string[] = [];
    const api = httpWidgetApi('https://sb.example/', async (url) => {
      calls.push(String(url));
      return answer(200, { id: 'w1', name: 'Support', status: { open: true, staffed: false } })();
    });
    const c = await api.getConfiguration('w 1');
    expect(calls).toEqual(['https://sb.example/widget/v1/configurations/w%201']);
    expect(c).toMatchObject({
      name: 'Support',
      persistence: 'session',
      theme: { position: 'right' },
      status: { available: false },
      preChatForm: { enabled: false },
    });
  });

  it('starts a chat with the visitor header and the body of the contract', async () => {
    let seen: RequestInit | undefined;
    const api = httpWidgetApi('https://sb.example', async (_url, init) => {
      seen = init;
      return answer(201, {
        chat: { ContactId: 'c', ParticipantId: 'p', ParticipantToken: 't' },
        participantEndpoint: 'https://sb.example',
      })();
    });
    const r = await api.startChat('w1', { fields: { name: 'Jane' }, attributes: {}, visitorId: 'v-123' });
    expect(r.chat.ContactId).toBe('c');
    expect((seen!.headers as Record<string, string>)['x-switchboard-visitor']).toBe('v-123');
    expect(JSON.parse(String(seen?.body))).toEqual({ fields: { name: 'Jane' }, attributes: {} });
    // An answer without the details (or with an endpoint that is not a web address) is an error, not a crash.
    const bad = httpWidgetApi('https://sb.example', answer(201, { chat: {}, participantEndpoint: 'javascript:x' }));
    expect((await errorOf(bad.startChat('w1', { fields: {}, attributes: {}, visitorId: 'v' }))).kind).toBe('server');
  });

  it('leaves a message: the body of the contract, the contact id back; a full queue and a closed one told apart', async () => {
    let seen: { url: string; init: RequestInit | undefined } | undefined;
    const api = httpWidgetApi('https://sb.example', async (url, init) => {
      seen = { url: String(url), init };
      return answer(201, { ContactId: 'task-1' })();
    });
    const input = { name: 'Jane', email: 'jane@example.com', message: 'Hi', attributes: { page: '/p' } };
    expect(await api.leaveMessage('w1', input)).toBe('task-1');
    expect(seen?.url).toBe('https://sb.example/widget/v1/configurations/w1/messages');
    expect(seen?.init?.method).toBe('POST');
    expect(JSON.parse(String(seen?.init?.body))).toEqual(input);
    const full = httpWidgetApi('https://sb.example', answer(409, { message: 'x', Reason: 'QUEUE_FULL' }));
    const fullError = await errorOf(full.leaveMessage('w1', input));
    expect(fullError.kind).toBe('full');
    expect(describeError(fullError, en)).toBe(en.leaveBusy);
    const closed = httpWidgetApi('https://sb.example', answer(409, { message: 'x', Reason: 'CLOSED' }));
    expect((await errorOf(closed.leaveMessage('w1', input))).kind).toBe('closed');
    const noId = httpWidgetApi('https://sb.example', answer(201, {}));
    expect((await errorOf(noId.leaveMessage('w1', input))).kind).toBe('server');
  });

  it('posts a rating with the participant token', async () => {
    let seen: RequestInit | undefined;
    const api = httpWidgetApi('https://sb.example', async (_u, init) => {
      seen = init;
      return answer(200, {})();
    });
    await api.rate('w1', 'tok', { rating: 4, comment: 'Quick, thanks' });
    expect((seen!.headers as Record<string, string>)['x-amz-bearer']).toBe('tok');
    expect(JSON.parse(String(seen?.body))).toEqual({ rating: 4, comment: 'Quick, thanks' });
  });

  it.each([
    [429, 'ThrottlingException', 'Slow down', { 'retry-after': '12' }, 'throttled', 'Too many attempts, try again in 12 s.'],
    [409, 'ConflictException', 'The contact center is closed', {}, 'closed', 'The contact center is closed right now.'],
    [409, 'ConflictException', 'You already have an open chat', {}, 'alreadyOpen', en.errorAlreadyOpen],
    [403, 'AccessDeniedException', 'This site may not start chats here', {}, 'forbidden', en.errorForbidden],
    [
      400,
      'ValidationException',
      'email is not an email address',
      {},
      'invalid',
      'Some details were not accepted: email is not an email address',
    ],
    [500, 'InternalServiceException', 'boom', {}, 'server', en.errorGeneric],
  ] as const)('a %i %s becomes %s, in words', async (status, type, message, headers, kind, words) => {
    const api = httpWidgetApi('https://sb.example', answer(status, { message }, { 'x-amzn-errortype': type, ...headers }));
    const e = await errorOf(api.startChat('w1', { fields: {}, attributes: {}, visitorId: 'v' }));
    expect(e).toBeInstanceOf(WidgetError);
    expect(e.kind).toBe(kind);
    expect(describeError(e, en)).toBe(words);
    expect(describeError(e, en)).not.toMatch(/Exception/);
  });

  it('a network failure is "cannot reach"', async () => {
    const api = httpWidgetApi('https://sb.example', async () => {
      throw new TypeError('Failed to fetch');
    });
    const e = await errorOf(api.getConfiguration('w1'));
    expect(e.kind).toBe('network');
    expect(describeError(e, en)).toBe(en.errorNetwork);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterSeconds('7')).toBe(7);
    expect(retryAfterSeconds(new Date(60_000).toUTCString(), 0)).toBe(60);
    expect(retryAfterSeconds(null)).toBeUndefined();
  });

  it('describes the chat SDK’s errors in words', () => {
    const chatError = (type: string) => Object.assign(new Error('x'), { error: { type } });
    expect(describeError(chatError('NetworkingError'), en)).toBe(en.errorNetwork);
    expect(describeError(chatError('AccessDeniedException'), en)).toBe(en.errorChatOver);
    expect(describeError(chatError('ThrottlingException'), en)).toBe(en.errorThrottledSoon);
    expect(describeError(new TypeError('undefined is not a function'), en)).toBe(en.errorGeneric);
  });
});
