/**
 * What the Streams embedding tests share: the CRM site (the fixture pages and the
 * unmodified Streams, chatjs and taskjs bundles), an agent's token for the ccpUrl fragment,
 * and the page harness (`window.t` calls, its recorded events, waiting for one).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListUsersCommand } from '@aws-sdk/client-connect';
import { demoConfig, type InstanceConfig } from '@switchboard/core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { signedFetch } from '../../server/test/sign.js';
import { type StaticSite, startStaticSite } from '../../server/test/static-site.js';
import { ccpBuild } from './build.js';
import type { JourneyPage } from './streams-journey.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures', 'crm-page', name));
const JS = 'text/javascript; charset=utf-8';

export interface PageEvent {
  readonly kind: string;
  readonly at: number;
  readonly data: { contactId?: string; item?: Record<string, unknown> | null; ms?: number } | null;
}

/**
 * The CRM site: `/` is the page, with the unmodified Streams, chatjs and taskjs; or with
 * `streamsJs` (`@switchboard/streams`' browser build) served in place of Streams.
 */
export function startCrmSite(streamsJs?: string): Promise<StaticSite> {
  return startStaticSite({
    '/': ['text/html; charset=utf-8', fixture('index.html')],
    '/crm.js': [JS, fixture('crm.js')],
    '/tasks.js': [JS, fixture('tasks.js')],
    '/voice.js': [JS, fixture('voice.js')],
    '/connect-streams.js': [
      JS,
      streamsJs ??
        readFileSync(
          path.join(path.dirname(require.resolve('amazon-connect-streams/package.json')), 'release', 'connect-streams.js'),
        ),
    ],
    '/amazon-connect-chat.js': [JS, readFileSync(require.resolve('amazon-connect-chatjs'))],
    '/amazon-connect-task.js': [JS, readFileSync(require.resolve('amazon-connect-taskjs'))],
  });
}

/** An agent's token, minted with the admin API (docs/agent-api.md), for `ccpUrl#token=…`. */
export async function agentToken(world: ChatWorld, username: string): Promise<string> {
  const instanceId = world.server.instance.id;
  const users = (await world.connect.send(new ListUsersCommand({ InstanceId: instanceId }))).UserSummaryList ?? [];
  const user = users.find((u) => u.Username === username);
  const key = demoConfig.accessKeys[0]!;
  const res = await signedFetch(
    world.server.url,
    { method: 'POST', path: `/agent-tokens/${instanceId}/${user?.Id}`, body: JSON.stringify({ ExpiresInSeconds: 3600 }) },
    key,
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { Token: string }).Token;
}

/** The CRM page's `window.t`: call its methods, read what it recorded, wait for an event. */
export function crmHarness(problems: readonly string[]) {
  const call = <T>(p: Page, m: string, ...args: unknown[]): Promise<T> =>
    p.evaluate(
      ([name, a]) =>
        (globalThis as unknown as { t: Record<string, (...x: unknown[]) => unknown> }).t[name as string]!(...(a as unknown[])),
      [m, args] as const,
    ) as Promise<T>;
  const events = (p: Page) => p.evaluate(() => (globalThis as unknown as { t: { events: PageEvent[] } }).t.events);
  const waitFor = async (p: Page, kind: string, pred: (e: PageEvent) => boolean = () => true, timeoutMs = 10_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = (await events(p)).find((e) => e.kind === kind && pred(e));
      if (hit) return hit;
      if (Date.now() > end) {
        const seen = (await events(p)).map((e) => e.kind).join(', ');
        const fromCcp = await p.evaluate(() => (globalThis as unknown as { t: { fromCcp: string[] } }).t.fromCcp);
        const posted = [...new Set(fromCcp)].join(', ');
        throw new Error(
          `CRM page: timed out waiting for ${kind}; seen: ${seen}; the CCP posted: ${posted}; ${problems.join(' | ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { call, events, waitFor };
}

/** A Chromium page of the CRM site as the shared journey drives it (streams-journey.ts). */
export function journeyPage(p: Page, problems: readonly string[], shot: (name: string) => Promise<void>): JourneyPage {
  const h = crmHarness(problems);
  return {
    call: (m, ...args) => h.call(p, m, ...args),
    events: () => h.events(p),
    waitFor: (kind, pred, timeoutMs) => h.waitFor(p, kind, pred, timeoutMs),
    shot,
  };
}

export interface CrmWorld {
  readonly world: ChatWorld;
  /** The CRM site, an approved origin of the instance. */
  readonly site: StaticSite;
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** The CRM page, open at the site. */
  readonly page: Page;
  /** A numbered screenshot of `p` (default the CRM page) in the shots folder. */
  shot(name: string, p?: Page): Promise<void>;
  /** `/ccp/` with the agent's token in its fragment. */
  ccpUrl(username: string): Promise<string>;
  close(): Promise<void>;
}

/** What a test may add to Chromium: flags (a fake microphone) and the context's permissions. */
export interface CrmBrowserOptions {
  readonly chromiumArgs?: readonly string[];
  readonly permissions?: readonly string[];
  /** Served in place of the unmodified Streams (startCrmSite). */
  readonly streamsJs?: string;
}

/**
 * The CCP built from the current sources, the real server (SQLite, the demo instance with
 * the CRM site's origin approved), Chromium with the CRM page open; screenshots go to
 * `shots` (emptied first and printed); the page's errors and console errors go to `problems`.
 */
export async function crmWorld(shots: string, problems: string[], opts: CrmBrowserOptions = {}): Promise<CrmWorld> {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  console.log(`screenshots: ${shots}`);
  const ccpDir = await ccpBuild();
  const site = await startCrmSite(opts.streamsJs);
  const config: InstanceConfig = {
    ...demoConfig,
    instance: { ...demoConfig.instance, approvedOrigins: [...demoConfig.instance.approvedOrigins, site.origin] },
  };
  const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;
  const world = await chatWorld(sqlite, { config, ccpDir });
  const browser = await launchChromium(chromium, [...(opts.chromiumArgs ?? [])]);
  const context = await browser.newContext({
    viewport: { width: 1200, height: 700 },
    ...(opts.permissions ? { permissions: [...opts.permissions] } : {}),
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  // Which request failed (the console says only "Failed to load resource").
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`response ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  await page.goto(`${site.origin}/`);
  let shotNo = 0;
  return {
    world,
    site,
    browser,
    context,
    page,
    async shot(name, p = page) {
      await p.screenshot({ path: path.join(shots, `${String(++shotNo).padStart(2, '0')}-${name}.png`) });
    },
    ccpUrl: async (username) => `${world.server.url}/ccp/#token=${encodeURIComponent(await agentToken(world, username))}`,
    async close() {
      if (problems.length) console.log(`browser problems:\n${problems.join('\n')}`);
      await context.close();
      await browser.close();
      await world.close();
      await site.close();
    },
  };
}
