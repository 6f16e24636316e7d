/**
 * A kill -9 of the server during a web call (issue 23), with the real CLI (what `npm start`
 * runs) on a fixed port, on every storage backend: the customer's page (its fake microphone
 * 440 Hz, `@switchboard/voice`) calls through StartWebRTCContact, alice accepts in her CCP
 * (1,000 Hz); they hear each other. SIGKILL: the customer's call is `disconnected`, trying
 * to rejoin (it cannot tell a dead server from a lost network), alice's desktop says it lost
 * the server and shows no live call controls. The server starts again on the same data: the
 * call's contact ended TELECOM_PROBLEM (its media died with the process), so the customer's
 * rejoin is refused and the call ends by itself (no hung state); alice's desktop reconnects,
 * lets go of the call's audio and finds it in after contact work; she closes it and takes
 * the next call, which works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ConnectClient,
  DescribeContactCommand,
  ListContactFlowsCommand,
  StartWebRTCContactCommand,
} from '@aws-sdk/client-connect';
import { demoConfig } from '@switchboard/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../../server/test/backends.js';
import { type CliProcess, killed, startCli } from '../../server/test/cli-process.js';
import type { StaticSite } from '../../server/test/static-site.js';
import { openVoicePages, startVoiceSite, TONE } from '../../voice/test/voice-pages.js';
import { desktopBrowser, desktopHears } from './desktop-audio.js';
import { shot, signIn, WatchedPages } from './ui.js';

const key = demoConfig.accessKeys[0]!;
const InstanceId = demoConfig.instance.id;
const CALLER = 'Jane Caller';

/** A port nobody listens on now (the server must come back on the same one: the desktop reconnects there). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe.each(backends)('a call over kill -9 of the server on $name', { timeout: 120_000 }, (backend) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('ends for both browsers, and the contact is ended (TELECOM_PROBLEM) after the restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-voice-restart-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const storage = await backend.fresh();
    const port = await freePort();
    const args = [
      '--data-dir',
      path.join(dir, 'data'),
      '--port',
      String(port),
      ...(storage.kind === 'postgres' ? ['--database-url', storage.url] : []),
    ];
    let cli: CliProcess = await startCli(args);
    cleanup.push(() => killed(cli));
    const connect = () =>
      new ConnectClient({
        region: 'us-east-1',
        endpoint: cli.url,
        credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
        maxAttempts: 1,
      });

    const errors: string[] = [];
    const site: StaticSite = await startVoiceSite();
    cleanup.push(() => site.close());
    const [voice, agent] = await Promise.all([
      openVoicePages(dir, site, { customer: TONE.customer }, errors),
      desktopBrowser(dir, 'alice', TONE.agentA),
    ]);
    cleanup.push(() => voice.close());
    const browser: Browser = agent.browser;
    cleanup.push(() => browser.close());
    const customer = voice.pages.customer;
    const pages = new WatchedPages(/Failed to load resource|WebSocket connection|ERR_CONNECTION_REFUSED/);
    const alice: Page = pages.watch(await agent.context.newPage(), 'alice');
    const ccpUrl = `${cli.url}/ccp/`;
    await signIn(alice, ccpUrl, 'alice');
    await alice.getByLabel('Status').selectOption({ label: 'Available' });

    const flows = (await connect().send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList ?? [];
    const call = async () => {
      const out = await connect().send(
        new StartWebRTCContactCommand({
          InstanceId,
          ContactFlowId: flows.find((f) => f.Name === 'Sales inbound')?.Id,
          ParticipantDetails: { DisplayName: CALLER },
        }),
      );
      const m = out.ConnectionData?.Meeting?.MediaPlacement;
      expect(await customer.start(m?.SignalingUrl as string, out.ConnectionData?.Attendee?.JoinToken as string)).toBe(
        'connected',
      );
      await alice.getByRole('article', { name: `Incoming call from ${CALLER}` }).waitFor({ timeout: 15_000 });
      await alice.getByRole('button', { name: 'Accept' }).click();
      await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      await Promise.all([customer.hears([TONE.agentA]), desktopHears(alice, [TONE.customer])]);
      return out.ContactId as string;
    };
    const contactId = await call();

    // SIGKILL: no shutdown hook runs.
    await killed(cli);
    // The customer's call tries to rejoin meanwhile (VoiceCall's reconnectWindowMs, 30 s).
    await expect.poll(() => customer.state(), { timeout: 15_000 }).toBe('disconnected');
    // The desktop says it lost the server; the call's controls are not live.
    await alice.getByRole('status').filter({ hasText: 'Lost touch with Switchboard: the call may have ended' }).waitFor();
    expect(await alice.getByRole('button', { name: 'Hold', exact: true }).isDisabled()).toBe(true);
    await shot(alice, `call-server-killed-${backend.name}`);

    // The server comes back on the same data and port: the call ended, alice finds it in after contact work.
    cli = await startCli(args);
    // The call's contact ended at start: the customer's rejoin is refused, the call ends (had
    // the server taken longer than the 30 s window, it would have failed by then instead).
    await expect.poll(() => customer.state(), { timeout: 30_000 }).toMatch(/^(ended|failed)$/);
    await alice.getByRole('heading', { name: 'After contact work' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => alice.locator('audio.sb-call-audio').count(), { timeout: 15_000 }).toBe(0);
    const ended = (await connect().send(new DescribeContactCommand({ InstanceId, ContactId: contactId }))).Contact;
    expect(ended?.DisconnectReason).toBe('TELECOM_PROBLEM');
    await shot(alice, `call-after-restart-${backend.name}`);
    await alice.getByRole('radio', { name: 'Resolved' }).check();
    await alice.getByRole('button', { name: 'Close contact' }).click();
    await alice.getByRole('heading', { name: 'No open contacts' }).waitFor();

    // The next call works.
    await call();
    await alice.getByRole('button', { name: 'Hang up' }).click();
    await customer.ended();
    expect(errors).toEqual([]);
    expect(pages.problems).toEqual([]);
  });
});
