/**
 * Wire values and defaults of the chat SDK, as `as const` objects (ChatJS's names and
 * runtime values, so pages written for ChatJS keep working).
 */
import { ContentTypes } from '@switchboard/core/chat-items';

export { ContentTypes };

/** `connect.ChatSession.SessionTypes`. */
export const SessionTypes = { AGENT: 'AGENT', CUSTOMER: 'CUSTOMER' } as const;
export type SessionType = (typeof SessionTypes)[keyof typeof SessionTypes];

/** `connect.ChatSession.LogLevel` (ChatJS's values). */
export const LogLevel = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** The event content types `sendEvent` accepts: the seed's list, plus the receipts ChatJS sends. */
export const SEND_EVENT_CONTENT_TYPES: readonly string[] = [
  ContentTypes.chatEnded,
  ContentTypes.participantJoined,
  ContentTypes.participantLeft,
  ContentTypes.transferSucceeded,
  ContentTypes.transferFailed,
  ContentTypes.typing,
  ContentTypes.readReceipt,
  ContentTypes.deliveredReceipt,
];

/** GetTranscript's defaults in ChatJS (not the API's). */
export const TRANSCRIPT_DEFAULTS = { maxResults: 15, scanDirection: 'BACKWARD', sortOrder: 'ASCENDING' } as const;

export const DEFAULTS = {
  region: 'us-west-2',
  /** One typing event per this many ms (ChatJS: TYPING_VALIDITY_TIME). */
  typingThrottleMs: 10_000,
  /** Receipts: at most one flush per this many ms (ChatJS's default throttleTime). */
  receiptThrottleMs: 5_000,
  /** A delivered receipt waits this long, so that a read receipt for the same message wins. */
  deliveredDelayMs: 300,
  /** Heartbeat period; a heartbeat unanswered by the next one means the socket is dead. */
  heartbeatMs: 10_000,
  /** A subscribe not acknowledged within this long is sent again. */
  subscribeTimeoutMs: 2_000,
  /** The connection token is renewed this long before its Expiry. */
  tokenRefreshLeadMs: 60_000,
  /** How long `connect()` waits for the first subscribed socket. */
  connectTimeoutMs: 20_000,
  /** REST attempts for errors worth retrying (network, 5xx, throttling). */
  requestAttempts: 3,
} as const;

/** Items the server keeps in the transcript (typing is ephemeral). */
export const isStoredItem = (item: { readonly ContentType: string; readonly Type?: string }): boolean =>
  item.ContentType !== ContentTypes.typing;
