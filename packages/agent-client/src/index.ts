/**
 * @switchboard/agent-client: the typed client of Switchboard's agent API
 * (docs/agent-client.md). The one public door of the package.
 */
export { AgentClient, type AgentStateRef, type FromTokenOptions, type SignInOptions } from './client.js';
export type { AgentClientOptions } from './options.js';
export {
  type AgentClientCallbacks,
  AgentClientEvent,
  type AgentSession,
  ConnectionState,
  SessionEndReason,
} from './events.js';
export { AgentApiError, AgentErrorType, isAgentApiError } from './errors.js';
export type {
  AgentCommandMap,
  AgentCommandName,
  ChatToken,
  CommandArgs,
  CommandOptions,
  CommandResult,
  QuickConnectEndpoint,
} from './commands.js';
export type { BackoffOptions } from './backoff.js';
export { type Clock, systemClock, type TimerHandle } from './clock.js';
export { type CallbackMap, TypedEmitter } from './emitter.js';
export type { FetchLike } from './http.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket.js';
export type {
  AgentConfiguration,
  AgentDataWire,
  AgentStateDef,
  ContactData,
  ConnectionData,
  QueueRef,
  SnapshotData,
} from '@switchboard/core/agent';
