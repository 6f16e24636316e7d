/**
 * The CCP issue's Streams journey (packages/ccp/test/streams-journey.ts: state, offer,
 * accept, chat both ways, quick responses, ACW, clear, transfer), unchanged, with
 * `@switchboard/streams` in place of the unmodified amazon-connect-streams:
 * 1. on the CRM page in Chromium, framing the Switchboard CCP (`connect.core.initCCP`);
 * 2. on the CRM page in Chromium, straight to the agent API (`connect.core.initAgent`), no frame;
 * 3. headless in Node: the same page scripts (crm.js, tasks.js) run in a vm context over
 *    `createConnect()`, straight to the agent API.
 * The customer is the unmodified chatjs in Node each time. The browser build is made from the
 * sources in memory, so the test never uses a stale file. Screenshots go to the folder printed first.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmWorld, crmWorld, journeyPage } from '../../ccp/test/crm.js';
import { streamsJourney } from '../../ccp/test/streams-journey.js';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { configureChatjs } from '../../server/test/chatjs-env.js';
import { buildStreamsIife } from '../build-iife.mjs';
import { type Connect, createConnect } from '../src/index.js';
import { agentToken } from '../../ccp/test/crm.js';
import { nodePage } from './node-page.js';

describe.each([
  { transport: 'iframe', shots: 'switchboard-sdk-streams-iframe-shots', region: 'us-east-1' },
  { transport: 'direct', shots: 'switchboard-sdk-streams-direct-shots', region: 'us-west-2' },
] as const)('@switchboard/streams on the CRM page in Chromium ($transport)', ({ transport, shots, region }) => {
  let crm: CrmWorld;
  const problems: string[] = [];

  beforeAll(async () => {
    const streamsJs = await buildStreamsIife({ write: false });
    crm = await crmWorld(path.join(tmpdir(), shots), problems, { streamsJs: streamsJs ?? '' });
    // chatjs keeps a client per region: each server of this file has its own region.
    configureChatjs(crm.world.server.url, region);
  });

  afterAll(async () => {
    await crm?.close();
  });

  it('passes the Streams journey', async () => {
    const page = journeyPage(crm.page, problems, (name) => crm.shot(name));
    await page.call('init', await crm.ccpUrl('bob'), crm.world.server.url, { allowFramedSoftphone: false }, transport);
    await page.waitFor('core.initialized');
    // connect.ifMaster: the framed CCP answers for its tabs (false while a cross-site frame
    // cannot elect itself: ccp/test/streams-embed.test.ts); a direct connect leads by itself.
    const master = await page.call('master', 'connect::ringtone');
    expect(typeof master).toBe('boolean');
    if (transport === 'direct') expect(master).toBe(true);
    await streamsJourney(page, crm.world, 'bob', region);

    // terminate (the CRM's logout): terminated, and the agent is signed out.
    await page.call('terminate');
    await page.waitFor('terminated');
    await crm.shot('terminated');
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});

describe('@switchboard/streams headless in Node (direct)', () => {
  let world: ChatWorld;
  const connects: Connect[] = [];

  beforeAll(async () => {
    const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;
    world = await chatWorld(sqlite);
    configureChatjs(world.server.url, 'eu-west-1');
  });

  afterAll(async () => {
    for (const c of connects) c.core.terminate();
    await world?.close();
  });

  it('passes the Streams journey with the page scripts run in Node', async () => {
    const connect = createConnect();
    connects.push(connect);
    const { page } = nodePage(connect);
    const ccpUrl = `${world.server.url}/ccp/#token=${encodeURIComponent(await agentToken(world, 'bob'))}`;
    await page.call('init', ccpUrl, world.server.url, undefined, 'direct');
    await page.waitFor('core.initialized');
    await streamsJourney(page, world, 'bob', 'eu-west-1');
    await page.call('terminate');
    await page.waitFor('terminated');
  });

  it('signs in with username and password, and says why when they are wrong', async () => {
    const wrong = createConnect();
    connects.push(wrong);
    const failed = new Promise<unknown>((resolve) => wrong.core.onAuthFail(resolve));
    wrong.core.initAgent({ url: world.server.url, username: 'bob', password: 'not the password' });
    expect(await failed).toMatchObject({ message: expect.stringMatching(/password/i) });

    const connect = createConnect();
    connects.push(connect);
    const agent = await new Promise<InstanceType<Connect['Agent']>>((resolve) => {
      connect.agent(resolve);
      connect.core.initAgent({ url: world.server.url, username: 'alice', password: DEMO_PASSWORD });
    });
    expect(agent.getConfiguration().username).toBe('alice');
    // connect.agent replays at once for a late subscriber.
    let replayed = false;
    connect.agent(() => {
      replayed = true;
    });
    expect(replayed).toBe(true);
  });
});
