/**
 * The agent desktop end to end in Chromium, against the real server (SQLite) serving the
 * CCP built from the current sources, with the unmodified amazon-connect-chatjs as the
 * customer (in Node). Agent A (bob) signs in, goes Available, takes a chat, talks (typing,
 * read marks, attachments both ways, a quick response), reloads, rides out 10 s offline,
 * and transfers to agent B (alice, a second browser context), who ends the chat and wraps
 * it up; DescribeContact (unmodified client-connect) shows the wrap-up code. A screenshot
 * of every step goes to the folder printed at the start; axe-core checks each screen.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeContactCommand, GetContactAttributesCommand } from '@aws-sdk/client-connect';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import { ChatSession as ChatjsSession, configureChatjs } from '../../server/test/chatjs-env.js';
import { axe, launch, narrowLightAndDark, shot, signIn, WatchedPages } from './ui.js';
import { ccpWorld } from './world.js';

const TYPING = 'application/vnd.amazonaws.connect.event.typing';

interface ChatjsEvent {
  readonly kind: string;
  readonly data: {
    Id?: string;
    Content?: string;
    ContentType?: string;
    Type?: string;
    ParticipantRole?: string;
    Attachments?: { AttachmentId: string; AttachmentName: string }[];
  } | null;
}

/** The customer: the unmodified chatjs in Node. */
class Customer {
  readonly events: ChatjsEvent[] = [];
  private constructor(readonly session: connect.CustomerChatSession) {}

  static async start(
    world: ChatWorld,
    name: string,
    attributes: Record<string, string> = {},
  ): Promise<{ customer: Customer; contactId: string }> {
    const started = await world.startChat({ ParticipantDetails: { DisplayName: name }, Attributes: attributes });
    const session = ChatjsSession.create({
      chatDetails: started,
      type: 'CUSTOMER',
      disableCSM: true,
      options: { region: 'us-east-1' },
    } as unknown as connect.CustomerChatSessionArgs) as connect.CustomerChatSession;
    const c = new Customer(session);
    const rec = (kind: string) => (e: unknown) => {
      c.events.push({ kind, data: ((e as { data?: unknown } | null)?.data ?? null) as ChatjsEvent['data'] });
    };
    session.onMessage(rec('message'));
    session.onTyping(rec('typing'));
    session.onReadReceipt(rec('read'));
    session.onEnded(rec('ended'));
    await session.connect();
    return { customer: c, contactId: started.ContactId };
  }

  async send(text: string): Promise<string> {
    const r = await this.session.sendMessage({ contentType: 'text/plain', message: text });
    return (r.data as { Id: string }).Id;
  }

