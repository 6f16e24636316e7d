/**
 * Task references (StartTaskContact / UpdateContact `References`): a map of name →
 * `{Type, Value}` shown to the agent. The types Switchboard takes now, and the check of
 * each value by its type — pure, shared by the Connect API and (later) the agent API.
 */

/** Every reference type Connect models (client-connect `ReferenceType`). */
export const ReferenceType = {
  URL: 'URL',
  STRING: 'STRING',
  NUMBER: 'NUMBER',
  DATE: 'DATE',
  EMAIL: 'EMAIL',
  ATTACHMENT: 'ATTACHMENT',
  CONTACT_ANALYSIS: 'CONTACT_ANALYSIS',
  EMAIL_MESSAGE: 'EMAIL_MESSAGE',
  EMAIL_MESSAGE_PLAIN_TEXT: 'EMAIL_MESSAGE_PLAIN_TEXT',
  EMAIL_MESSAGE_REDACTED: 'EMAIL_MESSAGE_REDACTED',
  EMAIL_MESSAGE_PLAIN_TEXT_REDACTED: 'EMAIL_MESSAGE_PLAIN_TEXT_REDACTED',
} as const;
export type ReferenceType = (typeof ReferenceType)[keyof typeof ReferenceType];

/** The reference types a task may carry today (the others need attachments or email). */
export const TASK_REFERENCE_TYPES = ['URL', 'STRING', 'NUMBER', 'DATE', 'EMAIL'] as const;
export type TaskReferenceType = (typeof TASK_REFERENCE_TYPES)[number];

export const TASK_LIMITS = {
  /** StartTaskContact Name (Connect: 1..512). */
  name: 512,
  /** StartTaskContact Description (Connect: 0..4096). */
  description: 4096,
  /** References per task (Switchboard's limit). */
  references: 50,
  referenceName: 4096,
  referenceValue: 4096,
  /** ScheduledTime: at most this far ahead (6 days, like Connect). */
  scheduleAheadMs: 6 * 24 * 3600_000,
} as const;

export interface TaskReference {
  readonly type: TaskReferenceType;
  readonly value: string;
}

/** One problem with a task's input, naming the member at fault (`References.ticket`). */
export interface TaskIssue {
  readonly field: string;
  readonly message: string;
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]+$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^\d{1,13}$/;

// Pure: a bundle that takes only the value checks below (the CCP does) leaves these out.
const SUPPORTED: ReadonlySet<string> = /* @__PURE__ */ new Set(TASK_REFERENCE_TYPES);
const KNOWN: ReadonlySet<string> = /* @__PURE__ */ new Set(/* @__PURE__ */ Object.values(ReferenceType));

export const isHttpUrl = (v: string): boolean => {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
};
export const isEmailAddress = (v: string): boolean => v.length <= 254 && EMAIL.test(v);
export const isNumeric = (v: string): boolean => NUMBER.test(v) && Number.isFinite(Number(v));
/** ISO-8601 (a date, or a date and time) that parses to a real date, or epoch (seconds or ms). */
export const isTaskDate = (v: string): boolean => {
  if (EPOCH.test(v)) return true;
  if (!ISO_DATE.test(v)) return false;
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return (
    day.getUTCFullYear() === y &&
    day.getUTCMonth() === m - 1 &&
    day.getUTCDate() === d &&
    !Number.isNaN(Date.parse(v.replace(' ', 'T')))
  );
};

/** Why `value` is not a valid reference of `type`, or undefined when it is. */
export function referenceValueProblem(type: TaskReferenceType, value: string): string | undefined {
  switch (type) {
    case 'URL':
      return isHttpUrl(value) ? undefined : 'must be an http or https URL';
    case 'NUMBER':
      return isNumeric(value) ? undefined : 'must be a number';
    case 'DATE':
      return isTaskDate(value) ? undefined : 'must be an ISO-8601 date (e.g. 2026-12-31 or 2026-12-31T09:00:00Z) or epoch time';
    case 'EMAIL':
      return isEmailAddress(value) ? undefined : 'must be an email address';
    case 'STRING':
      return undefined;
  }
}

/**
 * Checks a `References` member as received (after the protocol layer's shape check: an
 * object of objects) and answers the typed references, or every problem found.
 */
export function checkTaskReferences(raw: Readonly<Record<string, { readonly Type?: unknown; readonly Value?: unknown }>>): {
  references: Record<string, TaskReference>;
  issues: TaskIssue[];
} {
  const references: Record<string, TaskReference> = {};
  const issues: TaskIssue[] = [];
  const names = Object.keys(raw);
  if (names.length > TASK_LIMITS.references)
    issues.push({ field: 'References', message: `at most ${TASK_LIMITS.references} references (got ${names.length})` });
  for (const name of names) {
    const field = `References.${name}`;
    const ref = raw[name] as { readonly Type?: unknown; readonly Value?: unknown };
    if (name.length === 0 || name.length > TASK_LIMITS.referenceName) {
      issues.push({ field: 'References', message: `reference names must be 1..${TASK_LIMITS.referenceName} characters` });
      continue;
    }
    const { Type: type, Value: value } = ref;
    if (typeof type !== 'string') {
      issues.push({ field: `${field}.Type`, message: `is required (one of ${TASK_REFERENCE_TYPES.join(', ')})` });
      continue;
    }
    if (!SUPPORTED.has(type)) {
      issues.push({
        field: `${field}.Type`,
        message: KNOWN.has(type)
          ? `${type} references are not supported yet (use ${TASK_REFERENCE_TYPES.join(', ')})`
          : `must be one of ${TASK_REFERENCE_TYPES.join(', ')} (got ${JSON.stringify(type.slice(0, 40))})`,
      });
      continue;
    }
    if (typeof value !== 'string') {
      issues.push({ field: `${field}.Value`, message: 'is required (a string)' });
      continue;
    }
    if (value.length > TASK_LIMITS.referenceValue) {
      issues.push({ field: `${field}.Value`, message: `must be at most ${TASK_LIMITS.referenceValue} characters` });
      continue;
    }
    const problem = referenceValueProblem(type as TaskReferenceType, value);
    if (problem) issues.push({ field: `${field}.Value`, message: `${problem} for a ${type} reference` });
    else references[name] = { type: type as TaskReferenceType, value };
  }
  return { references, issues };
}

/**
 * Why a ScheduledTime (epoch seconds) cannot be used at `nowMs`, or undefined: it must be
 * in the future and at most 6 days ahead.
 */
export function scheduledTimeProblem(seconds: number, nowMs: number): string | undefined {
  if (!Number.isFinite(seconds)) return 'ScheduledTime must be a time (epoch seconds)';
  const at = seconds * 1000;
  if (at <= nowMs) return 'ScheduledTime must be in the future';
  if (at - nowMs > TASK_LIMITS.scheduleAheadMs) return 'ScheduledTime must be at most 6 days ahead';
  return undefined;
}

/** One message naming every failing field: `References.due.Value: must be …; Name: …`. */
export const formatTaskIssues = (issues: readonly TaskIssue[]): string =>
  issues.map((i) => `${i.field}: ${i.message}`).join('; ');
