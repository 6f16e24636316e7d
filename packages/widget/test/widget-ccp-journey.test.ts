/**
 * The customer and the agent, end to end, in two browser contexts: a customer on the demo
 * store page at `/` (the widget from its one script tag) and an agent in the desktop at
 * `/ccp/`, both built from the current sources and served by the real server (SQLite).
 * The customer fills the pre-chat form; the agent accepts; they exchange messages, the
 * flow's list picker choice, and a file each way; the customer reloads (the whole
 * transcript, no second chat); the customer's network goes away for 10 s while the agent
 * sends 3 messages (each arrives once); the agent ends the chat; the customer rates it and
 * DescribeContact shows the rating. Screenshots at 1280 × 800 and 390 × 844.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, WatchedPages } from '../../ccp/test/ui.js';
import { ccpWorld } from '../../ccp/test/world.js';
import type { ChatWorld } from '../../server/test/chat-support.js';
import { axe, DESKTOP, launch, SHOTS, shot, shotBoth, widgetBuild } from './browser.js';

const W = 'switchboard-chat';

describe('customer (widget on the demo page) and agent (CCP), end to end', () => {
  let world: ChatWorld;
  let browser: Browser;
  let customerCtx: BrowserContext;
  let customer: Page;
  let agent: Page;
  let ccpUrl: string;
  let contactId: string;
  // The customer's network going away on purpose is not a problem.
  const pages = new WatchedPages(/ERR_INTERNET_DISCONNECTED|Failed to load resource/);
  const inWidget = (sel: string) => customer.locator(`${W} ${sel}`);
  const log = () => agent.getByRole('log', { name: 'Conversation' });
  const bubbles = (text: string) => inWidget('.bubble').filter({ hasText: text });

  beforeAll(async () => {
    const { dir, widgetFile } = await widgetBuild('sb-journey-');
    // The demo instance (no config): `/` is the demo store with the widget on it.
    ({ world, ccpUrl } = await ccpWorld({ widgetFile, dataDir: dir }));
    browser = await launch();
    ({ page: agent } = await pages.open(browser, 'agent', { viewport: DESKTOP, acceptDownloads: true }));
    ({ context: customerCtx, page: customer } = await pages.open(browser, 'customer', {
      viewport: DESKTOP,
      acceptDownloads: true,
    }));
    console.log(`journey screenshots: ${SHOTS}`);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('the agent signs in to /ccp/ and goes Available', async () => {
    await signIn(agent, ccpUrl, 'bob');
    await agent.getByLabel('Status').selectOption({ label: 'Available' });
    await agent.getByText('You are available').waitFor();
  });

  it('the customer opens the demo page and fills the pre-chat form; the desktop rings and the agent accepts', async () => {
    await customer.goto(`${world.server.url}/`);
    await inWidget('.launcher').waitFor();
    await shotBoth(customer, 'journey-demo-page');
    await inWidget('.launcher').click();
    await expect.poll(() => inWidget('.prechat').count(), { timeout: 8000 }).toBe(1);
    await inWidget('#f-name').fill('Jane Doe');
    await inWidget('#f-email').fill('jane@example.com');
    await inWidget('#f-orderId').fill('A-1042');
    await shotBoth(customer, 'journey-prechat');
    await axe(customer, 'pre-chat (demo page)');
    await inWidget('.prechat button[type="submit"]').click();
    const offer = agent.getByRole('article', { name: /Incoming chat/ });
    await offer.waitFor({ timeout: 10_000 });
    expect(await offer.textContent()).toMatch(/Jane Doe/);
    await offer.getByRole('button', { name: 'Accept' }).click();
    await agent.locator('[role=tabpanel]').waitFor(); // the accepted contact's panel, once it is drawn
    contactId = (await agent.evaluate(() => document.querySelector('[role=tabpanel]')?.id.replace('sb-panel-', '')))!;
    expect(contactId).toMatch(/[0-9a-f-]{36}/);
    await expect.poll(() => inWidget('.header .subtitle').textContent(), { timeout: 8000 }).toMatch(/Bob Brown/);
  });

  it('the list picker choice, and messages both ways', async () => {
    await expect.poll(() => inWidget('.choices.list .choice').count(), { timeout: 8000 }).toBe(3);
    await inWidget('.choices.list .choice').filter({ hasText: 'Orders' }).click();
    // Shown twice in the desktop: among the choices the flow offered, and as Jane's answer.
    await expect.poll(() => log().getByText('Orders', { exact: true }).count(), { timeout: 8000 }).toBe(2);
    await inWidget('#message').fill('My parcel has not arrived.');
    await customer.keyboard.press('Enter');
    await log().getByText('My parcel has not arrived.').waitFor();
    const box = agent.getByRole('combobox', { name: /Type a message/ });
    await box.fill('Sorry to hear that, Jane. Let me check order A-1042.');
    await box.press('Enter');
    await bubbles('Let me check order A-1042').first().waitFor();
    await shotBoth(customer, 'journey-conversation');
    await shot(agent, 'journey-agent-chat');
  });

  it('a file each way, bytes compared', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-journey-files-'));
    const photo = randomBytes(40 * 1024);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(photo);
    writeFileSync(path.join(dir, 'parcel.png'), photo);
    await inWidget('input[type="file"]').setInputFiles(path.join(dir, 'parcel.png'));
    const chip = log().getByRole('button', { name: /parcel\.png/ });
    await chip.waitFor({ timeout: 10_000 });
    const [fromCustomer] = await Promise.all([agent.waitForEvent('download'), chip.click()]);
    expect(readFileSync((await fromCustomer.path())!).equals(photo)).toBe(true);

    const label = randomBytes(24 * 1024);
    writeFileSync(path.join(dir, 'return-label.pdf'), label);
    await agent.locator('input[type=file]').setInputFiles(path.join(dir, 'return-label.pdf'));
    const file = inWidget('.file').filter({ hasText: 'return-label.pdf' });
    await file.first().waitFor({ timeout: 10_000 });
    const [fromAgent] = await Promise.all([customer.waitForEvent('download'), file.first().click()]);
    expect(readFileSync((await fromAgent.path())!).equals(label)).toBe(true);
  });

  it('the customer reloads: the whole transcript, and no second chat', async () => {
    await customer.reload();
    for (const text of ['My parcel has not arrived.', 'Let me check order A-1042']) {
      await expect.poll(() => bubbles(text).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await inWidget('.file').filter({ hasText: 'return-label.pdf' }).first().waitFor();
    // Still one contact: the desktop has one tab and nothing rings.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await agent.getByRole('tab').count()).toBe(1);
    expect(await agent.getByRole('article', { name: /Incoming chat/ }).count()).toBe(0);
    await shotBoth(customer, 'journey-after-reload');
  });

  it('10 s offline while the agent sends 3 messages: all 3 arrive, once each', { timeout: 60_000 }, async () => {
    await customerCtx.setOffline(true);
    const box = agent.getByRole('combobox', { name: /Type a message/ });
    for (let i = 1; i <= 3; i++) {
      await box.fill(`Update ${i} of 3 while you were away`);
      await box.press('Enter');
      await log().getByText(`Update ${i} of 3 while you were away`).waitFor();
    }
    await new Promise((r) => setTimeout(r, 10_000));
    await customerCtx.setOffline(false);
    for (let i = 1; i <= 3; i++) {
      await expect.poll(() => bubbles(`Update ${i} of 3 while you were away`).count(), { timeout: 15_000 }).toBe(1);
    }
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 1; i <= 3; i++) expect(await bubbles(`Update ${i} of 3 while you were away`).count()).toBe(1);
  });

  it('the agent ends the chat: the widget shows the end; the customer rates it and DescribeContact shows the rating', async () => {
    await agent.getByRole('button', { name: 'End chat' }).click();
    await agent.getByRole('heading', { name: 'After contact work' }).waitFor();
    await expect.poll(() => inWidget('.ended-card').count(), { timeout: 10_000 }).toBe(1);
    await shotBoth(customer, 'journey-ended');
    await axe(customer, 'ended (demo page)');
    // Five stars, by keyboard (the stars are a radio group).
    await inWidget('.star input').nth(0).focus();
    for (let i = 0; i < 4; i++) await customer.keyboard.press('ArrowRight');
    expect(await inWidget('.star input:checked').getAttribute('value')).toBe('5');
    await inWidget('#rating-comment').fill('Bob sorted it out in minutes.');
    await inWidget('.rating button[type="submit"]').click();
    await expect.poll(() => inWidget('.thanks').count(), { timeout: 8000 }).toBe(1);
    await shotBoth(customer, 'journey-rated');
    const described = await world.connect.send(
      new DescribeContactCommand({ InstanceId: world.server.instance.id, ContactId: contactId }),
    );
    expect((described.Contact as { Attributes?: Record<string, string> }).Attributes).toMatchObject({
      customerRating: '5',
      customerComment: 'Bob sorted it out in minutes.',
      customer_email: 'jane@example.com',
    });
    // The agent wraps up.
    await agent.getByRole('radio', { name: 'Resolved' }).check();
    await agent.getByRole('button', { name: 'Close contact' }).click();
    await agent.getByRole('heading', { name: 'No open contacts' }).waitFor();
    expect(pages.problems).toEqual([]);
  });
});
