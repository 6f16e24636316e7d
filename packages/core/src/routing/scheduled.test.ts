/**
 * Scheduled tasks on a fake clock: created now, queued at their time by the engine's
 * timers, moved while not yet queued, kept over a restart.
 */
import { describe, expect, it } from 'vitest';
import { InvalidStateException } from '../errors.js';
import { RoutingEngine } from './engine.js';
import { addAgent, addQueue, entry, eventTypes, newEngine, observe, routing } from './test-fixtures.js';

const HOUR = 3_600_000;

function world() {
  const e = newEngine();
  addQueue(e, 'Q');
  addAgent(e, routing('bob', { queues: [entry('Q', 'TASK')], autoAccept: { TASK: true } }));
  return e;
}

describe('scheduled contacts', () => {
  it('waits for its time, then is queued and routed like any task', () => {
    const e = world();
    e.apply({ type: 'contact.create', contactId: 't1', channel: 'TASK' }, 0);
    const fx = e.apply({ type: 'contact.schedule', contactId: 't1', queueId: 'Q', at: 5 * HOUR }, 0);
    expect(eventTypes(fx)).toEqual(['contact.scheduled']);
    expect(e.contact('t1')).toMatchObject({ phase: 'init', scheduled: { at: 5 * HOUR, queueId: 'Q' } });
    expect(e.nextDeadline()).toBe(5 * HOUR);
    expect(eventTypes(e.apply({ type: 'tick' }, 5 * HOUR - 1))).toEqual([]);
    expect(e.contact('t1')?.phase).toBe('init');
    const due = e.apply({ type: 'tick' }, 5 * HOUR);
    expect(eventTypes(due)).toEqual(['contact.queued', 'contact.offered', 'contact.connected']);
    expect(e.contact('t1')).toMatchObject({ phase: 'connected', agentId: 'bob', scheduled: { at: 5 * HOUR } });
    expect(e.nextDeadline()).toBeUndefined();
  });

  it('moves while not queued (the old time does nothing); refused once queued, unchanged', () => {
    const e = world();
    e.apply({ type: 'contact.create', contactId: 't1', channel: 'TASK' }, 0);
    e.apply({ type: 'contact.schedule', contactId: 't1', queueId: 'Q', at: 5 * HOUR }, 0);
    e.apply({ type: 'contact.schedule', contactId: 't1', queueId: 'Q', at: 8 * HOUR }, HOUR);
    expect(e.nextDeadline()).toBe(8 * HOUR);
    expect(eventTypes(e.apply({ type: 'tick' }, 5 * HOUR))).toEqual([]);
    expect(eventTypes(e.apply({ type: 'tick' }, 8 * HOUR))).toContain('contact.queued');
    const before = observe(e, ['Q']);
    expect(() => e.apply({ type: 'contact.schedule', contactId: 't1', queueId: 'Q', at: 9 * HOUR }, 8 * HOUR)).toThrow(
      InvalidStateException,
    );
    expect(observe(e, ['Q'])).toBe(before);
  });

  it('a scheduled contact that ends (StopContact) never comes back', () => {
    const e = world();
    e.apply({ type: 'contact.create', contactId: 't1', channel: 'TASK' }, 0);
    e.apply({ type: 'contact.schedule', contactId: 't1', queueId: 'Q', at: HOUR }, 0);
    expect(eventTypes(e.apply({ type: 'contact.end', contactId: 't1', reason: 'API' }, 10))).toEqual([
      'contact.ended',
      'contact.destroyed',
    ]);
    expect(e.nextDeadline()).toBeUndefined();
    expect(eventTypes(e.apply({ type: 'tick' }, HOUR))).toEqual([]);
  });

  it('a queue gone by then ends it (flow disconnect)', () => {
    const e = newEngine();
    addAgent(e, routing('bob'));
    e.apply({ type: 'contact.create', contactId: 't1', channel: 'TASK' }, 0);
    e.apply({ type: 'contact.schedule', contactId: 't1', queueId: 'nope', at: HOUR }, 0);
    const fx = e.apply({ type: 'tick' }, HOUR);
    expect(fx.events).toContainEqual({ type: 'contact.ended', contactId: 't1', reason: 'CONTACT_FLOW_DISCONNECT' });
    expect(e.contact('t1')).toBeUndefined();
  });

  it('a restart keeps the schedule; a time passed while down is queued at once', () => {
    const e = world();
    e.apply({ type: 'contact.create', contactId: 't1', channel: 'TASK' }, 0);
    e.apply({ type: 'contact.schedule', contactId: 't1', queueId: 'Q', at: 5 * HOUR }, 0);
    const snapshot = { queues: e.queues(), agents: e.agents(), contacts: e.contacts() };
    const later = RoutingEngine.restore(snapshot, HOUR).engine;
    expect(later.contact('t1')?.phase).toBe('init');
    expect(later.nextDeadline()).toBe(5 * HOUR);
    const late = RoutingEngine.restore(snapshot, 6 * HOUR).engine;
    late.apply({ type: 'agent.presence', agentId: 'bob', online: true }, 6 * HOUR);
    expect(late.nextDeadline()).toBe(5 * HOUR);
    late.apply({ type: 'tick' }, 6 * HOUR);
    expect(late.contact('t1')).toMatchObject({ phase: 'connected', agentId: 'bob' });
  });
});
