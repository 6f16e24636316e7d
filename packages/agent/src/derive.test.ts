import { describe, expect, it } from 'vitest';
import { agentData, type ContactSpec, contact } from '../test/contacts.js';
import { contactChanges, deriveChanges, factsOf, type TaskChange, taskStateOf } from './derive.js';

const events = (changes: readonly TaskChange[]) =>
  changes.map((c) =>
    c.kind === 'event'
      ? c.event
      : c.kind === 'created'
        ? `created:${c.as}`
        : c.kind === 'rejected'
          ? `rejected:${c.reason}`
          : 'removed',
  );
const step = (a: ContactSpec | undefined, b: ContactSpec | undefined, opts = { first: false, declined: false }) =>
  events(contactChanges(a && contact(a), b && contact(b), opts));

describe('contactChanges: one contact from one push to the next', () => {
  it('a new offer is incoming; accepting it assigns it', () => {
    expect(step(undefined, { state: 'connecting' })).toEqual(['created:incoming']);
    expect(step({ state: 'connecting' }, { state: 'connected' })).toEqual(['task:assigned']);
  });

  it('an offer first seen connected went through the offer: incoming, then assigned (auto-accepted: autoAnswered)', () => {
    expect(step(undefined, { state: 'connected', autoAccept: true })).toEqual([
      'created:incoming',
      'task:assigned',
      'task:autoAnswered',
    ]);
  });

  it('at sign-in, contacts past their offer are hydrated without events; offers are still incoming', () => {
    const first = { first: true, declined: false };
    expect(step(undefined, { state: 'connected' }, first)).toEqual(['created:hydrate']);
    expect(step(undefined, { state: 'ended' }, first)).toEqual(['created:hydrate']);
    expect(step(undefined, { state: 'connecting' }, first)).toEqual(['created:incoming']);
    expect(step(undefined, { state: 'missed' }, first)).toEqual(['created:hydrate', 'rejected:RONA']);
  });

  it('an offer that times out is rejected RONA; one that disappears was declined or withdrawn', () => {
    expect(step({ state: 'connecting' }, { state: 'missed' })).toEqual(['rejected:RONA']);
    expect(step({ state: 'connecting' }, undefined, { first: false, declined: true })).toEqual(['rejected:DECLINED', 'removed']);
    expect(step({ state: 'connecting' }, undefined)).toEqual(['rejected:WITHDRAWN', 'removed']);
    expect(step({ state: 'missed' }, undefined)).toEqual(['removed']);
  });

  it('ending: task:end then task:wrapup; leaving after-contact work is task:wrappedup', () => {
    expect(step({ state: 'connected' }, { state: 'ended', customer: 'disconnected' })).toEqual(['task:end', 'task:wrapup']);
    expect(step({ state: 'ended' }, undefined)).toEqual(['task:wrappedup', 'removed']);
    // Cleared while connected (no after-contact work): task:end alone.
    expect(step({ state: 'connected' }, undefined)).toEqual(['task:end', 'removed']);
    // Accepted and ended between two pushes.
    expect(step({ state: 'connecting' }, { state: 'ended' })).toEqual(['task:assigned', 'task:end', 'task:wrapup']);
  });

  it('a task pauses and resumes: task:hold, task:resume', () => {
    expect(step({ type: 'task', state: 'connected' }, { type: 'task', state: 'paused' })).toEqual(['task:hold']);
    expect(step({ type: 'task', state: 'paused' }, { type: 'task', state: 'connected' })).toEqual(['task:resume']);
  });

  it("a call's customer held and back: task:hold, task:resume", () => {
    expect(step({ type: 'voice' }, { type: 'voice', customer: 'hold' })).toEqual(['task:hold']);
    expect(step({ type: 'voice', customer: 'hold' }, { type: 'voice' })).toEqual(['task:resume']);
  });

  it('a consult: created, consulting, conference, end of the conference and of the consult', () => {
    const v = { type: 'voice' as const };
    expect(step(v, { ...v, customer: 'hold', third: 'connecting' })).toEqual(['task:consultCreated']);
    expect(step({ ...v, customer: 'hold', third: 'connecting' }, { ...v, customer: 'hold', third: 'connected' })).toEqual([
      'task:consulting',
    ]);
    expect(step({ ...v, customer: 'hold', third: 'connected' }, { ...v, third: 'connected' })).toEqual([
      'task:participantJoined',
      'task:conferenceStarted',
    ]);
    expect(step({ ...v, third: 'connected' }, { ...v, third: 'hold' })).toEqual(['task:conferenceEnded']);
    expect(step({ ...v, third: 'connected' }, v)).toEqual(['task:participantLeft', 'task:conferenceEnded', 'task:consultEnd']);
    expect(step({ ...v, customer: 'hold', third: 'connected' }, { ...v, customer: 'hold' })).toEqual(['task:consultEnd']);
    // The agent leaves the call to the consulted party: their contact ends.
    expect(step({ ...v, third: 'connected' }, { ...v, state: 'ended', customer: 'disconnected', third: 'disconnected' })).toEqual(
      ['task:participantLeft', 'task:conferenceEnded', 'task:end', 'task:wrapup'],
    );
  });

  it("the consulted agent's task: offerConsult, then consultAccepted", () => {
    expect(step(undefined, { type: 'voice', state: 'connecting', calledIn: true })).toEqual([
      'created:incoming',
      'task:offerConsult',
    ]);
    const consult = { type: 'voice' as const, calledIn: true, customer: 'hold' };
    expect(step({ ...consult, state: 'connecting' }, consult)).toEqual(['task:assigned', 'task:consultAccepted']);
  });

  it("the consulted agent's task: a conference with the customer, and the consulting agent leaving it to them", () => {
    const v = { type: 'voice' as const, calledIn: true };
    expect(step({ ...v, customer: 'hold' }, { ...v, customer: 'connected' })).toEqual([
      'task:participantJoined',
      'task:conferenceStarted',
    ]);
    // The consulting agent left: the call is theirs (no longer called in), the customer stays.
    expect(step({ ...v }, { type: 'voice' })).toEqual(['task:participantLeft', 'task:conferenceEnded']);
    expect(taskStateOf(factsOf(contact({ ...v, customer: 'hold' })))).toBe('consulting');
    expect(factsOf(contact({ ...v, customer: 'hold' })).held).toBe(false);
  });

  it('recording paused and resumed', () => {
    expect(step({ type: 'voice', recording: 'recording' }, { type: 'voice', recording: 'paused' })).toEqual([
      'task:recordingPaused',
    ]);
    expect(step({ type: 'voice', recording: 'paused' }, { type: 'voice', recording: 'recording' })).toEqual([
      'task:recordingResumed',
    ]);
  });

  it('nothing that matters changed: no events', () => {
    expect(step({ type: 'voice' }, { type: 'voice', muted: true })).toEqual([]);
    expect(step({ state: 'ended' }, { state: 'ended' })).toEqual([]);
  });
});

