/**
 * Browser helpers for the CCP's tests: Chromium (the machine's, never a download), a
 * screenshot of every step into one folder, and axe-core run in the page.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { expectNoSeriousAxeViolations } from '../../server/test/axe.js';

export const SHOTS = path.join(tmpdir(), 'switchboard-ccp-shots');

export function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return launchChromium(chromium);
}

let n = 0;
/** Saves `<nn>-<name>.png` into SHOTS. */
export async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(SHOTS, `${String(++n).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** axe-core in the page: no serious or critical violation. */
export const axe = (page: Page, screen: string): Promise<void> => expectNoSeriousAxeViolations(page, `the ${screen} screen`);
