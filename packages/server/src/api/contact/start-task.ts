/**
 * Starting a task: StartTaskContact's input and the start itself — references checked,
 * a template applied, the routing source resolved (a quick connect, a flow, or the
 * template's flow), then one routing step that creates the TASK contact and queues it.
 * Nothing is created when any check fails. A task with a ScheduledTime is created now and
 * queued at that time by the engine's timers (docs/tasks.md).
 */
import { createHash } from 'node:crypto';
import {
  agentQueueId,
  applyTemplate,
  checkTaskReferences,
  type ContactRuntime,
  DEFAULT_TASK_EXPIRY_MINUTES,
  formatTaskIssues,
  idFromIdOrArn,
  type Instance,
  InvalidParameterException,
  InvalidRequestException,
  isAgentQueueId,
  ResourceNotFoundException,
  scheduledTimeProblem,
  TASK_LIMITS,
  type TaskReference,
  type TaskTemplate,
} from '@switchboard/core';
import { z } from 'zod';
import type { ContactDoc } from '../../routing/contact-doc.js';
import type { InstanceRouting } from '../../routing/instance.js';
import { timeOrderedId } from '../../util/time-ordered-id.js';
import { type AdminContext, requireResource } from '../admin/context.js';
import { Id, InstanceId } from '../admin/shapes.js';
import { findDoc } from './docs.js';
import { Attributes, ClientToken, ContactId, SegmentAttributes } from './shapes.js';
import { interpretCached } from './start-chat.js';

/** A Reference as the SDK sends it; Type and Value are checked by core (task/references.ts). */
const Reference = z.object({
  Type: z.string().max(64).optional(),
  Value: z.string().max(TASK_LIMITS.referenceValue).optional(),
  Status: z.string().max(64).optional(),
  Arn: z.string().max(500).optional(),
  StatusReason: z.string().max(1024).optional(),
});
export const References = z.record(z.string().max(TASK_LIMITS.referenceName), Reference);
export const TaskName = z.string().min(1).max(TASK_LIMITS.name);
export const TaskDescription = z.string().max(TASK_LIMITS.description);

export const StartTaskInput = z.object({
  InstanceId,
  Name: TaskName,
  PreviousContactId: ContactId.optional(),
  ContactFlowId: Id.optional(),
  Attributes: Attributes.optional(),
  References: References.optional(),
  Description: TaskDescription.optional(),
  ClientToken: ClientToken.optional(),
  ScheduledTime: z.number().optional(),
  TaskTemplateId: Id.optional(),
  QuickConnectId: Id.optional(),
  RelatedContactId: ContactId.optional(),
  SegmentAttributes: SegmentAttributes.optional(),
  Attachments: z
    .array(z.object({ FileName: z.string().max(256).optional(), S3Url: z.string().max(2000).optional() }))
    .max(25)
    .optional(),
});
export type StartTaskRequest = z.output<typeof StartTaskInput>;

export interface TaskAnswer {
  readonly ContactId: string;
}

/** What a ClientToken retry must repeat: the request without its token, canonically. */
export function taskRequestDigest(input: StartTaskRequest): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  const { ClientToken: _t, ...rest } = input;
  return createHash('sha256')
    .update(JSON.stringify(canonical(rest)))
    .digest('base64url');
}

/** Checks References; InvalidParameterException naming every failing one. */
export function taskReferences(raw: StartTaskRequest['References']): Record<string, TaskReference> {
  const { references, issues } = checkTaskReferences(raw ?? {});
  if (issues.length > 0) throw new InvalidParameterException(formatTaskIssues(issues));
  return references;
}

/** A ScheduledTime (epoch seconds) as epoch ms; InvalidRequestException when it cannot be used now. */
export function scheduledMillis(seconds: number, nowMs: number): number {
  const problem = scheduledTimeProblem(seconds, nowMs);
  if (problem !== undefined) throw new InvalidRequestException(problem);
  return Math.round(seconds * 1000);
}

/** Where a task goes: the queue (a standard one, or an agent's) and the flow it started in. */
interface Destination {
  readonly flowId: string;
  readonly queueId: string | undefined;
}

