/**
 * The customer chat widget's public API (/widget/v1/) against the real server, on every
 * storage backend: configuration and status, starting chats, the flow's list picker,
 * ratings shown by DescribeContact, CORS, and every refusal (403, 400, 409, 429), each
 * checked to create no contact.
 */
import { randomUUID } from 'node:crypto';
import { DescribeContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import {
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetTranscriptCommand,
  SendMessageCommand,
} from '@aws-sdk/client-connectparticipant';
import type { ChatItem } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AgentSocket } from './agent-client.js';
import { backends } from './backends.js';
import { agentChatTokens, type ChatWorld, chatWorld } from './chat-support.js';
import { signedFetch } from './sign.js';
import {
  chatsPath,
  configPath,
  contactsCreated,
  FOREIGN,
  type RawAnswer,
  ratingPath,
  SHOP,
  VISITOR,
  W,
  widgetCall,
  widgetTestConfig,
} from './widget-support.js';

const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';
const INTERACTIVE_RESPONSE = 'application/vnd.amazonaws.connect.message.interactive.response';
const JANE = { fields: { name: 'Jane Doe', email: 'jane@example.com', orderId: 'A-17' }, attributes: { page: '/pricing' } };

const expectError = (a: RawAnswer & { json: Record<string, unknown> }, status: number, type: string, message?: string) => {
  expect({ status: a.status, type: a.headers['x-amzn-errortype'] }, a.text).toStrictEqual({ status, type });
  expect(typeof a.json.message).toBe('string');
  if (message !== undefined) expect(a.json.message).toBe(message);
};

