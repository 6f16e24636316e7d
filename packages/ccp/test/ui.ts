/**
 * Browser helpers for the CCP's tests: Chromium (the machine's, never a download), a
 * screenshot of every step into one folder, and axe-core run in the page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';

export const SHOTS = path.join(tmpdir(), 'switchboard-ccp-shots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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
export async function axe(page: Page, screen: string): Promise<void> {
  // Evaluated through the devtools protocol: the CCP's CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await (
      globalThis as unknown as {
        axe: {
          run: (
            ctx: unknown,
            o: unknown,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, {
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((x) => x.target.join(' ')).slice(0, 5),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `axe on the ${screen} screen`).toEqual([]);
}
