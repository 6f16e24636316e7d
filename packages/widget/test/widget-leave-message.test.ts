/**
 * "Leave a message" in headless Chromium against the real server (SQLite, port 0): the demo
 * store's widget on another origin, nobody signed in, so the panel is offline and offers the
 * form. Empty, then a wrong email (each problem beside its field, focus on the first), the
 * busy state while it sends, then "Thanks — we'll reply by email"; nothing reaches the
 * server until the form is right. Then Bob signs in (the agent API, in Node) and gets the
 * task: its name, description, references and attributes in his snapshot. Also a phone-sized
 * and a right-to-left form. Screenshots at 1280 × 800 and 390 × 844 go to SHOTS (`leave-…`);
 * axe-core checks the form, its errors and the thanks.
 */
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { demoConfig } from '@switchboard/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import type { StaticSite } from '../../server/test/static-site.js';
import { contactsCreated } from '../../server/test/widget-support.js';
import {
  axe,
  collectProblems,
  DESKTOP,
  type DemoStore,
  demoStore,
  launch,
  PHONE,
  SHOTS,
  shot,
  shotBoth,
  text,
} from './browser.js';

const W = 'switchboard-chat';
const LONG_NAME = 'Jane Alexandra Montgomery-Fitzwilliam of Lower Wallop';
const MESSAGE = 'My parcel has not arrived yet.\nOrder A-1042, sent on Monday. Could you check where it is?';

