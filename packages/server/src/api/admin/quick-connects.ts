/**
 * Quick connects (transfer destinations): CreateQuickConnect, DescribeQuickConnect,
 * UpdateQuickConnectName, UpdateQuickConnectConfig, DeleteQuickConnect, ListQuickConnects.
 * USER, QUEUE and PHONE_NUMBER types; FLOW is not supported.
 */
import { type Instance, InvalidParameterException, type QuickConnect, QuickConnectType, resourceArn } from '@switchboard/core';
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
import { Description, Id, InstanceId, MaxResults, Name, NextToken, PAGING_QUERY, Tags } from './shapes.js';

const op = defineOperation<AdminContext>();

const WIRE_TYPES = ['USER', 'QUEUE', 'PHONE_NUMBER', 'FLOW'] as const;
const E164 = /^\+[1-9]\d{1,14}$/;

const Config = z.object({
  QuickConnectType: z.enum(WIRE_TYPES),
  UserConfig: z.object({ UserId: Id, ContactFlowId: Id }).optional(),
  QueueConfig: z.object({ QueueId: Id, ContactFlowId: Id }).optional(),
  PhoneConfig: z.object({ PhoneNumber: z.string().max(20) }).optional(),
  FlowConfig: z.object({ ContactFlowId: Id }).optional(),
});
type ConfigFields = Pick<QuickConnect, 'type' | 'userConfig' | 'queueConfig' | 'phoneConfig'>;
const QuickConnectLabels = { InstanceId, QuickConnectId: Id };

/** Checks a QuickConnectConfig (the config its type needs, referenced ids exist) and stores it. */
async function resolveConfig(c: AdminContext, instance: Instance, cfg: z.output<typeof Config>): Promise<ConfigFields> {
  const cleared = { userConfig: undefined, queueConfig: undefined, phoneConfig: undefined };
  const flow = async (id: string, member: string) =>
    (await requireReferences(c, instance, 'contactFlow', [id], member))[0] as string;
  switch (cfg.QuickConnectType) {
    case 'USER': {
      if (!cfg.UserConfig) throw new InvalidParameterException('QuickConnectConfig.UserConfig is required for type USER');
      const [userId] = await requireReferences(c, instance, 'user', [cfg.UserConfig.UserId], 'UserConfig.UserId');
      const contactFlowId = await flow(cfg.UserConfig.ContactFlowId, 'UserConfig.ContactFlowId');
      return { ...cleared, type: QuickConnectType.USER, userConfig: { userId: userId as string, contactFlowId } };
    }
    case 'QUEUE': {
      if (!cfg.QueueConfig) throw new InvalidParameterException('QuickConnectConfig.QueueConfig is required for type QUEUE');
      const [queueId] = await requireReferences(c, instance, 'queue', [cfg.QueueConfig.QueueId], 'QueueConfig.QueueId');
      const contactFlowId = await flow(cfg.QueueConfig.ContactFlowId, 'QueueConfig.ContactFlowId');
      return { ...cleared, type: QuickConnectType.QUEUE, queueConfig: { queueId: queueId as string, contactFlowId } };
    }
    case 'PHONE_NUMBER': {
      if (!cfg.PhoneConfig)
        throw new InvalidParameterException('QuickConnectConfig.PhoneConfig is required for type PHONE_NUMBER');
      if (!E164.test(cfg.PhoneConfig.PhoneNumber))
        throw new InvalidParameterException('PhoneConfig.PhoneNumber must be in E.164 format, e.g. +12065550100');
      return { ...cleared, type: QuickConnectType.PHONE_NUMBER, phoneConfig: { phoneNumber: cfg.PhoneConfig.PhoneNumber } };
    }
    default:
      throw new InvalidParameterException(
        `QuickConnectType ${cfg.QuickConnectType} is not supported (use USER, QUEUE or PHONE_NUMBER)`,
      );
  }
}

const toWire = (qc: QuickConnect, i: Instance) => ({
  QuickConnectARN: resourceArn(coords(i), 'quickConnect', qc.id),
  QuickConnectId: qc.id,
  Name: qc.name,
  Description: qc.description,
  QuickConnectConfig: {
    QuickConnectType: qc.type,
    UserConfig: qc.userConfig && { UserId: qc.userConfig.userId, ContactFlowId: qc.userConfig.contactFlowId },
    QueueConfig: qc.queueConfig && { QueueId: qc.queueConfig.queueId, ContactFlowId: qc.queueConfig.contactFlowId },
    PhoneConfig: qc.phoneConfig && { PhoneNumber: qc.phoneConfig.phoneNumber },
  },
  Tags: qc.tags,
  LastModifiedTime: epochSeconds(qc.lastModifiedTime),
  LastModifiedRegion: i.region,
});

