/**
 * The create-task form without a template: name, description, references (any number, each
 * with a type), a destination (an agent or queue quick connect) and now or a time within 6
 * days; its check, and the `createTaskContact` request it becomes. Pure.
 */
import type { TaskReferenceType } from '@switchboard/core/task';
import { type FieldProblem, fromLocalInput, referenceProblem, scheduleProblem } from './task-template.js';

export interface ReferenceRow {
  /** Stable key of the row (for React and error ids). */
  readonly key: string;
  readonly name: string;
  readonly type: TaskReferenceType;
  readonly value: string;
}

export interface FreeTaskForm {
  readonly name: string;
  readonly description: string;
  readonly references: readonly ReferenceRow[];
  /** A quick connect's endpointARN from getEndpoints. */
  readonly endpointARN: string;
  readonly when: 'now' | 'later';
  /** `datetime-local` (the agent's local time), when `when` is 'later'. */
  readonly scheduledAt: string;
}

export type FreeProblem = FieldProblem | 'duplicate' | 'referenceName';

/** Problems by form key: `name`, `endpoint`, `scheduledAt`, `<row key>.name`, `<row key>.value`. */
export function validateFreeTask(form: FreeTaskForm, nowMs: number): Record<string, FreeProblem> {
  const out: Record<string, FreeProblem> = {};
  if (form.name.trim() === '') out.name = 'required';
  if (!form.endpointARN) out.endpoint = 'required';
  if (form.when === 'later') {
    const p = form.scheduledAt ? scheduleProblem(form.scheduledAt, nowMs) : 'required';
    if (p) out.scheduledAt = p;
  }
  const seen = new Set<string>();
  for (const r of form.references) {
    const name = r.name.trim();
    const value = r.value.trim();
    if (name === '' && value === '') continue;
    if (name === '') out[`${r.key}.name`] = 'referenceName';
    else if (seen.has(name)) out[`${r.key}.name`] = 'duplicate';
    seen.add(name);
    if (value === '') {
      out[`${r.key}.value`] = 'required';
      continue;
    }
    const p = referenceProblem(r.type, value);
    if (p) out[`${r.key}.value`] = p;
  }
  return out;
}

export interface CreateTaskContactParams {
  endpoint: { endpointARN: string; type?: string; name?: string };
  name: string;
  description?: string;
  references?: Record<string, { type: TaskReferenceType; value: string }>;
  /** Epoch seconds. */
  scheduledTime?: number;
  previousContactId?: string;
  relatedContactId?: string;
  idempotencyToken?: string;
}

/** The request of a checked form (rows left blank are dropped; a DATE goes as ISO-8601). */
export function freeTaskRequest(
  form: FreeTaskForm,
  endpoint: { endpointARN: string; type?: string; name?: string },
  idempotencyToken?: string,
): CreateTaskContactParams {
  const req: CreateTaskContactParams = { endpoint, name: form.name.trim() };
  if (form.description.trim() !== '') req.description = form.description;
  const refs: Record<string, { type: TaskReferenceType; value: string }> = {};
  for (const r of form.references) {
    const name = r.name.trim();
    const value = r.value.trim();
    if (name === '' || value === '') continue;
    refs[name] = { type: r.type, value: r.type === 'DATE' ? new Date(fromLocalInput(value)).toISOString() : value };
  }
  if (Object.keys(refs).length > 0) req.references = refs;
  if (form.when === 'later') req.scheduledTime = Math.floor(fromLocalInput(form.scheduledAt) / 1000);
  if (idempotencyToken) req.idempotencyToken = idempotencyToken;
  return req;
}

/** A quick connect's id, from its endpointARN (`…/transfer-destination/<id>`). */
export const quickConnectId = (endpointARN: string): string => endpointARN.slice(endpointARN.lastIndexOf('/') + 1);
