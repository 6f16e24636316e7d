/**
 * TaskJS's wire values: the topic task items come on, their content types, and the
 * reference types of `connect.ReferenceType`.
 */

/** The websocket topic of task items. */
export const TASK_TOPIC = 'aws/task';

/** The ContentType of each task item (`Type: "EVENT"`). */
export const ContentTypes = {
  transferInitiated: 'application/vnd.amazonaws.connect.event.transfer.initiated',
  transferSucceeded: 'application/vnd.amazonaws.connect.event.transfer.succeeded',
  transferFailed: 'application/vnd.amazonaws.connect.event.transfer.failed',
  /** Sent 2 h before the task expires. */
  taskExpiring: 'application/vnd.amazonaws.connect.event.expire.warning',
  /** The task expired (and ended). */
  taskExpired: 'application/vnd.amazonaws.connect.event.expire.complete',
} as const;
export type ContentType = (typeof ContentTypes)[keyof typeof ContentTypes];

/** `connect.ReferenceType`, as TaskJS defines it (`connect.makeEnum`: each key is its value). */
export const ReferenceType = {
  URL: 'URL',
  EMAIL: 'EMAIL',
  NUMBER: 'NUMBER',
  STRING: 'STRING',
  DATE: 'DATE',
} as const;
export type ReferenceType = (typeof ReferenceType)[keyof typeof ReferenceType];
