/**
 * Task templates: the fields a task made from the template has (Connect's
 * CreateTaskTemplate shapes, camel-cased), the rules a template's definition must follow,
 * and the check of a StartTaskContact request against a template — defaults applied,
 * every failing field named. Pure: the instance file, the admin API and StartTaskContact
 * share it.
 */
import {
  isEmailAddress,
  isHttpUrl,
  isNumeric,
  isTaskDate,
  referenceValueProblem,
  type TaskIssue,
  type TaskReference,
  type TaskReferenceType,
} from './references.js';

/** Every field type Connect models (client-connect `TaskTemplateFieldType`). */
export const TaskTemplateFieldType = {
  NAME: 'NAME',
  DESCRIPTION: 'DESCRIPTION',
  SCHEDULED_TIME: 'SCHEDULED_TIME',
  QUICK_CONNECT: 'QUICK_CONNECT',
  URL: 'URL',
  TEXT: 'TEXT',
  TEXT_AREA: 'TEXT_AREA',
  NUMBER: 'NUMBER',
  EMAIL: 'EMAIL',
  DATE_TIME: 'DATE_TIME',
  SINGLE_SELECT: 'SINGLE_SELECT',
  BOOLEAN: 'BOOLEAN',
  SELF_ASSIGN: 'SELF_ASSIGN',
  EXPIRY_DURATION: 'EXPIRY_DURATION',
} as const;
export type TaskTemplateFieldType = (typeof TaskTemplateFieldType)[keyof typeof TaskTemplateFieldType];

/** The field types Switchboard runs today (SELF_ASSIGN and EXPIRY_DURATION come with the agent side and expiry). */
export const SUPPORTED_FIELD_TYPES = [
  'NAME',
  'DESCRIPTION',
  'SCHEDULED_TIME',
  'QUICK_CONNECT',
  'URL',
  'TEXT',
  'TEXT_AREA',
  'NUMBER',
  'EMAIL',
  'DATE_TIME',
  'SINGLE_SELECT',
  'BOOLEAN',
] as const satisfies readonly TaskTemplateFieldType[];
export type SupportedFieldType = (typeof SUPPORTED_FIELD_TYPES)[number];

export const TaskTemplateStatus = { ACTIVE: 'ACTIVE', INACTIVE: 'INACTIVE' } as const;
export type TaskTemplateStatus = (typeof TaskTemplateStatus)[keyof typeof TaskTemplateStatus];

export const TEMPLATE_LIMITS = {
  fields: 50,
  fieldName: 100,
  fieldDescription: 255,
  singleSelectOptions: 50,
  optionLength: 100,
  defaultValue: 4096,
} as const;

export interface FieldId {
  readonly id: { readonly name: string };
}
export interface TaskTemplateField extends FieldId {
  readonly type: SupportedFieldType;
  readonly description?: string | undefined;
  readonly singleSelectOptions?: readonly string[] | undefined;
}
/** What a template says about a task's fields (the instance file's and the API's shape). */
export interface TaskTemplateDefinition {
  readonly fields: readonly TaskTemplateField[];
  readonly constraints: {
    readonly requiredFields: readonly FieldId[];
    readonly readOnlyFields: readonly FieldId[];
    readonly invisibleFields: readonly FieldId[];
  };
  readonly defaults: { readonly defaultFieldValues: readonly (FieldId & { readonly defaultValue: string })[] };
}

/** A problem in a template's definition, at a path of the definition (`['fields', 2, 'type']`). */
export interface TemplateIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The reference type a field's value travels as in StartTaskContact's References. */
export const FIELD_REFERENCE_TYPE: Partial<Record<SupportedFieldType, TaskReferenceType>> = {
  URL: 'URL',
  TEXT: 'STRING',
  TEXT_AREA: 'STRING',
  SINGLE_SELECT: 'STRING',
  BOOLEAN: 'STRING',
  NUMBER: 'NUMBER',
  EMAIL: 'EMAIL',
  DATE_TIME: 'DATE',
};

