/**
 * Paused time on a fake clock: each pause counts, the time paused adds up over
 * pause/resume cycles, a pause still running counts until now, and a contact that ends
 * while paused stops counting at its end; kept over a restart.
 */
import { describe, expect, it } from 'vitest';
import { InvalidStateException } from '../errors.js';
import { RoutingEngine } from './engine.js';
import { addAgent, addQueue, entry, newEngine, routing } from './test-fixtures.js';
import { pausedMillis } from './types.js';

const MIN = 60_000;

function connectedTask() {
  const e = newEngine();
  addQueue(e, 'Q');
  addAgent(e, routing('bob', { queues: [entry('Q', 'TASK')], autoAccept: { TASK: true } }));
  e.apply({ type: 'contact.create', contactId: 't1', channel: 'TASK' }, 0);
  e.apply({ type: 'contact.enqueue', contactId: 't1', queueId: 'Q' }, 0);
  expect(e.contact('t1')?.phase).toBe('connected');
  return e;
}

describe('paused time', () => {
  it('counts pauses and adds up the time paused, a running pause until now', () => {
    const e = connectedTask();
    expect(pausedMillis(e.contact('t1')!, 0)).toBe(0);
    e.apply({ type: 'contact.pause', agentId: 'bob', contactId: 't1' }, MIN);
    expect(e.contact('t1')?.pauses).toEqual({ count: 1, totalMs: 0, since: MIN });
    expect(pausedMillis(e.contact('t1')!, 4 * MIN)).toBe(3 * MIN);
    e.apply({ type: 'contact.resume', agentId: 'bob', contactId: 't1' }, 5 * MIN);
    expect(e.contact('t1')?.pauses).toEqual({ count: 1, totalMs: 4 * MIN });
    expect(pausedMillis(e.contact('t1')!, 50 * MIN)).toBe(4 * MIN);
    e.apply({ type: 'contact.pause', agentId: 'bob', contactId: 't1' }, 10 * MIN);
    expect(() => e.apply({ type: 'contact.pause', agentId: 'bob', contactId: 't1' }, 11 * MIN)).toThrow(InvalidStateException);
    expect(e.contact('t1')?.pauses?.count).toBe(2);
    e.apply({ type: 'contact.resume', agentId: 'bob', contactId: 't1' }, 12 * MIN);
    expect(e.contact('t1')?.pauses).toEqual({ count: 2, totalMs: 6 * MIN });
  });

  it('a contact ended while paused stops counting at its end', () => {
    const e = connectedTask();
    e.apply({ type: 'contact.pause', agentId: 'bob', contactId: 't1' }, MIN);
    const fx = e.apply({ type: 'contact.end', contactId: 't1', reason: 'API' }, 3 * MIN);
    const ended = fx.destroyed.get('t1') ?? e.contact('t1');
    expect(ended).toBeDefined();
    expect(pausedMillis(ended!, 60 * MIN)).toBe(2 * MIN);
  });

  it('a restart keeps the pauses, a running one included', () => {
    const e = connectedTask();
    e.apply({ type: 'contact.pause', agentId: 'bob', contactId: 't1' }, MIN);
    const later = RoutingEngine.restore({ queues: e.queues(), agents: e.agents(), contacts: e.contacts() }, 2 * MIN).engine;
    expect(later.contact('t1')?.phase).toBe('paused');
    later.apply({ type: 'contact.resume', agentId: 'bob', contactId: 't1' }, 7 * MIN);
    expect(later.contact('t1')?.pauses).toEqual({ count: 1, totalMs: 6 * MIN });
  });
});
