/**
 * Routing profiles: create/describe/delete/list, the UpdateRoutingProfile* family and the
 * profile ↔ queue associations (one per (queue, channel), with priority and delay).
 */
import {
  AgentAvailabilityTimer,
  CHANNELS,
  type Channel,
  CONCURRENCY_LIMITS,
  CrossChannelBehavior,
  DuplicateResourceException,
  idFromIdOrArn,
  type Instance,
  InvalidParameterException,
  type MediaConcurrency,
  ResourceInUseException,
  resourceArn,
  type RoutingProfile,
  type RoutingProfileQueueConfig,
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
  requireReference,
} from './context.js';
import { pageOf } from './paging.js';
import {
  Channel as ChannelSchema,
  Description,
  Id,
  InstanceId,
  MaxResults,
  Name,
  NextToken,
  PAGING_QUERY,
  Tags,
} from './shapes.js';

const op = defineOperation<AdminContext>();

const MediaConcurrencies = z
  .array(
    z.object({
      Channel: ChannelSchema,
      Concurrency: z.number().int(),
      CrossChannelBehavior: z
        .object({
          BehaviorType: z.enum([CrossChannelBehavior.ROUTE_CURRENT_CHANNEL_ONLY, CrossChannelBehavior.ROUTE_ANY_CHANNEL]),
        })
        .optional(),
    }),
  )
  .min(1)
  .max(10);
const QueueReference = z.object({ QueueId: Id, Channel: ChannelSchema });
const QueueConfigs = z
  .array(z.object({ QueueReference, Priority: z.number().int().min(1).max(99), Delay: z.number().int().min(0).max(9999) }))
  .min(1)
  .max(10);
const QueueReferences = z.array(QueueReference).min(1).max(10);
/** Manual-assignment queues (a newer Connect feature) are accepted in the shape but refused. */
const ManualAssignment = z.array(z.unknown()).optional();
const Timer = z.enum([AgentAvailabilityTimer.TIME_SINCE_LAST_ACTIVITY, AgentAvailabilityTimer.TIME_SINCE_LAST_INBOUND]);
const ProfileLabels = { InstanceId, RoutingProfileId: Id };

const refuseManual = (value: readonly unknown[] | undefined, member: string) => {
  if (value?.length) throw new InvalidParameterException(`${member} is not supported`);
};

/** One entry per channel, each within CONCURRENCY_LIMITS. */
function mediaConcurrencies(input: z.output<typeof MediaConcurrencies>): MediaConcurrency[] {
  const seen = new Set<Channel>();
  return input.map((m) => {
    if (seen.has(m.Channel))
      throw new InvalidParameterException(`MediaConcurrencies: channel ${m.Channel} is listed more than once`);
    seen.add(m.Channel);
    const { min, max } = CONCURRENCY_LIMITS[m.Channel];
    if (m.Concurrency < min || m.Concurrency > max)
      throw new InvalidParameterException(
        `MediaConcurrencies: concurrency for ${m.Channel} must be ${min === max ? `exactly ${min}` : `between ${min} and ${max}`}, got ${m.Concurrency}`,
      );
    return {
      channel: m.Channel,
      concurrency: m.Concurrency,
      crossChannelBehavior: m.CrossChannelBehavior?.BehaviorType ?? CrossChannelBehavior.ROUTE_CURRENT_CHANNEL_ONLY,
    };
  });
}

const pairKey = (queueId: string, channel: Channel) => `${queueId}\u0000${channel}`;

/** Queue configs with existing queues and no (queue, channel) pair twice in the request. */
async function queueConfigs(
  c: AdminContext,
  instance: Instance,
  input: z.output<typeof QueueConfigs>,
): Promise<RoutingProfileQueueConfig[]> {
  const ids = await requireReferences(
    c,
    instance,
    'queue',
    input.map((q) => q.QueueReference.QueueId),
    'QueueConfigs.QueueReference.QueueId',
  );
  const seen = new Set<string>();
  return input.map((q, i) => {
    const queueId = ids[i] as string;
    const channel = q.QueueReference.Channel;
    if (seen.has(pairKey(queueId, channel)))
      throw new InvalidParameterException(`QueueConfigs: queue ${queueId} is listed more than once for channel ${channel}`);
    seen.add(pairKey(queueId, channel));
    return { queueId, channel, priority: q.Priority, delay: q.Delay };
  });
}

