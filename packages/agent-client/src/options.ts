/**
 * The client's options and their defaults, in one place: validated and frozen when a
 * client is made.
 */
import { type BackoffOptions, type BackoffPolicy, backoffPolicy } from './backoff.js';
import { type Clock, systemClock } from './clock.js';
import { AgentApiError, AgentErrorType } from './errors.js';
import type { FetchLike } from './http.js';
import { DEFAULT_REFRESH_LEAD_MS } from './refresh.js';
import { defaultWebSocket, type WebSocketConstructor } from './websocket.js';

export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface AgentClientOptions {
  /** The Switchboard server, e.g. `https://switchboard.example.com` (a path prefix is kept). */
  readonly endpoint: string;
  /**
   * How long a command (and a sign-in, refresh or other HTTP request) may wait for its
   * answer, a reconnect included. Default 10 s.
   */
  readonly commandTimeoutMs?: number;
  /** How long a websocket may take to open before it is given up and tried again. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Reconnect backoff: default 0.5 s doubling to 30 s, half of each wait random. */
  readonly reconnect?: Partial<BackoffOptions>;
  /** Refresh this long before the session expires (at most a fifth of its life). Default 5 min. */
  readonly refreshLeadMs?: number;
  /** The random source of the backoff's jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Time and timers. Default the system's. */
  readonly clock?: Clock;
  /** Default the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Default the global `WebSocket`, or `ws` in Node 20. */
  readonly WebSocket?: WebSocketConstructor;
  /** Told what the client does (state changes, reconnects, refreshes), for debugging. Never sees tokens. */
  readonly log?: (message: string) => void;
}

/** The options, resolved. */
export interface ClientConfig {
  readonly httpBase: string;
  readonly wsBase: string;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly refreshLeadMs: number;
  readonly backoff: BackoffPolicy;
  readonly clock: Clock;
  readonly fetch: FetchLike;
  readonly WebSocket: WebSocketConstructor;
  readonly log: (message: string) => void;
}

const invalid = (message: string) => new AgentApiError(AgentErrorType.InvalidParameter, message);

const positive = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw invalid(`${name} must be a number of milliseconds ≥ 0`);
  return value;
};

export function resolveOptions(options: AgentClientOptions): ClientConfig {
  let url: URL;
  try {
    url = new URL(options.endpoint);
  } catch {
    throw invalid(`endpoint is not a URL: ${String(options.endpoint)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('endpoint must be an http:// or https:// URL');
  const path = url.pathname.replace(/\/+$/, '');
  const httpBase = `${url.origin}${path}`;
  const wsBase = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${path}`;
  const WebSocket = options.WebSocket ?? defaultWebSocket();
  if (!WebSocket) {
    throw invalid('No WebSocket implementation: pass options.WebSocket, or import the package under the "node" condition');
  }
  const fetchImpl = options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  return Object.freeze({
    httpBase,
    wsBase,
    commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs, DEFAULT_COMMAND_TIMEOUT_MS),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS),
    refreshLeadMs: positive('refreshLeadMs', options.refreshLeadMs, DEFAULT_REFRESH_LEAD_MS),
    backoff: backoffPolicy(options.reconnect, options.random),
    clock: options.clock ?? systemClock,
    fetch: fetchImpl,
    WebSocket,
    log: options.log ?? (() => undefined),
  });
}
