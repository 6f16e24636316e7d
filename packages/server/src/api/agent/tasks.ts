/**
 * The agent API's task commands, what Streams' task members and TaskJS send through the
 * CCP (wire-participant-and-connect.md §5): `createTaskContact` (Streams' CTI shape,
 * camelCase, to a quick connect endpoint), `createTemplatedTask`, `listTaskTemplates`,
 * `getTaskTemplate` and `updateContact` (the task-templates proxy's PascalCase shapes).
 *
 * Each runs the Connect API operation of the same job (StartTaskContact, ListTaskTemplates,
 * GetTaskTemplate, UpdateContact) for the agent's own instance, so a task an agent creates
 * is checked exactly like one from `@aws-sdk/client-connect` and its errors name the same
 * members. The instance is always the agent's: an `instanceId` in the parameters is ignored.
 */
import { idFromIdOrArn, InvalidParameterException, ResourceNotFoundException } from '@switchboard/core';
import { z } from 'zod';
import type { Operation } from '../../http/operation.js';
import { hasNul, validInput } from '../../http/rest-json.js';
import type { AdminContext } from '../admin/context.js';
import { taskTemplateOperations } from '../admin/task-templates.js';
import { taskOperations } from '../contact/task-operations.js';
import { type CommandContext, type Handler, ownContact, parse } from './command-context.js';

function operation(ops: readonly Operation<AdminContext>[], name: string): Operation<AdminContext> {
  const found = ops.find((o) => o.name === name);
  if (!found) throw new Error(`no operation ${name}`);
  return found;
}
const START_TASK = operation(taskOperations, 'StartTaskContact');
const UPDATE_CONTACT = operation(taskOperations, 'UpdateContact');
const LIST_TEMPLATES = operation(taskTemplateOperations, 'ListTaskTemplates');
const GET_TEMPLATE = operation(taskTemplateOperations, 'GetTaskTemplate');

/** Runs a Connect API operation for the agent's instance, its input checked as the API checks it. */
function run(op: Operation<AdminContext>, input: Record<string, unknown>, ctx: CommandContext): Promise<unknown> {
  if (hasNul(input)) throw new InvalidParameterException('Values must not contain the NUL character (U+0000)');
  const admin = ctx.admin();
  return op.handler(validInput(op, { ...input, InstanceId: ctx.session.instanceId }), admin);
}

const str = z.string().max(4096);
const PARAMS = {
  createTaskContact: z.looseObject({
    endpoint: z.looseObject({ endpointARN: z.string().max(500).optional(), endpointId: z.string().max(500).optional() }),
    name: z.unknown(),
    description: z.unknown().optional(),
    references: z.record(z.string(), z.looseObject({ type: z.unknown().optional(), value: z.unknown().optional() })).optional(),
    idempotencyToken: z.string().max(500).optional(),
    scheduledTime: z.unknown().optional(),
    previousContactId: str.optional(),
    relatedContactId: str.optional(),
    attributes: z.unknown().optional(),
  }),
  listTaskTemplates: z.looseObject({
    queryParams: z
      .looseObject({
        status: z.unknown().optional(),
        maxResults: z.unknown().optional(),
        nextToken: z.unknown().optional(),
        name: z.unknown().optional(),
      })
      .optional(),
  }),
  getTaskTemplate: z.looseObject({
    templateParams: z.looseObject({ id: z.string().min(1).max(500), version: z.unknown().optional() }),
  }),
  updateContact: z.looseObject({ ContactId: z.string().min(1).max(256) }),
};

/** Drops undefined members (the operations' schemas treat absent and undefined alike; digests do not). */
const defined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A task to a quick connect endpoint (an agent's or a queue's), as Streams' `agent.createTask` sends it. */
const createTaskContact: Handler = async (params, ctx) => {
  const p = parse(PARAMS.createTaskContact, params);
  const arn = p.endpoint.endpointARN ?? p.endpoint.endpointId;
  if (!arn) throw new InvalidParameterException('endpoint.endpointARN: the agent or queue to send the task to is required');
  const references =
    p.references &&
    Object.fromEntries(Object.entries(p.references).map(([name, r]) => [name, defined({ Type: r.type, Value: r.value })]));
  const answer = (await run(
    START_TASK,
    defined({
      Name: p.name,
      Description: p.description,
      References: references,
      ClientToken: p.idempotencyToken,
      ScheduledTime: p.scheduledTime,
      PreviousContactId: p.previousContactId,
      RelatedContactId: p.relatedContactId,
      Attributes: p.attributes,
      QuickConnectId: idFromIdOrArn(arn),
    }),
    ctx,
  )) as { ContactId: string };
  return { contactId: answer.ContactId };
};

/** TaskJS sends `agent.createTask` with a template PascalCased: StartTaskContact's own members. */
const createTemplatedTask: Handler = async (params, ctx) => {
  const p = (params ?? {}) as Record<string, unknown>;
  if (typeof p !== 'object' || Array.isArray(p)) throw new InvalidParameterException('params: must be an object');
  if (p.TaskTemplateId === undefined) throw new InvalidParameterException('TaskTemplateId: is required');
  const { InstanceId: _i, IdempotencyToken, ...rest } = p;
  const answer = (await run(START_TASK, defined({ ...rest, ClientToken: rest.ClientToken ?? IdempotencyToken }), ctx)) as {
    ContactId: string;
  };
  return { ContactId: answer.ContactId, contactId: answer.ContactId };
};

const listTaskTemplates: Handler = async (params, ctx) => {
  const q = parse(PARAMS.listTaskTemplates, params).queryParams ?? {};
  // TaskJS documents `status: 'active' | 'inactive'`; the Connect operation takes ACTIVE / INACTIVE.
  const status = typeof q.status === 'string' ? q.status.toUpperCase() : q.status;
  return run(LIST_TEMPLATES, defined({ Status: status, MaxResults: q.maxResults, NextToken: q.nextToken, Name: q.name }), ctx);
};

const getTaskTemplate: Handler = async (params, ctx) => {
  const { templateParams } = parse(PARAMS.getTaskTemplate, params);
  const { Tags: _t, ...template } = (await run(GET_TEMPLATE, { TaskTemplateId: templateParams.id }, ctx)) as Record<
    string,
    unknown
  >;
  return template;
};

/** Name, description or references of one of the agent's own tasks. */
const updateContact: Handler = async (params, ctx) => {
  const p = parse(PARAMS.updateContact, params);
  ownContact(ctx, p.ContactId);
  if (!ctx.ir.docs.has(p.ContactId)) throw new ResourceNotFoundException(`Contact not found: ${p.ContactId}`);
  const { InstanceId: _i, ...rest } = params as Record<string, unknown>;
  await run(UPDATE_CONTACT, rest, ctx);
  return {};
};

export const taskCommands: Readonly<Record<string, Handler>> = {
  createTaskContact,
  createTemplatedTask,
  listTaskTemplates,
  getTaskTemplate,
  updateContact,
};