const associatedQueueIds = (rp: RoutingProfile): string[] => [...new Set(rp.queueConfigs.map((q) => q.queueId))];

const toWire = (rp: RoutingProfile, i: Instance, users: number) => ({
  InstanceId: i.id,
  Name: rp.name,
  RoutingProfileArn: resourceArn(coords(i), 'routingProfile', rp.id),
  RoutingProfileId: rp.id,
  Description: rp.description,
  MediaConcurrencies: rp.mediaConcurrencies.map((m) => ({
    Channel: m.channel,
    Concurrency: m.concurrency,
    CrossChannelBehavior: { BehaviorType: m.crossChannelBehavior },
  })),
  DefaultOutboundQueueId: rp.defaultOutboundQueueId,
  Tags: rp.tags,
  NumberOfAssociatedQueues: associatedQueueIds(rp).length,
  NumberOfAssociatedUsers: users,
  AgentAvailabilityTimer: rp.agentAvailabilityTimer,
  LastModifiedTime: epochSeconds(rp.lastModifiedTime),
  LastModifiedRegion: i.region,
  IsDefault: false,
  AssociatedQueueIds: associatedQueueIds(rp),
});

const usersOf = async (c: AdminContext, instance: Instance, routingProfileId: string) =>
  (await c.store.resources.all(instance.id, 'user')).filter((u) => u.routingProfileId === routingProfileId);

const updateProfile = (
  ctx: AdminContext,
  input: { InstanceId: string; RoutingProfileId: string },
  change: Parameters<typeof updateResource<'routingProfile'>>[4],
) => updateResource(ctx, input.InstanceId, 'routingProfile', input.RoutingProfileId, change);

