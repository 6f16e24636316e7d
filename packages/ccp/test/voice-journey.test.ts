/**
 * The CCP softphone end to end (issue 23), in Chromium against the real server (SQLite, the
 * demo instance) serving the CCP built from the current sources. A customer's page (its
 * fake microphone a 440 Hz tone, `@switchboard/voice`'s browser build) calls through
 * StartWebRTCContact; alice's desktop (its own Chromium, the fake microphone 1,000 Hz) rings
 * with "Incoming call from …", she accepts: the customer hears 1,000 Hz and the desktop's
 * `<audio>` elements play 440 Hz (an AnalyserNode in the CCP page); a second tab shows the
 * call but leaves its audio to the leading tab, and takes it over when that tab closes. Hold → the customer hears the hold music and
 * not alice; Resume; Mute → the customer stops hearing her; Unmute; the customer presses
 * 1 5 9 # → the digits show in the call view; Hang up → after
 * contact work → Close contact. A second call in a context never granted the microphone:
 * the offer and the call view say so in words. Screenshots of every step (also 320 × 460 and dark) go to
 * the folder ccp-journey uses; axe-core checks each screen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StartWebRTCContactCommand } from '@aws-sdk/client-connect';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/chromium.mjs';
import type { ChatWorld } from '../../server/test/chat-support.js';
import type { StaticSite } from '../../server/test/static-site.js';
import { writeToneWav } from '../../voice/test/tones.js';
import { openVoicePages, startVoiceSite, TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import { desktopHears } from './desktop-audio.js';
import { axe, SHOTS, screens as screensOf, shot, signIn, WatchedPages } from './ui.js';
import { ccpWorld } from './world.js';

const CALLER = 'Maximiliana Featherstonehaugh-Vandersloot';

describe('a web call in the agent desktop (the CCP softphone)', { timeout: 60_000 }, () => {
  let dir: string;
  let site: StaticSite;
  let world: ChatWorld;
  let ccpUrl: string;
  let agentBrowser: Browser;
  let context: BrowserContext;
  let a: Page;
  let customer: VoicePage;
  let closeCustomer: (() => Promise<void>) | undefined;
  let contactId: string;
  const customerErrors: string[] = [];
  const pages = new WatchedPages();

  /** A step's screen: wide, then 320 × 460 light and dark (axe on each), back to wide and light. */
  const screens = (name: string, screen: string, checkAxe = true) => screensOf(a, name, screen, checkAxe);

  /** The customer calls (StartWebRTCContact, then their page joins); the contact id. */
  async function customerCalls(): Promise<string> {
    const out = await world.connect.send(
      new StartWebRTCContactCommand({
        InstanceId: world.server.instance.id,
        ContactFlowId: world.flows['Sales inbound'],
        ParticipantDetails: { DisplayName: CALLER },
      }),
    );
    const signalling = out.ConnectionData?.Meeting?.MediaPlacement?.SignalingUrl as string;
    expect(await customer.start(signalling, out.ConnectionData?.Attendee?.JoinToken as string)).toBe('connected');
    return out.ContactId as string;
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-ccp-voice-'));
    const [s, w] = await Promise.all([startVoiceSite(), ccpWorld({ dataDir: dir })]);
    site = s;
    ({ world, ccpUrl } = w);
    const wav = writeToneWav(path.join(dir, 'alice.wav'), TONE.agentA);
    const [opened, browser] = await Promise.all([
      openVoicePages(dir, site, { customer: TONE.customer }, customerErrors),
      // No --use-fake-ui-for-media-stream: each context is granted the microphone or not.
      launchChromium(chromium, [
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${wav}`,
        '--autoplay-policy=no-user-gesture-required',
      ]),
    ]);
    customer = opened.pages.customer;
    closeCustomer = opened.close;
    agentBrowser = browser;
    console.log(`CCP screenshots: ${SHOTS}`);
    context = await browser.newContext({ viewport: { width: 1000, height: 720 }, permissions: ['microphone'] });
    // A pure tone is what the browser's noise suppression removes: the fake microphone is
    // heard as it is (the desktop's own request is otherwise unchanged). The tracks the
    // page opens are kept in `__mics`, to see which one is live.
    await context.addInitScript(() => {
      const md = navigator.mediaDevices;
      const gum = md.getUserMedia.bind(md);
      const mics: MediaStreamTrack[] = [];
      (globalThis as { __mics?: MediaStreamTrack[] }).__mics = mics;
      md.getUserMedia = async (c?: MediaStreamConstraints) => {
        const plain = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
        const s = await gum(c?.audio ? { ...c, audio: { ...(typeof c.audio === 'object' ? c.audio : {}), ...plain } } : c);
        mics.push(...s.getAudioTracks());
        return s;
      };
    });
    a = pages.watch(await context.newPage(), 'alice');
  }, 60_000);

  afterAll(async () => {
    await agentBrowser?.close();
    await closeCustomer?.();
    await world?.close();
    await site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(customerErrors).toEqual([]);
    expect(pages.problems).toEqual([]);
  });

  it('the customer calls: the desktop rings "Incoming call from …" with the queue', async () => {
    // The microphone alice picked last time is unplugged: the call takes the system's default.
    await a.goto(ccpUrl);
    await a.evaluate(() => localStorage.setItem('switchboard.ccp.devices', JSON.stringify({ inputId: 'unplugged-mic' })));
    await signIn(a, ccpUrl, 'alice');
    await a.getByLabel('Status').selectOption({ label: 'Available' });
    contactId = await customerCalls();
    const offer = a.getByRole('article', { name: `Incoming call from ${CALLER}` });
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.textContent()).toMatch(/Queue: /);
    await screens('call-ringing', 'ringing call');
  });

  it('Accept: each hears the other (the desktop plays the customer through its <audio>; the unplugged microphone gave way to the default)', async () => {
    await a.getByRole('button', { name: 'Accept' }).click();
    await a.locator(`[id="sb-panel-${contactId}"]`).waitFor();
    const status = a.getByRole('status').filter({ hasText: 'Connected' });
    await status.waitFor();
    await Promise.all([customer.hears([TONE.agentA]), desktopHears(a, [TONE.customer])]);
    await expect.poll(() => a.locator('.sb-call__quality').textContent(), { timeout: 10_000 }).toMatch(/Good|Fair|Poor/);
    await expect.poll(() => a.getByRole('tab', { name: new RegExp(CALLER) }).textContent()).toContain('Call');
    await screens('call-connected', 'connected call');
  });

  it('a second tab shows the call but leaves its audio to the leading tab; it takes the call over when that tab closes', async () => {
    const b = pages.watch(await context.newPage(), 'alice (tab 2)');
    await b.goto(ccpUrl);
    await b.getByText('The audio of this call plays in your other Switchboard tab.').waitFor();
    expect(await b.locator('audio.sb-call-audio').count()).toBe(0);
    expect(await b.getByLabel('Microphone').count()).toBe(0);
    await Promise.all([customer.hears([TONE.agentA]), desktopHears(a, [TONE.customer])]);
    // The leading tab closes: the other one leads, and rejoins the call with the same token.
    await a.close();
    a = b;
    await a.getByLabel('Microphone').waitFor({ timeout: 15_000 });
    await Promise.all([customer.hears([TONE.agentA]), desktopHears(a, [TONE.customer])]);
    expect(await a.getByText('The audio of this call plays in your other Switchboard tab.').count()).toBe(0);
  });

  it('Hold: the customer hears the hold music and not alice; Resume', async () => {
    await a.getByRole('button', { name: 'Hold', exact: true }).click();
    await a.getByRole('status').filter({ hasText: 'On hold' }).waitFor();
    await Promise.all([customer.hears([TONE.holdMusic]), desktopHears(a, [])]);
    await screens('call-on-hold', 'call on hold');
    await a.getByRole('button', { name: 'Resume', exact: true }).click();
    await a.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await Promise.all([customer.hears([TONE.agentA]), desktopHears(a, [TONE.customer])]);
  });

  it('Mute: the customer stops hearing alice, who still hears them; Unmute with Alt+M', async () => {
    await a.getByRole('button', { name: 'Mute', exact: true }).click();
    const unmute = a.getByRole('button', { name: 'Unmute', exact: true });
    await unmute.waitFor();
    expect(await unmute.getAttribute('aria-pressed')).toBe('true');
    await Promise.all([customer.hears([]), desktopHears(a, [TONE.customer])]);
    await screens('call-muted', 'muted call', false);
    await a.keyboard.press('Alt+M'); // the shortcut, as the help lists it
    await a.getByRole('button', { name: 'Mute', exact: true }).waitFor();
    await customer.hears([TONE.agentA]);
  });

  it('another microphone during the call: the call sends it at once (the first one stops), the customer still hears alice', async () => {
    const picker = a.getByLabel('Microphone');
    const values = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const other = values.find((v) => v !== '');
    expect(other, `a second microphone to pick: ${JSON.stringify(values)}`).toBeTruthy();
    const mics = () =>
      a.evaluate(() =>
        ((globalThis as { __mics?: MediaStreamTrack[] }).__mics ?? []).map((t) => [t.getSettings().deviceId, t.readyState]),
      );
    const before = (await mics()).length;
    await picker.selectOption(other as string);
    await expect
      .poll(mics)
      .toEqual([
        ...Array.from({ length: before - 1 }, () => [expect.anything(), 'ended']),
        [expect.anything(), 'ended'],
        [other, 'live'],
      ]);
    await customer.hears([TONE.agentA]);
  });

  it('the customer presses 1 5 9 #: the digits show in the call view', async () => {
    await customer.call('sendDigits', '159#');
    await expect.poll(() => a.locator('.sb-call__digits').textContent(), { timeout: 10_000 }).toBe('159#');
  });

  it('Hang up: both legs close, after-contact work, Close contact', async () => {
    await a.getByRole('button', { name: 'Hang up' }).click();
    await customer.ended();
    await a.getByRole('heading', { name: 'After contact work' }).waitFor();
    await expect.poll(() => a.locator('audio.sb-call-audio').count()).toBe(0);
    expect(await a.locator('.sb-call__digits').textContent()).toBe('159#');
    await a.getByRole('radio', { name: 'Resolved' }).check();
    await a.getByLabel('Notes').fill('Refund confirmed by phone.');
    await screens('call-acw', 'call after-contact work');
    await a.getByRole('button', { name: 'Close contact' }).click();
    await a.getByRole('heading', { name: 'No open contacts' }).waitFor();
  });

  it('a second call where the browser refuses the microphone: the offer and the call view say so in words', async () => {
    await context.close();
    // A context that was never granted the microphone: the browser refuses it.
    const refused = await agentBrowser.newContext({ viewport: { width: 1000, height: 720 } });
    a = pages.watch(await refused.newPage(), 'alice (microphone refused)');
    await signIn(a, ccpUrl, 'alice');
    await a.getByLabel('Status').selectOption({ label: 'Available' });
    await customerCalls();
    const offer = a.getByRole('article', { name: `Incoming call from ${CALLER}` });
    await offer.getByRole('alert').filter({ hasText: 'The browser refused the microphone' }).waitFor({ timeout: 15_000 });
    await shot(a, 'call-microphone-refused-ringing');
    await axe(a, 'ringing call, microphone refused');
    await offer.getByRole('button', { name: 'Accept' }).click();
    await a.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await a.getByRole('alert').filter({ hasText: 'The browser refused the microphone' }).waitFor();
    expect(await a.locator('audio.sb-call-audio').count()).toBe(0);
    await screens('call-microphone-refused', 'call, microphone refused');
    await a.getByRole('button', { name: 'Hang up' }).click();
    await customer.ended();
    await a.getByRole('heading', { name: 'After contact work' }).waitFor();
  });
});
