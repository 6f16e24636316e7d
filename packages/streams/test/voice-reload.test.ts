/**
 * The direct transport's softphone survives a reload of the CRM page mid-call: alice is on a
 * call through `connect.core.initAgent` (the SDK's own softphone in the page, her microphone
 * 1,000 Hz, the customer's voice test page 440 Hz), the page reloads and inits again; its
 * softphone opens her leg with the same token — refused (ConflictException) while the server
 * still holds the old one (the test answers the first two offers so, with playwright's
 * routeWebSocket: Chromium's reload closes the old leg at once), tried again every second (transport/softphone.ts `afterLegEnd`) —
 * and alice and the customer hear each other again; she hangs up. Alice's ear is
 * `getMediaController()`'s tracks (desktop-audio.ts `desktopHears`). Screenshots go to the
 * folder printed first.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmWorld, crmHarness, type PageEvent } from '../../ccp/test/crm.js';
import { type CrmVoiceWorld, crmVoiceWorld } from '../../ccp/test/crm-voice.js';
import { desktopHears } from '../../ccp/test/desktop-audio.js';
import { customerCalls } from '../../ccp/test/streams-voice-journey.js';
import { TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import { buildStreamsIife } from '../build-iife.mjs';

describe('the SDK softphone after the CRM page reloads mid-call (direct)', { timeout: 120_000 }, () => {
  let voice: CrmVoiceWorld;
  let crm: CrmWorld;
  let customer: VoicePage;
  const problems: string[] = [];
  const customerErrors: string[] = [];
  const { call, waitFor } = crmHarness(problems);

  beforeAll(async () => {
    const streamsJs = (await buildStreamsIife({ write: false })) ?? '';
    const shots = path.join(tmpdir(), 'switchboard-sdk-streams-voice-reload-shots');
    voice = await crmVoiceWorld(shots, problems, customerErrors, { streamsJs });
    ({ crm, customer } = voice);
  }, 120_000);

  afterAll(async () => {
    await voice?.close();
    expect(customerErrors).toEqual([]);
  });

  it('alice and the customer hear each other again after the reload, and she hangs up', async () => {
    const page = crm.page;
    // After the reload, the server still holds the old leg for a moment (a page that died
    // without its socket's close reaching the server): the test answers the new page's first
    // two offers as the server then does, ConflictException, before letting them through.
    let refuse = 0;
    const refused: string[] = [];
    await page.routeWebSocket(/\/voice\/v1\/ws/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const frame = typeof message === 'string' ? (JSON.parse(message) as { type?: string }) : {};
        if (frame.type !== 'offer' || refuse <= 0) return server.send(message);
        refuse--;
        refused.push(frame.type);
        const error = { type: 'ConflictException', message: 'This leg is already in a call: hang up first' };
        ws.send(JSON.stringify({ type: 'error', error }));
      });
    });
    const init = async () => {
      await call(page, 'initVoice', await crm.ccpUrl('alice'), crm.world.server.url, 'direct');
      // What the softphone would report if it gave up (agent.onSoftphoneError's event).
      await page.evaluate(() => {
        const g = globalThis as unknown as {
          connect: { core: { getEventBus(): { subscribe(name: string, f: (d: unknown) => void): void } } };
          softphoneErrors?: unknown[];
        };
        g.softphoneErrors = [];
        g.connect.core.getEventBus().subscribe('agent::softphone_error', (d) => g.softphoneErrors?.push(d));
      });
      await waitFor(page, 'agent.init');
    };
    await init();
    await call(page, 'setState', 'Available');
    await waitFor(page, 'agent.stateChange', (e) => (e.data as { newState?: string } | null)?.newState === 'Available');
    const { contactId } = await customerCalls(crm.world, customer);
    const isOurs = (e: PageEvent) => e.data?.contactId === contactId;
    await waitFor(page, 'contact.connecting', isOurs, 15_000);
    await call(page, 'accept', contactId);
    await waitFor(page, 'contact.connected', isOurs);
    await Promise.all([customer.hears([TONE.agentA]), desktopHears(page, [TONE.customer], 15_000, contactId)]);
    await crm.shot('on-the-call');

    // The reload: the old leg's socket goes with the page; the new page's softphone opens the
    // leg again (tried again while the server still holds the old one).
    refuse = 2;
    await page.reload();
    await init();
    await Promise.all([customer.hears([TONE.agentA]), desktopHears(page, [TONE.customer], 20_000, contactId)]);
    await crm.shot('on-the-call-after-reload');
    expect(refused).toEqual(['offer', 'offer']);
    expect(await page.evaluate(() => (globalThis as unknown as { softphoneErrors: unknown[] }).softphoneErrors)).toEqual([]);

    // She hangs up: both legs close, after-contact work.
    expect(await call(page, 'hangUp', contactId)).toMatchObject({ ok: true });
    await customer.ended();
    await waitFor(page, 'contact.acw', isOurs);
    await call(page, 'clear', contactId);
    await waitFor(page, 'contact.destroy', isOurs);
    expect(problems).toEqual([]);
  });
});
