/**
 * Property tests: the participant service (restJson1 over `X-Amz-Bearer`, and the
 * participant websocket) under hostile input, against one real server per storage backend.
 * Malformed, oversized or unauthorised input gets the AWS-style error its clients expect
 * (x-amzn-errortype + JSON message), never a 5xx, a stack trace or a crash; SigV4 headers
 * are ignored; every websocket frame the server sends is JSON (chatjs throws on anything
 * else); and a chat's tokens never reach another chat's data: with chat A's tokens, no
 * answer and no frame carries an item, id or content of chat B.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { StopContactCommand } from '@aws-sdk/client-connect';
import type { ChatItem } from '@switchboard/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { type TokenClaims, TokenSigner } from '../src/auth/tokens.js';
import { type AgentSocket, stateArn } from './agent-client.js';
import { backends } from './backends.js';
import { expectAwsAnswer, expectRefused, expectStreamedBodyRefused, request, upgrade, WatchedSocket } from './fuzz-support.js';
import { agentChatTokens, type ChatWorld, chatWorld } from './chat-support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
// The websocket property spaces its frames out (the server's 50 frames/s limit): ~60 ms a run.
vi.setConfig({ testTimeout: Math.max(30_000, RUNS * 150) });
const MiB = 1024 * 1024;
const VND = 'application/vnd.amazonaws.connect.';
const TYPING = `${VND}event.typing`;
const READ = `${VND}event.message.read`;
const DELIVERED = `${VND}event.message.delivered`;
const ACK = `${VND}event.connection.acknowledged`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isDotSegment = (s: string) => s === '.' || s === '..';
/** encodeURIComponent, with lone surrogates (which it refuses) replaced. */
const encode = (s: string) =>
  encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

// ---- HTTP --------------------------------------------------------------------------------

// ---- the participant operations ------------------------------------------------------------

type Op =
  | 'CreateParticipantConnection'
  | 'DisconnectParticipant'
  | 'SendMessage'
  | 'SendEvent'
  | 'GetTranscript'
  | 'StartAttachmentUpload'
  | 'CompleteAttachmentUpload'
  | 'GetAttachment'
  | 'DescribeView'
  | 'GetAuthenticationUrl'
  | 'CancelParticipantAuthentication';

const PATHS: Record<Exclude<Op, 'DescribeView'>, string> = {
  CreateParticipantConnection: '/participant/connection',
  DisconnectParticipant: '/participant/disconnect',
  SendMessage: '/participant/message',
  SendEvent: '/participant/event',
  GetTranscript: '/participant/transcript',
  StartAttachmentUpload: '/participant/start-attachment-upload',
  CompleteAttachmentUpload: '/participant/complete-attachment-upload',
  GetAttachment: '/participant/attachment',
  GetAuthenticationUrl: '/participant/authentication-url',
  CancelParticipantAuthentication: '/participant/cancel-authentication',
};
const OPS = [...(Object.keys(PATHS) as Op[]), 'DescribeView'] as const;
/** Every operation but the one that ends the chat for everyone. */
const OPS_BUT_DISCONNECT = OPS.filter((o) => o !== 'DisconnectParticipant');

/** One request to a participant operation. */
interface Call {
  readonly op: Op;
  /** DescribeView: the (already encoded) path label. */
  readonly label?: string;
  readonly body?: string | Uint8Array;
  readonly headers: Record<string, string>;
}

const callPath = (c: Call) => (c.op === 'DescribeView' ? `/participant/views/${c.label ?? 'x'}` : PATHS[c.op]);
const describeCall = (c: Call) =>
  `${c.op === 'DescribeView' ? 'GET' : 'POST'} ${callPath(c).slice(0, 120)} ${
    typeof c.body === 'string' ? c.body.slice(0, 200) : c.body ? `<${c.body.length} bytes>` : ''
  } ${JSON.stringify(c.headers).slice(0, 200)}`;

/** Strings that break naive code: NUL, lone surrogates, astral characters, long ones. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '%', '%zz', '💥', 'null', '__proto__', 'x'.repeat(300)),
);
/** Header-safe strings (fetch refuses control characters and non-Latin-1 in header values). */
const headerString = (max: number) => fc.string({ maxLength: max }).map((s) => s.trim());

/** Headers a SigV4-signing client sends (chatjs signs with empty credentials): must be ignored. */
const sigV4Headers: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  fc
    .record({
      key: fc.oneof(fc.constant(''), fc.constant('SBDEMOACCESSKEY00001'), fc.stringMatching(/^[A-Z0-9]{0,24}$/)),
      date: fc.constantFrom('20261121', '19700101', '99999999', 'notadate'),
      service: fc.constantFrom('execute-api', 'connect', 's3', ''),
      signed: fc.constantFrom(
        'content-length;content-type;host;x-amz-bearer;x-amz-content-sha256;x-amz-date;x-amz-user-agent',
        'host',
        '',
      ),
      sig: fc.stringMatching(/^[0-9a-f]{0,64}$/),
    })
    .map(({ key, date, service, signed, sig }) => ({
      authorization: `AWS4-HMAC-SHA256 Credential=${key}/${date}/us-east-1/${service}/aws4_request, SignedHeaders=${signed}, Signature=${sig}`,
      'x-amz-date': `${date}T120141Z`,
      'x-amz-content-sha256': sig,
      'x-amz-user-agent': 'aws-sdk-js/3.716.0 ua/2.1 api/connectparticipant#3.716.0 AmazonConnect-ChatJS/5.0.0',
      'amz-sdk-request': 'attempt=1; max=3',
    })),
  headerString(120).map((a) => ({ authorization: a })),
  headerString(60).map((t) => ({ 'x-amz-security-token': t, authorization: `Bearer ${t}` })),
);

const contentTypeHeader = fc.oneof(
  { weight: 20, arbitrary: fc.constant('application/json') },
  fc.constantFrom(
    'application/json; charset=utf-8',
    'application/x-amz-json-1.1',
    'text/plain',
    'application/octet-stream',
    'multipart/form-data; boundary=x',
    '*/*',
  ),
  headerString(30),
);

// ---- the websocket -------------------------------------------------------------------------

interface WsFrame {
  readonly topic?: unknown;
  readonly content?: unknown;
  readonly statusCode?: unknown;
}

/**
 * A participant websocket that keeps every frame the server sends, checks that each is a
 * JSON object (aws/chat content: a JSON string of an item of this socket's chat), and
 * counts replies per topic.
 */
class ChatSocket extends WatchedSocket {
  readonly frames: WsFrame[] = [];
  readonly items: ChatItem[] = [];

  private constructor(
    ws: WebSocket,
    /** The chat this socket belongs to (its InitialContactId). */
    readonly chat: string,
  ) {
    super(ws);
  }

