/**
 * The CCP issue's Streams voice journey (packages/ccp/test/streams-voice-journey.ts: accept,
 * hold with the hold music, resume, sendDigits heard by the media server, mute with
 * onMuteToggle and silence, hang up into ACW; a consult with addConnection, swap,
 * conference, alice leaves), unchanged, with `@switchboard/streams` in place of the
 * unmodified amazon-connect-streams, real audio in Chromium:
 * 1. framing the Switchboard CCP with `softphone: { allowFramedSoftphone: true }`: the CCP
 *    frame runs the softphone with the CRM page's Chromium's fake microphone (alice's
 *    1,000 Hz); alice's ear is the frame's call `<audio>`;
 * 2. straight to the agent API (`connect.core.initAgent`), no frame: the SDK runs the
 *    softphone in the CRM page itself (transport/softphone.ts), with the page's own fake
 *    microphone; alice's ear is `getAgentConnection().getMediaController()`'s tracks.
 * The customer (440 Hz) and bob (1,800 Hz) are the voice test pages. The browser build is
 * made from the sources in memory. Screenshots go to the folders printed first.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmWorld, crmHarness, journeyPage } from '../../ccp/test/crm.js';
import { type CrmVoiceWorld, crmVoiceWorld } from '../../ccp/test/crm-voice.js';
import { desktopHears } from '../../ccp/test/desktop-audio.js';
import { voiceCallJourney, voiceConsultJourney, type VoiceParties } from '../../ccp/test/streams-voice-journey.js';
import type { VoicePage } from '../../voice/test/voice-pages.js';
import { buildStreamsIife } from '../build-iife.mjs';

describe.each([
  { transport: 'iframe', shots: 'switchboard-sdk-streams-voice-iframe-shots' },
  { transport: 'direct', shots: 'switchboard-sdk-streams-voice-direct-shots' },
] as const)(
  'a web call through @switchboard/streams on the CRM page ($transport)',
  { timeout: 120_000 },
  ({ transport, shots }) => {
    let voice: CrmVoiceWorld;
    let crm: CrmWorld;
    let customer: VoicePage;
    let bobPage: VoicePage;
    const problems: string[] = [];
    const customerErrors: string[] = [];
    const { call } = crmHarness(problems);

    beforeAll(async () => {
      // Alice's microphone: the CRM page's Chromium's. Framed, the CCP frame takes it; direct,
      // the SDK's softphone takes it in the page itself.
      const streamsJs = (await buildStreamsIife({ write: false })) ?? '';
      voice = await crmVoiceWorld(path.join(tmpdir(), shots), problems, customerErrors, { streamsJs, bob: true });
      ({ crm, customer } = voice);
      bobPage = voice.bob!;
    }, 120_000);

    afterAll(async () => {
      await voice?.close();
      expect(customerErrors).toEqual([]);
    });

    /** The CCP frame on the CRM page (iframe transport). */
    const ccpFrame = (): Frame => {
      const f = crm.page.frames().find((x) => x.url().includes('/ccp/'));
      if (!f) throw new Error('the CRM page has no CCP frame');
      return f;
    };

    const parties = (): VoiceParties => ({
      world: crm.world,
      customer,
      bob: bobPage,
      problems,
      // What alice hears: framed, the CCP frame plays the call in its `<audio>` elements
      // (desktop-audio.ts measures them, in the frame); direct, the SDK's own softphone hands
      // the call's tracks to getMediaController() (and plays them in the page).
      agentHears:
        transport === 'iframe'
          ? (_contactId, tones) => desktopHears(ccpFrame(), tones)
          : (contactId, tones) => desktopHears(crm.page, tones, 15_000, contactId),
    });

    it('accept, hold, resume, sendDigits, mute, unmute and hang up, all through connect on the page', async () => {
      await call(crm.page, 'initVoice', await crm.ccpUrl('alice'), crm.world.server.url, transport);
      await voiceCallJourney(
        journeyPage(crm.page, problems, (name) => crm.shot(name)),
        parties(),
      );
      // Framed, the CCP frame ran the call; direct, there is no frame: the page's SDK did.
      expect(crm.page.frames().some((f) => f.url().includes('/ccp/'))).toBe(transport === 'iframe');
    });

    it('a consult: addConnection, toggleActiveConnections, conferenceConnections; alice leaves with destroy()', async () => {
      await voiceConsultJourney(
        journeyPage(crm.page, problems, (name) => crm.shot(name)),
        parties(),
      );
    });
  },
);
