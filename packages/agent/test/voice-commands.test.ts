/**
 * The Task class's call methods in Node, where there is no media (no leg is opened, no
 * `task:media`): each is still its agent command, settled on the agent's data. On the real
 * server (SQLite, the demo instance) with a web call started by StartWebRTCContact: hold
 * and resume, mute, recording paused and resumed (StartContactRecording first), a consult
 * ended (endConsult), a consult handed over (consultTransfer), a conference left
 * (exitConference); each agent's task events in order, and the refusals in words.
 */
import { StartContactRecordingCommand } from '@aws-sdk/client-connect';
import { DEMO_PASSWORD } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld } from '../../server/test/chat-support.js';
import { startWebCall } from '../../server/test/voice-peer.js';
import { ContactCenter, isTaskError, type Task, TASK_EVENTS, type TaskEventName } from '../src/index.js';

const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;

/** The next task the agent is offered, with every event it emits recorded from the start. */
function nextTask(center: ContactCenter): Promise<{ task: Task; events: string[] }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no task offered in time')), 15_000);
    const off = center.on(TASK_EVENTS.TASK_INCOMING, (task) => {
      off();
      clearTimeout(timer);
      const events: string[] = [];
      for (const event of Object.values(TASK_EVENTS) as TaskEventName[])
        task.on(event, ((arg: unknown) =>
          events.push(event === TASK_EVENTS.TASK_REJECT ? `${event}:${String(arg)}` : event)) as never);
      resolve({ task, events });
    });
  });
}

