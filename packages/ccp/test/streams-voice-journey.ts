/**
 * The Streams voice journey of a CRM page (fixtures/crm-page: crm.js and voice.js, written
 * for amazon-connect-streams), one definition run against every `connect` Switchboard
 * supports: the unmodified Streams framing the CCP with `allowFramedSoftphone`
 * (streams-voice.test.ts), and `@switchboard/streams` framing the CCP, or straight to the
 * agent API in Chromium with the SDK's own softphone (packages/streams/test/voice.test.ts).
 *
 * A customer calls with StartWebRTCContact from the voice test page (440 Hz); alice's
 * microphone plays 1,000 Hz (the CCP frame's, or the CRM page's own with the direct transport).
 * 1. `contact.accept()` → the customer hears alice; the voice contact as Streams' getters
 *    read it; `connection.hold()` → the customer hears the hold music; `resume()` → alice
 *    again; `getAgentConnection().sendDigits('12#')` → the agent's DTMF reaches the media
 *    server (`voice.dtmf` events with alice's connection id), bad digits are refused in
 *    words; `agent.mute()` → `onMuteToggle {muted: true}` and the customer stops hearing
 *    alice; `unmute()`; `getAgentConnection().destroy()` → the call ends, `contact.onACW`.
 * 2. A consult of bob (his own page, 1,800 Hz) with `contact.addConnection` (the customer
 *    hears the hold music), `toggleActiveConnections`, `conferenceConnections` (the customer
 *    hears both agents), and alice leaves with `destroy()`: bob and the customer hear each other.
 *
 * What alice hears is measured where the test can reach her audio (`agentHears`): the SDK's
 * own softphone (direct) or the CCP frame's `<audio>`; the unmodified Streams test leaves it out.
 */
