/**
 * The create-task form of a task template: the template's fields as the dialog shows them
 * (type, default, required / read-only / invisible), the check before sending, the
 * `createTemplatedTask` request a filled form becomes (docs/tasks.md "With a template"),
 * and the server's refusal split back onto the fields it names. Pure.
 */
import {
  FIELD_REFERENCE_TYPE,
  isEmailAddress,
  isHttpUrl,
  isNumeric,
  SUPPORTED_FIELD_TYPES,
  type SupportedFieldType,
  TASK_LIMITS,
  type TaskReferenceType,
} from '@switchboard/core/task';

interface WireFieldId {
  readonly Id?: { readonly Name?: string };
  readonly Name?: string;
}

/** `getTaskTemplate`'s answer (the admin API's GetTaskTemplate shape), as far as the form reads it. */
export interface TaskTemplateWire {
  readonly Id: string;
  readonly Arn?: string;
  readonly Name: string;
  readonly Description?: string;
  readonly Status?: string;
  readonly Fields?: readonly (WireFieldId & {
    readonly Type?: string;
    readonly Description?: string;
    readonly SingleSelectOptions?: readonly string[];
  })[];
  readonly Constraints?: {
    readonly RequiredFields?: readonly WireFieldId[];
    readonly ReadOnlyFields?: readonly WireFieldId[];
    readonly InvisibleFields?: readonly WireFieldId[];
  };
  readonly Defaults?: { readonly DefaultFieldValues?: readonly (WireFieldId & { readonly DefaultValue?: string })[] };
}

/** `listTaskTemplates`' items. */
export interface TaskTemplateSummary {
  readonly Id: string;
  readonly Name: string;
  readonly Description?: string;
  readonly Status?: string;
}

export interface TemplateField {
  readonly name: string;
  readonly type: SupportedFieldType;
  readonly description?: string;
  readonly options?: readonly string[];
  readonly defaultValue?: string;
  readonly required: boolean;
  readonly readOnly: boolean;
  readonly invisible: boolean;
}

const fieldName = (f: WireFieldId): string => f.Id?.Name ?? f.Name ?? '';

/** The template's fields in its order; types the desktop does not know are left out (the server fills them). */
export function templateFields(tpl: TaskTemplateWire): TemplateField[] {
  const names = (list: readonly WireFieldId[] | undefined) => new Set((list ?? []).map(fieldName));
  const required = names(tpl.Constraints?.RequiredFields);
  const readOnly = names(tpl.Constraints?.ReadOnlyFields);
  const invisible = names(tpl.Constraints?.InvisibleFields);
  const defaults = new Map((tpl.Defaults?.DefaultFieldValues ?? []).map((d) => [fieldName(d), d.DefaultValue]));
  const known: ReadonlySet<string> = new Set(SUPPORTED_FIELD_TYPES);
  const out: TemplateField[] = [];
  for (const f of tpl.Fields ?? []) {
    const name = fieldName(f);
    if (!name || !f.Type || !known.has(f.Type)) continue;
    const dflt = defaults.get(name);
    out.push({
      name,
      type: f.Type as SupportedFieldType,
      ...(f.Description ? { description: f.Description } : {}),
      ...(f.SingleSelectOptions ? { options: f.SingleSelectOptions } : {}),
      ...(dflt !== undefined ? { defaultValue: dflt } : {}),
      required: required.has(name),
      readOnly: readOnly.has(name),
      invisible: invisible.has(name),
    });
  }
  return out;
}

/** The form's values by field name, as typed (a DATE_TIME or SCHEDULED_TIME is a `datetime-local` value). */
export type FieldValues = Readonly<Record<string, string>>;

/** The form at first: each field's default (a DATE_TIME default shown in local time). */
export function initialValues(fields: readonly TemplateField[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const d = f.defaultValue ?? '';
    if (f.type === 'SCHEDULED_TIME') out[f.name] = d && /^\d+$/.test(d) ? toLocalInput(Number(d) * 1000) : d;
    else if (f.type === 'DATE_TIME') out[f.name] = d ? dateTimeInputValue(d) : '';
    else out[f.name] = d;
  }
  return out;
}