describe('leaving a message in the widget while nobody is there, in a browser', () => {
  let store: DemoStore;
  let site: StaticSite;
  let world: ChatWorld;
  let browser: Browser;
  let tab: Page;
  let contactId: string;
  const problems: string[] = [];
  const posts: string[] = [];

  const inWidget = (sel: string, p: Page = tab) => p.locator(`${W} ${sel}`);
  const focused = (p: Page = tab) => p.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id);
  const created = () => contactsCreated(world.server.store, world.server.instance.id);

  beforeAll(async () => {
    store = await demoStore({
      tmpPrefix: 'sb-widget-leave-',
      events: ['message-left'],
      strings: { leaveTitle: 'اترك رسالة', leaveSubmit: 'أرسل الرسالة', leaveName: 'اسمك' },
    });
    ({ site, world } = store);
    // SHOTS kept: the other widget test fills it too.
    browser = await launch({ keepShots: true });
    tab = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    collectProblems(tab, 'tab', problems);
    tab.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/messages')) posts.push(r.postData() ?? '');
    });
    console.log(`widget screenshots: ${SHOTS}`);
  });

  afterAll(async () => {
    await browser?.close();
    await store?.close();
  });

  it('offline (nobody signed in): the offline message, then the form with labels and autofill hints', async () => {
    await tab.goto(`${site.origin}/`);
    await expect.poll(() => inWidget('.launcher').count(), { timeout: 10_000 }).toBe(1);
    await inWidget('.launcher').click();
    await expect.poll(() => inWidget('.leave form').count(), { timeout: 8000 }).toBe(1);
    expect(await text(inWidget('.offline-note'))).toContain(demoConfig.widgets[0]!.offlineMessage);
    expect(await text(inWidget('.leave-title'))).toBe('Leave a message');
    expect(await inWidget('.prechat').count()).toBe(0);
    // Focus moved into the panel, to the first field.
    expect(await focused()).toBe('lm-name');
    for (const [id, label, autocomplete] of [
      ['lm-name', 'Your name', 'name'],
      ['lm-email', 'Email', 'email'],
    ] as const) {
      expect(await text(inWidget(`label[for="${id}"]`))).toMatch(new RegExp(`^${label} \\* \\(required\\)$`));
      expect(await inWidget(`#${id}`).getAttribute('autocomplete')).toBe(autocomplete);
    }
    expect(await inWidget('#lm-email').getAttribute('type')).toBe('email');
    expect(await inWidget('#lm-message').evaluate((el) => el.tagName)).toBe('TEXTAREA');
    expect(await inWidget('#lm-message').getAttribute('maxlength')).toBe('4096');
    // The page's CSS did not reach in.
    expect(await inWidget('#lm-name').evaluate((el) => getComputedStyle(el).fontFamily)).not.toMatch(/Comic/);
    await shotBoth(tab, 'leave-form');
    await axe(tab, 'leave-a-message form');
  });

  it('says what is wrong beside each field, in words, and sends nothing (keyboard only)', async () => {
    const before = await created();
    // Tab to the button and press it.
    await inWidget('#lm-message').focus();
    await tab.keyboard.press('Tab');
    await tab.keyboard.press('Enter');
    await expect.poll(() => inWidget('.field-error').count()).toBe(3);
    expect(await text(inWidget('#lm-name-err'))).toBe('Enter your name.');
    expect(await text(inWidget('#lm-email-err'))).toBe('Enter your email address.');
    expect(await text(inWidget('#lm-message-err'))).toBe('Write your message.');
    expect(await focused()).toBe('lm-name');

    await tab.keyboard.type(LONG_NAME);
    await tab.keyboard.press('Tab');
    await tab.keyboard.type('jane@example');
    await tab.keyboard.press('Tab');
    await tab.keyboard.type(MESSAGE);
    await inWidget('#lm-name').press('Enter'); // Enter in a field submits the form
    await expect.poll(() => inWidget('.field-error').count()).toBe(1);
    expect(await text(inWidget('#lm-email-err'))).toBe('Enter an email address like name@example.com.');
    expect(await inWidget('#lm-email').getAttribute('aria-invalid')).toBe('true');
    expect(await inWidget('#lm-email').getAttribute('aria-describedby')).toBe('lm-email-err');
    expect(await inWidget('#lm-name').getAttribute('aria-invalid')).toBe('false');
    expect(await focused()).toBe('lm-email');
    await shotBoth(tab, 'leave-errors');
    await axe(tab, 'leave-a-message form with errors');
    expect(posts).toEqual([]);
    expect(await created()).toBe(before);
  });

  it('a refusal from the server is said in words above the button, and what was typed stays', async () => {
    await tab.route('**/messages', (route) =>
      route.fulfill({
        status: 429,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': 'ThrottlingException',
          'retry-after': '12',
          'access-control-allow-origin': site.origin,
          'access-control-expose-headers': 'x-amzn-errortype, retry-after',
        },
        body: JSON.stringify({ message: 'Too many requests: try again in a moment' }),
      }),
    );
    await inWidget('#lm-email').fill('jane@example.com');
    await inWidget('.leave button[type="submit"]').click();
    await expect.poll(() => inWidget('.form-error').count()).toBe(1);
    expect(await text(inWidget('.form-error'))).toBe('Too many attempts, try again in 12 s.');
    expect(await inWidget('.form-error').getAttribute('role')).toBe('alert');
    expect(await inWidget('#lm-message').inputValue()).toBe(MESSAGE);
    await tab.unroute('**/messages');
    await shotBoth(tab, 'leave-refused');
    await axe(tab, 'leave-a-message refused');
    posts.length = 0;
  });

  it('sends the corrected form: busy while it goes, then thanks, with focus on the thanks', async () => {
    const before = await created();
    // Hold the answer a moment, to see the busy state.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    await tab.route('**/messages', async (route) => {
      await held;
      await route.continue();
    });
    await inWidget('.leave button[type="submit"]').click();
    await expect.poll(() => text(inWidget('.leave button[type="submit"]'))).toBe('Sending…');
    expect(await inWidget('.leave button[type="submit"]').isDisabled()).toBe(true);
    expect(await inWidget('.leave button[type="submit"]').getAttribute('aria-busy')).toBe('true');
    expect(await inWidget('#lm-message').isDisabled()).toBe(true);
    release();
    await expect.poll(() => inWidget('.leave-done').count(), { timeout: 8000 }).toBe(1);
    await tab.unroute('**/messages');
    expect(await text(inWidget('#leave-done-title'))).toBe('Thanks — we’ll reply by email');
    expect(await text(inWidget('.leave-done-text'))).toBe('We have your message and will write to you at jane@example.com.');
    expect(await focused()).toBe('leave-done-title');
    expect(await text(inWidget('[role="status"][aria-live="polite"]').last())).toContain('Thanks');
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]!)).toEqual({
      name: LONG_NAME,
      email: 'jane@example.com',
      message: MESSAGE,
      attributes: { page: '/pricing' },
    });
    expect(await created()).toBe(before + 1);
    const events = await tab.evaluate(
      () => (window as unknown as { widgetEvents: { detail: { contactId: string } }[] }).widgetEvents,
    );
    expect(events).toHaveLength(1);
    contactId = events[0]!.detail.contactId;
    const c = (
      await world.connect.send(new DescribeContactCommand({ InstanceId: world.server.instance.id, ContactId: contactId }))
    ).Contact;
    expect(c).toMatchObject({ Channel: 'TASK', Name: `Message from ${LONG_NAME}`, Description: MESSAGE });
    await shotBoth(tab, 'leave-sent');
    await axe(tab, 'leave-a-message thanks');
  });

  it('Close closes the panel; opened again, a fresh form keeps the name and email', async () => {
    await inWidget('.leave-done .btn').click();
    await expect.poll(() => inWidget('[role="dialog"]').count()).toBe(0);
    await inWidget('.launcher').click();
    await expect.poll(() => inWidget('.leave form').count(), { timeout: 8000 }).toBe(1);
    expect(await inWidget('#lm-name').inputValue()).toBe(LONG_NAME);
    expect(await inWidget('#lm-email').inputValue()).toBe('jane@example.com');
    expect(await inWidget('#lm-message').inputValue()).toBe('');
  });

  it('on a phone the form fills the screen; right to left it mirrors', async () => {
    await tab.setViewportSize(PHONE);
    await tab.goto(`${site.origin}/rtl`);
    await expect.poll(() => inWidget('.launcher').count(), { timeout: 10_000 }).toBe(1);
    if ((await inWidget('[role="dialog"]').count()) === 0) await inWidget('.launcher').click();
    await expect.poll(() => inWidget('.leave form').count(), { timeout: 8000 }).toBe(1);
    // Once the panel has risen into place.
    await expect
      .poll(async () => {
        const b = (await inWidget('.panel').boundingBox())!;
        return [b.x, b.y, b.width, Math.round(b.height)];
      })
      .toEqual([0, 0, PHONE.width, PHONE.height]);
    expect(await text(inWidget('.leave-title'))).toBe('اترك رسالة');
    // Labels start at the right edge.
    const label = (await inWidget('label[for="lm-name"]').boundingBox())!;
    const input = (await inWidget('#lm-name').boundingBox())!;
    expect(Math.abs(label.x + label.width - (input.x + input.width))).toBeLessThan(2);
    await shot(tab, 'leave-rtl');
    await axe(tab, 'leave-a-message form, right to left');
    await tab.setViewportSize(DESKTOP);
    await shot(tab, 'leave-rtl');
  });

  it('an agent who signs in later receives the task, with its name, description, references and attributes', async () => {
    const bob = await world.agent('bob');
    const task = await bob.contact(contactId, 'the message offered to bob', 10_000);
    expect(task).toMatchObject({
      type: 'task',
      name: `Message from ${LONG_NAME}`,
      description: MESSAGE,
      references: {
        name: { type: 'STRING', value: LONG_NAME },
        email: { type: 'EMAIL', value: 'jane@example.com' },
        page: { type: 'URL', value: `${site.origin}/pricing` },
      },
      attributes: {
        page: { name: 'page', value: '/pricing' },
        customerName: { name: 'customerName', value: LONG_NAME },
        customerEmail: { name: 'customerEmail', value: 'jane@example.com' },
      },
    });
    // Staffed now: the widget offers a chat instead of the form.
    await inWidget('.header .header-btn.icon-only').click();
    await inWidget('.launcher').click();
    await expect.poll(() => inWidget('.prechat').count(), { timeout: 8000 }).toBe(1);
    expect(await inWidget('.leave').count()).toBe(0);
    bob.close();
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
