/**
 * The body of the widget's start-chat request, checked against its configuration:
 *
 *   { "fields": { "name": "Jane", "email": "…", … }, "attributes": { "page": "/pricing" } }
 *
 * Both members are optional; nothing else is allowed. Every field must be on the pre-chat
 * form (none when the form is disabled), every attribute on the allow-list, every value a
 * string within its maxLength. Pure; never throws.
 */
import type { WidgetConfiguration } from '../model/entities.js';
import { FIELD_ATTRIBUTE_PREFIX } from './rules.js';
import { hasControlCharacters } from './text.js';

/** The display name when the form has no (filled) `name` field. */
export const DEFAULT_DISPLAY_NAME = 'Customer';

export interface StartChatRequest {
  readonly displayName: string;
  /** `customer_<field>` for each filled field but the name, and the page attributes as they are. */
  readonly attributes: Readonly<Record<string, string>>;
}

export type StartChatReading = ({ readonly ok: true } & StartChatRequest) | { readonly ok: false; readonly message: string };

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** local@domain.tld, with no spaces, angle brackets, quotes or commas. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;
/** An email address as the widget's forms take it (`local@domain.tld`). */
export const isWidgetEmail = (v: string): boolean => EMAIL.test(v);
/** HTML (or anything a naive page might take for it) in a name. */
export const HTML_IN_NAME = /[<>]/;

const show = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Reads the parsed JSON body of a start-chat request for `config`. */
export function readStartChat(body: unknown, config: Pick<WidgetConfiguration, 'preChatForm' | 'attributes'>): StartChatReading {
  const fail = (message: string): StartChatReading => ({ ok: false, message });
  if (!isRec(body)) return fail('The request body must be a JSON object');
  for (const key of Object.keys(body))
    if (key !== 'fields' && key !== 'attributes') return fail(`Unknown member ${show(key)} (allowed: fields, attributes)`);
  const fields = body.fields ?? {};
  const pageAttributes = body.attributes ?? {};
  if (!isRec(fields)) return fail('fields must be an object of strings');
  if (!isRec(pageAttributes)) return fail('attributes must be an object of strings');

  const form = config.preChatForm.enabled ? config.preChatForm.fields : [];
  const attributes: Record<string, string> = {};
  let displayName = DEFAULT_DISPLAY_NAME;
  for (const key of Object.keys(fields)) {
    if (!form.some((f) => f.name === key))
      return fail(
        form.length
          ? `Unknown field ${show(key)} (the form has: ${form.map((f) => f.name).join(', ')})`
          : `Unknown field ${show(key)} (this widget has no pre-chat form)`,
      );
  }
  for (const f of form) {
    const raw = fields[f.name];
    if (raw !== undefined && typeof raw !== 'string') return fail(`fields.${f.name} must be a string`);
    const value = (raw ?? '').trim();
    if (value === '') {
      if (f.required) return fail(`fields.${f.name} (${f.label}) is required`);
      continue;
    }
    if (value.length > f.maxLength) return fail(`fields.${f.name} must be at most ${f.maxLength} characters`);
    if (hasControlCharacters(value, f.type === 'text')) return fail(`fields.${f.name} must not contain control characters`);
    if (f.type === 'name') {
      if (HTML_IN_NAME.test(value)) return fail(`fields.${f.name} must not contain HTML (< or >)`);
      displayName = value;
      continue;
    }
    if (f.type === 'email' && !isWidgetEmail(value))
      return fail(`fields.${f.name} must be an email address such as jane@example.com`);
    attributes[`${FIELD_ATTRIBUTE_PREFIX}${f.name}`] = value;
  }

  const page = readPageAttributes(pageAttributes, config);
  if (!page.ok) return page;
  return { ok: true, displayName, attributes: { ...attributes, ...page.attributes } };
}

/**
 * The page's attributes (the `attributes` member of a body, already known to be an object):
 * only names on the configuration's allow-list, strings within their maxLength, no control
 * characters; kept as they are.
 */
export function readPageAttributes(
  raw: Readonly<Record<string, unknown>>,
  config: Pick<WidgetConfiguration, 'attributes'>,
): { readonly ok: true; readonly attributes: Record<string, string> } | { readonly ok: false; readonly message: string } {
  const fail = (message: string) => ({ ok: false as const, message });
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const allowed = config.attributes.find((a) => a.name === key);
    if (!allowed) return fail(`Attribute ${show(key)} is not allowed by this widget`);
    if (typeof value !== 'string') return fail(`attributes.${key} must be a string`);
    if (value.length > allowed.maxLength) return fail(`attributes.${key} must be at most ${allowed.maxLength} characters`);
    if (hasControlCharacters(value)) return fail(`attributes.${key} must not contain control characters`);
    attributes[key] = value;
  }
  return { ok: true, attributes };
}

/** A visitor id as the widget makes it: 8..128 letters, digits, `-` and `_`. */
export const isVisitorId = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{8,128}$/.test(v);
