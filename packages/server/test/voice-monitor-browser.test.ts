/**
 * A supervisor monitors and barges on a real web call (issue 23), in Chromium with
 * fake-microphone tones (packages/voice/test/voice-pages.ts): the customer 440 Hz, alice
 * (the agent) 1,000 Hz, carol (the supervisor) 1,800 Hz. The customer calls with
 * StartWebRTCContact, alice accepts and joins; MonitorContact (@aws-sdk/client-connect)
 * gives carol a monitoring contact whose `callContextToken` her page joins with:
 *
 * - silent monitor: carol hears both, the customer hears only alice, alice only the customer;
 * - barge (`updateMonitorParticipantState`): the customer hears alice and carol, alice the
 *   customer and carol;
 * - carol force-mutes alice: the customer hears only carol; unmuted;
 * - back to silent monitoring: as before;
 * - carol hangs up: her leg closes, the customer and alice still hear each other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListUsersCommand, MonitorContactCommand, StartWebRTCContactCommand } from '@aws-sdk/client-connect';
import type { AgentDataWire, ContactData } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVoicePages, startVoiceSite, TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import type { AgentSocket } from './agent-client.js';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';
import type { StaticSite } from './static-site.js';

type Who = 'customer' | 'agent' | 'supervisor';
const contactIn = (d: AgentDataWire, id: string): ContactData<string> | undefined =>
  d.snapshot.contacts.find((c) => c.contactId === id);

// Each step waits for what it should hear; generous for a loaded 2-core machine.
describe('a supervisor monitors and barges on a web call, in Chromium', { timeout: 60_000 }, () => {
  let dir: string;
  let site: StaticSite;
  let w: ChatWorld;
  let alice: AgentSocket;
  let carol: AgentSocket;
  let pages = {} as Record<Who, VoicePage>;
  let closePages: (() => Promise<void>) | undefined;
  const pageErrors: string[] = [];
  let contactId: string;
  let aliceConnection: string;
  let monitorId: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-voice-monitor-'));
    site = await startVoiceSite();
    w = await chatWorld(backends[0]!);
    const opened = await openVoicePages(
      dir,
      site,
      { customer: TONE.customer, agent: TONE.agentA, supervisor: TONE.agentB },
      pageErrors,
    );
    pages = opened.pages;
    closePages = opened.close;
    alice = await w.agent('alice');
  }, 60_000);

  afterAll(async () => {
    await closePages?.();
    await w?.close();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('the customer calls and alice answers: each hears the other', async () => {
    const out = await w.connect.send(
      new StartWebRTCContactCommand({
        InstanceId: w.server.instance.id,
        ContactFlowId: w.flows['Sales inbound'],
        ParticipantDetails: { DisplayName: 'Jane Caller' },
      }),
    );
    contactId = out.ContactId as string;
    const signalling = out.ConnectionData?.Meeting?.MediaPlacement?.SignalingUrl as string;
    expect(await pages.customer.start(signalling, out.ConnectionData?.Attendee?.JoinToken as string)).toBe('connected');
    await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'connecting', 'the call rings');
    await alice.command('acceptContact', { contactId });
    const push = await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'connected', 'accepted');
    const agentConn = contactIn(push.data, contactId)?.connections.find((c) => c.type === 'agent');
    aliceConnection = agentConn?.connectionId as string;
    expect(await pages.agent.start(signalling, agentConn?.softphoneMediaInfo?.callContextToken as string)).toBe('connected');
    await Promise.all([pages.customer.hears([TONE.agentA]), pages.agent.hears([TONE.customer])]);
  });

  it('MonitorContact: carol joins silently; she hears both, neither hears her', async () => {
    // Signed in after alice took the call (carol's profile takes Sales calls too).
    carol = await w.agent('carol');
    const InstanceId = w.server.instance.id;
    const users = (await w.connect.send(new ListUsersCommand({ InstanceId }))).UserSummaryList ?? [];
    const out = await w.connect.send(
      new MonitorContactCommand({
        InstanceId,
        ContactId: contactId,
        UserId: users.find((u) => u.Username === 'carol')?.Id,
        AllowedMonitorCapabilities: ['SILENT_MONITOR', 'BARGE'],
      }),
    );
    monitorId = out.ContactId as string;
    const push = await carol.waitFor((d) => contactIn(d, monitorId)?.state.type === 'connected', 'carol monitoring');
    const own = contactIn(push.data, monitorId)?.connections[0];
    expect(own).toMatchObject({ type: 'monitoring', state: { type: 'silent_monitor' } });
    const signalling = `${w.server.url.replace(/^http/, 'ws')}/voice/v1/ws`;
    expect(await pages.supervisor.start(signalling, own?.softphoneMediaInfo?.callContextToken as string)).toBe('connected');
    await Promise.all([
      pages.supervisor.hears([TONE.customer, TONE.agentA]),
      pages.customer.hears([TONE.agentA]),
      pages.agent.hears([TONE.customer]),
    ]);
  });

  it('barge: the customer and alice each hear carol too', async () => {
    await carol.command('updateMonitorParticipantState', { contactId: monitorId, targetMonitorMode: 'BARGE' });
    await Promise.all([
      pages.customer.hears([TONE.agentA, TONE.agentB]),
      pages.agent.hears([TONE.customer, TONE.agentB]),
      pages.supervisor.hears([TONE.customer, TONE.agentA]),
    ]);
  });

  it('carol force-mutes alice: the customer hears only carol; alice cannot unmute; carol unmutes her', async () => {
    await carol.command('muteParticipant', { contactId: monitorId, connectionId: aliceConnection });
    await Promise.all([pages.customer.hears([TONE.agentB]), pages.supervisor.hears([TONE.customer])]);
    await expect(alice.command('unmuteParticipant', { contactId })).rejects.toMatchObject({ type: 'InvalidStateException' });
    await carol.command('unmuteParticipant', { contactId: monitorId, connectionId: aliceConnection });
    await pages.customer.hears([TONE.agentA, TONE.agentB]);
  });

  it('back to silent monitoring: as before barge', async () => {
    await carol.command('updateMonitorParticipantState', { contactId: monitorId, targetMonitorMode: 'SILENT_MONITOR' });
    await Promise.all([
      pages.customer.hears([TONE.agentA]),
      pages.agent.hears([TONE.customer]),
      pages.supervisor.hears([TONE.customer, TONE.agentA]),
    ]);
  });

  it('carol hangs up: her leg closes; the customer and alice go on', async () => {
    await carol.command('destroyConnection', { contactId: monitorId });
    await pages.supervisor.ended();
    await carol.waitFor((d) => contactIn(d, monitorId) === undefined, 'carol done');
    await Promise.all([pages.customer.hears([TONE.agentA]), pages.agent.hears([TONE.customer])]);
  });
});
