/**
 * Web voice's media path with real audio (shared/spec/voice-webrtc.md §2): three headless
 * Chromiums, each with a fake microphone playing its own tone — the customer 440 Hz,
 * agent A 1,000 Hz, agent B 1,800 Hz — call the real server's media server through
 * `@switchboard/voice` (its browser build, on a page of another origin). Each page mixes
 * what it receives into an AnalyserNode and waits until it hears exactly the tones the
 * parties' routes (core's audioRoutes) say: a two-party call, hold (the hold music's
 * 660 Hz, not the agent), resume, mute, DTMF reaching the server in order, a consult,
 * a conference, a supervisor's silent monitor and barge, and an agent leaving.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Party } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaGrants } from '../../server/src/api/voice/grants.js';
import { WeriftMediaServer } from '../../server/src/media/index.js';
import { openStore } from '../../server/src/storage/db.js';
import { startTestServer, type TestServer } from '../../server/test/harness.js';
import type { StaticSite } from '../../server/test/static-site.js';
import { openVoicePages, startVoiceSite, TONE as TONES, type VoicePage } from './voice-pages.js';

const CUSTOMER = TONES.customer;
const HOLD_MUSIC = TONES.holdMusic;
const AGENT_A = TONES.agentA;
const AGENT_B = TONES.agentB;
const CALL = 'call-1';

type Who = 'customer' | 'agentA' | 'agentB';
const TONE: Record<Who, number> = { customer: CUSTOMER, agentA: AGENT_A, agentB: AGENT_B };

const party = (id: Who, state: Party['state'] = 'active', muted = false): Party => ({
  id,
  role: id === 'customer' ? 'customer' : 'agent',
  state,
  muted,
});

/** For the record (not asserted): this process runs the server, werift and the test's side of Playwright. */
const logCpu = (what: string, since: NodeJS.CpuUsage, t0: number) => {
  const used = process.cpuUsage(since);
  const ms = performance.now() - t0;
  console.info(
    `voice: ${what}: server process CPU ${(((used.user + used.system) / 1000 / ms) * 100).toFixed(1)} % of a core over ${ms.toFixed(0)} ms`,
  );
};

