/**
 * The unmodified amazon-connect-chatjs browser bundle, in headless Chromium, against the
 * real server: the customer page is served from another origin (http://localhost:B, the
 * API is http://127.0.0.1:A), so every participant call is cross-origin and preflighted.
 * The agent side runs in Node: the agent API, @aws-sdk/client-connectparticipant and a raw
 * participant websocket. SQLite only: the browser is the point here.
 *
 * Scenario (one chat, in order): connect; messages both ways; typing both ways; read and
 * delivered receipts both ways; transcript paging from the page; an attachment up and down
 * byte for byte (when the attachment operations are served); a dropped socket and the
 * reconnect with nothing missing; the customer's disconnect ending the chat for both sides;
 * and no CORS failure anywhere.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  GetTranscriptCommand,
  SendEventCommand,
  SendMessageCommand,
} from '@aws-sdk/client-connectparticipant';
import { type ChatItem, ContentTypes } from '@switchboard/core';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChatIife } from '../../chat/build-iife.mjs';
import type { AgentSocket } from './agent-client.js';
import { backends } from './backends.js';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { agentChatTokens, type ChatWorld, chatWorld } from './chat-support.js';
import { type StaticSite, startStaticSite } from './static-site.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pageDir = path.join(here, 'fixtures', 'chat-page');
/** The package's "main": the webpack browser bundle (sets window.connect). */
const chatjsBundle = createRequire(import.meta.url).resolve('amazon-connect-chatjs');

/** What the page records (fixtures/chat-page/page.js). */
interface PageEvent {
  readonly kind:
    | 'message'
    | 'typing'
    | 'read'
    | 'delivered'
    | 'ended'
    | 'established'
    | 'lost'
    | 'broken'
    | 'deepHeartbeatFailure';
  readonly at: number;
  readonly data: ChatItem | null;
}

/** The page's API (window.t in page.js). */
interface PageApi {
  readonly events: PageEvent[];
  readonly state: { subscribed: number; opened: number; closed: number };
  start(
    endpoint: string,
    chatDetails: { ContactId: string; ParticipantId: string; ParticipantToken: string },
  ): Promise<{
    connectSuccess: boolean;
  }>;
  sendMessage(text: string): Promise<string>;
  typing(): Promise<void>;
  receipt(kind: 'read' | 'delivered', messageId: string): Promise<void>;
  transcript(args: Record<string, unknown>): Promise<{ items: ChatItem[]; nextToken: string | null }>;
  sendAttachment(base64: string, name: string, type: string): Promise<void>;
  downloadAttachment(id: string): Promise<{ base64: string; type: string }>;
  dropSockets(): number;
  openSockets(): number;
  disconnect(): Promise<void>;
}