describe('task state', () => {
  it('follows the contact', () => {
    const s = (spec: ContactSpec) => taskStateOf(factsOf(contact(spec)));
    expect(s({ state: 'connecting' })).toBe('offered');
    expect(s({ state: 'connected' })).toBe('connected');
    expect(s({ type: 'task', state: 'paused' })).toBe('held');
    expect(s({ type: 'voice', customer: 'hold' })).toBe('held');
    expect(s({ type: 'voice', customer: 'hold', third: 'connecting' })).toBe('consulting');
    expect(s({ type: 'voice', third: 'connected' })).toBe('conferencing');
    expect(s({ state: 'ended' })).toBe('wrapUp');
    expect(s({ state: 'missed' })).toBe('missed');
    // A chat's customer connection is never "held".
    expect(factsOf(contact({ type: 'chat', customer: 'hold' })).held).toBe(false);
  });
});

describe('deriveChanges: one push of the agent data', () => {
  it('only the contacts that changed, each with its own changes, and the agent state', () => {
    const a = contact({ id: 'a', state: 'connected' });
    const b = contact({ id: 'b', state: 'connecting' });
    const prev = agentData([a, b], 'Busy');
    const next = agentData([a, contact({ id: 'b', state: 'connected' }), contact({ id: 'c', state: 'connecting' })], 'Busy');
    const out = deriveChanges(prev, next);
    expect(out.tasks.map((t) => [t.contactId, events(t.changes)])).toEqual([
      ['b', ['task:assigned']],
      ['c', ['created:incoming']],
    ]);
    expect(out.agentState).toBeUndefined();
    const after = deriveChanges(next, agentData([contact({ id: 'b', state: 'connected' })], 'Busy'), new Set(['c']));
    expect(after.tasks.map((t) => [t.contactId, events(t.changes)])).toEqual([
      ['a', ['task:end', 'removed']],
      ['c', ['rejected:DECLINED', 'removed']],
    ]);
  });

  it('an offer declined and offered again to the same agent (a new connection) ends the old task and starts a new one', () => {
    const again = contact({ id: 'a', state: 'connecting' });
    again.connections[0] = { ...again.connections[0]!, connectionId: 'agent-2' };
    const out = deriveChanges(agentData([contact({ id: 'a', state: 'connecting' })]), agentData([again]), new Set(['a']));
    expect(out.tasks.map((t) => events(t.changes))).toEqual([['rejected:DECLINED', 'removed', 'created:incoming']]);
  });

  it('the first data hydrates; an agent state change is reported with the previous one', () => {
    const first = deriveChanges(undefined, agentData([contact({ id: 'a', state: 'ended' })], 'AfterContactWork', 'system'));
    expect(first.tasks.map((t) => events(t.changes))).toEqual([['created:hydrate']]);
    expect(first.agentState).toEqual({ state: 'AfterContactWork', type: 'system', previous: undefined });
    const next = deriveChanges(agentData([], 'Available'), agentData([], 'MissedCallAgent', 'error'));
    expect(next.agentState).toEqual({ state: 'MissedCallAgent', type: 'error', previous: 'Available' });
  });
});