async function destination(
  ctx: AdminContext,
  instance: Instance,
  ir: InstanceRouting,
  input: { contactFlowId?: string | undefined; quickConnectId?: string | undefined },
  template: TaskTemplate | undefined,
): Promise<Destination> {
  if (input.quickConnectId !== undefined) {
    const qc = await requireResource(ctx, instance, 'quickConnect', input.quickConnectId);
    if (qc.userConfig) return { flowId: qc.userConfig.contactFlowId, queueId: agentQueueId(qc.userConfig.userId) };
    if (qc.queueConfig) return { flowId: qc.queueConfig.contactFlowId, queueId: qc.queueConfig.queueId };
    throw new InvalidRequestException(
      `QuickConnectId: quick connect ${qc.id} is a ${qc.type} quick connect; a task needs a USER or QUEUE one`,
    );
  }
  const flowIdOrArn = input.contactFlowId ?? template?.contactFlowId;
  if (flowIdOrArn === undefined)
    throw new InvalidRequestException(
      template
        ? `Task template ${template.id} has no flow: give ContactFlowId or QuickConnectId`
        : 'Give ContactFlowId, QuickConnectId or TaskTemplateId: a task needs a flow to start in',
    );
  const flow =
    ir.config.flows.get(idFromIdOrArn(flowIdOrArn)) ?? (await requireResource(ctx, instance, 'contactFlow', flowIdOrArn));
  const run = interpretCached(flow.content);
  if (!run.ok) throw new InvalidRequestException(`Contact flow ${flow.id} cannot run: ${run.problems.slice(0, 3).join('; ')}`);
  return { flowId: flow.id, queueId: run.flow.transfer ? run.flow.targetQueueId : undefined };
}

/** A linked contact (PreviousContactId, RelatedContactId) must exist in the instance. */
async function linkedContact(ctx: AdminContext, ir: InstanceRouting, member: string, idOrArn: string | undefined) {
  if (idOrArn === undefined) return undefined;
  const id = idFromIdOrArn(idOrArn);
  if (!(await findDoc(ctx, ir, id)))
    throw new ResourceNotFoundException(`${member}: contact not found: ${id}`, { ResourceId: id });
  return id;
}

export async function startTask(
  ctx: AdminContext,
  instance: Instance,
  ir: InstanceRouting,
  input: StartTaskRequest,
): Promise<TaskAnswer> {
  if (input.Attachments && input.Attachments.length > 0)
    throw new InvalidParameterException('Attachments: task attachments are not supported yet');
  let name: string | undefined = input.Name;
  let description = input.Description;
  let references = taskReferences(input.References);
  let quickConnectId = input.QuickConnectId;
  let scheduledTime = input.ScheduledTime;

  let template: TaskTemplate | undefined;
  if (input.TaskTemplateId !== undefined) {
    template = await requireResource(ctx, instance, 'taskTemplate', input.TaskTemplateId);
    if (template.status !== 'ACTIVE')
      throw new InvalidRequestException(`TaskTemplateId: task template ${template.id} is ${template.status}`);
    const applied = applyTemplate(template, { name, description, references, quickConnectId, scheduledTime });
    if (!applied.ok) throw new InvalidParameterException(`Task template ${template.name}: ${formatTaskIssues(applied.issues)}`);
    ({ name, description, quickConnectId, scheduledTime } = applied.task);
    references = applied.task.references;
    if (name !== undefined && name.length > TASK_LIMITS.name)
      throw new InvalidParameterException(`Name: must be at most ${TASK_LIMITS.name} characters`);
  }
  const scheduledAt = scheduledTime !== undefined ? scheduledMillis(scheduledTime, ctx.now()) : undefined;

  const dest = await destination(ctx, instance, ir, { contactFlowId: input.ContactFlowId, quickConnectId }, template);
  const previousContactId = await linkedContact(ctx, ir, 'PreviousContactId', input.PreviousContactId);
  const relatedContactId = await linkedContact(ctx, ir, 'RelatedContactId', input.RelatedContactId);

  return createTask(ctx, instance, ir, {
    flowId: dest.flowId,
    queueId: dest.queueId,
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    references,
    attributes: { ...input.Attributes },
    ...(scheduledAt !== undefined ? { scheduledAt } : {}),
    ...(template ? { template: { id: template.id, name: template.name } } : {}),
    ...(quickConnectId !== undefined ? { quickConnectId: idFromIdOrArn(quickConnectId) } : {}),
    ...(previousContactId !== undefined ? { previousContactId } : {}),
    ...(relatedContactId !== undefined ? { relatedContactId } : {}),
    ...(input.ClientToken !== undefined ? { clientToken: input.ClientToken, requestDigest: taskRequestDigest(input) } : {}),
    ...(input.SegmentAttributes ? { segmentAttributes: input.SegmentAttributes } : {}),
  });
}

