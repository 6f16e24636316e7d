/**
 * Browser helpers for the widget's tests: the widget built from the current sources, the
 * demo store embedding it on another origin against the real server, Chromium (the
 * machine's, never a download) with its pages' errors collected, a screenshot of each state
 * into one folder, and axe-core run in the page (evaluated, not injected as a script tag:
 * the host page's CSP need not allow it).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_WIDGET_ID, demoConfig, type WidgetConfig } from '@switchboard/core';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { expectNoSeriousAxeViolations } from '../../server/test/axe.js';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { type SiteFiles, type StaticSite, startStaticSite } from '../../server/test/static-site.js';
import { buildWidget, buildWidgetVoice } from '../build.mjs';
import { expect } from 'vitest';
import type { StartOptions } from '../../server/src/server.js';
import type { AgentSocket } from '../../server/test/agent-client.js';
import { writeToneWav } from '../../voice/test/tones.js';
import { openVoicePages, startVoiceSite, TONE, type VoicePage } from '../../voice/test/voice-pages.js';

export const SHOTS = path.join(tmpdir(), 'switchboard-widget-shots');

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Chromium; SHOTS emptied first (this run's screenshots only) unless `keepShots`. */
export function launch({ keepShots = false } = {}): Promise<Browser> {
  if (!keepShots) rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  return launchChromium(chromium);
}

/**
 * Keeps `page`'s errors and console errors in `problems` (a test's last step expects none);
 * not failed loads, which are the refusals the tests provoke.
 */
