/**
 * `@switchboard/chat`: ChatJS's `ChatSession` for customers and agents, in browsers, web
 * workers and Node. See docs/chat-sdk.md.
 */
export { ChatSession } from './session.js';
export type {
  AttachmentInput,
  ChatDetailsInput,
  ConnectResult,
  CreateArgs,
  GetTranscriptArgs,
  ChatResponse,
} from './session.js';
export { ContentTypes, LogLevel, SessionTypes, type SessionType } from './constants.js';
export { ChatError, type ChatErrorDetails } from './errors.js';
export {
  ChatEvents,
  type ChatDetails,
  type ChatEventCallback,
  type ChatEventMap,
  type ChatEventName,
  type ConnectionBrokenEvent,
  type ConnectionEvent,
  type ConnectionLostEvent,
  type EndedEvent,
  type ItemEvent,
} from './events.js';
export type { GlobalConfig } from './config.js';
export type { ChatTokenTransport, ConnectionState, WebSocketProvider } from './connection.js';
export type { Item, SendOutput } from './client.js';
export type { LoggerConfig, LogSink } from './logger.js';
export type { NetworkMonitor } from './network.js';
export type { WebSocketFactory, WebSocketLike } from './socket.js';
export type { UploadProgress } from './upload.js';
export type { BackoffPolicy } from './backoff.js';