/** A task to create, every member checked: what StartTaskContact (and the widget's leave-a-message form) decided. */
export interface NewTask {
  /** The flow it started in. */
  readonly flowId: string;
  /** Where it is queued (a standard queue, or `agent/<id>`); undefined or unknown: it ends at once. */
  readonly queueId: string | undefined;
  readonly name?: string;
  readonly description?: string;
  readonly references: Readonly<Record<string, TaskReference>>;
  readonly attributes: Readonly<Record<string, string>>;
  /** Epoch ms: created now, queued then. */
  readonly scheduledAt?: number;
  readonly template?: { readonly id: string; readonly name: string };
  readonly quickConnectId?: string;
  readonly previousContactId?: string;
  readonly relatedContactId?: string;
  readonly clientToken?: string;
  readonly requestDigest?: string;
  readonly segmentAttributes?: ContactDoc['segmentAttributes'];
}

/**
 * Creates the TASK contact and queues (or schedules) it, in one routing step. Nothing is
 * awaited before the engine applies it, so what a caller checked of routing just before
 * (a queue's state) still holds.
 */
export async function createTask(
  ctx: Pick<AdminContext, 'now' | 'log'>,
  instance: Instance,
  ir: InstanceRouting,
  task: NewTask,
): Promise<TaskAnswer> {
  const now = ctx.now();
  const contactId = timeOrderedId();
  const { previousContactId, relatedContactId, scheduledAt } = task;
  const runtime: ContactRuntime = {
    contactId,
    initialContactId: contactId,
    ...(previousContactId !== undefined ? { previousContactId } : {}),
    ...(relatedContactId !== undefined ? { relatedContactId } : {}),
    channel: 'TASK',
    phase: 'init',
    phaseSince: now,
    createdAt: now,
  };
  const doc: ContactDoc = {
    instanceId: instance.id,
    contactId,
    channel: 'TASK',
    runtime,
    initiationMethod: 'API',
    initiatedAt: now,
    flowId: task.flowId,
    ...(task.name !== undefined ? { name: task.name } : {}),
    ...(task.description !== undefined ? { description: task.description } : {}),
    attributes: { ...task.attributes },
    agents: [],
    task: {
      references: { ...task.references },
      ...(task.template ? { template: task.template } : {}),
      ...(task.quickConnectId !== undefined ? { quickConnectId: task.quickConnectId } : {}),
      ...(task.requestDigest !== undefined ? { requestDigest: task.requestDigest } : {}),
    },
    ...(task.clientToken !== undefined ? { clientToken: task.clientToken } : {}),
    ...(relatedContactId !== undefined ? { relatedContactId } : {}),
    ...(task.segmentAttributes ? { segmentAttributes: task.segmentAttributes } : {}),
  };
  const { queueId } = task;
  const routable =
    queueId !== undefined &&
    (isAgentQueueId(queueId)
      ? ir.engine.agent(queueId.slice('agent/'.length)) !== undefined
      : ir.engine.queue(queueId) !== undefined);
  if (queueId !== undefined && !routable)
    ctx.log.warn({ flowId: task.flowId, queueId }, 'task targets an unknown queue; it ends');
  await ir.step(
    [
      {
        type: 'contact.create',
        contactId,
        channel: 'TASK',
        expiresAt: now + (ir.config.instance.taskExpiryMinutes ?? DEFAULT_TASK_EXPIRY_MINUTES) * 60_000,
        ...(previousContactId !== undefined ? { previousContactId } : {}),
        ...(relatedContactId !== undefined ? { relatedContactId } : {}),
      },
      !routable
        ? { type: 'contact.end', contactId, reason: 'CONTACT_FLOW_DISCONNECT' }
        : scheduledAt !== undefined
          ? { type: 'contact.schedule', contactId, queueId: queueId as string, at: scheduledAt }
          : { type: 'contact.enqueue', contactId, queueId: queueId as string },
    ],
    { docs: [doc] },
  );
  return { ContactId: contactId };
}
