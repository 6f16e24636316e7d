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
 * The journey is shared with `@switchboard/streams` (streams-voice-journey.ts; packages/streams/test/voice.test.ts).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatWorld } from '../../server/test/chat-support.js';
import type { VoicePage } from '../../voice/test/voice-pages.js';
import { type CrmWorld, crmHarness, journeyPage } from './crm.js';
import { type CrmVoiceWorld, crmVoiceWorld } from './crm-voice.js';
import { voiceCallJourney, voiceConsultJourney } from './streams-voice-journey.js';

const SHOTS = path.join(tmpdir(), 'switchboard-streams-voice-shots');

describe('a web call driven through the unmodified Streams (allowFramedSoftphone)', { timeout: 90_000 }, () => {
  let voice: CrmVoiceWorld;
  let crm: CrmWorld;
  let world: ChatWorld;
  let page: Page;
  let customer: VoicePage;
  let bobPage: VoicePage;
  const problems: string[] = [];
  const customerErrors: string[] = [];
  const { call } = crmHarness(problems);

  beforeAll(async () => {
    // The CCP frame's microphone is the CRM page's Chromium's (alice's 1,000 Hz).
    voice = await crmVoiceWorld(SHOTS, problems, customerErrors, { bob: true });
    ({ crm, customer } = voice);
    bobPage = voice.bob!;
    ({ world, page } = crm);
  }, 90_000);

  afterAll(async () => {
    await voice?.close();
    expect(customerErrors).toEqual([]);
  });

  const parties = () => ({ world, customer, bob: bobPage, problems });

  it('accept, hold, resume, sendDigits, mute, unmute and hang up, all through Streams on the page', async () => {
    // Streams with the softphone in the frame (the journey: streams-voice-journey.ts).
    await call(page, 'initVoice', await crm.ccpUrl('alice'), world.server.url);
    await voiceCallJourney(
      journeyPage(page, problems, (name) => crm.shot(name)),
      parties(),
    );
  });

  it('a consult through Streams: addConnection, toggleActiveConnections, conferenceConnections; alice leaves with destroy()', async () => {
    await voiceConsultJourney(
      journeyPage(page, problems, (name) => crm.shot(name)),
      parties(),
    );
  });
});
