/**
 * The CCP embedded by the UNMODIFIED amazon-connect-streams (`connect.core.initCCP`) and
 * amazon-connect-chatjs on a CRM page of another origin (http://localhost:B; the server and
 * its /ccp/ are http://127.0.0.1:A), in headless Chromium, against the real server
 * (SQLite) serving the CCP built from the current sources. The agent's token, minted with
 * the admin API, rides in the ccpUrl fragment (`loginPopup: false`).
 *
 * Journey: Streams initialises; the shared Streams journey (streams-journey.ts: state, offer,
 * accept, chat both ways, quick responses, ACW, clear, transfer), with `getMediaController()`
 * within a second (the SDK MessagePort answered); `terminate` signs the agent out, and the
 * agent signs in again inside the frame.
 * Then: a page on an origin that is not approved cannot frame /ccp/ at all. Screenshots of each step go to the folder printed first.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '@switchboard/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import { configureChatjs } from '../../server/test/chatjs-env.js';
import type { StaticSite } from '../../server/test/static-site.js';
import { type CrmWorld, crmHarness, crmWorld, journeyPage, startCrmSite } from './crm.js';
import { streamsJourney } from './streams-journey.js';

const SHOTS = path.join(tmpdir(), 'switchboard-streams-shots');

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
    // initCCP: acknowledged, the agent data arrives, connect.agent fires.
    await call(page, 'init', ccpUrl, world.server.url);
    const initialized = await waitFor(page, 'core.initialized');
    const initCcp = await waitFor(page, 'initCCP');
    expect(initialized.at - initCcp.at).toBeLessThan(5000); // before Streams' 5 s reload
    // connect.ifMaster is answered (master = the desktop's leading tab). In a cross-site frame
    // Chromium denies Web Locks (and localStorage) while third-party storage is blocked, so the
    // desktop never elects itself leader there: the answer is then false (see leader.ts).
    expect(typeof (await call(page, 'master', 'connect::ringtone'))).toBe('boolean');

    // The journey (streams-journey.ts); getMediaController at once: the SDK port answers getInstanceDetails.
    const { mediaMs } = await streamsJourney(
      journeyPage(page, problems, (name) => shot(page, name)),
      world,
      'bob',
    );
    expect(mediaMs).toBeLessThan(1000);

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
