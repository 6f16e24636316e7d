/**
 * Tasks in the agent desktop end to end (issue 22), in Chromium against the real server
 * (SQLite, the demo instance) serving the CCP built from the current sources. Agent A
 * (carol) opens "New task", picks the template "Customer callback", is told beside the
 * field that the customer's email is required, fills it and sends the task to the Support
 * queue; agent B (alice, a second browser context, who does not accept tasks by herself)
 * is offered it, accepts, reads it (the case reference is a link that cannot reach back to
 * the desktop), pauses, resumes, ends it and wraps it up. DescribeContact (the unmodified
 * client-connect) shows the task ended after one pause. A screenshot of every step goes to
 * the folder ccp-journey uses; axe-core checks each screen.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeContactCommand, ListQuickConnectsCommand, StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import { axe, launch, narrowLightAndDark, shot, signIn, WatchedPages } from './ui.js';
import { ccpWorld } from './world.js';

const TASK_NAME = 'Call Jane Doe back about the refund for order A-1042 (parcel arrived damaged)';
const CASE_URL = 'https://crm.example.com/cases/4242?tab=history';

describe('tasks in the agent desktop end to end', () => {
  let world: ChatWorld;
  let browser: Browser;
  let ctxA: BrowserContext;
  let a: Page;
  let b: Page;
  let ccpUrl: string;
  let taskId: string;
  const pages = new WatchedPages();

  beforeAll(async () => {
    ({ world, ccpUrl } = await ccpWorld({ dataDir: mkdtempSync(path.join(tmpdir(), 'sb-ccp-task-')) }));
    browser = await launch();
    ({ context: ctxA, page: a } = await pages.open(browser, 'A', { viewport: { width: 1100, height: 760 } }));
    ({ page: b } = await pages.open(browser, 'B', { viewport: { width: 1100, height: 760 } }));
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  /** A refusal A's desktop gets instead of the server's answer to its next createTemplatedTask. */
  let refuseNext: string | undefined;

  it('A opens "New task": a blank task to an agent or a queue, now or later', async () => {
    // A's agent socket passes through a stand-in that can answer one command with a refusal.
    await ctxA.routeWebSocket(/\/agent\/v1\/ws/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        const frame = typeof m === 'string' ? (JSON.parse(m) as { id?: string; method?: string }) : {};
        if (frame.method === 'createTemplatedTask' && refuseNext) {
          ws.send(
            JSON.stringify({ type: 'error', id: frame.id, error: { type: 'InvalidParameterException', message: refuseNext } }),
          );
          refuseNext = undefined;
          return;
        }
        server.send(m);
      });
    });
    await signIn(a, ccpUrl, 'carol'); // Offline: the task is not offered to her
    await a.getByRole('button', { name: 'New task' }).click();
    const dialog = a.getByRole('dialog', { name: 'New task' });
    await dialog.waitFor();
    await expect
      .poll(() => dialog.getByLabel('Send to', { exact: true }).locator('option').allTextContents())
      .toContain('Support queue');
    await dialog.getByRole('button', { name: 'Add a reference' }).click();
    await dialog.getByLabel('Later', { exact: true }).check();
    await shot(a, 'task-dialog-blank');
    await axe(a, 'new task (blank)');
    await dialog.getByLabel('Reference name 1', { exact: true }).fill('Order');
    await dialog.getByLabel('Value 1', { exact: true }).fill('not a link');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => errorOf(a, dialog.getByLabel('Value 1', { exact: true }))).toContain('web address');
    await a.setViewportSize({ width: 320, height: 460 });
    await shot(a, 'task-dialog-blank-320x460');
    await axe(a, 'new task (320 × 460)');
    await a.setViewportSize({ width: 1100, height: 760 });
    await dialog.getByRole('button', { name: /Remove reference Order/ }).click();
    await dialog.getByLabel('Now', { exact: true }).check();
  });

  it('A picks the template "Customer callback": its fields, defaults, required and read-only ones', async () => {
    const dialog = a.getByRole('dialog', { name: 'New task' });
    await dialog.getByText('From a template').click();
    await expect
      .poll(() => dialog.getByLabel('Template', { exact: true }).locator('option').allTextContents())
      .toContain('Customer callback');
    await dialog.getByLabel('Template', { exact: true }).selectOption({ label: 'Customer callback' });
    await dialog.getByLabel('Customer email', { exact: true }).waitFor();
    expect(await dialog.getByLabel('Description', { exact: true }).inputValue()).toBe('Call the customer back about their case.');
    expect(await dialog.getByLabel('Priority', { exact: true }).inputValue()).toBe('Normal');
    const team = dialog.getByLabel('Team', { exact: true });
    expect(await team.inputValue()).toBe('Support');
    expect(await team.getAttribute('readonly')).not.toBeNull();
    expect(await dialog.getByLabel('Customer email', { exact: true }).getAttribute('required')).not.toBeNull();
    await shot(a, 'task-dialog-template');
    await axe(a, 'new task (template)');
  });

  it('sent without the required email: the error is beside the field; filled, it goes to the Support queue', async () => {
    const dialog = a.getByRole('dialog', { name: 'New task' });
    await dialog.getByLabel('Name', { exact: true }).fill(TASK_NAME);
    await dialog.getByLabel('Case', { exact: true }).fill(CASE_URL);
    await dialog.getByLabel('Send to', { exact: true }).selectOption({ label: 'Support queue' });
    await dialog.getByRole('button', { name: 'Create task' }).click();
    const email = dialog.getByLabel('Customer email', { exact: true });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const errorText = await a.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(errorText).toContain('Fill this in.');
    // The email field has the focus, so the agent can type at once.
    expect(await email.evaluate((el) => el === document.activeElement)).toBe(true);
    await dialog.getByRole('alert').filter({ hasText: 'Some fields need attention' }).waitFor();
    await shot(a, 'task-dialog-errors');
    await axe(a, 'new task (errors)');

    await email.fill('jane@');
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => errorOf(a, email)).toContain('Enter an email address');
    await email.fill('jane.doe@example.com');

    // What the server refuses goes beside the fields it names, the rest above the form.
    refuseNext =
      'Task template Customer callback: References.Customer email: must be an address the CRM knows; References.Team: is read-only in the template (its value is "Support"); the queue is closed for tasks';
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => errorOf(a, email)).toContain('Must be an address the CRM knows.');
    expect(await errorOf(a, dialog.getByLabel('Team', { exact: true }))).toContain('set by the template');
    await dialog.getByRole('alert').filter({ hasText: 'The task was not created. The queue is closed for tasks.' }).waitFor();
    await shot(a, 'task-dialog-server-errors');
    await axe(a, 'new task (server errors)');

    await dialog.getByRole('button', { name: 'Create task' }).click();
    // Created, or else what the dialog says went wrong.
    const created = a.getByRole('status').filter({ hasText: `Task created: ${TASK_NAME}` });
    await expect
      .poll(
        async () => ((await created.count()) > 0 ? 'created' : (await dialog.getByRole('alert').allTextContents()).join(' ')),
        {
          timeout: 10_000,
        },
      )
      .toBe('created');
    await dialog.waitFor({ state: 'detached' });
    await shot(a, 'task-created');
  });

  it('B (Available, no auto-accept) is offered the task by name and queue, and accepts', async () => {
    await signIn(b, ccpUrl, 'alice');
    await b.getByLabel('Status', { exact: true }).selectOption({ label: 'Available' });
    const offer = b.getByRole('article', { name: /Incoming task/ });
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.textContent()).toContain(TASK_NAME);
    expect(await offer.textContent()).toMatch(/Queue: Support/);
    await shot(b, 'task-offer');
    await axe(b, 'task offer');
    await offer.getByRole('button', { name: 'Accept' }).click();
    await b.getByRole('tab', { name: /Call Jane Doe back/ }).waitFor();
  });

  it('B reads the task: name, description, references (the case a safe link), time left', async () => {
    const panel = b.getByRole('tabpanel');
    await panel.getByRole('heading', { name: TASK_NAME }).waitFor();
    await panel.getByText('Call the customer back about their case.').waitFor();
    const link = panel.getByRole('link', { name: /crm\.example\.com\/cases\/4242/ });
    expect(await link.getAttribute('href')).toBe(CASE_URL);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect((await link.getAttribute('rel'))?.split(' ')).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    expect(await panel.getByRole('link', { name: 'jane.doe@example.com' }).getAttribute('href')).toBe(
      'mailto:jane.doe@example.com',
    );
    await panel.getByText('Normal', { exact: true }).waitFor();
    await panel.getByText('Support', { exact: true }).first().waitFor();
    await panel.getByText(/^6d 23h left$/).waitFor();
    taskId = (await panel.getAttribute('id'))!.replace('sb-panel-', '');
    await shot(b, 'task-view');
    await axe(b, 'task view');
  });

  it('B pauses (Paused, the time paused runs), then resumes', async () => {
    await b.getByRole('button', { name: 'Pause' }).click();
    await b.getByRole('button', { name: 'Resume' }).waitFor();
    await b
      .getByRole('tab', { name: /Call Jane Doe back/ })
      .getByText('Paused')
      .waitFor();
    await b.getByText(/^Paused for 0:0[1-9]$/).waitFor({ timeout: 5000 });
    await b.getByText(/^1 pause, 0:0\d in all$/).waitFor();
    await shot(b, 'task-paused');
    await axe(b, 'task paused');
    await b.getByRole('button', { name: 'Resume' }).click();
    await b.getByRole('button', { name: 'Pause' }).waitFor();
    await expect.poll(() => b.getByRole('tab', { name: /Call Jane Doe back/ }).textContent()).not.toContain('Paused');
    await b.getByText(/^1 pause, 0:0[1-9] in all$/).waitFor();
    await shot(b, 'task-resumed');
  });

  it('the task view in a 320 × 460 frame, light and dark', async () => {
    await narrowLightAndDark(b, 'task-view', 'task view');
    await b.setViewportSize({ width: 1100, height: 760 });
    await shot(b, 'task-view-dark');
    await b.getByRole('button', { name: 'Switch between light and dark' }).click();
  });

  it('B ends the task and wraps it up; DescribeContact shows it ended after one pause', async () => {
    await b.getByRole('button', { name: 'End task' }).click();
    await b.getByRole('heading', { name: 'After contact work' }).waitFor();
    await b.getByRole('radio', { name: 'Resolved' }).check();
    await b.getByLabel('Notes', { exact: true }).fill('Called Jane; refund approved.');
    await shot(b, 'task-acw');
    await axe(b, 'task after contact work');
    await b.getByRole('button', { name: 'Close contact' }).click();
    await b.getByRole('heading', { name: 'No open contacts' }).waitFor();

    const { Contact } = await world.connect.send(
      new DescribeContactCommand({ InstanceId: world.server.instance.id, ContactId: taskId }),
    );
    const c = Contact as typeof Contact & { TotalPauseCount?: number; TotalPauseDurationInSeconds?: number };
    expect(c?.Channel).toBe('TASK');
    expect(c?.Name).toBe(TASK_NAME);
    expect(c?.DisconnectTimestamp).toBeInstanceOf(Date);
    expect(c?.TotalPauseCount).toBe(1);
    expect(c?.TotalPauseDurationInSeconds).toBeGreaterThanOrEqual(1);
  });

  it('a follow-up task sent straight to B: linked to the first (copyable id), a multi-line description, every reference type', async () => {
    const instanceId = world.server.instance.id;
    const qcs = await world.connect.send(new ListQuickConnectsCommand({ InstanceId: instanceId }));
    const toAlice = qcs.QuickConnectSummaryList?.find((q) => q.Name === 'Alice Anders')?.Id;
    await world.connect.send(
      new StartTaskContactCommand({
        InstanceId: instanceId,
        QuickConnectId: toAlice!,
        PreviousContactId: taskId,
        Name: 'Check the refund reached Jane',
        Description: 'Jane was promised the refund within 3 days.\n\n1. Look the payment up\n2. Email her the reference',
        References: {
          Payment: { Type: 'URL', Value: 'https://pay.example.com/refunds/R-981' },
          Amount: { Type: 'NUMBER', Value: '1249.5' },
          'Due by': { Type: 'DATE', Value: '2031-03-14' },
          Reference: {
            Type: 'STRING',
            Value: 'R-981 / order A-1042 / ticket 4242 / agent note: customer prefers email over phone',
          },
        },
        Attributes: { orderId: 'A-1042', _routingHint: 'hidden', apiToken: 'hidden-too' },
      }),
    );
    const offer = b.getByRole('article', { name: /Incoming task/ });
    await offer.waitFor();
    expect(await offer.textContent()).toMatch(/Sent to you/);
    await offer.getByRole('button', { name: 'Accept' }).click();
    const panel = b.getByRole('tabpanel');
    await panel.getByRole('heading', { name: 'Check the refund reached Jane' }).waitFor();
    // Line breaks kept; dates and numbers in the agent's locale; attributes without the hidden ones.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, to see the line breaks kept on screen
    expect(await panel.locator('.sb-task__description').evaluate((el) => (el as HTMLElement).innerText)).toContain(
      '\n1. Look the payment up\n2. Email her',
    );
    await panel.getByText('Mar 14, 2031').waitFor();
    await panel.getByText('1,249.5').waitFor();
    await panel.getByText('A-1042', { exact: true }).waitFor();
    expect(await panel.textContent()).not.toContain('hidden');
    await panel.getByText(taskId).waitFor();
    await panel.getByRole('button', { name: 'Copy Previous contact' }).waitFor();
    await shot(b, 'task-view-linked');
    await axe(b, 'task view (linked)');
    await b.getByRole('button', { name: 'End task' }).click();
    await b.getByRole('radio', { name: 'Resolved' }).check();
    await b.getByRole('button', { name: 'Close contact' }).click();
    await b.getByRole('heading', { name: 'No open contacts' }).waitFor();
    expect(pages.problems).toEqual([]);
  });
});

/** The words of a field's error (what its aria-describedby points at). */
async function errorOf(page: Page, field: ReturnType<Page['getByLabel']>): Promise<string> {
  const ids = (await field.getAttribute('aria-describedby')) ?? '';
  return page.evaluate(
    (list) =>
      list
        .split(' ')
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    ids,
  );
}
