/**
 * Property tests: the widget's public API under hostile input, against the real server on
 * every storage backend, with an agent Available (so valid input does start chats).
 * Whatever the body, headers, origin or id: never a 5xx or a stack trace, always an
 * AWS-style answer; and a contact is created exactly when the answer is 201 — never from
 * invalid input. Starting chats, starting calls ("Call us": alice takes VOICE), and
 * leaving messages (the offline form's tasks).
 */
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import { expectAwsAnswer } from './fuzz-support.js';
import {
  callsPath,
  chatsPath,
  configPath,
  contactsCreated,
  FOREIGN,
  messagesPath,
  rawRequest,
  ratingPath,
  SHOP,
  W,
  widgetTestConfig,
} from './widget-support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
vi.setConfig({ testTimeout: Math.max(60_000, RUNS * 400) });

/** Strings that break naive code: NUL, lone surrogates, astral characters, markup, long ones. */
const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 15 }),
  fc.constantFrom('', ' ', '\u0000', 'J\u0000', '\ud800', '<b>x</b>', 'jane@example.com', 'a@b', '__proto__', 'x'.repeat(300)),
);
const anyValue = fc.oneof(nasty, fc.jsonValue({ maxDepth: 2 }));
/** Printable ASCII: what a header value can carry. */
const headerValue = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));

/**
 * Bodies from valid to nonsense, JSON or not: mostly an object with `members` (any of them
 * left out) beside attributes and a member no one asked for; else any JSON, text, binary, an
 * oversized `big(n)` (n characters of padding), or none.
 */
const bodies = (members: Record<string, fc.Arbitrary<unknown>>, big: (n: number) => unknown): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record(
          {
            ...members,
            attributes: fc.oneof(
              fc.dictionary(fc.oneof(fc.constantFrom('page', 'cartValue'), nasty), anyValue, { maxKeys: 3 }),
              anyValue,
            ),
            extra: anyValue,
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    },
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.integer({ min: 16_300, max: 40_000 }).map((n) => JSON.stringify(big(n))),
    fc.constant(undefined),
  );

