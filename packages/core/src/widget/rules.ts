/**
 * What a customer chat widget configuration may hold: limits, defaults, and the rules
 * that span its fields (distinct names, reserved attribute names, the `name` field).
 * One place for both the instance file (config/widget-schema.ts) and the admin API
 * (server api/admin/widgets.ts). Pure.
 */
import { RatingAttribute, WrapUpAttribute } from '../model/constants.js';
import type { WidgetAttribute, WidgetField } from '../model/entities.js';

export const WidgetFieldType = { NAME: 'name', EMAIL: 'email', TEXT: 'text' } as const;
export type WidgetFieldType = (typeof WidgetFieldType)[keyof typeof WidgetFieldType];

export const WIDGET_LIMITS = {
  allowedOrigins: 100,
  attributes: 50,
  /** Longest page attribute value allowed by `attributes[].maxLength`. */
  attributeMaxLength: 1024,
  fields: 10,
  fieldLabel: 100,
  /** Longest value allowed by `fields[].maxLength`, per type. */
  fieldMaxLength: { name: 256, email: 254, text: 1024 },
  /** greeting and offlineMessage. */
  message: 1024,
  maxOpenChatsPerVisitor: 10,
  perIpPerMinute: 10_000,
  perConfigurationPerMinute: 100_000,
} as const;

export const WIDGET_DEFAULTS = {
  greeting: 'Hi! How can we help?',
  offlineMessage: "We're away right now. Please try again later.",
  primaryColor: '#0b63c9',
  position: 'right',
  persistence: 'session',
  /** The offline state's "Leave a message" form. */
  leaveMessageEnabled: true,
  /** The "Call us" button (web calls need agents who take VOICE). */
  voiceEnabled: false,
  maxOpenChatsPerVisitor: 1,
  perIpPerMinute: 10,
  perConfigurationPerMinute: 300,
  attributeMaxLength: 256,
  fieldMaxLength: 256,
} as const;

/** A pre-chat form field's name: the key the widget sends it under (`customer_<name>` as an attribute). */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** A page attribute's name: the contact attribute it becomes. */
export const ATTRIBUTE_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;
/** `#rrggbb`. */
export const COLOR = /^#[0-9A-Fa-f]{6}$/;

/** Attribute names a page may not set: the pre-chat fields' prefix and what Switchboard writes itself. */
export const FIELD_ATTRIBUTE_PREFIX = 'customer_';
const RESERVED_ATTRIBUTES: ReadonlySet<string> = new Set([...Object.values(RatingAttribute), ...Object.values(WrapUpAttribute)]);

export const isReservedAttribute = (name: string): boolean =>
  name.startsWith(FIELD_ATTRIBUTE_PREFIX) || RESERVED_ATTRIBUTES.has(name);

export interface WidgetRuleIssue {
  /** Relative to the configuration, e.g. `['preChatForm', 'fields', 2, 'name']`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * The rules across a configuration's fields; each field's own shape (lengths, patterns) is
 * checked by the schema that read it. Skips anything malformed.
 */
export function widgetRuleIssues(w: {
  readonly attributes?: readonly Partial<WidgetAttribute>[];
  readonly preChatForm?: { readonly fields?: readonly Partial<WidgetField>[] };
}): WidgetRuleIssue[] {
  const issues: WidgetRuleIssue[] = [];
  const seenAttributes = new Map<string, number>();
  (w.attributes ?? []).forEach((a, i) => {
    if (typeof a?.name !== 'string') return;
    const first = seenAttributes.get(a.name);
    if (first !== undefined)
      issues.push({ path: ['attributes', i, 'name'], message: `"${a.name}" is listed twice (also at attributes[${first}])` });
    else seenAttributes.set(a.name, i);
    if (isReservedAttribute(a.name))
      issues.push({
        path: ['attributes', i, 'name'],
        message: `"${a.name}" is reserved (names starting with "${FIELD_ATTRIBUTE_PREFIX}" hold the pre-chat form; ${[...RESERVED_ATTRIBUTES].join(', ')} are written by Switchboard)`,
      });
  });
  const seenFields = new Map<string, number>();
  (w.preChatForm?.fields ?? []).forEach((f, i) => {
    if (typeof f?.name !== 'string') return;
    const first = seenFields.get(f.name);
    if (first !== undefined)
      issues.push({
        path: ['preChatForm', 'fields', i, 'name'],
        message: `"${f.name}" is listed twice (also at preChatForm.fields[${first}])`,
      });
    else seenFields.set(f.name, i);
    // The display name comes from the field called `name`, which must be of type name.
    if ((f.name === 'name') !== (f.type === WidgetFieldType.NAME))
      issues.push({
        path: ['preChatForm', 'fields', i, f.name === 'name' ? 'type' : 'name'],
        message:
          f.name === 'name'
            ? 'the field called "name" is the display name: its type must be name'
            : 'a field of type name is the display name: it must be called "name"',
      });
    const type = f.type;
    if (typeof type === 'string' && Object.hasOwn(WIDGET_LIMITS.fieldMaxLength, type) && typeof f.maxLength === 'number') {
      const cap = WIDGET_LIMITS.fieldMaxLength[type as WidgetFieldType];
      if (f.maxLength > cap)
        issues.push({
          path: ['preChatForm', 'fields', i, 'maxLength'],
          message: `must be at most ${cap} for a field of type ${type} (got ${f.maxLength})`,
        });
    }
  });
  return issues;
}