  protected onFrame(value: unknown, text: string): void {
    const msg = value as WsFrame;
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
      this.bad.push(`not an object: ${text.slice(0, 300)}`);
      return;
    }
    this.frames.push(msg);
    if (text.includes('    at ') || text.includes('.ts:')) this.bad.push(`stack trace: ${text.slice(0, 300)}`);
    if (msg.topic !== 'aws/chat') return;
    if (typeof msg.content !== 'string') {
      this.bad.push(`aws/chat content is not a string: ${text.slice(0, 300)}`);
      return;
    }
    const item = JSON.parse(msg.content) as ChatItem;
    this.items.push(item);
    if (item.InitialContactId !== this.chat) this.bad.push(`item of another chat: ${msg.content.slice(0, 300)}`);
  }

  static open(url: string, chat: string): Promise<ChatSocket> {
    const ws = new WebSocket(url);
    const s = new ChatSocket(ws, chat);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(s));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  count(topic: string): number {
    return this.frames.filter((f) => f.topic === topic).length;
  }

  async subscribe(): Promise<void> {
    const n = this.count('aws/subscribe');
    this.ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }));
    await this.until(() => this.count('aws/subscribe') > n, 'the subscribe answer');
    const answer = this.frames.filter((f) => f.topic === 'aws/subscribe').at(-1);
    expect(answer).toMatchObject({ content: { status: 'success', topics: ['aws/chat'] } });
  }

  /** Resolves when an item with this Content reaches the socket. */
  waitForContent(content: string, timeoutMs = 3000): Promise<void> {
    return this.until(() => this.items.some((i) => i.Content === content), `an item with Content ${content}`, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}

// ---- tokens ---------------------------------------------------------------------------------

const claimsOf = (token: string): TokenClaims =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as TokenClaims;
/** The token with other claims but its original signature. */
const forge = (token: string, patch: Partial<TokenClaims>): string => {
  const [prefix, , mac] = token.split('.');
  return `${prefix}.${Buffer.from(JSON.stringify({ ...claimsOf(token), ...patch })).toString('base64url')}.${mac}`;
};
/** The token with one character of its signature changed. */
const tamper = (token: string): string => {
  const last = token.at(-1) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -1)}${last}`;
};
const wsTokenOf = (wsUrl: string): string => new URL(wsUrl).searchParams.get('token') ?? '';

// ---------------------------------------------------------------------------------------------

interface ChatUnderTest {
  readonly contactId: string;
  readonly customerParticipantId: string;
  readonly participantToken: string;
  readonly connectionToken: string;
  readonly wsUrl: string;
  agent?: { participantId: string; participantToken: string; connectionToken: string };
}

describe.each(backends)('participant service under hostile input on $name', (backend) => {
  let world: ChatWorld;
  let bob: AgentSocket;
  let url: string;
  /** Chat A: the one whose tokens the properties use. Bob accepted it. */
  let A: ChatUnderTest;
  /** Chat B: the one whose data must never be reached with A's tokens. Bob accepted it. */
  let B: ChatUnderTest;
  /** Chat C: ended (StopContact) before the properties run. */
  let C: ChatUnderTest;
  let aSock: ChatSocket;
  let bSock: ChatSocket;
  /** Unique message contents planted in B (customer's and agent's). */
  let markers: string[];
  /** Everything identifying B: contact and participant ids, item ids, attachment ids. */
  const bIds = new Set<string>();
  /** B's attachments (when the attachment operations are served): completed and still pending. */
  let bAttachments: { completed?: string; pending?: string } = {};
  /** A's own attachments: the fuzzed requests may complete and fetch these. */
  let aAttachments: { completed?: string; pending?: string } = {};
  /** Whether this server serves the attachment operations (they are optional for chatjs). */
  let attachmentsServed = false;
  let bNextToken: string | undefined;
  let aNextToken: string | undefined;
  let aItemIds: string[] = [];
  const sockets: ChatSocket[] = [];
  const connections = new Set<Socket>();

  const post = (
    op: Exclude<Op, 'DescribeView'>,
    token: string | undefined,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    request(url, PATHS[op], {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token !== undefined ? { 'x-amz-bearer': token } : {}), ...headers },
    });

  const send = (c: Call) =>
    request(url, callPath(c), {
      method: c.op === 'DescribeView' ? 'GET' : 'POST',
      headers: c.headers,
      ...(c.op !== 'DescribeView' && c.body !== undefined ? { body: c.body } : {}),
    });

  const expectHealthy = async () => {
    const res = await request(url, '/healthz', { method: 'GET' });
    expect(res.status).toBe(200);
  };

  /** SendMessage, waiting out the per-participant throttle the properties may have used up. */
  const sendMessage = async (token: string, content: string) => {
    for (let i = 0; i < 50; i++) {
      const res = await post('SendMessage', token, { ContentType: 'text/plain', Content: content, ClientToken: randomUUID() });
      if (res.status !== 429) {
        expect(res.status, res.text).toBe(200);
        return JSON.parse(res.text) as { Id: string };
      }
      await sleep(100);
    }
    throw new Error('SendMessage throttled for 5 s');
  };

  const connect = async (participantToken: string) => {
    const res = await post('CreateParticipantConnection', participantToken, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] });
    expect(res.status, res.text).toBe(200);
    const out = JSON.parse(res.text) as {
      Websocket: { Url: string };
      ConnectionCredentials: { ConnectionToken: string };
    };
    return { wsUrl: out.Websocket.Url, connectionToken: out.ConnectionCredentials.ConnectionToken };
  };

  const newChat = async (name: string): Promise<ChatUnderTest> => {
    const started = await world.startChat({ ParticipantDetails: { DisplayName: name } });
    const conn = await connect(started.ParticipantToken);
    return {
      contactId: started.ContactId,
      customerParticipantId: started.ParticipantId,
      participantToken: started.ParticipantToken,
      ...conn,
    };
  };

  /**
   * As chatjs sendAttachment: one attachment uploaded and completed (its bytes: `body`), and
   * one started but never completed; undefined when the attachment operations are not served.
   */
  const attachmentsOf = async (token: string, body: string) => {
    const start = await post('StartAttachmentUpload', token, {
      ContentType: 'text/plain',
      AttachmentSizeInBytes: Buffer.byteLength(body),
      AttachmentName: 'secret.txt',
      ClientToken: randomUUID(),
    });
    if (start.headers.get('x-amzn-errortype') === 'UnknownOperationException') return undefined;
    expect(start.status, start.text).toBe(200);
    const started = JSON.parse(start.text) as {
      AttachmentId: string;
      UploadMetadata: { Url: string; HeadersToInclude: Record<string, string> };
    };
    const put = await fetch(started.UploadMetadata.Url, {
      method: 'PUT',
      headers: started.UploadMetadata.HeadersToInclude,
      body,
    });
    expect(put.status).toBe(200);
    const done = await post('CompleteAttachmentUpload', token, {
      AttachmentIds: [started.AttachmentId],
      ClientToken: randomUUID(),
    });
    expect(done.status, done.text).toBe(200);
    const pending = await post('StartAttachmentUpload', token, {
      ContentType: 'image/png',
      AttachmentSizeInBytes: 100,
      AttachmentName: 'pending.png',
      ClientToken: randomUUID(),
    });
    expect(pending.status, pending.text).toBe(200);
    return { completed: started.AttachmentId, pending: (JSON.parse(pending.text) as { AttachmentId: string }).AttachmentId };
  };

  const openSocket = async (wsUrl: string, chat: string) => {
    const s = await ChatSocket.open(wsUrl, chat);
    sockets.push(s);
    return s;
  };

  const transcriptOf = async (token: string) => {
    const res = await post('GetTranscript', token, { MaxResults: 100, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' });
    expect(res.status, res.text).toBe(200);
    return JSON.parse(res.text) as { Transcript: ChatItem[]; NextToken?: string };
  };

  /** Whatever of B's data an answer or frame carries: a planted marker, or an item/id of B. */
  const leaksOfB = (text: string): string[] => {
    const found: string[] = [];
    for (const m of markers) if (text.includes(m)) found.push(`B's message content ${m}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return found;
    }
    const walk = (v: unknown, depth: number) => {
      if (depth > 20 || v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        for (const x of v) walk(x, depth + 1);
        return;
      }
      for (const [k, x] of Object.entries(v)) {
        if (
          typeof x === 'string' &&
          ['Id', 'ContactId', 'InitialContactId', 'RelatedContactId', 'ParticipantId', 'AttachmentId'].includes(k) &&
          bIds.has(x)
        ) {
          found.push(`${k} ${x} of chat B`);
        }
        // aws/chat frames carry the item as a JSON string.
        if (k === 'content' && typeof x === 'string' && x.startsWith('{')) found.push(...leaksOfB(x));
        else walk(x, depth + 1);
      }
    };
    walk(parsed, 0);
    return found;
  };

  const expectNoLeak = (text: string, what: string) => {
    expect(leaksOfB(text), `${what} → ${text.slice(0, 300)}`).toEqual([]);
  };

  beforeAll(async () => {
    // Offers stay put while the properties run.
    world = await chatWorld(backend, { offerTimeoutMs: 3600_000 });
    url = world.server.url;
    world.server.app.server.on('connection', (s: Socket) => {
      connections.add(s);
      s.on('close', () => connections.delete(s));
    });
    bob = await world.agent('bob');

    // A and B: customers connected, bob (Support, 2 chat slots) accepted both.
    A = await newChat('Customer A');
    A.agent = await agentChatTokens(bob, A.contactId);
    await bob.command('acceptContact', { contactId: A.contactId });
    B = await newChat('Customer B');
    B.agent = await agentChatTokens(bob, B.contactId);
    await bob.command('acceptContact', { contactId: B.contactId });

    aSock = await openSocket(A.wsUrl, A.contactId);
    await aSock.subscribe();
    bSock = await openSocket(B.wsUrl, B.contactId);
    await bSock.subscribe();

    // B's data: two planted messages, and attachments when the operations are served.
    markers = [`MARKER-B-customer-${randomUUID()}`, `MARKER-B-agent-${randomUUID()}`];
    await sendMessage(B.connectionToken, markers[0]!);
    await sendMessage(B.agent.connectionToken, markers[1]!);
    await bSock.waitForContent(markers[1]!);
    const bAtt = await attachmentsOf(B.connectionToken, markers[0]!);
    attachmentsServed = bAtt !== undefined;
    bAttachments = bAtt ?? {};
    const bTranscript = await transcriptOf(B.connectionToken);
    for (const id of [B.contactId, B.customerParticipantId, B.agent.participantId]) bIds.add(id);
    for (const item of bTranscript.Transcript) if (item.Id) bIds.add(item.Id);
    for (const id of Object.values(bAttachments)) if (id) bIds.add(id);
    expect(bTranscript.Transcript.map((i) => i.Content)).toEqual(expect.arrayContaining(markers));
    const page = await post('GetTranscript', B.connectionToken, { MaxResults: 1 });
    bNextToken = (JSON.parse(page.text) as { NextToken?: string }).NextToken;
    expect(bNextToken).toBeTruthy();

    // A has items of its own (for StartPosition / receipts).
    await sendMessage(A.connectionToken, 'hello from A');
    await aSock.waitForContent('hello from A');
    aItemIds = (await transcriptOf(A.connectionToken)).Transcript.map((i) => i.Id).filter((id): id is string => !!id);
    aNextToken = (JSON.parse((await post('GetTranscript', A.connectionToken, { MaxResults: 1 })).text) as { NextToken?: string })
      .NextToken;
    aAttachments = (await attachmentsOf(A.connectionToken, 'an attachment of A')) ?? {};

    // C: connected, then ended (queued: bob is full).
    C = await newChat('Customer C');
    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: C.contactId }));
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const s of connections) s.destroy();
    await world?.close();
  });

  // ---- generators that need the chats ---------------------------------------------------------

  const anyValue = fc.jsonValue({ maxDepth: 2 });
  const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: anyValue });
  /** Mostly the valid kind of value, sometimes the other. */
  const prefer = <T, U>(good: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
    fc.oneof({ weight: 4, arbitrary: good as fc.Arbitrary<T | U> }, { weight: 1, arbitrary: other as fc.Arbitrary<T | U> });
  const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
  const extras = fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 2 });
  const clientToken = () =>
    optional(
      fc.oneof(fc.uuid(), nastyString, fc.constantFrom('INCOMING_READ_RECEIPT', 'INCOMING_DELIVERED_RECEIPT', 'x'.repeat(501))),
    );
  /** Ids from everywhere: A's own, B's, C's, random. */
  const someId = () =>
    fc.oneof(
      fc.constantFrom(...aItemIds, A.contactId),
      fc.constantFrom(...bIds, C.contactId),
      fc.uuid(),
      nastyString,
      fc.string({ minLength: 250, maxLength: 260 }),
    );
  const attachmentId = () =>
    fc.oneof(
      fc.constantFrom(...(Object.values(aAttachments).filter(Boolean) as string[]), randomUUID()),
      fc.constantFrom(...(Object.values(bAttachments).filter(Boolean) as string[]), randomUUID()),
      someId(),
    );

  /** Bodies shaped like each operation's input, so that most get past validation to the handlers. */
  const shapedBody = (op: Op): fc.Arbitrary<Record<string, unknown>> => {
    switch (op) {
      case 'CreateParticipantConnection':
        return fc.record(
          {
            Type: mostly(
              fc.array(prefer(fc.constantFrom('WEBSOCKET', 'CONNECTION_CREDENTIALS', 'WEBRTC_CONNECTION'), nastyString), {
                maxLength: 4,
              }),
            ),
            ConnectParticipant: mostly(fc.boolean()),
          },
          { requiredKeys: [] },
        );
      case 'DisconnectParticipant':
        return fc.record({ ClientToken: clientToken() }, { requiredKeys: [] });
      case 'SendMessage':
        return fc.record({
          ContentType: mostly(
            fc.oneof(
              {
                weight: 4,
                arbitrary: fc.constantFrom(
                  'text/plain',
                  'text/markdown',
                  'application/json',
                  `${VND}message.interactive.response`,
                ),
              },
              { weight: 1, arbitrary: fc.constantFrom('image/png', TYPING, READ, 'text/html', 'TEXT/PLAIN', 'x'.repeat(101)) },
              { weight: 1, arbitrary: nastyString },
            ),
          ),
          Content: mostly(
            fc.oneof(
              { weight: 4, arbitrary: nastyString },
              { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
              {
                weight: 1,
                arbitrary: fc
                  .constantFrom(1024, 1025, 12_000, 12_001, 12_288, 12_289, 16_384, 16_385, 20_000)
                  .map((n) => 'c'.repeat(n)),
              },
              { weight: 1, arbitrary: fc.constant('😀'.repeat(1024)) },
            ),
          ),
          ClientToken: clientToken(),
        });
      case 'SendEvent':
        return fc.record(
          {
            ContentType: mostly(
              fc.oneof(
                { weight: 4, arbitrary: fc.constantFrom(TYPING, READ, DELIVERED, ACK) },
                {
                  weight: 1,
                  arbitrary: fc.constantFrom(
                    `${VND}event.chat.ended`,
                    `${VND}event.participant.left`,
                    `${VND}event.participant.invited`,
                    `${VND}event.message.metadata`,
                    'text/plain',
                  ),
                },
                { weight: 1, arbitrary: nastyString },
              ),
            ),
            Content: mostly(
              fc.oneof(
                someId().map((messageId) => JSON.stringify({ messageId })),
                fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
                nastyString,
                fc.constant(JSON.stringify({ messageId: 'm'.repeat(16_380) })),
              ),
            ),
            ClientToken: clientToken(),
          },
          { requiredKeys: ['ContentType'] },
        );
      case 'GetTranscript':
        return fc.record(
          {
            ContactId: mostly(prefer(fc.constant(A.contactId), someId())),
            MaxResults: mostly(prefer(fc.integer({ min: 0, max: 100 }), fc.integer({ min: -5, max: 120 }))),
            NextToken: mostly(
              fc.oneof(fc.constantFrom(aNextToken ?? 'x', bNextToken ?? 'x'), nastyString, fc.base64String({ maxLength: 80 })),
            ),
            ScanDirection: mostly(prefer(fc.constantFrom('FORWARD', 'BACKWARD'), nastyString)),
            SortOrder: mostly(prefer(fc.constantFrom('ASCENDING', 'DESCENDING'), nastyString)),
            StartPosition: mostly(
              fc.record(
                {
                  Id: mostly(prefer(fc.constantFrom(...aItemIds), someId())),
                  AbsoluteTime: mostly(
                    fc.oneof(
                      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
                      nastyString,
                    ),
                  ),
                  MostRecent: mostly(fc.integer({ min: -5, max: 120 })),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        );
      case 'StartAttachmentUpload':
        return fc.record(
          {
            ContentType: mostly(fc.oneof(fc.constantFrom('image/png', 'text/plain', 'application/pdf', 'text/csv'), nastyString)),
            AttachmentSizeInBytes: mostly(
              fc.oneof(
                fc.integer({ min: 1, max: 25 * MiB }),
                fc.constantFrom(0, -1, 1.5, 2 ** 53, 20 * 1024 * 1024, 20 * 1024 * 1024 + 1, 1e308),
              ),
            ),
            AttachmentName: mostly(fc.oneof(fc.constantFrom('a.png', '../../etc/passwd', 'x'.repeat(257)), nastyString)),
            ClientToken: clientToken(),
          },
          { requiredKeys: ['ContentType', 'AttachmentSizeInBytes', 'AttachmentName'] },
        );
      case 'CompleteAttachmentUpload':
        return fc.record(
          { AttachmentIds: mostly(fc.array(attachmentId(), { maxLength: 3 })), ClientToken: clientToken() },
          { requiredKeys: ['AttachmentIds'] },
        );
      case 'GetAttachment':
        return fc.record(
          { AttachmentId: mostly(attachmentId()), UrlExpiryInSeconds: mostly(fc.integer({ min: -1, max: 400 })) },
          { requiredKeys: ['AttachmentId'] },
        );
      case 'GetAuthenticationUrl':
        return fc.record({
          SessionId: mostly(fc.oneof(fc.uuid(), nastyString, fc.string({ minLength: 36, maxLength: 36 }))),
          RedirectUri: mostly(fc.oneof(fc.webUrl(), nastyString, fc.constant(`https://x/${'r'.repeat(1100)}`))),
        });
      case 'CancelParticipantAuthentication':
        return fc.record({ SessionId: mostly(fc.oneof(fc.uuid(), nastyString, fc.string({ minLength: 36, maxLength: 36 }))) });
      case 'DescribeView':
        return fc.constant({});
    }
  };

  /** Text a participant may well send: any characters, lone surrogates and all (but no NUL). */
  const someText = (max: number) =>
    fc.oneof(
      fc.string({ minLength: 1, maxLength: max }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: max }).filter((x) => !x.includes('\u0000')),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }),
      fc.constantFrom('\ud800', 'a\udfffb', '💥', '"', '\\', '</script>', '{"Id":"x"}', ' '),
    );
  const sometimes = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

  /** Inputs each operation accepts (then answered by its handler, not by validation). */
  const validBody = (op: Op): fc.Arbitrary<Record<string, unknown>> => {
    switch (op) {
      case 'CreateParticipantConnection':
        return fc.record(
          {
            Type: fc.subarray(['WEBSOCKET', 'CONNECTION_CREDENTIALS'], { minLength: 1 }),
            ConnectParticipant: fc.boolean(),
          },
          { requiredKeys: [] },
        );
      case 'DisconnectParticipant':
        return fc.record({ ClientToken: sometimes(fc.uuid()) }, { requiredKeys: [] });
      case 'SendMessage':
        return fc.record({
          ContentType: fc.constantFrom('text/plain', 'text/markdown'),
          Content: someText(300),
          ClientToken: sometimes(fc.oneof(fc.uuid(), fc.constant('same-token'))),
        });
      case 'SendEvent':
        return fc.oneof(
          fc.record(
            { ContentType: fc.constantFrom(TYPING, ACK), ClientToken: sometimes(fc.uuid()) },
            { requiredKeys: ['ContentType'] },
          ),
          fc.record({
            ContentType: fc.constantFrom(READ, DELIVERED),
            Content: fc.oneof(fc.constantFrom(...aItemIds), someId()).map((messageId) => JSON.stringify({ messageId })),
            ClientToken: fc.constantFrom('INCOMING_READ_RECEIPT', 'INCOMING_DELIVERED_RECEIPT'),
          }),
        );
      case 'GetTranscript':
        return fc.record(
          {
            ContactId: fc.constant(A.contactId),
            MaxResults: fc.integer({ min: 0, max: 100 }),
            ScanDirection: fc.constantFrom('FORWARD', 'BACKWARD'),
            SortOrder: fc.constantFrom('ASCENDING', 'DESCENDING'),
            StartPosition: fc.oneof(
              fc.constant({}),
              fc.constantFrom(...aItemIds).map((Id) => ({ Id })),
              fc.integer({ min: 0, max: 100 }).map((MostRecent) => ({ MostRecent })),
              fc
                .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
                .map((d) => ({ AbsoluteTime: d.toISOString() })),
            ),
          },
          { requiredKeys: [] },
        );
      case 'StartAttachmentUpload':
        return fc.record({
          ContentType: fc.constantFrom('image/png', 'text/plain', 'application/pdf', 'image/jpeg'),
          AttachmentSizeInBytes: fc.integer({ min: 1, max: 1_000_000 }),
          AttachmentName: someText(50),
          ClientToken: fc.uuid(),
        });
      case 'CompleteAttachmentUpload':
        return fc.record({ AttachmentIds: attachmentId().map((id) => [id]), ClientToken: fc.uuid() });
      case 'GetAttachment':
        return fc.record(
          { AttachmentId: attachmentId(), UrlExpiryInSeconds: fc.integer({ min: 5, max: 300 }) },
          { requiredKeys: ['AttachmentId'] },
        );
      case 'GetAuthenticationUrl':
        return fc.record({ SessionId: fc.uuid(), RedirectUri: fc.webUrl() });
      case 'CancelParticipantAuthentication':
        return fc.record({ SessionId: fc.uuid() });
      case 'DescribeView':
        return fc.constant({});
    }
  };

  /** A body: valid, shaped like the operation's (plus stray members), or anything at all. */
  const bodyFor = (op: Op): fc.Arbitrary<string | Uint8Array> =>
    fc.oneof(
      { weight: 8, arbitrary: fc.tuple(validBody(op), extras).map(([b, x]) => JSON.stringify({ ...x, ...b })) },
      { weight: 8, arbitrary: fc.tuple(shapedBody(op), extras).map(([b, x]) => JSON.stringify({ ...x, ...b })) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? '') },
      { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
      { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '"x"', '1', '{"Content":', '{}garbage', '\ufeff{}') },
    );

  const viewLabel = () =>
    fc.oneof(
      fc.constantFrom(
        encodeURIComponent('arn:aws:connect:us-east-1:123456789012:instance/x/view/y:$LATEST'),
        'view-token',
        '%2F',
        'a%2Fb',
        '%00',
        '%C3%A9',
        'x'.repeat(1001),
      ),
      someId()
        .filter((s) => s.length > 0 && !isDotSegment(s))
        .map(encode),
      fc
        .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
        .filter((s) => !isDotSegment(s))
        .map(encode),
    );

  /** A request to `op` with `token`: body, content type and SigV4 noise at random. */
  const callWith = (op: Op, token: () => string) =>
    fc
      .record({
        body: bodyFor(op),
        label: viewLabel(),
        contentType: fc.option(contentTypeHeader, { nil: undefined, freq: 4 }),
        sig: sigV4Headers,
      })
      .map(
        ({ body, label, contentType, sig }): Call => ({
          op,
          ...(op === 'DescribeView' ? { label } : { body }),
          headers: { ...sig, ...(contentType !== undefined ? { 'content-type': contentType } : {}), 'x-amz-bearer': token() },
        }),
      );

  // ---- properties --------------------------------------------------------------------------

  it("every operation with A's tokens and random input: AWS-style answers, and never anything of chat B", async () => {
    // A's customer and agent: participant tokens for CreateParticipantConnection, connection tokens for the rest.
    const who = fc.constantFrom('customer', 'agent');
    const call = fc
      .tuple(fc.constantFrom(...OPS_BUT_DISCONNECT), who)
      .chain(([op, w]) =>
        callWith(op, () =>
          op === 'CreateParticipantConnection'
            ? w === 'customer'
              ? A.participantToken
              : A.agent!.participantToken
            : w === 'customer'
              ? A.connectionToken
              : A.agent!.connectionToken,
        ),
      );
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(call, async (c) => {
        const what = describeCall(c);
        const res = await send(c);
        const { body } = expectAwsAnswer(res, what);
        expectNoLeak(res.text, what);
        seen.set(`${c.op} ${res.status}`, (seen.get(`${c.op} ${res.status}`) ?? 0) + 1);
        if (res.status === 200 && c.op === 'GetTranscript') expect(body.InitialContactId, what).toBe(A.contactId);
        // B's attachments are not A's: never completed into A's chat, never handed out to A.
        const mentions = typeof c.body === 'string' ? c.body : '';
        for (const id of Object.values(bAttachments)) {
          if (id && mentions.includes(id) && (c.op === 'GetAttachment' || c.op === 'CompleteAttachmentUpload')) {
            expect(res.status, `${what} → ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          }
        }
      }),
      { numRuns: RUNS * 4 },
    );
    // The properties reached the handlers, not only validation.
    if (process.env.FUZZ_VERBOSE) console.info(Object.fromEntries([...seen].sort()));
    const ok = [...seen].filter(([k]) => k.endsWith(' 200')).length;
    expect(ok, JSON.stringify(Object.fromEntries(seen))).toBeGreaterThan(0);
    await expectHealthy();
  });

  it('DisconnectParticipant with random input: AWS-style answers; a chat it ended refuses further messages', async () => {
    let victim = await newChat('Disconnecting customer');
    await fc.assert(
      fc.asyncProperty(
        callWith('DisconnectParticipant', () => victim.connectionToken),
        async (c) => {
          const what = describeCall(c);
          const res = await send(c);
          expectAwsAnswer(res, what);
          expectNoLeak(res.text, what);
          if (res.status === 200) {
            const late = await post('SendMessage', victim.connectionToken, { ContentType: 'text/plain', Content: 'late' });
            expect(late.status, late.text).toBe(403);
            expect(late.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
            victim = await newChat('Disconnecting customer');
          }
        },
      ),
      { numRuns: RUNS },
    );
    await expectHealthy();
  });

  it("GetTranscript with A's tokens and another chat's ContactId answers AccessDeniedException", async () => {
    const token = fc.constantFrom(A.connectionToken, A.agent!.connectionToken);
    const other = fc.constantFrom(B.contactId, C.contactId);
    const rest = fc.record(
      {
        MaxResults: fc.integer({ min: 0, max: 100 }),
        ScanDirection: fc.constantFrom('FORWARD', 'BACKWARD'),
        SortOrder: fc.constantFrom('ASCENDING', 'DESCENDING'),
        StartPosition: fc.record({ MostRecent: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(token, other, rest, sigV4Headers, async (t, ContactId, r, sig) => {
        const res = await post('GetTranscript', t, { ...r, ContactId }, sig);
        const what = `GetTranscript ContactId ${ContactId} ${JSON.stringify(r)}`;
        const { errorType } = expectAwsAnswer(res, what);
        expect(res.status, `${what} → ${res.text.slice(0, 300)}`).toBe(403);
        expect(errorType, what).toBe('AccessDeniedException');
        expectNoLeak(res.text, what);
      }),
      { numRuns: RUNS },
    );
    // And B's NextToken or B's item as StartPosition reach only A's items.
    for (const body of [
      { NextToken: bNextToken, MaxResults: 100 },
      ...[...bIds].map((Id) => ({ StartPosition: { Id }, MaxResults: 100 })),
    ]) {
      const res = await post('GetTranscript', A.connectionToken, body);
      expectAwsAnswer(res, `GetTranscript ${JSON.stringify(body)}`);
      expectNoLeak(res.text, `GetTranscript ${JSON.stringify(body)}`);
    }
    // A's own id works.
    const own = await post('GetTranscript', A.connectionToken, { ContactId: A.contactId, MaxResults: 100 });
    expect(own.status, own.text).toBe(200);
    expectNoLeak(own.text, 'GetTranscript of A');
  });

  it('SigV4 headers are ignored: the bearer token alone decides', async () => {
    await fc.assert(
      fc.asyncProperty(sigV4Headers, fc.boolean(), async (sig, valid) => {
        const res = await post('GetTranscript', valid ? A.connectionToken : undefined, { MaxResults: 5 }, sig);
        const what = `GetTranscript ${valid ? 'with' : 'without'} a token, ${JSON.stringify(sig).slice(0, 200)}`;
        const { errorType, body } = expectAwsAnswer(res, what);
        if (valid) {
          expect(res.status, `${what} → ${res.text.slice(0, 300)}`).toBe(200);
          expect(body.InitialContactId).toBe(A.contactId);
        } else {
          expect(res.status, what).toBe(403);
          expect(errorType, what).toBe('AccessDeniedException');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('missing, garbage, forged, expired, wrong-kind, other-chat and ended-chat tokens: AccessDeniedException', async () => {
    const signer = world.server.routing.signer;
    const stranger = new TokenSigner(randomBytes(32));
    const aClaims = claimsOf(A.connectionToken);
    const past = Date.now() - 1000;
    /** Tokens that must never work as a connection token. */
    const deadConnection = [
      A.participantToken, // a participant token is not a connection token
      B.participantToken,
      A.agent!.participantToken,
      wsTokenOf(A.wsUrl), // nor is a websocket URL's
      tamper(A.connectionToken),
      forge(A.connectionToken, { c: B.contactId }),
      forge(A.connectionToken, { e: Date.now() + 3600_000 * 24 * 365 }),
      forge(A.connectionToken, { p: B.customerParticipantId, c: B.contactId }),
      stranger.sign({ ...aClaims }),
      signer.sign({ ...aClaims, e: past }), // expired
      signer.sign({ ...aClaims, p: randomUUID() }), // a participant the chat does not have
      signer.sign({ ...aClaims, i: randomUUID() }), // an instance that does not exist
      signer.sign({ ...aClaims, c: randomUUID() }), // a contact that does not exist
      C.connectionToken, // the chat ended (not for every operation: see below)
      `${A.connectionToken}x`,
      'x'.repeat(1001),
    ];
    /** Tokens that must never work as a participant token. */
    const deadParticipant = [
      A.connectionToken,
      wsTokenOf(A.wsUrl),
      tamper(A.participantToken),
      forge(A.participantToken, { c: B.contactId, p: B.customerParticipantId }),
      stranger.sign(claimsOf(A.participantToken)),
      signer.sign({ ...claimsOf(A.participantToken), e: past }),
      C.participantToken,
    ];
    const garbage = fc.oneof(
      headerString(80),
      fc.constantFrom('', 'sb1', 'sb1..', 'sb1.e30.x', 'sb1.e30', 'null', 'Bearer x', '.'.repeat(10)),
      fc.base64String({ maxLength: 200 }).map((b) => `sb1.${b.replace(/=/g, '')}.${b.slice(0, 43)}`),
    );
    /** Inputs that pass validation, so that only the token is wrong. */
    const valid: Record<Op, Omit<Call, 'headers'>> = {
      CreateParticipantConnection: {
        op: 'CreateParticipantConnection',
        body: JSON.stringify({ Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }),
      },
      DisconnectParticipant: { op: 'DisconnectParticipant', body: '{}' },
      SendMessage: { op: 'SendMessage', body: JSON.stringify({ ContentType: 'text/plain', Content: 'hi' }) },
      SendEvent: { op: 'SendEvent', body: JSON.stringify({ ContentType: TYPING }) },
      GetTranscript: { op: 'GetTranscript', body: '{}' },
      StartAttachmentUpload: {
        op: 'StartAttachmentUpload',
        body: JSON.stringify({ ContentType: 'image/png', AttachmentSizeInBytes: 10, AttachmentName: 'a.png', ClientToken: 'c' }),
      },
      CompleteAttachmentUpload: {
        op: 'CompleteAttachmentUpload',
        body: JSON.stringify({ AttachmentIds: [bAttachments.pending ?? randomUUID()], ClientToken: 'c' }),
      },
      GetAttachment: { op: 'GetAttachment', body: JSON.stringify({ AttachmentId: bAttachments.completed ?? randomUUID() }) },
      DescribeView: { op: 'DescribeView', label: 'view-token' },
      GetAuthenticationUrl: {
        op: 'GetAuthenticationUrl',
        body: JSON.stringify({ SessionId: randomUUID(), RedirectUri: 'https://example.com/back' }),
      },
      CancelParticipantAuthentication: {
        op: 'CancelParticipantAuthentication',
        body: JSON.stringify({ SessionId: randomUUID() }),
      },
    };
    const attempt = fc.record({
      op: fc.constantFrom(...OPS),
      token: fc.oneof(
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: garbage },
        { weight: 4, arbitrary: fc.constant('dead') },
      ),
      pick: fc.nat(),
      sig: sigV4Headers,
    });
    await fc.assert(
      fc.asyncProperty(attempt, async ({ op, token, pick, sig }) => {
        const dead = op === 'CreateParticipantConnection' ? deadParticipant : deadConnection;
        const t = token === 'dead' ? dead[pick % dead.length]! : token;
        const c: Call = {
          ...valid[op],
          headers: { ...sig, 'content-type': 'application/json', ...(t !== undefined ? { 'x-amz-bearer': t } : {}) },
        };
        const what = `${describeCall(c)} with token ${t === undefined ? '(none)' : JSON.stringify(t.slice(0, 120))}`;
        const res = await send(c);
        const { errorType } = expectAwsAnswer(res, what);
        expectNoLeak(res.text, what);
        const isAttachmentOp = op === 'StartAttachmentUpload' || op === 'CompleteAttachmentUpload' || op === 'GetAttachment';
        if (isAttachmentOp && !attachmentsServed) return;
        // The ended chat's own token may still read its own transcript; it reaches no view and
        // none of B's attachments (refused or not found), and changes nothing.
        if (t === C.connectionToken && op === 'GetTranscript') return;
        if (t === C.connectionToken && (op === 'DescribeView' || op === 'GetAttachment' || op === 'CompleteAttachmentUpload')) {
          expect([403, 404], `${what} → ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
          return;
        }
        expect(res.status, `${what} → ${res.text.slice(0, 300)}`).toBe(403);
        expect(errorType, what).toBe('AccessDeniedException');
      }),
      { numRuns: RUNS * 3 },
    );
    // Every dead token at least once, on the operation that matters most.
    for (const t of deadConnection) {
      if (t === C.connectionToken) continue;
      const res = await post('GetTranscript', t, {});
      expect(res.status, `GetTranscript with ${t.slice(0, 80)} → ${res.text}`).toBe(403);
      expectNoLeak(res.text, 'GetTranscript with a dead token');
    }
    for (const t of deadParticipant) {
      const res = await post('CreateParticipantConnection', t, { Type: ['WEBSOCKET'] });
      expect(res.status, `CreateParticipantConnection with ${t.slice(0, 80)} → ${res.text}`).toBe(403);
    }
    await expectHealthy();
  });

  it('other methods and paths under /participant/ answer AWS-style 4xx', async () => {
    const method = fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'POST');
    const p = fc.oneof(
      fc.constantFrom(
        // Not DisconnectParticipant: that one would end chat A for the tests after this one.
        ...Object.values(PATHS).filter((x) => x !== PATHS.DisconnectParticipant),
        '/participant/views',
        '/participant/views/',
        '/participant',
        '/participant/ws',
      ),
      fc
        .string({ minLength: 1, maxLength: 30 })
        .filter((s) => !isDotSegment(s))
        .map((s) => `/participant/${encode(s)}`),
    );
    await fc.assert(
      fc.asyncProperty(method, p, async (m, pathname) => {
        const res = await request(url, pathname, {
          method: m,
          headers: { 'x-amz-bearer': A.connectionToken, 'content-type': 'application/json' },
          ...(m !== 'GET' ? { body: '{}' } : {}),
        });
        const what = `${m} ${pathname}`;
        expectAwsAnswer(res, what);
        expectNoLeak(res.text, what);
      }),
      { numRuns: RUNS },
    );
    await expectHealthy();
  });

  it('bodies over 1 MiB answer 413 RequestEntityTooLargeException on every operation', async () => {
    const huge = fc.record({
      size: fc.integer({ min: MiB + 1, max: 3 * MiB }),
      kind: fc.constantFrom('json', 'text', 'binary'),
      op: fc.constantFrom(...OPS.filter((o) => o !== 'DescribeView')),
      token: fc.constantFrom(A.connectionToken, 'garbage', ''),
    });
    await fc.assert(
      fc.asyncProperty(huge, async ({ size, kind, op, token }) => {
        const body =
          kind === 'json'
            ? JSON.stringify({ ContentType: 'text/plain', Content: 'c'.repeat(size) })
            : kind === 'text'
              ? 'x'.repeat(size)
              : new Uint8Array(randomBytes(size));
        const c: Call = { op, body, headers: { 'content-type': 'application/json', 'x-amz-bearer': token } };
        const what = `${op} with a ${size}-byte ${kind} body`;
        const res = await send(c);
        const { errorType } = expectAwsAnswer(res, what);
        expect(res.status, what).toBe(413);
        expect(errorType, what).toBe('RequestEntityTooLargeException');
      }),
      { numRuns: 8 },
    );
    // Streamed (chunked, no content-length) too.
    await expectStreamedBodyRefused(
      `${url}/participant/message`,
      { 'content-type': 'application/json', 'x-amz-bearer': A.connectionToken },
      'a chunked 2 MiB SendMessage body',
    );
    await expectHealthy();
  });

  it('websocket: random text, JSON and binary frames get JSON replies only; A never sees B', async () => {
    type Out = { readonly data: string | Uint8Array; readonly binary: boolean };
    const text = (data: string): Out => ({ data, binary: false });
    const topic = fc.oneof(
      fc.constantFrom('aws/subscribe', 'aws/unsubscribe', 'aws/heartbeat', 'aws/ping', 'aws/chat', 'aws/error', '__proto__'),
      nastyString,
      fc.jsonValue({ maxDepth: 1 }),
    );
    const topics = fc.oneof(
      fc.array(fc.oneof(fc.constant('aws/chat'), fc.constant(`aws/chat/${B.contactId}`), nastyString, anyValue), {
        maxLength: 4,
      }),
      anyValue,
    );
    const frame: fc.Arbitrary<Out> = fc.oneof(
      fc.string({ maxLength: 200 }).map(text),
      fc.string({ unit: 'binary', maxLength: 100 }).map(text),
      fc.jsonValue({ maxDepth: 3 }).map((v) => text(JSON.stringify(v))),
      fc
        .constantFrom(
          '',
          ' ',
          'null',
          '[]',
          '1',
          '"aws/heartbeat"',
          '{',
          '{}',
          '{"topic":null}',
          '{"topic":"aws/subscribe"}',
          '{"topic":"aws/subscribe","content":null}',
          '{"topic":"aws/subscribe","content":"aws/chat"}',
          '{"topic":"aws/subscribe","content":{"topics":"aws/chat"}}',
          '{"topic":"aws/subscribe","content":{"topics":[]}}',
          '{"topic":"aws/subscribe","content":{"topics":["aws/chat","aws/other"]}}',
          '{"topic":"aws/chat","content":"{}"}',
          '{"__proto__":{"topic":"aws/ping"}}',
          '{"topic":"constructor"}',
          '{"topic":"toString"}',
        )
        .map(text),
      {
        weight: 6,
        arbitrary: fc
          .record(
            { topic, content: fc.oneof(fc.record({ topics }, { requiredKeys: [] }), anyValue) },
            { requiredKeys: ['topic'] },
          )
          .map((o) => text(JSON.stringify(o))),
      },
      {
        // Large but under the 32 KiB frame limit.
        weight: 1,
        arbitrary: fc
          .record({ n: fc.integer({ min: 4_000, max: 30_000 }), t: topic })
          .map(({ n, t }) => text(JSON.stringify({ topic: t, content: { topics: ['x'.repeat(n)] } }))),
      },
      fc.uint8Array({ maxLength: 300 }).map((b) => ({ data: b, binary: true })),
      fc.constant({
        data: new TextEncoder().encode('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}'),
        binary: true,
      }),
    );
    let heartbeats = aSock.count('aws/heartbeat');
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        const what = `${f.binary ? 'binary' : 'text'} frame ${typeof f.data === 'string' ? f.data.slice(0, 200) : `<${f.data.length} bytes>`}`;
        aSock.ws.send(f.data, { binary: f.binary });
        if (!f.binary && typeof f.data === 'string') {
          try {
            const v = JSON.parse(f.data) as { topic?: unknown } | null;
            if (v !== null && typeof v === 'object' && !Array.isArray(v) && v.topic === 'aws/heartbeat') heartbeats++;
          } catch {
            // not JSON
          }
        }
        // A heartbeat after each frame: the server is still there, and everything before it was seen.
        aSock.ws.send(JSON.stringify({ topic: 'aws/heartbeat' }));
        heartbeats++;
        const want = heartbeats;
        await aSock.until(() => aSock.count('aws/heartbeat') >= want, `the heartbeat after ${what}`);
        expect(aSock.bad, what).toEqual([]);
        // Two frames per 50 ms: under the 50 frames/s limit.
        await sleep(50);
      }),
      { numRuns: RUNS },
    );
    // Subscribed again (the frames may have unsubscribed it): A's items still arrive, B's never.
    await aSock.subscribe();
    const bNote = `B after fuzz ${randomUUID()}`;
    markers.push(bNote);
    await sendMessage(B.connectionToken, bNote);
    const aNote = `A after fuzz ${randomUUID()}`;
    await sendMessage(A.connectionToken, aNote);
    await aSock.waitForContent(aNote);
    await bSock.waitForContent(bNote);
    expect(aSock.bad).toEqual([]);
    expect(bSock.bad).toEqual([]);
    for (const f of aSock.frames) expectNoLeak(JSON.stringify(f), 'a frame on A');
    expect(aSock.items.some((i) => i.Content === bNote)).toBe(false);
  });

  it('websocket: an oversized frame closes with 1009, a burst with 1008, bad UTF-8 with 1007; others keep being served', async () => {
    const fresh = async () => {
      const s = await openSocket((await connect(A.participantToken)).wsUrl, A.contactId);
      await s.subscribe();
      return s;
    };
    const big = await fresh();
    big.ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['x'.repeat(33 * 1024)] } }));
    expect((await big.closed).code).toBe(1009);
    const bigBinary = await fresh();
    bigBinary.ws.send(randomBytes(40 * 1024), { binary: true });
    expect((await bigBinary.closed).code).toBe(1009);

    const burst = await fresh();
    for (let i = 0; i < 120; i++) burst.ws.send(JSON.stringify({ topic: 'aws/heartbeat' }));
    expect((await burst.closed).code).toBe(1008);
    expect(burst.bad).toEqual([]);
    expect(burst.count('aws/heartbeat')).toBeLessThanOrEqual(50);

    const utf8 = await fresh();
    utf8.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await utf8.closed).code).toBe(1007);

    // B's socket never noticed; A's own first socket neither.
    const note = `B still served ${randomUUID()}`;
    markers.push(note);
    await sendMessage(B.connectionToken, note);
    await bSock.waitForContent(note);
    const aNote = `A still served ${randomUUID()}`;
    await sendMessage(A.agent!.connectionToken, aNote);
    await aSock.waitForContent(aNote);

    // A fresh CreateParticipantConnection still works, and its socket gets A's items.
    const again = await fresh();
    const last = `A fresh socket ${randomUUID()}`;
    await sendMessage(A.connectionToken, last);
    await again.waitForContent(last);
    for (const s of [big, bigBinary, burst, utf8, again, aSock, bSock]) expect(s.bad).toEqual([]);
    expect(again.items.every((i) => i.InitialContactId === A.contactId)).toBe(true);
    await expectHealthy();
  });

  it('upgrades with missing, garbage, forged, expired or ended-chat tokens are refused with 403 AccessDeniedException', async () => {
    const signer = world.server.routing.signer;
    const wsClaims = claimsOf(wsTokenOf(A.wsUrl));
    const known = [
      '',
      A.connectionToken,
      A.participantToken,
      A.agent!.connectionToken,
      tamper(wsTokenOf(A.wsUrl)),
      forge(wsTokenOf(A.wsUrl), { n: `ws:${B.contactId}` }),
      forge(wsTokenOf(A.wsUrl), { e: Date.now() + 3600_000 }),
      signer.sign({ ...wsClaims, e: Date.now() - 1 }), // expired
      signer.sign({ ...wsClaims, c: randomUUID() }), // a contact that does not exist
      signer.sign({ ...wsClaims, i: randomUUID() }),
      new TokenSigner(randomBytes(32)).sign(wsClaims),
      wsTokenOf(C.wsUrl), // issued before the chat ended
      `${wsTokenOf(A.wsUrl)}x`,
      'x'.repeat(2000),
    ];
    expectRefused(await upgrade(url, '/participant/ws'), 'no token');
    for (const t of known) {
      expectRefused(await upgrade(url, `/participant/ws?token=${encode(t)}`), `token ${t.slice(0, 80)}`);
    }
    const attempt = fc.oneof(
      fc.string({ maxLength: 120 }).map((t) => `/participant/ws?token=${encode(t)}`),
      fc.string({ unit: 'binary', maxLength: 60 }).map((t) => `/participant/ws?token=${encode(t)}`),
      fc
        .constantFrom(...known)
        .map((t) => `/participant/ws?token=${encodeURIComponent(t)}&token=${encodeURIComponent(wsTokenOf(A.wsUrl))}`),
      fc.constantFrom('/participant/ws?token', '/participant/ws?token=', '/participant/ws?tok=x', '/participant/ws?token=%zz'),
    );
    await fc.assert(
      fc.asyncProperty(attempt, sigV4Headers, async (p, sig) => {
        expectRefused(await upgrade(url, p, sig), `upgrade ${p.slice(0, 120)}`);
      }),
      // A hang costs the upgrade timeout per shrink step: report the first failure as found.
      { numRuns: RUNS, endOnFailure: true },
    );
    // A valid URL still upgrades (the refusals were about the tokens).
    const valid = new URL((await connect(A.participantToken)).wsUrl);
    const ok = await upgrade(url, valid.pathname + valid.search);
    expect(ok).toMatchObject({ kind: 'upgraded', status: 101 });
    await expectHealthy();
  });

  it('an agent who rejected the offer never reads the chat: not over REST, not on the socket opened during the offer', async () => {
    // Carol (Sales agents) is the only Sales agent present: the Sales chat is offered to her.
    // While it is offered she may already get her chat tokens and a socket (createTransport
    // works while connecting; the CCP does this); then she rejects it and goes on a break.
    const carol = await world.agent('carol');
    const started = await world.startChat({
      ContactFlowId: world.flows['Sales inbound'],
      ParticipantDetails: { DisplayName: 'E' },
    });
    const customer = await connect(started.ParticipantToken);
    const custSock = await openSocket(customer.wsUrl, started.ContactId);
    await custSock.subscribe();
    const agent = await agentChatTokens(carol, started.ContactId);
    const agentConn = await post('CreateParticipantConnection', agent.participantToken, { Type: ['WEBSOCKET'] });
    expect(agentConn.status, agentConn.text).toBe(200);
    const agentSock = await openSocket(
      (JSON.parse(agentConn.text) as { Websocket: { Url: string } }).Websocket.Url,
      started.ContactId,
    );
    await agentSock.subscribe();
    await carol.command('putAgentState', { state: { agentStateARN: stateArn(carol.latest!.data, 'Break') } });
    await carol.command('rejectContact', { contactId: started.ContactId });
    await carol.waitFor((d) => !d.snapshot.contacts.some((c) => c.contactId === started.ContactId), 'the offer gone from carol');

    const secret = `said after carol rejected the chat ${randomUUID()}`;
    await sendMessage(customer.connectionToken, secret);
    await custSock.waitForContent(secret);
    await sleep(100);
    const soft = expect.soft;
    const t = await post('GetTranscript', agent.connectionToken, { MaxResults: 100 });
    soft(t.text, `GetTranscript by the agent who rejected → ${t.status}`).not.toContain(secret);
    soft(
      agentSock.items.map((i) => i.Content),
      'items pushed to the socket carol opened during the offer',
    ).not.toContain(secret);
    const again = await post('CreateParticipantConnection', agent.participantToken, { Type: ['WEBSOCKET'] });
    soft(again.status, `CreateParticipantConnection by the agent who rejected → ${again.text}`).toBe(403);
    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: started.ContactId }));
  });

  it('an agent who transferred the chat away no longer reads it: not over REST, not on their open socket', async () => {
    // Alice (Sales agents) takes a Sales chat, talks, then transfers it to the Support queue:
    // she leaves the chat (participant.left). What the customer says afterwards (to the next
    // agent) is no longer hers to read.
    const alice = await world.agent('alice');
    const started = await world.startChat({
      ContactFlowId: world.flows['Sales inbound'],
      ParticipantDetails: { DisplayName: 'D' },
    });
    const customer = await connect(started.ParticipantToken);
    const custSock = await openSocket(customer.wsUrl, started.ContactId);
    await custSock.subscribe();
    const agent = await agentChatTokens(alice, started.ContactId);
    await alice.command('acceptContact', { contactId: started.ContactId });
    const agentConn = await post('CreateParticipantConnection', agent.participantToken, {
      Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
      ConnectParticipant: true,
    });
    expect(agentConn.status, agentConn.text).toBe(200);
    const agentSock = await openSocket(
      (JSON.parse(agentConn.text) as { Websocket: { Url: string } }).Websocket.Url,
      started.ContactId,
    );
    await agentSock.subscribe();
    const before = `before transfer ${randomUUID()}`;
    await sendMessage(customer.connectionToken, before);
    await agentSock.waitForContent(before);

    const endpoints = await alice.command<{ endpoints: { endpointARN: string; name: string }[] }>('getEndpoints');
    const supportQueue = endpoints.endpoints.find((e) => e.name === 'Support queue');
    expect(supportQueue).toBeTruthy();
    await alice.command('transferContact', {
      contactId: started.ContactId,
      endpoint: { endpointARN: supportQueue!.endpointARN },
    });
    await custSock.until(
      () => custSock.items.some((i) => i.ContentType === `${VND}event.participant.left` && i.ParticipantRole === 'AGENT'),
      "alice's participant.left",
    );

    const after = `after transfer, for the next agent only ${randomUUID()}`;
    await sendMessage(customer.connectionToken, after);
    await custSock.waitForContent(after);
    await sleep(100);
    const soft = expect.soft;
    // Alice's token no longer sends…
    const send = await post('SendMessage', agent.connectionToken, { ContentType: 'text/plain', Content: 'still here?' });
    soft(send.status, `SendMessage by the departed agent → ${send.text}`).toBe(403);
    // …nor reads what was said after she left…
    const t = await post('GetTranscript', agent.connectionToken, { MaxResults: 100 });
    soft(t.text, `GetTranscript by the departed agent → ${t.status}`).not.toContain(after);
    // …nor hears it on the socket she opened while she was in the chat.
    soft(
      agentSock.items.map((i) => i.Content),
      "items pushed to the departed agent's socket",
    ).not.toContain(after);
    // A new socket is refused outright.
    const again = await post('CreateParticipantConnection', agent.participantToken, { Type: ['WEBSOCKET'] });
    soft(again.status, `CreateParticipantConnection by the departed agent → ${again.text}`).toBe(403);
    await world.connect.send(new StopContactCommand({ InstanceId: world.server.instance.id, ContactId: started.ContactId }));
  });

  it("after everything: A and B still work, and nothing of B ever reached A's transcript or socket", async () => {
    const a = await transcriptOf(A.connectionToken);
    expectNoLeak(JSON.stringify(a), "A's transcript");
    for (const f of aSock.frames) expectNoLeak(JSON.stringify(f), 'a frame on A');
    const b = await transcriptOf(B.agent!.connectionToken);
    expect(b.Transcript.map((i) => i.Content)).toEqual(expect.arrayContaining(markers.slice(0, 2)));
    // B's item ids never appear as items of A.
    const aIds = new Set(a.Transcript.map((i) => i.Id));
    for (const item of b.Transcript) expect(aIds.has(item.Id)).toBe(false);
    await expectHealthy();
  });
});