describe('a call handled with the Task class in Node (commands only)', () => {
  let w: ChatWorld;
  let alice: ContactCenter;
  let bob: ContactCenter;
  let codeId: string;

  beforeAll(async () => {
    w = await chatWorld(sqlite);
    const sign = (username: string) => ContactCenter.signIn({ endpoint: w.server.url, username, password: DEMO_PASSWORD });
    [alice, bob] = await Promise.all([sign('alice'), sign('bob')]);
    await Promise.all([alice.setAgentState('Available'), bob.setAgentState('Break')]);
    codeId = (await alice.getWrapUpCodes()).find((c) => c.name === 'Resolved')!.id;
  });
  afterAll(async () => {
    alice?.close();
    bob?.close();
    await w?.close();
  });

  it('hold, mute, recording, a consult ended, a consult handed over; then a conference left', async () => {
    const offered = nextTask(alice);
    const { contactId } = await startWebCall(w);
    const { task, events } = await offered;
    expect(task.id).toBe(contactId);
    expect(task.data.mediaType).toBe('voice');
    expect(await task.accept()).toMatchObject({ state: 'connected', isHold: false, isMuted: false });

    // Calls only: a chat's refusal says so; the conference methods need a conference.
    await expect(task.exitConference()).rejects.toThrow(`exitConference on task ${contactId}: there is no conference to leave`);
    await expect(task.endConsult()).rejects.toThrow(`endConsult on task ${contactId}: there is no consult on the call to end`);

    expect(await task.hold()).toMatchObject({ state: 'held', isHold: true });
    expect(await task.resume()).toMatchObject({ state: 'connected', isHold: false });
    expect(await task.toggleMute()).toMatchObject({ isMuted: true });
    expect(await task.toggleMute()).toMatchObject({ isMuted: false });

    const ids = { InstanceId: w.server.instance.id, ContactId: contactId, InitialContactId: contactId };
    await w.connect.send(
      new StartContactRecordingCommand({ ...ids, VoiceRecordingConfiguration: { VoiceRecordingTrack: 'ALL' } }),
    );
    await expect.poll(() => task.data.recording).toBe('recording');
    expect(await task.pauseRecording()).toMatchObject({ recording: 'paused' });
    expect(await task.resumeRecording({ autoResumed: false })).toMatchObject({ recording: 'recording' });

    // A consult to bob; once he answers, alice hangs up on him (the customer stays, held).
    await bob.setAgentState('Available');
    const bobOffered = nextTask(bob);
    const consulting = await task.consult({ to: 'Bob Brown', destinationType: 'agent' });
    expect(consulting).toMatchObject({ state: 'consulting', consultContactId: expect.any(String) });
    const first = await bobOffered;
    expect(first.task.id).toBe(consulting.consultContactId);
    expect(await first.task.accept()).toMatchObject({ state: 'consulting', isConsulted: true });
    expect(await task.endConsult({ isConsult: true })).toMatchObject({ state: 'held', isHold: true });
    await expect.poll(() => first.task.data.state).toBe('wrapUp');
    await first.task.wrapup({ wrapUpReason: 'Resolved', auxCodeId: codeId });
    expect(first.events).toEqual([
      'task:offerConsult',
      'task:assigned',
      'task:consultAccepted',
      'task:end',
      'task:wrapup',
      'task:wrappedup',
    ]);
    await task.resume();

    // A second consult, handed over: alice leaves the call to bob (a warm transfer).
    const bobAgain = nextTask(bob);
    await task.consult({ to: 'bob', destinationType: 'agent' });
    const second = await bobAgain;
    await second.task.accept();
    await expect.poll(() => task.data.contact.connections.find((c) => c.type === 'outbound')?.state.type).toBe('connected');
    expect(await task.consultTransfer()).toMatchObject({ state: 'wrapUp', wrapUpRequired: true });
    await task.wrapup({ wrapUpReason: 'Handed to Bob', auxCodeId: codeId });
    expect(events).toEqual([
      'task:assigned',
      'task:hold',
      'task:resume',
      'task:recordingPaused',
      'task:recordingResumed',
      'task:consultCreated',
      'task:consulting',
      'task:consultEnd',
      'task:resume',
      'task:consultCreated',
      'task:consulting',
      'task:end',
      'task:wrapup',
      'task:wrappedup',
    ]);
    // The call is bob's now: no longer called in.
    await expect.poll(() => second.task.data.isConsulted).toBe(false);
    expect(second.task.data.state).toBe('connected');

    // Bob consults alice, conferences, and leaves the conference: alice keeps the customer.
    const aliceOffered = nextTask(alice);
    await second.task.consult({ to: 'alice', destinationType: 'agent' });
    const third = await aliceOffered;
    await third.task.accept();
    await expect
      .poll(() => second.task.data.contact.connections.find((c) => c.type === 'outbound')?.state.type)
      .toBe('connected');
    expect(await second.task.consultConference()).toMatchObject({ state: 'conferencing', isConferenceInProgress: true });
    await expect.poll(() => third.task.data.state).toBe('conferencing');
    const left = await second.task.exitConference();
    expect(left).toMatchObject({ state: 'wrapUp' });
    await second.task.wrapup({ wrapUpReason: 'Resolved', auxCodeId: codeId });
    await expect.poll(() => third.task.data.isConsulted).toBe(false);
    expect(third.task.data.state).toBe('connected');
    await third.task.end();
    await third.task.wrapup({ wrapUpReason: 'Resolved', auxCodeId: codeId });
    expect(second.events).toEqual([
      'task:offerConsult',
      'task:assigned',
      'task:consultAccepted',
      'task:consultCreated',
      'task:consulting',
      'task:conferenceEstablishing',
      'task:participantJoined',
      'task:conferenceStarted',
      'task:participantLeft',
      'task:conferenceEnded',
      'task:end',
      'task:wrapup',
      'task:wrappedup',
    ]);
    expect(third.events).toEqual([
      'task:offerConsult',
      'task:assigned',
      'task:consultAccepted',
      'task:participantJoined',
      'task:conferenceStarted',
      'task:participantLeft',
      'task:conferenceEnded',
      'task:end',
      'task:wrapup',
      'task:wrappedup',
    ]);

    // Refusals in words: the call is over for alice's first task; bad input before any command.
    const late = await task.hold().catch((e: unknown) => e);
    expect(isTaskError(late, 'UnsupportedOperation')).toBe(true);
    expect((late as Error).message).toBe(
      `hold on task ${contactId} (voice): the task is completed; only a connected voice can be held`,
    );
  });
});
