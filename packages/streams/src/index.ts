/**
 * `@switchboard/streams`: the `connect` namespace of amazon-connect-streams (the agent SDK)
 * over an embedded CCP (`connect.core.initCCP`) or straight to Switchboard's agent API
 * (`connect.core.initAgent`), in browsers and Node. See docs/agent-sdk.md.
 *
 *   import { connect } from '@switchboard/streams';
 *   connect.core.initAgent({ url: 'https://switchboard.example.com', username, password });
 *   connect.contact((c) => c.onConnecting(() => c.accept()));
 */
export { type Connect, connect, createConnect, SoftphoneError } from './connect.js';
export * from './enums.js';
export { EventBus } from './event-bus.js';
export { getLog } from './log.js';
export { hitch, NotImplementedError, StateError, ValueError } from './util.js';
export {
  Agent,
  type AgentStateChange,
  type AgentStateDefinition,
  type ConnectOptions,
  type TaskContactDefinition,
} from './model/agent.js';
export { Contact, ContactSnapshot, type Subscription } from './model/contact.js';
export {
  BaseConnection,
  ChatConnection,
  type ChatMediaInfo,
  EmailConnection,
  TaskConnection,
  VoiceConnection,
} from './model/connection.js';
export { Endpoint, type EndpointParams } from './model/endpoint.js';
export type { SuccessFailOptions } from './runtime.js';
export { createDirectTransport, type DirectOptions } from './transport/direct.js';
export { createIframeTransport, type IframeTransportOptions as InitCCPOptions } from './transport/iframe.js';
export type { StreamsError, StreamsTransport, TransportSink } from './transport.js';
export type { AgentConfiguration, AgentData, ContactData, ConnectionData } from '@switchboard/core/agent';
