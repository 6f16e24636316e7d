/**
 * Task expiry on a fake clock: warned EXPIRY_WARNING_MS before (once, also over a restart
 * and a transfer), ended at the expiry with its agent in after-contact work; a task that
 * ends first is never warned. And transfers that cannot be made leave the task as it was.
 */
import { describe, expect, it } from 'vitest';
import { RoutingEngine } from './engine.js';
import { addAgent, addQueue, entry, eventTypes, eventsOf, newEngine, routing } from './test-fixtures.js';
import { EXPIRY_WARNING_MS } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function world() {
  const e = newEngine();
  addQueue(e, 'Q');
  addQueue(e, 'Q2');
  addAgent(e, routing('bob', { queues: [entry('Q', 'TASK')], autoAccept: { TASK: true } }));
  return e;
}

const task = (e: RoutingEngine, id = 't1', expiresAt = 7 * DAY, queueId = 'Q') => {
  e.apply({ type: 'contact.create', contactId: id, channel: 'TASK', expiresAt }, 0);
  e.apply({ type: 'contact.enqueue', contactId: id, queueId }, 0);
};

describe('task expiry', () => {
  it('warns 2 h before, then ends the task at its expiry (EXPIRED, the agent in ACW)', () => {
    const e = world();
    task(e);
    expect(e.contact('t1')).toMatchObject({ phase: 'connected', agentId: 'bob', expiresAt: 7 * DAY });
    expect(e.nextDeadline()).toBe(7 * DAY - EXPIRY_WARNING_MS);
    expect(eventTypes(e.apply({ type: 'tick' }, 7 * DAY - EXPIRY_WARNING_MS - 1))).toEqual([]);
    const warned = e.apply({ type: 'tick' }, 7 * DAY - EXPIRY_WARNING_MS);
    expect(warned.events).toEqual([{ type: 'task.expiring', contactId: 't1', expiresAt: 7 * DAY, agentId: 'bob' }]);
    expect(e.contact('t1')?.expiryWarned).toBe(true);
    expect(e.nextDeadline()).toBe(7 * DAY);
    const expired = e.apply({ type: 'tick' }, 7 * DAY);
    expect(eventTypes(expired)).toEqual(['task.expired', 'contact.ended', 'contact.acw_started']);
    expect(eventsOf(expired, 'contact.ended')[0]).toMatchObject({ reason: 'EXPIRED', agentId: 'bob' });
    expect(e.agent('bob')?.assignments[0]?.state).toBe('ended');
    expect(e.nextDeadline()).toBeUndefined();
  });

  it('a queued task nobody took expires too, with nobody to warn', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    task(e);
    expect(e.apply({ type: 'tick' }, 7 * DAY - EXPIRY_WARNING_MS).events).toEqual([
      { type: 'task.expiring', contactId: 't1', expiresAt: 7 * DAY },
    ]);
    const fx = e.apply({ type: 'tick' }, 7 * DAY);
    expect(eventTypes(fx)).toEqual(['task.expired', 'contact.ended', 'contact.destroyed']);
    expect(e.contact('t1')).toBeUndefined();
    expect(e.waitingCount('Q')).toBe(0);
  });

  it('a task that ends before its expiry is neither warned nor expired', () => {
    const e = world();
    task(e);
    e.apply({ type: 'contact.agent_end', agentId: 'bob', contactId: 't1' }, HOUR);
    expect(eventTypes(e.apply({ type: 'tick' }, 8 * DAY))).toEqual([]);
  });

  it('a restart keeps the expiry and does not warn twice; a time passed while down fires at once', () => {
    const e = world();
    task(e);
    const before = structuredClone({ queues: e.queues(), agents: e.agents(), contacts: e.contacts() });
    const restarted = RoutingEngine.restore(before, DAY).engine;
    expect(restarted.nextDeadline()).toBe(7 * DAY - EXPIRY_WARNING_MS);
    e.apply({ type: 'tick' }, 7 * DAY - EXPIRY_WARNING_MS);
    const warned = { queues: e.queues(), agents: e.agents(), contacts: e.contacts() };
    const again = RoutingEngine.restore(warned, 7 * DAY - HOUR).engine;
    expect(again.nextDeadline()).toBe(7 * DAY);
    expect(eventTypes(again.apply({ type: 'tick' }, 7 * DAY))).toContain('task.expired');
    const late = RoutingEngine.restore(before, 8 * DAY).engine;
    expect(eventTypes(late.apply({ type: 'tick' }, 8 * DAY))).toEqual([
      'task.expiring',
      'task.expired',
      'contact.ended',
      'contact.acw_started',
    ]);
  });

  it('a transferred task keeps its expiry (and that it was warned)', () => {
    const e = world();
    task(e);
    e.apply({ type: 'tick' }, 7 * DAY - EXPIRY_WARNING_MS);
    e.apply({ type: 'contact.transfer', agentId: 'bob', contactId: 't1', newContactId: 't2', queueId: 'Q2' }, 6 * DAY);
    expect(e.contact('t2')).toMatchObject({ phase: 'queued', expiresAt: 7 * DAY, expiryWarned: true });
    const fx = e.apply({ type: 'tick' }, 7 * DAY);
    expect(eventTypes(fx)).toEqual(['task.expired', 'contact.ended', 'contact.destroyed']);
  });
});

describe('a transfer that cannot be made', () => {
  it('to a disabled or full queue: contact.transfer_failed, the task stays connected', () => {
    const e = world();
    addQueue(e, 'Off', { enabled: false });
    task(e);
    const fx = e.apply({ type: 'contact.transfer', agentId: 'bob', contactId: 't1', newContactId: 't2', queueId: 'Off' }, HOUR);
    expect(fx.events).toEqual([
      { type: 'contact.transfer_failed', contactId: 't1', agentId: 'bob', queueId: 'Off', reason: 'QUEUE_DISABLED' },
    ]);
    expect(e.contact('t1')).toMatchObject({ phase: 'connected', agentId: 'bob' });
    expect(e.contact('t2')).toBeUndefined();
    addQueue(e, 'Full', { maxContacts: 0 });
    const full = e.apply(
      { type: 'contact.transfer', agentId: 'bob', contactId: 't1', newContactId: 't3', queueId: 'Full' },
      HOUR,
    );
    expect(eventsOf(full, 'contact.transfer_failed')[0]?.reason).toBe('QUEUE_FULL');
    expect(e.agent('bob')?.assignments.map((x) => x.state)).toEqual(['connected']);
  });
});
