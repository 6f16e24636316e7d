/**
 * "Call us": the widget's public calls endpoint (POST /widget/v1/configurations/{id}/calls)
 * against the real server, on every storage backend. The configuration says whether calls
 * are offered (on, a queue, open, an agent who takes VOICE); a call is a VOICE contact
 * through the widget's flow, offered to that agent, whose join token opens the customer's
 * leg; every refusal (403, 400, 409) creates nothing.
 */
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AgentSocket } from './agent-client.js';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import {
  callsPath,
  configPath,
  contactsCreated,
  FOREIGN,
  type RawAnswer,
  VISITOR,
  W,
  widgetCall,
  widgetTestConfig,
} from './widget-support.js';

const JANE = { fields: { name: 'Jane Caller', email: 'jane@example.com' }, attributes: { page: '/pricing' } };

const expectError = (a: RawAnswer & { json: Record<string, unknown> }, status: number, type: string) => {
  expect({ status: a.status, type: a.headers['x-amzn-errortype'] }, a.text).toStrictEqual({ status, type });
  expect(typeof a.json.message).toBe('string');
};

/** The first frame the voice socket answers a malformed offer with, for `token`. */
function probe(url: string, token: string): Promise<{ type: string; error?: { type: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'offer', sdp: 'not an SDP' })));
    ws.once('message', (raw) => {
      resolve(JSON.parse(raw.toString()));
      ws.close();
    });
    ws.once('error', reject);
  });
}

describe.each(backends)('the widget calls API on $name', (backend) => {
  let world: ChatWorld;
  let alice: AgentSocket | undefined;
  let instanceId: string;
  const url = () => world.server.url;
  const call = (id: string, body: unknown = JANE, visitor: string | null = VISITOR, origin?: string) =>
    widgetCall(url(), callsPath(id), {
      body,
      ...(origin !== undefined ? { origin } : {}),
      headers: visitor !== null ? { 'x-switchboard-visitor': visitor } : {},
    });
  const offered = async (id: string) => (await widgetCall(url(), configPath(id))).json.voice;
  const created = () => contactsCreated(world.server.store, instanceId);

  beforeAll(async () => {
    world = await chatWorld(backend, { config: widgetTestConfig(), offerTimeoutMs: 600_000 });
    instanceId = world.server.instance.id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('offers no call while nobody takes VOICE (bob takes chats only): the configuration says so, a call is 409', async () => {
    await world.agent('bob');
    expect(await offered(W.caller)).toStrictEqual({ enabled: false });
    const before = await created();
    const closed = await call(W.caller);
    expectError(closed, 409, 'ConflictException');
    expect(closed.json.Reason).toBe('CLOSED');
    expect(await created()).toBe(before);
  });

  it('with alice (VOICE on Support) Available: offered; a call is a VOICE contact offered to her, its token opens the leg', async () => {
    alice = await world.agent('alice');
    expect(await offered(W.caller)).toStrictEqual({ enabled: true });
    // Off in the configuration, or no queue behind the flow: not offered, whoever is there.
    expect(await offered(W.shop)).toStrictEqual({ enabled: false });
    expect(await offered(W.greetingCaller)).toStrictEqual({ enabled: false });

    const before = await created();
    const a = await call(W.caller);
    expect(a.status, a.text).toBe(201);
    expect(a.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const signalling = `${url().replace(/^http/, 'ws')}/voice/v1/ws`;
    expect(a.json).toStrictEqual({
      ContactId: expect.any(String),
      ParticipantId: expect.any(String),
      JoinToken: expect.any(String),
      SignalingUrl: signalling,
    });
    expect(await created()).toBe(before + 1);
    const ContactId = a.json.ContactId as string;
    const described = (await world.connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId }))).Contact!;
    expect(described).toMatchObject({
      Channel: 'VOICE',
      InitiationMethod: 'WEBRTC_API',
      Attributes: { page: '/pricing', customer_email: 'jane@example.com' },
    });
    const offer = await alice.waitFor((d) => d.snapshot.contacts.some((c) => c.contactId === ContactId), 'the call offered');
    expect(offer.data.snapshot.contacts.find((c) => c.contactId === ContactId)).toMatchObject({
      type: 'voice',
      state: { type: 'connecting' },
    });
    // The join token reaches the call's signalling: a malformed offer is answered as such.
    expect((await probe(a.json.SignalingUrl as string, a.json.JoinToken as string)).error?.type).toBe('InvalidRequestException');

    // One conversation open per visitor (maxOpenChatsPerVisitor 1): a second call is 409.
    const again = await call(W.caller);
    expectError(again, 409, 'ConflictException');
    expect(again.json.Reason).toBe('VISITOR_LIMIT');
    expect(await created()).toBe(before + 1);
  });

  it('refuses calls from a foreign origin (403), bad input (400) and a widget with calls off (409), creating nothing', async () => {
    const before = await created();
    const other = 'visitor-other-0001';
    expectError(await call(W.caller, JANE, other, FOREIGN), 403, 'AccessDeniedException');
    expectError(await call('7a1b0000-0000-4000-8000-0000000000ff', JANE, other), 403, 'AccessDeniedException');
    expectError(await call(W.caller, JANE, null), 400, 'ValidationException');
    expectError(await call(W.caller, JANE, 'short'), 400, 'ValidationException');
    expectError(await call(W.caller, { fields: {} }, other), 400, 'ValidationException');
    expectError(await call(W.caller, { fields: { name: 'Jane', phone: '1' } }, other), 400, 'ValidationException');
    expectError(
      await call(W.caller, { fields: { name: 'Jane' }, attributes: { cartValue: '3' } }, other),
      400,
      'ValidationException',
    );
    expectError(await call(W.caller, { fields: { name: 'J'.repeat(31) } }, other), 400, 'ValidationException');
    expectError(await call(W.caller, { ...JANE, video: true }, other), 400, 'ValidationException');
    expectError(await call(W.caller, '{not json', other), 400, 'ValidationException');
    const off = await call(W.shop, JANE, other);
    expectError(off, 409, 'ConflictException');
    expect(off.json.Reason).toBe('CALLS_OFF');
    const noQueue = await call(W.greetingCaller, {}, other);
    expectError(noQueue, 409, 'ConflictException');
    expect(noQueue.json.Reason).toBe('CLOSED');
    expect(await created()).toBe(before);
  });
});
