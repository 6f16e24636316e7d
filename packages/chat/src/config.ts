/**
 * `ChatSession.setGlobalConfig`: ChatJS's settings (endpoint, region, logger, feature
 * flags) plus what lets the SDK run anywhere without globals or shims (a WebSocket
 * implementation, a fetch, a network monitor). Later calls merge into earlier ones; the
 * endpoint is kept until another is given (as in ChatJS). Read when a session is created.
 */
import type { BackoffPolicy } from './backoff.js';
import type { LoggerConfig } from './logger.js';
import type { NetworkMonitor } from './network.js';
import type { WebSocketFactory } from './socket.js';

export interface GlobalConfig {
  /** The participant service, e.g. `https://switchboard.example.com`. Default: the cloud service of `region`. */
  readonly endpoint?: string;
  /** Default `us-west-2` (ChatJS's). Only names the cloud endpoint when `endpoint` is not set. */
  readonly region?: string;
  readonly loggerConfig?: LoggerConfig;
  readonly features?: {
    readonly messageReceipts?: {
      /** Default true: `sendEvent` sends read / delivered receipts. */
      readonly shouldSendMessageReceipts?: boolean;
      /** Receipts are sent at most once per this many ms (default 5000). */
      readonly throttleTime?: number;
    };
  };
  /** A WebSocket implementation where the platform has none (Node 20: `ws`, set by this package's Node entry). */
  readonly webSocket?: WebSocketFactory;
  /** A fetch to use instead of the global one. */
  readonly fetch?: typeof fetch;
  /** Online / offline detection; default: the platform's `online` / `offline` events where there are any. */
  readonly network?: NetworkMonitor;
  /** Reconnect backoff (default 250 ms doubling to 30 s, ±50 % jitter). */
  readonly reconnect?: Partial<BackoffPolicy>;
  /** Accepted for ChatJS compatibility and ignored: Switchboard has no CSM telemetry. */
  readonly csmConfig?: unknown;
  /** Accepted for ChatJS compatibility and ignored (see `network`). */
  readonly webSocketManagerConfig?: unknown;
}

let current: GlobalConfig = {};
let platformWebSocket: WebSocketFactory | undefined;

export function setGlobalConfig(config: GlobalConfig): void {
  current = {
    ...current,
    ...config,
    endpoint: config.endpoint ?? current.endpoint,
    features: { ...current.features, ...config.features },
  } as GlobalConfig;
}

export const globalConfig = (): GlobalConfig => current;

/** The Node entry installs `ws` here; browsers and workers have a global WebSocket. */
export function setPlatformWebSocket(impl: WebSocketFactory): void {
  platformWebSocket = impl;
}

export function webSocketImpl(config: GlobalConfig): WebSocketFactory | undefined {
  return config.webSocket ?? (globalThis as { WebSocket?: WebSocketFactory }).WebSocket ?? platformWebSocket;
}