// Generous: each step waits for what it should hear, and CI runs other test files beside it.
describe('web voice in Chromium: the media server forwards real audio as the routes say', { timeout: 60_000 }, () => {
  let dir: string;
  let site: StaticSite;
  let server: TestServer;
  let media: WeriftMediaServer;
  const grants = new MediaGrants();
  const digits: string[] = [];
  let closePages: (() => Promise<void>) | undefined;
  let pages = {} as Record<Who, VoicePage>;
  const pageErrors: string[] = [];

  const hears = (who: Who, tones: number[]) => pages[who].hears(tones);
  const call = (who: Who, method: string, ...args: unknown[]) => pages[who].call(method, ...args);
  const join = async (who: Who) => {
    const token = grants.mint({ callId: CALL, legId: who });
    const state = await pages[who].start(`${server.url.replace(/^http/, 'ws')}/voice/v1/ws`, token);
    expect(state).toBe('connected');
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-voice-'));
    site = await startVoiceSite();
    media = new WeriftMediaServer();
    server = await startTestServer(await openStore({ kind: 'sqlite', file: path.join(dir, 'sb.db') }), {
      voice: { media, authorize: grants.authorize, onDigit: (g, d) => digits.push(`${g.legId}:${d}`) },
    });
    const opened = await openVoicePages(dir, site, TONE, pageErrors);
    pages = opened.pages;
    closePages = opened.close;
  }, 60_000);

  afterAll(async () => {
    await closePages?.();
    await server?.close();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
    expect(pageErrors).toEqual([]);
  });

  it('two parties: the customer and agent A hear each other', async () => {
    await Promise.all([join('customer'), join('agentA')]);
    expect(media.size).toBe(2);
    media.applyRoutes(CALL, [party('customer'), party('agentA')]);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all([hears('customer', [AGENT_A]), hears('agentA', [CUSTOMER])]);
    logCpu('2-party call', cpu, t0);
  });

  it('hold: the customer hears the hold music and not the agent; the agent hears nobody; resume', async () => {
    media.applyRoutes(CALL, [party('customer', 'held'), party('agentA')]);
    await Promise.all([hears('customer', [HOLD_MUSIC]), hears('agentA', [])]);
    media.applyRoutes(CALL, [party('customer'), party('agentA')]);
    await Promise.all([hears('customer', [AGENT_A]), hears('agentA', [CUSTOMER])]);
  });

  it('mute: a muted agent is not heard, and is again when unmuted (server-side and in the browser)', async () => {
    media.applyRoutes(CALL, [party('customer'), party('agentA', 'active', true)]);
    await Promise.all([hears('customer', []), hears('agentA', [CUSTOMER])]);
    media.applyRoutes(CALL, [party('customer'), party('agentA')]);
    await hears('customer', [AGENT_A]);
    await call('agentA', 'mute', true);
    await hears('customer', []);
    await call('agentA', 'mute', false);
    await hears('customer', [AGENT_A]);
  });

  it("DTMF: the customer's 159# reaches the server in order, once each, and is not forwarded as audio", async () => {
    await call('customer', 'sendDigits', '159#');
    await expect.poll(() => digits.length, { timeout: 10_000 }).toBe(4);
    expect(digits).toEqual(['customer:1', 'customer:5', 'customer:9', 'customer:#']);
    await hears('agentA', [CUSTOMER]);
  });

  it('consult: with the customer held, agents A and B hear each other and the customer hears the music', async () => {
    await join('agentB');
    media.applyRoutes(CALL, [party('customer', 'held'), party('agentA'), party('agentB')]);
    await Promise.all([hears('customer', [HOLD_MUSIC]), hears('agentA', [AGENT_B]), hears('agentB', [AGENT_A])]);
  });

  it('conference: each of the three hears the other two', async () => {
    media.applyRoutes(CALL, [party('customer'), party('agentA'), party('agentB')]);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all([
      hears('customer', [AGENT_A, AGENT_B]),
      hears('agentA', [CUSTOMER, AGENT_B]),
      hears('agentB', [CUSTOMER, AGENT_A]),
    ]);
    logCpu('3-party conference', cpu, t0);
  });

  it('a supervisor (B) monitors silently (hears both, is heard by neither), barges (both hear B; A force-muted), and returns to monitoring', async () => {
    const supervisor = (state: Party['state']): Party => ({ id: 'agentB', role: 'supervisor', state, muted: false });
    media.applyRoutes(CALL, [party('customer'), party('agentA'), supervisor('monitor')]);
    await Promise.all([hears('customer', [AGENT_A]), hears('agentA', [CUSTOMER]), hears('agentB', [CUSTOMER, AGENT_A])]);
    media.applyRoutes(CALL, [party('customer'), party('agentA', 'active', true), supervisor('barge')]);
    await Promise.all([hears('customer', [AGENT_B]), hears('agentA', [CUSTOMER, AGENT_B]), hears('agentB', [CUSTOMER])]);
    media.applyRoutes(CALL, [party('customer'), party('agentA'), supervisor('monitor')]);
    await Promise.all([hears('customer', [AGENT_A]), hears('agentA', [CUSTOMER]), hears('agentB', [CUSTOMER, AGENT_A])]);
  });

  it('agent A leaves the conference: B and the customer still hear each other', async () => {
    await call('agentA', 'hangUp');
    await expect.poll(() => media.size, { timeout: 10_000 }).toBe(2);
    media.applyRoutes(CALL, [party('customer'), party('agentB')]);
    await Promise.all([hears('customer', [AGENT_B]), hears('agentB', [CUSTOMER])]);
    const packets = (await call('customer', 'stats')) as number;
    expect(packets).toBeGreaterThan(200);
  });

  it('the server ends the call: both browsers see it ended', async () => {
    media.endCall(CALL);
    for (const who of ['customer', 'agentB'] as const) await pages[who].ended();
    expect(media.size).toBe(0);
  });
});
