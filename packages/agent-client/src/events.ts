/**
 * The client's events, declared once: their names ({@link AgentClientEvent}), what each
 * callback receives ({@link AgentClientCallbacks}) and when each is emitted. Subscribe with
 * `client.on(name, callback)`, which returns the function that unsubscribes.
 */
import type { AgentDataWire } from '@switchboard/core/agent';
import type { AgentApiError } from './errors.js';

/** The state of the client's websocket. */
export const ConnectionState = {
  /** The first connection is being made. */
  Connecting: 'connecting',
  /** Connected: pushes arrive and commands are sent at once. */
  Open: 'open',
  /** Connection lost: waiting (backoff) or connecting again. Commands wait for it. */
  Reconnecting: 'reconnecting',
  /** Not connected and not trying: closed, signed out, or the session is over. */
  Closed: 'closed',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** Why a session ended (`sessionEnded`). */
export const SessionEndReason = {
  /** Logout: by this client's `signOut()`, another tab of the same session, or a refresh elsewhere. */
  SignedOut: 'signed out',
  /** Its time ran out. */
  Expired: 'session expired',
  /** The server no longer takes the token (found when connecting or refreshing). */
  Invalid: 'session invalid',
} as const;
export type SessionEndReason = (typeof SessionEndReason)[keyof typeof SessionEndReason];

/** An agent session: its token and, when known, expiry, instance and user. */
export interface AgentSession {
  readonly token: string;
  /** Undefined for a token given without its expiry (`fromToken`): it is then never refreshed. */
  readonly expiresAt: Date | undefined;
  /** Known after `signIn` and a refresh. */
  readonly instanceId: string | undefined;
  /** Known after `signIn` and a refresh. */
  readonly userId: string | undefined;
}

export const AgentClientEvent = {
  Data: 'data',
  ConnectionState: 'connectionState',
  SessionEnded: 'sessionEnded',
  TokenRefreshed: 'tokenRefreshed',
  TopicMessage: 'topicMessage',
  Error: 'error',
} as const;
export type AgentClientEvent = (typeof AgentClientEvent)[keyof typeof AgentClientEvent];

export interface AgentClientCallbacks {
  /**
   * After every push (a whole snapshot, or a delta applied to the data held): the agent's
   * whole data as Streams reads it, and its version (only grows).
   */
  [AgentClientEvent.Data]: (data: AgentDataWire, version: number) => void;
  /** The websocket's state changed (never emitted for a no-op change). */
  [AgentClientEvent.ConnectionState]: (state: ConnectionState, previous: ConnectionState) => void;
  /**
   * The session is over: signed out, expired, or refused by the server. The client does
   * not reconnect; sign in again for a new client. Emitted once.
   */
  [AgentClientEvent.SessionEnded]: (reason: SessionEndReason | (string & {})) => void;
  /** The session was refreshed: persist the new token if you keep it. */
  [AgentClientEvent.TokenRefreshed]: (session: AgentSession) => void;
  /**
   * An item the server pushed on a topic (an `event` frame), once per frame: `aws/task`
   * items (`data` is the item: `{Id, ContentType, Type, AbsoluteTime, ContactId,
   * InitialContactId}`) go to the agent who holds the task. Not replayed after a reconnect
   * by the client: what the server sends again is handed on again.
   */
  [AgentClientEvent.TopicMessage]: (topic: string, data: unknown) => void;
  /**
   * Something went wrong that no caller is waiting for: a refresh that failed (it is
   * retried), a frame that cannot be read, an error frame without a command id, a
   * listener that threw. Informational: the client carries on.
   */
  [AgentClientEvent.Error]: (error: AgentApiError) => void;
}