/** What is wrong with a field's value, as a key of `t.task.errors`. */
export type FieldProblem = 'required' | 'email' | 'url' | 'number' | 'date' | 'option' | 'past' | 'tooFar';

/** The check of a reference's value by its type, and the problem when it fails (a DATE as a `datetime-local` value). */
const REFERENCE_CHECKS: Partial<Record<TaskReferenceType, readonly [(v: string) => boolean, FieldProblem]>> = {
  URL: [isHttpUrl, 'url'],
  EMAIL: [isEmailAddress, 'email'],
  NUMBER: [isNumeric, 'number'],
  DATE: [(v) => Number.isFinite(fromLocalInput(v)), 'date'],
};

/** Why a reference's value (trimmed, not empty) will be refused, checked by the server's rules. */
export function referenceProblem(type: TaskReferenceType, value: string): FieldProblem | undefined {
  const check = REFERENCE_CHECKS[type];
  return check && !check[0](value) ? check[1] : undefined;
}

/** Why a value will be refused, checked as the server would (so the agent learns it before sending). */
export function valueProblem(type: SupportedFieldType, value: string, nowMs: number): FieldProblem | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (type === 'SCHEDULED_TIME') return scheduleProblem(v, nowMs);
  const ref = FIELD_REFERENCE_TYPE[type];
  return ref ? referenceProblem(ref, v) : undefined;
}

/** A `datetime-local` value for scheduling: a time, in the future, at most 6 days ahead. */
export function scheduleProblem(value: string, nowMs: number): FieldProblem | undefined {
  const at = fromLocalInput(value);
  if (!Number.isFinite(at)) return 'date';
  if (at <= nowMs) return 'past';
  if (at - nowMs > TASK_LIMITS.scheduleAheadMs) return 'tooFar';
  return undefined;
}

/** Every field that will not do, by name: required ones empty, values of the wrong kind, choices not offered. */
export function validateTemplateForm(
  fields: readonly TemplateField[],
  values: FieldValues,
  nowMs: number,
): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {};
  for (const f of fields) {
    if (f.readOnly || f.invisible) continue;
    const v = (values[f.name] ?? '').trim();
    if (v === '') {
      if (f.required) out[f.name] = 'required';
      continue;
    }
    if (f.type === 'SINGLE_SELECT' && f.options && !f.options.includes(v)) {
      out[f.name] = 'option';
      continue;
    }
    const p = valueProblem(f.type, v, nowMs);
    if (p) out[f.name] = p;
  }
  return out;
}

export interface CreateTemplatedTaskParams {
  TaskTemplateId: string;
  QuickConnectId?: string;
  Name?: string;
  Description?: string;
  References?: Record<string, { Type: TaskReferenceType; Value: string }>;
  ScheduledTime?: number;
  PreviousContactId?: string;
  RelatedContactId?: string;
  Attributes?: Record<string, string>;
}

/**
 * The `createTemplatedTask` request of a filled form. Read-only and invisible fields are not
 * sent (the server fills them with their defaults); empty ones are left out. `extra` is what
 * the dialog asks beside the template's fields: a destination and a time when the template
 * has no field for them.
 */
export function templatedTaskRequest(
  templateId: string,
  fields: readonly TemplateField[],
  values: FieldValues,
  extra: { quickConnectId?: string | undefined; scheduledTime?: number | undefined } = {},
): CreateTemplatedTaskParams {
  const req: CreateTemplatedTaskParams = { TaskTemplateId: templateId };
  const refs: Record<string, { Type: TaskReferenceType; Value: string }> = {};
  if (extra.quickConnectId) req.QuickConnectId = extra.quickConnectId;
  if (extra.scheduledTime !== undefined) req.ScheduledTime = extra.scheduledTime;
  for (const f of fields) {
    if (f.readOnly || f.invisible) continue;
    const raw = values[f.name] ?? '';
    const v = f.type === 'DESCRIPTION' || f.type === 'TEXT_AREA' ? raw : raw.trim();
    if (v.trim() === '') continue;
    switch (f.type) {
      case 'NAME':
        req.Name = v;
        break;
      case 'DESCRIPTION':
        req.Description = v;
        break;
      case 'QUICK_CONNECT':
        req.QuickConnectId = v;
        break;
      case 'SCHEDULED_TIME':
        req.ScheduledTime = Math.floor(fromLocalInput(v) / 1000);
        break;
      case 'DATE_TIME':
        refs[f.name] = { Type: 'DATE', Value: new Date(fromLocalInput(v)).toISOString() };
        break;
      default:
        refs[f.name] = { Type: FIELD_REFERENCE_TYPE[f.type] ?? 'STRING', Value: v };
    }
  }
  if (Object.keys(refs).length > 0) req.References = refs;
  return req;
}

