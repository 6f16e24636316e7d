/**
 * "Leave a message": the widget's offline form, which becomes a task.
 *
 *   { "name": "Jane", "email": "jane@example.com", "message": "…", "attributes": { "page": "/pricing" } }
 *
 * - `readLeaveMessage` checks the body (every problem, each naming its member);
 * - `leaveMessageTask` is the task it becomes: name, description, references, attributes;
 * - `leaveMessageRoute` says where and when the task is queued. A message is left because
 *   nobody can answer now, so a queue outside its hours does not refuse it: the task is
 *   scheduled to the queue's next opening (the engine's `contact.schedule`) instead of
 *   being ended as QUEUE_CLOSED. A disabled queue, a queue whose hours never open, a flow
 *   without a queue or one that cannot run refuse it (`CLOSED`), as does a full queue
 *   (`QUEUE_FULL`).
 *
 * Pure; never throws.
 */
import { nextOpenAt } from '../config/open.js';
import type { WidgetConfiguration } from '../model/entities.js';
import type { Millis } from '../routing/types.js';
import { isEmailAddress, isHttpUrl, TASK_LIMITS, type TaskReference } from '../task/references.js';
import type { FlowTarget } from './availability.js';
import { WIDGET_LIMITS } from './rules.js';
import { HTML_IN_NAME, isWidgetEmail, readPageAttributes } from './start.js';
import { hasControlCharacters } from './text.js';

export const LEAVE_MESSAGE_LIMITS = {
  name: WIDGET_LIMITS.fieldMaxLength.name,
  email: WIDGET_LIMITS.fieldMaxLength.email,
  /** The task's Description. */
  message: TASK_LIMITS.description,
} as const;

/** The contact attributes a message sets besides the page's (they win over a page attribute of the same name). */
export const LeaveMessageAttribute = { NAME: 'customerName', EMAIL: 'customerEmail' } as const;

/** The task's references: the customer's name and address, and the page when known. */
export const LeaveMessageReference = { NAME: 'name', EMAIL: 'email', PAGE: 'page' } as const;

/** What the task's Name starts with, before the customer's name. */
export const LEAVE_MESSAGE_TASK_PREFIX = 'Message from ';

export interface LeaveMessageRequest {
  /** Trimmed. */
  readonly name: string;
  readonly email: string;
  /** Trimmed; line breaks kept. */
  readonly message: string;
  /** The page's attributes, on the configuration's allow-list. */
  readonly attributes: Readonly<Record<string, string>>;
}

export type LeaveMessageReading =
  | ({ readonly ok: true } & LeaveMessageRequest)
  | { readonly ok: false; readonly message: string };

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const MEMBERS = ['name', 'email', 'message', 'attributes'];

/** The problem with one of the three values, or undefined. */
function valueProblem(member: 'name' | 'email' | 'message', raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return 'is required';
  if (typeof raw !== 'string') return 'must be a string';
  const value = raw.trim();
  if (value === '') return member === 'message' ? 'must not be empty' : 'is required';
  const max = LEAVE_MESSAGE_LIMITS[member];
  if (value.length > max) return `must be at most ${max} characters (this one has ${value.length})`;
  if (hasControlCharacters(value, member === 'message')) return 'must not contain control characters';
  if (member === 'name' && HTML_IN_NAME.test(value)) return 'must not contain < or >';
  if (member === 'email' && !(isWidgetEmail(value) && isEmailAddress(value)))
    return 'must be an email address such as jane@example.com';
  return undefined;
}

/** Reads the parsed JSON body of a leave-a-message request for `config`. */
export function readLeaveMessage(body: unknown, config: Pick<WidgetConfiguration, 'attributes'>): LeaveMessageReading {
  const fail = (message: string): LeaveMessageReading => ({ ok: false, message });
  if (!isRec(body)) return fail('The request body must be a JSON object');
  for (const key of Object.keys(body))
    if (!MEMBERS.includes(key))
      return fail(`Unknown member ${JSON.stringify(key.slice(0, 40))} (allowed: ${MEMBERS.join(', ')})`);
  const problems: string[] = [];
  for (const member of ['name', 'email', 'message'] as const) {
    const problem = valueProblem(member, body[member]);
    if (problem) problems.push(`${member}: ${problem}`);
  }
  const rawAttributes = body.attributes ?? {};
  if (!isRec(rawAttributes)) problems.push('attributes: must be an object of strings');
  const page = isRec(rawAttributes) ? readPageAttributes(rawAttributes, config) : undefined;
  if (page && !page.ok) problems.push(page.message);
  if (problems.length > 0 || !page?.ok) return fail(problems.join('; '));
  return {
    ok: true,
    name: (body.name as string).trim(),
    email: (body.email as string).trim(),
    message: (body.message as string).trim(),
    attributes: page.attributes,
  };
}

