/** GetCurrentMetricData and GetCurrentUserData: the HTTP side of metrics.ts. */
import { InvalidParameterException, ResourceNotFoundException } from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import { type AdminContext, epochSeconds, pageRequest, requireInstance } from '../admin/context.js';
import { pageOf } from '../admin/paging.js';
import { Channel, Id, InstanceId, MaxResults, NextToken } from '../admin/shapes.js';
import { AGENT_CONTACT_STATES, currentMetricData, currentUserData, METRIC_NAMES } from './metrics.js';

const op = defineOperation<AdminContext>();

const Ids = (max: number) => z.array(Id).min(1).max(max);

/** Filters Connect has and Switchboard does not model: refused rather than ignored. */
const UNSUPPORTED_METRIC_FILTERS = ['RoutingStepExpressions', 'AgentStatuses', 'Subtypes', 'ValidationTestTypes'] as const;

export const metricOperations = [
  op({
    name: 'GetCurrentMetricData',
    method: 'POST',
    path: '/metrics/current/{InstanceId}',
    input: z.object({
      InstanceId,
      Filters: z.object({
        Queues: Ids(100).optional(),
        Channels: z.array(Channel).max(3).optional(),
        RoutingProfiles: Ids(100).optional(),
        RoutingStepExpressions: z.array(z.string()).max(50).optional(),
        AgentStatuses: z.array(Id).max(50).optional(),
        Subtypes: z.array(z.string()).max(10).optional(),
        ValidationTestTypes: z.array(z.string()).max(10).optional(),
      }),
      Groupings: z
        .array(z.enum(['QUEUE', 'CHANNEL', 'ROUTING_PROFILE']))
        .max(2)
        .optional(),
      CurrentMetrics: z
        .array(
          z.object({
            Name: z.enum(METRIC_NAMES),
            MetricId: z.string().optional(),
            Unit: z.enum(['SECONDS', 'COUNT', 'PERCENT']).optional(),
          }),
        )
        .max(METRIC_NAMES.length * 2),
      NextToken,
      MaxResults: MaxResults(100),
      SortCriteria: z
        .array(
          z.object({ SortByMetric: z.enum(METRIC_NAMES).optional(), SortOrder: z.enum(['ASCENDING', 'DESCENDING']).optional() }),
        )
        .max(1)
        .optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      for (const f of UNSUPPORTED_METRIC_FILTERS)
        if (input.Filters[f]?.length)
          throw new InvalidParameterException(`Filters.${f} is not supported; filter by Queues or RoutingProfiles`);
      const ir = ctx.routing.instance(instance.id);
      const now = ctx.now();
      const sort = input.SortCriteria?.[0];
      const results = currentMetricData(
        ir.engine,
        ir.config,
        {
          ...(input.Filters.Queues ? { queues: input.Filters.Queues } : {}),
          ...(input.Filters.RoutingProfiles ? { routingProfiles: input.Filters.RoutingProfiles } : {}),
          ...(input.Filters.Channels ? { channels: input.Filters.Channels } : {}),
          ...(input.Groupings ? { groupings: input.Groupings } : {}),
          metrics: input.CurrentMetrics.map((m) => ({ name: m.Name, ...(m.Unit ? { unit: m.Unit } : {}) })),
          ...(sort?.SortByMetric ? { sort: { metric: sort.SortByMetric, order: sort.SortOrder ?? 'ASCENDING' } } : {}),
        },
        now,
      );
      const page = pageOf(results, pageRequest(input.MaxResults, input.NextToken));
      return {
        MetricResults: page.items,
        NextToken: page.nextToken,
        DataSnapshotTime: epochSeconds(now),
        ApproximateTotalCount: results.length,
      };
    },
  }),
  op({
    name: 'GetCurrentUserData',
    method: 'POST',
    path: '/metrics/userdata/{InstanceId}',
    input: z.object({
      InstanceId,
      Filters: z
        .object({
          Queues: Ids(100).optional(),
          ContactFilter: z.object({ ContactStates: z.array(z.enum(AGENT_CONTACT_STATES)).max(9).optional() }).optional(),
          RoutingProfiles: Ids(100).optional(),
          Agents: Ids(100).optional(),
          UserHierarchyGroups: Ids(1).optional(),
        })
        .refine(
          (f) => [f.Queues, f.RoutingProfiles, f.Agents, f.UserHierarchyGroups].filter((x) => x !== undefined).length <= 1,
          { message: 'At most one of Queues, RoutingProfiles, Agents and UserHierarchyGroups' },
        ),
      NextToken,
      MaxResults: MaxResults(100),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const f = input.Filters;
      // Switchboard has no agent hierarchies: no group exists.
      if (f.UserHierarchyGroups)
        throw new ResourceNotFoundException(`User hierarchy group not found: ${f.UserHierarchyGroups[0]}`, {
          ResourceId: f.UserHierarchyGroups[0],
        });
      const ir = ctx.routing.instance(instance.id);
      const users = currentUserData(
        ir.engine,
        ir.config,
        {
          ...(f.Queues ? { queues: f.Queues } : {}),
          ...(f.RoutingProfiles ? { routingProfiles: f.RoutingProfiles } : {}),
          ...(f.Agents ? { agents: f.Agents } : {}),
          ...(f.ContactFilter?.ContactStates ? { contactStates: f.ContactFilter.ContactStates } : {}),
        },
        (contactId) => {
          const doc = ir.docs.get(contactId);
          return doc
            ? { initiationMethod: doc.initiationMethod, ...(doc.runtime.queueId ? { queueId: doc.runtime.queueId } : {}) }
            : undefined;
        },
      );
      const page = pageOf(users, pageRequest(input.MaxResults, input.NextToken));
      return { UserDataList: page.items, NextToken: page.nextToken, ApproximateTotalCount: users.length };
    },
  }),
];
