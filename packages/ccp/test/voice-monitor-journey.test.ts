/**
 * A supervisor's desktop on a monitored call (issue 23), in Chromium against the real
 * server (SQLite, the demo instance) serving the CCP built from the current sources. The
 * customer's page (440 Hz), alice's desktop (1,000 Hz) and carol's (1,800 Hz, the demo's
 * supervisor) each play their own tone; each page must hear exactly the expected ones.
 *
 * Alice takes the customer's call; StartContactRecording: her call view says it records,
 * she pauses and resumes the recording. MonitorContact (client-connect) for carol: her desktop
 * shows a Monitoring tab, already connected ("Listening in", whom she monitors): she hears
 * both, neither hears her. Barge in: both hear her, and alice's call view says a
 * supervisor joined. Mute the agent: the customer hears only carol; alice's call view says
 * a supervisor muted her and her Mute button waits. Let the agent speak, Listen only: as
 * before. Stop monitoring: alice and the customer go on. Screenshots of each view (also
 * 320 × 460 and dark), axe on each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ListUsersCommand,
  MonitorContactCommand,
  StartContactRecordingCommand,
  StartWebRTCContactCommand,
} from '@aws-sdk/client-connect';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import type { StaticSite } from '../../server/test/static-site.js';
import { openVoicePages, startVoiceSite, TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import { desktopBrowser, desktopHears } from './desktop-audio.js';
import { SHOTS, screens, shot, signIn, WatchedPages } from './ui.js';
import { ccpWorld } from './world.js';

const CALLER = 'Jane Caller';

describe("a supervisor's desktop: listen in, barge in, mute the agent (issue 23)", { timeout: 90_000 }, () => {
  let dir: string;
  let site: StaticSite;
  let world: ChatWorld;
  let ccpUrl: string;
  const browsers: Browser[] = [];
  let customer: VoicePage;
  let closeCustomer: (() => Promise<void>) | undefined;
  let alice: Page;
  let carol: Page;
  let contactId: string;
  const errors: string[] = [];
  const pages = new WatchedPages();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-ccp-monitor-'));
    const [s, w] = await Promise.all([startVoiceSite(), ccpWorld({ dataDir: dir })]);
    site = s;
    ({ world, ccpUrl } = w);
    const [opened, a, c] = await Promise.all([
      openVoicePages(dir, site, { customer: TONE.customer }, errors),
      desktopBrowser(dir, 'alice', TONE.agentA),
      desktopBrowser(dir, 'carol', TONE.agentB),
    ]);
    customer = opened.pages.customer;
    closeCustomer = opened.close;
    browsers.push(a.browser, c.browser);
    alice = pages.watch(await a.context.newPage(), 'alice');
    carol = pages.watch(await c.context.newPage(), 'carol');
    console.log(`CCP screenshots: ${SHOTS}`);
  }, 90_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await closeCustomer?.();
    await world?.close();
    await site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(errors).toEqual([]);
    expect(pages.problems).toEqual([]);
  });

  it('alice takes the call; carol monitors it: her desktop shows it connected, listening in; she hears both, neither hears her', async () => {
    await signIn(alice, ccpUrl, 'alice');
    await alice.getByLabel('Status').selectOption({ label: 'Available' });
    const out = await world.connect.send(
      new StartWebRTCContactCommand({
        InstanceId: world.server.instance.id,
        ContactFlowId: world.flows['Sales inbound'],
        ParticipantDetails: { DisplayName: CALLER },
      }),
    );
    contactId = out.ContactId as string;
    const m = out.ConnectionData?.Meeting?.MediaPlacement;
    expect(await customer.start(m?.SignalingUrl as string, out.ConnectionData?.Attendee?.JoinToken as string)).toBe('connected');
    await alice.getByRole('article', { name: `Incoming call from ${CALLER}` }).waitFor({ timeout: 15_000 });
    await alice.getByRole('button', { name: 'Accept' }).click();
    await alice.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await Promise.all([customer.hears([TONE.agentA]), desktopHears(alice, [TONE.customer])]);

    // The call is recorded (StartContactRecording): alice sees it, pauses and resumes it.
    await world.connect.send(
      new StartContactRecordingCommand({
        InstanceId: world.server.instance.id,
        ContactId: contactId,
        InitialContactId: contactId,
        VoiceRecordingConfiguration: { VoiceRecordingTrack: 'ALL' },
      }),
    );
    await alice.getByRole('status').filter({ hasText: 'Recording' }).waitFor();
    await alice.getByRole('button', { name: 'Pause recording' }).click();
    await alice.getByRole('status').filter({ hasText: 'Recording paused' }).waitFor();
    await screens(alice, 'call-recording-paused', 'recording paused');
    await alice.getByRole('button', { name: 'Resume recording' }).click();
    await alice.getByRole('button', { name: 'Pause recording' }).waitFor();
    const stored = JSON.parse((await world.server.store.contacts.get(world.server.instance.id, contactId))!.body);
    expect(stored.recording).toMatchObject({
      status: 'recording',
      pauses: [{ from: expect.any(Number), to: expect.any(Number) }],
    });

    // Carol is signed in (on a break: she takes no calls of her own meanwhile).
    await signIn(carol, ccpUrl, 'carol');
    await carol.getByLabel('Status').selectOption({ label: 'Break' });
    const InstanceId = world.server.instance.id;
    const users = (await world.connect.send(new ListUsersCommand({ InstanceId }))).UserSummaryList ?? [];
    await world.connect.send(
      new MonitorContactCommand({
        InstanceId,
        ContactId: contactId,
        UserId: users.find((u) => u.Username === 'carol')?.Id,
        AllowedMonitorCapabilities: ['SILENT_MONITOR', 'BARGE'],
      }),
    );
    await carol.getByRole('tab', { name: /Monitoring/ }).waitFor({ timeout: 15_000 });
    await carol.getByRole('status').filter({ hasText: 'Listening in' }).waitFor();
    await carol.getByText("You are monitoring Alice Anders's call.", { exact: false }).waitFor();
    expect(await carol.getByRole('button', { name: 'Mute', exact: true }).count()).toBe(0);
    expect(await carol.getByRole('button', { name: 'Transfer' }).count()).toBe(0);
    await Promise.all([
      desktopHears(carol, [TONE.customer, TONE.agentA]),
      customer.hears([TONE.agentA]),
      desktopHears(alice, [TONE.customer]),
    ]);
    // A silent monitor is invisible to the agent.
    expect(await alice.getByText('A supervisor joined the call', { exact: false }).count()).toBe(0);
    await screens(carol, 'call-monitoring', 'monitoring');
  });

  it('barge in: both hear carol, and alice is told a supervisor joined', async () => {
    await carol.getByRole('button', { name: 'Barge in' }).click();
    await carol.getByRole('status').filter({ hasText: 'Barging in' }).waitFor();
    await alice.getByText('A supervisor joined the call: you and the customer both hear them.').waitFor();
    await Promise.all([
      customer.hears([TONE.agentA, TONE.agentB]),
      desktopHears(alice, [TONE.customer, TONE.agentB]),
      desktopHears(carol, [TONE.customer, TONE.agentA]),
    ]);
    await screens(carol, 'call-barging', 'barging');
    await screens(alice, 'call-supervised', 'supervised call');
  });

  it('mute the agent: the customer hears only carol; alice is told and her Mute waits; let her speak again', async () => {
    await carol.getByRole('button', { name: 'Mute the agent' }).click();
    await alice.getByText('A supervisor muted you: the customer cannot hear you').waitFor();
    expect(await alice.getByRole('button', { name: 'Mute', exact: true }).isDisabled()).toBe(true);
    await customer.hears([TONE.agentB]);
    await shot(alice, 'call-forced-mute');
    await carol.getByRole('button', { name: 'Let the agent speak' }).click();
    await customer.hears([TONE.agentA, TONE.agentB]);
    await expect.poll(() => alice.getByText('A supervisor muted you', { exact: false }).count()).toBe(0);
  });

  it('listen only: as before barge; stop monitoring: alice and the customer go on', async () => {
    await carol.getByRole('button', { name: 'Listen only' }).click();
    await carol.getByRole('status').filter({ hasText: 'Listening in' }).waitFor();
    await Promise.all([
      customer.hears([TONE.agentA]),
      desktopHears(alice, [TONE.customer]),
      desktopHears(carol, [TONE.customer, TONE.agentA]),
    ]);
    await expect.poll(() => alice.getByText('A supervisor joined the call', { exact: false }).count()).toBe(0);
    await carol.getByRole('button', { name: 'Stop monitoring' }).click();
    await expect.poll(() => carol.locator('audio.sb-call-audio').count(), { timeout: 10_000 }).toBe(0);
    await Promise.all([customer.hears([TONE.agentA]), desktopHears(alice, [TONE.customer])]);
    await shot(carol, 'call-monitoring-stopped');
  });
});
