/**
 * `@switchboard/chat` in headless Chromium: the IIFE build loaded by pages on another
 * origin (http://localhost:B; the API is http://127.0.0.1:A behind the test's proxy), one
 * page the customer, one the agent (its connection token from the agent API's
 * createTransport), each in its own browser context so either can go offline alone.
 * Messages, typing, receipts, transcript paging, attachments with progress, drops at the
 * server's end and offline spells with exactly-once delivery, and the end of the chat.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StopContactCommand } from '@aws-sdk/client-connect';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from '../../server/test/agent-client.js';
import { agentChatTokens } from '../../server/test/chat-support.js';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { type StaticSite, startStaticSite } from '../../server/test/static-site.js';
import { buildChatIife } from '../build-iife.mjs';
import { sleep, startWorld, type World } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TYPING = 'application/vnd.amazonaws.connect.event.typing';
const ENDED = 'application/vnd.amazonaws.connect.event.chat.ended';

interface Ev {
  readonly kind: string;
  readonly data: { Id?: string; ContentType?: string; ParticipantRole?: string; MessageMetadata?: { MessageId?: string } } | null;
}

async function startSite(): Promise<StaticSite> {
  return startStaticSite({
    '/': ['text/html; charset=utf-8', readFileSync(path.join(here, 'fixtures', 'sdk-page.html'))],
    '/sdk-page.js': ['text/javascript; charset=utf-8', readFileSync(path.join(here, 'fixtures', 'sdk-page.js'))],
    '/sdk-worker.js': ['text/javascript; charset=utf-8', readFileSync(path.join(here, 'fixtures', 'sdk-worker.js'))],
    '/switchboard-chat.js': ['text/javascript; charset=utf-8', (await buildChatIife({ write: false })) ?? ''],
  });
}

/** One page, one session. */
class Side {
  readonly errors: string[] = [];
  /** Requests the server answered with an error. */
  readonly refused: string[] = [];
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (e) => this.errors.push(String(e)));
    // Console noise from the network going away on purpose is expected; an HTTP error
    // answer is listed with its request instead (the console line has no URL).
    page.on('console', (m) => {
      const text = m.text();
      if (
        m.type() === 'error' &&
        !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION|net::|WebSocket connection|Failed to load resource/.test(text)
      ) {
        this.errors.push(text);
      }
    });
    page.on('response', (r) => {
      if (r.status() >= 400) this.refused.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
    });
  }

  static async open(browser: Browser, origin: string, bob?: AgentSocket): Promise<Side> {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (bob) {
      await page.exposeFunction('sbAgentChatToken', (contactId: string, participantId: string) =>
        bob.command('createTransport', { transportType: 'chat_token', contactId, participantId }),
      );
    }
    await page.goto(`${origin}/`);
    return new Side(context, page);
  }

  /** window.t[m](...args) in the page. */
  call<T>(m: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate(
      ([name, a]) =>
        (globalThis as unknown as { t: Record<string, (...x: unknown[]) => unknown> }).t[name as string]!(...(a as unknown[])),
      [m, args] as const,
    ) as Promise<T>;
  }

  events(): Promise<Ev[]> {
    return this.page.evaluate(() => (globalThis as unknown as { t: { events: Ev[] } }).t.events);
  }

  async waitFor(kind: string, pred: (e: Ev) => boolean = () => true, what = kind, timeoutMs = 8000): Promise<Ev> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = (await this.events()).find((e) => e.kind === kind && pred(e));
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`page: timed out waiting for ${what}`);
      await sleep(25);
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

