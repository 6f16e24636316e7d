/**
 * `@switchboard/tasks`: TaskJS's `TaskSession` (a task's transfer and expiry events) over
 * Streams' websocket manager or `@switchboard/agent-client`, in browsers, web workers and
 * Node. See docs/tasks-sdk.md.
 */
export { TaskSession, type TaskLogger, type TaskSessionArgs } from './session.js';
export { type AgentClientLike, type AgentClientWebSocketManager, websocketManagerFor } from './agent-client-manager.js';
export type { TaskWebSocketManager, TopicFrame } from './provider.js';
export { ContentTypes, type ContentType, ReferenceType, TASK_TOPIC } from './constants.js';
export {
  type ConnectFailure,
  type ConnectResult,
  type EmptyEvent,
  type TaskEventCallback,
  type TaskEventMap,
  type TaskEventName,
  TaskEvents,
  type TaskItem,
} from './events.js';
