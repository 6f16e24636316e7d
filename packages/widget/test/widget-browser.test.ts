/**
 * The widget in headless Chromium against the real Switchboard server (SQLite, port 0):
 * the page is served from another origin (a static site, as a customer's site would be),
 * embeds the widget with the one-tag snippet, and talks to the server's /widget/v1/ routes
 * and participant service cross-origin. The widget is built in memory from the current
 * sources and served by the server at /widget.js. The agent is Bob, over the agent API
 * and an AGENT session of @switchboard/chat in Node.
 *
 * In order: closed and offline (nobody signed in: the leave-a-message form, tested in
 * widget-leave-message.test.ts), the pre-chat form and its errors, a chat
 * (the flow's greeting and list picker, messages both ways, typing, delivered / read
 * marks, hostile markdown, attachments refused and sent), a reload and a second tab that
 * carry on the same chat, Escape and focus, the end with its confirmation, the transcript
 * file, the rating (seen by DescribeContact), and right-to-left. A screenshot of each state
 * at 1280 × 800 and 390 × 844 goes to SHOTS; axe-core checks each state.
 */
import { readFileSync } from 'node:fs';
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { ChatSession, type Item, SessionTypes } from '@switchboard/chat';
import { demoConfig } from '@switchboard/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from '../../server/test/agent-client.js';
import { agentChatTokens, type ChatWorld } from '../../server/test/chat-support.js';
import type { StaticSite } from '../../server/test/static-site.js';
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
const LONG_NAME = 'Jane Alexandra Montgomery-Fitzwilliam';
/** A few strings in Arabic, for the right-to-left page. */
const ARABIC = {
  prechatIntro: 'أخبرنا قليلاً عنك وسنوصلك بمن يمكنه المساعدة.',
  prechatSubmit: 'ابدأ المحادثة',
  minimise: 'تصغير المحادثة',
  launcherClose: 'إغلاق المحادثة',
};
/** A 1 × 1 PNG. */
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('the customer chat widget in a browser, against the real server', () => {
  let store: DemoStore;
  let site: StaticSite;
  let world: ChatWorld;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let bob: AgentSocket | undefined;
  let agent: ChatSession;
  const agentItems: Item[] = [];
  const agentTyping: Item[] = [];
  const agentReads: string[] = [];
  let contactId: string;
  const problems: string[] = [];

  const widget = (p: Page = page) => p.locator(W);
  const inWidget = (sel: string, p: Page = page) => p.locator(`${W} ${sel}`);

  /** Waits until the agent's session has an item matching `pred`. */
  const agentGot = async (pred: (i: Item) => boolean, what: string, timeoutMs = 8000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = agentItems.find(pred);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`the agent never got ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    // The demo store's widget, kept in localStorage (so that a second tab shares the chat).
    store = await demoStore({
      tmpPrefix: 'sb-widget-',
      events: ['chat-started', 'message', 'chat-ended'],
      strings: ARABIC,
      widget: { persistence: 'local' },
    });
    ({ site, world } = store);
    browser = await launch();
    context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    page = await context.newPage();
    collectProblems(page, 'tab 1', problems);
    console.log(`widget screenshots: ${SHOTS}`);
  });

  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await store?.close();
  });

  it('loads from one tag, cross-origin, without touching the page (closed)', async () => {
    const sheetsBefore = await page.goto(`${site.origin}/`).then(() => page.evaluate(() => document.styleSheets.length));
    await expect.poll(() => inWidget('.launcher').count(), { timeout: 10_000 }).toBe(1);
    // The page's CSS did not reach in…
    const launcher = await inWidget('.launcher').evaluate((el) => {
      const cs = getComputedStyle(el);
      return { font: cs.fontFamily, padding: cs.paddingTop, border: cs.borderTopWidth, color: cs.color, width: cs.width };
    });
    expect(launcher.font).not.toMatch(/Comic/);
    expect(launcher.padding).toBe('0px');
    expect(launcher.border).toBe('0px');
    expect(launcher.width).toBe('56px');
    // …and the widget added nothing to the page's styles, and broke none of its elements.
    expect(await page.evaluate(() => document.styleSheets.length)).toBe(sheetsBefore);
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
    expect(await page.locator('.page-button').evaluate((el) => getComputedStyle(el).paddingTop)).toBe('30px');
    // Bottom right, the configuration's colour.
    const box = (await inWidget('.launcher').boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(DESKTOP.width - 40);
    expect(box.y + box.height).toBeGreaterThan(DESKTOP.height - 40);
    expect(await inWidget('.launcher').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 99, 201)');
    expect(await inWidget('.launcher').getAttribute('aria-label')).toBe('Open chat');
    await shotBoth(page, 'closed');
    await axe(page, 'closed');
  });

  it('is offline while nobody is signed in, with the configured message; no chat can start', async () => {
    await inWidget('.launcher').click();
    await expect.poll(() => inWidget('.offline-note').count()).toBe(1);
    expect(await text(inWidget('.offline-note'))).toContain(demoConfig.widgets[0]!.offlineMessage);
    // No pre-chat form: the leave-a-message form instead (widget-leave-message.test.ts).
    expect(await inWidget('.prechat').count()).toBe(0);
    expect(await inWidget('.leave form').count()).toBe(1);
    expect(await inWidget('#message').count()).toBe(0);
    await shotBoth(page, 'offline');
    await axe(page, 'offline');
  });

  it('Escape closes the panel and gives focus back to the launcher', async () => {
    expect(await inWidget('[role="dialog"]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => inWidget('[role="dialog"]').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.className)).toContain('launcher');
  });

  it('checks again when opened: with an agent available, the pre-chat form', async () => {
    bob = await world.agent('bob');
    await inWidget('.launcher').click();
    await expect.poll(() => inWidget('.prechat').count(), { timeout: 8000 }).toBe(1);
    // Focus moved into the panel, to the first field.
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe('f-name');
    expect(await text(inWidget('label[for="f-name"]'))).toMatch(/Your name/);
    expect(await text(inWidget('label[for="f-email"]'))).toMatch(/Email/);
    await shotBoth(page, 'prechat');
    await axe(page, 'pre-chat');
  });

  it('says what is wrong beside each field, in words', async () => {
    await inWidget('#f-email').fill('jane@');
    await inWidget('.prechat button[type="submit"]').click();
    await expect.poll(() => inWidget('#f-name-err').count()).toBe(1);
    expect(await text(inWidget('#f-name-err'))).toBe('Your name is required.');
    expect(await text(inWidget('#f-email-err'))).toBe('Enter an email address like name@example.com.');
    expect(await inWidget('#f-name').getAttribute('aria-invalid')).toBe('true');
    expect(await inWidget('#f-name').getAttribute('aria-describedby')).toBe('f-name-err');
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe('f-name');
    await shotBoth(page, 'prechat-errors');
    await axe(page, 'pre-chat with errors');
  });

  it('starts the chat: the flow greets and offers a list, the agent takes it', async () => {
    await inWidget('#f-name').fill(LONG_NAME);
    await inWidget('#f-email').fill('jane@example.com');
    await inWidget('#f-orderId').fill('A-1042');
    await inWidget('.prechat button[type="submit"]').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { widgetEvents: { name: string }[] }).widgetEvents.length), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    const started = await page.evaluate(() =>
      (window as unknown as { widgetEvents: { name: string; detail: { contactId: string } }[] }).widgetEvents.find(
        (e) => e.name === 'chat-started',
      ),
    );
    contactId = started!.detail.contactId;
    expect(contactId).toMatch(/[0-9a-f-]{36}/);
    // The flow's list picker, as a list of choices.
    await expect.poll(() => inWidget('.choices.list .choice').count(), { timeout: 8000 }).toBe(3);
    expect(await text(inWidget('.ix-title'))).toBe('What can we help with?');
    await shot(page, 'chat-started');

    // Bob takes it; his session is the AGENT one of @switchboard/chat.
    const tokens = await agentChatTokens(bob!, contactId);
    await bob!.command('acceptContact', { contactId });
    agent = ChatSession.create({
      type: SessionTypes.AGENT,
      options: { endpoint: world.server.url },
      chatDetails: {
        contactId,
        participantId: tokens.participantId,
        participantToken: tokens.participantToken,
        getConnectionToken: () =>
          bob!.command('createTransport', { transportType: 'chat_token', contactId, participantId: tokens.participantId }),
      },
    });
    agent.onMessage(({ data }) => agentItems.push(data));
    agent.onTyping(({ data }) => agentTyping.push(data));
    agent.onReadReceipt(({ data }) => agentReads.push(data.MessageMetadata!.MessageId));
    await agent.connect();
    agentItems.push(...(await agent.loadTranscript()));
    // The contact carries the form's fields.
    const described = await world.connect.send(
      new DescribeContactCommand({ InstanceId: world.server.instance.id, ContactId: contactId }),
    );
    expect(described.Contact?.Channel).toBe('CHAT');
    expect((described.Contact as { Attributes?: Record<string, string> }).Attributes).toMatchObject({
      page: '/pricing',
      customer_email: 'jane@example.com',
      customer_orderId: 'A-1042',
    });
    await expect.poll(() => text(inWidget('.header .subtitle')), { timeout: 8000 }).toMatch(/chatting with/);
  });

  it('a choice goes back as plain text and the list is then disabled', async () => {
    await inWidget('.choices.list .choice', page).filter({ hasText: 'Orders' }).click();
    const pick = await agentGot(
      (i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER' && i.Content === 'Orders',
      'the pick',
    );
    expect(pick.ContentType).toBe('text/plain');
    await expect.poll(() => inWidget('.choices.list .choice:disabled').count()).toBe(3);
    expect(await text(inWidget('.choice[aria-pressed="true"]'))).toContain('Orders');
  });

  it('messages both ways, typing both ways, delivered and read marks', async () => {
    // The customer types: the agent sees it.
    await inWidget('#message').click();
    await inWidget('#message').pressSequentially('My parcel');
    await expect.poll(() => agentTyping.length, { timeout: 8000 }).toBeGreaterThan(0);
    await inWidget('#message').pressSequentially(' has not arrived. Order A-1042.');
    await page.keyboard.press('Enter');
    const msg = await agentGot((i) => i.Content === 'My parcel has not arrived. Order A-1042.', "the customer's message");
    expect(await inWidget('#message').inputValue()).toBe('');
    // The agent types and answers; the widget shows who, marks it delivered and, open and visible, read.
    await agent.sendEvent({ contentType: 'application/vnd.amazonaws.connect.event.typing' });
    await expect.poll(() => inWidget('.typing').count(), { timeout: 5000 }).toBe(1);
    expect(await text(inWidget('.typing'))).toMatch(/is typing/);
    await shot(page, 'typing');
    const reply = await agent.sendMessage({
      contentType: 'text/markdown',
      message:
        'Sorry about that! Let me **check** the order.\n\n- tracking: https://track.example/A-1042\n- [our returns page](https://example.com/returns)',
    });
    await expect.poll(() => agentReads.includes(reply.data.Id), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => inWidget('.typing').count()).toBe(0);
    expect(await text(inWidget('.from-agent .bubble strong').last())).toBe('check');
    expect(await inWidget('.from-agent .bubble a').last().getAttribute('href')).toBe('https://example.com/returns');
    expect(await inWidget('.from-agent .bubble a').last().getAttribute('rel')).toContain('noopener');
    // The agent reads the customer's message: the widget marks it Read.
    await agent.sendEvent({
      contentType: 'application/vnd.amazonaws.connect.event.message.read',
      content: JSON.stringify({ messageId: msg.Id }),
    });
    await expect.poll(() => inWidget('.from-me .receipt.read').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await text(inWidget('.from-me .receipt.read').last())).toBe('Read');
    // The live region announced the agent's message.
    expect(await text(inWidget('[role="status"][aria-live="polite"]').last())).toMatch(/New message from .*Sorry about that/);
  });

  it('hostile content from the other side stays text: no element of the sender gets through', async () => {
    await agent.sendMessage({
      contentType: 'text/markdown',
      message:
        '<img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> [click](javascript:window.pwned=3) ![t](https://evil.example/t.png) <iframe src="https://evil.example"></iframe>',
    });
    await agent.sendMessage({ contentType: 'text/plain', message: '<b onmouseover="window.pwned=4">bold?</b> **not markdown**' });
    await expect
      .poll(() => inWidget('.from-agent .bubble').filter({ hasText: 'not markdown' }).count(), { timeout: 8000 })
      .toBe(1);
    const found = await widget().evaluate((el) => {
      const root = el.shadowRoot!;
      return {
        bad: root.querySelectorAll('.log img, .log script, .log iframe, .log b, .log [onerror], .log [onmouseover]').length,
        hrefs: [...root.querySelectorAll('.log a')].map((a) => a.getAttribute('href')),
        text: root.querySelector('.log')!.textContent,
      };
    });
    expect(found.bad).toBe(0);
    for (const h of found.hrefs) expect(h).toMatch(/^(https?:|mailto:|tel:)/);
    expect(found.text).toContain('<script>window.pwned=2</script>');
    expect(found.text).toContain('**not markdown**');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it('attachments: refused before upload in words, sent with progress, downloadable', async () => {
    const input = inWidget('#file');
    await input.setInputFiles({ name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ...') });
    await expect.poll(() => inWidget('.upload.error').count()).toBe(1);
    expect(await text(inWidget('.upload.error'))).toMatch(/tool\.exe cannot be sent: that type of file is not accepted here/);
    await inWidget('.upload.error .link-btn').click();
    const png = Buffer.from(PNG_1PX, 'base64');
    await input.setInputFiles({ name: 'parcel-photo.png', mimeType: 'image/png', buffer: png });
    const att = await agentGot(
      (i) => i.Type === 'ATTACHMENT' && i.Attachments?.[0]?.AttachmentName === 'parcel-photo.png',
      'the photo',
    );
    expect(att.ParticipantRole).toBe('CUSTOMER');
    await expect.poll(() => inWidget('.file').filter({ hasText: 'parcel-photo.png' }).count(), { timeout: 8000 }).toBe(1);
    const download = page.waitForEvent('download');
    await inWidget('.file').filter({ hasText: 'parcel-photo.png' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('parcel-photo.png');
    expect(readFileSync((await file.path())!)).toEqual(png);
    // Dropped on the panel: sent the same way.
    await widget().evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      const target = el.shadowRoot!.querySelector('.panel')!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, composed: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, composed: true, cancelable: true }));
    }, PNG_1PX);
    await agentGot((i) => i.Type === 'ATTACHMENT' && i.Attachments?.[0]?.AttachmentName === 'dropped.png', 'the dropped file');
    await expect.poll(() => inWidget('.drop').count()).toBe(0);
  });

  it('the conversation, at both sizes', async () => {
    await agent.sendMessage({
      contentType: 'text/plain',
      message: 'Found it: it is at the depot and goes out tomorrow morning.',
    });
    await expect.poll(() => inWidget('.bubble').filter({ hasText: 'depot' }).count(), { timeout: 8000 }).toBe(1);
    // The page heard each message (the host page's `message` event).
    const heard = await page.evaluate(() =>
      (window as unknown as { widgetEvents: { name: string; detail: { Content?: string } }[] }).widgetEvents
        .filter((e) => e.name === 'message')
        .map((e) => e.detail.Content),
    );
    expect(heard).toContain('Found it: it is at the depot and goes out tomorrow morning.');
    await page.setViewportSize(DESKTOP);
    await shot(page, 'conversation');
    await page.setViewportSize(PHONE);
    // Phone-sized: the panel is the whole screen, the launcher hidden under it.
    const panel = (await inWidget('.panel').boundingBox())!;
    expect(panel).toMatchObject({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
    await shot(page, 'conversation');
    await page.setViewportSize(DESKTOP);
    await axe(page, 'conversation');
  });

  it('counts what arrives while the panel is closed on the launcher, and reads it when opened', async () => {
    await inWidget('.header .header-btn.icon-only').click(); // minimise
    await expect.poll(() => inWidget('[role="dialog"]').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.className)).toContain('launcher');
    const sent = await agent.sendMessage({
      contentType: 'text/plain',
      message: 'One more thing: you will get a text before delivery.',
    });
    await expect.poll(() => inWidget('.badge').count(), { timeout: 8000 }).toBe(1);
    expect(await text(inWidget('.badge'))).toBe('1');
    expect(await inWidget('.launcher').getAttribute('aria-label')).toBe('Open chat, 1 unread');
    expect(agentReads).not.toContain(sent.data.Id);
    await shot(page, 'unread');
    await inWidget('.launcher').click();
    await expect.poll(() => agentReads.includes(sent.data.Id), { timeout: 10_000 }).toBe(true);
    expect(await inWidget('.badge').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe('message');
  });

  it('survives a reload: the same chat, its history, no new chat', async () => {
    const before = await inWidget('.log .bubble').count();
    await page.reload();
    await expect.poll(() => inWidget('.log .bubble').count(), { timeout: 10_000 }).toBe(before);
    expect(
      await page.evaluate(() => (window as unknown as { widgetEvents: { name: string }[] }).widgetEvents.map((e) => e.name)),
    ).not.toContain('chat-started');
    // The panel was open: it still is, and the list picker is still answered.
    expect(await inWidget('.choices.list .choice:disabled').count()).toBe(3);
    expect(await inWidget('.from-me .receipt.read').count()).toBeGreaterThan(0);
    await agent.sendMessage({ contentType: 'text/plain', message: 'Still there after your reload?' });
    await expect.poll(() => inWidget('.bubble').filter({ hasText: 'after your reload' }).count(), { timeout: 8000 }).toBe(1);
  });

  it('a second tab shows the same conversation, and what is sent in one shows in the other', async () => {
    const tab2 = await context.newPage();
    collectProblems(tab2, 'tab 2', problems);
    await tab2.goto(`${site.origin}/`);
    await inWidget('.launcher', tab2).click();
    await expect
      .poll(() => inWidget('.bubble', tab2).filter({ hasText: 'after your reload' }).count(), { timeout: 10_000 })
      .toBe(1);
    await inWidget('#message', tab2).fill('Yes, from my other tab');
    await tab2.keyboard.press('Enter');
    await agentGot((i) => i.Content === 'Yes, from my other tab', 'the second tab');
    await expect.poll(() => inWidget('.bubble').filter({ hasText: 'from my other tab' }).count(), { timeout: 8000 }).toBe(1);
    await tab2.close();
  });

  it('ends with a confirmation step; the ended state offers the transcript and a rating', async () => {
    await inWidget('.header .end').click();
    await expect.poll(() => inWidget('[role="alertdialog"]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id)).toBe('confirm-cancel');
    await page.keyboard.press('Escape'); // backs out of the confirmation, not out of the panel
    await expect.poll(() => inWidget('[role="alertdialog"]').count()).toBe(0);
    expect(await inWidget('[role="dialog"]').count()).toBe(1);
    await inWidget('.header .end').click();
    await inWidget('.confirm .btn.danger').click();
    await expect.poll(() => inWidget('.ended-card').count(), { timeout: 10_000 }).toBe(1);
    await agentGot((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.chat.ended', 'the end');
    const events = await page.evaluate(() =>
      (window as unknown as { widgetEvents: { name: string; detail: { contactId?: string } }[] }).widgetEvents.filter(
        (e) => e.name === 'chat-ended',
      ),
    );
    expect(events).toEqual([{ name: 'chat-ended', detail: { contactId } }]);
    expect(await inWidget('#message').count()).toBe(0);
    await shotBoth(page, 'ended');
    await axe(page, 'ended');
  });

  it('the transcript is a .txt with times, names and messages', async () => {
    const download = page.waitForEvent('download');
    await inWidget('.ended-card .btn.secondary').first().click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^chat-transcript-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text).toMatch(/^Chat transcript: Demo store chat\n/);
    expect(text).toMatch(
      new RegExp(`\\[[^\\]]+\\d{2}:\\d{2}\\] You \\(${LONG_NAME}\\): My parcel has not arrived\\. Order A-1042\\.`),
    );
    expect(text).toMatch(/\] Bob[^:]*: Sorry about that! Let me \*\*check\*\* the order\./);
    expect(text).toMatch(/\[file: parcel-photo\.png\]/);
    expect(text).toMatch(/The chat has ended/);
  });

  it('rates the chat (a radio group of stars, a comment), thanks, and the contact has it', async () => {
    await inWidget('.rating button[type="submit"]').click();
    await expect.poll(() => inWidget('#rating-error').count()).toBe(1);
    // Keyboard: the stars are a radio group.
    await inWidget('.star input').nth(0).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await inWidget('.star input:checked').getAttribute('value')).toBe('4');
    await inWidget('#rating-comment').fill('Quick and kind, thank you.');
    await shotBoth(page, 'ended-rating');
    await inWidget('.rating button[type="submit"]').click();
    await expect.poll(() => inWidget('.thanks').count(), { timeout: 8000 }).toBe(1);
    const described = await world.connect.send(
      new DescribeContactCommand({ InstanceId: world.server.instance.id, ContactId: contactId }),
    );
    expect((described.Contact as { Attributes?: Record<string, string> }).Attributes).toMatchObject({
      customerRating: '4',
      customerComment: 'Quick and kind, thank you.',
    });
    await shotBoth(page, 'ended-thanks');
    await axe(page, 'ended, rated');
  });

  it('a reload of the ended chat shows it ended and rated; a new chat starts fresh', async () => {
    await page.reload();
    await expect.poll(() => inWidget('.ended-card').count(), { timeout: 10_000 }).toBe(1);
    expect(await inWidget('.thanks').count()).toBe(1);
    await inWidget('.new-chat').click();
    await expect.poll(() => inWidget('.prechat').count(), { timeout: 8000 }).toBe(1);
  });

  it('right-to-left pages mirror it: the launcher at the start side', async () => {
    await page.goto(`${site.origin}/rtl`);
    await expect.poll(() => inWidget('.launcher').count(), { timeout: 10_000 }).toBe(1);
    const box = (await inWidget('.launcher').boundingBox())!;
    expect(box.x).toBeLessThan(60);
    await expect.poll(() => inWidget('[role="dialog"]').count(), { timeout: 8000 }).toBe(1); // still open from before
    await expect.poll(() => inWidget('.prechat').count(), { timeout: 8000 }).toBe(1);
    expect(await text(inWidget('.prechat button[type="submit"]'))).toBe(ARABIC.prechatSubmit);
    const panel = (await inWidget('.panel').boundingBox())!;
    expect(panel.x).toBeLessThan(60);
    await shotBoth(page, 'rtl-prechat');
    await axe(page, 'right-to-left');
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