  async waitFor(kind: string, pred: (e: ChatjsEvent) => boolean, what: string, timeoutMs = 8000): Promise<ChatjsEvent> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.find((e) => e.kind === kind && pred(e));
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`customer: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

describe('the agent desktop (CCP) end to end', () => {
  let world: ChatWorld;
  let browser: Browser;
  let ctxA: BrowserContext;
  let a: Page;
  let ccpUrl: string;
  let customer: Customer;
  let contactId: string;
  // The network going away on purpose, and refusals the test provokes, are not problems.
  const pages = new WatchedPages(/ERR_INTERNET_DISCONNECTED|Failed to load resource/);

  beforeAll(async () => {
    ({ world, ccpUrl } = await ccpWorld({ dataDir: mkdtempSync(path.join(tmpdir(), 'sb-ccp-')) }));
    configureChatjs(world.server.url, 'us-east-1');
    browser = await launch();
    ({ context: ctxA, page: a } = await pages.open(browser, 'A', { viewport: { width: 1100, height: 720 } }));
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('signs in (a wrong password says so), and shows an idle desktop', async () => {
    await a.goto(ccpUrl);
    await a.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot(a, 'sign-in');
    await axe(a, 'sign-in');
    await a.getByLabel('Username').fill('bob');
    await a.getByLabel('Password').fill('not-the-password');
    await a.getByRole('button', { name: 'Sign in' }).click();
    await a.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    await shot(a, 'sign-in-wrong-password');
    await signIn(a, ccpUrl, 'bob');
    await a.getByRole('heading', { name: 'No open contacts' }).waitFor();
    await shot(a, 'idle-offline');
    await axe(a, 'idle');
  });

  it('goes Available: the timer runs and new chats will ring', async () => {
    await a.getByLabel('Status').selectOption({ label: 'Available' });
    await a.getByText('You are available').waitFor();
    await shot(a, 'idle-available');
  });

  it('a chat from the unmodified chatjs rings: customer, queue, attributes, countdown; Accept opens it', async () => {
    ({ customer, contactId } = await Customer.start(world, 'Jane Doe', { orderId: 'A-1042', plan: 'Business' }));
    const offer = a.getByRole('article', { name: /Incoming chat/ });
    await offer.waitFor();
    await expect.poll(() => offer.textContent()).toMatch(/Jane Doe/);
    expect(await offer.textContent()).toMatch(/Queue: Support/);
    expect(await offer.textContent()).toMatch(/A-1042/);
    expect(await offer.textContent()).toMatch(/Expires in \d+ s/);
    await shot(a, 'ringing');
    await axe(a, 'ringing');
    await offer.getByRole('button', { name: 'Accept' }).click();
    await a.getByRole('tab', { name: /Jane Doe/ }).waitFor();
    await a.getByRole('log', { name: 'Conversation' }).waitFor();
  });

  it('messages both ways, with typing and read marks', async () => {
    const log = a.getByRole('log', { name: 'Conversation' });
    await customer.send('Hi, my order has not arrived');
    await log.getByText('Hi, my order has not arrived').waitFor();
    // The customer sees the agent typing, then the answer.
    const box = a.getByRole('combobox', { name: /Type a message/ });
    await box.fill('Let me check that for you');
    await customer.waitFor('typing', (e) => e.data?.ParticipantRole === 'AGENT', 'the agent typing');
    await box.press('Enter');
    await customer.waitFor('message', (e) => e.data?.Content === 'Let me check that for you', 'the agent message');
    // The customer reads it: the desktop shows "Read".
    const agentMsg = customer.events.find((e) => e.kind === 'message' && e.data?.Content === 'Let me check that for you');
    await customer.session.sendEvent({
      contentType: 'application/vnd.amazonaws.connect.event.message.read',
      content: JSON.stringify({ messageId: agentMsg?.data?.Id }),
    });
    await log.getByText('Read', { exact: true }).waitFor();
    // The customer types: the desktop shows it.
    await customer.session.sendEvent({ contentType: TYPING });
    await a.getByText('Jane Doe is typing…').waitFor();
    await shot(a, 'chat');
    await axe(a, 'chat');
  });

  it('attachments both ways, bytes compared; a file the chat does not take is refused before upload', async () => {
    const log = a.getByRole('log', { name: 'Conversation' });
    // Customer → agent: the desktop shows the file and downloads the same bytes.
    const png = randomBytes(64 * 1024);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
    await customer.session.sendAttachment({ attachment: new File([png], 'receipt.png', { type: 'image/png' }) });
    const chip = log.getByRole('button', { name: /receipt\.png/ });
    await chip.waitFor();
    const [download] = await Promise.all([a.waitForEvent('download'), chip.click()]);
    expect(download.suggestedFilename()).toBe('receipt.png');
    expect(readFileSync((await download.path())!).equals(png)).toBe(true);
    // Agent → customer: picked with the attach button.
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-ccp-files-'));
    const pdf = randomBytes(32 * 1024);
    writeFileSync(path.join(dir, 'return-label.pdf'), pdf);
    await a.locator('input[type=file]').setInputFiles(path.join(dir, 'return-label.pdf'));
    const item = await customer.waitFor(
      'message',
      (e) => e.data?.Type === 'ATTACHMENT' && e.data.Attachments?.[0]?.AttachmentName === 'return-label.pdf',
      'the agent attachment',
    );
    const blob = (await customer.session.downloadAttachment({
      attachmentId: item.data!.Attachments![0]!.AttachmentId,
    })) as unknown as Blob;
    expect(Buffer.from(await blob.arrayBuffer()).equals(pdf)).toBe(true);
    await log.getByRole('button', { name: /return-label\.pdf/ }).waitFor();
    // A type the chat does not take: refused in words, nothing uploaded.
    writeFileSync(path.join(dir, 'setup.exe'), randomBytes(100));
    await a.locator('input[type=file]').setInputFiles(path.join(dir, 'setup.exe'));
    await a.getByRole('alert').filter({ hasText: 'setup.exe is a type of file' }).waitFor();
    await shot(a, 'chat-attachments');
  });

  it('a quick response: "/" searches, Enter inserts it with the customer\'s name filled in', async () => {
    const box = a.getByRole('combobox', { name: /Type a message/ });
    await box.fill('/greet');
    const list = a.getByRole('listbox', { name: 'Quick responses' });
    await list.waitFor();
    await shot(a, 'quick-responses');
    await axe(a, 'quick responses');
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toMatch(/^Hi Jane Doe, thanks for contacting/);
    await box.press('Enter');
    await customer.waitFor(
      'message',
      (e) => /^Hi Jane Doe, thanks for contacting/.test(e.data?.Content ?? ''),
      'the quick response',
    );
  });

  it('a reload mid-chat shows the whole transcript again', async () => {
    await a.reload();
    const log = a.getByRole('log', { name: 'Conversation' });
    for (const text of ['Hi, my order has not arrived', 'Let me check that for you']) await log.getByText(text).waitFor();
    await log.getByRole('button', { name: /receipt\.png/ }).waitFor();
    await log.getByText(/^Hi Jane Doe, thanks for contacting/).waitFor();
    await shot(a, 'chat-after-reload');
  });

  it('10 s offline while the customer sends 5 messages: a banner, then all 5, once each', { timeout: 60_000 }, async () => {
    await ctxA.setOffline(true);
    await a
      .getByText(/Connection lost/)
      .first()
      .waitFor({ timeout: 15_000 });
    await shot(a, 'offline');
    const sent: string[] = [];
    for (let i = 1; i <= 5; i++) sent.push(await customer.send(`While you were away ${i}`));
    await new Promise((r) => setTimeout(r, 10_000));
    await ctxA.setOffline(false);
    const log = a.getByRole('log', { name: 'Conversation' });
    for (let i = 1; i <= 5; i++) await log.getByText(`While you were away ${i}`, { exact: true }).waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 1; i <= 5; i++) expect(await log.getByText(`While you were away ${i}`, { exact: true }).count()).toBe(1);
    await expect.poll(() => a.getByText(/Connection lost/).count()).toBe(0);
    expect(sent).toHaveLength(5);
  });

  let b: Page;

  it('transfers to agent B (another browser): A goes to after-contact work; B accepts, ends and wraps up', {
    timeout: 60_000,
  }, async () => {
    ({ page: b } = await pages.open(browser, 'B', { viewport: { width: 420, height: 720 } }));
    await signIn(b, ccpUrl, 'alice');
    await b.getByLabel('Status').selectOption({ label: 'Available' });
    await b.getByText('You are available').waitFor();

    await a.getByRole('button', { name: 'Transfer' }).click();
    const dialog = a.getByRole('dialog', { name: 'Transfer the chat' });
    await dialog.getByRole('button', { name: /Alice Anders/ }).waitFor();
    await expect.poll(() => dialog.getByRole('button', { name: /Alice Anders/ }).textContent()).toMatch(/Available/);
    await shot(a, 'transfer');
    await axe(a, 'transfer');
    await dialog.getByRole('button', { name: /Alice Anders/ }).click();
    await a.getByRole('heading', { name: 'After contact work' }).waitFor();
    await shot(a, 'acw-after-transfer');
    await axe(a, 'after contact work');

    const offer = b.getByRole('article', { name: /Incoming chat/ });
    await offer.waitFor();
    // Sent to her directly: no queue name (her own queue is named after her), but what happened.
    expect(await offer.textContent()).toMatch(/Transferred to you/);
    await shot(b, 'b-ringing-phone');
    await offer.getByRole('button', { name: 'Accept' }).click();
    const log = b.getByRole('log', { name: 'Conversation' });
    await log.getByText('Hi, my order has not arrived').waitFor();
    await b.getByRole('combobox', { name: /Type a message/ }).fill('Hi Jane, Alice here. Your parcel ships today.');
    await b.getByRole('combobox', { name: /Type a message/ }).press('Enter');
    await customer.waitFor('message', (e) => e.data?.Content === 'Hi Jane, Alice here. Your parcel ships today.', "B's message");
    await shot(b, 'b-chat-phone');
    await b.getByRole('button', { name: 'End chat' }).click();
    await b.getByRole('heading', { name: 'After contact work' }).waitFor();
    // Closing without a code says what is missing.
    await b.getByRole('button', { name: 'Close contact' }).click();
    await b.getByRole('alert').filter({ hasText: 'Pick a wrap-up code' }).waitFor();
    await b.getByRole('radio', { name: 'Resolved' }).check();
    await b.getByLabel('Notes').fill('Parcel delayed at the depot; shipped today.');
    await shot(b, 'b-acw-phone');
    await axe(b, 'after contact work (phone)');
    const bContact = await b.evaluate(() => document.querySelector('[role=tabpanel]')?.id.replace('sb-panel-', ''));
    await b.getByRole('button', { name: 'Close contact' }).click();
    await b.getByRole('heading', { name: 'No open contacts' }).waitFor();
    await customer.waitFor('ended', () => true, "the customer's onEnded");

    // DescribeContact (the unmodified client-connect) shows what B chose.
    const described = await world.connect.send(
      new DescribeContactCommand({ InstanceId: world.server.instance.id, ContactId: bContact! }),
    );
    const attrs = await world.connect.send(
      new GetContactAttributesCommand({ InstanceId: world.server.instance.id, InitialContactId: contactId }),
    );
    const describedAttrs = (described.Contact as { Attributes?: Record<string, string> } | undefined)?.Attributes;
    expect(describedAttrs).toMatchObject({ wrapUpCode: 'Resolved', agentNotes: 'Parcel delayed at the depot; shipped today.' });
    expect(attrs.Attributes).toMatchObject({ wrapUpCode: 'Resolved' });

    // A closes its after-contact work too; B takes a break.
    await a.getByRole('radio', { name: 'Follow-up needed' }).check();
    await a.getByRole('button', { name: 'Close contact' }).click();
    await a.getByRole('heading', { name: 'No open contacts' }).waitFor();
    await b.getByLabel('Status').selectOption({ label: 'Break' });
  });

  it('two tabs of one agent stay in sync, and only one of them rings', async () => {
    const a2 = pages.watch(await ctxA.newPage(), 'A2');
    await a2.goto(ccpUrl); // signed in from the shared session, no prompt
    await a2.getByLabel('Status').waitFor();
    const second = await Customer.start(world, 'Sam Second-Tab');
    for (const page of [a, a2]) await page.getByRole('article', { name: /Incoming chat/ }).waitFor();
    // The ring is the leading tab's alone.
    await expect
      .poll(async () =>
        [
          await a.evaluate(() => document.documentElement.dataset.ringing ?? ''),
          await a2.evaluate(() => document.documentElement.dataset.ringing ?? ''),
        ]
          .sort()
          .join(','),
      )
      .toBe(',true');
    await a2
      .getByRole('article', { name: /Incoming chat/ })
      .getByRole('button', { name: 'Accept' })
      .click();
    // Accepted in one tab: the other shows the chat too, and nobody rings.
    await a.getByRole('tab', { name: /Sam Second-Tab/ }).waitFor();
    await expect.poll(() => a.evaluate(() => document.documentElement.dataset.ringing ?? '')).toBe('');
    await second.customer.send('Hello from tab land');
    for (const page of [a, a2]) await page.getByRole('log', { name: 'Conversation' }).getByText('Hello from tab land').waitFor();
    await a2.close();

    // A second chat at once: the tab not in view counts what arrives there.
    const third = await Customer.start(world, 'Uma Unread');
    await a
      .getByRole('article', { name: /Incoming chat/ })
      .getByRole('button', { name: 'Accept' })
      .click();
    await expect.poll(() => a.getByRole('tab', { name: /Uma Unread/ }).getAttribute('aria-selected')).toBe('true');
    await second.customer.send('Still there?');
    await second.customer.send('Hello?');
    const samTab = a.getByRole('tab', { name: /Sam Second-Tab/ });
    await expect.poll(() => samTab.textContent()).toContain('2 unread');
    await shot(a, 'two-chats-unread');
    await samTab.click();
    await expect.poll(() => samTab.textContent()).not.toContain('unread');
    await a.getByRole('tab', { name: /Uma Unread/ }).click();
    await a.getByRole('button', { name: 'End chat' }).click();
    await a.getByRole('radio', { name: 'Resolved' }).check();
    await a.getByRole('button', { name: 'Close contact' }).click();
    await a.getByRole('tab', { name: /Uma Unread/ }).waitFor({ state: 'detached' });
    await third.customer.waitFor('ended', () => true, 'the third chat ended');
    await samTab.click();

    // The narrow CCP (an iframe in a CRM is often 320 × 460), light and dark.
    await narrowLightAndDark(a, 'chat', 'chat');
    await a.keyboard.press('?');
    await a.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot(a, 'help-dark');
    await axe(a, 'help');
    await a.keyboard.press('Escape');
    await a.getByRole('button', { name: 'Switch between light and dark' }).click();
    await a.setViewportSize({ width: 1100, height: 720 });
    await a.getByRole('button', { name: 'End chat' }).click();
    await a.getByRole('radio', { name: 'Resolved' }).check();
    await a.getByRole('button', { name: 'Close contact' }).click();
    await a.getByRole('heading', { name: 'No open contacts' }).waitFor();
    expect(pages.problems).toEqual([]);
  });

  it('a session ended elsewhere brings back the sign-in form, in words; sign-out sets the agent Offline first', async () => {
    // The agent signs out in another place (the same session): this desktop says so.
    const token = await a.evaluate(() => JSON.parse(localStorage.getItem('switchboard.ccp.session') ?? '{}').token as string);
    const bye = await fetch(`${world.server.url}/agent/v1/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bye.status).toBe(200);
    await a.getByRole('heading', { name: 'Sign in' }).waitFor();
    await a.getByText('You are signed out.').waitFor();
    await shot(a, 'signed-out-elsewhere');

    // Signing out from the desktop: Offline first (no more contacts), then the session ends.
    await signIn(a, ccpUrl, 'bob');
    await a.getByLabel('Status').selectOption({ label: 'Available' });
    await a.getByText('You are available').waitFor();
    await a.getByRole('button', { name: 'Sign out' }).click();
    await a.getByRole('heading', { name: 'Sign in' }).waitFor();
    const { ListUsersCommand, GetCurrentUserDataCommand } = await import('@aws-sdk/client-connect');
    const users = await world.connect.send(new ListUsersCommand({ InstanceId: world.server.instance.id }));
    const bobId = users.UserSummaryList?.find((u) => u.Username === 'bob')?.Id;
    const data = await world.connect.send(
      new GetCurrentUserDataCommand({ InstanceId: world.server.instance.id, Filters: { Agents: [bobId!] } }),
    );
    expect(data.UserDataList?.[0]?.Status?.StatusName).toBe('Offline');
  });
});
