/**
 * The CCP embedded by the UNMODIFIED amazon-connect-streams (`connect.core.initCCP`) and
 * amazon-connect-chatjs on a CRM page of another origin (http://localhost:B; the server and
 * its /ccp/ are http://127.0.0.1:A), in headless Chromium, against the real server
 * (SQLite) serving the CCP built from the current sources. The agent's token, minted with
 * the admin API, rides in the ccpUrl fragment (`loginPopup: false`).
 *
 * Journey: Streams initialises and `connect.agent` fires; `agent.setState(Available)`; a
 * chat started by the unmodified chatjs customer (in Node) rings as `connect.contact` →
 * onConnecting; `contact.accept()` → onAccepted, onConnected; `getMediaController()` within
 * a second (the SDK MessagePort answered); messages both ways through it; quick responses
 * through `connect.QuickResponses`; an unsupported method answered with an error;
 * `connection.destroy()` → onACW, onEnded; `contact.clear()` → onDestroy; the order of all
 * those; `terminate` signs the agent out, and the agent signs in again inside the frame.
 * Then: a page on an origin that is not approved cannot frame /ccp/ at all. Screenshots of each step go to the folder printed first.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import { ChatSession as ChatjsSession, configureChatjs } from '../../server/test/chatjs-env.js';
import type { StaticSite } from '../../server/test/static-site.js';
import { type CrmWorld, crmHarness, crmWorld, type PageEvent, startCrmSite } from './crm.js';

const SHOTS = path.join(tmpdir(), 'switchboard-streams-shots');

/** The customer: the unmodified chatjs in Node. */
class Customer {
  readonly messages: { Content?: string; ParticipantRole?: string }[] = [];
  private constructor(readonly session: connect.CustomerChatSession) {}

  static async start(world: ChatWorld, name: string): Promise<{ customer: Customer; contactId: string }> {
    const started = await world.startChat({ ParticipantDetails: { DisplayName: name }, Attributes: { order: '1042' } });
    const session = ChatjsSession.create({
      chatDetails: started,
      type: 'CUSTOMER',
      disableCSM: true,
      options: { region: 'us-east-1' },
    } as unknown as connect.CustomerChatSessionArgs) as connect.CustomerChatSession;
    const c = new Customer(session);
    session.onMessage((e) => c.messages.push((e as { data: { Content?: string; ParticipantRole?: string } }).data));
    await session.connect();
    return { customer: c, contactId: started.ContactId };
  }

  async send(text: string): Promise<void> {
    await this.session.sendMessage({ contentType: 'text/plain', message: text });
  }

