/**
 * The standard WebSocket interface, as much of it as the client uses, and which
 * implementation it uses: the global `WebSocket` (browsers, workers, Node 22+), or the one
 * node.ts installs (`ws`, for Node 20), or one passed in the options.
 */

/**
 * An event handler, checked bivariantly (as methods are), so that the DOM's `WebSocket` and
 * `ws`, whose handlers take their own richer event types, both fit.
 */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

export interface WebSocketLike {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ readonly data: unknown }> | null;
  onclose: Handler<{ readonly code: number; readonly reason: string }> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket class: `new WebSocket(url)`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `readyState` of an open socket. */
export const OPEN = 1;

let installed: WebSocketConstructor | undefined;

/** Sets the implementation used when there is no global `WebSocket` (node.ts installs `ws`). */
export function installWebSocket(impl: WebSocketConstructor): void {
  installed = impl;
}

/** The implementation to use: the global one, else the installed one. */
export function defaultWebSocket(): WebSocketConstructor | undefined {
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof global === 'function' ? (global as WebSocketConstructor) : installed;
}

/** Stops a socket from reporting anything to the client (an `error` must still be listened to: `ws` throws otherwise). */
export function detach(ws: WebSocketLike): void {
  ws.onopen = null;
  ws.onmessage = null;
  ws.onclose = null;
  ws.onerror = () => undefined;
}
