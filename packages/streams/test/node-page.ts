/**
 * The CRM page's scripts (packages/ccp/test/fixtures/crm-page: crm.js and tasks.js), run
 * headless in Node in a vm context over a `connect` of their own (`createConnect()`), as the
 * shared Streams journeys drive them (ccp/test/streams-journey.ts, streams-tasks-journey.ts).
 * Nothing but our own `connect` is on that "page": no chatjs, no taskjs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { PageEvent } from '../../ccp/test/crm.js';
import type { JourneyPage } from '../../ccp/test/streams-journey.js';
import type { Connect } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, '../../ccp/test/fixtures/crm-page', name), 'utf8');

/** crm.js and tasks.js, run in Node over a `connect` of their own: the page's `window.t`. */
export function nodePage(connect: Connect): { page: JourneyPage; t: Record<string, (...a: unknown[]) => unknown> } {
  const log = { textContent: '', scrollTop: 0, scrollHeight: 0 };
  const context = vm.createContext({
    connect,
    console,
    performance,
    setTimeout,
    clearTimeout,
    URL,
    document: { getElementById: () => log, querySelector: () => null },
    addEventListener: () => undefined,
  });
  vm.runInContext(fixture('crm.js'), context, { filename: 'crm.js' });
  vm.runInContext(fixture('tasks.js'), context, { filename: 'tasks.js' });
  const t = (context as { t: Record<string, (...a: unknown[]) => unknown> & { events: PageEvent[] } }).t;
  const events = async () => [...t.events];
  return {
    t,
    page: {
      call: async <T>(m: string, ...args: unknown[]) => (await t[m]!(...args)) as T,
      events,
      async waitFor(kind, pred = () => true, timeoutMs = 10_000) {
        const end = Date.now() + timeoutMs;
        for (;;) {
          const hit = t.events.find((e) => e.kind === kind && pred(e));
          if (hit) return hit;
          if (Date.now() > end) throw new Error(`timed out waiting for ${kind}; seen: ${t.events.map((e) => e.kind).join(', ')}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      shot: async () => undefined,
    },
  };
}
