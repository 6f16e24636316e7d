import { describe, expect, it } from 'vitest';
import type { HoursOfOperation } from '../model/entities.js';
import {
  AVAILABLE,
  BREAK,
  CLOSED_HOURS,
  OFFLINE,
  addAgent,
  addContact,
  addQueue,
  entry,
  newEngine,
  routing,
} from '../routing/test-fixtures.js';
import { type FlowTarget, widgetStatus } from './availability.js';

/** Weekdays 9 to 5 in New York. */
const NINE_TO_FIVE: HoursOfOperation = {
  id: 'h',
  name: 'Business hours',
  tags: {},
  lastModifiedTime: 0,
  timeZone: 'America/New_York',
  config: (['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const).map((day) => ({
    day,
    start: { hours: 9, minutes: 0 },
    end: { hours: 17, minutes: 0 },
  })),
};
/** Wednesday 2026-01-14, 12:00 and 20:00 in New York (UTC−5). */
const WED_NOON = Date.UTC(2026, 0, 14, 17, 0);
const WED_EVENING = Date.UTC(2026, 0, 14, 1 + 24, 0);

const target = (engine: ReturnType<typeof newEngine>, queueId = 'Q'): FlowTarget => ({
  kind: 'queue',
  queueId,
  queue: engine.queue(queueId),
});

describe('widgetStatus', () => {
  it('is available with an Available agent whose profile serves the queue on CHAT', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a'));
    expect(widgetStatus(target(e), e.agents(), 0)).toStrictEqual({ open: true, staffed: true, available: true });
  });

  it('is unstaffed without agents, with an agent signed out, on a break, offline, or serving other queues or channels', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    expect(widgetStatus(target(e), e.agents(), 0)).toStrictEqual({ open: true, staffed: false, available: false });
    addAgent(e, routing('no-desktop'), 0, AVAILABLE, false);
    addAgent(e, routing('break'), 0, BREAK);
    addAgent(e, routing('offline'), 0, OFFLINE);
    addAgent(e, routing('other-queue', { queues: [entry('OTHER')] }));
    addAgent(e, routing('tasks-only', { queues: [entry('Q', 'TASK')] }));
    addAgent(e, routing('no-chat', { channels: { CHAT: { concurrency: 0 } }, queues: [entry('Q')] }));
    expect(widgetStatus(target(e), e.agents(), 0).staffed).toBe(false);
    addAgent(e, routing('b'));
    expect(widgetStatus(target(e), e.agents(), 0).staffed).toBe(true);
  });

  it('counts a busy agent as staff: the chat waits in the queue for them', () => {
    const e = newEngine();
    addQueue(e, 'Q');
    addAgent(e, routing('a'));
    addContact(e, 'c1', 'Q', 0);
    expect(e.agent('a')?.assignments).toHaveLength(1);
    expect(widgetStatus(target(e), e.agents(), 0).available).toBe(true);
  });

  it('follows the queue hours of operation on the given clock, in their time zone', () => {
    const e = newEngine();
    addQueue(e, 'Q', { hours: NINE_TO_FIVE });
    addAgent(e, routing('a'));
    expect(widgetStatus(target(e), e.agents(), WED_NOON)).toStrictEqual({ open: true, staffed: true, available: true });
    expect(widgetStatus(target(e), e.agents(), WED_EVENING)).toStrictEqual({ open: false, staffed: true, available: false });
  });

  it('is closed for a disabled queue, a queue with no hours left, an unknown queue or a flow that cannot run', () => {
    const e = newEngine();
    addQueue(e, 'DISABLED', { enabled: false });
    addQueue(e, 'CLOSED', { hours: CLOSED_HOURS });
    for (const q of ['DISABLED', 'CLOSED', 'GONE']) {
      addAgent(e, routing(`agent-${q}`, { queues: [entry(q)] }));
      expect(widgetStatus(target(e, q), e.agents(), 0)).toStrictEqual({ open: false, staffed: true, available: false });
    }
    expect(widgetStatus({ kind: 'broken' }, e.agents(), 0)).toStrictEqual({ open: false, staffed: false, available: false });
  });

  it('counts a flow that sends the chat to no queue as open and staffed', () => {
    expect(widgetStatus({ kind: 'none' }, [], 0)).toStrictEqual({ open: true, staffed: true, available: true });
  });
});
