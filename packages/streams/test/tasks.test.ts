/**
 * The CCP issue's Streams task journey (packages/ccp/test/streams-tasks-journey.ts: a task
 * rings, is accepted, its TaskSession hears the transfer; `agent.createTask` plain and from a
 * template, the template calls), unchanged, with `@switchboard/streams` in place of the
 * unmodified amazon-connect-streams. Which implementation of the task API each variant runs:
 * 1. on the CRM page in Chromium, framing the Switchboard CCP (`connect.core.initCCP`);
 * 2. on the CRM page in Chromium, straight to the agent API (`connect.core.initAgent`). In both the
 *    page loads the unmodified amazon-connect-taskjs (and chatjs) after our bundle. taskjs
 *    always replaces `connect.TaskSession`, so the session `getMediaController()` resolves is
 *    taskjs's, over our `aws/task` websocketManager (the CCP's subscription framed, the
 *    AgentClient's topic messages direct). It patches `connect.Agent.prototype.createTask`,
 *    `listTaskTemplates` and `getTaskTemplate` only where they are missing, and ours has
 *    them: those are ours here too (asserted below), as are the contact, endpoints and transfer.
 * 3. headless in Node: the same page scripts (crm.js, tasks.js) run in a vm context over
 *    `createConnect()`, straight to the agent API; no taskjs there, so this is our own
 *    `connect.TaskSession` (@switchboard/tasks) and our own `agent.createTask` /
 *    `listTaskTemplates` / `getTaskTemplate` (src/model/agent.ts), end to end.
 * The browser build is made from the sources in memory, so the test never uses a stale file.
 * Screenshots go to the folder printed first.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmWorld, crmWorld, journeyPage, agentToken } from '../../ccp/test/crm.js';
import type { JourneyPage } from '../../ccp/test/streams-journey.js';
import { createTaskJourney, taskTransferJourney, tasksReady } from '../../ccp/test/streams-tasks-journey.js';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { configureChatjs } from '../../server/test/chatjs-env.js';
import { buildStreamsIife } from '../build-iife.mjs';
import { type Connect, createConnect } from '../src/index.js';
import { nodePage } from './node-page.js';

describe.each([
  { transport: 'iframe', shots: 'switchboard-sdk-streams-tasks-iframe-shots', region: 'us-east-1' },
  { transport: 'direct', shots: 'switchboard-sdk-streams-tasks-direct-shots', region: 'us-west-2' },
] as const)(
  'tasks through @switchboard/streams + amazon-connect-taskjs on the CRM page in Chromium ($transport)',
  ({ transport, shots, region }) => {
    let crm: CrmWorld;
    let page: JourneyPage;
    const problems: string[] = [];

    beforeAll(async () => {
      const streamsJs = await buildStreamsIife({ write: false });
      crm = await crmWorld(path.join(tmpdir(), shots), problems, { streamsJs: streamsJs ?? '' });
      // chatjs keeps a client per region: each server of this file has its own region.
      configureChatjs(crm.world.server.url, region);
      page = journeyPage(crm.page, problems, (name) => crm.shot(name));
      await page.call('init', await crm.ccpUrl('alice'), crm.world.server.url, { allowFramedSoftphone: false }, transport);
      await tasksReady(page);
    });

    afterAll(async () => {
      await crm?.close();
    });

    it('receives a task, accepts it, and hears its transfer through the TaskSession', async () => {
      // Framed, the CRM page has the CCP frame; direct, it has none.
      expect(crm.page.frames().some((f) => f.url().includes('/ccp/'))).toBe(transport === 'iframe');
      // taskjs left our agent.createTask in place (its own says "Task contact object" when refusing).
      expect(
        await crm.page.evaluate(() =>
          String(
            (globalThis as unknown as { connect: { Agent: { prototype: { createTask: unknown } } } }).connect.Agent.prototype
              .createTask,
          ),
        ),
      ).toContain('task.endpoint must not be null');
      await taskTransferJourney(page, crm.world);
    });

    it('creates tasks with agent.createTask, plain and from a template', async () => {
      await createTaskJourney(page, crm.world, problems);
    });
  },
);

describe('tasks through @switchboard/streams headless in Node (direct: our own TaskSession and createTask)', () => {
  let world: ChatWorld;
  let connect: Connect;
  let page: JourneyPage;

  beforeAll(async () => {
    const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;
    world = await chatWorld(sqlite);
    configureChatjs(world.server.url, 'eu-west-1');
    connect = createConnect();
    ({ page } = nodePage(connect));
    const ccpUrl = `${world.server.url}/ccp/#token=${encodeURIComponent(await agentToken(world, 'alice'))}`;
    await page.call('init', ccpUrl, world.server.url, undefined, 'direct');
    await tasksReady(page);
  });

  afterAll(async () => {
    connect?.core.terminate();
    await world?.close();
  });

  it('receives a task, accepts it, and hears its transfer through our TaskSession', async () => {
    // No taskjs in Node: the TaskSession and createTask the page uses are @switchboard/streams' own.
    expect(connect.TaskSession).toBeDefined();
    await taskTransferJourney(page, world);
  });

  it('creates tasks with our agent.createTask, plain and from a template', async () => {
    await createTaskJourney(page, world, []);
  });

  it('listTaskTemplates sends its query as taskjs does: maxResults pages the two demo templates', async () => {
    const agent = new connect.Agent();
    const list = (queryParams: { maxResults?: number }) =>
      new Promise<{ TaskTemplates: { Name: string }[]; NextToken?: string }>((success, failure) =>
        agent.listTaskTemplates(queryParams, {
          success: success as (d: unknown) => void,
          failure: (e) => failure(new Error(String(e))),
        }),
      );
    expect((await list({})).TaskTemplates.map((x) => x.Name).sort()).toEqual(['Customer callback', 'Refund review']);
    const first = await list({ maxResults: 1 });
    expect(first.TaskTemplates).toHaveLength(1);
    expect(first.NextToken).toEqual(expect.any(String));
  });
});
