import { en, type Strings } from './en.js';

/** The strings of the page's language (English is the only one shipped). */
export const t: Strings = en;

/** An error in words a person understands. */
export function describeError(e: unknown): string {
  const type =
    (e as { type?: string; error?: { type?: string } } | null)?.error?.type ?? (e as { type?: string } | null)?.type ?? '';
  const message = e instanceof Error ? e.message : '';
  switch (type) {
    case 'NetworkingError':
    case 'TimeoutError':
      return t.errors.network;
    case 'AccessDeniedException':
      return t.errors.denied;
    case 'InvalidStateException':
      return t.errors.state;
    case 'ThrottlingException':
      return t.errors.throttled;
    case 'ValidationException':
    case 'InvalidParameterException':
    case 'ServiceQuotaExceededException':
      return message || t.errors.generic;
    default:
      return t.errors.generic;
  }
}