  async waitFor(
    pred: (m: { Content?: string; ParticipantRole?: string }) => boolean,
    what: string,
    timeoutMs = 8000,
  ): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!this.messages.some(pred)) {
      if (Date.now() > end) throw new Error(`customer: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

describe('the CCP embedded with amazon-connect-streams (initCCP) on another origin', () => {
  let crm: CrmWorld;
  let world: ChatWorld;
  let page: Page;
  let browser: Browser;
  let rogue: StaticSite;
  let ccpUrl: string;
  const problems: string[] = [];
  const { call, events, waitFor } = crmHarness(problems);
  const shot = (p: Page, name: string) => crm.shot(name, p);

  beforeAll(async () => {
    crm = await crmWorld(SHOTS, problems);
    ({ world, page, browser } = crm);
    rogue = await startCrmSite();
    configureChatjs(world.server.url, 'us-east-1');
    // bob's token, minted with the admin API (docs/agent-api.md), in the ccpUrl fragment.
    ccpUrl = await crm.ccpUrl('bob');
  });

  afterAll(async () => {
    await crm?.close();
    await rogue?.close();
  });

  it('drives the agent and a chat through the unmodified Streams API, end to end', async () => {
    const started = Date.now();
    // 1. initCCP: acknowledged, the agent data arrives, connect.agent fires.
    await call(page, 'init', ccpUrl, world.server.url);
    const init = await waitFor(page, 'agent.init');
    const initialized = await waitFor(page, 'core.initialized');
    const initCcp = await waitFor(page, 'initCCP');
    expect(initialized.at - initCcp.at).toBeLessThan(5000); // before Streams' 5 s reload
    expect(init.data).toMatchObject({ username: 'bob' });
    await shot(page, 'initialized');

    // 2. agent.setState(Available).
    await call(page, 'setState', 'Available');
    await waitFor(page, 'agent.stateChange', (e) => (e.data as { newState?: string } | null)?.newState === 'Available');
    expect(await call(page, 'agentState')).toBe('Available');
    // connect.ifMaster is answered (master = the desktop's leading tab). In a cross-site frame
    // Chromium denies Web Locks (and localStorage) while third-party storage is blocked, so the
    // desktop never elects itself leader there: the answer is then false (see leader.ts).
    expect(typeof (await call(page, 'master', 'connect::ringtone'))).toBe('boolean');
    await shot(page, 'available');

    // agent.setConfiguration → updateAgentConfiguration, reload_agent_configuration → the new data.
    await call(page, 'setLocale', 'fr_FR');
    for (let i = 0; i < 100 && (await call(page, 'locale')) !== 'fr_FR'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await call(page, 'locale')).toBe('fr_FR');
    // agent.getEndpoints: the quick connects of the agent's queues.
    const endpoints = await call<{ name: string; type: string }[]>(page, 'endpoints');
    expect(endpoints.length).toBeGreaterThan(0);
    expect(endpoints.every((e) => ['agent', 'queue', 'phone_number'].includes(e.type))).toBe(true);

    // 3. A customer starts a chat: connect.contact → onConnecting.
    const { customer, contactId } = await Customer.start(world, 'Jane Doe');
    const isOurs = (e: PageEvent) => e.data?.contactId === contactId;
    await waitFor(page, 'contact.connecting', isOurs);
    expect(await call(page, 'contactInfo', contactId)).toMatchObject({
      type: 'chat',
      state: 'connecting',
      customer: 'Jane Doe',
      attributes: { order: { name: 'order', value: '1042' } },
    });
    await shot(page, 'ringing');

    // 4. contact.accept() → onAccepted, onConnected.
    await call(page, 'accept', contactId);
    await waitFor(page, 'contact.accepted', isOurs);
    await waitFor(page, 'contact.connected', isOurs);

    // 5. getMediaController() at once (the SDK port answers getInstanceDetails).
    const media = await call<{ ms: number }>(page, 'media', contactId);
    console.log(`getMediaController resolved in ${media.ms} ms`);
    expect(media.ms).toBeLessThan(1000);

    // 6. Messages both ways through the CRM's chatjs session.
    await customer.send('Hello from the customer');
    await waitFor(page, 'chat.message', (e) => e.data?.item?.Content === 'Hello from the customer');
    await call(page, 'send', contactId, 'Hello from the CRM');
    await customer.waitFor((m) => m.Content === 'Hello from the CRM' && m.ParticipantRole === 'AGENT', 'the CRM agent message');
    await shot(page, 'chatting');

    // 7. Quick responses through connect.QuickResponses (the instance's, placeholders filled for the contact).
    expect(await call(page, 'quickResponsesEnabled')).toBe(true);
    const all = await call<{ results: { name: string }[] }>(page, 'quickResponses', '');
    expect(all.results.map((r) => r.name).sort()).toEqual(demoConfig.quickResponses.map((q) => q.name).sort());
    const greet = await call<{ results: { name: string; contents: { plainText: { content: string } } }[] }>(
      page,
      'quickResponses',
      'greet',
      contactId,
    );
    expect(greet.results[0]?.name).toBe('Greeting');
    expect(greet.results[0]?.contents.plainText.content).toContain('Hi Jane Doe,');

    // 8. A method Switchboard does not offer is answered with an error, not silence.
    const outbound = await call<{ ok: boolean; err?: string }>(page, 'outbound');
    expect(outbound.ok).toBe(false);
    expect(JSON.parse(outbound.err ?? '{}')).toEqual({
      type: 'UnsupportedOperation',
      message: 'createOutboundContact is not available in Switchboard yet',
      statusCode: 400,
    });

    // 9. connection.destroy() → onACW, onEnded; the customer sees the chat end.
    await call(page, 'destroy', contactId);
    await waitFor(page, 'contact.acw', isOurs);
    await waitFor(page, 'contact.ended', isOurs);
    await shot(page, 'after-contact-work');

    // 10. contact.clear() → onDestroy.
    await call(page, 'clear', contactId);
    await waitFor(page, 'contact.destroy', isOurs);
    await shot(page, 'cleared');

    const order = (await events(page))
      .filter((e) => e.kind.startsWith('contact.') && e.kind !== 'contact.init' && isOurs(e))
      .map((e) => e.kind.slice('contact.'.length));
    expect(order).toEqual(['connecting', 'accepted', 'connected', 'acw', 'ended', 'destroy']);

    // 11. terminate (the CRM's logout) signs the agent out: terminated; the frame shows the sign-in form.
    await call(page, 'terminate');
    await waitFor(page, 'terminated');
    const frame = page.frames().find((f) => f.url().startsWith(`${world.server.url}/ccp/`));
    await frame?.getByLabel(/password/i).waitFor({ timeout: 5000 });
    await shot(page, 'terminated');

    // 12. The agent signs in again in the frame (the frame kept acknowledging meanwhile): Streams drives the new session.
    await frame?.getByLabel(/username/i).fill('bob');
    await frame?.getByLabel(/password/i).fill(DEMO_PASSWORD);
    await frame?.getByRole('button', { name: /sign in/i }).click();
    const since = await page.evaluate(() => performance.now());
    let available = false;
    for (let i = 0; i < 200 && !available; i++) {
      // Refused (AccessDeniedException) until the new session is open.
      available = await call(page, 'setState', 'Available').then(
        () => true,
        () => false,
      );
      if (!available) await new Promise((r) => setTimeout(r, 50));
    }
    expect(available).toBe(true);
    await waitFor(
      page,
      'agent.stateChange',
      (e) => e.at >= since && (e.data as { newState?: string } | null)?.newState === 'Available',
    );
    await shot(page, 'signed-in-again');

    const fromCcp = await page.evaluate(() => (globalThis as unknown as { t: { fromCcp: string[] } }).t.fromCcp);
    const counts: Record<string, number> = {};
    for (const e of fromCcp) counts[e] = (counts[e] ?? 0) + 1;
    console.log(`journey ${Date.now() - started} ms; from the CCP: ${JSON.stringify(counts)}`);
    expect(counts['(cross-domain-adapter-init)']).toBe(1);
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });

  it('a page on an origin that is not approved cannot frame /ccp/: no acknowledge ever arrives', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 700 } });
    const p = await ctx.newPage();
    const consoleLines: string[] = [];
    p.on('console', (m) => consoleLines.push(m.text()));
    await p.goto(`${rogue.origin}/`);
    await call(p, 'init', ccpUrl, world.server.url);
    await new Promise((r) => setTimeout(r, 3000));
    const seen = (await events(p)).map((e) => e.kind);
    expect(seen).not.toContain('core.initialized');
    expect(seen).not.toContain('agent.init');
    expect(await p.evaluate(() => (globalThis as unknown as { t: { fromCcp: string[] } }).t.fromCcp)).toEqual([]);
    // Chromium refuses to render the frame (it shows its error page, not our app).
    const frame = p.frames().find((f) => f !== p.mainFrame());
    expect(frame?.url() ?? '').not.toMatch(/\/ccp\//);
    expect(consoleLines.some((l) => /frame-ancestors/.test(l))).toBe(true);
    await shot(p, 'not-approved-origin');
    await ctx.close();
  });
});
