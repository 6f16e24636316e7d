/**
 * What the Streams embedding tests share: the CRM site (the fixture pages and the
 * unmodified Streams, chatjs and taskjs bundles), an agent's token for the ccpUrl fragment,
 * and the page harness (`window.t` calls, its recorded events, waiting for one).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListUsersCommand } from '@aws-sdk/client-connect';
import { demoConfig } from '@switchboard/core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import { signedFetch } from '../../server/test/sign.js';
import { type StaticSite, startStaticSite } from '../../server/test/static-site.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures', 'crm-page', name));
const JS = 'text/javascript; charset=utf-8';

export interface PageEvent {
  readonly kind: string;
  readonly at: number;
  readonly data: { contactId?: string; item?: Record<string, unknown> | null; ms?: number } | null;
}

/** The CRM site; `/` is `index.html` (Streams + chatjs) or `tasks.html` (taskjs too). */
export function startCrmSite(page: 'index.html' | 'tasks.html' = 'index.html'): Promise<StaticSite> {
  return startStaticSite({
    '/': ['text/html; charset=utf-8', fixture(page)],
    '/crm.js': [JS, fixture('crm.js')],
    '/tasks.js': [JS, fixture('tasks.js')],
    '/connect-streams.js': [
      JS,
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
