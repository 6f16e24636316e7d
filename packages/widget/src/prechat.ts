/** The pre-chat form's checks, in words beside each field (the server checks again). */
import type { PreChatField } from './configuration.js';
import { fill } from './format.js';
import type { Strings } from './strings/en.js';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The problem with one value, in words, or undefined when it is fine. */
export function fieldProblem(field: PreChatField, value: string, s: Strings): string | undefined {
  const v = value.trim();
  if (!v) return field.required ? fill(s.fieldRequired, { label: field.label }) : undefined;
  if (field.maxLength !== undefined && [...v].length > field.maxLength) return fill(s.fieldTooLong, { max: field.maxLength });
  if (field.type === 'email' && !EMAIL.test(v)) return s.fieldEmail;
  if (field.type === 'name' && /[<>]/.test(v)) return s.fieldNoTags;
  return undefined;
}

/** Every field's problem (only fields with one). */
export function formProblems(
  fields: readonly PreChatField[],
  values: Readonly<Record<string, string>>,
  s: Strings,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const p = fieldProblem(f, values[f.name] ?? '', s);
    if (p) out[f.name] = p;
  }
  return out;
}

/** The values to send: trimmed, empty ones left out. */
export function formValues(fields: readonly PreChatField[], values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = (values[f.name] ?? '').trim();
    if (v) out[f.name] = v;
  }
  return out;
}

/** The input's type and autocomplete hint for a field type. */
export function inputKind(type: string): { readonly type: string; readonly autocomplete: string } {
  switch (type) {
    case 'name':
      return { type: 'text', autocomplete: 'name' };
    case 'email':
      return { type: 'email', autocomplete: 'email' };
    case 'tel':
    case 'phone':
      return { type: 'tel', autocomplete: 'tel' };
    default:
      return { type: 'text', autocomplete: 'off' };
  }
}