const waitFor = async <T>(get: () => T | undefined, what: string, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(backends)('the chat widget API on $name', (backend) => {
  let world: ChatWorld;
  let bob: AgentSocket | undefined;
  let instanceId: string;
  /** Added to the server's clock (the rating window). */
  let offset = 0;
  const url = () => world.server.url;
  /** Starts a chat from the shop's origin; `visitor` null sends no visitor id. */
  const start = (id: string, body: unknown = JANE, visitor: string | null = VISITOR, extra: Record<string, string> = {}) =>
    widgetCall(url(), chatsPath(id), {
      body,
      headers: { ...(visitor !== null ? { 'x-switchboard-visitor': visitor } : {}), ...extra },
    });
  const created = () => contactsCreated(world.server.store, instanceId);
  const attributes = async (ContactId: string) =>
    (await world.connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId }))).Contact?.Attributes;
  /** The first chat started (test "starts a chat"), rated at the end. */
  let jane: { ContactId: string; ParticipantToken: string } | undefined;

  beforeAll(async () => {
    world = await chatWorld(backend, { config: widgetTestConfig(), offerTimeoutMs: 600_000, now: () => Date.now() + offset });
    instanceId = world.server.instance.id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('answers the configuration to an allowed origin; without an agent it is unstaffed and starting answers 409', async () => {
    const a = await widgetCall(url(), configPath(W.shop));
    expect(a.status).toBe(200);
    expect(a.json).toStrictEqual({
      id: W.shop,
      name: 'Shop',
      greeting: 'Hi from the shop!',
      offlineMessage: "We're away right now. Please try again later.",
      preChatForm: {
        enabled: true,
        fields: [
          { name: 'name', label: 'Your name', type: 'name', required: true, maxLength: 30 },
          { name: 'email', label: 'Email', type: 'email', required: false, maxLength: 254 },
          { name: 'orderId', label: 'Order number', type: 'text', required: false, maxLength: 10 },
        ],
      },
      theme: { primaryColor: '#123456', position: 'left' },
      attachments: { enabled: true, maxSizeBytes: 20 * 1024 * 1024, contentTypes: expect.arrayContaining(['image/png']) },
      persistence: 'local',
      status: { open: true, staffed: false, available: false },
      leaveMessage: { enabled: true },
      voice: { enabled: false },
    });
    expect(a.headers['access-control-allow-origin']).toBe(SHOP);
    expect(a.headers['access-control-allow-credentials']).toBeUndefined();
    expect(a.headers['access-control-expose-headers']).toContain('retry-after');
    expect(a.headers.vary).toContain('Origin');
    expect(a.headers['cache-control']).toBe('no-store');

    const before = await created();
    const closed = await start(W.shop);
    expectError(closed, 409, 'ConflictException', 'The contact center is closed');
    expect(closed.json.Reason).toBe('CLOSED');
    expect(await created()).toBe(before);
  });

  it('answers a foreign origin, no origin and an unknown id alike: 403, no CORS headers', async () => {
    const same = (a: RawAnswer & { json: Record<string, unknown> }) => {
      expectError(a, 403, 'AccessDeniedException', 'This site may not start chats here');
      expect(a.headers['access-control-allow-origin']).toBeUndefined();
      return { status: a.status, type: a.headers['x-amzn-errortype'], body: a.json };
    };
    const before = await created();
    const answers = [];
    for (const [origin, id] of [
      [FOREIGN, W.shop],
      [null, W.shop],
      ['null', W.shop],
      [`${SHOP}:443`, W.shop],
      [SHOP, randomUUID()],
      [SHOP, 'not-an-id'],
      [FOREIGN, randomUUID()],
    ] as const) {
      answers.push(same(await widgetCall(url(), configPath(id), { origin })));
      answers.push(
        same(await widgetCall(url(), chatsPath(id), { origin, body: JANE, headers: { 'x-switchboard-visitor': VISITOR } })),
      );
      answers.push(same(await widgetCall(url(), ratingPath(id), { origin, body: { rating: 5 } })));
      // Even a body the server cannot read: the 403 first.
      answers.push(same(await widgetCall(url(), chatsPath(id), { origin, body: '{nope' })));
      answers.push(same(await widgetCall(url(), chatsPath(id), { origin, body: 'x'.repeat(20_000) })));
      const pre = await widgetCall(url(), chatsPath(id), {
        method: 'OPTIONS',
        origin,
        headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      answers.push(same(pre));
    }
    expect(new Set(answers.map((x) => JSON.stringify(x))).size).toBe(1);
    expect(await created()).toBe(before);
  });

  it("always lets Switchboard's own origin (its demo page) use a widget, whatever the configuration lists", async () => {
    const own = new URL(url()).origin;
    const a = await widgetCall(url(), configPath(W.shop), { origin: own });
    expect(a.status).toBe(200);
    expect(a.headers['access-control-allow-origin']).toBe(own);
    // Another port of the same host is another origin: refused as any foreign one.
    const other = await widgetCall(url(), configPath(W.shop), { origin: `http://127.0.0.1:${Number(new URL(own).port) + 1}` });
    expect(other.status).toBe(403);
  });

  it('answers an allowed preflight with the methods and headers the widget sends', async () => {
    const pre = await widgetCall(url(), chatsPath(W.shop), {
      method: 'OPTIONS',
      origin: 'http://localhost:5173',
      headers: {
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-switchboard-visitor',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(pre.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
    expect(pre.headers['access-control-allow-headers']).toBe('content-type,x-switchboard-visitor');
    expect(pre.headers['access-control-max-age']).toBe('600');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    expectError(
      await widgetCall(url(), chatsPath(W.shop), { method: 'OPTIONS', origin: SHOP }),
      400,
      'ValidationException',
      'A CORS preflight needs Origin and Access-Control-Request-Method headers',
    );
  });

  it('with an agent Available: starts a chat (201) whose contact has the form and page attributes, and sends the list picker', async () => {
    bob = await world.agent('bob');
    expect((await widgetCall(url(), configPath(W.shop))).json.status).toStrictEqual({
      open: true,
      staffed: true,
      available: true,
    });
    const before = await created();
    const a = await start(W.shop);
    expect(a.status, a.text).toBe(201);
    expect(a.headers['access-control-allow-origin']).toBe(SHOP);
    const chat = a.json.chat as { ContactId: string; ParticipantId: string; ParticipantToken: string };
    expect(Object.keys(chat).sort()).toStrictEqual(['ContactId', 'ParticipantId', 'ParticipantToken']);
    expect(a.json.participantEndpoint).toBe(world.server.publicUrl);
    expect(await created()).toBe(before + 1);
    jane = chat;

    const contact = (await world.connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: chat.ContactId })))
      .Contact;
    expect(contact?.Attributes).toStrictEqual({ customer_email: 'jane@example.com', customer_orderId: 'A-17', page: '/pricing' });
    expect(contact?.InitiationMethod).toBe('API');

    // The customer, as the widget does: a connection, then the transcript (the flow's
    // messages were sent when the chat started, before any socket could be open).
    const p = world.participantClient();
    const conn = await p.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: chat.ParticipantToken,
        Type: ['CONNECTION_CREDENTIALS'],
        ConnectParticipant: true,
      }),
    );
    const ConnectionToken = conn.ConnectionCredentials?.ConnectionToken as string;
    const transcript = (await p.send(new GetTranscriptCommand({ ConnectionToken, SortOrder: 'ASCENDING' }))).Transcript ?? [];
    const messages = transcript.filter((i) => i.Type === 'MESSAGE');
    expect(transcript[0]).toMatchObject({ Type: 'EVENT', DisplayName: 'Jane Doe', ParticipantRole: 'CUSTOMER' });
    expect(messages.map((m) => [m.ContentType, m.ParticipantRole])).toStrictEqual([
      ['text/plain', 'SYSTEM'],
      [INTERACTIVE, 'SYSTEM'],
    ]);
    expect(messages[0]?.Content).toBe('Thanks for contacting the Switchboard Demo Store! An agent will be with you shortly.');
    expect(JSON.parse(messages[1]?.Content as string)).toStrictEqual({
      templateType: 'ListPicker',
      version: '1.0',
      data: {
        content: {
          title: 'What can we help with?',
          subtitle: 'Pick a topic, or just type your question.',
          elements: [
            { title: 'Orders', subtitle: 'Delivery, returns and exchanges' },
            { title: 'Billing', subtitle: 'Payments, invoices and refunds' },
            { title: 'Something else' },
          ],
        },
      },
    });

    // Bob takes the chat; the customer's choice (plain text, as Connect's widget sends it)
    // and an interactive response reach his participant socket.
    const t = await agentChatTokens(bob, chat.ContactId);
    await bob.command('acceptContact', { contactId: chat.ContactId });
    const agentConn = await world.participantClient().send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: t.participantToken,
        Type: ['WEBSOCKET'],
        ConnectParticipant: true,
      }),
    );
    const ws = new WebSocket(agentConn.Websocket?.Url as string);
    const seen: ChatItem[] = [];
    let subscribed = false;
    ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString()) as { topic?: string; content?: unknown };
      if (f.topic === 'aws/subscribe') subscribed = true;
      if (f.topic === 'aws/chat' && typeof f.content === 'string') seen.push(JSON.parse(f.content) as ChatItem);
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }));
    await waitFor(() => (subscribed ? true : undefined), 'the subscription');
    const response = JSON.stringify({ templateType: 'ListPicker', data: { content: { title: 'Orders' } } });
    await p.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: 'Orders' }));
    await p.send(new SendMessageCommand({ ConnectionToken, ContentType: INTERACTIVE_RESPONSE, Content: response }));
    const got = await waitFor(() => {
      const m = seen.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER');
      return m.length >= 2 ? m : undefined;
    }, "the customer's answers on the agent socket");
    expect(got.map((m) => [m.ContentType, m.Content, m.DisplayName])).toStrictEqual([
      ['text/plain', 'Orders', 'Jane Doe'],
      [INTERACTIVE_RESPONSE, response, 'Jane Doe'],
    ]);
    ws.terminate();
  });

  it('keeps a visitor to maxOpenChatsPerVisitor open chats (409), until one ends', async () => {
    const before = await created();
    const capped = await start(W.shop);
    expectError(capped, 409, 'ConflictException', 'You already have an open chat');
    expect(capped.json.Reason).toBe('VISITOR_LIMIT');
    expect(await created()).toBe(before);
    const other = await start(W.shop, JANE, 'another-visitor-1');
    expect(other.status).toBe(201);
    expectError(await start(W.shop, JANE, 'another-visitor-1'), 409, 'ConflictException', 'You already have an open chat');
    // The customer leaves: the visitor may start again.
    const token = (other.json.chat as { ParticipantToken: string }).ParticipantToken;
    const p = world.participantClient();
    const conn = await p.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: token, Type: ['CONNECTION_CREDENTIALS'] }),
    );
    await p.send(new DisconnectParticipantCommand({ ConnectionToken: conn.ConnectionCredentials?.ConnectionToken }));
    expect((await start(W.shop, JANE, 'another-visitor-1')).status).toBe(201);
    expect(await created()).toBe(before + 2);
  });

  it('answers every kind of bad input with 400 ValidationException, and creates nothing', async () => {
    const before = await created();
    const cases: [string, Promise<RawAnswer & { json: Record<string, unknown> }>, string][] = [
      ['no visitor id', start(W.shop, JANE, null), 'The x-switchboard-visitor header must be 8 to 128 letters, digits, - or _'],
      [
        'a bad visitor id',
        start(W.shop, JANE, 'short'),
        'The x-switchboard-visitor header must be 8 to 128 letters, digits, - or _',
      ],
      ['malformed JSON', start(W.shop, '{"fields":'), 'The request body is not valid JSON'],
      ['not an object', start(W.shop, '[1,2]'), 'The request body must be a JSON object'],
      ['an empty body', start(W.shop, ''), 'The request body must be a JSON object'],
      [
        'a body over 16 KiB',
        start(W.shop, { fields: { name: 'J', orderId: 'x'.repeat(17_000) } }),
        'The request body must be at most 16384 bytes',
      ],
      ['an unknown member', start(W.shop, { ...JANE, captcha: 'x' }), 'Unknown member "captcha" (allowed: fields, attributes)'],
      [
        'an unknown field',
        start(W.shop, { fields: { name: 'J', phone: '1' } }),
        'Unknown field "phone" (the form has: name, email, orderId)',
      ],
      [
        'a missing required field',
        start(W.shop, { fields: { email: 'jane@example.com' } }),
        'fields.name (Your name) is required',
      ],
      [
        'a bad email',
        start(W.shop, { fields: { name: 'J', email: 'jane@example' } }),
        'fields.email must be an email address such as jane@example.com',
      ],
      [
        'a value too long',
        start(W.shop, { fields: { name: 'J', orderId: '12345678901' } }),
        'fields.orderId must be at most 10 characters',
      ],
      [
        'HTML in a name',
        start(W.shop, { fields: { name: '<img src=x onerror=alert(1)>' } }),
        'fields.name must not contain HTML (< or >)',
      ],
      ['a control character', start(W.shop, { fields: { name: 'J\u0000' } }), 'fields.name must not contain control characters'],
      ['a field that is not a string', start(W.shop, { fields: { name: ['J'] } }), 'fields.name must be a string'],
      [
        'an attribute not on the allow-list',
        start(W.shop, { fields: { name: 'J' }, attributes: { cartValue: '9' } }),
        'Attribute "cartValue" is not allowed by this widget',
      ],
      [
        'an attribute too long',
        start(W.shop, { fields: { name: 'J' }, attributes: { page: '/'.repeat(21) } }),
        'attributes.page must be at most 20 characters',
      ],
      ['a bad content type', start(W.shop, JANE, 'third-visitor-1', { 'content-type': 'nonsense' }), ''],
    ];
    for (const [what, answer, message] of cases) {
      const a = await answer;
      expect({ what, status: a.status, type: a.headers['x-amzn-errortype'] }).toStrictEqual({
        what,
        status: 400,
        type: 'ValidationException',
      });
      if (message) expect(a.json.message, what).toBe(message);
      expect(a.headers['access-control-allow-origin'], what).toBe(SHOP);
    }
    expect(await created()).toBe(before);
  });

  it('answers 429 with Retry-After past the per-IP limit (other addresses go on), and past the per-configuration limit', async () => {
    // perIpPerMinute 3: the fourth request from 127.0.0.1 in a minute, valid or not.
    for (let i = 0; i < 3; i++) expect((await start(W.throttled, '{')).status).toBe(400);
    const limited = await start(W.throttled, '{');
    expectError(limited, 429, 'ThrottlingException', 'Too many requests: try again in a moment');
    expect(limited.headers['retry-after']).toBe('20');
    expect(limited.headers['access-control-allow-origin']).toBe(SHOP);
    expect(limited.headers['access-control-expose-headers']).toContain('retry-after');
    // The socket's address counts, not X-Forwarded-For.
    expectError(await start(W.throttled, '{', VISITOR, { 'x-forwarded-for': '203.0.113.9' }), 429, 'ThrottlingException');
    const elsewhere = await widgetCall(url(), chatsPath(W.throttled), { body: '{', localAddress: '127.0.0.2' });
    expect(elsewhere.status).toBe(400);

    // perConfigurationPerMinute 2, across addresses.
    for (const localAddress of ['127.0.0.3', '127.0.0.4'])
      expect((await widgetCall(url(), chatsPath(W.perConfig), { body: '{', localAddress })).status).toBe(400);
    const full = await widgetCall(url(), chatsPath(W.perConfig), { body: '{', localAddress: '127.0.0.5' });
    expectError(full, 429, 'ThrottlingException');
    expect(full.headers['retry-after']).toBe('30');
  });

  it('is closed out of the queue hours (409 on start), and open and staffed for a flow without a queue', async () => {
    const night = await widgetCall(url(), configPath(W.night));
    expect(night.json.status).toStrictEqual({ open: false, staffed: true, available: false });
    const before = await created();
    expectError(await start(W.night, {}), 409, 'ConflictException', 'The contact center is closed');
    expect(await created()).toBe(before);

    expect((await widgetCall(url(), configPath(W.greeter))).json.status).toStrictEqual({
      open: true,
      staffed: true,
      available: true,
    });
    const greeted = await start(W.greeter, {});
    expect(greeted.status).toBe(201);
    expect(await created()).toBe(before + 1);
  });

  it('follows admin API changes at once; a same-origin page (no Origin header) is recognised by Sec-Fetch-Site', async () => {
    expect((await widgetCall(url(), configPath(W.shop), { origin: FOREIGN })).status).toBe(403);
    const res = await signedFetch(
      url(),
      {
        method: 'POST',
        path: `/widgets/${instanceId}/${W.shop}`,
        body: JSON.stringify({ AllowedOrigins: [SHOP, FOREIGN] }),
      },
      world.server.config.accessKeys[0] as { accessKeyId: string; secretAccessKey: string },
    );
    expect(res.status, await res.text()).toBe(200);
    const now = await widgetCall(url(), configPath(W.shop), { origin: FOREIGN });
    expect(now.status).toBe(200);
    expect(now.headers['access-control-allow-origin']).toBe(FOREIGN);
    // A page of Switchboard's own (same origin: browsers send no Origin on a GET).
    const fetchSameOrigin = (site: string) =>
      widgetCall(url(), configPath(W.shop), { origin: null, headers: { 'sec-fetch-site': site } });
    const same = await fetchSameOrigin('same-origin');
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
    expect((await fetchSameOrigin('cross-site')).status).toBe(403);
  });

  it('stores a rating on the contact (DescribeContact shows it); a second replaces it; refuses bad tokens and input', async () => {
    const chat = jane as { ContactId: string; ParticipantToken: string };
    /** `token` null sends none. */
    const rate = (body: unknown, token: string | null = chat.ParticipantToken, id: string = W.shop) =>
      widgetCall(url(), ratingPath(id), { body, headers: token !== null ? { 'x-amz-bearer': token } : {} });
    const ok = await rate({ rating: 4, comment: 'Quick and kind.' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toStrictEqual({});
    expect(await attributes(chat.ContactId)).toMatchObject({ customerRating: '4', customerComment: 'Quick and kind.' });
    expect((await rate({ rating: 5 })).status).toBe(200);
    const after = await attributes(chat.ContactId);
    expect(after).toMatchObject({ customerRating: '5', page: '/pricing' });
    expect(after).not.toHaveProperty('customerComment');

    expectError(await rate({ rating: 6 }), 400, 'ValidationException', 'rating must be an integer from 1 to 5');
    expectError(
      await rate({ rating: 3, comment: 'x'.repeat(1001) }),
      400,
      'ValidationException',
      'comment must be at most 1000 characters',
    );
    expectError(await rate('{'), 400, 'ValidationException', 'The request body is not valid JSON');
    const denied = 'The chat token is not valid for this widget';
    expectError(await rate({ rating: 1 }, null), 403, 'AccessDeniedException', denied);
    expectError(await rate({ rating: 1 }, 'sb1.forged.token'), 403, 'AccessDeniedException', denied);
    expectError(await rate({ rating: 1 }, `${chat.ParticipantToken.slice(0, -2)}xx`), 403, 'AccessDeniedException', denied);
    // A chat of another widget.
    expectError(await rate({ rating: 1 }, chat.ParticipantToken, W.greeter), 403, 'AccessDeniedException', denied);
  });

  it('takes a rating up to 24 hours after the chat ended, and not later', async () => {
    const chat = jane as { ContactId: string; ParticipantToken: string };
    await world.connect.send(new StopContactCommand({ InstanceId: instanceId, ContactId: chat.ContactId }));
    const rate = (rating: number) =>
      widgetCall(url(), ratingPath(W.shop), { body: { rating }, headers: { 'x-amz-bearer': chat.ParticipantToken } });
    expect((await rate(2)).status).toBe(200);
    expect(await attributes(chat.ContactId)).toMatchObject({ customerRating: '2' });
    offset = 24 * 3600_000 + 60_000;
    try {
      expectError(
        await rate(1),
        403,
        'AccessDeniedException',
        'This chat ended more than 24 hours ago: it can no longer be rated',
      );
    } finally {
      offset = 0;
    }
    expect(await attributes(chat.ContactId)).toMatchObject({ customerRating: '2' });
  });
});