/** The QuickConnectSummary shape (also listed by ListQueueQuickConnects). */
export const quickConnectSummary = (qc: QuickConnect, i: Instance) => ({
  Id: qc.id,
  Arn: resourceArn(coords(i), 'quickConnect', qc.id),
  Name: qc.name,
  QuickConnectType: qc.type,
  LastModifiedTime: epochSeconds(qc.lastModifiedTime),
  LastModifiedRegion: i.region,
});

const updateQuickConnect = (
  ctx: AdminContext,
  input: { InstanceId: string; QuickConnectId: string },
  change: Parameters<typeof updateResource<'quickConnect'>>[4],
) => updateResource(ctx, input.InstanceId, 'quickConnect', input.QuickConnectId, change);

export const quickConnectOperations = [
  op({
    name: 'CreateQuickConnect',
    method: 'PUT',
    path: '/quick-connects/{InstanceId}',
    input: z.object({ InstanceId, Name, QuickConnectConfig: Config, Description: Description.optional(), Tags }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const id = ctx.newId();
      await inTransaction(ctx, async (c) => {
        const config = await resolveConfig(c, instance, input.QuickConnectConfig);
        await c.store.resources.create(instance.id, 'quickConnect', {
          id,
          name: input.Name,
          tags: input.Tags ?? {},
          lastModifiedTime: ctx.now(),
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          ...config,
        });
      });
      return { QuickConnectARN: resourceArn(coords(instance), 'quickConnect', id), QuickConnectId: id };
    },
  }),
  op({
    name: 'DescribeQuickConnect',
    method: 'GET',
    path: '/quick-connects/{InstanceId}/{QuickConnectId}',
    input: z.object(QuickConnectLabels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      return { QuickConnect: toWire(await requireResource(ctx, instance, 'quickConnect', input.QuickConnectId), instance) };
    },
  }),
  op({
    name: 'UpdateQuickConnectName',
    method: 'POST',
    path: '/quick-connects/{InstanceId}/{QuickConnectId}/name',
    input: z.object({ ...QuickConnectLabels, Name: Name.optional(), Description: Description.optional() }),
    handler: (input, ctx) => updateQuickConnect(ctx, input, () => nameAndDescription(input)),
  }),
  op({
    name: 'UpdateQuickConnectConfig',
    method: 'POST',
    path: '/quick-connects/{InstanceId}/{QuickConnectId}/config',
    input: z.object({ ...QuickConnectLabels, QuickConnectConfig: Config }),
    handler: (input, ctx) =>
      updateQuickConnect(ctx, input, (_qc, c, instance) => resolveConfig(c, instance, input.QuickConnectConfig)),
  }),
  op({
    name: 'DeleteQuickConnect',
    method: 'DELETE',
    path: '/quick-connects/{InstanceId}/{QuickConnectId}',
    input: z.object(QuickConnectLabels),
    // Queues that list it lose the association.
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      await inTransaction(ctx, async (c) => {
        const qc = await requireResource(c, instance, 'quickConnect', input.QuickConnectId);
        for (const q of await c.store.resources.all(instance.id, 'queue')) {
          if (!q.quickConnectIds.includes(qc.id)) continue;
          await c.store.resources.update(instance.id, 'queue', {
            ...q,
            quickConnectIds: q.quickConnectIds.filter((id) => id !== qc.id),
            lastModifiedTime: ctx.now(),
          });
        }
        await c.store.resources.delete(instance.id, 'quickConnect', qc.id);
      });
      return {};
    },
  }),
  op({
    name: 'ListQuickConnects',
    method: 'GET',
    path: '/quick-connects/{InstanceId}',
    query: { ...PAGING_QUERY, QuickConnectTypes: ['QuickConnectTypes', 'list'] },
    input: z.object({
      InstanceId,
      QuickConnectTypes: z.array(z.enum(WIRE_TYPES)).max(4).optional(),
      MaxResults: MaxResults(1000),
      NextToken,
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const req = pageRequest(input.MaxResults, input.NextToken);
      const types = input.QuickConnectTypes && new Set<string>(input.QuickConnectTypes);
      const page = types
        ? pageOf(
            (await ctx.store.resources.all(instance.id, 'quickConnect')).filter((qc) => types.has(qc.type)),
            req,
          )
        : await ctx.store.resources.list(instance.id, 'quickConnect', req);
      return { QuickConnectSummaryList: page.items.map((qc) => quickConnectSummary(qc, instance)), NextToken: page.nextToken };
    },
  }),
];
