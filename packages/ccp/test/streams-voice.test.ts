/**
 * A web call driven through the UNMODIFIED amazon-connect-streams (issue 23): a CRM page on
 * another origin embeds `/ccp/` with `connect.core.initCCP` and
 * `softphone: { allowFramedSoftphone: true }`, so the softphone is the CCP frame's (its
 * Chromium's fake microphone plays alice's 1,000 Hz tone); a customer calls with
 * StartWebRTCContact from the voice test page (440 Hz). All through Streams' API on the
 * page: `contact.accept()` → the customer hears alice; the voice contact as Streams' getters
 * read it (`isOnHold`, `isMute`, `isForcedMute`, `getSoftphoneMediaInfo`…);
 * `connection.hold()` → the customer hears the hold music; `resume()` → alice again;
 * `getAgentConnection().sendDigits('12#')` → the agent's DTMF reaches the media server
 * (recorded as `voice.dtmf` events with alice's connection id), bad digits are refused in
 * words; `agent.mute()` → `onMuteToggle {muted: true}` and the customer stops hearing alice;
 * `unmute()`; `getAgentConnection().destroy()` → the call ends, `contact.onACW`.
 * A second call: a consult of bob (his own page, 1,800 Hz) with `contact.addConnection`
 * (the customer hears the hold music), `toggleActiveConnections`, `conferenceConnections`
 * (the customer hears both agents), and alice leaves with `destroy()`: bob and the
 * customer hear each other. Screenshots (the CRM page with the CCP frame on the call) go to the folder printed first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StartWebRTCContactCommand } from '@aws-sdk/client-connect';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from '../../server/test/agent-client.js';
import type { ChatWorld } from '../../server/test/chat-support.js';
import type { StaticSite } from '../../server/test/static-site.js';
import { writeToneWav } from '../../voice/test/tones.js';
import { openVoicePages, startVoiceSite, TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import { type CrmWorld, crmHarness, crmWorld, type PageEvent } from './crm.js';

const SHOTS = path.join(tmpdir(), 'switchboard-streams-voice-shots');

interface VoiceInfo {
  type: string;
  state: string;
  agent: { connectionId: string; state: string; mute: boolean; forcedMute: boolean; media: Record<string, unknown> | null };
  customer: { state: string; onHold: boolean; mute: boolean };
}

type Attempt = { ok: true; data: unknown } | { ok: false; err: string };
type Conn = { type: string; state: string; mute: boolean };

describe('a web call driven through the unmodified Streams (allowFramedSoftphone)', { timeout: 90_000 }, () => {
  let dir: string;
  let voiceSite: StaticSite;
  let crm: CrmWorld;
  let world: ChatWorld;
  let page: Page;
  let customer: VoicePage;
  let bobPage: VoicePage;
  let closeCustomer: (() => Promise<void>) | undefined;
  const problems: string[] = [];
  const customerErrors: string[] = [];
  const { call, events, waitFor } = crmHarness(problems);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-streams-voice-'));
    voiceSite = await startVoiceSite();
    const wav = writeToneWav(path.join(dir, 'alice.wav'), TONE.agentA);
    crm = await crmWorld(SHOTS, problems, {
      chromiumArgs: [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${wav}`,
        '--autoplay-policy=no-user-gesture-required',
      ],
      permissions: ['microphone'],
    });
    ({ world, page } = crm);
    // A pure tone is what the browser's noise suppression removes: the CCP frame's
    // microphone is heard as it is (its request is otherwise unchanged). Runs in every frame.
    await crm.context.addInitScript(() => {
      const md = navigator.mediaDevices;
      if (!md?.getUserMedia) return;
      const gum = md.getUserMedia.bind(md);
      md.getUserMedia = (c?: MediaStreamConstraints) => {
        const plain = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
        return gum(c?.audio ? { ...c, audio: { ...(typeof c.audio === 'object' ? c.audio : {}), ...plain } } : c);
      };
    });
    const opened = await openVoicePages(dir, voiceSite, { customer: TONE.customer, bob: TONE.agentB }, customerErrors);
    customer = opened.pages.customer;
    bobPage = opened.pages.bob;
    closeCustomer = opened.close;
  }, 90_000);

  afterAll(async () => {
    await closeCustomer?.();
    await crm?.close();
    await voiceSite?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(customerErrors).toEqual([]);
  });

  /** A customer's call (StartWebRTCContact, their page joined); its contact id and signalling URL. */
  async function customerCalls(): Promise<{ contactId: string; signalling: string }> {
    const out = await world.connect.send(
      new StartWebRTCContactCommand({
        InstanceId: world.server.instance.id,
        ContactFlowId: world.flows['Sales inbound'],
        ParticipantDetails: { DisplayName: 'Jane Caller' },
      }),
    );
    const signalling = out.ConnectionData?.Meeting?.MediaPlacement?.SignalingUrl as string;
    expect(await customer.start(signalling, out.ConnectionData?.Attendee?.JoinToken as string)).toBe('connected');
    return { contactId: out.ContactId as string, signalling };
  }

  it('accept, hold, resume, sendDigits, mute, unmute and hang up, all through Streams on the page', async () => {
    // Streams with the softphone in the frame; alice Available.
    await call(page, 'initVoice', await crm.ccpUrl('alice'), world.server.url);
    await waitFor(page, 'agent.init');
    await call(page, 'setState', 'Available');
    await waitFor(page, 'agent.stateChange', (e) => (e.data as { newState?: string } | null)?.newState === 'Available');

    // A customer calls: connect.contact → onConnecting, a voice contact.
    const { contactId } = await customerCalls();
    const isOurs = (e: PageEvent) => e.data?.contactId === contactId;
    await waitFor(page, 'contact.connecting', isOurs, 15_000);
    const info = () => call<VoiceInfo>(page, 'voiceInfo', contactId);
    const ringing = await info();
    expect(ringing).toMatchObject({ type: 'voice', agent: { state: 'connecting' }, customer: { state: 'connected' } });
    expect(ringing.agent.media).toMatchObject({ callType: 'audio_only', callContextToken: expect.any(String) });
    await crm.shot('ringing');

    // contact.accept(): onAccepted, onConnected; the frame's softphone is on the call.
    await call(page, 'accept', contactId);
    await waitFor(page, 'contact.accepted', isOurs);
    await waitFor(page, 'contact.connected', isOurs);
    await customer.hears([TONE.agentA]);
    expect(await info()).toMatchObject({
      state: 'connected',
      agent: { state: 'connected', mute: false, forcedMute: false },
      customer: { state: 'connected', onHold: false, mute: false },
    });
    await crm.shot('on-the-call');

    // connection.hold(): the customer hears the hold music; isOnHold(). resume(): alice again.
    expect(await call<Attempt>(page, 'hold', contactId)).toMatchObject({ ok: true });
    await customer.hears([TONE.holdMusic]);
    await expect.poll(async () => (await info()).customer).toMatchObject({ state: 'hold', onHold: true });
    await crm.shot('on-hold');
    expect(await call<Attempt>(page, 'resume', contactId)).toMatchObject({ ok: true });
    await customer.hears([TONE.agentA]);
    await expect.poll(async () => (await info()).customer).toMatchObject({ state: 'connected', onHold: false });

    // getAgentConnection().sendDigits('12#'): played on alice's leg, heard by the media server
    // as alice's digits (voice.dtmf events with her connection id), not the customer's.
    expect(await call<Attempt>(page, 'sendDigits', contactId, '12#')).toMatchObject({ ok: true });
    const agentConnectionId = (await info()).agent.connectionId;
    const dtmf = async () =>
      (await world.server.store.events.list(world.server.instance.id, 0, 100_000))
        .filter((e) => e.type === 'voice.dtmf')
        .map((e) => JSON.parse(e.body) as { contactId: string; participantId: string; digit: string })
        .map((e) => [e.contactId, e.participantId, e.digit]);
    await expect.poll(dtmf, { timeout: 10_000 }).toEqual([...'12#'].map((digit) => [contactId, agentConnectionId, digit]));
    const bad = await call<Attempt>(page, 'sendDigits', contactId, '12x');
    expect(bad.ok).toBe(false);
    expect(JSON.parse((bad as { err: string }).err)).toMatchObject({
      type: 'InvalidParameterException',
      message: expect.stringContaining('0-9, *, #, A-D'),
    });

    // agent.mute(): onMuteToggle {muted: true}, isMute(), the customer no longer hears alice.
    await call(page, 'mute');
    await waitFor(page, 'agent.muteToggle', (e) => (e.data as { muted?: boolean } | null)?.muted === true);
    expect((await info()).agent.mute).toBe(true);
    await customer.hears([]);
    await crm.shot('muted');
    // agent.unmute(): onMuteToggle {muted: false}; the customer hears alice again.
    await call(page, 'unmute');
    await waitFor(page, 'agent.muteToggle', (e) => (e.data as { muted?: boolean } | null)?.muted === false);
    expect((await info()).agent.mute).toBe(false);
    await customer.hears([TONE.agentA]);
    const toggles = (await events(page)).filter((e) => e.kind === 'agent.muteToggle').map((e) => e.data);
    expect(toggles).toEqual([{ muted: true }, { muted: false }]);

    // getAgentConnection().destroy(): both legs close, onACW.
    expect(await call<Attempt>(page, 'hangUp', contactId)).toMatchObject({ ok: true });
    await customer.ended();
    await waitFor(page, 'contact.acw', isOurs);
    await crm.shot('after-contact-work');
    await call(page, 'clear', contactId);
    await waitFor(page, 'contact.destroy', isOurs);
    expect(problems).toEqual([]);
  });

  it('a consult through Streams: addConnection, toggleActiveConnections, conferenceConnections; alice leaves with destroy()', async () => {
    const { contactId, signalling } = await customerCalls();
    const isOurs = (e: PageEvent) => e.data?.contactId === contactId;
    await waitFor(page, 'contact.connecting', isOurs, 15_000);
    await call(page, 'accept', contactId);
    await waitFor(page, 'contact.connected', isOurs);
    await customer.hears([TONE.agentA]);
    const bob: AgentSocket = await world.agent('bob');
    const conns = () => call<Conn[]>(page, 'connections', contactId);
    const stateOf = async (type: string) => (await conns()).find((c) => c.type === type)?.state;

    // contact.addConnection(Bob Brown): the customer is held, bob's connection is Streams' third (outbound).
    const consult = await call<Attempt>(page, 'consult', contactId, 'Bob Brown');
    expect(consult).toMatchObject({ ok: true, data: { contactId: expect.any(String) } });
    const consultId = (consult as { data: { contactId: string } }).data.contactId;
    await customer.hears([TONE.holdMusic]);
    await expect.poll(conns).toEqual([
      { type: 'agent', state: 'connected', mute: false },
      { type: 'inbound', state: 'hold', mute: false },
      { type: 'outbound', state: 'connecting', mute: false },
    ]);
    // Swapping before bob answers is refused in words.
    expect(await call<Attempt>(page, 'swap', contactId)).toMatchObject({
      ok: false,
      err: expect.stringContaining('has not answered yet'),
    });

    // Bob accepts (his page joins with his callContextToken): alice and bob hear each other.
    const offered = await bob.waitFor(
      (d) => d.snapshot.contacts.some((c) => c.contactId === consultId && c.state.type === 'connecting'),
      'the consult offered to bob',
      15_000,
    );
    const bobToken = offered.data.snapshot.contacts
      .find((c) => c.contactId === consultId)
      ?.connections.find((c) => c.type === 'agent')?.softphoneMediaInfo?.callContextToken;
    expect(await bobPage.start(signalling, bobToken as string)).toBe('connected');
    await bob.command('acceptContact', { contactId: consultId });
    await expect.poll(() => stateOf('outbound'), { timeout: 10_000 }).toBe('connected');
    await Promise.all([bobPage.hears([TONE.agentA]), customer.hears([TONE.holdMusic])]);
    await crm.shot('consulting');

    // toggleActiveConnections: the customer back with alice, bob on hold.
    expect(await call<Attempt>(page, 'swap', contactId)).toMatchObject({ ok: true });
    await expect.poll(() => stateOf('outbound')).toBe('hold');
    await Promise.all([customer.hears([TONE.agentA]), bobPage.hears([TONE.holdMusic])]);

    // conferenceConnections: all three hear each other.
    expect(await call<Attempt>(page, 'conference', contactId)).toMatchObject({ ok: true });
    await expect.poll(conns).toEqual([
      { type: 'agent', state: 'connected', mute: false },
      { type: 'inbound', state: 'connected', mute: false },
      { type: 'outbound', state: 'connected', mute: false },
    ]);
    await Promise.all([customer.hears([TONE.agentA, TONE.agentB]), bobPage.hears([TONE.customer, TONE.agentA])]);
    await crm.shot('conference');

    // Alice leaves (getAgentConnection().destroy()): onACW on the page; bob keeps the customer.
    expect(await call<Attempt>(page, 'hangUp', contactId)).toMatchObject({ ok: true });
    await waitFor(page, 'contact.acw', isOurs);
    await Promise.all([customer.hears([TONE.agentB]), bobPage.hears([TONE.customer])]);
    await call(page, 'clear', contactId);
    await bob.command('destroyConnection', { contactId: consultId });
    await customer.ended();
    expect(problems).toEqual([]);
  });
});