/** Why `value` cannot be a value (or default) of `field`, or undefined. */
export function fieldValueProblem(field: TaskTemplateField, value: string): string | undefined {
  switch (field.type) {
    case 'SINGLE_SELECT':
      return field.singleSelectOptions?.includes(value)
        ? undefined
        : `must be one of ${(field.singleSelectOptions ?? []).map((o) => JSON.stringify(o)).join(', ')}`;
    case 'BOOLEAN':
      return value === 'true' || value === 'false' ? undefined : 'must be "true" or "false"';
    case 'URL':
      return isHttpUrl(value) ? undefined : 'must be an http or https URL';
    case 'NUMBER':
      return isNumeric(value) ? undefined : 'must be a number';
    case 'EMAIL':
      return isEmailAddress(value) ? undefined : 'must be an email address';
    case 'DATE_TIME':
      return isTaskDate(value) ? undefined : 'must be an ISO-8601 date or epoch time';
    case 'SCHEDULED_TIME':
      return /^\d{1,11}$/.test(value) ? undefined : 'must be epoch seconds';
    default: {
      const t = FIELD_REFERENCE_TYPE[field.type];
      return t ? referenceValueProblem(t, value) : undefined;
    }
  }
}

/** The rules of a template's definition: unique fields, constraints and defaults naming fields, valid defaults. */
export function templateDefinitionIssues(def: TaskTemplateDefinition): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const byName = new Map<string, TaskTemplateField>();
  const types = new Map<string, number>();
  if (def.fields.length > TEMPLATE_LIMITS.fields)
    issues.push({ path: ['fields'], message: `at most ${TEMPLATE_LIMITS.fields} fields` });
  def.fields.forEach((f, i) => {
    if (byName.has(f.id.name))
      issues.push({ path: ['fields', i, 'id', 'name'], message: `duplicate field ${JSON.stringify(f.id.name)}` });
    byName.set(f.id.name, f);
    if (f.type === 'SINGLE_SELECT') {
      const options = f.singleSelectOptions ?? [];
      if (options.length === 0)
        issues.push({ path: ['fields', i, 'singleSelectOptions'], message: 'a SINGLE_SELECT field needs options' });
      if (new Set(options).size !== options.length)
        issues.push({ path: ['fields', i, 'singleSelectOptions'], message: 'options must be distinct' });
    } else if (f.singleSelectOptions !== undefined && f.singleSelectOptions.length > 0) {
      issues.push({ path: ['fields', i, 'singleSelectOptions'], message: 'only a SINGLE_SELECT field has options' });
    }
    if (f.type === 'NAME' || f.type === 'DESCRIPTION' || f.type === 'QUICK_CONNECT' || f.type === 'SCHEDULED_TIME') {
      const n = (types.get(f.type) ?? 0) + 1;
      types.set(f.type, n);
      if (n > 1) issues.push({ path: ['fields', i, 'type'], message: `a template has at most one ${f.type} field` });
    }
  });
  const known = (list: readonly FieldId[], key: 'requiredFields' | 'readOnlyFields' | 'invisibleFields') =>
    list.forEach((r, i) => {
      if (!byName.has(r.id.name))
        issues.push({ path: ['constraints', key, i, 'id', 'name'], message: `no field named ${JSON.stringify(r.id.name)}` });
    });
  known(def.constraints.requiredFields, 'requiredFields');
  known(def.constraints.readOnlyFields, 'readOnlyFields');
  known(def.constraints.invisibleFields, 'invisibleFields');
  const seen = new Set<string>();
  def.defaults.defaultFieldValues.forEach((d, i): void => {
    const path = ['defaults', 'defaultFieldValues', i];
    const field = byName.get(d.id.name);
    if (!field) {
      issues.push({ path: [...path, 'id', 'name'], message: `no field named ${JSON.stringify(d.id.name)}` });
      return;
    }
    if (seen.has(d.id.name))
      issues.push({ path: [...path, 'id', 'name'], message: `a second default for ${JSON.stringify(d.id.name)}` });
    seen.add(d.id.name);
    const problem =
      field.type === 'NAME' || field.type === 'DESCRIPTION' || field.type === 'QUICK_CONNECT'
        ? undefined
        : fieldValueProblem(field, d.defaultValue);
    if (problem)
      issues.push({
        path: [...path, 'defaultValue'],
        message: `${problem} (the default of ${field.type} field ${JSON.stringify(d.id.name)})`,
      });
  });
  return issues;
}

