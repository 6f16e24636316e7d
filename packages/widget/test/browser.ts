/**
 * Browser helpers for the widget's tests: Chromium (the machine's, never a download), a
 * screenshot of each state into one folder, and axe-core run in the page (evaluated, not
 * injected as a script tag: the host page's CSP need not allow it).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { expectNoSeriousAxeViolations } from '../../server/test/axe.js';

export const SHOTS = path.join(tmpdir(), 'switchboard-widget-shots');

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export function launch(): Promise<Browser> {
  rmSync(SHOTS, { recursive: true, force: true }); // this run's screenshots only
  mkdirSync(SHOTS, { recursive: true });
  return launchChromium(chromium);
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
