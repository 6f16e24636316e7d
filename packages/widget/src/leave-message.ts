/**
 * The "Leave a message" form's checks, in words beside each field (the server checks
 * again: docs/widget.md, "Leave a message"). Pure.
 */
import { fill } from './format.js';
import type { Strings } from './strings/en.js';

export type MessageField = 'name' | 'email' | 'message';
export type MessageValues = Readonly<Record<MessageField, string>>;

/** The server's limits (characters, as `maxlength` counts them). */
export const MESSAGE_LIMITS: Readonly<Record<MessageField, number>> = { name: 256, email: 254, message: 4096 };

/** local@domain.tld, the server's rule. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

/** Every field's problem (only fields with one), in the form's order. */
export function messageProblems(values: MessageValues, s: Strings): Partial<Record<MessageField, string>> {
  const out: Partial<Record<MessageField, string>> = {};
  const name = values.name.trim();
  const email = values.email.trim();
  const message = values.message.trim();
  if (!name) out.name = s.leaveNameRequired;
  else if (name.length > MESSAGE_LIMITS.name) out.name = fill(s.fieldTooLong, { max: MESSAGE_LIMITS.name });
  else if (/[<>]/.test(name)) out.name = s.fieldNoTags;
  if (!email) out.email = s.leaveEmailRequired;
  else if (email.length > MESSAGE_LIMITS.email || !EMAIL.test(email)) out.email = s.fieldEmail;
  if (!message) out.message = s.leaveMessageRequired;
  else if (message.length > MESSAGE_LIMITS.message) out.message = fill(s.fieldTooLong, { max: MESSAGE_LIMITS.message });
  return out;
}