/** The members of a StartTaskContact request a template governs. */
export interface TemplatedTaskRequest {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly references: Readonly<Record<string, TaskReference>>;
  readonly quickConnectId?: string | undefined;
  readonly scheduledTime?: number | undefined;
}
export interface TemplatedTask {
  readonly name?: string;
  readonly description?: string;
  readonly references: Record<string, TaskReference>;
  readonly quickConnectId?: string;
  readonly scheduledTime?: number;
}

/**
 * A request checked against a template: defaults applied where the caller gave nothing;
 * required fields present; read-only fields not set (or set to their default); values of
 * the field's reference type and valid for the field (single-select among the options).
 * Answers the task, or every failing field (`References.priority: …`, `Name: …`).
 */
export function applyTemplate(
  def: TaskTemplateDefinition,
  req: TemplatedTaskRequest,
): { ok: true; task: TemplatedTask } | { ok: false; issues: TaskIssue[] } {
  const issues: TaskIssue[] = [];
  const required = new Set(def.constraints.requiredFields.map((r) => r.id.name));
  const readOnly = new Set(def.constraints.readOnlyFields.map((r) => r.id.name));
  const defaults = new Map(def.defaults.defaultFieldValues.map((d) => [d.id.name, d.defaultValue]));
  let name = req.name;
  let description = req.description;
  let quickConnectId = req.quickConnectId;
  let scheduledTime = req.scheduledTime;
  const references: Record<string, TaskReference> = { ...req.references };

  for (const field of def.fields) {
    const fname = field.id.name;
    const dflt = defaults.get(fname);
    /** The member the field's value is in, what the caller gave, and how to fill it in. */
    let member: string;
    let given: string | undefined;
    let fill: (v: string) => void;
    switch (field.type) {
      case 'NAME':
        member = 'Name';
        given = name;
        fill = (v) => {
          name = v;
        };
        break;
      case 'DESCRIPTION':
        member = 'Description';
        given = description;
        fill = (v) => {
          description = v;
        };
        break;
      case 'QUICK_CONNECT':
        member = 'QuickConnectId';
        given = quickConnectId;
        fill = (v) => {
          quickConnectId = v;
        };
        break;
      case 'SCHEDULED_TIME':
        member = 'ScheduledTime';
        given = scheduledTime === undefined ? undefined : String(scheduledTime);
        fill = (v) => {
          scheduledTime = Number(v);
        };
        break;
      default: {
        member = `References.${fname}`;
        const ref = req.references[fname];
        const want = FIELD_REFERENCE_TYPE[field.type] as TaskReferenceType;
        if (ref && ref.type !== want) {
          issues.push({ field: `${member}.Type`, message: `must be ${want} for the template's ${field.type} field` });
          continue;
        }
        given = ref?.value;
        fill = (v) => {
          references[fname] = { type: want, value: v };
        };
      }
    }
    if (given !== undefined && readOnly.has(fname) && given !== dflt) {
      issues.push({
        field: member,
        message: `is read-only in the template${dflt !== undefined ? ` (its value is ${JSON.stringify(dflt)})` : ''}`,
      });
      continue;
    }
    if (given === undefined && dflt !== undefined) {
      fill(dflt);
      given = dflt;
    }
    if (given === undefined || given === '') {
      if (required.has(fname))
        issues.push({ field: member, message: `is required by the template (field ${JSON.stringify(fname)})` });
      continue;
    }
    if (field.type === 'SINGLE_SELECT' || field.type === 'BOOLEAN') {
      const problem = fieldValueProblem(field, given);
      if (problem) issues.push({ field: `${member}.Value`, message: problem });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    task: {
      ...(name !== undefined ? { name } : {}),
      ...(description !== undefined ? { description } : {}),
      references,
      ...(quickConnectId !== undefined ? { quickConnectId } : {}),
      ...(scheduledTime !== undefined ? { scheduledTime } : {}),
    },
  };
}
