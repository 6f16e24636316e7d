/**
 * The `aws/task` items a routing step gives agents (TaskJS, wire-participant-and-connect.md
 * §5): a task's expiry warning and expiry, and the three stages of a transfer, each to the
 * agent holding the task. They travel on the agent websocket as
 * `{type:'event', topic:'aws/task', data:<item>}`; the CCP relays them to the pages that
 * embed it. They are not stored: what they say is in the contact's state too (the
 * snapshot's `expiryTimestamp`, the contact ending or going into after-contact work).
 */
import { randomUUID } from 'node:crypto';
import type { Channel, DomainEvent, Millis } from '@switchboard/core';

export const TASK_TOPIC = 'aws/task';

const EVENT = 'application/vnd.amazonaws.connect.event';
export const TaskContentType = {
  transferInitiated: `${EVENT}.transfer.initiated`,
  transferSucceeded: `${EVENT}.transfer.succeeded`,
  transferFailed: `${EVENT}.transfer.failed`,
  expireWarning: `${EVENT}.expire.warning`,
  expireComplete: `${EVENT}.expire.complete`,
} as const;

/** One `aws/task` item, as taskjs reads it. */
export interface TaskItem {
  readonly AbsoluteTime: string;
  readonly ContentType: string;
  readonly Id: string;
  readonly Type: 'EVENT';
  readonly InitialContactId: string;
  readonly ContactId: string;
}

export interface TaskItemFor {
  readonly agentId: string;
  readonly item: TaskItem;
}

/** What the step's contacts are (a destroyed one's last state is enough). */
export type ContactFacts = (contactId: string) => { readonly channel: Channel; readonly initialContactId: string } | undefined;

export function taskItems(
  events: readonly DomainEvent[],
  facts: ContactFacts,
  now: Millis,
  newId: () => string = randomUUID,
): TaskItemFor[] {
  const out: TaskItemFor[] = [];
  const add = (agentId: string | undefined, contactId: string, contentType: string) => {
    const c = facts(contactId);
    if (agentId === undefined || c?.channel !== 'TASK') return;
    out.push({
      agentId,
      item: {
        AbsoluteTime: new Date(now).toISOString(),
        ContentType: contentType,
        Id: newId(),
        Type: 'EVENT',
        InitialContactId: c.initialContactId,
        ContactId: contactId,
      },
    });
  };
  for (const e of events) {
    switch (e.type) {
      case 'task.expiring':
        add(e.agentId, e.contactId, TaskContentType.expireWarning);
        break;
      case 'task.expired':
        add(e.agentId, e.contactId, TaskContentType.expireComplete);
        break;
      // The new contact is in the target queue (or with the agent it went to) in the same step.
      case 'contact.transferred':
        add(e.agentId, e.contactId, TaskContentType.transferInitiated);
        add(e.agentId, e.contactId, TaskContentType.transferSucceeded);
        break;
      case 'contact.transfer_failed':
        add(e.agentId, e.contactId, TaskContentType.transferInitiated);
        add(e.agentId, e.contactId, TaskContentType.transferFailed);
        break;
    }
  }
  return out;
}

/** The agent websocket frame of one item. */
export const taskItemFrame = (item: TaskItem): string => JSON.stringify({ type: 'event', topic: TASK_TOPIC, data: item });