/** The member of the request a field's value travels in (`Name`, `References.Case`…). */
export function fieldMember(f: Pick<TemplateField, 'name' | 'type'>): string {
  switch (f.type) {
    case 'NAME':
      return 'Name';
    case 'DESCRIPTION':
      return 'Description';
    case 'QUICK_CONNECT':
      return 'QuickConnectId';
    case 'SCHEDULED_TIME':
      return 'ScheduledTime';
    default:
      return `References.${f.name}`;
  }
}

/** A server error split onto the fields it names; what names no field stays in `rest`. */
export interface ServerFieldErrors {
  readonly byField: Record<string, string>;
  readonly rest: string[];
}

/**
 * Splits an `InvalidParameterException` message ("…: References.Customer email: is required
 * by the template (field "Customer email"); Name: …", or `Fields: "Customer email" is
 * required; "Team" is read-only`) into one message per field. A part names a field by its
 * member (`References.<name>`, `Name`, …) or by the field's name in quotes; the longest name
 * wins, so "Customer email" is not taken for "Customer".
 */
export function serverFieldErrors(fields: readonly TemplateField[], message: string): ServerFieldErrors {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  const byLength = [...fields].sort((a, b) => b.name.length - a.name.length);
  // The message may open with what it is about ("Task template X: " or "Fields: ").
  const parts = message
    .split(/;\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const part of parts) {
    let hit: { field: TemplateField; text: string } | undefined;
    for (const f of byLength) {
      const member = fieldMember(f);
      const at = indexOfMember(part, member);
      if (at >= 0) {
        hit = { field: f, text: part.slice(at + member.length).replace(/^(\.\w+)?\s*:?\s*/, '') };
        break;
      }
      const quoted = part.indexOf(`"${f.name}"`);
      if (quoted >= 0) {
        hit = { field: f, text: part.slice(quoted + f.name.length + 2).replace(/^\s*:?\s*/, '') };
        break;
      }
    }
    if (hit) {
      const text = hit.text.replace(/\s*\(field "[^"]*"\)/, '').trim();
      byField[hit.field.name] = byField[hit.field.name] ? `${byField[hit.field.name]}; ${text}` : text;
    } else {
      rest.push(part);
    }
  }
  return { byField, rest };
}

/** Where `member` stands in `text` as a whole member name (followed by `:`, `.` or a space), or -1. */
function indexOfMember(text: string, member: string): number {
  let from = 0;
  for (;;) {
    const i = text.indexOf(member, from);
    if (i < 0) return -1;
    const before = i === 0 ? ' ' : text[i - 1]!;
    const after = text[i + member.length] ?? '';
    if (/[\s:;(]/.test(before) && /^[:. ]?$/.test(after)) return i;
    from = i + 1;
  }
}

// ---------------------------------------------------------------------------------------
// datetime-local values (the agent's local time, minutes)

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms as a `datetime-local` value in the page's time zone ("2026-05-01T09:30"). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local time) as epoch ms; NaN when it is not one. */
export function fromLocalInput(v: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, Number.isFinite(s) ? s : 0);
  return date.getMonth() === mo - 1 && date.getDate() === d ? date.getTime() : Number.NaN;
}

/** A DATE default (ISO or epoch) as a `datetime-local` value, or as given when it is not a date. */
function dateTimeInputValue(v: string): string {
  const n = /^\d{1,13}$/.test(v) ? (v.length > 10 ? Number(v) : Number(v) * 1000) : Date.parse(v);
  return Number.isFinite(n) ? toLocalInput(n) : v;
}
