/**
 * A CRM page that takes calls (the Streams voice tests): the CRM world (crm.ts) whose
 * Chromium's fake microphone is alice's (1,000 Hz) and heard as it is (plainMicrophone),
 * `/connect-streams.js` the unmodified Streams or `streamsJs`, and the voice test pages of
 * the other parties (the customer at 440 Hz, bob at 1,800 Hz when asked for).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startVoiceSite, openVoicePages, TONE, type VoicePage } from '../../voice/test/voice-pages.js';
import { type CrmWorld, crmWorld } from './crm.js';
import { plainMicrophone, toneArgs } from './desktop-audio.js';

export interface CrmVoiceWorld {
  readonly crm: CrmWorld;
  readonly customer: VoicePage;
  /** Bob's voice page, when `bob` was asked for. */
  readonly bob: VoicePage | undefined;
  close(): Promise<void>;
}

/**
 * `shots`: the screenshots folder; `problems` / `customerErrors`: where the CRM page's and
 * the voice pages' errors go.
 */
export async function crmVoiceWorld(
  shots: string,
  problems: string[],
  customerErrors: string[],
  opts: { readonly streamsJs?: string; readonly bob?: boolean } = {},
): Promise<CrmVoiceWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-crm-voice-'));
  const voiceSite = await startVoiceSite();
  const crm = await crmWorld(shots, problems, {
    ...(opts.streamsJs !== undefined ? { streamsJs: opts.streamsJs } : {}),
    chromiumArgs: toneArgs(dir, 'alice', TONE.agentA),
    permissions: ['microphone'],
  });
  // A pure tone is what the browser's noise suppression removes: alice's microphone (the CCP
  // frame's, or the page's own with the direct transport) is heard as it is. The init script
  // applies to pages loaded from now on.
  await plainMicrophone(crm.context);
  await crm.page.reload();
  const tones = opts.bob ? { customer: TONE.customer, bob: TONE.agentB } : { customer: TONE.customer };
  const opened = await openVoicePages(dir, voiceSite, tones as Record<'customer' | 'bob', number>, customerErrors);
  return {
    crm,
    customer: opened.pages.customer,
    bob: opts.bob ? opened.pages.bob : undefined,
    async close() {
      await opened.close();
      await crm.close();
      await voiceSite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
