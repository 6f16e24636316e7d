/**
 * Server-side content rules of SendMessage and SendEvent (the participant service's model
 * docs). Each check returns undefined when the input is acceptable, else a problem the
 * server answers as `ValidationException` with that message.
 */
import { ContentTypes } from './items.js';

/** ContentTypes SendMessage accepts. */
export const SEND_MESSAGE_CONTENT_TYPES = [
  ContentTypes.textPlain,
  ContentTypes.textMarkdown,
  ContentTypes.applicationJson,
  ContentTypes.interactiveMessageResponse,
] as const;
export type SendMessageContentType = (typeof SEND_MESSAGE_CONTENT_TYPES)[number];

/** ContentTypes SendEvent accepts (connection.acknowledged is deprecated but still sent by old clients). */
export const SEND_EVENT_CONTENT_TYPES = [
  ContentTypes.typing,
  ContentTypes.connectionAcknowledged,
  ContentTypes.deliveredReceipt,
  ContentTypes.readReceipt,
] as const;
export type SendEventContentType = (typeof SEND_EVENT_CONTENT_TYPES)[number];

export interface ChatLimits {
  /** Longest SendMessage Content per ContentType, in characters (Unicode code points). */
  readonly messageMaxLength: Readonly<Record<SendMessageContentType, number>>;
  /** Longest Content of anything (the model's `ChatContent`, 1..16384). */
  readonly contentMaxLength: number;
  /** Longest ContentType (the model's `ChatContentType`, 1..100). */
  readonly contentTypeMaxLength: number;
}

/** Amazon Connect's limits. */
export const DEFAULT_CHAT_LIMITS: ChatLimits = {
  messageMaxLength: {
    'text/plain': 1024,
    'text/markdown': 1024,
    'application/json': 12_000,
    'application/vnd.amazonaws.connect.message.interactive.response': 12_288,
  },
  contentMaxLength: 16_384,
  contentTypeMaxLength: 100,
};

export const isSendMessageContentType = (t: unknown): t is SendMessageContentType =>
  (SEND_MESSAGE_CONTENT_TYPES as readonly unknown[]).includes(t);

export const isSendEventContentType = (t: unknown): t is SendEventContentType =>
  (SEND_EVENT_CONTENT_TYPES as readonly unknown[]).includes(t);

export const isReceiptContentType = (t: unknown): t is typeof ContentTypes.readReceipt | typeof ContentTypes.deliveredReceipt =>
  t === ContentTypes.readReceipt || t === ContentTypes.deliveredReceipt;

/** Length in Unicode code points (what Smithy's @length counts), stopping once past `max`. */
const exceeds = (s: string, max: number): boolean => {
  if (s.length <= max) return false; // code points <= UTF-16 units
  let n = 0;
  for (const _ of s) if (++n > max) return true;
  return false;
};

const checkContentType = (contentType: unknown, limits: ChatLimits): string | undefined => {
  if (contentType === undefined || contentType === null) return 'ContentType is required';
  if (typeof contentType !== 'string') return 'ContentType must be a string';
  if (contentType.length === 0) return 'ContentType must not be empty';
  if (exceeds(contentType, limits.contentTypeMaxLength)) {
    return `ContentType must be at most ${limits.contentTypeMaxLength} characters`;
  }
  return undefined;
};

/** Checks SendMessage's ContentType and Content. */
export function validateMessage(
  contentType: unknown,
  content: unknown,
  limits: ChatLimits = DEFAULT_CHAT_LIMITS,
): string | undefined {
  const typeProblem = checkContentType(contentType, limits);
  if (typeProblem !== undefined) return typeProblem;
  if (!isSendMessageContentType(contentType)) {
    return `ContentType ${String(contentType)} is not supported; use one of ${SEND_MESSAGE_CONTENT_TYPES.join(', ')}`;
  }
  if (content === undefined || content === null) return 'Content is required';
  if (typeof content !== 'string') return 'Content must be a string';
  if (content.length === 0) return 'Content must not be empty';
  const max = Math.min(limits.messageMaxLength[contentType], limits.contentMaxLength);
  if (exceeds(content, max)) return `Content of type ${contentType} must be at most ${max} characters`;
  return undefined;
}

/**
 * The messageId of a receipt's Content (`{"messageId":"<Item.Id>"}`), or undefined when
 * the Content is not a JSON object with a non-empty string messageId.
 */
export function receiptMessageId(content: unknown): string | undefined {
  if (typeof content !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const id = (parsed as { messageId?: unknown }).messageId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/**
 * Checks SendEvent's ContentType and Content. Receipts need Content
 * `{"messageId":"…"}`; typing and connection.acknowledged carry none (chatjs omits it),
 * but a Content sent anyway is tolerated within the general length limit.
 */
export function validateEvent(
  contentType: unknown,
  content: unknown,
  limits: ChatLimits = DEFAULT_CHAT_LIMITS,
): string | undefined {
  const typeProblem = checkContentType(contentType, limits);
  if (typeProblem !== undefined) return typeProblem;
  if (!isSendEventContentType(contentType)) {
    return `ContentType ${String(contentType)} is not supported; use one of ${SEND_EVENT_CONTENT_TYPES.join(', ')}`;
  }
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string') return 'Content must be a string';
    if (content.length === 0) return 'Content must not be empty';
    if (exceeds(content, limits.contentMaxLength)) return `Content must be at most ${limits.contentMaxLength} characters`;
  }
  if (isReceiptContentType(contentType)) {
    if (content === undefined || content === null) return `Content is required for ${contentType}`;
    if (receiptMessageId(content) === undefined) {
      return `Content of ${contentType} must be a JSON object with a string messageId, e.g. {"messageId":"<item id>"}`;
    }
  }
  return undefined;
}