/** A raw participant websocket (the agent's), as chatjs's websocket manager speaks it. */
class ChatSocket {
  readonly items: ChatItem[] = [];
  private readonly waiters: { pred: (i: ChatItem) => boolean; resolve: (i: ChatItem) => void }[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { topic?: string; content?: unknown };
      if (frame.topic !== 'aws/chat' || typeof frame.content !== 'string') return;
      const item = JSON.parse(frame.content) as ChatItem; // double-encoded, as chatjs expects
      this.items.push(item);
      for (const w of [...this.waiters]) {
        if (w.pred(item)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(item);
        }
      }
    });
  }

  static open(url: string): Promise<ChatSocket> {
    const ws = new WebSocket(url);
    const s = new ChatSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.once('open', () => ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } })));
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as { topic?: string; content?: { status?: string } };
        if (frame.topic === 'aws/subscribe') {
          if (frame.content?.status === 'success') resolve(s);
          else reject(new Error(`subscribe failed: ${raw.toString()}`));
        }
      });
    });
  }

  /** The first item (already received or coming) that satisfies `pred`. */
  waitFor(pred: (i: ChatItem) => boolean, what: string, timeoutMs = 5000): Promise<ChatItem> {
    const seen = this.items.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`agent socket: timed out waiting for ${what}`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (i) => {
          clearTimeout(timer);
          resolve(i);
        },
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** The static site the customer page comes from (a different origin from the API). */
const startPageServer = (chatLibrary: Buffer): Promise<StaticSite> =>
  startStaticSite({
    '/': ['text/html; charset=utf-8', readFileSync(path.join(pageDir, 'index.html'))],
    '/page.js': ['text/javascript; charset=utf-8', readFileSync(path.join(pageDir, 'page.js'))],
    '/amazon-connect-chat.js': ['text/javascript; charset=utf-8', chatLibrary],
  });

const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;

/**
 * The same page and scenario with the unmodified chatjs bundle, then with Switchboard's own
 * SDK (its IIFE build) swapped in under the same file name: a page written for ChatJS works
 * with either. Ours also hands on, through onMessage, what was sent while it was offline.
 */
const libraries = [
  { library: 'amazon-connect-chatjs', script: async () => readFileSync(chatjsBundle), handsOnMissed: false },
  {
    library: '@switchboard/chat (IIFE build swapped in)',
    script: async () => Buffer.from((await buildChatIife({ write: false })) ?? ''),
    handsOnMissed: true,
  },
];

describe.each(libraries)(`$library in Chromium, cross-origin, on ${sqlite.name}`, ({ script, handsOnMissed }) => {
  let world: ChatWorld;
  let bob: AgentSocket;
  let p: ConnectParticipantClient;
  let site: StaticSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: string;

  let chat: { ContactId: string; ParticipantId: string; ParticipantToken: string };
  let agent: { participantId: string; participantToken: string; connectionToken: string };
  let agentWs: ChatSocket;

  // What the browser did, for the no-CORS-failure check.
  let offline = false;
  const failedRequests: { method: string; url: string; error: string; offline: boolean }[] = [];
  const apiResponses: { method: string; url: string; status: number }[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const preflights: { url: string; method: string; status: number; requestHeaders: string }[] = [];

  /** Calls window.t[method](...args) in the page. */
  type Method = Exclude<keyof PageApi, 'events' | 'state'>;
  const call = <K extends Method>(method: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>> =>
    page.evaluate(([m, a]) => (globalThis as unknown as { t: Record<string, (...x: unknown[]) => unknown> }).t[m]!(...a), [
      method,
      args as unknown[],
    ] as const) as Promise<Awaited<ReturnType<PageApi[K]>>>;

  /** Waits until the page recorded an event of `kind` whose data satisfies `match` (dotted paths). */
  async function pageEvent(kind: PageEvent['kind'], match: Record<string, unknown> = {}, timeout = 5000): Promise<PageEvent> {
    const handle = await page
      .waitForFunction(
        ([k, m]) => {
          const get = (o: unknown, p: string) =>
            p
              .split('.')
              .reduce<unknown>((x, key) => (x === null || x === undefined ? undefined : (x as Record<string, unknown>)[key]), o);
          return (
            (globalThis as unknown as { t: PageApi }).t.events.find(
              (e) => e.kind === k && Object.entries(m).every(([p, v]) => get(e.data, p) === v),
            ) ?? false
          );
        },
        [kind, match] as const,
        { timeout },
      )
      .catch(async (e: unknown) => {
        const seen = await page.evaluate(() => (globalThis as unknown as { t: PageApi }).t.events.map((x) => x.kind));
        throw new Error(`page: no ${kind} event matching ${JSON.stringify(match)} (seen: ${seen.join(',')}): ${String(e)}`);
      });
    return (await handle.jsonValue()) as PageEvent;
  }
  const countEvents = (kind: PageEvent['kind']) =>
    page.evaluate((k) => (globalThis as unknown as { t: PageApi }).t.events.filter((e) => e.kind === k).length, kind);
  const subscribedCount = () => page.evaluate(() => (globalThis as unknown as { t: PageApi }).t.state.subscribed);

  beforeAll(async () => {
    world = await chatWorld(sqlite);
    api = world.server.url;
    expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Observe (never answer) the CORS preflights the browser sends the API.
    world.server.app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'OPTIONS') return;
      res.on('finish', () =>
        preflights.push({
          url: req.url ?? '',
          method: String(req.headers['access-control-request-method'] ?? ''),
          status: res.statusCode,
          requestHeaders: String(req.headers['access-control-request-headers'] ?? ''),
        }),
      );
    });
    bob = await world.agent('bob');
    p = world.participantClient();
    site = await startPageServer(await script());

    browser = await launchChromium(chromium);
    context = await browser.newContext();
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || /CORS|Access-Control/i.test(m.text())) consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // A response whose body the page never reads (chatjs ignores the attachment PUT's) ends as
    // net::ERR_ABORTED after it was answered: not a failure of the request.
    const answered = new WeakSet<Request>();
    page.on('response', (r) => {
      answered.add(r.request());
      if (r.url().startsWith(api)) apiResponses.push({ method: r.request().method(), url: r.url(), status: r.status() });
    });
    page.on('requestfailed', (r) => {
      const error = r.failure()?.errorText ?? '?';
      if (answered.has(r) && error === 'net::ERR_ABORTED') return;
      failedRequests.push({ method: r.method(), url: r.url(), error, offline });
    });
    await page.goto(`${site.origin}/`);
    expect(
      await page.evaluate(() => typeof (globalThis as unknown as { connect?: { ChatSession?: unknown } }).connect?.ChatSession),
    ).toMatch(/^(object|function)$/);
  });

  afterAll(async () => {
    agentWs?.close();
    await browser?.close();
    await site?.close();
    await world?.close();
  });

  it('connects: the page over chatjs, the agent over the agent API and a raw participant socket', async () => {
    chat = await world.startChat({ InitialMessage: { ContentType: 'text/plain', Content: 'Hello from the widget' } });
    agent = await agentChatTokens(bob, chat.ContactId);
    await p.send(new CreateParticipantConnectionCommand({ ParticipantToken: agent.participantToken, ConnectParticipant: true }));
    await bob.command('acceptContact', { contactId: chat.ContactId });
    const conn = await p.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: agent.participantToken, Type: ['WEBSOCKET'] }),
    );
    agentWs = await ChatSocket.open(conn.Websocket!.Url!);

    const started = await call('start', api, chat);
    expect(started.connectSuccess).toBe(true);
    await pageEvent('established');
    // The socket is open and aws/chat is subscribed before anything is sent its way.
    await page.waitForFunction(() => (globalThis as unknown as { t: PageApi }).t.state.subscribed >= 1);
    expect(await countEvents('broken')).toBe(0);
    const pageOrigin = await page.evaluate(() => (globalThis as unknown as { location: { origin: string } }).location.origin);
    expect(pageOrigin).toBe(site.origin);
    expect(new URL(pageOrigin).origin).not.toBe(new URL(api).origin);
  });

  let customerMessageId: string;
  let agentMessageId: string;

  it('messages both ways', async () => {
    customerMessageId = await call('sendMessage', 'Is anyone there?');
    const atAgent = await agentWs.waitFor((i) => i.Id === customerMessageId, 'the customer message');
    expect(atAgent).toMatchObject({
      Type: 'MESSAGE',
      ContentType: 'text/plain',
      Content: 'Is anyone there?',
      ParticipantRole: 'CUSTOMER',
      ParticipantId: chat.ParticipantId,
    });
    // The page sees its own message echoed too (chatjs relies on it).
    await pageEvent('message', { Id: customerMessageId });

    const reply = await p.send(
      new SendMessageCommand({ ConnectionToken: agent.connectionToken, ContentType: 'text/plain', Content: 'Bob here, hello!' }),
    );
    agentMessageId = reply.Id!;
    const atPage = await pageEvent('message', { Id: agentMessageId });
    expect(atPage.data).toMatchObject({
      Type: 'MESSAGE',
      Content: 'Bob here, hello!',
      ParticipantRole: 'AGENT',
      ParticipantId: agent.participantId,
      ContactId: chat.ContactId,
      InitialContactId: chat.ContactId,
    });
  });

  it('typing both ways', async () => {
    await call('typing');
    const typing = await agentWs.waitFor(
      (i) => i.ContentType === ContentTypes.typing && i.ParticipantRole === 'CUSTOMER',
      'customer typing',
    );
    expect(typing.ParticipantId).toBe(chat.ParticipantId);

    await p.send(new SendEventCommand({ ConnectionToken: agent.connectionToken, ContentType: ContentTypes.typing }));
    const atPage = await pageEvent('typing', { ParticipantRole: 'AGENT' });
    expect(atPage.data?.ParticipantId).toBe(agent.participantId);
  });

  it('read and delivered receipts both ways', async () => {
    // Customer → agent: delivered for one message, read for another (chatjs throttles and
    // prioritises; each must arrive with the customer as recipient).
    const second = await p.send(
      new SendMessageCommand({ ConnectionToken: agent.connectionToken, ContentType: 'text/plain', Content: 'Second line' }),
    );
    await pageEvent('message', { Id: second.Id });
    await call('receipt', 'delivered', agentMessageId);
    await call('receipt', 'read', second.Id!);
    const delivered = await agentWs.waitFor(
      (i) => i.Type === 'MESSAGEMETADATA' && i.MessageMetadata?.MessageId === agentMessageId,
      'delivered receipt from the page',
    );
    expect(delivered.MessageMetadata?.Receipts?.[0]).toMatchObject({ RecipientParticipantId: chat.ParticipantId });
    expect(delivered.MessageMetadata?.Receipts?.[0]?.DeliveredTimestamp).toBeTruthy();
    const read = await agentWs.waitFor(
      (i) => i.Type === 'MESSAGEMETADATA' && i.MessageMetadata?.MessageId === second.Id,
      'read receipt from the page',
    );
    expect(read.MessageMetadata?.Receipts?.[0]).toMatchObject({ RecipientParticipantId: chat.ParticipantId });
    expect(read.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toBeTruthy();
    // The reader never sees its own receipts (chatjs filters on RecipientParticipantId).
    expect(await countEvents('read')).toBe(0);
    expect(await countEvents('delivered')).toBe(0);

    // Agent → customer: with chatjs's constant ClientTokens too.
    const another = await call('sendMessage', 'One more thing');
    await agentWs.waitFor((i) => i.Id === another, 'the second customer message');
    // The agent's receipts, with the constant ClientTokens chatjs itself sends.
    const receipt = (ContentType: string, messageId: string | undefined, ClientToken: string) =>
      p.send(
        new SendEventCommand({
          ConnectionToken: agent.connectionToken,
          ContentType,
          Content: JSON.stringify({ messageId }),
          ClientToken,
        }),
      );
    await receipt(ContentTypes.deliveredReceipt, another, 'INCOMING_DELIVERED_RECEIPT');
    const pageDelivered = await pageEvent('delivered', { 'MessageMetadata.MessageId': another });
    expect(pageDelivered.data?.MessageMetadata?.Receipts?.[0]?.RecipientParticipantId).toBe(agent.participantId);
    await receipt(ContentTypes.readReceipt, customerMessageId, 'INCOMING_READ_RECEIPT');
    const pageRead = await pageEvent('read', { 'MessageMetadata.MessageId': customerMessageId });
    expect(pageRead.data?.Type).toBe('MESSAGEMETADATA');
    expect(pageRead.data?.MessageMetadata?.Receipts?.[0]).toMatchObject({ RecipientParticipantId: agent.participantId });
    expect(pageRead.data?.MessageMetadata?.Receipts?.[0]?.ReadTimestamp).toBeTruthy();
  });

  it('pages the transcript from the page: maxResults 5, then NextToken', async () => {
    const full = await p.send(
      new GetTranscriptCommand({
        ConnectionToken: agent.connectionToken,
        MaxResults: 100,
        ScanDirection: 'FORWARD',
        SortOrder: 'ASCENDING',
      }),
    );
    const all = (full.Transcript ?? []).map((i) => i.Id);
    expect(all.length).toBeGreaterThan(10);
    const first = await call('transcript', { maxResults: 5 });
    expect(first.items.map((i) => i.Id)).toEqual(all.slice(-5));
    expect(first.nextToken).toBeTruthy();
    const second = await call('transcript', { maxResults: 5, nextToken: first.nextToken });
    expect(second.items.map((i) => i.Id)).toEqual(all.slice(-10, -5));
    const kinds = [...first.items, ...second.items].map((i) => i.Type);
    expect(kinds).toContain('MESSAGE');
    expect(kinds).toContain('MESSAGEMETADATA');
    // Typing is never stored.
    expect([...first.items, ...second.items].some((i) => i.ContentType === ContentTypes.typing)).toBe(false);
  });

  it('sends an attachment from the page and downloads the same bytes', async () => {
    const body = randomBytes(48 * 1024);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(body);
    await call('sendAttachment', body.toString('base64'), 'hello.png', 'image/png');
    const atAgent = await agentWs.waitFor((i) => i.Type === 'ATTACHMENT', 'the ATTACHMENT item');
    const att = atAgent.Attachments?.[0];
    expect(att).toMatchObject({ AttachmentName: 'hello.png', ContentType: 'image/png', Status: 'APPROVED' });
    expect(atAgent.ParticipantRole).toBe('CUSTOMER');
    await pageEvent('message', { Id: atAgent.Id });
    // chatjs never checks the PUT: check it here.
    const puts = apiResponses.filter((r) => r.method === 'PUT');
    expect(puts.length).toBe(1);
    expect(puts[0]?.status).toBe(200);

    const down = await call('downloadAttachment', att!.AttachmentId);
    expect(Buffer.from(down.base64, 'base64').equals(body)).toBe(true);
  });

  it('a dropped socket reconnects and nothing sent meanwhile is missing', async () => {
    const establishedBefore = await countEvents('established');
    const subscribedBefore = await subscribedCount();
    offline = true;
    await context.setOffline(true);
    await page.waitForFunction(() => !(globalThis as unknown as { navigator: { onLine: boolean } }).navigator.onLine);
    await call('dropSockets');
    await pageEvent('lost');
    expect(await call('openSockets')).toBe(0);

    const missed: string[] = [];
    for (const text of ['While you were away (1)', 'While you were away (2)']) {
      const r = await p.send(
        new SendMessageCommand({ ConnectionToken: agent.connectionToken, ContentType: 'text/plain', Content: text }),
      );
      missed.push(r.Id!);
    }
    // Stay offline long enough for the websocket manager's network check (every 250 ms) to
    // notice; coming back online is then what reconnects.
    await new Promise((r) => setTimeout(r, 750));

    await context.setOffline(false);
    offline = false;
    await page.waitForFunction((n) => (globalThis as unknown as { t: PageApi }).t.state.subscribed > n, subscribedBefore, {
      timeout: 10_000,
    });
    await page.waitForFunction(
      (n) => (globalThis as unknown as { t: PageApi }).t.events.filter((e) => e.kind === 'established').length > n,
      establishedBefore,
    );
    expect(await countEvents('broken')).toBe(0);
    const after = await call('transcript', { maxResults: 15 });
    const ids = after.items.map((i) => i.Id);
    for (const id of missed) expect(ids).toContain(id);
    if (handsOnMissed) {
      for (const id of missed) await pageEvent('message', { Id: id });
      const handed = await page.evaluate(
        (m) =>
          (globalThis as unknown as { t: PageApi }).t.events.filter((e) => e.kind === 'message' && m.includes(e.data?.Id ?? ''))
            .length,
        missed,
      );
      expect(handed).toBe(missed.length);
    }

    // Live again: the next message arrives over the new socket (with the new connection token in use).
    const live = await p.send(
      new SendMessageCommand({ ConnectionToken: agent.connectionToken, ContentType: 'text/plain', Content: 'Back?' }),
    );
    await pageEvent('message', { Id: live.Id });
    const mine = await call('sendMessage', 'Yes, back');
    await agentWs.waitFor((i) => i.Id === mine, 'the customer message after the reconnect');
  });

  it('the customer disconnects: the page gets onEnded, the agent socket chat.ended', async () => {
    await call('disconnect');
    await agentWs.waitFor((i) => i.ContentType === ContentTypes.chatEnded, 'chat.ended on the agent socket');
    await pageEvent('message', { ContentType: ContentTypes.chatEnded });
    await pageEvent('ended');
    await page.waitForFunction(() => (globalThis as unknown as { t: PageApi }).t.openSockets() === 0);
  });

  it('no request to the API failed, no CORS error; every preflight was answered', async () => {
    const apiFailures = failedRequests.filter((r) => r.url.startsWith(api) && !r.offline);
    expect(apiFailures).toEqual([]);
    expect(consoleErrors.filter((m) => /CORS|Access-Control/i.test(m))).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The browser really went cross-origin: participant calls and the attachment PUT were preflighted.
    const participantPreflights = preflights.filter((f) => f.url.startsWith('/participant/'));
    expect(participantPreflights.length).toBeGreaterThan(0);
    for (const f of preflights) expect(f.status, f.url).toBeLessThan(300);
    // Replay each distinct preflight to read the answer's headers (a finished Node response does not keep them).
    const distinct = new Map(preflights.map((f) => [`${f.method} ${f.url.split('?')[0]} ${f.requestHeaders}`, f]));
    for (const f of distinct.values()) {
      const res = await fetch(`${api}${f.url}`, {
        method: 'OPTIONS',
        headers: {
          origin: site.origin,
          'access-control-request-method': f.method,
          ...(f.requestHeaders ? { 'access-control-request-headers': f.requestHeaders } : {}),
        },
      });
      const what = `${f.method} ${f.url.split('?')[0]}`;
      expect(res.status, what).toBeLessThan(300);
      expect(res.headers.get('access-control-allow-origin'), what).toMatch(
        new RegExp(`^(\\*|${site.origin.replace(/[.:/]/g, '\\$&')})$`),
      );
      expect(res.headers.get('access-control-allow-methods') ?? '', what).toContain(f.method);
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
      for (const h of f.requestHeaders.split(',').filter(Boolean))
        expect(allowed, `${what}: ${h}`).toContain(h.trim().toLowerCase());
    }
    expect(participantPreflights.some((f) => f.requestHeaders.includes('x-amz-bearer'))).toBe(true);
    for (const r of apiResponses) expect(r.status, `${r.method} ${r.url}`).toBeLessThan(400);
  });
});