/** `s` cut to at most `max` UTF-16 units, never inside a character. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** The page a message was left on, as an absolute http(s) URL: its `page` attribute, read against the page's origin. */
export function leaveMessagePage(page: string | undefined, origin: string | undefined): string | undefined {
  if (page === undefined || page.trim() === '') return undefined;
  let url: string;
  try {
    url = new URL(page, origin).href;
  } catch {
    return undefined;
  }
  return isHttpUrl(url) && url.length <= TASK_LIMITS.referenceValue ? url : undefined;
}

export interface LeaveMessageTask {
  readonly name: string;
  readonly description: string;
  readonly references: Readonly<Record<string, TaskReference>>;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The task a message becomes; `origin` is the page's (a relative `page` attribute is read against it). */
export function leaveMessageTask(req: LeaveMessageRequest, origin: string | undefined): LeaveMessageTask {
  const page = leaveMessagePage(req.attributes.page, origin);
  return {
    name: cut(`${LEAVE_MESSAGE_TASK_PREFIX}${req.name}`, TASK_LIMITS.name),
    description: req.message,
    references: {
      [LeaveMessageReference.NAME]: { type: 'STRING', value: req.name },
      [LeaveMessageReference.EMAIL]: { type: 'EMAIL', value: req.email },
      ...(page !== undefined ? { [LeaveMessageReference.PAGE]: { type: 'URL', value: page } } : {}),
    },
    attributes: { ...req.attributes, [LeaveMessageAttribute.NAME]: req.name, [LeaveMessageAttribute.EMAIL]: req.email },
  };
}

/** Where a message's task goes: queued now (`at` undefined) or at the queue's next opening; or refused. */
export type LeaveMessageRoute =
  | { readonly ok: true; readonly queueId: string; readonly at?: Millis }
  | { readonly ok: false; readonly reason: 'CLOSED' | 'QUEUE_FULL'; readonly message: string };

/**
 * Where and when the widget's flow takes a message at `now`; `waiting` counts the contacts
 * waiting in a queue (for its `maxContacts`, checked only when the task is queued now).
 */
export function leaveMessageRoute(target: FlowTarget, waiting: (queueId: string) => number, now: Millis): LeaveMessageRoute {
  const closed = (why: string): LeaveMessageRoute => ({
    ok: false,
    reason: 'CLOSED',
    message: `Messages cannot be left here now: ${why}`,
  });
  if (target.kind === 'broken') return closed("the widget's contact flow cannot run");
  if (target.kind === 'none') return closed("the widget's contact flow sends contacts to no queue");
  const q = target.queue;
  if (!q) return closed("the flow's queue does not exist");
  if (!q.enabled) return closed("the flow's queue is disabled");
  const opens = q.hours === undefined ? now : nextOpenAt(q.hours, now);
  if (opens === undefined) return closed("the queue's hours of operation never open");
  if (opens > now) return { ok: true, queueId: target.queueId, at: opens };
  if (q.maxContacts !== undefined && waiting(target.queueId) >= q.maxContacts)
    return { ok: false, reason: 'QUEUE_FULL', message: 'Too many contacts are waiting: try again later' };
  return { ok: true, queueId: target.queueId };
}

/** Whether the configuration offers the form (`leaveMessage.enabled`, on unless turned off). */
export const leaveMessageEnabled = (w: Pick<WidgetConfiguration, 'leaveMessage'>): boolean => w.leaveMessage?.enabled !== false;

/** Whether the widget should offer the form now: enabled, and its flow would take a message (fullness aside). */
export const leaveMessageOffered = (w: Pick<WidgetConfiguration, 'leaveMessage'>, target: FlowTarget, now: Millis): boolean =>
  leaveMessageEnabled(w) && leaveMessageRoute(target, () => 0, now).ok;
