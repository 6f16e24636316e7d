/**
 * Pages that call with real audio (shared/spec/voice-webrtc.md §2), for the Chromium voice
 * tests: one headless Chromium per party, its fake microphone playing the party's tone (a
 * WAV written here), on the test page (fixtures/voice-page.html, served from a real origin
 * with `@switchboard/voice`'s browser build). Each page mixes what it receives into an
 * AnalyserNode; `hears` waits in the page until it hears exactly the given tones.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { type StaticSite, startStaticSite } from '../../server/test/static-site.js';
import { buildVoiceIife } from '../build-iife.mjs';
import { writeToneWav } from './tones.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The tones the test page listens for (Hz): the customer's, the hold music's, two agents'. */
export const TONE = { customer: 440, holdMusic: 660, agentA: 1000, agentB: 1800 } as const;

/** One party's page. */
export interface VoicePage {
  readonly page: Page;
  /** Joins a call: `@switchboard/voice` with this signalling URL and token; resolves with the call's state. */
  start(url: string, token: string): Promise<unknown>;
  /** Waits until the page hears exactly `tones` (two 300 ms windows in a row); fails with the levels it heard. */
  hears(tones: readonly number[]): Promise<void>;
  /** Calls a method of the page's harness (`hangUp`, `sendDigits`, `mute`, `stats`). */
  call(method: string, ...args: unknown[]): Promise<unknown>;
  /** The page's call state (`connected`, `ended`…). */
  state(): Promise<string>;
  /** Waits until the page's call has ended. */
  ended(timeoutMs?: number): Promise<void>;
}

/** Serves the test page and the client's browser build. */
export async function startVoiceSite(): Promise<StaticSite> {
  return startStaticSite({
    '/': ['text/html; charset=utf-8', readFileSync(path.join(here, 'fixtures', 'voice-page.html'))],
    '/switchboard-voice.js': ['text/javascript; charset=utf-8', (await buildVoiceIife({ write: false })) ?? ''],
  });
}

/** The page's harness, `window.t` (the functions below run in the page: they name it themselves). */
type Harness = Record<string, (...x: unknown[]) => unknown> & { call?: { state: string } };

/**
 * One Chromium per party (the fake microphone is a browser-wide flag), each on the test
 * page; page errors are collected into `errors`. `close` closes the browsers.
 */
export async function openVoicePages<W extends string>(
  dir: string,
  site: StaticSite,
  tones: Readonly<Record<W, number>>,
  errors: string[],
): Promise<{ readonly pages: Record<W, VoicePage>; close(): Promise<void> }> {
  const browsers: Browser[] = [];
  const pages = {} as Record<W, VoicePage>;
  await Promise.all(
    (Object.keys(tones) as W[]).map(async (who) => {
      const wav = writeToneWav(path.join(dir, `${who}.wav`), tones[who]);
      const browser = await launchChromium(chromium, [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${wav}`,
        '--autoplay-policy=no-user-gesture-required',
      ]);
      browsers.push(browser);
      const page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(`${who}: ${e}`));
      await page.goto(`${site.origin}/`);
      pages[who] = voicePage(who, page);
    }),
  );
  return {
    pages,
    close: async () => {
      await Promise.all(browsers.map((b) => b.close()));
    },
  };
}

function voicePage(who: string, page: Page): VoicePage {
  const call = (method: string, ...args: unknown[]) =>
    page.evaluate(([m, a]) => (globalThis as unknown as { t: Harness }).t[m as string]?.(...(a as unknown[])), [
      method,
      args,
    ] as const);
  return {
    page,
    start: (url, token) => call('start', url, token),
    call,
    async hears(tones) {
      const r = await page.evaluate((t) => (globalThis as unknown as { t: Harness }).t.hears?.(t), [...tones]);
      expect(r, `${who} should hear exactly [${tones}]: ${JSON.stringify(r)}`).toEqual({ ok: true });
    },
    state: () => page.evaluate(() => (globalThis as unknown as { t: Harness }).t.call?.state ?? 'none'),
    async ended(timeoutMs = 10_000) {
      await page.waitForFunction(() => (globalThis as unknown as { t: Harness }).t.call?.state === 'ended', null, {
        timeout: timeoutMs,
      });
    },
  };
}
