/**
 * axe-core in a page, for every browser test that judges a screen: evaluated through the
 * devtools protocol (pages with a strict CSP, such as the CCP, refuse inline scripts), and
 * no serious or critical violation allowed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/** Runs axe on the whole page; `what` names the screen or state in the failure message. */
export async function expectNoSeriousAxeViolations(page: Page, what: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations: Violation[] = await page.evaluate(async () => {
    const r = await (
      globalThis as unknown as {
        axe: {
          run: (
            ctx: unknown,
            o: unknown,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((x) => JSON.stringify(x.target)).slice(0, 5),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `axe: ${what}`).toEqual([]);
}
