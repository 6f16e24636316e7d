import { describe, expect, it } from 'vitest';
import { parseTimeOfDay } from '../config/hours.js';
import type { HoursOfOperation } from '../model/entities.js';
import type { QueueRouting } from '../routing/types.js';
import type { FlowTarget } from './availability.js';
import { leaveMessageOffered, leaveMessagePage, leaveMessageRoute, leaveMessageTask, readLeaveMessage } from './leave-message.js';

const config = { attributes: [{ name: 'page', maxLength: 200 }] };
const JANE = { name: '  Jane Doe ', email: 'jane@example.com', message: '  My parcel is late.\nOrder A-17.  ' };

describe('readLeaveMessage', () => {
  it('takes name, email and message, trimmed, and allowed page attributes', () => {
    expect(readLeaveMessage({ ...JANE, attributes: { page: '/pricing' } }, config)).toStrictEqual({
      ok: true,
      name: 'Jane Doe',
      email: 'jane@example.com',
      message: 'My parcel is late.\nOrder A-17.',
      attributes: { page: '/pricing' },
    });
  });

  it('names every member at fault, in words', () => {
    expect(readLeaveMessage({ name: '', email: 'jane@example', message: ' ' }, config)).toStrictEqual({
      ok: false,
      message: 'name: is required; email: must be an email address such as jane@example.com; message: must not be empty',
    });
    const long = readLeaveMessage({ ...JANE, message: 'x'.repeat(4097) }, config);
    expect(long).toStrictEqual({ ok: false, message: 'message: must be at most 4096 characters (this one has 4097)' });
    expect(readLeaveMessage({ ...JANE, name: '<b>Jane</b>' }, config)).toMatchObject({
      message: 'name: must not contain < or >',
    });
    expect(readLeaveMessage({ ...JANE, name: 'Jane\nDoe' }, config)).toMatchObject({
      message: 'name: must not contain control characters',
    });
    expect(readLeaveMessage({ ...JANE, message: 'a\u0000b' }, config)).toMatchObject({
      message: 'message: must not contain control characters',
    });
    expect(readLeaveMessage({ ...JANE, email: 42 }, config)).toMatchObject({ message: 'email: must be a string' });
    expect(readLeaveMessage({ email: 'jane@example.com', message: 'Hi' }, config)).toMatchObject({
      message: 'name: is required',
    });
  });

  it('refuses what is not the form: other members, attributes off the allow-list, not an object', () => {
    expect(readLeaveMessage([], config)).toMatchObject({ message: 'The request body must be a JSON object' });
    expect(readLeaveMessage({ ...JANE, phone: '1' }, config)).toMatchObject({
      message: 'Unknown member "phone" (allowed: name, email, message, attributes)',
    });
    expect(readLeaveMessage({ ...JANE, attributes: { cart: '1' } }, config)).toMatchObject({
      message: 'Attribute "cart" is not allowed by this widget',
    });
    expect(readLeaveMessage({ ...JANE, attributes: 'page' }, config)).toMatchObject({
      message: 'attributes: must be an object of strings',
    });
  });
});

describe('leaveMessageTask', () => {
  const read = readLeaveMessage({ ...JANE, attributes: { page: '/pricing?x=1' } }, config);
  if (!read.ok) throw new Error(read.message);

  it('is a task named after the customer, the message as its description, with references and attributes', () => {
    expect(leaveMessageTask(read, 'https://shop.example.com')).toStrictEqual({
      name: 'Message from Jane Doe',
      description: 'My parcel is late.\nOrder A-17.',
      references: {
        name: { type: 'STRING', value: 'Jane Doe' },
        email: { type: 'EMAIL', value: 'jane@example.com' },
        page: { type: 'URL', value: 'https://shop.example.com/pricing?x=1' },
      },
      attributes: { page: '/pricing?x=1', customerName: 'Jane Doe', customerEmail: 'jane@example.com' },
    });
  });

  it('keeps the name within 512 characters without splitting a character', () => {
    const task = leaveMessageTask({ ...read, name: '😀'.repeat(300) }, undefined);
    expect(task.name.length).toBeLessThanOrEqual(512);
    expect(task.name.length).toBe(511);
    expect(task.name.endsWith('😀')).toBe(true);
  });

  it('refers to the page only when it is an http(s) address', () => {
    expect(leaveMessagePage('/a', 'https://shop.example.com')).toBe('https://shop.example.com/a');
    expect(leaveMessagePage('https://other.example/b', 'https://shop.example.com')).toBe('https://other.example/b');
    expect(leaveMessagePage('/a', undefined)).toBeUndefined();
    expect(leaveMessagePage('javascript:alert(1)', 'https://shop.example.com')).toBeUndefined();
    expect(leaveMessagePage(undefined, 'https://shop.example.com')).toBeUndefined();
    expect(leaveMessageTask({ ...read, attributes: {} }, 'https://shop.example.com').references).not.toHaveProperty('page');
  });
});

