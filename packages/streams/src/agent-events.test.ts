import type { AgentData, ContactData } from '@switchboard/core/agent';
import { describe, expect, it } from 'vitest';
import { contactTransitionEvents, deriveEvents, removedContacts } from './agent-events.js';

const at = new Date('2026-12-07T10:00:00Z');

function contact(contactId: string, state: string): ContactData<Date> {
  return {
    contactId,
    initialContactId: contactId,
    type: 'chat',
    state: { type: state as ContactData<Date>['state']['type'], timestamp: at },
    connections: [],
    attributes: {},
    segmentAttributes: {},
    agentContactHandlingConfig: { autoAccept: false },
    initiationMethod: 'api',
  };
}

function data(
  state: { name: string; type: string },
  contacts: ContactData<Date>[] = [],
  nextState: string | null = null,
): AgentData {
  const s = { ...state, startTimestamp: at } as AgentData['snapshot']['state'];
  return {
    snapshot: {
      state: s,
      agentAvailabilityState: { state: state.name, timeStamp: at, type: s.type },
      nextState: nextState ? { agentStateARN: 'arn:next', name: nextState, type: 'not_routable', startTimestamp: at } : null,
      contacts,
      snapshotTimestamp: at,
      localTimestamp: at.getTime(),
      skew: 0,
    },
    configuration: {} as AgentData['configuration'],
  };
}

const OFFLINE = { name: 'Offline', type: 'offline' };
const AVAILABLE = { name: 'Available', type: 'routable' };
const ACW = { name: 'AfterCallWork', type: 'not_routable' };
const names = (d: ReturnType<typeof deriveEvents>) => d.events.map((e) => e.name);

describe('contactTransitionEvents (the runtime contact event graph)', () => {
  it('orders the events of a transition as the runtime does', () => {
    expect(contactTransitionEvents('init', 'connecting')).toEqual(['contact::connecting']);
    expect(contactTransitionEvents('connected', 'ended')).toEqual(['contact::acw', 'contact::ended']);
    expect(contactTransitionEvents('connecting', 'error')).toEqual(['contact::error', 'contact::missed', 'contact::ended']);
    expect(contactTransitionEvents('connecting', 'missed')).toEqual(['contact::ended', 'contact::missed']);
    expect(contactTransitionEvents('incoming', 'rejected')).toEqual(['contact::ended', 'contact::missed']);
    // paused is an active state: pausing ends nothing; resuming connects.
    expect(contactTransitionEvents('connected', 'paused')).toEqual([]);
    expect(contactTransitionEvents('paused', 'connected')).toEqual(['contact::connected']);
    expect(contactTransitionEvents('init', 'ended')).toEqual(['contact::acw']);
    expect(contactTransitionEvents('connected', 'connected')).toEqual([]);
  });
});

describe('deriveEvents', () => {
  it('the first data: routing type, state change, each contact init with its state events and refresh', () => {
    const d = deriveEvents(null, data(AVAILABLE, [contact('c1', 'connecting')]), new Set());
    expect(names(d)).toEqual([
      'agent::routable',
      'agent::state_change',
      'contact::init',
      'contact::connecting',
      'contact::connecting::c1',
      'contact::refresh',
      'contact::refresh::c1',
    ]);
    expect(d.events[1]?.payload).toEqual({ kind: 'state-change', oldState: 'Init', newState: 'Available' });
    expect([...d.endedPending]).toEqual(['c1']);
  });

  it('AfterCallWork fires acw; a next status enqueued and cleared fires its events', () => {
    const a = data(AVAILABLE);
    const b = data(ACW, [], 'Lunch');
    expect(names(deriveEvents(a, b, new Set()))).toEqual([
      'agent::not_routable',
      'agent::state_change',
      'agent::acw',
      'agent::enqueued_next_state',
    ]);
    expect(names(deriveEvents(b, data(ACW), new Set()))).toEqual(['agent::cleared_next_state']);
    expect(names(deriveEvents(a, data({ name: 'Error', type: 'error' }), new Set()))).toContain('agent::error');
    expect(names(deriveEvents(a, data(OFFLINE), new Set()))[0]).toBe('agent::offline');
  });

  it('a contact removed without reaching an inactive state gets ended before destroyed', () => {
    const before = data(AVAILABLE, [contact('c1', 'connected')]);
    const after = data(AVAILABLE, []);
    const d = deriveEvents(before, after, new Set(['c1']));
    expect(names(d)).toEqual(['contact::ended', 'contact::ended::c1', 'contact::destroyed', 'contact::destroyed::c1']);
    expect(d.events[0]?.payload).toMatchObject({ kind: 'contact-snapshot', data: { contactId: 'c1' } });
    expect(removedContacts(before, after)).toEqual(['c1']);
  });

  it('ended fires once: after ACW, the removal fires only destroyed', () => {
    const connected = data(AVAILABLE, [contact('c1', 'connected')]);
    const acw = deriveEvents(connected, data(ACW, [contact('c1', 'ended')]), new Set(['c1']));
    expect(names(acw)).toContain('contact::ended::c1');
    expect(acw.endedPending.has('c1')).toBe(false);
    const gone = deriveEvents(data(ACW, [contact('c1', 'ended')]), data(AVAILABLE), acw.endedPending);
    expect(names(gone).filter((n) => n.startsWith('contact::'))).toEqual(['contact::destroyed', 'contact::destroyed::c1']);
  });

  it('an unchanged contact still refreshes; an unchanged agent fires nothing', () => {
    const a = data(AVAILABLE, [contact('c1', 'connected')]);
    expect(names(deriveEvents(a, a, new Set()))).toEqual(['contact::refresh', 'contact::refresh::c1']);
  });
});
