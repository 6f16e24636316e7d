/**
 * The iframe transport in headless Chromium against the real Switchboard CCP: a page on
 * another origin (http://localhost:B, approved by the instance; the server and its /ccp/ are
 * http://127.0.0.1:A) loads iframe.ts bundled with esbuild and frames the CCP built from the
 * current sources, bob's token in the ccpUrl fragment (`loginPopup: false`), against the real
 * server (SQLite). The page records what the transport hands its sink.
 *
 * Checked: the CCP acknowledges; agent data arrives with bob's configuration, its Dates still
 * Dates after postMessage, `localTimestamp` and `skew` set; `putAgentState` makes bob
 * Available (the next agent data shows it); `createOutboundContact` is refused with
 * UnsupportedOperation; `terminate` signs bob out (the frame shows its sign-in form) and
 * nothing the frame posts afterwards reaches the sink.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoConfig, type InstanceConfig } from '@switchboard/core';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { ccpBuild } from '../../ccp/test/build.js';
import { agentToken } from '../../ccp/test/crm.js';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { type StaticSite, startStaticSite } from '../../server/test/static-site.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The page's script: the transport, started on `t.start(ccpUrl)`, its sink recording into `t.seen`. */
const PAGE_SCRIPT = `
import { createIframeTransport } from './iframe.ts';
const seen = [];
let transport;
const summary = (d) => ({
  username: d.configuration.username,
  state: d.snapshot.state.name,
  agentStates: d.configuration.agentStates,
  datesAreDates: d.snapshot.snapshotTimestamp instanceof Date && d.snapshot.state.startTimestamp instanceof Date,
  localTimestamp: typeof d.snapshot.localTimestamp,
  skew: typeof d.snapshot.skew,
});
globalThis.t = {
  seen,
  start(ccpUrl) {
    transport = createIframeTransport(document.getElementById('ccp'), { ccpUrl, loginPopup: false });
    transport.start({
      agentData: (d) => seen.push({ kind: 'agentData', name: 'agent::update', data: summary(d) }),
      event: (name, data) => seen.push({ kind: 'event', name, data: data === undefined ? null : JSON.parse(JSON.stringify(data)) }),
      topic: (name, data) => seen.push({ kind: 'topic', name, data }),
    });
    return { kind: transport.kind, endpoint: transport.endpoint, frame: transport.frame.name, allow: transport.frame.allow };
  },
  request: (method, params) =>
    transport.request(method, params).then((data) => ({ ok: true, data }), (error) => ({ ok: false, error })),
  terminate: () => transport.terminate(),
};
`;

async function pageScript(): Promise<string> {
  const out = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: path.join(here, '../src/transport'), loader: 'ts', sourcefile: 'page.ts' },
    write: false,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    conditions: ['source'],
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

const PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A page with the Switchboard CCP through the iframe transport</title>
<link rel="icon" href="data:,"></head>
<body><div id="ccp" style="width: 400px; height: 600px"></div><script src="/page.js"></script></body></html>`;

interface Seen {
  readonly kind: 'event' | 'agentData' | 'topic';
  readonly name: string;
  readonly data: {
    username?: string;
    state?: string;
    agentStates?: { agentStateARN: string; type: string; name: string }[];
    datesAreDates?: boolean;
    localTimestamp?: string;
    skew?: string;
  } | null;
}

describe('the iframe transport in Chromium, framing the real Switchboard CCP', () => {
  let site: StaticSite;
  let world: ChatWorld;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const seen = () => page.evaluate(() => (globalThis as unknown as { t: { seen: Seen[] } }).t.seen);
  const call = <T>(m: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(
      ([name, a]) =>
        (globalThis as unknown as { t: Record<string, (...x: unknown[]) => unknown> }).t[name as string]!(...(a as unknown[])),
      [m, args] as const,
    ) as Promise<T>;
  /** Waits in the page until the sink got something that `pred` accepts; returns it. */
  const waitFor = async (what: string, pred: (s: Seen) => boolean, from = 0): Promise<Seen> => {
    const end = Date.now() + 15_000;
    for (;;) {
      const hit = (await seen()).slice(from).find(pred);
      if (hit) return hit;
      if (Date.now() > end) {
        const names = (await seen()).map((s) => s.name).join(', ');
        throw new Error(`timed out waiting for ${what}; the sink got: ${names}; ${problems.join(' | ')}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    const ccpDir = await ccpBuild();
    site = await startStaticSite({
      '/': ['text/html; charset=utf-8', PAGE_HTML],
      '/page.js': ['text/javascript; charset=utf-8', await pageScript()],
    });
    const config: InstanceConfig = {
      ...demoConfig,
      instance: { ...demoConfig.instance, approvedOrigins: [...demoConfig.instance.approvedOrigins, site.origin] },
    };
    world = await chatWorld(backends.find((b) => b.name === 'sqlite') ?? backends[0]!, { config, ccpDir });
    browser = await launchChromium(chromium);
    page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${site.origin}/`);
  });

  afterAll(async () => {
    if (problems.length) console.log(`browser problems:\n${problems.join('\n')}`);
    await browser?.close();
    await world?.close();
    await site?.close();
  });

  it('acknowledges, hands on bob’s data, runs putAgentState, refuses createOutboundContact, and terminate signs out', async () => {
    const ccpUrl = `${world.server.url}/ccp/#token=${encodeURIComponent(await agentToken(world, 'bob'))}`;
    expect(new URL(site.origin).origin).not.toBe(new URL(world.server.url).origin);
    expect(await call('start', ccpUrl)).toEqual({
      kind: 'iframe',
      endpoint: new URL(world.server.url).origin,
      frame: 'Amazon Connect CCP',
      allow: 'microphone; camera; autoplay; clipboard-write; identity-credentials-get',
    });

    // 1. The CCP acknowledges; then bob's data, Dates intact.
    await waitFor('acknowledge', (s) => s.name === 'acknowledge');
    const first = await waitFor('agent data', (s) => s.kind === 'agentData');
    expect(first.data).toMatchObject({ username: 'bob', datesAreDates: true, localTimestamp: 'number', skew: 'number' });
    expect(first.data?.state).not.toBe('Available');

    // 2. putAgentState with Streams' params: bob is Available, the next data shows it.
    const available = first.data?.agentStates?.find((s) => s.name === 'Available');
    expect(available).toMatchObject({ type: 'routable' });
    const from = (await seen()).length;
    expect(await call('request', 'putAgentState', { state: available, enqueueNextState: false })).toMatchObject({ ok: true });
    await waitFor('agent data showing Available', (s) => s.kind === 'agentData' && s.data?.state === 'Available', from);

    // 3. A method the CCP does not offer is refused with its StreamsError.
    expect(await call('request', 'createOutboundContact', { endpoint: { phoneNumber: '+15550100' }, queueARN: null })).toEqual({
      ok: false,
      error: { type: 'UnsupportedOperation', message: expect.stringContaining('createOutboundContact'), statusCode: 400 },
    });

    // 4. terminate: the CCP signs bob out (its sign-in form shows); the sink hears nothing more.
    const before = (await seen()).length;
    await call('terminate');
    const frame = page.frames().find((f) => f.url().startsWith(`${world.server.url}/ccp/`));
    expect(frame).toBeDefined();
    await frame!.getByLabel(/password/i).waitFor({ timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await seen()).slice(before)).toEqual([]);
    expect(await call('request', 'getAgentStates', {})).toMatchObject({ ok: false, error: { type: 'StateError' } });
    expect(problems).toEqual([]);
  });
});
