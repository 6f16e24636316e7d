/**
 * What a task allows before anything is sent: pure checks of an operation against the
 * task's channel and state. Each throws a TaskError (`Unsupported`) saying in words which
 * operation on which task was refused and why.
 */
import type { ContactData } from '@switchboard/agent-client';
import { TaskError, TaskErrorType, type TaskOperation } from './errors.js';
import { type TaskData, TaskState } from './types.js';

/** The task as a check sees it: its contact (channel, id) and its data (state). */
export interface Guarded {
  readonly contact: ContactData<string>;
  readonly data: TaskData;
}

export function unsupported(operation: TaskOperation, taskId: string, message: string): TaskError {
  return new TaskError(TaskErrorType.Unsupported, operation, taskId, message);
}

/** The task must be in one of `states`; `why` says what the operation needs. */
export function requireState(t: Guarded, operation: TaskOperation, states: readonly TaskState[], why: string): void {
  if (!states.includes(t.data.state)) {
    const id = t.contact.contactId;
    throw unsupported(operation, id, `${operation} on task ${id} (${t.contact.type}): the task is ${t.data.state}; ${why}`);
  }
}

/** Only calls have the operation. */
export function requireVoice(t: Guarded, operation: TaskOperation): void {
  const { contactId: id, type } = t.contact;
  if (type !== 'voice') throw unsupported(operation, id, `${operation} on task ${id}: only calls have it (this is a ${type})`);
}

/** Hold and resume: calls (the customer's connection) and tasks (pause); not chats. Answers whether it is a call. */
export function requireHoldable(t: Guarded, operation: 'hold' | 'resume'): boolean {
  const { contactId: id, type } = t.contact;
  if (type !== 'voice' && type !== 'task')
    throw unsupported(operation, id, `${operation} on task ${id}: a ${type} cannot be held (calls are held, tasks paused)`);
  requireState(
    t,
    operation,
    [TaskState.CONNECTED, TaskState.HELD, TaskState.CONSULTING],
    `only a connected ${type} can be ${operation === 'hold' ? 'held' : 'resumed'}`,
  );
  return type === 'voice';
}