export function collectProblems(page: Page, who: string, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`${who}: ${String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`${who} console: ${m.text()}`);
  });
}

/** An element's text, whitespace collapsed (the templates' indentation is not text a person sees). */
export const text = async (l: Locator): Promise<string> => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/**
 * The widget built in memory from the current sources, written into a new folder (`dir`,
 * also fit for the server's data), with the voice chunk "Call us" loads beside it.
 */
export async function widgetBuild(prefix: string): Promise<{ dir: string; widgetFile: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const widgetFile = path.join(dir, 'widget.js');
  const [widget, voice] = await Promise.all([buildWidget({ write: false }), buildWidgetVoice({ write: false })]);
  writeFileSync(widgetFile, widget!);
  writeFileSync(path.join(dir, 'widget-voice.js'), voice!);
  return { dir, widgetFile };
}

/**
 * A host page whose CSS tries hard to break whatever it can reach, embedding the widget with
 * the one-tag snippet (plus `scriptAttributes`); the widget's `events` are recorded in
 * `window.widgetEvents` as `{ name, detail }`.
 */
const hostPage = (
  server: string,
  { dir = 'ltr', lang = 'en-GB', scriptAttributes = '', events }: HostPageOptions,
) => `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo store</title>
<style>
  html { font-size: 10px; }
  * { font-family: "Comic Sans MS", cursive !important; color: #c00 !important; line-height: 3 !important;
      letter-spacing: 2px !important; text-transform: uppercase !important; box-sizing: content-box !important; }
  button { background: yellow !important; border: 5px solid green !important; padding: 30px !important; }
  div, section, p { margin: 20px !important; }
  body { margin: 0; padding: 24px; background: #f7f4ee; }
  main { max-width: 640px; }
</style>
</head>
<body>
<main>
  <h1>Demo store</h1>
  <p>Fine goods, delivered.</p>
  <button class="page-button" type="button">A page button</button>
</main>
<script>
  window.widgetEvents = [];
  for (const name of ${JSON.stringify(events)}) {
    document.addEventListener(name, (e) => window.widgetEvents.push({ name, detail: e.detail }));
  }
</script>
<script src="${server}/widget.js" data-config="${DEMO_WIDGET_ID}" ${scriptAttributes} defer></script>
</body>
</html>`;

interface HostPageOptions {
  readonly dir?: 'ltr' | 'rtl';
  readonly lang?: string;
  readonly scriptAttributes?: string;
  /** The widget's DOM events to record. */
  readonly events: readonly string[];
}

export interface DemoStore {
  readonly site: StaticSite;
  readonly world: ChatWorld;
  close(): Promise<void>;
}

const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;

/**
 * The demo store on another origin (a static site, as a customer's site would be) embedding
 * the widget built from the current sources, served with the real server (SQLite) whose demo
 * widget allows that origin and takes `widget`'s changes. `/` passes the contact attribute
 * page=/pricing; `/rtl` is Arabic, right to left, with `strings` replaced.
 */
export async function demoStore(opts: {
  /** Of the temp folder holding the widget and the server's data. */
  readonly tmpPrefix: string;
  readonly events: readonly string[];
  readonly strings: Readonly<Record<string, string>>;
  readonly widget?: Partial<WidgetConfig>;
  /** More of the server's options (the CCP's build, for a journey across the widget and the desktop). */
  readonly server?: Partial<StartOptions>;
}): Promise<DemoStore> {
  const files: SiteFiles = {};
  const site = await startStaticSite(files);
  const demoWidget = demoConfig.widgets[0]!;
  const config = { ...demoConfig, widgets: [{ ...demoWidget, allowedOrigins: [site.origin], ...opts.widget }] };
  const { dir, widgetFile } = await widgetBuild(opts.tmpPrefix);
  const world = await chatWorld(sqlite, { config, widgetFile, dataDir: dir, ...opts.server });
  const server = world.server.url;
  files['/'] = [
    'text/html; charset=utf-8',
    hostPage(server, { events: opts.events, scriptAttributes: `data-contact-attributes='{"page":"/pricing"}'` }),
  ];
  const strings = JSON.stringify(opts.strings).replace(/'/g, '&#39;');
  files['/rtl'] = [
    'text/html; charset=utf-8',
    hostPage(server, { dir: 'rtl', lang: 'ar', events: opts.events, scriptAttributes: `data-strings='${strings}'` }),
  ];
  return {
    site,
    world,
    async close() {
      await world.close();
      await site.close();
    },
  };
}

let n = 0;
/** Saves `<nn>-<name>-<width>.png` into SHOTS, at the page's current viewport. */
export async function shot(page: Page, name: string): Promise<string> {
  const w = page.viewportSize()?.width ?? 0;
  const file = path.join(SHOTS, `${String(++n).padStart(2, '0')}-${name}-${w}.png`);
  // Animations (the panel rising, typing dots) settle first.
  await page.waitForTimeout(250);
  await page.screenshot({ path: file });
  return file;
}

/** The state at desktop size and at phone size (then back to desktop). */
export async function shotBoth(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await shot(page, name);
  await page.setViewportSize(PHONE);
  await shot(page, name);
  await page.setViewportSize(DESKTOP);
}

/** axe-core in the page: no serious or critical violation. */
export const axe = (page: Page, state: string): Promise<void> => expectNoSeriousAxeViolations(page, `the ${state} state`);

/**
 * `window.hears(tones)`, for a page script that has `TONES` (the frequencies it measures),
 * `ctx` (its AudioContext) and `analyser` (the AnalyserNode everything heard goes into;
 * unset until a track arrives): waits until the page hears exactly `tones`, two 300 ms
 * windows in a row; answers `{ ok: false, levels }` after `timeoutMs`.
 */
export const HEARS = `  const levels = async (ms) => {
    const data = new Float32Array(analyser.frequencyBinCount);
    const hz = ctx.sampleRate / analyser.fftSize;
    const best = Object.fromEntries(TONES.map((f) => [f, -200]));
    const end = performance.now() + ms;
    while (performance.now() < end) {
      analyser.getFloatFrequencyData(data);
      for (const f of TONES) {
        const k = Math.round(f / hz);
        for (let i = k - 2; i <= k + 2; i++) if (data[i] > best[f]) best[f] = data[i];
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    return best;
  };
  window.hears = async (tones, timeoutMs = 15000) => {
    const want = [...tones].sort((x, y) => x - y).join(',');
    const end = performance.now() + timeoutMs;
    const seen = [];
    let stable = 0;
    while (performance.now() < end) {
      if (!analyser) { await new Promise((r) => setTimeout(r, 100)); continue; }
      const l = await levels(300);
      seen.push(l);
      if (seen.length > 3) seen.shift();
      stable = TONES.filter((f) => l[f] > -75).join(',') === want ? stable + 1 : 0;
      if (stable >= 2) return { ok: true };
    }
    return { ok: false, levels: seen };
  };`;

/**
 * In the customer's page before the widget: the microphone without voice processing (a pure
 * tone is what noise suppression removes), and what the page hears — every received track
 * mixed into one AnalyserNode — with `hears(tones)` as the voice test page has it.
 */
export const HEARING = `(() => {
  const TONES = [440, 660, 1000, 1800];
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (c) =>
    gum(c && c.audio ? { ...c, audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } } : c);
  let ctx, analyser;
  const Pc = window.RTCPeerConnection;
  window.RTCPeerConnection = function (...a) {
    const pc = new Pc(...a);
    pc.addEventListener('track', (e) => {
      ctx ??= new AudioContext();
      if (!analyser) {
        analyser = ctx.createAnalyser();
        analyser.fftSize = 4096;
        analyser.smoothingTimeConstant = 0;
      }
      ctx.createMediaStreamSource(new MediaStream([e.track])).connect(analyser);
      void ctx.resume();
    });
    return pc;
  };
  window.RTCPeerConnection.prototype = Pc.prototype;
${HEARS}
})();`;

/** A customer's call from the demo store, and the agent who answers it (callWorld). */
export interface CallWorld {
  readonly store: DemoStore;
  /** The customer's Chromium: its fake microphone plays 440 Hz. */
  readonly browser: Browser;
  /** The customer's page on the demo store, hearing (HEARING): `customerHears`. */
  readonly page: Page;
  /** Alice over the agent API (Available), and her voice page at 1,000 Hz. */
  readonly alice: AgentSocket;
  readonly agent: VoicePage;
  readonly problems: string[];
  customerHears(tones: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The widget's call tests' world: the demo store (demoStore with these options), the
 * customer's browser with a fake microphone at 440 Hz and a page on the store that hears
 * (HEARING, then `initScripts`), alice signed in and Available, and her voice page at
 * 1,000 Hz (packages/voice/test/voice-pages.ts).
 */
export async function callWorld(
  opts: Parameters<typeof demoStore>[0] & { readonly initScripts?: readonly string[] },
): Promise<CallWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), opts.tmpPrefix));
  const [store, voiceSite] = await Promise.all([demoStore(opts), startVoiceSite()]);
  const wav = writeToneWav(path.join(dir, 'customer.wav'), TONE.customer);
  const problems: string[] = [];
  const [browser, opened] = await Promise.all([
    launchChromium(chromium, [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ]),
    openVoicePages(dir, voiceSite, { agent: TONE.agentA }, problems),
  ]);
  const alice = await store.world.agent('alice');
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  collectProblems(page, 'customer', problems);
  await page.addInitScript(HEARING);
  for (const script of opts.initScripts ?? []) await page.addInitScript(script);
  await page.goto(`${store.site.origin}/`);
  return {
    store,
    browser,
    page,
    alice,
    agent: opened.pages.agent,
    problems,
    async customerHears(tones) {
      const r = await page.evaluate((t) => (window as unknown as { hears(t: number[]): Promise<unknown> }).hears(t), [...tones]);
      expect(r, `the customer should hear exactly [${tones}]: ${JSON.stringify(r)}`).toEqual({ ok: true });
    },
    async close() {
      await browser.close();
      await opened.close();
      await store.close();
      await voiceSite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