import { StartWebRTCContactCommand } from '@aws-sdk/client-connect';
import { expect } from 'vitest';
import type { AgentSocket } from '../../server/test/agent-client.js';
import type { ChatWorld } from '../../server/test/chat-support.js';
import { TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import type { PageEvent } from './crm.js';
import type { JourneyPage } from './streams-journey.js';

export interface VoiceInfo {
  type: string;
  state: string;
  agent: { connectionId: string; state: string; mute: boolean; forcedMute: boolean; media: Record<string, unknown> | null };
  customer: { state: string; onHold: boolean; mute: boolean };
}

export type Attempt = { ok: true; data: unknown } | { ok: false; err: string };
type Conn = { type: string; state: string; mute: boolean };

/** Who else is on the calls, and how the test hears alice. */
export interface VoiceParties {
  readonly world: ChatWorld;
  /** The customer's voice test page (440 Hz). */
  readonly customer: VoicePage;
  /** Bob's voice test page (1,800 Hz), for the consult. */
  readonly bob: VoicePage;
  /** The page's errors, console errors and failed responses (must stay empty). */
  readonly problems: readonly string[];
  /** Waits until alice hears exactly `tones` on the call of `contactId`; absent where her audio cannot be measured. */
  readonly agentHears?: (contactId: string, tones: readonly number[]) => Promise<void>;
}

/** A customer's call (StartWebRTCContact, their page joined); its contact id and signalling URL. */
export async function customerCalls(world: ChatWorld, customer: VoicePage): Promise<{ contactId: string; signalling: string }> {
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

const both = (...waits: (Promise<void> | undefined)[]) => Promise.all(waits);

/**
 * Journey 1, after the page's voice init was called: alice Available, a call accepted, held,
 * resumed, digits sent, muted, unmuted, hung up and cleared.
 */
export async function voiceCallJourney(page: JourneyPage, p: VoiceParties): Promise<void> {
  const { world, customer } = p;
  const alice = (contactId: string, tones: readonly number[]) => p.agentHears?.(contactId, tones);
  await page.waitFor('agent.init');
  await page.call('setState', 'Available');
  await page.waitFor('agent.stateChange', (e) => (e.data as { newState?: string } | null)?.newState === 'Available');

  // A customer calls: connect.contact → onConnecting, a voice contact.
  const { contactId } = await customerCalls(world, customer);
  const isOurs = (e: PageEvent) => e.data?.contactId === contactId;
  await page.waitFor('contact.connecting', isOurs, 15_000);
  const info = () => page.call<VoiceInfo>('voiceInfo', contactId);
  const ringing = await info();
  expect(ringing).toMatchObject({ type: 'voice', agent: { state: 'connecting' }, customer: { state: 'connected' } });
  expect(ringing.agent.media).toMatchObject({ callType: 'audio_only', callContextToken: expect.any(String) });
  await page.shot('ringing');

  // contact.accept(): onAccepted, onConnected; the softphone is on the call.
  await page.call('accept', contactId);
  await page.waitFor('contact.accepted', isOurs);
  await page.waitFor('contact.connected', isOurs);
  await both(customer.hears([TONE.agentA]), alice(contactId, [TONE.customer]));
  expect(await info()).toMatchObject({
    state: 'connected',
    agent: { state: 'connected', mute: false, forcedMute: false },
    customer: { state: 'connected', onHold: false, mute: false },
  });
  await page.shot('on-the-call');

  // connection.hold(): the customer hears the hold music (alice hears nobody); isOnHold(). resume(): alice again.
  expect(await page.call<Attempt>('hold', contactId)).toMatchObject({ ok: true });
  await both(customer.hears([TONE.holdMusic]), alice(contactId, []));
  await expect.poll(async () => (await info()).customer).toMatchObject({ state: 'hold', onHold: true });
  await page.shot('on-hold');
  expect(await page.call<Attempt>('resume', contactId)).toMatchObject({ ok: true });
  await both(customer.hears([TONE.agentA]), alice(contactId, [TONE.customer]));
  await expect.poll(async () => (await info()).customer).toMatchObject({ state: 'connected', onHold: false });

  // getAgentConnection().sendDigits('12#'): played on alice's leg, heard by the media server
  // as alice's digits (voice.dtmf events with her connection id), not the customer's.
  expect(await page.call<Attempt>('sendDigits', contactId, '12#')).toMatchObject({ ok: true });
  const agentConnectionId = (await info()).agent.connectionId;
  const dtmf = async () =>
    (await world.server.store.events.list(world.server.instance.id, 0, 100_000))
      .filter((e) => e.type === 'voice.dtmf')
      .map((e) => JSON.parse(e.body) as { contactId: string; participantId: string; digit: string })
      .map((e) => [e.contactId, e.participantId, e.digit]);
  await expect.poll(dtmf, { timeout: 10_000 }).toEqual([...'12#'].map((digit) => [contactId, agentConnectionId, digit]));
  const bad = await page.call<Attempt>('sendDigits', contactId, '12x');
  expect(bad.ok).toBe(false);
  expect(JSON.parse((bad as { err: string }).err)).toMatchObject({
    type: 'InvalidParameterException',
    message: expect.stringContaining('0-9, *, #, A-D'),
  });

  // agent.mute(): onMuteToggle {muted: true}, isMute(), the customer no longer hears alice (she still hears them).
  await page.call('mute');
  await page.waitFor('agent.muteToggle', (e) => (e.data as { muted?: boolean } | null)?.muted === true);
  expect((await info()).agent.mute).toBe(true);
  await both(customer.hears([]), alice(contactId, [TONE.customer]));
  await page.shot('muted');
  // agent.unmute(): onMuteToggle {muted: false}; the customer hears alice again.
  await page.call('unmute');
  await page.waitFor('agent.muteToggle', (e) => (e.data as { muted?: boolean } | null)?.muted === false);
  expect((await info()).agent.mute).toBe(false);
  await customer.hears([TONE.agentA]);
  const toggles = (await page.events()).filter((e) => e.kind === 'agent.muteToggle').map((e) => e.data);
  expect(toggles).toEqual([{ muted: true }, { muted: false }]);

  // getAgentConnection().destroy(): both legs close, onACW.
  expect(await page.call<Attempt>('hangUp', contactId)).toMatchObject({ ok: true });
  await customer.ended();
  await page.waitFor('contact.acw', isOurs);
  await page.shot('after-contact-work');
  await page.call('clear', contactId);
  await page.waitFor('contact.destroy', isOurs);
  expect(p.problems).toEqual([]);
}

/**
 * Journey 2, after journey 1 (alice Available): a consult of bob with addConnection, swap,
 * conference; alice leaves with destroy() and bob keeps the customer.
 */
export async function voiceConsultJourney(page: JourneyPage, p: VoiceParties): Promise<void> {
  const { world, customer } = p;
  const alice = (contactId: string, tones: readonly number[]) => p.agentHears?.(contactId, tones);
  const { contactId, signalling } = await customerCalls(world, customer);
  const isOurs = (e: PageEvent) => e.data?.contactId === contactId;
  await page.waitFor('contact.connecting', isOurs, 15_000);
  await page.call('accept', contactId);
  await page.waitFor('contact.connected', isOurs);
  await both(customer.hears([TONE.agentA]), alice(contactId, [TONE.customer]));
  const bob: AgentSocket = await world.agent('bob');
  const conns = () => page.call<Conn[]>('connections', contactId);
  const stateOf = async (type: string) => (await conns()).find((c) => c.type === type)?.state;

  // contact.addConnection(Bob Brown): the customer is held, bob's connection is Streams' third (outbound).
  const consult = await page.call<Attempt>('consult', contactId, 'Bob Brown');
  expect(consult).toMatchObject({ ok: true, data: { contactId: expect.any(String) } });
  const consultId = (consult as { data: { contactId: string } }).data.contactId;
  await customer.hears([TONE.holdMusic]);
  await expect.poll(conns).toEqual([
    { type: 'agent', state: 'connected', mute: false },
    { type: 'inbound', state: 'hold', mute: false },
    { type: 'outbound', state: 'connecting', mute: false },
  ]);
  // Swapping before bob answers is refused in words.
  expect(await page.call<Attempt>('swap', contactId)).toMatchObject({
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
  expect(await p.bob.start(signalling, bobToken as string)).toBe('connected');
  await bob.command('acceptContact', { contactId: consultId });
  await expect.poll(() => stateOf('outbound'), { timeout: 10_000 }).toBe('connected');
  await both(p.bob.hears([TONE.agentA]), customer.hears([TONE.holdMusic]), alice(contactId, [TONE.agentB]));
  await page.shot('consulting');

  // toggleActiveConnections: the customer back with alice, bob on hold.
  expect(await page.call<Attempt>('swap', contactId)).toMatchObject({ ok: true });
  await expect.poll(() => stateOf('outbound')).toBe('hold');
  await both(customer.hears([TONE.agentA]), p.bob.hears([TONE.holdMusic]), alice(contactId, [TONE.customer]));

  // conferenceConnections: all three hear each other.
  expect(await page.call<Attempt>('conference', contactId)).toMatchObject({ ok: true });
  await expect.poll(conns).toEqual([
    { type: 'agent', state: 'connected', mute: false },
    { type: 'inbound', state: 'connected', mute: false },
    { type: 'outbound', state: 'connected', mute: false },
  ]);
  await both(
    customer.hears([TONE.agentA, TONE.agentB]),
    p.bob.hears([TONE.customer, TONE.agentA]),
    alice(contactId, [TONE.customer, TONE.agentB]),
  );
  await page.shot('conference');

  // Alice leaves (getAgentConnection().destroy()): onACW on the page; bob keeps the customer.
  expect(await page.call<Attempt>('hangUp', contactId)).toMatchObject({ ok: true });
  await page.waitFor('contact.acw', isOurs);
  await both(customer.hears([TONE.agentB]), p.bob.hears([TONE.customer]));
  await page.call('clear', contactId);
  await bob.command('destroyConnection', { contactId: consultId });
  await customer.ended();
  expect(p.problems).toEqual([]);
}
