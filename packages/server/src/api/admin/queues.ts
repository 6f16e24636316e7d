/**
 * Standard queues: CreateQueue, DescribeQueue, the UpdateQueue* family, DeleteQueue,
 * ListQueues and the queue ↔ quick connect associations. Agent queues are implicit (one
 * per user, `…/queue/agent/<userId>`) and never stored: ListQueues derives them from the
 * users.
 */
import {
  agentQueueArn,
  agentQueueId,
  EnabledState,
  idFromIdOrArn,
  type Instance,
  interpretFlow,
  type OutboundCallerConfig,
  type Queue,
  type User,
  resourceArn,
  ResourceInUseException,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import {
  type AdminContext,
  coords,
  epochSeconds,
  pageRequest,
  requireInstance,
  requireReferences,
  requireResource,
  updateResource,
  inTransaction,
  nameAndDescription,
} from './context.js';
import { pageOf } from './paging.js';
import { quickConnectSummary } from './quick-connects.js';
import { Description, Id, InstanceId, MaxResults, Name, NextToken, PAGING_QUERY, Tags } from './shapes.js';

const op = defineOperation<AdminContext>();

/** Runs `fn` in one store transaction, with a context bound to it. */
const CallerConfig = z.object({
  OutboundCallerIdName: z.string().min(1).max(255).optional(),
  OutboundCallerIdNumberId: Id.optional(),
  OutboundFlowId: Id.optional(),
});
const MaxContacts = z.number().int().min(0);
const QuickConnectIds = z.array(Id).min(1).max(50);
const QueueLabels = { InstanceId, QueueId: Id };

/** The stored caller config; OutboundFlowId must name an existing flow. */
async function callerConfig(
  c: AdminContext,
  instance: Instance,
  cfg: z.output<typeof CallerConfig>,
): Promise<OutboundCallerConfig> {
  const [flowId] = cfg.OutboundFlowId
    ? await requireReferences(c, instance, 'contactFlow', [cfg.OutboundFlowId], 'OutboundCallerConfig.OutboundFlowId')
    : [];
  return {
    ...(cfg.OutboundCallerIdName !== undefined ? { outboundCallerIdName: cfg.OutboundCallerIdName } : {}),
    ...(cfg.OutboundCallerIdNumberId !== undefined ? { outboundCallerIdNumberId: cfg.OutboundCallerIdNumberId } : {}),
    ...(flowId !== undefined ? { outboundFlowId: flowId } : {}),
  };
}

const toWire = (q: Queue, i: Instance) => ({
  Name: q.name,
  QueueArn: resourceArn(coords(i), 'queue', q.id),
  QueueId: q.id,
  Description: q.description,
  OutboundCallerConfig: q.outboundCallerConfig && {
    OutboundCallerIdName: q.outboundCallerConfig.outboundCallerIdName,
    OutboundCallerIdNumberId: q.outboundCallerConfig.outboundCallerIdNumberId,
    OutboundFlowId: q.outboundCallerConfig.outboundFlowId,
  },
  HoursOfOperationId: q.hoursOfOperationId,
  MaxContacts: q.maxContacts,
  Status: q.status,
  Tags: q.tags,
  LastModifiedTime: epochSeconds(q.lastModifiedTime),
  LastModifiedRegion: i.region,
});

const summary = (q: Queue, i: Instance) => ({
  Id: q.id,
  Arn: resourceArn(coords(i), 'queue', q.id),
  Name: q.name,
  QueueType: 'STANDARD',
  LastModifiedTime: epochSeconds(q.lastModifiedTime),
  LastModifiedRegion: i.region,
});

/** A user's agent queue, named after the user's login as the agent desktop shows it. */
const agentQueueSummary = (u: User, i: Instance) => ({
  Id: agentQueueId(u.id),
  Arn: agentQueueArn(coords(i), u.id),
  Name: u.name,
  QueueType: 'AGENT',
  LastModifiedTime: epochSeconds(u.lastModifiedTime),
  LastModifiedRegion: i.region,
});

/** Read-modify-write of one queue inside a transaction; answers `{}`. */
const updateQueue = (
  ctx: AdminContext,
  input: { InstanceId: string; QueueId: string },
  change: Parameters<typeof updateResource<'queue'>>[4],
) => updateResource(ctx, input.InstanceId, 'queue', input.QueueId, change);

/** What keeps a queue from being deleted: routing profiles, quick connects, flows. */
async function queueUsers(c: AdminContext, instance: Instance, queueId: string): Promise<string[]> {
  const users: string[] = [];
  for (const rp of await c.store.resources.all(instance.id, 'routingProfile'))
    if (rp.defaultOutboundQueueId === queueId || rp.queueConfigs.some((qc) => qc.queueId === queueId))
      users.push(`routing profile '${rp.name}'`);
  for (const qc of await c.store.resources.all(instance.id, 'quickConnect'))
    if (qc.queueConfig?.queueId === queueId) users.push(`quick connect '${qc.name}'`);
  for (const flow of await c.store.resources.all(instance.id, 'contactFlow')) {
    const run = interpretFlow(flow.content);
    if (run.ok && run.flow.targetQueueId === queueId) users.push(`flow '${flow.name}'`);
  }
  return users;
}

export const queueOperations = [
  op({
    name: 'CreateQueue',
    method: 'PUT',
    path: '/queues/{InstanceId}',
    input: z.object({
      InstanceId,
      Name,
      HoursOfOperationId: Id,
      Description: Description.optional(),
      OutboundCallerConfig: CallerConfig.optional(),
      MaxContacts: MaxContacts.optional(),
      QuickConnectIds: QuickConnectIds.optional(),
      Tags,
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const id = ctx.newId();
      await inTransaction(ctx, async (c) => {
        const [hoursId] = await requireReferences(
          c,
          instance,
          'hoursOfOperation',
          [input.HoursOfOperationId],
          'HoursOfOperationId',
        );
        const quickConnectIds = await requireReferences(
          c,
          instance,
          'quickConnect',
          input.QuickConnectIds ?? [],
          'QuickConnectIds',
        );
        const queue: Queue = {
          id,
          name: input.Name,
          tags: input.Tags ?? {},
          lastModifiedTime: ctx.now(),
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          hoursOfOperationId: hoursId as string,
          ...(input.MaxContacts !== undefined ? { maxContacts: input.MaxContacts } : {}),
          status: EnabledState.ENABLED,
          ...(input.OutboundCallerConfig
            ? { outboundCallerConfig: await callerConfig(c, instance, input.OutboundCallerConfig) }
            : {}),
          quickConnectIds: [...new Set(quickConnectIds)],
        };
        await c.store.resources.create(instance.id, 'queue', queue);
      });
      return { QueueArn: resourceArn(coords(instance), 'queue', id), QueueId: id };
    },
  }),
  op({
    name: 'DescribeQueue',
    method: 'GET',
    path: '/queues/{InstanceId}/{QueueId}',
    input: z.object(QueueLabels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      return { Queue: toWire(await requireResource(ctx, instance, 'queue', input.QueueId), instance) };
    },
  }),
  op({
    name: 'UpdateQueueName',
    method: 'POST',
    path: '/queues/{InstanceId}/{QueueId}/name',
    input: z.object({ ...QueueLabels, Name: Name.optional(), Description: Description.optional() }),
    handler: (input, ctx) => updateQueue(ctx, input, () => nameAndDescription(input)),
  }),
  op({
    name: 'UpdateQueueHoursOfOperation',
    method: 'POST',
    path: '/queues/{InstanceId}/{QueueId}/hours-of-operation',
    input: z.object({ ...QueueLabels, HoursOfOperationId: Id }),
    handler: (input, ctx) =>
      updateQueue(ctx, input, async (_q, c, instance) => {
        const [hoursId] = await requireReferences(
          c,
          instance,
          'hoursOfOperation',
          [input.HoursOfOperationId],
          'HoursOfOperationId',
        );
        return { hoursOfOperationId: hoursId as string };
      }),
  }),
  op({
    name: 'UpdateQueueMaxContacts',
    method: 'POST',
    path: '/queues/{InstanceId}/{QueueId}/max-contacts',
    input: z.object({ ...QueueLabels, MaxContacts: MaxContacts.optional() }),
    // No MaxContacts: no limit.
    handler: (input, ctx) => updateQueue(ctx, input, () => ({ maxContacts: input.MaxContacts })),
  }),
  op({
    name: 'UpdateQueueStatus',
    method: 'POST',
    path: '/queues/{InstanceId}/{QueueId}/status',
    input: z.object({ ...QueueLabels, Status: z.enum([EnabledState.ENABLED, EnabledState.DISABLED]) }),
    handler: (input, ctx) => updateQueue(ctx, input, () => ({ status: input.Status })),
  }),
  op({
    name: 'UpdateQueueOutboundCallerConfig',
    method: 'POST',
    path: '/queues/{InstanceId}/{QueueId}/outbound-caller-config',
    input: z.object({ ...QueueLabels, OutboundCallerConfig: CallerConfig }),
    handler: (input, ctx) =>
      updateQueue(ctx, input, async (_q, c, instance) => ({
        outboundCallerConfig: await callerConfig(c, instance, input.OutboundCallerConfig),
      })),
  }),
  op({
    name: 'DeleteQueue',
    method: 'DELETE',
    path: '/queues/{InstanceId}/{QueueId}',
    input: z.object(QueueLabels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      await inTransaction(ctx, async (c) => {
        const q = await requireResource(c, instance, 'queue', input.QueueId);
        const users = await queueUsers(c, instance, q.id);
        if (users.length)
          throw new ResourceInUseException(`Queue ${q.id} is in use by ${users.slice(0, 5).join(', ')}`, { ResourceId: q.id });
        await c.store.resources.delete(instance.id, 'queue', q.id);
      });
      return {};
    },
  }),
  op({
    name: 'ListQueues',
    method: 'GET',
    path: '/queues-summary/{InstanceId}',
    query: { ...PAGING_QUERY, QueueTypes: ['queueTypes', 'list'] },
    input: z.object({
      InstanceId,
      QueueTypes: z
        .array(z.enum(['STANDARD', 'AGENT']))
        .max(2)
        .optional(),
      MaxResults: MaxResults(1000),
      NextToken,
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      // As Connect: no QueueTypes lists both kinds, standard queues first.
      const standard = input.QueueTypes?.includes('STANDARD') ?? true;
      const agent = input.QueueTypes?.includes('AGENT') ?? true;
      const request = pageRequest(input.MaxResults, input.NextToken);
      if (!agent) {
        const page = await ctx.store.resources.list(instance.id, 'queue', request);
        return { QueueSummaryList: page.items.map((q) => summary(q, instance)), NextToken: page.nextToken };
      }
      // With agent queues the listing spans two sources: page over both in memory (their
      // tokens are offsets, valid for the same QueueTypes only).
      const byName = <T extends { name: string; id: string }>(a: T, b: T) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      const queues = standard ? [...(await ctx.store.resources.all(instance.id, 'queue'))].sort(byName) : [];
      const users = [...(await ctx.store.resources.all(instance.id, 'user'))].sort(byName);
      const page = pageOf(
        [...queues.map((q) => summary(q, instance)), ...users.map((u) => agentQueueSummary(u, instance))],
        request,
      );
      return { QueueSummaryList: page.items, NextToken: page.nextToken };
    },
  }),
  op({
    name: 'AssociateQueueQuickConnects',
    method: 'POST',
    path: '/queues/{InstanceId}/{QueueId}/associate-quick-connects',
    input: z.object({ ...QueueLabels, QuickConnectIds }),
    handler: (input, ctx) =>
      updateQueue(ctx, input, async (q, c, instance) => {
        const ids = await requireReferences(c, instance, 'quickConnect', input.QuickConnectIds, 'QuickConnectIds');
        return { quickConnectIds: [...new Set([...q.quickConnectIds, ...ids])] };
      }),
  }),
  op({
    name: 'DisassociateQueueQuickConnects',
    method: 'POST',
    path: '/queues/{InstanceId}/{QueueId}/disassociate-quick-connects',
    input: z.object({ ...QueueLabels, QuickConnectIds }),
    // Ids that are not associated are ignored (the call is idempotent).
    handler: (input, ctx) =>
      updateQueue(ctx, input, (q) => {
        const gone = new Set(input.QuickConnectIds.map(idFromIdOrArn));
        return { quickConnectIds: q.quickConnectIds.filter((id) => !gone.has(id)) };
      }),
  }),
  op({
    name: 'ListQueueQuickConnects',
    method: 'GET',
    path: '/queues/{InstanceId}/{QueueId}/quick-connects',
    query: PAGING_QUERY,
    input: z.object({ ...QueueLabels, MaxResults: MaxResults(100), NextToken }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const q = await requireResource(ctx, instance, 'queue', input.QueueId);
      const associated = new Set(q.quickConnectIds);
      const all = (await ctx.store.resources.all(instance.id, 'quickConnect')).filter((qc) => associated.has(qc.id));
      const page = pageOf(all, pageRequest(input.MaxResults, input.NextToken));
      return {
        QuickConnectSummaryList: page.items.map((qc) => quickConnectSummary(qc, instance)),
        NextToken: page.nextToken,
        LastModifiedTime: epochSeconds(q.lastModifiedTime),
        LastModifiedRegion: instance.region,
      };
    },
  }),
];