export const routingProfileOperations = [
  op({
    name: 'CreateRoutingProfile',
    method: 'PUT',
    path: '/routing-profiles/{InstanceId}',
    input: z.object({
      InstanceId,
      Name,
      Description: Description.min(1),
      DefaultOutboundQueueId: Id,
      MediaConcurrencies,
      QueueConfigs: QueueConfigs.optional(),
      ManualAssignmentQueueConfigs: ManualAssignment,
      Tags,
      AgentAvailabilityTimer: Timer.optional(),
    }),
    handler: async (input, ctx) => {
      refuseManual(input.ManualAssignmentQueueConfigs, 'ManualAssignmentQueueConfigs');
      const instance = await requireInstance(ctx, input.InstanceId);
      const id = ctx.newId();
      const concurrencies = mediaConcurrencies(input.MediaConcurrencies);
      await inTransaction(ctx, async (c) => {
        const [outboundId] = await requireReferences(
          c,
          instance,
          'queue',
          [input.DefaultOutboundQueueId],
          'DefaultOutboundQueueId',
        );
        await c.store.resources.create(instance.id, 'routingProfile', {
          id,
          name: input.Name,
          description: input.Description,
          tags: input.Tags ?? {},
          lastModifiedTime: ctx.now(),
          defaultOutboundQueueId: outboundId as string,
          mediaConcurrencies: concurrencies,
          queueConfigs: input.QueueConfigs ? await queueConfigs(c, instance, input.QueueConfigs) : [],
          agentAvailabilityTimer: input.AgentAvailabilityTimer ?? AgentAvailabilityTimer.TIME_SINCE_LAST_ACTIVITY,
        });
      });
      return { RoutingProfileArn: resourceArn(coords(instance), 'routingProfile', id), RoutingProfileId: id };
    },
  }),
  op({
    name: 'DescribeRoutingProfile',
    method: 'GET',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}',
    input: z.object(ProfileLabels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const rp = await requireResource(ctx, instance, 'routingProfile', input.RoutingProfileId);
      return { RoutingProfile: toWire(rp, instance, (await usersOf(ctx, instance, rp.id)).length) };
    },
  }),
  op({
    name: 'UpdateRoutingProfileName',
    method: 'POST',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}/name',
    input: z.object({ ...ProfileLabels, Name: Name.optional(), Description: Description.optional() }),
    handler: (input, ctx) => updateProfile(ctx, input, () => nameAndDescription(input)),
  }),
  op({
    name: 'UpdateRoutingProfileConcurrency',
    method: 'POST',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}/concurrency',
    input: z.object({ ...ProfileLabels, MediaConcurrencies }),
    handler: (input, ctx) => {
      const concurrencies = mediaConcurrencies(input.MediaConcurrencies);
      return updateProfile(ctx, input, () => ({ mediaConcurrencies: concurrencies }));
    },
  }),
  op({
    name: 'UpdateRoutingProfileDefaultOutboundQueue',
    method: 'POST',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}/default-outbound-queue',
    input: z.object({ ...ProfileLabels, DefaultOutboundQueueId: Id }),
    handler: (input, ctx) =>
      updateProfile(ctx, input, async (_rp, c, instance) => ({
        defaultOutboundQueueId: await requireReference(
          c,
          instance,
          'queue',
          input.DefaultOutboundQueueId,
          'DefaultOutboundQueueId',
        ),
      })),
  }),
  op({
    name: 'UpdateRoutingProfileQueues',
    method: 'POST',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}/queues',
    input: z.object({ ...ProfileLabels, QueueConfigs }),
    // Changes priority and delay of associations that exist; it never adds one.
    handler: (input, ctx) =>
      updateProfile(ctx, input, async (rp, c, instance) => {
        const changes = new Map(
          (await queueConfigs(c, instance, input.QueueConfigs)).map((q) => [pairKey(q.queueId, q.channel), q]),
        );
        for (const [key, q] of changes)
          if (!rp.queueConfigs.some((e) => pairKey(e.queueId, e.channel) === key))
            throw new InvalidParameterException(
              `Queue ${q.queueId} is not associated with this routing profile for channel ${q.channel}`,
            );
        return { queueConfigs: rp.queueConfigs.map((e) => changes.get(pairKey(e.queueId, e.channel)) ?? e) };
      }),
  }),
  op({
    name: 'AssociateRoutingProfileQueues',
    method: 'POST',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}/associate-queues',
    input: z.object({ ...ProfileLabels, QueueConfigs: QueueConfigs.optional(), ManualAssignmentQueueConfigs: ManualAssignment }),
    handler: (input, ctx) => {
      refuseManual(input.ManualAssignmentQueueConfigs, 'ManualAssignmentQueueConfigs');
      const configs = input.QueueConfigs;
      if (!configs) throw new InvalidParameterException('QueueConfigs is required');
      return updateProfile(ctx, input, async (rp, c, instance) => {
        const added = await queueConfigs(c, instance, configs);
        const existing = new Set(rp.queueConfigs.map((e) => pairKey(e.queueId, e.channel)));
        for (const q of added)
          if (existing.has(pairKey(q.queueId, q.channel)))
            throw new DuplicateResourceException(
              `Queue ${q.queueId} is already associated with this routing profile for channel ${q.channel}`,
            );
        return { queueConfigs: [...rp.queueConfigs, ...added] };
      });
    },
  }),
  op({
    name: 'DisassociateRoutingProfileQueues',
    method: 'POST',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}/disassociate-queues',
    input: z.object({
      ...ProfileLabels,
      QueueReferences: QueueReferences.optional(),
      ManualAssignmentQueueReferences: ManualAssignment,
    }),
    // Pairs that are not associated are ignored (the call is idempotent).
    handler: (input, ctx) => {
      refuseManual(input.ManualAssignmentQueueReferences, 'ManualAssignmentQueueReferences');
      const refs = input.QueueReferences;
      if (!refs) throw new InvalidParameterException('QueueReferences is required');
      const gone = new Set(refs.map((r) => pairKey(idFromIdOrArn(r.QueueId), r.Channel)));
      return updateProfile(ctx, input, (rp) => ({
        queueConfigs: rp.queueConfigs.filter((e) => !gone.has(pairKey(e.queueId, e.channel))),
      }));
    },
  }),
  op({
    name: 'UpdateRoutingProfileAgentAvailabilityTimer',
    method: 'POST',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}/agent-availability-timer',
    input: z.object({ ...ProfileLabels, AgentAvailabilityTimer: Timer }),
    handler: (input, ctx) => updateProfile(ctx, input, () => ({ agentAvailabilityTimer: input.AgentAvailabilityTimer })),
  }),
  op({
    name: 'DeleteRoutingProfile',
    method: 'DELETE',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}',
    input: z.object(ProfileLabels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      await inTransaction(ctx, async (c) => {
        const rp = await requireResource(c, instance, 'routingProfile', input.RoutingProfileId);
        const users = await usersOf(c, instance, rp.id);
        if (users.length)
          throw new ResourceInUseException(
            `Routing profile ${rp.id} is assigned to ${users.length} user(s): ${users
              .slice(0, 5)
              .map((u) => u.name)
              .join(', ')}`,
            { ResourceId: rp.id },
          );
        await c.store.resources.delete(instance.id, 'routingProfile', rp.id);
      });
      return {};
    },
  }),
  op({
    name: 'ListRoutingProfiles',
    method: 'GET',
    path: '/routing-profiles-summary/{InstanceId}',
    query: PAGING_QUERY,
    input: z.object({ InstanceId, MaxResults: MaxResults(1000), NextToken }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const page = await ctx.store.resources.list(instance.id, 'routingProfile', pageRequest(input.MaxResults, input.NextToken));
      return {
        RoutingProfileSummaryList: page.items.map((rp) => ({
          Id: rp.id,
          Arn: resourceArn(coords(instance), 'routingProfile', rp.id),
          Name: rp.name,
          LastModifiedTime: epochSeconds(rp.lastModifiedTime),
          LastModifiedRegion: instance.region,
        })),
        NextToken: page.nextToken,
      };
    },
  }),
  op({
    name: 'ListRoutingProfileQueues',
    method: 'GET',
    path: '/routing-profiles/{InstanceId}/{RoutingProfileId}/queues',
    query: PAGING_QUERY,
    input: z.object({ ...ProfileLabels, MaxResults: MaxResults(100), NextToken }),
    // Ordered by queue name, then channel (VOICE, CHAT, TASK).
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const rp = await requireResource(ctx, instance, 'routingProfile', input.RoutingProfileId);
      const queues = new Map((await ctx.store.resources.all(instance.id, 'queue')).map((q, order) => [q.id, { q, order }]));
      const rows = rp.queueConfigs
        .flatMap((qc) => {
          const found = queues.get(qc.queueId);
          return found ? [{ qc, ...found }] : [];
        })
        .sort((a, b) => a.order - b.order || CHANNELS.indexOf(a.qc.channel) - CHANNELS.indexOf(b.qc.channel));
      const page = pageOf(rows, pageRequest(input.MaxResults, input.NextToken));
      return {
        RoutingProfileQueueConfigSummaryList: page.items.map(({ qc, q }) => ({
          QueueId: q.id,
          QueueArn: resourceArn(coords(instance), 'queue', q.id),
          QueueName: q.name,
          Priority: qc.priority,
          Delay: qc.delay,
          Channel: qc.channel,
        })),
        NextToken: page.nextToken,
        LastModifiedTime: epochSeconds(rp.lastModifiedTime),
        LastModifiedRegion: instance.region,
      };
    },
  }),
];
