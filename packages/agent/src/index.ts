/**
 * `@switchboard/agent`: the promise-based Task class (an agent's contacts as Tasks, with
 * TASK_EVENTS) over Switchboard's agent API, in browsers and Node. See docs/agent-sdk.md.
 */
export {
  ContactCenter,
  type ContactCenterFromToken,
  type ContactCenterOptions,
  type ContactCenterSignIn,
} from './contact-center.js';
export { Task, type AutoWrapupTimer } from './task.js';
export {
  type AgentStateChange,
  CONTACT_CENTER_EVENTS,
  type ContactCenterCallbacks,
  type ContactCenterEventName,
  RejectReason,
  TASK_EVENTS,
  type TaskEventCallbacks,
  type TaskEventName,
  type TaskLifecycleEvent,
} from './events.js';
export { isTaskError, TaskError, TaskErrorType, type TaskOperation } from './errors.js';
export {
  type ConsultEndPayload,
  type ConsultPayload,
  type ConsultTransferPayLoad,
  DESTINATION_TYPE,
  type DestinationType,
  type MediaType,
  type ResumeRecordingPayload,
  type TaskData,
  TaskState,
  type TransferPayLoad,
  type WrapUpCode,
  type WrapupPayLoad,
} from './types.js';
export type { Clock, TimerHandle } from '@switchboard/agent-client';
export type { ChatSession } from '@switchboard/chat';
