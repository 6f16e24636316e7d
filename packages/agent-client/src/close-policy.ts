/**
 * What the client does when its websocket closes (docs/agent-api.md). Pure.
 *
 * - 4401: the session is over (expired, signed out) — unless the client is refreshing its
 *   token or already has a newer one: a refresh revokes the old token, and its sockets
 *   close with 4401 too.
 * - Closed before it ever opened: the upgrade may have been refused (HTTP 403, which a
 *   WebSocket cannot see) or the server is unreachable; ask the server about the session.
 * - Anything else (1012 service restart, 1006 lost, 1008 too many frames, 1000…): reconnect
 *   after a backoff.
 */

/** The close code the server uses for a session that is over. */
export const SESSION_OVER = 4401;

export interface SocketClose {
  readonly code: number;
  readonly reason: string;
  /** Whether the socket had opened. */
  readonly wasOpen: boolean;
  /** The token the socket was opened with. */
  readonly token: string;
}

export interface ClientView {
  /** The client's current token. */
  readonly token: string;
  /** Whether a refresh is in flight. */
  readonly refreshing: boolean;
}

export type CloseAction =
  | { readonly kind: 'reconnect' }
  | { readonly kind: 'reconnect-now' }
  | { readonly kind: 'await-refresh' }
  | { readonly kind: 'probe-session' }
  | { readonly kind: 'end-session'; readonly reason: string };

export function closeAction(close: SocketClose, client: ClientView): CloseAction {
  if (close.code === SESSION_OVER) {
    if (client.refreshing) return { kind: 'await-refresh' };
    if (close.token !== client.token) return { kind: 'reconnect-now' };
    return { kind: 'end-session', reason: close.reason || 'session expired' };
  }
  if (close.token !== client.token) return { kind: 'reconnect-now' };
  if (!close.wasOpen) return { kind: 'probe-session' };
  return { kind: 'reconnect' };
}