/** Start-chat bodies. */
const body = bodies(
  {
    fields: fc.oneof(
      fc.record(
        {
          name: fc.oneof(fc.constantFrom('Jane Doe', 'Zoë 💥'), nasty),
          email: fc.oneof(fc.constant('jane@example.com'), nasty),
          orderId: nasty,
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(fc.oneof(fc.constantFrom('name', 'email', 'orderId', 'phone'), nasty), anyValue, { maxKeys: 4 }),
      anyValue,
    ),
  },
  (n) => ({ fields: { name: 'J', orderId: 'x'.repeat(n) } }),
);

/** A start-chat request of any shape. */
const randomStart = fc.record({
  id: fc.oneof(
    { weight: 6, arbitrary: fc.constant(W.shop) },
    fc.constantFrom(W.night, W.greeter),
    fc.uuid(),
    headerValue(40).map(encodeURIComponent),
  ),
  origin: fc.oneof(
    { weight: 6, arbitrary: fc.constant(SHOP) },
    fc.constantFrom(FOREIGN, 'null', `${SHOP}/`),
    fc.constant(undefined),
  ),
  visitor: fc.oneof({ weight: 4, arbitrary: fc.uuid().map((u) => `v-${u}`) }, headerValue(140), fc.constant(undefined)),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'nonsense', undefined),
  body,
});

/** A valid start (some of them past a visitor's cap, when the visitor repeats). */
const validStart = fc.record({
  id: fc.constantFrom(W.shop, W.greeter),
  origin: fc.constant(SHOP),
  visitor: fc.oneof(
    fc.uuid().map((u) => `v-${u}`),
    fc.constant('visitor-fuzz-repeat'),
  ),
  contentType: fc.constantFrom('application/json', 'text/plain'),
  body: fc
    .record(
      {
        name: fc.constantFrom('Jane Doe', 'Zoë', "O'Brien"),
        email: fc.constantFrom('jane@example.com', 'zoe+shop@example.co.uk'),
        page: fc.constantFrom('/', '/pricing'),
      },
      { requiredKeys: ['name'] },
    )
    .map(({ name, email, page }) =>
      JSON.stringify({ fields: { name, ...(email ? { email } : {}) }, ...(page ? { attributes: { page } } : {}) }),
    ),
});

/** A start-call request of any shape (the same body as a chat's), or a valid one (some to widgets that offer no call). */
const randomCall = fc.oneof(
  {
    weight: 4,
    arbitrary: randomStart.chain((r) =>
      fc.oneof({ weight: 4, arbitrary: fc.constant(W.caller) }, fc.constant(r.id)).map((id) => ({ ...r, id })),
    ),
  },
  validStart.chain((v) => fc.constantFrom(W.caller, W.shop, W.greetingCaller).map((id) => ({ ...v, id }))),
);

/** Leave-a-message bodies. */
const messageBody = bodies(
  {
    name: fc.oneof(fc.constantFrom('Jane Doe', 'Zoë 💥', 'x'.repeat(257)), nasty, anyValue),
    email: fc.oneof(fc.constantFrom('jane@example.com', 'jane@example'), nasty, anyValue),
    message: fc.oneof(
      fc.constantFrom('Hello', 'Line one\nLine two\ttabbed', 'x'.repeat(4096), 'x'.repeat(4097)),
      nasty,
      anyValue,
    ),
  },
  (n) => ({ name: 'J', email: 'j@example.com', message: 'x'.repeat(n) }),
);

/** A leave-a-message request of any shape, or a valid one (some to widgets that take no message). */
const randomMessage = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      id: fc.oneof(
        { weight: 6, arbitrary: fc.constant(W.shop) },
        fc.constantFrom(W.night, W.greeter, W.later, W.quiet, W.paused, W.tiny),
        fc.uuid(),
        headerValue(40).map(encodeURIComponent),
      ),
      origin: fc.oneof({ weight: 6, arbitrary: fc.constant(SHOP) }, fc.constantFrom(FOREIGN, 'null'), fc.constant(undefined)),
      contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'nonsense', undefined),
      body: messageBody,
    }),
  },
  fc.record({
    id: fc.constantFrom(W.shop, W.later, W.tiny),
    origin: fc.constant(SHOP),
    contentType: fc.constant('application/json'),
    body: fc
      .record({
        name: fc.constantFrom('Jane Doe', 'Zoë', "O'Brien"),
        email: fc.constantFrom('jane@example.com', 'zoe+shop@example.co.uk'),
        message: fc.constantFrom('Hello', 'Please call me back.\nThanks!'),
      })
      .map((v) => JSON.stringify(v)),
  }),
);

