/**
 * Any failure → a sentence for the customer. Never the error's type or a stack: a
 * WidgetError (the widget's routes) or a ChatError (the chat SDK) maps to a string of
 * strings/en.ts; anything else is "Something went wrong".
 */
import { WidgetError } from './api.js';
import { fill } from './format.js';
import type { Strings } from './strings/en.js';

/** The chat SDK's error type (`ChatError.type`), read without importing the class. */
export function chatErrorType(e: unknown): string | undefined {
  const t = (e as { error?: { type?: unknown } } | null)?.error?.type;
  return typeof t === 'string' ? t : undefined;
}

export function describeError(e: unknown, s: Strings): string {
  if (e instanceof WidgetError) {
    switch (e.kind) {
      case 'network':
        return s.errorNetwork;
      case 'throttled':
        return e.retryAfterS ? fill(s.errorThrottled, { seconds: e.retryAfterS }) : s.errorThrottledSoon;
      case 'closed':
        return s.errorClosed;
      case 'alreadyOpen':
        return s.errorAlreadyOpen;
      case 'full':
        return s.leaveBusy;
      case 'forbidden':
        return s.errorForbidden;
      case 'invalid':
        return e.message ? fill(s.errorInvalid, { message: e.message }) : s.errorGeneric;
      default:
        return s.errorGeneric;
    }
  }
  switch (chatErrorType(e)) {
    case 'NetworkingError':
      return s.errorNetwork;
    case 'ThrottlingException':
    case 'TooManyRequestsException':
      return s.errorThrottledSoon;
    case 'AccessDeniedException':
      return s.errorChatOver;
    default:
      return s.errorGeneric;
  }
}

/** True when the chat SDK says the chat is over for this participant. */
export const isChatOver = (e: unknown): boolean => chatErrorType(e) === 'AccessDeniedException';
