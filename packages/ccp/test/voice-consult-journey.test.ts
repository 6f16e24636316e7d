/**
 * Issue 23's web call end to end, in Chromium against the real server (SQLite, the demo
 * instance) serving the widget and the CCP built from the current sources. Three browsers,
 * each with a fake microphone playing its own tone: the customer on the demo store's page
 * (440 Hz), alice's desktop (1,000 Hz), bob's desktop (1,800 Hz); each page measures what
 * it plays (an AnalyserNode) and must hear exactly the expected tones.
 *
 * The customer calls from the widget ("Call us"); alice accepts in her CCP: each hears the
 * other. Hold → the customer hears the hold music (660 Hz) and not alice; Resume. The
 * customer's keypad 1 5 9 # → alice's call view shows the digits, in order; alice's keypad
 * 4 2 are recorded after them, as hers. Consult bob
 * (the quick connect "Bob Brown"): the customer hears the hold music, alice and bob hear
 * each other; Swap; Join all → all three hear the other two. Alice leaves the call (after
 * contact work for her): bob and the customer still hear each other. Bob hangs up: the
 * widget says the call ended, bob's after contact work, Close contact. Screenshots of the
 * consult, the conference and bob's view (also 320 × 460 and dark) go to the folder the
 * other CCP journeys use; axe-core checks each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TONE } from '../../voice/test/voice-pages.js';
import { collectProblems, type DemoStore, demoStore, HEARING, text } from '../../widget/test/browser.js';
import { ccpBuild } from './build.js';
import { desktopBrowser, desktopHears, toneBrowser } from './desktop-audio.js';
import { SHOTS, screens, shot, signIn, WatchedPages } from './ui.js';

const W = 'switchboard-chat';
const CALLER = 'Jane Caller';

describe('a web call from the widget: hold, keys, consult, conference, hand-over (issue 23)', { timeout: 90_000 }, () => {
  let dir: string;
  let store: DemoStore;
  let ccpUrl: string;
  const browsers: Browser[] = [];
  let customer: Page;
  let alice: Page;
  let bob: Page;
  const problems: string[] = [];
  const pages = new WatchedPages();

  const widget = () => customer.locator(W);
  const callTitle = () => widget().locator('#call-title');
  const customerHears = async (tones: number[]) => {
    const r = await customer.evaluate((t) => (window as unknown as { hears(t: number[]): Promise<unknown> }).hears(t), tones);
    expect(r, `the customer should hear exactly [${tones}]: ${JSON.stringify(r)}`).toEqual({ ok: true });
  };
  /** Everyone at once: what the customer, alice and bob each hear. */
  const hearing = (c: number[], a: number[] | undefined, b: number[] | undefined) =>
    Promise.all([customerHears(c), a ? desktopHears(alice, a) : undefined, b ? desktopHears(bob, b) : undefined]);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-ccp-consult-'));
    store = await demoStore({
      tmpPrefix: 'sb-ccp-consult-',
      events: [],
      strings: {},
      server: { ccpDir: await ccpBuild() },
    });
    ccpUrl = `${store.world.server.url}/ccp/`;
    const [customerBrowser, a, b] = await Promise.all([
      toneBrowser(dir, 'customer', TONE.customer),
      desktopBrowser(dir, 'alice', TONE.agentA),
      desktopBrowser(dir, 'bob', TONE.agentB),
    ]);
    browsers.push(customerBrowser, a.browser, b.browser);
    customer = await customerBrowser.newPage({ viewport: { width: 1280, height: 800 } });
    collectProblems(customer, 'customer', problems);
    await customer.addInitScript(HEARING);
    alice = pages.watch(await a.context.newPage(), 'alice');
    bob = pages.watch(await b.context.newPage(), 'bob');
    console.log(`CCP screenshots: ${SHOTS}`);
  }, 90_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
    expect(pages.problems).toEqual([]);
  });

  it('the customer calls from the widget; alice accepts in her desktop: each hears the other', async () => {
    await signIn(alice, ccpUrl, 'alice');
    await alice.getByLabel('Status').selectOption({ label: 'Available' });
    await customer.goto(`${store.site.origin}/`);
    await widget().locator('.launcher').click();
    await widget().locator('#f-name').fill(CALLER);
    await widget().locator('button.call-us').click();
    await alice.getByRole('article', { name: `Incoming call from ${CALLER}` }).waitFor({ timeout: 15_000 });
    // Waiting in the queue, the customer hears the hold music.
    await customerHears([TONE.holdMusic]);
    await alice.getByRole('button', { name: 'Accept' }).click();
    await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await expect.poll(() => text(callTitle()), { timeout: 10_000 }).toBe('Connected');
    await hearing([TONE.agentA], [TONE.customer], undefined);
  });

  it('hold: the customer hears the hold music and not alice; resume', async () => {
    await alice.getByRole('button', { name: 'Hold', exact: true }).click();
    await alice.getByRole('status').filter({ hasText: 'On hold' }).waitFor();
    await hearing([TONE.holdMusic], [], undefined);
    await alice.getByRole('button', { name: 'Resume', exact: true }).click();
    await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await hearing([TONE.agentA], [TONE.customer], undefined);
  });

  it("the customer's keypad 1 5 9 # reaches alice's call view in order", async () => {
    await widget().locator('.call-controls button', { hasText: 'Keypad' }).click();
    for (const k of ['1', '5', '9', '#']) {
      await widget().locator('.keypad .key', { hasText: k }).click();
      await customer.waitForTimeout(250);
    }
    await expect.poll(() => alice.locator('.sb-call__digits').textContent(), { timeout: 10_000 }).toBe('159#');
    await widget().locator('.call-controls button', { hasText: 'Keypad' }).click();
  });

  it("alice's keypad: 4 2 play on her leg and are recorded as her digits (voice.dtmf with her connection)", async () => {
    await alice.getByRole('button', { name: 'Keypad' }).click();
    const keys = alice.getByRole('group', { name: 'Keys to send' });
    await keys.getByRole('button', { name: '4', exact: true }).click();
    await customer.waitForTimeout(250);
    await keys.getByRole('button', { name: '2', exact: true }).click();
    await keys.getByText('Sent: 42').waitFor();
    await screens(alice, 'call-agent-keypad', 'agent keypad');
    const server = store.world.server;
    await expect
      .poll(
        async () =>
          (await server.store.events.list(server.instance.id, 0, 10_000))
            .filter((e) => e.type === 'voice.dtmf')
            .map((e) => JSON.parse(e.body) as { participantId: string; digit: string })
            .map((e) => e.digit)
            .join(''),
        { timeout: 10_000 },
      )
      .toBe('159#42');
    await alice.getByRole('button', { name: 'Keypad' }).click();
  });

  it('consult bob: the customer hears the hold music, alice and bob hear each other; swap', async () => {
    await signIn(bob, ccpUrl, 'bob');
    await bob.getByLabel('Status').selectOption({ label: 'Available' });
    await alice.getByRole('button', { name: 'Consult', exact: true }).click();
    const dialog = alice.getByRole('dialog', { name: 'Consult a colleague or a queue' });
    await dialog.getByRole('button', { name: /Bob Brown/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const parties = alice.getByRole('region', { name: 'On the call' });
    await parties.getByText('Ringing…').waitFor();
    await shot(alice, 'call-consult-ringing');

    await bob.getByRole('article', { name: `Incoming call from ${CALLER}` }).waitFor({ timeout: 15_000 });
    await bob.getByRole('button', { name: 'Accept' }).click();
    await bob.getByText('A colleague called you into this call.', { exact: false }).waitFor();
    await parties.getByText('Talking').waitFor();
    await hearing([TONE.holdMusic], [TONE.agentB], [TONE.agentA]);
    await screens(alice, 'call-consulting', 'consulting');
    await screens(bob, 'call-called-in', 'called-in call');

    // Swap: alice talks to the customer, bob hears the hold music; and back.
    await alice.getByRole('button', { name: 'Swap' }).click();
    await parties.getByText('On hold').waitFor();
    await hearing([TONE.agentA], [TONE.customer], [TONE.holdMusic]);
    await alice.getByRole('button', { name: 'Swap' }).click();
    await hearing([TONE.holdMusic], [TONE.agentB], [TONE.agentA]);
  });

  it('join all: each of the three hears the other two', async () => {
    await alice.getByRole('button', { name: 'Join all' }).click();
    await expect.poll(() => alice.getByRole('region', { name: 'On the call' }).getByText('Talking').count()).toBe(2);
    await expect.poll(() => text(callTitle()), { timeout: 10_000 }).toBe('Connected');
    await hearing([TONE.agentA, TONE.agentB], [TONE.customer, TONE.agentB], [TONE.customer, TONE.agentA]);
    await screens(alice, 'call-conference', 'conference');
  });

  it('alice leaves: her after contact work; bob and the customer still hear each other', async () => {
    const leave = alice.getByRole('button', { name: 'Leave call' });
    expect(await leave.getAttribute('title')).toBe('The customer stays on the line with the colleague you called');
    await leave.click();
    await alice.getByRole('heading', { name: 'After contact work' }).waitFor();
    await hearing([TONE.agentB], undefined, [TONE.customer]);
    // The call is bob's now: no colleague's note, his own hold button.
    await bob.getByRole('button', { name: 'Hold', exact: true }).waitFor();
    expect(await bob.getByText('A colleague called you into this call.', { exact: false }).count()).toBe(0);
    await shot(bob, 'call-handed-over');
    await alice.getByRole('radio', { name: 'Resolved' }).check();
    await alice.getByRole('button', { name: 'Close contact' }).click();
    await alice.getByRole('heading', { name: 'No open contacts' }).waitFor();
  });

  it('bob hangs up: the widget says the call ended; after contact work, Close contact', async () => {
    await bob.getByRole('button', { name: 'Hang up' }).click();
    await bob.getByRole('heading', { name: 'After contact work' }).waitFor();
    await expect.poll(() => text(callTitle()), { timeout: 10_000 }).toBe('Call ended');
    await bob.getByRole('radio', { name: 'Resolved' }).check();
    await shot(bob, 'call-bob-acw');
    await bob.getByRole('button', { name: 'Close contact' }).click();
    await bob.getByRole('heading', { name: 'No open contacts' }).waitFor();
  });
});
