/**
 * Contact flows: CreateContactFlow, DescribeContactFlow, UpdateContactFlowContent,
 * UpdateContactFlowName, UpdateContactFlowMetadata, DeleteContactFlow, ListContactFlows.
 * Content is flow-language JSON in the subset core's interpretFlow runs; anything else is
 * InvalidContactFlowException with Connect's `problems: [{message}]`.
 */
import { createHash } from 'node:crypto';
import {
  type ContactFlow,
  ContactFlowState,
  ContactFlowStatus,
  ContactFlowType,
  type Instance,
  interpretFlow,
  InvalidContactFlowException,
  ResourceInUseException,
  resourceArn,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import {
  type AdminContext,
  coords,
  epochSeconds,
  pageRequest,
  requireInstance,
  requireResource,
  updateResource,
  inTransaction,
  nameAndDescription,
} from './context.js';
import { pageOf } from './paging.js';
import { Id, InstanceId, MaxResults, Name, NextToken, PAGING_QUERY, Tags } from './shapes.js';

const op = defineOperation<AdminContext>();

const FLOW_TYPES = Object.values(ContactFlowType) as [ContactFlowType, ...ContactFlowType[]];
/** Types Connect knows that we do not store; a list filter on them simply matches nothing. */
const OTHER_CONNECT_TYPES = ['CAMPAIGN'] as const;
const Content = z.string().min(1).max(256_000);
const FlowDescription = z.string().max(500);
const FlowLabels = { InstanceId, ContactFlowId: Id };

const sha256 = (content: string): string => createHash('sha256').update(content, 'utf8').digest('hex');

/** Content we can run, whose target queue exists; otherwise InvalidContactFlowException. */
async function checkContent(c: AdminContext, instance: Instance, content: string): Promise<void> {
  const run = interpretFlow(content);
  const problems = run.ok ? [] : run.problems;
  if (
    run.ok &&
    run.flow.targetQueueId !== undefined &&
    !(await c.store.resources.get(instance.id, 'queue', run.flow.targetQueueId))
  )
    problems.push(`Queue ${run.flow.targetQueueId} does not exist`);
  if (problems.length)
    throw new InvalidContactFlowException(
      `The flow is not valid: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      {
        problems: problems.slice(0, 50).map((message) => ({ message })),
      },
    );
}

const toWire = (f: ContactFlow, i: Instance) => ({
  Arn: resourceArn(coords(i), 'contactFlow', f.id),
  Id: f.id,
  Name: f.name,
  Type: f.type,
  State: f.state,
  Status: f.status,
  Description: f.description,
  Content: f.content,
  Tags: f.tags,
  FlowContentSha256: sha256(f.content),
  LastModifiedTime: epochSeconds(f.lastModifiedTime),
  LastModifiedRegion: i.region,
});

const summary = (f: ContactFlow, i: Instance) => ({
  Id: f.id,
  Arn: resourceArn(coords(i), 'contactFlow', f.id),
  Name: f.name,
  ContactFlowType: f.type,
  ContactFlowState: f.state,
  ContactFlowStatus: f.status,
});

const updateFlow = (
  ctx: AdminContext,
  input: { InstanceId: string; ContactFlowId: string },
  change: Parameters<typeof updateResource<'contactFlow'>>[4],
) => updateResource(ctx, input.InstanceId, 'contactFlow', input.ContactFlowId, change);

/** What keeps a flow from being deleted: quick connects and queues' outbound caller config. */
async function flowUsers(c: AdminContext, instance: Instance, flowId: string): Promise<string[]> {
  const users: string[] = [];
  for (const qc of await c.store.resources.all(instance.id, 'quickConnect'))
    if (qc.userConfig?.contactFlowId === flowId || qc.queueConfig?.contactFlowId === flowId)
      users.push(`quick connect '${qc.name}'`);
  for (const q of await c.store.resources.all(instance.id, 'queue'))
    if (q.outboundCallerConfig?.outboundFlowId === flowId) users.push(`queue '${q.name}' (outbound flow)`);
  return users;
}

export const contactFlowOperations = [
  op({
    name: 'CreateContactFlow',
    method: 'PUT',
    path: '/contact-flows/{InstanceId}',
    input: z.object({
      InstanceId,
      Name,
      Type: z.enum(FLOW_TYPES),
      Content,
      Description: FlowDescription.optional(),
      Status: z.enum([ContactFlowStatus.PUBLISHED, ContactFlowStatus.SAVED]).optional(),
      Tags,
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const id = ctx.newId();
      await inTransaction(ctx, async (c) => {
        await checkContent(c, instance, input.Content);
        await c.store.resources.create(instance.id, 'contactFlow', {
          id,
          name: input.Name,
          tags: input.Tags ?? {},
          lastModifiedTime: ctx.now(),
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          type: input.Type,
          state: ContactFlowState.ACTIVE,
          status: input.Status ?? ContactFlowStatus.PUBLISHED,
          content: input.Content,
        });
      });
      return {
        ContactFlowId: id,
        ContactFlowArn: resourceArn(coords(instance), 'contactFlow', id),
        FlowContentSha256: sha256(input.Content),
      };
    },
  }),
  op({
    name: 'DescribeContactFlow',
    method: 'GET',
    path: '/contact-flows/{InstanceId}/{ContactFlowId}',
    input: z.object(FlowLabels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      return { ContactFlow: toWire(await requireResource(ctx, instance, 'contactFlow', input.ContactFlowId), instance) };
    },
  }),
  op({
    name: 'UpdateContactFlowContent',
    method: 'POST',
    path: '/contact-flows/{InstanceId}/{ContactFlowId}/content',
    input: z.object({ ...FlowLabels, Content }),
    handler: (input, ctx) =>
      updateFlow(ctx, input, async (_f, c, instance) => {
        await checkContent(c, instance, input.Content);
        return { content: input.Content };
      }),
  }),
  op({
    name: 'UpdateContactFlowName',
    method: 'POST',
    path: '/contact-flows/{InstanceId}/{ContactFlowId}/name',
    input: z.object({ ...FlowLabels, Name: Name.optional(), Description: FlowDescription.optional() }),
    handler: (input, ctx) => updateFlow(ctx, input, () => nameAndDescription(input)),
  }),
  op({
    name: 'UpdateContactFlowMetadata',
    method: 'POST',
    path: '/contact-flows/{InstanceId}/{ContactFlowId}/metadata',
    input: z.object({
      ...FlowLabels,
      Name: Name.optional(),
      Description: FlowDescription.optional(),
      ContactFlowState: z.enum([ContactFlowState.ACTIVE, ContactFlowState.ARCHIVED]).optional(),
    }),
    handler: (input, ctx) =>
      updateFlow(ctx, input, () => ({
        ...nameAndDescription(input),
        ...(input.ContactFlowState !== undefined ? { state: input.ContactFlowState } : {}),
      })),
  }),
  op({
    name: 'DeleteContactFlow',
    method: 'DELETE',
    path: '/contact-flows/{InstanceId}/{ContactFlowId}',
    input: z.object(FlowLabels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      await inTransaction(ctx, async (c) => {
        const f = await requireResource(c, instance, 'contactFlow', input.ContactFlowId);
        const users = await flowUsers(c, instance, f.id);
        if (users.length)
          throw new ResourceInUseException(`Flow ${f.id} is in use by ${users.slice(0, 5).join(', ')}`, {
            ResourceType: 'CONTACT_FLOW',
            ResourceId: f.id,
          });
        await c.store.resources.delete(instance.id, 'contactFlow', f.id);
      });
      return {};
    },
  }),
  op({
    name: 'ListContactFlows',
    method: 'GET',
    path: '/contact-flows-summary/{InstanceId}',
    query: { ...PAGING_QUERY, ContactFlowTypes: ['contactFlowTypes', 'list'] },
    input: z.object({
      InstanceId,
      ContactFlowTypes: z
        .array(z.enum([...FLOW_TYPES, ...OTHER_CONNECT_TYPES]))
        .max(10)
        .optional(),
      MaxResults: MaxResults(1000),
      NextToken,
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const req = pageRequest(input.MaxResults, input.NextToken);
      const types = input.ContactFlowTypes && new Set<string>(input.ContactFlowTypes);
      const page = types
        ? pageOf(
            (await ctx.store.resources.all(instance.id, 'contactFlow')).filter((f) => types.has(f.type)),
            req,
          )
        : await ctx.store.resources.list(instance.id, 'contactFlow', req);
      return { ContactFlowSummaryList: page.items.map((f) => summary(f, instance)), NextToken: page.nextToken };
    },
  }),
];
