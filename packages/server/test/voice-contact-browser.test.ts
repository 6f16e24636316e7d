/**
 * A real web call driven by its contact (issue 23), in Chromium with fake-microphone tones
 * (the customer 440 Hz, the agent 1,000 Hz; packages/voice/test/voice-pages.ts): the
 * customer calls with StartWebRTCContact (@aws-sdk/client-connect) and joins with the
 * JoinToken; alice (the agent API over a Node websocket) accepts and her page joins with
 * her connection's `softphoneMediaInfo.callContextToken`; each hears the other. Then, all
 * from alice's commands: hold (the customer hears the hold music, alice nobody), resume,
 * mute (the customer no longer hears alice), the customer's DTMF reaching the contact in
 * order, and destroyConnection (both legs close, after-contact work). A second call: the
 * customer hangs up, the contact ends CUSTOMER_DISCONNECT and alice's leg closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeContactCommand, StartWebRTCContactCommand } from '@aws-sdk/client-connect';
import type { AgentDataWire, ContactData } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticSite } from './static-site.js';
import { openVoicePages, startVoiceSite, TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import type { AgentSocket } from './agent-client.js';
import { backends } from './backends.js';
import { type ChatWorld, chatWorld } from './chat-support.js';

type Who = 'customer' | 'agent';
const contactIn = (d: AgentDataWire, id: string): ContactData<string> | undefined =>
  d.snapshot.contacts.find((c) => c.contactId === id);

// Each step waits for what it should hear; generous for a loaded 2-core machine.
describe('a web call driven by its contact, in Chromium', { timeout: 60_000 }, () => {
  let dir: string;
  let site: StaticSite;
  let w: ChatWorld;
  let alice: AgentSocket;
  let pages = {} as Record<Who, VoicePage>;
  let closePages: (() => Promise<void>) | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-voice-contact-'));
    site = await startVoiceSite();
    w = await chatWorld(backends[0]!);
    const opened = await openVoicePages(dir, site, { customer: TONE.customer, agent: TONE.agentA }, pageErrors);
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

  /** A customer's call answered by alice, both pages joined; the contact id and alice's connection id. */
  async function answeredCall(): Promise<{ contactId: string; customer: string; connectionId: string }> {
    const out = await w.connect.send(
      new StartWebRTCContactCommand({
        InstanceId: w.server.instance.id,
        ContactFlowId: w.flows['Sales inbound'],
        ParticipantDetails: { DisplayName: 'Jane Caller' },
      }),
    );
    const contactId = out.ContactId as string;
    const signalling = out.ConnectionData?.Meeting?.MediaPlacement?.SignalingUrl as string;
    expect(await pages.customer.start(signalling, out.ConnectionData?.Attendee?.JoinToken as string)).toBe('connected');
    await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'connecting', 'the call rings');
    await alice.command('acceptContact', { contactId });
    const push = await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'connected', 'accepted');
    const agentConn = contactIn(push.data, contactId)?.connections.find((c) => c.type === 'agent');
    const token = agentConn?.softphoneMediaInfo?.callContextToken;
    expect(token).toEqual(expect.any(String));
    expect(await pages.agent.start(signalling, token as string)).toBe('connected');
    return { contactId, customer: out.ParticipantId as string, connectionId: agentConn?.connectionId as string };
  }

  let first: { contactId: string; customer: string; connectionId: string };

  it('the customer calls, alice accepts and joins with her callContextToken: each hears the other', async () => {
    first = await answeredCall();
    await Promise.all([pages.customer.hears([TONE.agentA]), pages.agent.hears([TONE.customer])]);
  });

  it('holdConnection: the customer hears the hold music and not alice, alice hears nobody; resumeConnection', async () => {
    const { contactId, customer } = first;
    await alice.command('holdConnection', { contactId, connectionId: customer });
    await Promise.all([pages.customer.hears([TONE.holdMusic]), pages.agent.hears([])]);
    await alice.command('resumeConnection', { contactId, connectionId: customer });
    await Promise.all([pages.customer.hears([TONE.agentA]), pages.agent.hears([TONE.customer])]);
  });

  it('muteParticipant: the customer no longer hears alice, who still hears them; unmuteParticipant', async () => {
    const { contactId, connectionId } = first;
    await alice.command('muteParticipant', { contactId, connectionId });
    await Promise.all([pages.customer.hears([]), pages.agent.hears([TONE.customer])]);
    await alice.command('unmuteParticipant', { contactId, connectionId });
    await pages.customer.hears([TONE.agentA]);
  });

  it("the customer's DTMF 159# reaches the contact in order: alice's snapshot and voice.dtmf events", async () => {
    const { contactId, customer } = first;
    await pages.customer.call('sendDigits', '159#');
    await alice.waitFor((d) => contactIn(d, contactId)?.customerDigits === '159#', 'the digits in the snapshot', 10_000);
    const events = await w.server.store.events.list(w.server.instance.id, 0, 10_000);
    const dtmf = events.filter((e) => e.type === 'voice.dtmf').map((e) => JSON.parse(e.body));
    expect(dtmf.map((e) => [e.contactId, e.participantId, e.digit])).toEqual(
      [...'159#'].map((digit) => [contactId, customer, digit]),
    );
  });

  it('destroyConnection: both legs close and the contact is in after-contact work', async () => {
    const { contactId, connectionId } = first;
    await alice.command('destroyConnection', { contactId, connectionId });
    await Promise.all([pages.customer.ended(), pages.agent.ended()]);
    const acw = await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'ended', 'ACW');
    expect(acw.data.snapshot.state.name).toBe('AfterContactWork');
    await alice.command('clearContact', { contactId });
  });

  it("a second call: the customer hangs up, the contact ends CUSTOMER_DISCONNECT and alice's leg closes", async () => {
    const { contactId } = await answeredCall();
    await pages.customer.call('hangUp');
    await pages.agent.ended();
    await alice.waitFor((d) => contactIn(d, contactId)?.state.type === 'ended', 'ACW after the customer hung up');
    const { Contact } = await w.connect.send(
      new DescribeContactCommand({ InstanceId: w.server.instance.id, ContactId: contactId }),
    );
    expect(Contact?.DisconnectReason).toBe('CUSTOMER_DISCONNECT');
  });
});