describe('@switchboard/chat in Chromium (IIFE from another origin): customer and agent pages', () => {
  let w: World;
  let bob: AgentSocket;
  let site: StaticSite;
  let browser: Browser;
  let customer: Side;
  let agent: Side;
  let contactId: string;

  beforeAll(async () => {
    w = await startWorld();
    bob = await w.world.agent('bob');
    site = await startSite();
    browser = await launchChromium(chromium);
    customer = await Side.open(browser, site.origin);
    agent = await Side.open(browser, site.origin, bob);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await w?.close();
  });

  it('connects both: the customer from StartChatContact, the agent with the agent API chat token', async () => {
    const started = await w.world.startChat();
    contactId = started.ContactId;
    const c = await customer.call<{ connectSuccess: boolean; state: string }>('start', 'CUSTOMER', w.proxy.url, started);
    expect(c).toEqual({ connectSuccess: true, state: 'connected' });
    const tokens = await agentChatTokens(bob, contactId);
    await bob.command('acceptContact', { contactId });
    const a = await agent.call<{ connectSuccess: boolean }>('start', 'AGENT', w.proxy.url, {
      contactId,
      participantId: tokens.participantId,
      participantToken: tokens.participantToken,
    });
    expect(a.connectSuccess).toBe(true);
    await customer.waitFor('message', (e) => e.data?.ParticipantRole === 'AGENT', 'the agent joining');
    expect(new URL(site.origin).origin).not.toBe(new URL(w.proxy.url).origin);
  });

  it('messages, typing and receipts both ways', async () => {
    const m1 = await customer.call<string>('send', 'Hello from the page');
    await agent.waitFor('message', (e) => e.data?.Id === m1);
    await customer.waitFor('message', (e) => e.data?.Id === m1, 'its own echo');
    const m2 = await agent.call<string>('send', 'Hi, Bob here');
    await customer.waitFor('message', (e) => e.data?.Id === m2);

    await customer.call('typing');
    await agent.waitFor('typing', (e) => e.data?.ParticipantRole === 'CUSTOMER');
    await agent.call('typing');
    await customer.waitFor('typing', (e) => e.data?.ParticipantRole === 'AGENT');

    await customer.call('receipt', 'read', m2);
    await agent.waitFor('readReceipt', (e) => e.data?.MessageMetadata?.MessageId === m2);
    await agent.call('receipt', 'delivered', m1);
    await customer.waitFor('deliveredReceipt', (e) => e.data?.MessageMetadata?.MessageId === m1);
    expect(await customer.call<number>('count', 'readReceipt')).toBe(0);
    expect(await agent.call<number>('count', 'deliveredReceipt')).toBe(0);
    expect((await customer.events()).some((e) => e.kind === 'message' && e.data?.ContentType === TYPING)).toBe(false);
  });

  it('pages the transcript BACKWARD (NextToken) and FORWARD (from an item)', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 8; i++) sent.push(await (i % 2 ? agent : customer).call<string>('send', `line ${i}`));
    const last5 = await agent.call<{ ids: string[]; nextToken: string }>('transcript', { maxResults: 5 });
    expect(last5.ids).toEqual(sent.slice(-5));
    const before = await agent.call<{ ids: string[] }>('transcript', { maxResults: 3, nextToken: last5.nextToken });
    expect(before.ids).toEqual(sent.slice(0, 3));
    const fwd = await customer.call<{ ids: string[] }>('transcript', {
      scanDirection: 'FORWARD',
      startPosition: { id: sent[2] },
      maxResults: 4,
    });
    expect(fwd.ids).toEqual(sent.slice(2, 6));
  });

  it('attachments both ways, byte for byte, with upload progress; a file too large is refused in words', async () => {
    const png = randomBytes(256 * 1024);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
    const id = await customer.call<string>('sendAttachment', png.toString('base64'), 'photo.png', 'image/png');
    const progress = await customer.page.evaluate(
      () => (globalThis as unknown as { t: { progress: { loaded: number; total: number }[] } }).t.progress,
    );
    expect(progress[0]?.loaded).toBe(0);
    expect(progress.at(-1)).toEqual({ loaded: png.length, total: png.length });
    await agent.waitFor(
      'message',
      (e) => (e.data as { Attachments?: { AttachmentId: string }[] })?.Attachments?.[0]?.AttachmentId === id,
    );
    expect(Buffer.from(await agent.call<string>('download', id), 'base64').equals(png)).toBe(true);

    const pdf = randomBytes(40 * 1024);
    const back = await agent.call<string>('sendAttachment', pdf.toString('base64'), 'form.pdf', 'application/pdf');
    await customer.waitFor(
      'message',
      (e) => (e.data as { Attachments?: { AttachmentId: string }[] })?.Attachments?.[0]?.AttachmentId === back,
    );
    expect(Buffer.from(await customer.call<string>('download', back), 'base64').equals(pdf)).toBe(true);

    const big = await customer.call<{ type: string; message: string; statusCode: number }>('tooBig');
    expect(big).toMatchObject({ type: 'ValidationException', statusCode: 400 });
    expect(big.message.length).toBeGreaterThan(10);
  });

  it('drops at the server end and offline spells on either side: every message once, in order, on both pages', {
    timeout: 90_000,
  }, async () => {
    customer.refused.length = 0;
    agent.refused.length = 0;
    const sent: string[] = [];
    const sender = (async () => {
      for (let i = 0; i < 120; i++) {
        const from = i % 3 === 0 ? customer : agent;
        // A side that is offline cannot send: it tries again until it can.
        for (;;) {
          const id = await from.call<string>('send', `burst ${i}`).catch(() => undefined);
          if (id) {
            sent.push(id);
            break;
          }
          await sleep(100);
        }
        await sleep(20);
      }
    })();
    for (let round = 0; round < 8; round++) {
      await sleep(300);
      if (round % 4 === 1) {
        await customer.context.setOffline(true);
        await sleep(1500);
        await customer.context.setOffline(false);
      } else if (round % 4 === 3) {
        await agent.context.setOffline(true);
        await sleep(1200);
        await agent.context.setOffline(false);
      } else {
        w.proxy.dropWebSockets();
      }
    }
    await sender;
    const last = sent.at(-1)!;
    await customer.waitFor('message', (e) => e.data?.Id === last, 'the last message at the customer', 20_000);
    await agent.waitFor('message', (e) => e.data?.Id === last, 'the last message at the agent', 20_000);
    const history = await agent.call<{ ids: string[] }>('transcript', {
      scanDirection: 'FORWARD',
      startPosition: { id: sent[0] },
      maxResults: 100,
    });
    const more = await agent.call<{ ids: string[] }>('transcript', {
      scanDirection: 'FORWARD',
      startPosition: { id: history.ids.at(-1) },
      maxResults: 100,
    });
    const order = [...history.ids, ...more.ids.slice(1)];
    expect(order.filter((id) => sent.includes(id)).length).toBe(sent.length);
    for (const side of [customer, agent]) {
      const ids = await side.call<string[]>('messageIds');
      expect(new Set(ids).size, 'no item twice').toBe(ids.length);
      expect(
        ids.filter((id) => sent.includes(id)),
        'every message, in transcript order',
      ).toEqual(order.filter((id) => sent.includes(id)));
      expect(await side.call<number>('count', 'connectionLost')).toBeGreaterThan(0);
      expect(await side.call<number>('count', 'connectionBroken')).toBe(0);
      expect(side.errors).toEqual([]);
      expect(side.refused).toEqual([]);
    }
  });

  it('the customer leaves: both pages get onEnded after the chat.ended message; later sends fail in words', async () => {
    await customer.call('disconnect');
    for (const side of [customer, agent]) {
      await side.waitFor('ended');
      const ev = await side.events();
      const endedAt = ev.findIndex((e) => e.kind === 'ended');
      expect(ev.findIndex((e) => e.kind === 'message' && e.data?.ContentType === ENDED)).toBeLessThan(endedAt);
      expect(await side.call<string>('state')).toBe('ended');
    }
    expect(await customer.call('afterEnd')).toMatchObject({ type: 'AccessDeniedException', statusCode: 403 });
    await bob.command('clearContact', { contactId }).catch(() => undefined);
  });

  it('a chat that ended while the customer page was offline ends there too once it is back', async () => {
    await customer.close();
    await agent.close();
    customer = await Side.open(browser, site.origin);
    const started = await w.world.startChat();
    await customer.call('start', 'CUSTOMER', w.proxy.url, started);
    await customer.context.setOffline(true);
    await w.world.connect.send(new StopContactCommand({ InstanceId: w.world.server.instance.id, ContactId: started.ContactId }));
    await sleep(300);
    await customer.context.setOffline(false);
    const ended = await customer.waitFor('ended', () => true, 'onEnded after coming back', 10_000);
    expect(ended.data?.ContentType).toBe(ENDED);
    expect(await customer.call<number>('count', 'connectionBroken')).toBe(0);
    expect(customer.errors).toEqual([]);
    // The one refusal: the reconnect's CreateParticipantConnection, 403 once the chat is over.
    expect(customer.refused).toEqual(['POST /participant/connection 403']);
  });

  it('runs in a dedicated web worker (no DOM): connects, sends, and is handed the reply', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${site.origin}/`);
    const started = await w.world.startChat();
    const sentId = page.evaluate(
      ([endpoint, chat]) =>
        new Promise<{ kind: string; id?: string; hasWindow?: boolean; message?: string }[]>((resolve) => {
          const seen: { kind: string; id?: string; hasWindow?: boolean; message?: string; content?: string }[] = [];
          const worker = new Worker('/sdk-worker.js');
          (globalThis as unknown as { sbWorkerSeen: typeof seen }).sbWorkerSeen = seen;
          worker.onmessage = (e) => {
            seen.push(e.data);
            if (e.data.kind === 'sent' || e.data.kind === 'error') resolve(seen);
          };
          worker.postMessage({ endpoint, chat });
        }),
      [w.proxy.url, started] as const,
    );
    const seen = await sentId;
    const sent = seen.find((m) => m.kind === 'sent');
    expect(seen.find((m) => m.kind === 'error')).toBeUndefined();
    expect(sent?.hasWindow).toBe(false);
    // The agent answers over the participant API; the worker is handed it.
    const tokens = await agentChatTokens(bob, started.ContactId);
    await bob.command('acceptContact', { contactId: started.ContactId });
    const res = await fetch(`${w.world.server.url}/participant/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-bearer': tokens.connectionToken },
      body: JSON.stringify({ ContentType: 'text/plain', Content: 'hello, worker' }),
    });
    const reply = ((await res.json()) as { Id: string }).Id;
    await page.waitForFunction(
      (id) => (globalThis as unknown as { sbWorkerSeen: { id?: string }[] }).sbWorkerSeen.some((m) => m.id === id),
      reply,
    );
    const ids = await page.evaluate(
      () => (globalThis as unknown as { sbWorkerSeen: { kind: string; id?: string }[] }).sbWorkerSeen,
    );
    expect(ids.filter((m) => m.kind === 'message' && m.id === sent?.id)).toHaveLength(1);
    await w.world.connect.send(new StopContactCommand({ InstanceId: w.world.server.instance.id, ContactId: started.ContactId }));
    await bob.command('clearContact', { contactId: started.ContactId }).catch(() => undefined);
    await page.context().close();
  });
});
