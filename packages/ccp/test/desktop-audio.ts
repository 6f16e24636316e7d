/** What a CCP page plays on a call, measured in the page (the browser voice tests' `hears`, for the desktop). */
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Frame, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { writeToneWav } from '../../voice/test/tones.js';
import { TONE } from '../../voice/test/voice-pages.js';

/**
 * In a desktop page: waits until its call audio plays exactly `tones` (two 300 ms windows in
 * a row), like the voice test page's `hears`; answers the levels it heard if not. The call
 * audio is the CCP's `<audio>` elements, or with `sdkContactId` the remote tracks
 * `@switchboard/streams`' softphone hands out for that call
 * (`voiceConnection.getMediaController()`, one per line) on a page that runs it.
 */
export async function desktopHears(
  page: Page | Frame,
  tones: readonly number[],
  timeoutMs = 15_000,
  sdkContactId?: string,
): Promise<void> {
  const r = await page.evaluate(
    async ([want, timeout, all, contactId]) => {
      type Media = { tracks: MediaStreamTrack[] } | null;
      type W = typeof globalThis & {
        __sbAnalyser?: { ctx: AudioContext; a: AnalyserNode; seen: Set<string> };
        connect?: { Contact: new (id: string) => { getAgentConnection(): { getMediaController(): Promise<Media> } } };
      };
      const g = globalThis as W;
      if (!g.__sbAnalyser) {
        const ctx = new AudioContext();
        const a = ctx.createAnalyser();
        a.fftSize = 4096;
        a.smoothingTimeConstant = 0;
        g.__sbAnalyser = { ctx, a, seen: new Set() };
      }
      const { ctx, a, seen } = g.__sbAnalyser;
      await ctx.resume();
      /** The page's call audio, as it is now: the softphone's `<audio>` elements, or the SDK's tracks. */
      const streams = async (): Promise<MediaStream[]> => {
        if (!contactId) {
          return [...document.querySelectorAll('audio.sb-call-audio')]
            .map((el) => (el as HTMLAudioElement).srcObject as MediaStream | null)
            .filter((x): x is MediaStream => x !== null);
        }
        const media = await new g.connect!.Contact(contactId).getAgentConnection().getMediaController();
        return (media?.tracks ?? []).map((t) => new MediaStream([t]));
      };
      const idOf = (m: MediaStream) => (contactId ? (m.getTracks()[0]?.id ?? m.id) : m.id);
      const wanted = [...want].sort((x, y) => x - y).join(',');
      const data = new Float32Array(a.frequencyBinCount);
      const hz = ctx.sampleRate / a.fftSize;
      const end = performance.now() + timeout;
      let stable = 0;
      let last: Record<number, number> = {};
      let lines = 0;
      while (performance.now() < end) {
        const now = await streams();
        lines = now.length;
        for (const m of now) {
          if (seen.has(idOf(m))) continue;
          seen.add(idOf(m));
          ctx.createMediaStreamSource(m).connect(a);
        }
        const best = Object.fromEntries(all.map((f) => [f, -200])) as Record<number, number>;
        const windowEnd = performance.now() + 300;
        while (performance.now() < windowEnd) {
          a.getFloatFrequencyData(data);
          for (const f of all) {
            const k = Math.round(f / hz);
            for (let i = k - 2; i <= k + 2; i++) if ((data[i] ?? -200) > (best[f] ?? -200)) best[f] = data[i] ?? -200;
          }
          await new Promise((res) => setTimeout(res, 40));
        }
        last = best;
        const got = all.filter((f) => (best[f] ?? -200) > -75).join(',');
        stable = got === wanted ? stable + 1 : 0;
        if (stable >= 2) return { ok: true };
      }
      return { ok: false, levels: last, lines };
    },
    [tones, timeoutMs, [TONE.customer, TONE.holdMusic, TONE.agentA, TONE.agentB], sdkContactId] as const,
  );
  expect(r, `the desktop should play exactly [${tones}]: ${JSON.stringify(r)}`).toEqual({ ok: true });
}

/**
 * Pages of `context` open the microphone without echo cancellation, noise suppression and
 * gain control (their requests otherwise unchanged): a pure tone is what noise suppression
 * removes. Applies in every frame of the pages loaded from now on.
 */
export async function plainMicrophone(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const md = navigator.mediaDevices;
    if (!md?.getUserMedia) return;
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = (c?: MediaStreamConstraints) => {
      const plain = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
      return gum(c?.audio ? { ...c, audio: { ...(typeof c.audio === 'object' ? c.audio : {}), ...plain } } : c);
    };
  });
}

/**
 * A Chromium for one agent whose fake microphone plays `tone` (one browser per tone: the
 * flag is per process), and a context granted the microphone whose pages hear it as it is:
 * a pure tone is what the browser's noise suppression removes, so the desktop's requests
 * are made without it (otherwise unchanged).
 */
/** Chromium flags for a fake microphone playing `tone` (its WAV written in `dir`); the permission prompt answered. */
export function toneArgs(dir: string, who: string, tone: number): string[] {
  const wav = writeToneWav(path.join(dir, `${who}.wav`), tone);
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    '--autoplay-policy=no-user-gesture-required',
  ];
}

/** A Chromium whose fake microphone plays `tone` (a caller's). */
export function toneBrowser(dir: string, who: string, tone: number): Promise<Browser> {
  return launchChromium(chromium, toneArgs(dir, who, tone));
}

export async function desktopBrowser(
  dir: string,
  who: string,
  tone: number,
): Promise<{ browser: Browser; context: BrowserContext }> {
  const wav = writeToneWav(path.join(dir, `${who}.wav`), tone);
  const browser = await launchChromium(chromium, [
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    '--autoplay-policy=no-user-gesture-required',
  ]);
  const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, permissions: ['microphone'] });
  await plainMicrophone(context);
  return { browser, context };
}
