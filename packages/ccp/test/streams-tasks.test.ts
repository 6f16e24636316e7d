/**
 * Tasks in a CRM page of another origin that embeds /ccp/ with the UNMODIFIED
 * amazon-connect-streams and amazon-connect-taskjs, in headless Chromium, against the real
 * server (SQLite) serving the CCP built from the current sources. alice (who accepts tasks
 * herself) is signed in by a token in the ccpUrl fragment.
 *
 * Journey: a task started with the unmodified @aws-sdk/client-connect rings as
 * `connect.contact` (name, description, references through Streams' getters);
 * `contact.accept()`; `taskConnection.getMediaController()` resolves taskjs's TaskSession;
 * `contact.transfer(queue)` → the session's onTransferInitiated, then onTransferSucceeded
 * (each also onMessage), the contact in after-contact work; `agent.createTask` plain (to a
 * queue, with references) and templated (with the template's required field) make tasks
 * the Connect API describes; the template calls answer; a templated task missing a required
 * field fails with the field named.
 * The journey is shared with `@switchboard/streams` (streams-tasks-journey.ts; packages/streams/test/tasks.test.ts).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type CrmWorld, crmHarness, crmWorld, journeyPage } from './crm.js';
import type { JourneyPage } from './streams-journey.js';
import { createTaskJourney, taskTransferJourney, tasksReady } from './streams-tasks-journey.js';

const SHOTS = path.join(tmpdir(), 'switchboard-streams-task-shots');

describe('tasks in a CRM embedding the CCP with amazon-connect-streams + amazon-connect-taskjs', () => {
  let crm: CrmWorld;
  let page: JourneyPage;
  const problems: string[] = [];
  const { call } = crmHarness(problems);

  beforeAll(async () => {
    crm = await crmWorld(SHOTS, problems);
    page = journeyPage(crm.page, problems, (name) => crm.shot(name));
    await call(crm.page, 'init', await crm.ccpUrl('alice'), crm.world.server.url);
    await tasksReady(page);
  });

  afterAll(async () => {
    await crm?.close();
  });

  it('receives a task, accepts it, and hears its transfer through the TaskSession', async () => {
    await taskTransferJourney(page, crm.world);
  });

  it('creates tasks with agent.createTask, plain and from a template', async () => {
    await createTaskJourney(page, crm.world, problems);
  });
});
