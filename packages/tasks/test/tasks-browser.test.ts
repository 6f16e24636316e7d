/**
 * `@switchboard/tasks` in headless Chromium: a page on another origin (http://localhost:B;
 * the server is http://127.0.0.1:A, which approves that origin) written for TaskJS loads
 * the IIFE build (no Streams: the IIFE makes `connect`) and the agent client's browser
 * build, signs an agent in, and watches a task through `connect.TaskSession` over
 * `connect.SwitchboardTasks.websocketManagerFor(client)`. The server's items reach its
 * handlers: a transfer's initiated and succeeded, an expiry's warning and completion.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, demoConfig } from '@switchboard/core';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { type StaticSite, startStaticSite } from '../../server/test/static-site.js';
import { buildTasksIife } from '../build-iife.mjs';
import { DAY, HOUR, T0, type TaskWorld, taskWorld } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The agent client's browser entry as one script defining `SwitchboardAgentClient`. */
async function agentClientScript(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(here, '../../agent-client/src/index.ts')],
    write: false,
    bundle: true,
    format: 'iife',
    globalName: 'SwitchboardAgentClient',
    platform: 'browser',
    target: 'es2020',
    conditions: ['source'],
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

interface Ev {
  readonly kind: string;
  readonly contactId: string;
  readonly data: { ContentType?: string; ContactId?: string; InitialContactId?: string; Id?: string } | null;
}

describe('@switchboard/tasks in Chromium: a page written for TaskJS, with the IIFE and the agent client', () => {
  let site: StaticSite;
  let t: TaskWorld;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const call = <T>(m: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(
      ([name, a]) =>
        (globalThis as unknown as { t: Record<string, (...x: unknown[]) => unknown> }).t[name as string]!(...(a as unknown[])),
      [m, args] as const,
    ) as Promise<T>;

  /** Waits in the page (no polling from here) until `kind` was seen for `contactId`. */
  const seen = (contactId: string, kind: string) =>
    page.waitForFunction(
      ([id, k]) => (globalThis as unknown as { t: { events: Ev[] } }).t.events.some((e) => e.contactId === id && e.kind === k),
      [contactId, kind] as const,
      { timeout: 8_000 },
    );

  beforeAll(async () => {
    site = await startStaticSite({
      '/': ['text/html; charset=utf-8', readFileSync(path.join(here, 'fixtures', 'task-page.html'))],
      '/task-page.js': ['text/javascript; charset=utf-8', readFileSync(path.join(here, 'fixtures', 'task-page.js'))],
      '/switchboard-tasks.js': ['text/javascript; charset=utf-8', (await buildTasksIife({ write: false })) ?? ''],
      '/agent-client.js': ['text/javascript; charset=utf-8', await agentClientScript()],
    });
    t = await taskWorld({
      ...demoConfig,
      instance: { ...demoConfig.instance, approvedOrigins: [...demoConfig.instance.approvedOrigins, site.origin] },
    });
    browser = await launchChromium(chromium);
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${site.origin}/`);
    expect(await call('signIn', t.w.server.url, 'alice', DEMO_PASSWORD)).toBe('open');
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await site?.close();
  });

  it('the IIFE defines connect.TaskSession and connect.ReferenceType without Streams', async () => {
    expect(await call('globals')).toEqual({
      referenceType: { URL: 'URL', EMAIL: 'EMAIL', NUMBER: 'NUMBER', STRING: 'STRING', DATE: 'DATE' },
      hasCreate: true,
      hasCore: false,
    });
    expect(new URL(site.origin).origin).not.toBe(new URL(t.w.server.url).origin);
  });

  it('a transfer: onTransferInitiated, then onTransferSucceeded, each followed by onMessage', async () => {
    const contactId = await t.startTask();
    const initialContactId = await call<string>('acceptWhenOffered', contactId);
    expect(await call('watch', contactId, initialContactId)).toEqual({ connectSuccess: true, connectCalled: true });
    await call('transfer', contactId, 'Support queue');
    await seen(contactId, 'transferSucceeded');
    expect(await call('kinds', contactId)).toEqual([
      'established',
      'transferInitiated',
      'message',
      'transferSucceeded',
      'message',
    ]);
    const events = await page.evaluate(() => (globalThis as unknown as { t: { events: Ev[] } }).t.events);
    expect(events.find((e) => e.kind === 'transferInitiated')?.data).toMatchObject({
      ContentType: 'application/vnd.amazonaws.connect.event.transfer.initiated',
      ContactId: contactId,
      InitialContactId: initialContactId,
    });
    expect(errors).toEqual([]);
  });

  it('an expiry: onTaskExpiring 2 h before the 7 days, onTaskExpired at 7 days', async () => {
    const contactId = await t.startTask();
    const initialContactId = await call<string>('acceptWhenOffered', contactId);
    await call('watch', contactId, initialContactId);
    await t.advanceTo(T0 + 7 * DAY - 2 * HOUR);
    await seen(contactId, 'taskExpiring');
    await t.advanceTo(T0 + 7 * DAY);
    await seen(contactId, 'taskExpired');
    expect(await call('kinds', contactId)).toEqual(['established', 'taskExpiring', 'message', 'taskExpired', 'message']);
    expect(errors).toEqual([]);
  });
});