describe('leaveMessageRoute', () => {
  const monday9to17: HoursOfOperation = {
    id: 'h',
    name: 'Weekdays',
    tags: {},
    lastModifiedTime: 0,
    timeZone: 'UTC',
    config: [{ day: 'MONDAY', start: parseTimeOfDay('09:00'), end: parseTimeOfDay('17:00') }],
  };
  const queue = (q: Partial<QueueRouting> = {}): FlowTarget => ({
    kind: 'queue',
    queueId: 'q1',
    queue: { id: 'q1', enabled: true, ...q },
  });
  const none = () => 0;
  // Monday 2024-01-08.
  const mondayNoon = Date.parse('2024-01-08T12:00:00Z');
  const mondayNight = Date.parse('2024-01-08T20:00:00Z');

  it('queues now in an open queue, staffed or not', () => {
    expect(leaveMessageRoute(queue(), none, mondayNoon)).toStrictEqual({ ok: true, queueId: 'q1' });
    expect(leaveMessageRoute(queue({ hours: monday9to17 }), none, mondayNoon)).toStrictEqual({ ok: true, queueId: 'q1' });
  });

  it('schedules to the next opening outside the hours, instead of dropping the task', () => {
    expect(leaveMessageRoute(queue({ hours: monday9to17 }), none, mondayNight)).toStrictEqual({
      ok: true,
      queueId: 'q1',
      at: Date.parse('2024-01-15T09:00:00Z'),
    });
    // A full queue does not matter then: it is checked when the task is queued.
    expect(leaveMessageRoute(queue({ hours: monday9to17, maxContacts: 1 }), () => 5, mondayNight).ok).toBe(true);
  });

  it('refuses, in words, when the flow cannot take it: disabled, never open, no queue, broken, full', () => {
    const refused = (t: FlowTarget, waiting = none) => leaveMessageRoute(t, waiting, mondayNoon);
    expect(refused(queue({ enabled: false }))).toStrictEqual({
      ok: false,
      reason: 'CLOSED',
      message: "Messages cannot be left here now: the flow's queue is disabled",
    });
    expect(refused(queue({ hours: { ...monday9to17, config: [] } }))).toMatchObject({ reason: 'CLOSED' });
    expect(refused({ kind: 'none' })).toMatchObject({ reason: 'CLOSED' });
    expect(refused({ kind: 'broken' })).toMatchObject({ reason: 'CLOSED' });
    expect(refused({ kind: 'queue', queueId: 'gone', queue: undefined })).toMatchObject({ reason: 'CLOSED' });
    expect(refused(queue({ maxContacts: 2 }), () => 2)).toMatchObject({ ok: false, reason: 'QUEUE_FULL' });
    expect(refused(queue({ maxContacts: 2 }), () => 1)).toMatchObject({ ok: true });
  });

  it('is offered when enabled (absent means enabled) and the flow would take a message', () => {
    expect(leaveMessageOffered({}, queue(), mondayNoon)).toBe(true);
    expect(leaveMessageOffered({ leaveMessage: { enabled: false } }, queue(), mondayNoon)).toBe(false);
    expect(leaveMessageOffered({ leaveMessage: { enabled: true } }, queue({ enabled: false }), mondayNoon)).toBe(false);
    expect(leaveMessageOffered({}, queue({ hours: monday9to17 }), mondayNight)).toBe(true);
  });
});
