/**
 * "Call us" survives a lost signalling socket and a reload of the customer's page (issue
 * 23), in headless Chromium against the real server (SQLite): the customer (fake
 * microphone at 440 Hz) calls from the demo store's widget, alice (the agent API over a
 * Node websocket, her page at 1,000 Hz) answers, each hears the other. The page's voice
 * socket is closed under it: the widget says Reconnecting… and the call comes back by
 * itself; so does a 12 s outage (the browser offline). The customer reloads the page mid-call: the widget shows the call again
 * (Reconnecting…, the timer running from when alice answered), rejoins with the token it
 * kept in sessionStorage, and each hears the other again; the contact never ended. While
 * a rejoin is held back (the page's init script refuses voice sockets while
 * `sb-block-voice` is in sessionStorage), screenshots of the reconnecting state (desktop
 * and 390 px) into SHOTS (`call-rejoin-…`), axe-core on each. Hanging up ends the contact
 * CUSTOMER_DISCONNECT and forgets the call: a reload shows Call us again.
 */
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import type { AgentDataWire, ContactData } from '@switchboard/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from '../../server/test/agent-client.js';
import { TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import { axe, type CallWorld, callWorld, type DemoStore, SHOTS, shotBoth, text } from './browser.js';

const W = 'switchboard-chat';
const contactIn = (d: AgentDataWire, id: string): ContactData<string> | undefined =>
  d.snapshot.contacts.find((c) => c.contactId === id);

/**
 * The page's voice sockets, kept in `voiceSockets` (the test closes one under the call);
 * while sessionStorage holds `sb-block-voice`, a voice socket fails at once (closed, 1006)
 * without touching the network, as an unreachable server would.
 */
const VOICE_SOCKETS = `(() => {
  const Real = window.WebSocket;
  window.voiceSockets = [];
  const Ws = function (url, protocols) {
    const voice = String(url).includes('/voice/v1/ws');
    if (voice && sessionStorage.getItem('sb-block-voice')) {
      const fake = { readyState: 0, send() {}, close() {} };
      setTimeout(() => {
        fake.readyState = 3;
        fake.onclose?.({ code: 1006, reason: '' });
      }, 50);
      return fake;
    }
    const ws = new Real(url, protocols);
    if (voice) window.voiceSockets.push(ws);
    return ws;
  };
  Object.assign(Ws, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  Ws.prototype = Real.prototype;
  window.WebSocket = Ws;
})();`;

describe('"Call us" across a lost socket and a reload, in Chromium', { timeout: 90_000 }, () => {
  let world: CallWorld;
  let store: DemoStore;
  let page: Page;
  let alice: AgentSocket;
  let agent: VoicePage;
  let problems: string[] = [];
  let contactId = '';

  const widget = () => page.locator(W);
  const title = () => widget().locator('#call-title');
  const notice = () => widget().locator('.call-reconnecting');
  const customerHears = (tones: number[]) => world.customerHears(tones);
  const block = (on: boolean) =>
    page.evaluate((b) => (b ? sessionStorage.setItem('sb-block-voice', '1') : sessionStorage.removeItem('sb-block-voice')), on);
  const keptCall = () => page.evaluate(() => Object.keys(sessionStorage).some((k) => k.endsWith(':call')));
  const describeContact = async () =>
    (
      await store.world.connect.send(
        new DescribeContactCommand({ InstanceId: store.world.server.instance.id, ContactId: contactId }),
      )
    ).Contact;

  beforeAll(async () => {
    world = await callWorld({
      tmpPrefix: 'sb-widget-rejoin-',
      events: [],
      strings: {},
      // A grace long enough for the screenshots taken while a rejoin is held back.
      server: { voiceRejoinGraceMs: 60_000 },
      initScripts: [VOICE_SOCKETS],
    });
    ({ store, page, alice, agent, problems } = world);
  }, 60_000);

  afterAll(async () => {
    await world?.close();
    console.log(`screenshots: ${SHOTS}`);
  });

  it('the customer calls, alice answers: each hears the other; the call is kept for a reload', async () => {
    await widget().locator('.launcher').click();
    const callUs = widget().locator('button.call-us');
    await expect.poll(() => callUs.count(), { timeout: 10_000 }).toBe(1);
    await widget().locator('#f-name').fill('Jane Caller');
    await callUs.click();
    await expect.poll(() => text(title()), { timeout: 15_000 }).toBe('Waiting for an agent…');
    expect(await keptCall()).toBe(true);
    const ringing = await alice.waitFor((d) => d.snapshot.contacts.some((c) => c.type === 'voice'), 'the call rings', 15_000);
    contactId = ringing.data.snapshot.contacts.find((c) => c.type === 'voice')!.contactId;
    await alice.command('acceptContact', { contactId });
    const push = await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'connected', 'accepted');
    const token = contactIn(push.data, contactId)?.connections.find((c) => c.type === 'agent')?.softphoneMediaInfo
      ?.callContextToken as string;
    expect(await agent.start(`${store.world.server.url.replace(/^http/, 'ws')}/voice/v1/ws`, token)).toBe('connected');
    await expect.poll(() => text(title()), { timeout: 10_000 }).toBe('Connected');
    await Promise.all([customerHears([TONE.agentA]), agent.hears([TONE.customer])]);
  });

  it('the voice socket closes under the call: Reconnecting…, then it comes back by itself and each hears the other', async () => {
    await block(true);
    await page.evaluate(() => (window as unknown as { voiceSockets: WebSocket[] }).voiceSockets.at(-1)?.close());
    await expect.poll(() => notice().count(), { timeout: 5_000 }).toBe(1);
    expect(await text(title())).toBe('Reconnecting…');
    expect(await text(notice())).toBe('The connection dropped. Stay on the line: the call comes back by itself.');
    await shotBoth(page, 'call-rejoin-socket-lost');
    await axe(page, 'call reconnecting after its socket closed');
    await block(false);
    await expect.poll(() => notice().count(), { timeout: 15_000 }).toBe(0);
    expect(await text(title())).toBe('Connected');
    await Promise.all([customerHears([TONE.agentA]), agent.hears([TONE.customer])]);
    expect((await describeContact())?.DisconnectTimestamp).toBeUndefined();
  });

  it('a long outage (offline 12 s: the server drops the silent socket, the client gives up the path): it comes back by itself', async () => {
    await page.context().setOffline(true);
    await expect.poll(() => notice().count(), { timeout: 5_000 }).toBe(1);
    await page.waitForTimeout(12_000);
    await page.context().setOffline(false);
    await expect.poll(() => notice().count(), { timeout: 20_000 }).toBe(0);
    expect(await text(title())).toBe('Connected');
    await Promise.all([customerHears([TONE.agentA]), agent.hears([TONE.customer])]);
    expect((await describeContact())?.DisconnectTimestamp).toBeUndefined();
  });

  it('the customer reloads the page mid-call: the widget shows the call again, rejoins, and each hears the other', async () => {
    const before = await page.evaluate(() => (window as unknown as { voiceSockets: WebSocket[] }).voiceSockets.length);
    expect(before).toBeGreaterThan(0);
    await block(true);
    await page.reload();
    // The panel was open: the call view, Reconnecting…, the timer from when alice answered.
    await expect.poll(() => text(title()), { timeout: 15_000 }).toBe('Reconnecting…');
    expect(await text(widget().locator('.call-timer time'))).toMatch(/^\d+:\d\d$/);
    expect(await widget().locator('button.call-us').count()).toBe(0);
    await shotBoth(page, 'call-rejoin-after-reload');
    await axe(page, 'call reconnecting after a reload');
    await block(false);
    await expect.poll(() => text(title()), { timeout: 15_000 }).toBe('Connected');
    await Promise.all([customerHears([TONE.agentA]), agent.hears([TONE.customer])]);
    expect(contactIn(alice.latest!.data, contactId)?.state.type).toBe('connected');
    expect((await describeContact())?.DisconnectTimestamp).toBeUndefined();
    await shotBoth(page, 'call-rejoined');
  });

  it('hanging up ends the contact CUSTOMER_DISCONNECT and forgets the call: a reload shows Call us', async () => {
    await widget().locator('.call-controls button.hangup').click();
    await expect.poll(() => text(title()), { timeout: 10_000 }).toBe('Call ended');
    await agent.ended();
    await expect.poll(async () => (await describeContact())?.DisconnectReason, { timeout: 10_000 }).toBe('CUSTOMER_DISCONNECT');
    expect(await keptCall()).toBe(false);
    await page.reload();
    await expect.poll(() => widget().locator('button.call-us').count(), { timeout: 10_000 }).toBe(1);
    expect(await title().count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
