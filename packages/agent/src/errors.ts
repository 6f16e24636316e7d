/**
 * The Task class's errors: one class, {@link TaskError}, whose `type` says what kind of
 * failure it was, with the task and the operation it concerns, and a message in words.
 * Server refusals keep the agent API's error type in `serverType` (and the AgentApiError as
 * `cause`).
 */
import { AgentApiError } from '@switchboard/agent-client';

export const TaskErrorType = {
  /** The server refused the operation (its error type is `serverType`: InvalidStateException…). */
  Refused: 'OperationRefused',
  /** The server's answer or the change in the agent's data did not come in time. */
  Timeout: 'OperationTimeout',
  /** The same operation is already under way on this task (other tasks are never in the way). */
  Pending: 'OperationPending',
  /** Bad arguments (a wrap-up code that does not exist, an unknown transfer destination…). */
  InvalidInput: 'InvalidInput',
  /** Not possible for this task's channel or state (holding a chat, wrapping up a connected task…). */
  Unsupported: 'UnsupportedOperation',
  /** The task left the agent's data before the operation was seen to take effect. */
  Gone: 'TaskGone',
  /** The connection to the server failed (the operation may or may not have run). */
  Network: 'NetworkError',
  /** The microphone or the voice leg failed (browsers). */
  Media: 'MediaError',
  /** The manager is closed or the session is over. */
  Closed: 'Closed',
} as const;
export type TaskErrorType = (typeof TaskErrorType)[keyof typeof TaskErrorType];

/** The operations a Task runs (TaskError's `operation`). */
export type TaskOperation =
  | 'accept'
  | 'decline'
  | 'end'
  | 'wrapup'
  | 'transfer'
  | 'hold'
  | 'resume'
  | 'consult'
  | 'endConsult'
  | 'consultTransfer'
  | 'consultConference'
  | 'exitConference'
  | 'transferConference'
  | 'pauseRecording'
  | 'resumeRecording'
  | 'toggleMute'
  | 'chat'
  | 'setAgentState'
  | 'signIn';

export class TaskError extends Error {
  override readonly name = 'TaskError';
  /** What kind of failure. */
  readonly type: TaskErrorType;
  /** The task (its contact id), when the error concerns one. */
  readonly taskId: string | undefined;
  readonly operation: TaskOperation;
  /** For `OperationRefused`, `NetworkError` and some timeouts: the agent API's error type. */
  readonly serverType: string | undefined;

  constructor(
    type: TaskErrorType,
    operation: TaskOperation,
    taskId: string | undefined,
    message: string,
    options: { readonly cause?: unknown; readonly serverType?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.type = type;
    this.operation = operation;
    this.taskId = taskId;
    this.serverType = options.serverType;
  }
}

/** Whether `err` is a TaskError (of the given type). */
export const isTaskError = (err: unknown, type?: TaskErrorType): err is TaskError =>
  err instanceof TaskError && (type === undefined || err.type === type);

const NETWORK: ReadonlySet<string> = new Set(['NetworkingError', 'TimeoutError']);

/** A failed agent API call as a TaskError that says which operation on which task failed, and why. */
export function fromApiError(err: unknown, operation: TaskOperation, taskId: string | undefined, what: string): TaskError {
  if (err instanceof TaskError) return err;
  const on = taskId === undefined ? '' : ` on task ${taskId}`;
  if (err instanceof AgentApiError) {
    const type =
      err.type === 'TimeoutError'
        ? TaskErrorType.Timeout
        : NETWORK.has(err.type)
          ? TaskErrorType.Network
          : err.type === 'AccessDeniedException' && /session is over|closed/.test(err.message)
            ? TaskErrorType.Closed
            : TaskErrorType.Refused;
    return new TaskError(type, operation, taskId, `${operation}${on} failed: ${what}: ${err.message} (${err.type})`, {
      cause: err,
      serverType: err.type,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new TaskError(TaskErrorType.Network, operation, taskId, `${operation}${on} failed: ${what}: ${message}`, { cause: err });
}
