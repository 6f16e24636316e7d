/**
 * The unmodified amazon-connect-chatjs 5.0 as the customer, against the real server: connect,
 * messages, typing, receipts both ways, transcript paging, a dropped socket, the end of the
 * chat (by the customer, and while the customer's socket is down), attachments. The agent
 * side is what the CCP does: the agent API (offer, accept, clear), CreateParticipantConnection
 * with the agent's participant token, a raw `ws` subscribed to aws/chat, and the
 * @aws-sdk/client-connectparticipant operations with the agent's connection token.
 */
import { randomBytes } from 'node:crypto';
import { StopContactCommand } from '@aws-sdk/client-connect';
import {
  CompleteAttachmentUploadCommand,
  type ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  GetAttachmentCommand,
  GetTranscriptCommand,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
} from '@aws-sdk/client-connectparticipant';
import type { ChatItem } from '@switchboard/core';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from './agent-client.js';
import { backends } from './backends.js';
import { agentChatTokens, type ChatWorld, chatWorld } from './chat-support.js';
import {
  ChatSession,
  type ChatjsSocket,
  chatjsHttp,
  chatjsLog,
  chatjsSockets,
  configureChatjs,
  holdConnections,
  holdSubscribes,
  releaseConnections,
} from './chatjs-env.js';

const EVENT = 'application/vnd.amazonaws.connect.event.';
const TYPING = `${EVENT}typing` as const;
const READ = `${EVENT}message.read` as const;
const DELIVERED = `${EVENT}message.delivered` as const;
const JOINED = `${EVENT}participant.joined`;
const LEFT = `${EVENT}participant.left`;
const ENDED = `${EVENT}chat.ended`;

/**
 * Each server gets its own region: chatjs caches its participant client (and so the endpoint)
 * per region. The second region of a backend is for the server the shutdown test starts.
 */
const REGIONS = { sqlite: ['us-east-1', 'eu-west-1'], postgres: ['us-west-2', 'eu-central-1'] } as const;

// -----------------------------------------------------------------------------------------
// Waiting for things

/** Values as they arrive, and promises for the first (from an index on) that matches. */
class Recorder<T> {
  readonly seen: T[] = [];
  private readonly waiters: { from: number; pred: (v: T) => boolean; resolve: (v: T) => void }[] = [];

  push(v: T): void {
    const index = this.seen.push(v) - 1;
    for (const w of [...this.waiters]) {
      if (index >= w.from && w.pred(v)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(v);
      }
    }
  }

