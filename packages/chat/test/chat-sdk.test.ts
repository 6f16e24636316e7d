/**
 * `@switchboard/chat` in Node against the real server (SQLite), both sides of one chat:
 * the customer session from StartChatContact's answer, the agent session with its
 * connection token from the agent API (createTransport chat_token). The scenarios the
 * unmodified chatjs passes (chatjs.test.ts), plus what chatjs does not do: items missed
 * while the socket was down arrive through the callbacks, once, in order.
 */
import { randomBytes } from 'node:crypto';
import { StopContactCommand } from '@aws-sdk/client-connect';
import { ChatError, ChatSession, ContentTypes, type Item, SessionTypes } from '@switchboard/chat';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from '../../server/test/agent-client.js';
import { type Chat, Recorder, sleep, startChat, startWorld, type World } from './support.js';

const JOINED = ContentTypes.participantJoined;

describe('@switchboard/chat in Node: a customer session and an agent session', () => {
  let w: World;
  let bob: AgentSocket;
  let live: Chat | undefined;

  beforeAll(async () => {
    ChatSession.setGlobalConfig({
      features: { messageReceipts: { shouldSendMessageReceipts: true, throttleTime: 50 } },
      reconnect: { baseMs: 50, maxMs: 500 },
    });
    w = await startWorld();
    bob = await w.world.agent('bob');
  });

  afterEach(async () => {
    const l = live;
    live = undefined;
    if (!l) return;
    await w.world.connect
      .send(new StopContactCommand({ InstanceId: w.world.server.instance.id, ContactId: l.contactId }))
      .catch(() => undefined);
    l.customer?.session.close();
    l.agent?.session.close();
    await bob.command('clearContact', { contactId: l.contactId }).catch(() => undefined);
    await bob
      .waitFor((d) => !d.snapshot.contacts.some((c) => c.contactId === l.contactId), 'the contact cleared')
      .catch(() => undefined);
  });

  afterAll(async () => w?.close());

  const chat = async () => {
    live = await startChat(w, bob);
    return live;
  };

  it('messages both ways: each side sees the other, and its own echo, once', async () => {
    const { customer, agent, agentParticipantId, customerParticipantId } = await chat();
    expect(customer.session.connectionState).toBe('connected');
    const joined = await customer.waitFor('message', (i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT');
    expect(joined.ParticipantId).toBe(agentParticipantId);

    const sent = await customer.session.sendMessage({ contentType: 'text/plain', message: 'Hello from the SDK', metadata: 'm1' });
    expect(sent.metadata).toBe('m1');
    const atAgent = await agent.waitFor('message', (i) => i.Id === sent.data.Id);
    expect(atAgent).toMatchObject({
      Content: 'Hello from the SDK',
      ParticipantRole: 'CUSTOMER',
      ParticipantId: customerParticipantId,
    });
    await customer.waitFor('message', (i) => i.Id === sent.data.Id, 'the echo');

    const reply = await agent.session.sendMessage({ contentType: 'text/markdown', message: '**Hi Jane**' });
    const got = await customer.waitFor('message', (i) => i.Id === reply.data.Id);
    expect(got).toMatchObject({
      ContentType: 'text/markdown',
      Content: '**Hi Jane**',
      ParticipantRole: 'AGENT',
      AbsoluteTime: reply.data.AbsoluteTime,
    });
    await agent.waitFor('message', (i) => i.Id === reply.data.Id, 'the agent echo');
    await sleep(100);
    for (const r of [customer, agent]) {
      const ids = r.items().map((i) => i.Id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(r.count('connectionEstablished')).toBe(1);
      expect(r.count('connectionBroken')).toBe(0);
    }
  });

  it('typing both ways (throttled to one request per 10 s), never stored', async () => {
    const { customer, agent } = await chat();
    const first = await customer.session.sendEvent({ contentType: ContentTypes.typing });
    const again = await customer.session.sendEvent({ contentType: ContentTypes.typing });
    expect(again.data?.Id).toBe(first.data?.Id);
    const t = await agent.waitFor('typing', (i) => i.ParticipantRole === 'CUSTOMER');
    expect(t.Id).toBe(first.data?.Id);
    await agent.session.sendEvent({ contentType: ContentTypes.typing });
    await customer.waitFor('typing', (i) => i.ParticipantRole === 'AGENT');
    expect(customer.items().some((i) => i.ContentType === ContentTypes.typing)).toBe(false);
    const all = await customer.session.loadTranscript();
    expect(all.some((i) => i.ContentType === ContentTypes.typing)).toBe(false);
  });

  it('read and delivered receipts both ways; nobody sees their own', async () => {
    const { customer, agent, customerParticipantId, agentParticipantId } = await chat();
    const m1 = (await customer.session.sendMessage({ contentType: 'text/plain', message: 'one' })).data;
    const m2 = (await agent.session.sendMessage({ contentType: 'text/plain', message: 'two' })).data;
    await agent.waitFor('message', (i) => i.Id === m1.Id);
    await customer.waitFor('message', (i) => i.Id === m2.Id);

    const receipt = (s: ChatSession, kind: 'read' | 'delivered', messageId: string) =>
      s.sendEvent({
        contentType: kind === 'read' ? ContentTypes.readReceipt : ContentTypes.deliveredReceipt,
        content: JSON.stringify({ messageId }),
      });
    await receipt(agent.session, 'read', m1.Id);
    const read = await customer.waitFor('readReceipt', (i) => i.MessageMetadata?.MessageId === m1.Id);
    expect(read.MessageMetadata?.Receipts?.[0]).toMatchObject({ RecipientParticipantId: agentParticipantId });
    await receipt(customer.session, 'delivered', m2.Id);
    const delivered = await agent.waitFor('deliveredReceipt', (i) => i.MessageMetadata?.MessageId === m2.Id);
    expect(delivered.MessageMetadata?.Receipts?.[0]).toMatchObject({ RecipientParticipantId: customerParticipantId });
    expect(delivered.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toBeUndefined();
    // The same receipt twice is one request.
    const dup = await receipt(customer.session, 'delivered', m2.Id);
    expect(dup.data?.Id).toBe(delivered.Id);
    // A read makes a later delivered receipt for that message unnecessary.
    await receipt(customer.session, 'read', m2.Id);
    await agent.waitFor('readReceipt', (i) => i.MessageMetadata?.MessageId === m2.Id);
    expect((await receipt(customer.session, 'delivered', m2.Id)).data?.Id).toBe(delivered.Id);
    await sleep(150);
    expect(customer.count('readReceipt') + customer.count('deliveredReceipt')).toBe(1);
    expect(agent.count('readReceipt') + agent.count('deliveredReceipt')).toBe(2);
    // A receipt without a messageId is refused before any request.
    const bad = await receipt(customer.session, 'read', '').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ChatError);
    expect((bad as ChatError).error.type).toBe('ValidationException');
  });

  it('pages the transcript BACKWARD and FORWARD, with the seed defaults', async () => {
    const { customer, agent } = await chat();
    const sent: string[] = [];
    for (let i = 0; i < 12; i++) {
      const s = i % 2 ? agent.session : customer.session;
      sent.push((await s.sendMessage({ contentType: 'text/plain', message: `line ${i}` })).data.Id);
    }
    // History (page by page) and the callbacks together: every line exactly once.
    await agent.waitFor('message', (i) => i.Id === sent[11]);
    const history = (await agent.session.loadTranscript({ pageSize: 7 })).map((i) => i.Id);
    const handed = agent.items().map((i) => i.Id);
    for (const id of sent) expect(history.filter((x) => x === id).length + handed.filter((x) => x === id).length).toBe(1);

    // Defaults: 15 items, BACKWARD, ASCENDING.
    const first = await customer.session.getTranscript();
    expect(first.data.Transcript.length).toBe(15);
    const newest = first.data.Transcript.map((i) => i.Id);
    expect(newest.slice(-12)).toEqual(sent);
    const back = await customer.session.getTranscript({ maxResults: 5, nextToken: first.data.NextToken! });
    expect(back.data.Transcript.length).toBeGreaterThan(0);
    // FORWARD from an item, then on with NextToken: the same order.
    const fwd = await customer.session.getTranscript({
      scanDirection: 'FORWARD',
      startPosition: { id: sent[0]! },
      maxResults: 6,
    });
    expect(fwd.data.Transcript.map((i) => i.Id)).toEqual(sent.slice(0, 6));
    const fwd2 = await customer.session.getTranscript({
      scanDirection: 'FORWARD',
      nextToken: fwd.data.NextToken!,
      maxResults: 6,
    });
    expect(fwd2.data.Transcript.map((i) => i.Id)).toEqual(sent.slice(6, 12));
    // FORWARD needs a start position: refused without a request.
    const refused = await customer.session.getTranscript({ scanDirection: 'FORWARD' }).catch((e: unknown) => e);
    expect((refused as ChatError).error).toMatchObject({ type: 'ValidationException', statusCode: 400 });
  });

  it('attachments both ways, byte for byte, with upload progress; refused files say why', async () => {
    const { customer, agent } = await chat();
    const png = randomBytes(300 * 1024);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
    const progress: number[] = [];
    const up = await customer.session.sendAttachment({
      attachment: new File([png], 'screenshot.png', { type: 'image/png' }),
      onUploadProgress: (p) => progress.push(p.loaded),
    });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(png.length);
    const item = await agent.waitFor('message', (i) => i.Type === 'ATTACHMENT');
    expect(item.Attachments?.[0]).toMatchObject({
      AttachmentId: up.data.AttachmentId,
      AttachmentName: 'screenshot.png',
      Status: 'APPROVED',
    });
    const blob = await agent.session.downloadAttachment({ attachmentId: up.data.AttachmentId });
    expect(Buffer.from(await blob.arrayBuffer()).equals(png)).toBe(true);

    const pdf = randomBytes(20 * 1024);
    const back = await agent.session.sendAttachment({ attachment: new File([pdf], 'terms.pdf', { type: 'application/pdf' }) });
    await customer.waitFor('message', (i) => i.Attachments?.[0]?.AttachmentId === back.data.AttachmentId);
    const got = await customer.session.downloadAttachment({ attachmentId: back.data.AttachmentId });
    expect(Buffer.from(await got.arrayBuffer()).equals(pdf)).toBe(true);

    const exe = await customer.session
      .sendAttachment({ attachment: new File([randomBytes(10)], 'run.exe', { type: 'application/x-msdownload' }) })
      .catch((e: unknown) => e);
    expect(exe).toBeInstanceOf(ChatError);
    expect((exe as ChatError).error).toMatchObject({ type: 'ValidationException', statusCode: 400, retryable: false });
    expect((exe as ChatError).message).toMatch(/type|content/i);
    const big = await customer.session
      .sendAttachment({ attachment: new File([new Uint8Array(21 * 1024 * 1024)], 'big.pdf', { type: 'application/pdf' }) })
      .catch((e: unknown) => e);
    expect((big as ChatError).error.type).toBe('ValidationException');
  });

  it('a dropped socket: both sessions reconnect and hand on what was sent meanwhile, once, in order', async () => {
    const { customer, agent } = await chat();
    await customer.waitFor('message', (i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT');
    expect(w.proxy.dropWebSockets()).toBe(2);
    // Sent while both sockets are down (REST still works): neither session saw these yet.
    const missed: string[] = [];
    for (let i = 0; i < 5; i++) {
      missed.push((await agent.session.sendMessage({ contentType: 'text/plain', message: `while away ${i}` })).data.Id);
    }
    await customer.waitFor('connectionEstablished', () => true, 'the reconnect', 5000);
    await customer.waitFor('message', (i) => i.Id === missed[4], 'the last missed message');
    await agent.waitFor('message', (i) => i.Id === missed[4], 'the agent echo after its reconnect');
    for (const r of [customer, agent]) {
      expect(r.count('connectionLost')).toBeGreaterThanOrEqual(1);
      const ids = r.items().map((i) => i.Id);
      expect(new Set(ids).size).toBe(ids.length);
      const got = ids.filter((id) => missed.includes(id));
      expect(got).toEqual(missed);
      expect(r.seen.at(-1)?.kind === 'connectionBroken').toBe(false);
    }
    // Live again over the new sockets.
    const after = await customer.session.sendMessage({ contentType: 'text/plain', message: 'back' });
    await agent.waitFor('message', (i) => i.Id === after.data.Id);
  });

  it('the customer disconnects: onEnded on both sides, after the chat.ended message', async () => {
    const { customer, agent } = await chat();
    await customer.session.disconnectParticipant();
    for (const r of [customer, agent]) {
      await r.waitFor('ended', () => true, 'onEnded');
      const ended = r.seen.findIndex((s) => s.kind === 'ended');
      const endedItem = r.seen.findIndex((s) => s.kind === 'message' && (s.data as Item).ContentType === ContentTypes.chatEnded);
      expect(endedItem).toBeGreaterThanOrEqual(0);
      expect(endedItem).toBeLessThan(ended);
      expect(r.session.connectionState).toBe('ended');
    }
    await bob.waitFor(
      (d) =>
        d.snapshot.contacts.some((c) => c.contactId === customer.session.getChatDetails().contactId && c.state.type === 'ended'),
      'the agent in ACW',
    );
    // Final: nothing more is sent, with the server's words.
    const late = await customer.session
      .sendMessage({ contentType: 'text/plain', message: 'too late', metadata: 'x' })
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ChatError);
    expect(late).toMatchObject({ metadata: 'x', error: { type: 'AccessDeniedException', statusCode: 403, retryable: false } });
    // The transcript stays readable for the customer (a widget offers it for download).
    const t = await customer.session.loadTranscript();
    expect(t.some((i) => i.ContentType === ContentTypes.chatEnded)).toBe(false); // handed on live already
    expect((await customer.session.getTranscript({ maxResults: 3 })).data.Transcript.at(-1)?.ContentType).toBe(
      ContentTypes.chatEnded,
    );
  });

  it('a chat that ended while the customer was offline: the reconnect reads the end and fires onEnded', async () => {
    const { contactId, customer, agent } = await chat();
    await customer.waitFor('message', (i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT');
    w.proxy.offline(800);
    // The agent says goodbye and ends the chat while the customer's network is down.
    const bye = await agent.session.sendMessage({ contentType: 'text/plain', message: 'Bye!' }).catch(() => undefined);
    await w.world.connect.send(new StopContactCommand({ InstanceId: w.world.server.instance.id, ContactId: contactId }));
    const ended = await customer.waitFor('ended', () => true, 'onEnded after the reconnect', 8000);
    expect(ended?.ContentType).toBe(ContentTypes.chatEnded);
    const msgs = customer.items();
    if (bye) expect(msgs.filter((i) => i.Id === bye.data.Id)).toHaveLength(1);
    expect(msgs.filter((i) => i.ContentType === ContentTypes.chatEnded)).toHaveLength(1);
    expect(customer.session.connectionState).toBe('ended');
    expect(customer.count('connectionBroken')).toBe(0);
  });

  it('fails in words: no server → NetworkingError; bad arguments → ValidationException; before connect → InvalidStateException', async () => {
    expect(() => ChatSession.create({ chatDetails: {}, type: SessionTypes.CUSTOMER })).toThrow(ChatError);
    const started = await w.world.startChat();
    live = { contactId: started.ContactId } as Chat;
    const nowhere = ChatSession.create({
      chatDetails: started,
      type: SessionTypes.CUSTOMER,
      options: { endpoint: 'http://127.0.0.1:9' },
    });
    const e = (await nowhere.connect({ metadata: 'm' }).catch((x: unknown) => x)) as ChatError & { connectSuccess: boolean };
    expect(e).toBeInstanceOf(ChatError);
    expect(e).toMatchObject({ connectSuccess: false, connectCalled: true, metadata: 'm' });
    expect(e.error).toMatchObject({ type: 'NetworkingError', statusCode: 0, retryable: true });
    expect(e.message).toMatch(/could not be reached/);

    const early = ChatSession.create({ chatDetails: started, type: SessionTypes.CUSTOMER, options: { endpoint: w.proxy.url } });
    const notYet = await early.sendMessage({ contentType: 'text/plain', message: 'hi' }).catch((x: unknown) => x);
    expect((notYet as ChatError).error.type).toBe('InvalidStateException');
    const badToken = ChatSession.create({
      chatDetails: { ...started, ParticipantToken: 'not-a-token' },
      type: SessionTypes.CUSTOMER,
      options: { endpoint: w.proxy.url },
    });
    const denied = (await badToken.connect().catch((x: unknown) => x)) as ChatError;
    expect(denied.error).toMatchObject({ type: 'AccessDeniedException', statusCode: 403 });
    await early.connect();
    const empty = await early.sendMessage({ contentType: 'text/plain', message: '' }).catch((x: unknown) => x);
    expect((empty as ChatError).error.type).toBe('ValidationException');
    const tooLong = await early.sendMessage({ contentType: 'text/plain', message: 'x'.repeat(5000) }).catch((x: unknown) => x);
    expect((tooLong as ChatError).error).toMatchObject({ type: 'ValidationException', statusCode: 400 });
    const badEvent = await early.sendEvent({ contentType: 'text/plain' }).catch((x: unknown) => x);
    expect((badEvent as ChatError).error.type).toBe('ValidationException');
    early.close();
  });

  it("rehydrates after a page reload from stored details, and loads a persistent chat's whole past page by page", async () => {
    // First chat: a few lines, then the customer leaves.
    const first = await w.world.startChat();
    live = { contactId: first.ContactId } as Chat;
    const s1 = new Recorder(
      ChatSession.create({ chatDetails: first, type: SessionTypes.CUSTOMER, options: { endpoint: w.proxy.url } }),
    );
    await s1.session.connect();
    const old: string[] = [];
    for (let i = 0; i < 23; i++)
      old.push((await s1.session.sendMessage({ contentType: 'text/plain', message: `old ${i}` })).data.Id);
    await s1.session.disconnectParticipant();
    await s1.waitFor('ended');

    // The customer comes back: a new chat continuing the first.
    const second = await w.world.startChat({
      PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: first.ContactId },
    });
    live = { contactId: second.ContactId } as Chat;
    const s2 = new Recorder(
      ChatSession.create({ chatDetails: second, type: SessionTypes.CUSTOMER, options: { endpoint: w.proxy.url } }),
    );
    await s2.session.connect();
    const before = (await s2.session.sendMessage({ contentType: 'text/plain', message: 'before the reload' })).data.Id;
    await s2.waitFor('message', (i) => i.Id === before);

    // A page reload: the stored details make a new session; the old one is gone with the page.
    const stored = JSON.parse(JSON.stringify(s2.session.getChatDetails()));
    s2.session.close();
    const again = new Recorder(
      ChatSession.create({ chatDetails: stored, type: SessionTypes.CUSTOMER, options: { endpoint: w.proxy.url } }),
    );
    await again.session.connect();
    const pages: number[] = [];
    const history: Item[] = [];
    for await (const page of again.session.transcriptPages({ pageSize: 10 })) {
      pages.push(page.length);
      history.unshift(...page);
    }
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const ids = history.map((i) => i.Id);
    expect(ids.filter((id) => old.includes(id))).toEqual(old);
    expect(ids).toContain(before);
    expect(history.filter((i) => old.includes(i.Id)).every((i) => i.RelatedContactId === first.ContactId)).toBe(true);
    // Live after the reload; history and callbacks never overlap.
    const after = (await again.session.sendMessage({ contentType: 'text/plain', message: 'after the reload' })).data.Id;
    await again.waitFor('message', (i) => i.Id === after);
    const live2 = again.items().map((i) => i.Id);
    expect(live2.filter((id) => ids.includes(id))).toEqual([]);
    again.session.close();
  });

  it('an agent session on a websocket provider (the shared agent socket of a desktop)', async () => {
    const started = await w.world.startChat();
    live = { contactId: started.ContactId } as Chat;
    const customer = new Recorder(
      ChatSession.create({ chatDetails: started, type: SessionTypes.CUSTOMER, options: { endpoint: w.proxy.url } }),
    );
    await customer.session.connect();
    const { agentChatTokens } = await import('../../server/test/chat-support.js');
    const tokens = await agentChatTokens(bob, started.ContactId);
    await bob.command('acceptContact', { contactId: started.ContactId });
    const provider = await ProviderOverParticipantSocket.open(w, tokens.participantToken);
    const agent = new Recorder(
      ChatSession.create({
        chatDetails: {
          contactId: started.ContactId,
          participantId: tokens.participantId,
          participantToken: tokens.participantToken,
          getConnectionToken: () =>
            bob.command('createTransport', {
              transportType: 'chat_token',
              contactId: started.ContactId,
              participantId: tokens.participantId,
            }),
        },
        type: SessionTypes.AGENT,
        websocketManager: provider,
        options: { endpoint: w.proxy.url },
      }),
    );
    await agent.session.connect();
    expect(provider.subscribed).toEqual(['aws/chat']);
    const m = await customer.session.sendMessage({ contentType: 'text/plain', message: 'via the provider' });
    await agent.waitFor('message', (i) => i.Id === m.data.Id);
    // The provider loses its socket; what was sent meanwhile comes with the catch-up.
    provider.lose();
    const missed = await customer.session.sendMessage({ contentType: 'text/plain', message: 'while the provider was down' });
    await sleep(50);
    expect(agent.items().some((i) => i.Id === missed.data.Id)).toBe(false);
    await provider.regain(w, tokens.participantToken);
    await agent.waitFor('message', (i) => i.Id === missed.data.Id);
    expect(agent.items().filter((i) => i.Id === missed.data.Id)).toHaveLength(1);
    provider.close();
    customer.session.close();
    agent.session.close();
  });
});

/** Streams' runtime WebSocketManager shape, over a participant socket of the agent's own. */
class ProviderOverParticipantSocket {
  readonly subscribed: string[] = [];
  private ws: import('ws').WebSocket | undefined;
  private readonly handlers = new Map<string, ((f: { content?: unknown }) => void)[]>();
  private gain: (() => void)[] = [];
  private lostCbs: (() => void)[] = [];

  static async open(w: World, participantToken: string): Promise<ProviderOverParticipantSocket> {
    const p = new ProviderOverParticipantSocket();
    await p.connect(w, participantToken);
    return p;
  }

  private async connect(w: World, participantToken: string): Promise<void> {
    const { default: WebSocket } = await import('ws');
    const res = await fetch(`${w.world.server.url}/participant/connection`, {
      method: 'POST',
      headers: { 'x-amz-bearer': participantToken, 'content-type': 'application/json' },
      body: JSON.stringify({ Type: ['WEBSOCKET'] }),
    });
    const url = ((await res.json()) as { Websocket: { Url: string } }).Websocket.Url.replace(w.proxy.url, w.world.server.url);
    const ws = new WebSocket(url);
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as { topic?: string; content?: { status?: string } };
        if (frame.topic === 'aws/subscribe' && frame.content?.status === 'success') resolve();
        for (const cb of this.handlers.get(frame.topic ?? '') ?? []) cb(frame as { content?: unknown });
      });
      ws.once('open', () => ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } })));
    });
  }

  subscribeTopics(topics: string[]): void {
    this.subscribed.push(...topics);
  }
  onMessage(topic: string, cb: (f: { content?: unknown }) => void): () => void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), cb]);
    return () =>
      this.handlers.set(
        topic,
        (this.handlers.get(topic) ?? []).filter((x) => x !== cb),
      );
  }
  onConnectionGain(cb: () => void): void {
    this.gain.push(cb);
  }
  onConnectionLost(cb: () => void): void {
    this.lostCbs.push(cb);
  }
  lose(): void {
    this.ws?.terminate();
    for (const cb of this.lostCbs) cb();
  }
  async regain(w: World, participantToken: string): Promise<void> {
    await this.connect(w, participantToken);
    for (const cb of this.gain) cb();
  }
  close(): void {
    this.ws?.close();
  }
}
