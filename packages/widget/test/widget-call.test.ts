/**
 * "Call us" in headless Chromium against the real server (SQLite): the demo store's widget
 * on another origin, the customer's browser with a fake microphone at 440 Hz, alice (the
 * agent API over a Node websocket, Sales agents: VOICE on Support) with her page's fake
 * microphone at 1,000 Hz joining with her connection's `callContextToken` once she has
 * accepted. The customer fills the form and clicks Call us (the voice client loads from
 * /widget-voice.js); alice accepts; each hears the other. Mute in the widget: alice no
 * longer hears the customer. The keypad's 1 5 9 # reach alice's snapshot in order. Alice
 * holds: the widget says On hold. The customer hangs up: the contact ends
 * CUSTOMER_DISCONNECT. Without a pre-chat form (turned off through the admin API), Call us
 * sits under the start hint; a call hung up while waiting ends its contact. A right-to-left
 * page with the strings replaced mirrors the call view. Screenshots of each state (desktop and 390 px) into SHOTS (`call-…`);
 * axe-core on each.
 */
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { type AgentDataWire, type ContactData, DEMO_WIDGET_ID } from '@switchboard/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from '../../server/test/agent-client.js';
import { signedFetch } from '../../server/test/sign.js';
import { TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import { axe, type CallWorld, callWorld, collectProblems, type DemoStore, HEARING, SHOTS, shotBoth, text } from './browser.js';

const W = 'switchboard-chat';
/** The call's strings replaced, for the right-to-left page (`/rtl`). */
const ARABIC = { callUs: 'اتصل بنا', callWaiting: 'في انتظار موظف…', callHangUp: 'إنهاء المكالمة', callEnded: 'انتهت المكالمة' };
const contactIn = (d: AgentDataWire, id: string): ContactData<string> | undefined =>
  d.snapshot.contacts.find((c) => c.contactId === id);

describe('"Call us" in the widget, in Chromium', { timeout: 60_000 }, () => {
  let world: CallWorld;
  let store: DemoStore;
  let customerBrowser: Browser;
  let page: Page;
  let alice: AgentSocket;
  let agent: VoicePage;
  let problems: string[] = [];
  let contactId = '';
  let customer = '';

  const widget = () => page.locator(W);
  const title = () => widget().locator('#call-title');
  const customerHears = (tones: number[]) => world.customerHears(tones);

  beforeAll(async () => {
    world = await callWorld({ tmpPrefix: 'sb-widget-call-', events: [], strings: ARABIC });
    ({ store, browser: customerBrowser, page, alice, agent, problems } = world);
  }, 60_000);

  afterAll(async () => {
    await world?.close();
    console.log(`screenshots: ${SHOTS}`);
  });

  it('offers Call us beside Start chat when an agent takes calls; the call waits, then alice answers: each hears the other', async () => {
    await widget().locator('.launcher').click();
    const callUs = widget().locator('button.call-us');
    await expect.poll(() => callUs.count(), { timeout: 10_000 }).toBe(1);
    expect(await text(callUs)).toBe('Call us');
    await shotBoth(page, 'call-button');
    await axe(page, 'call button');

    // The form is checked first, as for a chat.
    await callUs.click();
    expect(await widget().locator('#f-name').getAttribute('aria-invalid')).toBe('true');
    await widget().locator('#f-name').fill('Jane Caller');
    await callUs.click();
    await expect.poll(() => text(title()), { timeout: 15_000 }).toBe('Waiting for an agent…');
    await shotBoth(page, 'call-waiting');
    await axe(page, 'call waiting');

    const ringing = await alice.waitFor((d) => d.snapshot.contacts.some((c) => c.type === 'voice'), 'the call rings', 15_000);
    const call = ringing.data.snapshot.contacts.find((c) => c.type === 'voice')!;
    contactId = call.contactId;
    customer = call.connections.find((c) => c.type === 'inbound')?.connectionId as string;
    await alice.command('acceptContact', { contactId });
    const push = await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'connected', 'accepted');
    const token = contactIn(push.data, contactId)?.connections.find((c) => c.type === 'agent')?.softphoneMediaInfo
      ?.callContextToken as string;
    const signalling = `${store.world.server.url.replace(/^http/, 'ws')}/voice/v1/ws`;
    expect(await agent.start(signalling, token)).toBe('connected');
    await expect.poll(() => text(title()), { timeout: 10_000 }).toBe('Connected');
    await Promise.all([customerHears([TONE.agentA]), agent.hears([TONE.customer])]);
    expect(await text(widget().locator('.call-timer time'))).toMatch(/^\d+:\d\d$/);
    await shotBoth(page, 'call-connected');
    await axe(page, 'call connected');
  });

  it('mute: alice no longer hears the customer; unmute: she does again', async () => {
    const mute = widget().locator('.call-controls button', { hasText: 'Mute' });
    await mute.click();
    expect(await widget().locator('.call-controls button[aria-pressed="true"]').count()).toBe(1);
    await agent.hears([]);
    await widget().locator('.call-controls button', { hasText: 'Unmute' }).click();
    await agent.hears([TONE.customer]);
  });

  it('the browser going offline shows Reconnecting; back online, the call goes on', async () => {
    await page.context().setOffline(true);
    const notice = widget().locator('.call-reconnecting');
    await expect.poll(() => notice.count(), { timeout: 5_000 }).toBe(1);
    expect(await text(notice)).toBe('The connection dropped. Stay on the line: the call comes back by itself.');
    expect(await text(title())).toBe('Reconnecting…');
    await shotBoth(page, 'call-reconnecting');
    await page.context().setOffline(false);
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(0);
    expect(await text(title())).toBe('Connected');
    await agent.hears([TONE.customer]);
  });

  it("the keypad's 1 5 9 # reach the contact in order (alice's snapshot)", async () => {
    await widget().locator('.call-controls button', { hasText: 'Keypad' }).click();
    for (const k of ['1', '5', '9', '#']) {
      await widget().locator('.keypad .key', { hasText: k }).click();
      await page.waitForTimeout(250);
    }
    await alice.waitFor((d) => contactIn(d, contactId)?.customerDigits === '159#', 'the digits in the snapshot', 10_000);
    expect(await text(widget().locator('.keypad-digits'))).toBe('Sent: 159#');
    await shotBoth(page, 'call-keypad');
    await axe(page, 'call keypad');
  });

  it('alice holds: the widget says On hold (and the customer hears the hold music); she resumes', async () => {
    await alice.command('holdConnection', { contactId, connectionId: customer });
    await expect.poll(() => text(title()), { timeout: 10_000 }).toBe('On hold');
    await customerHears([TONE.holdMusic]);
    await shotBoth(page, 'call-on-hold');
    await axe(page, 'call on hold');
    await alice.command('resumeConnection', { contactId, connectionId: customer });
    await expect.poll(() => text(title()), { timeout: 10_000 }).toBe('Connected');
  });

  it('the customer hangs up: the widget says Call ended, the contact ends CUSTOMER_DISCONNECT', async () => {
    await widget().locator('.call-controls button.hangup').click();
    await expect.poll(() => text(title()), { timeout: 10_000 }).toBe('Call ended');
    await agent.ended();
    await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'ended', 'after the customer hung up');
    const { Contact } = await store.world.connect.send(
      new DescribeContactCommand({ InstanceId: store.world.server.instance.id, ContactId: contactId }),
    );
    expect(Contact?.DisconnectReason).toBe('CUSTOMER_DISCONNECT');
    await alice.command('clearContact', { contactId });
    await shotBoth(page, 'call-ended');
    await axe(page, 'call ended');
    // Back: the form again.
    await widget().locator('.call-after button', { hasText: 'Back' }).click();
    expect(await widget().locator('button.call-us').count()).toBe(1);
  });

  it('without a pre-chat form, Call us sits under the start hint; a call hung up while waiting ends its contact', async () => {
    const { server } = store.world;
    const res = await signedFetch(
      server.url,
      {
        method: 'POST',
        path: `/widgets/${server.instance.id}/${DEMO_WIDGET_ID}`,
        body: JSON.stringify({ PreChatForm: { Enabled: false } }),
      },
      server.config.accessKeys[0] as { accessKeyId: string; secretAccessKey: string },
    );
    expect(res.status, await res.text()).toBe(200);
    await page.reload();
    // The panel was open: it opens again after the reload.
    const launcher = widget().locator('.launcher');
    await launcher.waitFor();
    if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
    const callUs = widget().locator('.hint button.call-us');
    await expect.poll(() => callUs.count(), { timeout: 10_000 }).toBe(1);
    await shotBoth(page, 'call-button-no-form');
    await axe(page, 'call button without a form');
    await callUs.click();
    await expect.poll(() => text(title()), { timeout: 15_000 }).toBe('Waiting for an agent…');
    const ringing = await alice.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.type === 'voice' && c.contactId !== contactId && c.state.type === 'connecting'),
      'the second call rings',
      15_000,
    );
    const second = ringing.data.snapshot.contacts.find((c) => c.type === 'voice' && c.contactId !== contactId)!.contactId;
    await widget().locator('.call-controls button.hangup').click();
    await expect.poll(() => text(title()), { timeout: 10_000 }).toBe('Call ended');
    await expect
      .poll(
        async () =>
          (await store.world.connect.send(new DescribeContactCommand({ InstanceId: server.instance.id, ContactId: second })))
            .Contact?.DisconnectReason,
        { timeout: 10_000 },
      )
      .toBe('CUSTOMER_DISCONNECT');
  });

  it('right to left, with the strings replaced: the call view mirrors; hung up while waiting', async () => {
    const rtl = await customerBrowser.newPage({ viewport: { width: 1280, height: 800 } });
    collectProblems(rtl, 'customer rtl', problems);
    await rtl.addInitScript(HEARING);
    await rtl.goto(`${store.site.origin}/rtl`);
    const w = rtl.locator(W);
    await w.locator('.launcher').click();
    const callUs = w.locator('button.call-us');
    await expect.poll(() => callUs.count(), { timeout: 10_000 }).toBe(1);
    expect(await text(callUs)).toBe(ARABIC.callUs);
    await callUs.click();
    await expect.poll(() => text(w.locator('#call-title')), { timeout: 15_000 }).toBe(ARABIC.callWaiting);
    // The controls run right to left: Mute at the right, Hang up at the left.
    const [mute, hangUp] = await Promise.all([
      w.locator('.call-controls button').first().boundingBox(),
      w.locator('.call-controls button.hangup').boundingBox(),
    ]);
    expect(hangUp!.x).toBeLessThan(mute!.x);
    await shotBoth(rtl, 'call-waiting-rtl');
    await axe(rtl, 'call waiting, right to left');
    await w.locator('.call-controls button.hangup').click();
    await expect.poll(() => text(w.locator('#call-title')), { timeout: 10_000 }).toBe(ARABIC.callEnded);
    await rtl.close();
    expect(problems).toEqual([]);
  });
});
