/**
 * The widget's "Leave a message" endpoint (POST /widget/v1/configurations/{id}/messages)
 * against the real server, on every storage backend: a message left while nobody is
 * there becomes a TASK contact (DescribeContact, ListContactReferences) that an agent gets
 * once signed in; a queue outside its hours gets it at its next opening; every refusal
 * (403, 400, 409, 429) creates nothing; the admin API turns the form off and on.
 */
import { randomUUID } from 'node:crypto';
import { DescribeContactCommand, ListContactReferencesCommand, ListQueuesCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import { signedFetch } from './sign.js';
import {
  chatsPath,
  configPath,
  contactsCreated,
  FOREIGN,
  laterOpening,
  messagesPath,
  type RawAnswer,
  SHOP,
  VISITOR,
  W,
  widgetCall,
  widgetTestConfig,
} from './widget-support.js';

type Answer = RawAnswer & { json: Record<string, unknown> };
const JANE = {
  name: 'Jane Doe',
  email: 'jane@example.com',
  message: 'My parcel has not arrived.\nOrder A-17, sent on Monday.',
  attributes: { page: '/pricing' },
};
/** The same without page attributes (for widgets that allow none). */
const PLAIN = { name: JANE.name, email: JANE.email, message: JANE.message };

const expectError = (a: Answer, status: number, type: string, message?: string) => {
  expect({ status: a.status, type: a.headers['x-amzn-errortype'] }, a.text).toStrictEqual({ status, type });
  if (message !== undefined) expect(a.json.message).toBe(message);
  else expect(typeof a.json.message).toBe('string');
};

describe.each(backends)('leaving a message through the widget on $name', (backend) => {
  let world: ChatWorld;
  let instanceId: string;
  const url = () => world.server.url;
  const leave = (id: string, body: unknown = JANE, opts: { origin?: string | null; localAddress?: string } = {}) =>
    widgetCall(url(), messagesPath(id), { body, ...opts });
  const created = () => contactsCreated(world.server.store, instanceId);
  const describeContact = async (ContactId: string) =>
    (await world.connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId }))).Contact!;
  const references = async (ContactId: string) =>
    (
      await world.connect.send(
        new ListContactReferencesCommand({ InstanceId: instanceId, ContactId, ReferenceTypes: ['URL', 'STRING', 'EMAIL'] }),
      )
    ).ReferenceSummaryList;
  const admin = (id: string, body: Record<string, unknown>, method = 'POST') =>
    signedFetch(
      url(),
      { method, path: `/widgets/${instanceId}/${id}`, ...(method === 'POST' ? { body: JSON.stringify(body) } : {}) },
      world.server.config.accessKeys[0] as { accessKeyId: string; secretAccessKey: string },
    );
  /** The message left while nobody was signed in (first test), received by bob later. */
  let waiting: string | undefined;

  beforeAll(async () => {
    world = await chatWorld(backend, { config: widgetTestConfig(), offerTimeoutMs: 600_000 });
    instanceId = world.server.instance.id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('the configuration says whether the form is offered: on by default, off when turned off or nothing would take it', async () => {
    const offered = async (id: string) => {
      const a = await widgetCall(url(), configPath(id));
      expect(a.status, a.text).toBe(200);
      return { status: a.json.status, leaveMessage: a.json.leaveMessage };
    };
    // Nobody signed in: unavailable, and exactly then the form matters.
    expect(await offered(W.shop)).toStrictEqual({
      status: { open: true, staffed: false, available: false },
      leaveMessage: { enabled: true },
    });
    expect((await offered(W.later)).leaveMessage).toStrictEqual({ enabled: true });
    expect((await offered(W.later)).status).toMatchObject({ open: false });
    for (const id of [W.quiet, W.night, W.paused, W.greeter])
      expect((await offered(id)).leaveMessage, id).toStrictEqual({ enabled: false });
  });

  it('nobody signed in: a message becomes a TASK in the flow queue (201), with its name, description, references and attributes', async () => {
    const before = await created();
    const a = await leave(W.shop);
    expect(a.status, a.text).toBe(201);
    expect(Object.keys(a.json)).toStrictEqual(['ContactId']);
    expect(a.headers['access-control-allow-origin']).toBe(SHOP);
    expect(a.headers['cache-control']).toBe('no-store');
    expect(await created()).toBe(before + 1);
    const ContactId = a.json.ContactId as string;
    waiting = ContactId;

    const c = await describeContact(ContactId);
    expect(c).toMatchObject({
      Id: ContactId,
      Channel: 'TASK',
      InitiationMethod: 'API',
      Name: 'Message from Jane Doe',
      Description: 'My parcel has not arrived.\nOrder A-17, sent on Monday.',
      Attributes: { page: '/pricing', customerName: 'Jane Doe', customerEmail: 'jane@example.com' },
    });
    const queues = await world.connect.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }));
    expect(c.QueueInfo?.Id).toBe(queues.QueueSummaryList?.find((q) => q.Name === 'Support')?.Id);
    expect(c.DisconnectTimestamp).toBeUndefined();
    expect(c.ScheduledTimestamp).toBeUndefined();
    const refs = await references(ContactId);
    expect(refs).toHaveLength(3);
    expect(refs).toEqual(
      expect.arrayContaining([
        { String: { Name: 'name', Value: 'Jane Doe' } },
        { Email: { Name: 'email', Value: 'jane@example.com' } },
        // The page attribute, read against the page's origin.
        { Url: { Name: 'page', Value: `${SHOP}/pricing` } },
      ]),
    );
  });

  it('an agent who signs in later receives it (bob accepts tasks by himself)', async () => {
    const bob = await world.agent('bob');
    const task = await bob.contact(waiting!, 'the message offered to bob', 10_000);
    expect(task).toMatchObject({
      type: 'task',
      name: 'Message from Jane Doe',
      description: 'My parcel has not arrived.\nOrder A-17, sent on Monday.',
      references: {
        name: { type: 'STRING', value: 'Jane Doe' },
        email: { type: 'EMAIL', value: 'jane@example.com' },
        page: { type: 'URL', value: `${SHOP}/pricing` },
      },
      attributes: {
        customerName: { name: 'customerName', value: 'Jane Doe' },
        customerEmail: { name: 'customerEmail', value: 'jane@example.com' },
      },
    });
    bob.close();
  });

  it('without a page attribute there is no page reference; a long name stays within the 512 limit', async () => {
    const a = await leave(W.shop, { name: 'Zoë 💥'.repeat(40), email: 'zoe+shop@example.co.uk', message: 'Hello' });
    expect(a.status, a.text).toBe(201);
    const id = a.json.ContactId as string;
    const c = await describeContact(id);
    expect(c.Name).toBe(`Message from ${'Zoë 💥'.repeat(40)}`);
    expect((await references(id))?.map((r) => Object.keys(r)[0]).sort()).toStrictEqual(['Email', 'String']);
  });

  it('outside the queue hours the task is kept for the next opening, not dropped', async () => {
    const before = await created();
    const a = await leave(W.later, { name: 'Night Owl', email: 'owl@example.com', message: 'Call me tomorrow.' });
    expect(a.status, a.text).toBe(201);
    expect(await created()).toBe(before + 1);
    const c = await describeContact(a.json.ContactId as string);
    expect(c.Channel).toBe('TASK');
    expect(c.ScheduledTimestamp?.getTime()).toBe(laterOpening());
    expect(c.DisconnectTimestamp).toBeUndefined();
    expect(c.QueueInfo).toBeUndefined();
  });

  it('answers bad input with 400 InvalidParameterException naming the member, and creates nothing', async () => {
    const before = await created();
    const cases: [string, unknown, string | undefined][] = [
      ['a bad email', { ...JANE, email: 'jane@example' }, 'email: must be an email address such as jane@example.com'],
      ['an empty message', { ...JANE, message: '   ' }, 'message: must not be empty'],
      [
        'a message over 4096 characters',
        { ...JANE, message: 'x'.repeat(4097) },
        'message: must be at most 4096 characters (this one has 4097)',
      ],
      ['everything missing', {}, 'name: is required; email: is required; message: is required'],
      ['HTML in the name', { ...JANE, name: '<img src=x>' }, 'name: must not contain < or >'],
      ['a control character', { ...JANE, name: 'J\u0000' }, 'name: must not contain control characters'],
      ['an unknown member', { ...JANE, fields: {} }, 'Unknown member "fields" (allowed: name, email, message, attributes)'],
      [
        'an attribute not allowed',
        { ...JANE, attributes: { cartValue: '9' } },
        'Attribute "cartValue" is not allowed by this widget',
      ],
      [
        'an attribute too long',
        { ...JANE, attributes: { page: '/'.repeat(21) } },
        'attributes.page must be at most 20 characters',
      ],
      ['malformed JSON', '{"name":', 'The request body is not valid JSON'],
      ['not an object', '[1]', 'The request body must be a JSON object'],
      ['a body over 16 KiB', { ...JANE, message: 'x'.repeat(17_000) }, 'The request body must be at most 16384 bytes'],
    ];
    for (const [what, body, message] of cases) {
      const a = await leave(W.shop, body);
      expect({ what, status: a.status, type: a.headers['x-amzn-errortype'] }, a.text).toStrictEqual({
        what,
        status: 400,
        type: 'InvalidParameterException',
      });
      if (message) expect(a.json.message, what).toBe(message);
      expect(a.headers['access-control-allow-origin'], what).toBe(SHOP);
    }
    const wrongType = await widgetCall(url(), messagesPath(W.shop), {
      body: JSON.stringify(JANE),
      headers: { 'content-type': 'nonsense' },
    });
    expectError(wrongType, 400, 'InvalidParameterException');
    expect(await created()).toBe(before);
  });

  it('answers a foreign origin, no origin and an unknown configuration with the same 403 as chats, before reading anything', async () => {
    const before = await created();
    const chats = await widgetCall(url(), chatsPath(W.shop), {
      origin: FOREIGN,
      body: {},
      headers: { 'x-switchboard-visitor': VISITOR },
    });
    for (const [origin, id, body] of [
      [FOREIGN, W.shop, JANE],
      [null, W.shop, JANE],
      [SHOP, randomUUID(), JANE],
      [FOREIGN, W.shop, '{nope'],
    ] as const) {
      const a = await leave(id, body, { origin });
      expectError(a, 403, 'AccessDeniedException', 'This site may not start chats here');
      expect(a.headers['access-control-allow-origin']).toBeUndefined();
      expect(a.json).toStrictEqual(chats.json);
    }
    expect(await created()).toBe(before);
  });

  it('refuses with 409 and a Reason when the flow cannot take a message: never open, disabled, no queue, full', async () => {
    const before = await created();
    for (const id of [W.night, W.paused, W.greeter]) {
      const a = await leave(id, PLAIN);
      expectError(a, 409, 'ConflictException');
      expect(a.json.Reason, id).toBe('CLOSED');
      expect(a.json.message, id).toMatch(/^Messages cannot be left here now: /);
    }
    expect(await created()).toBe(before);
    // One contact may wait in Tiny (nobody serves it): the second message is refused.
    expect((await leave(W.tiny, PLAIN)).status).toBe(201);
    const full = await leave(W.tiny, PLAIN);
    expectError(full, 409, 'ConflictException', 'Too many contacts are waiting: try again later');
    expect(full.json.Reason).toBe('QUEUE_FULL');
    expect(await created()).toBe(before + 1);
  });

  it('is turned off by the configuration (403), in the file or through the admin API, and on again', async () => {
    const before = await created();
    expectError(await leave(W.quiet, PLAIN), 403, 'AccessDeniedException', 'This widget does not take messages');
    const described = await admin(W.shop, {}, 'GET');
    expect(((await described.json()) as { WidgetConfiguration: unknown }).WidgetConfiguration).toMatchObject({
      LeaveMessage: { Enabled: true },
    });
    const off = await admin(W.shop, { LeaveMessage: { Enabled: false } });
    expect(off.status, await off.text()).toBe(200);
    expect((await widgetCall(url(), configPath(W.shop))).json.leaveMessage).toStrictEqual({ enabled: false });
    expectError(await leave(W.shop), 403, 'AccessDeniedException', 'This widget does not take messages');
    const bad = await admin(W.shop, { LeaveMessage: { Enabled: 'yes' } });
    expect([bad.status, bad.headers.get('x-amzn-errortype')]).toStrictEqual([400, 'InvalidParameterException']);
    expect((await admin(W.shop, { LeaveMessage: { Enabled: true } })).status).toBe(200);
    expect((await widgetCall(url(), configPath(W.shop))).json.leaveMessage).toStrictEqual({ enabled: true });
    expect(await created()).toBe(before);
    expect((await leave(W.shop)).status).toBe(201);
  });

  it('counts against the start-chat limits: 429 with Retry-After past the per-IP limit', async () => {
    // perIpPerMinute 3, from an address of its own: messages and chat starts share the bucket.
    const from = { localAddress: '127.0.0.7' };
    const start = () => widgetCall(url(), chatsPath(W.throttled), { body: '{', ...from });
    expect((await start()).status).toBe(400);
    expect((await leave(W.throttled, '{', from)).status).toBe(400);
    expect((await start()).status).toBe(400);
    const before = await created();
    const limited = await leave(W.throttled, PLAIN, from);
    expectError(limited, 429, 'ThrottlingException', 'Too many requests: try again in a moment');
    expect(limited.headers['retry-after']).toBe('20');
    expect(limited.headers['access-control-expose-headers']).toContain('retry-after');
    expect(await created()).toBe(before);
  });

  it('answers a preflight for the endpoint', async () => {
    const pre = await widgetCall(url(), messagesPath(W.shop), {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(SHOP);
    expect(pre.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
  });
});
