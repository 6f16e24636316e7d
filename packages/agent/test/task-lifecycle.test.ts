/**
 * The Task class's lifecycle against the real server (SQLite, loopback, the demo instance,
 * offers timing out after 1.5 s): a declined offer and a missed one (`task:rejected` with
 * DECLINED and RONA, the missed offer cleared, the agent in MissedCallAgent until they pick
 * a status), a task hydrated in a second session, the agent's chat session, wrap-up on the
 * contact, an auto-accepted task (`task:autoAnswered`) wrapped up by the auto-wrap-up timer,
 * and errors in words: a server refusal, a bad destination, a second identical operation.
 */
import { GetContactAttributesCommand, ListQuickConnectsCommand, StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { AgentDataWire } from '@switchboard/agent-client';
import { DEMO_PASSWORD } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { ContactCenter, isTaskError, type Task, TASK_EVENTS, type TaskEventName } from '../src/index.js';

const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;

/** Resolves with the first value `on` hands on that `pred` accepts. */
function next<T>(on: (cb: (v: T) => void) => () => void, pred: (v: T) => boolean = () => true, what = 'an event'): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, 15_000);
    const off = on((v) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

/** Records every event of a task, in order. */
function recorder(task: Task): string[] {
  const seen: string[] = [];
  for (const event of Object.values(TASK_EVENTS) as TaskEventName[]) {
    task.on(event, ((arg: unknown) => seen.push(event === TASK_EVENTS.TASK_REJECT ? `${event}:${String(arg)}` : event)) as never);
  }
  return seen;
}

describe('a task from offer to wrap-up', () => {
  let w: ChatWorld;
  const centers: ContactCenter[] = [];
  const signIn = async (
    username: string,
    options: Parameters<typeof ContactCenter.signIn>[0] extends infer O ? Partial<O> : never = {},
  ) => {
    const c = await ContactCenter.signIn({ endpoint: w.server.url, username, password: DEMO_PASSWORD, ...options });
    centers.push(c);
    return c;
  };

  beforeAll(async () => {
    w = await chatWorld(sqlite, { offerTimeoutMs: 1500 });
  });
  afterAll(async () => {
    for (const c of centers) c.close();
    await w?.close();
  });

  it('a chat declined, missed (RONA), accepted, hydrated elsewhere, talked in, ended and wrapped up', async () => {
    const alice = await signIn('alice');
    const states: string[] = [];
    alice.on('agent:stateChange', (s) => states.push(s.state));
    await alice.setAgentState('Available');
    const incoming = (what: string) =>
      next<Task>(
        (cb) => alice.on(TASK_EVENTS.TASK_INCOMING, cb),
        () => true,
        what,
      );

    const first = incoming('the first offer');
    const chat = await w.startChat();
    const offer1 = await first;
    expect(offer1.id).toBe(chat.ContactId);
    expect(offer1.data).toMatchObject({ state: 'offered', mediaType: 'chat', wrapUpRequired: false });
    const events1 = recorder(offer1);
    const second = incoming('the offer again');
    await offer1.decline();
    expect(events1).toEqual(['task:rejected:DECLINED']);
    expect(offer1.data.state).toBe('completed');

    // Back to the head of its queue, and to alice again: this time she lets it ring out.
    const offer2 = await second;
    expect(offer2).not.toBe(offer1);
    const events2 = recorder(offer2);
    await next<string>(
      (cb) => offer2.on(TASK_EVENTS.TASK_REJECT, cb),
      () => true,
      'the missed offer',
    );
    expect(events2).toEqual(['task:rejected:RONA']);
    expect(offer2.data.reason).toBe('RONA');
    // The manager cleared the missed offer; the agent waits in MissedCallAgent until they pick a status.
    await next<AgentDataWire>(
      (cb) => alice.client.on('data', cb),
      (d) => d.snapshot.contacts.length === 0,
      'the missed offer cleared',
    );
    expect(alice.getAllTasks()).toEqual([]);
    expect(alice.agentState).toBe('MissedCallAgent');
    const third = incoming('the third offer');
    await alice.setAgentState('Available');
    const task = await third;
    const events = recorder(task);
    const assigned = await task.accept();
    expect(assigned.state).toBe('connected');
    expect(events).toEqual(['task:assigned']);

    // A second session of alice finds the chat there already: task:hydrate, not task:incoming.
    const hydrated: Task[] = [];
    const incomingElsewhere: Task[] = [];
    const other = await ContactCenter.fromToken({
      endpoint: w.server.url,
      token: (
        (await (
          await fetch(`${w.server.url}/agent/v1/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
          })
        ).json()) as { token: string }
      ).token,
    });
    centers.push(other);
    other.on(TASK_EVENTS.TASK_HYDRATE, (t) => hydrated.push(t));
    other.on(TASK_EVENTS.TASK_INCOMING, (t) => incomingElsewhere.push(t));
    await new Promise((r) => setTimeout(r, 0));
    expect(hydrated.map((t) => [t.id, t.data.state])).toEqual([[task.id, 'connected']]);
    expect(incomingElsewhere).toEqual([]);
    other.close();

    // The agent's chat session: the customer's greeting and the agent's message.
    const session = await task.chatSession();
    expect(await task.chatSession()).toBe(session);
    expect((await session.connect()).connectSuccess).toBe(true);
    const sent = await session.sendMessage({ contentType: 'text/plain', message: 'Hello Jane' });
    expect(sent.data.Id).toBeTypeOf('string');
    const transcript = (await session.getTranscript({ maxResults: 100 })).data.Transcript ?? [];
    expect(transcript.some((i) => i.Content === 'Hello Jane' && i.ParticipantRole === 'AGENT')).toBe(true);

    // A chat cannot be held; a transfer to nowhere is refused in words.
    await expect(task.hold()).rejects.toThrow(`hold on task ${task.id}: a chat cannot be held (calls are held, tasks paused)`);
    const bad = await task.transfer({ to: 'nobody', destinationType: 'agent' }).catch((e: unknown) => e);
    expect(isTaskError(bad, 'InvalidInput')).toBe(true);
    expect((bad as Error).message).toBe(
      `transfer on task ${task.id}: no agent quick connect for nobody among the agent's transfer destinations (Alice Anders (alice), Bob Brown (bob))`,
    );

    const ended = next<Task>(
      (cb) => task.on(TASK_EVENTS.TASK_END, cb),
      () => true,
      'task:end',
    );
    const after = await task.end();
    expect(after).toMatchObject({ state: 'wrapUp', wrapUpRequired: true });
    expect((await ended).data.wrapUpRequired).toBe(true);
    const codes = await alice.getWrapUpCodes();
    const wrapped = await task.wrapup({
      wrapUpReason: 'Sent the tracking link',
      auxCodeId: codes.find((c) => c.name === 'Resolved')!.id,
    });
    expect(wrapped).toMatchObject({ state: 'completed', wrapUpCode: { name: 'Resolved' } });
    expect(events).toEqual(['task:assigned', 'task:end', 'task:wrapup', 'task:wrappedup']);
    const attrs = await w.connect.send(
      new GetContactAttributesCommand({ InstanceId: w.server.instance.id, InitialContactId: task.id }),
    );
    expect(attrs.Attributes).toMatchObject({ wrapUpCode: 'Resolved', agentNotes: 'Sent the tracking link' });
    // The first data's state, then each change (a declined offer rings again at once: alice is its only agent).
    expect(states).toEqual([
      'Offline',
      'Available',
      'PendingBusy',
      'MissedCallAgent',
      'PendingBusy',
      'Busy',
      'AfterContactWork',
      'Available',
    ]);
    await alice.setAgentState('Break');
  });

  it('an auto-accepted task (task:autoAnswered) is held, refused in words, ended and wrapped up by the timer', async () => {
    const bob = await signIn('bob', { autoWrapup: { afterMs: 200, wrapUpCode: 'Follow-up needed' } });
    await bob.setAgentState('Available');
    let events: string[] = [];
    // The recorder is attached as the task is announced: the same push assigns it.
    const incoming = next<Task>(
      (cb) => bob.on(TASK_EVENTS.TASK_INCOMING, cb),
      (t) => {
        events = recorder(t);
        return true;
      },
      "bob's task",
    );
    const qcs = await w.connect.send(new ListQuickConnectsCommand({ InstanceId: w.server.instance.id }));
    const support = qcs.QuickConnectSummaryList!.find((q) => q.Name === 'Support queue')!.Id!;
    const out = await w.connect.send(
      new StartTaskContactCommand({ InstanceId: w.server.instance.id, Name: 'Call Jane back', QuickConnectId: support }),
    );
    const task = await incoming;
    expect(task.id).toBe(out.ContactId);
    // Auto-accepted by bob's routing profile: the offer came connected.
    expect(task.data.state).toBe('connected');
    expect(events).toEqual(['task:assigned', 'task:autoAnswered']);

    // Resuming a task that is not paused: the server's refusal, typed and in words.
    const refused = await task.resume().catch((e: unknown) => e);
    expect(isTaskError(refused, 'OperationRefused')).toBe(true);
    expect(refused).toMatchObject({ serverType: 'InvalidStateException', operation: 'resume', taskId: task.id });
    expect((refused as Error).message).toBe(
      `resume on task ${task.id} failed: resumeContact: contact ${task.id} is connected; it must be paused to be resumed (InvalidStateException)`,
    );
    const holding = task.hold();
    const again = await task.hold().catch((e: unknown) => e);
    expect(isTaskError(again, 'OperationPending')).toBe(true);
    expect((await holding).state).toBe('held');
    await task.resume();

    const wrappedUp = next<Task>(
      (cb) => task.on(TASK_EVENTS.TASK_WRAPPEDUP, cb),
      () => true,
      'the auto wrap-up',
    );
    await task.end();
    expect(task.autoWrapup?.isRunning()).toBe(true);
    await wrappedUp;
    expect(task.data.wrapUpCode?.name).toBe('Follow-up needed');
    expect(events).toEqual([
      'task:assigned',
      'task:autoAnswered',
      'task:hold',
      'task:resume',
      'task:end',
      'task:wrapup',
      'task:wrappedup',
    ]);
  });
});