describe.each(backends)('the widget API under random input on $name', (backend) => {
  let world: ChatWorld;
  let instanceId: string;

  beforeAll(async () => {
    world = await chatWorld(backend, { config: widgetTestConfig(), offerTimeoutMs: 600_000 });
    instanceId = world.server.instance.id;
    await world.agent('bob');
    await world.agent('alice');
  });
  afterAll(async () => {
    await world?.close();
  });

  /** A POST of random input: an AWS-style answer, and a contact created exactly when the answer is 201. */
  const post = async (path: string, headers: Record<string, string | undefined>, body: string | undefined, what: string) => {
    const before = await contactsCreated(world.server.store, instanceId);
    const a = await rawRequest(world.server.url, path, {
      method: 'POST',
      headers: Object.fromEntries(Object.entries(headers).filter((h): h is [string, string] => h[1] !== undefined)),
      ...(body !== undefined ? { body } : {}),
    });
    expectAwsAnswer({ status: a.status, headers: new Headers(a.headers as Record<string, string>), text: a.text }, what);
    const after = await contactsCreated(world.server.store, instanceId);
    expect(after - before, `${what} → ${a.status} ${a.text.slice(0, 200)}`).toBe(a.status === 201 ? 1 : 0);
    return a;
  };

  it('start-chat: no 5xx ever, and a contact exactly when the answer is 201', async () => {
    let started = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: randomStart }, validStart), async (c) => {
        const what = `POST ${c.id} ${c.origin} ${c.visitor} ${c.contentType} ${c.body?.slice(0, 200)}`;
        const headers = { origin: c.origin, 'x-switchboard-visitor': c.visitor, 'content-type': c.contentType };
        const a = await post(chatsPath(c.id), headers, c.body, what);
        if (a.status === 201) started++;
        if (c.origin !== SHOP || (c.id !== W.shop && c.id !== W.night && c.id !== W.greeter))
          expect([a.status, a.headers['x-amzn-errortype']], what).toStrictEqual([403, 'AccessDeniedException']);
      }),
      { numRuns: RUNS },
    );
    // The property saw both sides: valid input does start chats.
    expect(started).toBeGreaterThan(0);
  });

  it('start-call: no 5xx ever, and a VOICE contact exactly when the answer is 201', async () => {
    let started = 0;
    await fc.assert(
      fc.asyncProperty(randomCall, async (c) => {
        const what = `POST calls ${c.id} ${c.origin} ${c.visitor} ${c.contentType} ${c.body?.slice(0, 200)}`;
        const headers = { origin: c.origin, 'x-switchboard-visitor': c.visitor, 'content-type': c.contentType };
        const a = await post(callsPath(c.id), headers, c.body, what);
        if (a.status === 201) {
          started++;
          expect(c.id, what).toBe(W.caller);
          const { ContactId } = JSON.parse(a.text) as { ContactId: string };
          const described = await world.connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId }));
          expect(described.Contact?.Channel, what).toBe('VOICE');
        }
        const known = [W.shop, W.night, W.greeter, W.caller, W.greetingCaller] as string[];
        if (c.origin !== SHOP || !known.includes(c.id))
          expect([a.status, a.headers['x-amzn-errortype']], what).toStrictEqual([403, 'AccessDeniedException']);
      }),
      { numRuns: RUNS },
    );
    expect(started).toBeGreaterThan(0);
  });

  it('leave a message: no 5xx ever, input errors are InvalidParameterException, and a task exactly when the answer is 201', async () => {
    let left = 0;
    await fc.assert(
      fc.asyncProperty(randomMessage, async (c) => {
        const what = `POST messages ${c.id} ${c.origin} ${c.contentType} ${c.body?.slice(0, 200)}`;
        const a = await post(messagesPath(c.id), { origin: c.origin, 'content-type': c.contentType }, c.body, what);
        if (a.status === 201) left++;
        if (a.status === 400) expect(a.headers['x-amzn-errortype'], what).toBe('InvalidParameterException');
        const known = [W.shop, W.night, W.greeter, W.later, W.quiet, W.paused, W.tiny] as string[];
        if (c.origin !== SHOP || !known.includes(c.id))
          expect([a.status, a.headers['x-amzn-errortype']], what).toStrictEqual([403, 'AccessDeniedException']);
      }),
      { numRuns: RUNS },
    );
    expect(left).toBeGreaterThan(0);
  });

  it('configuration and rating: no 5xx ever, whatever the token, body or origin', async () => {
    const before = await contactsCreated(world.server.store, instanceId);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          id: fc.oneof(fc.constant(W.shop), fc.uuid(), headerValue(40).map(encodeURIComponent)),
          origin: fc.oneof(fc.constant(SHOP), fc.constant(FOREIGN), fc.constant(undefined)),
          token: fc.oneof(headerValue(300), fc.constant('sb1.e30.x'), fc.constant(undefined)),
          body,
          get: fc.boolean(),
        }),
        async (c) => {
          const headers = {
            ...(c.origin !== undefined ? { origin: c.origin } : {}),
            ...(c.token !== undefined ? { 'x-amz-bearer': c.token } : {}),
            'content-type': 'application/json',
          };
          const a = c.get
            ? await rawRequest(world.server.url, configPath(c.id), { headers })
            : await rawRequest(world.server.url, ratingPath(c.id), {
                method: 'POST',
                headers,
                ...(c.body !== undefined ? { body: c.body } : {}),
              });
          expectAwsAnswer(
            { status: a.status, headers: new Headers(a.headers as Record<string, string>), text: a.text },
            `${c.get ? 'GET' : 'POST rating'} ${c.id} ${c.origin} ${c.token?.slice(0, 40)} ${c.body?.slice(0, 100)}`,
          );
        },
      ),
      { numRuns: RUNS },
    );
    expect(await contactsCreated(world.server.store, instanceId)).toBe(before);
  });
});