  waitFor(pred: (v: T) => boolean, what: string, opts: { from?: number; timeoutMs?: number } = {}): Promise<T> {
    const from = opts.from ?? 0;
    const hit = this.seen.slice(from).find(pred);
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const w = {
        from,
        pred,
        resolve: (v: T) => {
          clearTimeout(timer);
          resolve(v);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out waiting for ${what}`));
      }, opts.timeoutMs ?? 5000);
      this.waiters.push(w);
    });
  }
}

const within = <T>(p: Promise<T>, what: string, ms = 5000): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);

// -----------------------------------------------------------------------------------------
// The customer: chatjs

type CustomerEventKind =
  | 'message'
  | 'typing'
  | 'read'
  | 'delivered'
  | 'established'
  | 'lost'
  | 'broken'
  | 'ended'
  | 'heartbeat'
  | 'heartbeatFailure';

interface CustomerEvent {
  readonly kind: CustomerEventKind;
  /** The item, for message/typing/read/delivered. */
  readonly item?: ChatItem;
  /** The raw event chatjs passed. */
  readonly raw: unknown;
}

class Customer {
  readonly events = new Recorder<CustomerEvent>();
  /** Sockets chatjs opened for this session (tests run one customer at a time). */
  private readonly firstSocket = chatjsSockets.length;

  private constructor(
    readonly session: connect.CustomerChatSession,
    readonly participantId: string,
  ) {
    const on = (kind: CustomerEventKind) => (e: unknown) =>
      this.events.push({ kind, raw: e, ...(e && typeof e === 'object' && 'data' in e ? { item: e.data as ChatItem } : {}) });
    session.onMessage(on('message'));
    session.onTyping(on('typing'));
    session.onReadReceipt(on('read'));
    session.onDeliveredReceipt(on('delivered'));
    session.onConnectionEstablished(on('established'));
    session.onConnectionLost(on('lost'));
    session.onConnectionBroken(on('broken'));
    session.onEnded(on('ended'));
    session.onDeepHeartbeatSuccess(on('heartbeat'));
    session.onDeepHeartbeatFailure(on('heartbeatFailure'));
  }

  /** Creates the chatjs session, connects it and waits until its socket is subscribed. */
  static async connect(chat: { ContactId: string; ParticipantId: string; ParticipantToken: string }): Promise<Customer> {
    // The StartChatContact answer as is (chatjs also takes PascalCase; its typings only list camelCase).
    const args = {
      chatDetails: { ContactId: chat.ContactId, ParticipantId: chat.ParticipantId, ParticipantToken: chat.ParticipantToken },
      type: 'CUSTOMER',
      disableCSM: true,
    };
    const session = ChatSession.create(args as unknown as connect.CustomerChatSessionArgs) as connect.CustomerChatSession;
    const c = new Customer(session, chat.ParticipantId);
    const result = await session.connect();
    expect(result).toMatchObject({ connectSuccess: true, connectCalled: true });
    // onConnectionEstablished fires twice: for connect() itself, then when the socket opens.
    await c.events.waitFor((e) => e.kind === 'established' && isConnectSuccess(e.raw), 'onConnectionEstablished (connect)');
    await c.socketUp();
    return c;
  }

  get sockets(): ChatjsSocket[] {
    return chatjsSockets.slice(this.firstSocket);
  }

  /** Waits for onConnectionEstablished from the socket (after event index `from`), then for the subscribe ack. */
  async socketUp(from = 0): Promise<ChatjsSocket> {
    await this.events.waitFor((e) => e.kind === 'established' && !isConnectSuccess(e.raw), 'onConnectionEstablished (socket)', {
      from,
    });
    const open = this.sockets.filter((s) => s.readyState === WebSocket.OPEN);
    const live = open[open.length - 1];
    if (!live) throw new Error('onConnectionEstablished fired without an open socket');
    await within(live.subscribed, 'the aws/subscribe acknowledgement');
    return live;
  }

  /** The item of the first event of this kind matching `pred`. */
  async item(kind: CustomerEventKind, pred: (i: ChatItem) => boolean, what: string, from = 0): Promise<ChatItem> {
    const e = await this.events.waitFor((x) => x.kind === kind && x.item !== undefined && pred(x.item), what, { from });
    return e.item!;
  }

  count(kind: CustomerEventKind, pred: (i: ChatItem | undefined) => boolean = () => true): number {
    return this.events.seen.filter((e) => e.kind === kind && pred(e.item)).length;
  }

  get ended(): boolean {
    return this.events.seen.some((e) => e.kind === 'ended');
  }
}

const isConnectSuccess = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && 'connectSuccess' in raw;

// -----------------------------------------------------------------------------------------
// The agent: agent API + participant SDK + a raw websocket

class AgentChat {
  readonly items = new Recorder<ChatItem>();

  private constructor(
    readonly p: ConnectParticipantClient,
    readonly participantId: string,
    readonly connectionToken: string,
    readonly ws: WebSocket,
  ) {
    ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString()) as { topic?: string; content?: string };
      if (f.topic === 'aws/chat' && typeof f.content === 'string') this.items.push(JSON.parse(f.content) as ChatItem);
    });
  }

  /** Bob takes the offered chat, acknowledges it and listens on aws/chat (answering nothing). */
  static async join(world: ChatWorld, bob: AgentSocket, contactId: string): Promise<AgentChat> {
    const t = await agentChatTokens(bob, contactId);
    await bob.command('acceptContact', { contactId });
    const p = world.participantClient();
    const conn = await p.send(
      new CreateParticipantConnectionCommand({
        ParticipantToken: t.participantToken,
        Type: ['WEBSOCKET'],
        ConnectParticipant: true,
      }),
    );
    const ws = new WebSocket(conn.Websocket!.Url!);
    const a = new AgentChat(p, t.participantId, t.connectionToken, ws);
    const acked = new Promise<void>((resolve, reject) => {
      ws.on('message', (raw) => {
        const f = JSON.parse(raw.toString()) as { topic?: string; content?: { status?: string } };
        if (f.topic === 'aws/subscribe') {
          if (f.content?.status === 'success') resolve();
          else reject(new Error(`subscribe refused: ${raw.toString()}`));
        }
      });
      ws.once('error', reject);
    });
    await within(new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject)), 'the agent socket');
    ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }));
    await within(acked, 'the agent subscribe ack');
    return a;
  }

  send(Content: string, ContentType = 'text/plain') {
    return this.p.send(new SendMessageCommand({ ConnectionToken: this.connectionToken, ContentType, Content }));
  }

  event(ContentType: string, Content?: string) {
    return this.p.send(new SendEventCommand({ ConnectionToken: this.connectionToken, ContentType, Content }));
  }

  item(pred: (i: ChatItem) => boolean, what: string): Promise<ChatItem> {
    return this.items.waitFor(pred, `the agent socket to see ${what}`);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** The bytes of a Blob/File/Buffer, for byte-for-byte comparison. */
const bytes = async (b: Blob | Buffer): Promise<Buffer> => (Buffer.isBuffer(b) ? b : Buffer.from(await b.arrayBuffer()));

// -----------------------------------------------------------------------------------------

describe.each(backends)('amazon-connect-chatjs as the customer on $name', (backend) => {
  let world: ChatWorld;
  let bob: AgentSocket;
  /** What the running test opened; afterEach ends and clears it even when the test failed. */
  let live: { contactId: string; customer?: Customer; agent?: AgentChat } | undefined;

  beforeAll(async () => {
    world = await chatWorld(backend);
    bob = await world.agent('bob');
    configureChatjs(world.server.url, REGIONS[backend.name][0]);
  });

  afterEach(async (ctx) => {
    const l = live;
    live = undefined;
    releaseConnections();
    if (ctx.task.result?.state === 'fail' || process.env.CHATJS_DEBUG) {
      console.error(`chatjs log (${ctx.task.name}):\n${chatjsLog.slice(-60).join('\n')}`);
      console.error(
        `chatjs http:\n${chatjsHttp
          .slice(-30)
          .map((c) => `${c.method} ${c.path} ${c.status} ${c.errorType ?? ''}`)
          .join('\n')}`,
      );
    }
    chatjsLog.length = 0;
    chatjsHttp.length = 0;
    if (!l) return;
    if (l.customer && !l.customer.ended) {
      await world.connect
        .send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: l.contactId }))
        .catch(() => undefined);
      await l.customer.events
        .waitFor((e) => e.kind === 'ended', 'onEnded at clean-up', { timeoutMs: 2000 })
        .catch(() => undefined);
      if (!l.customer.ended) {
        // Its socket missed chat.ended: drop it, and the reconnect's 403 ends the session.
        for (const sock of l.customer.sockets) sock.terminate();
        await l.customer.events
          .waitFor((e) => e.kind === 'ended', 'onEnded after the 403', { timeoutMs: 2000 })
          .catch(() => undefined);
      }
    }
    l.agent?.close();
    await bob.command('clearContact', { contactId: l.contactId }).catch(() => undefined);
    await bob
      .waitFor((d) => !d.snapshot.contacts.some((c) => c.contactId === l.contactId), 'the contact cleared')
      .catch(() => undefined);
  });

  afterAll(async () => world?.close());

  /** A chat started over client-connect, chatjs connected as the customer, Bob connected as the agent. */
  async function chat(input: { InitialMessage?: { ContentType: string; Content: string } } = {}) {
    const started = await world.startChat(input);
    live = { contactId: started.ContactId };
    const customer = await Customer.connect(started);
    live.customer = customer;
    const agent = await AgentChat.join(world, bob, started.ContactId);
    live.agent = agent;
    // The customer sees the agent join (an onMessage event, as in Connect).
    await customer.item('message', (i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT', 'the agent joining');
    return { contactId: started.ContactId, customer, agent };
  }

  it('connects, and messages flow both ways (the sender gets its own echo)', async () => {
    const { contactId, customer, agent } = await chat({
      InitialMessage: { ContentType: 'text/plain', Content: 'Hi, I need help' },
    });
    expect(customer.count('established')).toBe(2);
    // The socket's first aws/ping and aws/heartbeat were answered (§0.6).
    await customer.events.waitFor((e) => e.kind === 'heartbeat', 'onDeepHeartbeatSuccess');
    const frames = customer.sockets[0]!.frames;
    expect(frames).toContainEqual(expect.objectContaining({ topic: 'aws/ping', statusCode: 200 }));
    expect(frames).toContainEqual(expect.objectContaining({ topic: 'aws/heartbeat' }));
    // The initial message and the flow's greeting are in the transcript chatjs reads.
    const history = (await customer.session.getTranscript({})).data as connect.GetTranscriptResult;
    expect(history.InitialContactId).toBe(contactId);
    expect(history.Transcript.map((i) => i.Content)).toContain('Hi, I need help');
    const joined = await customer.item('message', (i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT', 'join');
    expect(joined).toMatchObject({
      Type: 'EVENT',
      ParticipantId: agent.participantId,
      ContactId: contactId,
      InitialContactId: contactId,
    });

    const sent = await customer.session.sendMessage({ contentType: 'text/plain', message: 'Hello from chatjs' });
    const id = (sent.data as connect.SendMessageResult).Id;
    expect(id).toBeTruthy();
    const seen = await agent.item((i) => i.Id === id, 'the customer message');
    expect(seen).toMatchObject({
      Type: 'MESSAGE',
      ContentType: 'text/plain',
      Content: 'Hello from chatjs',
      ParticipantRole: 'CUSTOMER',
      ParticipantId: customer.participantId,
      DisplayName: 'Jane',
      ContactId: contactId,
      InitialContactId: contactId,
    });
    const echo = await customer.item('message', (i) => i.Id === id, 'the echo of its own message');
    expect(echo).toMatchObject({ Content: 'Hello from chatjs', ParticipantRole: 'CUSTOMER' });

    const reply = await agent.send('**Hello Jane**', 'text/markdown');
    const got = await customer.item('message', (i) => i.Id === reply.Id, 'the agent message');
    expect(got).toMatchObject({
      Type: 'MESSAGE',
      ContentType: 'text/markdown',
      Content: '**Hello Jane**',
      ParticipantRole: 'AGENT',
      ParticipantId: agent.participantId,
      AbsoluteTime: reply.AbsoluteTime,
    });
    // Each item once.
    expect(customer.count('message', (i) => i?.Id === reply.Id)).toBe(1);
    expect(customer.count('broken')).toBe(0);
    expect(customer.count('heartbeatFailure')).toBe(0);
  });

  it('shows typing both ways, and never stores it', async () => {
    const { customer, agent } = await chat();
    await customer.session.sendEvent({ contentType: TYPING });
    const typing = await agent.item((i) => i.ContentType === TYPING, 'the customer typing');
    expect(typing).toMatchObject({ Type: 'EVENT', ParticipantRole: 'CUSTOMER', ParticipantId: customer.participantId });
    expect(typing.Content).toBeUndefined();

    const ev = await agent.event(TYPING);
    const shown = await customer.item('typing', (i) => i.Id === ev.Id, 'onTyping for the agent');
    expect(shown).toMatchObject({ ContentType: TYPING, ParticipantRole: 'AGENT', ParticipantId: agent.participantId });

    const t = await customer.session.getTranscript({ maxResults: 100 });
    const items = (t.data as connect.GetTranscriptResult).Transcript;
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((i) => i.ContentType === TYPING)).toBe(false);
  });

  it('delivers read and delivered receipts both ways', async () => {
    const { customer, agent } = await chat();
    const m1 = (await customer.session.sendMessage({ contentType: 'text/plain', message: 'one' }))
      .data as connect.SendMessageResult;
    const m2 = (await customer.session.sendMessage({ contentType: 'text/plain', message: 'two' }))
      .data as connect.SendMessageResult;

    // Agent → customer.
    await agent.event(READ, JSON.stringify({ messageId: m1.Id }));
    const read = await customer.item('read', (i) => i.MessageMetadata?.MessageId === m1.Id, 'onReadReceipt for m1');
    expect(read.Type).toBe('MESSAGEMETADATA');
    expect(read.MessageMetadata?.Receipts?.[0]).toMatchObject({ RecipientParticipantId: agent.participantId });
    expect(read.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toBeTruthy();
    await agent.event(DELIVERED, JSON.stringify({ messageId: m2.Id }));
    const delivered = await customer.item(
      'delivered',
      (i) => i.MessageMetadata?.MessageId === m2.Id,
      'onDeliveredReceipt for m2',
    );
    expect(delivered.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toBeUndefined();
    expect(delivered.MessageMetadata?.Receipts?.[0]?.DeliveredTimestamp).toBeTruthy();

    // Customer → agent (chatjs sends these with the constant ClientToken INCOMING_READ_RECEIPT / _DELIVERED_).
    const a1 = await agent.send('first answer');
    const a2 = await agent.send('second answer');
    await customer.item('message', (i) => i.Id === a2.Id, 'the agent messages');
    await customer.session.sendEvent({ contentType: READ, content: JSON.stringify({ messageId: a1.Id }) });
    const agentRead = await agent.item(
      (i) => i.Type === 'MESSAGEMETADATA' && i.MessageMetadata?.MessageId === a1.Id,
      'the customer read receipt',
    );
    expect(agentRead.MessageMetadata?.Receipts?.[0]).toMatchObject({ RecipientParticipantId: customer.participantId });
    expect(agentRead.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toBeTruthy();
    await customer.session.sendEvent({ contentType: DELIVERED, content: JSON.stringify({ messageId: a2.Id }) });
    const agentDelivered = await agent.item(
      (i) => i.Type === 'MESSAGEMETADATA' && i.MessageMetadata?.MessageId === a2.Id,
      'the customer delivered receipt',
    );
    expect(agentDelivered.MessageMetadata?.Receipts?.[0]).toMatchObject({ RecipientParticipantId: customer.participantId });
    expect(agentDelivered.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toBeUndefined();
    const posted = chatjsHttp.filter((c) => c.path === '/participant/event' && c.status === 200);
    expect(posted.length).toBeGreaterThanOrEqual(2);

    // chatjs hides the customer's own receipts from the customer: once a later message is
    // through, no receipt for a1/a2 has fired.
    const last = await agent.send('sentinel');
    await customer.item('message', (i) => i.Id === last.Id, 'the sentinel');
    expect(customer.count('read', (i) => i?.MessageMetadata?.MessageId === a1.Id)).toBe(0);
    expect(customer.count('delivered', (i) => i?.MessageMetadata?.MessageId === a2.Id)).toBe(0);
  });

  it('pages the transcript BACKWARD/ASCENDING with NextToken: every item once, in order', async () => {
    const { customer, agent } = await chat();
    const sent: string[] = [];
    for (let n = 0; n < 25; n++) {
      if (n % 2 === 0) {
        const r = await customer.session.sendMessage({ contentType: 'text/plain', message: `customer ${n}` });
        sent.push((r.data as connect.SendMessageResult).Id);
      } else {
        sent.push((await agent.send(`agent ${n}`)).Id!);
      }
    }
    await customer.item('message', (i) => i.Id === sent[sent.length - 1], 'the last message');

    const pages: connect.ChatTranscriptItem[][] = [];
    let nextToken: string | undefined;
    do {
      const r = await customer.session.getTranscript({
        maxResults: 10,
        scanDirection: 'BACKWARD',
        sortOrder: 'ASCENDING',
        ...(nextToken ? { nextToken } : {}),
      });
      const data = r.data as connect.GetTranscriptResult;
      expect(data.Transcript.length).toBeLessThanOrEqual(10);
      pages.push(data.Transcript);
      nextToken = data.NextToken || undefined;
      expect(pages.length).toBeLessThan(10);
    } while (nextToken);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    // BACKWARD: page 1 is the newest; each page oldest → newest.
    const paged = pages.reverse().flat();
    const ids = paged.map((i) => i.Id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => sent.includes(id))).toEqual(sent);
    for (let n = 1; n < paged.length; n++) {
      expect(Date.parse(paged[n]!.AbsoluteTime)).toBeGreaterThanOrEqual(Date.parse(paged[n - 1]!.AbsoluteTime));
    }
    // The same as one FORWARD read of the whole chat.
    const all = await agent.p.send(
      new GetTranscriptCommand({
        ConnectionToken: agent.connectionToken,
        MaxResults: 100,
        ScanDirection: 'FORWARD',
        SortOrder: 'ASCENDING',
      }),
    );
    expect(ids).toEqual(all.Transcript?.map((i) => i.Id));
  });

  it('reconnects after a dropped socket without losing an item', async () => {
    const { customer, agent } = await chat();
    const before = customer.sockets.filter((s) => s.readyState === WebSocket.OPEN);
    expect(before).toHaveLength(1);
    const gate = holdConnections();
    const mark = customer.events.seen.length;
    before[0]!.terminate();
    await customer.events.waitFor((e) => e.kind === 'lost', 'onConnectionLost', { from: mark });
    // chatjs is now asking for a new connection, which is held: the socket is surely down.
    await within(gate.held, 'chatjs to call CreateParticipantConnection again');

    const missed: string[] = [];
    for (const text of ['while you were away 1', 'while you were away 2', 'while you were away 3'])
      missed.push((await agent.send(text)).Id!);
    await agent.item((i) => i.Id === missed[2], 'the last missed message');

    gate.release();
    const fresh = await customer.socketUp(mark);
    expect(fresh).not.toBe(before[0]);
    expect(chatjsHttp.filter((c) => c.path === '/participant/connection').at(-1)).toMatchObject({ status: 200 });

    const t = await customer.session.getTranscript({});
    const ids = (t.data as connect.GetTranscriptResult).Transcript.map((i) => i.Id);
    for (const id of missed) expect(ids).toContain(id);
    // Nothing arrived twice on the socket.
    for (const id of missed) expect(customer.count('message', (i) => i?.Id === id)).toBeLessThanOrEqual(1);

    // The new socket carries new items, and the new connection token sends.
    const after = await agent.send('welcome back');
    await customer.item('message', (i) => i.Id === after.Id, 'a message on the new socket', mark);
    const r = await customer.session.sendMessage({ contentType: 'text/plain', message: 'thanks' });
    await agent.item((i) => i.Id === (r.data as connect.SendMessageResult).Id, 'the customer message after the reconnect');
    expect(customer.count('broken')).toBe(0);
  });

  it('customer disconnect: chat.ended reaches both sides, onEnded fires, the agent is in ACW', async () => {
    const { contactId, customer, agent } = await chat();
    await customer.session.disconnectParticipant();
    const ended = await customer.item('message', (i) => i.ContentType === ENDED, 'chat.ended on the customer socket');
    expect(ended).toMatchObject({ Type: 'EVENT', ContactId: contactId, InitialContactId: contactId });
    await customer.events.waitFor((e) => e.kind === 'ended', 'onEnded');
    await agent.item((i) => i.ContentType === ENDED, 'chat.ended');
    const left = await agent.item((i) => i.ContentType === LEFT, 'the customer leaving');
    expect(left).toMatchObject({ ParticipantRole: 'CUSTOMER', ParticipantId: customer.participantId });
    await bob.waitFor(
      (d) => d.snapshot.contacts.find((c) => c.contactId === contactId)?.state.type === 'ended',
      'the contact in after-contact work',
    );
    // chatjs closes its socket itself after chat.ended (code 1000), and does not reconnect.
    const last = customer.sockets.at(-1)!;
    if (last.readyState !== WebSocket.CLOSED)
      await within(new Promise((r) => last.once('close', r)), 'chatjs closing its socket');
    expect(customer.sockets.filter((s) => s.readyState !== WebSocket.CLOSED)).toHaveLength(0);
  });

  it('a reconnect after the chat ended gets 403 from CreateParticipantConnection and fires onEnded', async () => {
    const { contactId, customer, agent } = await chat();
    const gate = holdConnections();
    const mark = customer.events.seen.length;
    customer.sockets.find((s) => s.readyState === WebSocket.OPEN)!.terminate();
    await customer.events.waitFor((e) => e.kind === 'lost', 'onConnectionLost', { from: mark });
    await within(gate.held, 'chatjs to call CreateParticipantConnection again');

    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: contactId }));
    await agent.item((i) => i.ContentType === ENDED, 'chat.ended');
    gate.release();

    await customer.events.waitFor((e) => e.kind === 'ended', 'onEnded (chatjs §2.4: 403 while ConnectionLost)', { from: mark });
    expect(chatjsHttp.filter((c) => c.path === '/participant/connection').at(-1)).toMatchObject({
      status: 403,
      errorType: 'AccessDeniedException',
    });
    // No socket was opened for the ended chat.
    expect(customer.sockets.filter((s) => s.readyState === WebSocket.OPEN)).toHaveLength(0);
  });

  // SERVER BUG (fails today): ChatHub.closeChat is never called. A socket that is open but
  // not yet subscribed when the chat ends (reconnect or 59-min rotation in flight) misses
  // chat.ended and is then kept open and acknowledged: chatjs never learns the chat ended.
  it('a socket that subscribes after the chat ended is closed, so chatjs still fires onEnded', async () => {
    const { contactId, customer, agent } = await chat();
    const gate = holdSubscribes();
    const mark = customer.events.seen.length;
    customer.sockets.find((s) => s.readyState === WebSocket.OPEN)!.terminate();
    await customer.events.waitFor((e) => e.kind === 'lost', 'onConnectionLost', { from: mark });
    // The new socket is open (chatjs fired onConnectionEstablished) and its subscribe is held.
    await customer.events.waitFor((e) => e.kind === 'established', 'onConnectionEstablished (new socket)', { from: mark });
    await within(gate.held, 'chatjs to subscribe on the new socket');

    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: contactId }));
    await agent.item((i) => i.ContentType === ENDED, 'chat.ended');
    gate.release();

    await customer.events.waitFor((e) => e.kind === 'ended', 'onEnded after the chat ended during the reconnect', {
      from: mark,
    });
  });

  // SERVER BUG (fails today): the websocket hubs are closed in an onClose hook, which Fastify
  // runs only after server.close() has seen every connection end; upgraded sockets are
  // connections, and chatjs keeps its socket open. So close() waits for the clients (the CLI
  // gives up after 10 s and exits 1 without closing routing and storage).
  it('the server shuts down while chatjs is connected', async () => {
    const other = await chatWorld(backend);
    configureChatjs(other.server.url, REGIONS[backend.name][1]);
    let customer: Customer | undefined;
    try {
      customer = await Customer.connect(await other.startChat());
      const mark = customer.events.seen.length;
      const closing = other.close();
      const outcome = await within(
        closing.then(() => 'closed'),
        'server.close()',
      ).catch(() => 'still waiting');
      // (Clean-up first, so a failure here does not hang the suite.)
      for (const sock of customer.sockets) sock.terminate();
      await closing;
      expect(outcome).toBe('closed');
      await customer.events.waitFor((e) => e.kind === 'lost', 'onConnectionLost', { from: mark });
    } finally {
      for (const sock of customer?.sockets ?? []) sock.terminate();
      configureChatjs(world.server.url, REGIONS[backend.name][0]);
    }
  });

  it('sends and downloads attachments byte for byte (sendAttachment / downloadAttachment)', async () => {
    const { customer, agent } = await chat();
    const up = randomBytes(64 * 1024);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(up);
    await customer.session.sendAttachment({ attachment: new File([up], 'photo.png', { type: 'image/png' }) });
    const put = chatjsHttp.filter((c) => c.method === 'PUT').at(-1);
    expect(put?.status).toBe(200); // chatjs never checks it
    const seen = await agent.item((i) => i.Type === 'ATTACHMENT', 'the customer attachment');
    expect(seen).toMatchObject({ ParticipantRole: 'CUSTOMER', ContentType: 'image/png' });
    const att = seen.Attachments![0]!;
    expect(att).toMatchObject({ AttachmentName: 'photo.png', ContentType: 'image/png', Status: 'APPROVED' });
    await customer.item(
      'message',
      (i) => i.Type === 'ATTACHMENT' && i.Attachments?.[0]?.AttachmentId === att.AttachmentId,
      'echo',
    );
    // The agent downloads it (GetAttachment, then GET Url), and so can the customer.
    const got = await agent.p.send(
      new GetAttachmentCommand({ ConnectionToken: agent.connectionToken, AttachmentId: att.AttachmentId }),
    );
    expect((await bytes(Buffer.from(await (await fetch(got.Url!)).arrayBuffer()))).equals(up)).toBe(true);
    expect((await bytes(await customer.session.downloadAttachment({ attachmentId: att.AttachmentId }))).equals(up)).toBe(true);

    // Down: the agent uploads, the customer sees the item and downloads the same bytes.
    const down = randomBytes(50_000);
    const started = await agent.p.send(
      new StartAttachmentUploadCommand({
        ConnectionToken: agent.connectionToken,
        ContentType: 'application/pdf',
        AttachmentSizeInBytes: down.length,
        AttachmentName: 'invoice.pdf',
      }),
    );
    const meta = started.UploadMetadata!;
    expect((await fetch(meta.Url!, { method: 'PUT', headers: meta.HeadersToInclude, body: down })).status).toBe(200);
    await agent.p.send(
      new CompleteAttachmentUploadCommand({ ConnectionToken: agent.connectionToken, AttachmentIds: [started.AttachmentId!] }),
    );
    const item = await customer.item(
      'message',
      (i) => i.Type === 'ATTACHMENT' && i.Attachments?.[0]?.AttachmentId === started.AttachmentId,
      'the agent attachment',
    );
    expect(item).toMatchObject({
      ParticipantRole: 'AGENT',
      Attachments: [{ AttachmentName: 'invoice.pdf', ContentType: 'application/pdf' }],
    });
    const blob = await customer.session.downloadAttachment({ attachmentId: started.AttachmentId! });
    expect((await bytes(blob)).equals(down)).toBe(true);
  });
});
