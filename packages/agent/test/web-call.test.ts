/**
 * The Task class answering a web call in Chromium, against the real server (SQLite, the
 * demo instance) and the demo store's widget built from the current sources. Three
 * browsers, each with a fake microphone playing its own tone: the customer on the demo store
 * (440 Hz), alice (1,000 Hz) and bob (1,800 Hz), whose pages run `@switchboard/agent`'s
 * browser bundle (built here with esbuild) on the server's origin. An agent page hears only
 * the tracks `task:media` handed on; the customer's page hears what it receives.
 *
 * The customer calls; alice's task rings, she accepts: she hears the customer's tone through
 * `task:media`, the customer hears her. Mute and unmute; hold (the customer hears the hold
 * music) and resume; pausing the recording is refused in words (calls are not recorded
 * here). Consult bob: his task is offered as a consult, he accepts; the customer hears the
 * hold music while alice and bob talk. Conference: all three hear the other two. Alice
 * transfers the conference to bob and wraps up; bob and the customer hear each other; bob
 * transfers the call blind to alice, who accepts and hears the customer again, ends it and
 * wraps up. Every task's events are checked in order.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_BUILD_OPTIONS } from '../../../scripts/browser-build.mjs';
import { desktopBrowser, toneBrowser } from '../../ccp/test/desktop-audio.js';
import { TONE } from '../../voice/test/voice-pages.js';
import { collectProblems, type DemoStore, demoStore, HEARING, HEARS } from '../../widget/test/browser.js';

const W = 'switchboard-chat';

/** The agent page's script: what it hears (task:media tracks only), its tasks' events, and actions. */
const PAGE_SCRIPT = `
const TONES = [440, 660, 1000, 1800];
let ctx, analyser;
window.log = [];
window.tasks = [];
function listen(track) {
  ctx ??= new AudioContext();
  if (!analyser) { analyser = ctx.createAnalyser(); analyser.fftSize = 4096; analyser.smoothingTimeConstant = 0; }
  const stream = new MediaStream([track]);
  // Chromium plays a remote WebRTC track into WebAudio only while a media element plays it too.
  const el = new Audio(); el.srcObject = stream; el.muted = true; void el.play().catch(() => {});
  ctx.createMediaStreamSource(stream).connect(analyser);
  void ctx.resume();
}
${HEARS}
function follow(task, how) {
  window.tasks.push(task);
  window.log.push(how + ' ' + task.id);
  for (const ev of Object.values(SwitchboardAgent.TASK_EVENTS)) {
    if (ev === 'task:media') continue;
    task.on(ev, (x) => window.log.push(ev + ' ' + task.id + (ev === 'task:rejected' ? ' ' + x : '')));
  }
  task.on('task:media', (track) => { window.mediaTracks = (window.mediaTracks || 0) + 1; listen(track); });
}
window.signIn = async (username, password) => {
  const center = await SwitchboardAgent.ContactCenter.signIn({
    endpoint: location.origin, username, password, log: (m) => window.log.push('client ' + m),
    microphone: async () => (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0],
  });
  window.center = center;
  center.on('task:incoming', (t) => follow(t, 'incoming'));
  center.on('task:hydrate', (t) => follow(t, 'hydrate'));
  center.on('error', (e) => window.log.push('error ' + e.message));
  await center.setAgentState('Available');
  return center.agentState;
};
/** Runs a method of the newest task (or task i): its data's state, or the error's type and message. */
window.act = async (method, arg, i) => {
  const task = window.tasks[i ?? window.tasks.length - 1];
  try {
    const d = await task[method](arg);
    return { state: d.state, isHold: d.isHold, isMuted: d.isMuted, conference: d.isConferenceInProgress, wrapUpRequired: d.wrapUpRequired, consulted: d.isConsulted };
  } catch (e) {
    return { error: { name: e.name, type: e.type, operation: e.operation, message: e.message } };
  }
};
window.codeId = async (name) => (await window.center.getWrapUpCodes()).find((c) => c.name === name).id;
`;
const AGENT_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Task class</title>
<script src="assets/switchboard-agent.js"></script><script src="assets/page.js"></script></head><body></body></html>`;

describe('the Task class in Chromium: a web call answered, held, consulted, conferenced, transferred and wrapped up', {
  timeout: 120_000,
}, () => {
  let dir: string;
  let store: DemoStore;
  const browsers: Browser[] = [];
  let customer: Page;
  let alice: Page;
  let bob: Page;
  const problems: string[] = [];

  const customerHears = async (tones: number[]) => {
    const r = await customer.evaluate((t) => (window as unknown as { hears(t: number[]): Promise<unknown> }).hears(t), tones);
    expect(r, `the customer should hear exactly [${tones}]: ${JSON.stringify(r)}`).toEqual({ ok: true });
  };
  const agentHears = async (page: Page, who: string, tones: number[]) => {
    const r = await page.evaluate((t) => (window as unknown as { hears(t: number[]): Promise<unknown> }).hears(t), tones);
    expect(r, `${who} should hear exactly [${tones}] through task:media: ${JSON.stringify(r)}`).toEqual({ ok: true });
  };
  const hearing = (c: number[], a: number[] | undefined, b: number[] | undefined) =>
    Promise.all([customerHears(c), a ? agentHears(alice, 'alice', a) : undefined, b ? agentHears(bob, 'bob', b) : undefined]);
  type Acted = {
    state?: string;
    isHold?: boolean;
    isMuted?: boolean;
    conference?: boolean;
    wrapUpRequired?: boolean;
    consulted?: boolean;
    error?: { name: string; type: string; operation: string; message: string };
  };
  const act = (page: Page, method: string, arg?: unknown, i?: number): Promise<Acted> =>
    page.evaluate(([m, a, n]) => (window as unknown as { act(m: string, a: unknown, i?: number): Promise<Acted> }).act(m, a, n), [
      method,
      arg,
      i,
    ] as const);
  const log = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { log: string[] }).log);
  /** The page's log for one task id, without the id. */
  const eventsOf = (entries: string[], id: string) =>
    entries
      .filter((e) => e.split(' ')[1] === id)
      .map((e) =>
        e
          .split(' ')
          .filter((x) => x !== id)
          .join(' '),
      );
  const taskIds = (page: Page): Promise<string[]> =>
    page.evaluate(() => (window as unknown as { tasks: { id: string }[] }).tasks.map((t) => t.id));
  const waitLog = (page: Page, entry: string) =>
    page.waitForFunction((e) => (window as unknown as { log: string[] }).log.some((x) => x.startsWith(e)), entry, {
      timeout: 15_000,
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-agent-call-'));
    // The agent pages are served by the server itself (its /ccp/ folder, on its own origin:
    // the agent API, its websocket and the voice socket are same-origin there).
    const built = await build({
      ...BROWSER_BUILD_OPTIONS,
      entryPoints: [path.join(import.meta.dirname, '../src/index.ts')],
      globalName: 'SwitchboardAgent',
      write: false,
    });
    const bundle = built.outputFiles[0]!.text;
    const site = path.join(dir, 'site');
    mkdirSync(path.join(site, 'assets'), { recursive: true });
    writeFileSync(path.join(site, 'index.html'), AGENT_PAGE);
    writeFileSync(path.join(site, 'assets', 'page.js'), PAGE_SCRIPT);
    writeFileSync(path.join(site, 'assets', 'switchboard-agent.js'), bundle);
    store = await demoStore({ tmpPrefix: 'sb-agent-call-', events: [], strings: {}, server: { ccpDir: site } });
    const [customerBrowser, a, b] = await Promise.all([
      toneBrowser(dir, 'customer', TONE.customer),
      desktopBrowser(dir, 'alice', TONE.agentA),
      desktopBrowser(dir, 'bob', TONE.agentB),
    ]);
    browsers.push(customerBrowser, a.browser, b.browser);
    customer = await customerBrowser.newPage();
    collectProblems(customer, 'customer', problems);
    await customer.addInitScript(HEARING);
    const agentPage = async (context: typeof a.context, who: string) => {
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${who}: ${e}`));
      await page.goto(`${store.world.server.url}/ccp/`);
      return page;
    };
    [alice, bob] = await Promise.all([agentPage(a.context, 'alice'), agentPage(b.context, 'bob')]);
    console.log(`@switchboard/agent browser bundle: ${(bundle.length / 1024).toFixed(1)} KiB minified`);
  }, 120_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });

  it('alice signs in with the Task class and answers the customer’s web call: task:media carries the customer’s tone', async () => {
    const signedIn = await alice
      .evaluate(() =>
        (window as unknown as { signIn(u: string, p: string): Promise<string> }).signIn('alice', 'switchboard-demo'),
      )
      .catch(async (e) => `${e} ${JSON.stringify(await log(alice))}`);
    expect(signedIn).toBe('Available');
    await customer.goto(`${store.site.origin}/`);
    await customer.locator(W).locator('.launcher').click();
    await customer.locator(W).locator('#f-name').fill('Jane Caller');
    await customer.locator(W).locator('button.call-us').click();
    await waitLog(alice, 'incoming ');
    expect(await act(alice, 'accept')).toMatchObject({ state: 'connected' });
    await hearing([TONE.agentA], [TONE.customer], undefined);
    expect(await alice.evaluate(() => (window as unknown as { mediaTracks: number }).mediaTracks)).toBeGreaterThan(0);
  });

  it('mute and unmute; hold and resume; pausing an unrecorded call is refused in words', async () => {
    expect(await act(alice, 'toggleMute')).toMatchObject({ isMuted: true });
    await hearing([], [TONE.customer], undefined);
    expect(await act(alice, 'toggleMute')).toMatchObject({ isMuted: false });
    expect(await act(alice, 'hold')).toMatchObject({ state: 'held', isHold: true });
    await hearing([TONE.holdMusic], [], undefined);
    expect(await act(alice, 'resume')).toMatchObject({ state: 'connected', isHold: false });
    await hearing([TONE.agentA], [TONE.customer], undefined);
    const refused = await act(alice, 'pauseRecording');
    expect(refused.error).toMatchObject({ name: 'TaskError', type: 'OperationRefused', operation: 'pauseRecording' });
    expect(refused.error?.message).toMatch(
      /^pauseRecording on task \S+ failed: pauseContactRecording: .+ \(InvalidStateException\)$/,
    );
  });

  it('alice consults bob: his task is a consult offer; once he accepts the two talk while the customer hears the hold music', async () => {
    await bob.evaluate(() =>
      (window as unknown as { signIn(u: string, p: string): Promise<string> }).signIn('bob', 'switchboard-demo'),
    );
    expect(await act(alice, 'consult', { to: 'bob', destinationType: 'agent' })).toMatchObject({ state: 'consulting' });
    await waitLog(bob, 'task:offerConsult ');
    expect(await act(bob, 'accept')).toMatchObject({ state: 'consulting', consulted: true });
    await waitLog(alice, 'task:consulting ');
    await hearing([TONE.holdMusic], [TONE.agentB], [TONE.agentA]);
  });

  it('conference: all three hear the other two', async () => {
    expect(await act(alice, 'consultConference')).toMatchObject({ state: 'conferencing', conference: true });
    await hearing([TONE.agentA, TONE.agentB], [TONE.customer, TONE.agentB], [TONE.customer, TONE.agentA]);
  });

  it('alice transfers the conference to bob and wraps up; bob and the customer talk on', async () => {
    expect(await act(alice, 'transferConference')).toMatchObject({ state: 'wrapUp', wrapUpRequired: true });
    const code = await alice.evaluate(() => (window as unknown as { codeId(n: string): Promise<string> }).codeId('Escalated'));
    expect(await act(alice, 'wrapup', { wrapUpReason: 'Handed to Bob', auxCodeId: code })).toMatchObject({ state: 'completed' });
    await hearing([TONE.agentB], undefined, [TONE.customer]);
  });

  it('bob transfers the call blind to alice, who accepts, hears the customer, ends and wraps up', async () => {
    expect(await act(bob, 'transfer', { to: 'alice', destinationType: 'agent' })).toMatchObject({ state: 'wrapUp' });
    await expect.poll(async () => (await taskIds(alice)).length, { timeout: 15_000 }).toBe(2);
    expect(await act(alice, 'accept')).toMatchObject({ state: 'connected' });
    await hearing([TONE.agentA], [TONE.customer], undefined);
    const bobCode = await bob.evaluate(() => (window as unknown as { codeId(n: string): Promise<string> }).codeId('Resolved'));
    expect(await act(bob, 'wrapup', { wrapUpReason: 'Resolved', auxCodeId: bobCode })).toMatchObject({ state: 'completed' });
    expect(await act(alice, 'end')).toMatchObject({ state: 'wrapUp', wrapUpRequired: true });
    const code = await alice.evaluate(() => (window as unknown as { codeId(n: string): Promise<string> }).codeId('Resolved'));
    expect(await act(alice, 'wrapup', { wrapUpReason: 'Resolved', auxCodeId: code })).toMatchObject({ state: 'completed' });

    // Every task's events, in order, as the seed names them.
    const [first, second] = await taskIds(alice);
    const [consult] = await taskIds(bob);
    const aliceLog = await log(alice);
    const bobLog = await log(bob);
    expect(aliceLog.filter((e) => e.startsWith('error'))).toEqual([]);
    expect(eventsOf(aliceLog, first!)).toEqual([
      'incoming',
      'task:assigned',
      'task:hold',
      'task:resume',
      'task:recordingPauseFailed',
      'task:consultCreated',
      'task:consulting',
      'task:conferenceEstablishing',
      'task:participantJoined',
      'task:conferenceStarted',
      'task:participantLeft',
      'task:conferenceEnded',
      'task:end',
      'task:wrapup',
      'task:conferenceTransferred',
      'task:wrappedup',
    ]);
    expect(eventsOf(bobLog, consult!)).toEqual([
      'incoming',
      'task:offerConsult',
      'task:assigned',
      'task:consultAccepted',
      'task:participantJoined',
      'task:conferenceStarted',
      'task:participantLeft',
      'task:conferenceEnded',
      'task:end',
      'task:wrapup',
      'task:wrappedup',
    ]);
    expect(eventsOf(aliceLog, second!)).toEqual(['incoming', 'task:assigned', 'task:end', 'task:wrapup', 'task:wrappedup']);
  });
});
