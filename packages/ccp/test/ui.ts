/**
 * Browser helpers for the CCP's tests: Chromium (the machine's, never a download), pages
 * watched for errors, signing in, a screenshot of every step into one folder, and axe-core
 * run in the page.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '@switchboard/core';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { expectNoSeriousAxeViolations } from '../../server/test/axe.js';

export const SHOTS = path.join(tmpdir(), 'switchboard-ccp-shots');

export function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  console.log(`CCP screenshots: ${SHOTS}`);
  return launchChromium(chromium);
}

/**
 * The pages of a test file, watched: their page errors are kept in `problems` (the last step
 * expects none), and page and console errors are printed as they come, so a failing step
 * says why. Console errors matching `expected` (what the test provokes) are not printed.
 */
export class WatchedPages {
  readonly problems: string[] = [];
  constructor(private readonly expected: RegExp = /Failed to load resource/) {}

  watch(page: Page, who: string): Page {
    page.on('pageerror', (e) => {
      this.problems.push(`${who}: ${String(e)}`);
      console.error(`[${who}] page error: ${String(e)}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && !this.expected.test(m.text())) console.error(`[${who}] console: ${m.text()}`);
    });
    return page;
  }

  /** A new browser context (someone else: storage of their own) and a watched page in it. */
  async open(browser: Browser, who: string, options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    return { context, page: this.watch(await context.newPage(), who) };
  }
}

/** Signs a demo agent in to the desktop at `ccpUrl`; resolves once the status picker shows. */
export async function signIn(page: Page, ccpUrl: string, username: string): Promise<void> {
  await page.goto(ccpUrl);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Status', { exact: true }).waitFor();
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

/**
 * The screen as a CRM's iframe often holds it (320 × 460), light then dark: a screenshot and
 * axe each. Leaves the page narrow and dark.
 */
export async function narrowLightAndDark(page: Page, name: string, screen: string): Promise<void> {
  await page.setViewportSize({ width: 320, height: 460 });
  await shot(page, `${name}-320x460`);
  await axe(page, `${screen} (320 × 460)`);
  await page.getByRole('button', { name: 'Switch between light and dark' }).click();
  await shot(page, `${name}-320x460-dark`);
  await axe(page, `${screen} (dark)`);
}

/**
 * A step's screen: a shot at the page's size, axe (unless `checkAxe` is false), then
 * 320 × 460 light and dark, and back to 1000 × 720 and light.
 */
export async function screens(page: Page, name: string, screen: string, checkAxe = true): Promise<void> {
  await shot(page, name);
  if (checkAxe) await axe(page, screen);
  await narrowLightAndDark(page, name, screen);
  await page.getByRole('button', { name: 'Switch between light and dark' }).click();
  await page.setViewportSize({ width: 1000, height: 720 });
}
