/**
 * CreateAgentStatus, DescribeAgentStatus, UpdateAgentStatus, ListAgentStatuses.
 *
 * Our types are ROUTABLE / NOT_ROUTABLE / OFFLINE; Connect calls NOT_ROUTABLE `CUSTOM`.
 * The API creates CUSTOM statuses only and never deletes (State=DISABLED instead); the
 * ROUTABLE and OFFLINE statuses cannot be disabled.
 */
import {
  type AgentStatus,
  type AgentStatusType,
  DuplicateResourceException,
  type Instance,
  InvalidParameterException,
  resourceArn,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import { type AdminContext, coords, epochSeconds, pageRequest, requireInstance, requireResource } from './context.js';
import { pageOf } from './paging.js';
import { Description, Id, InstanceId, MaxResults, Name, NextToken, PAGING_QUERY, Tags } from './shapes.js';

const op = defineOperation<AdminContext>();

const WireType = z.enum(['ROUTABLE', 'CUSTOM', 'OFFLINE']);
type WireType = z.output<typeof WireType>;
const State = z.enum(['ENABLED', 'DISABLED']);
const DisplayOrder = z.number().int().min(1).max(50);

const TO_WIRE: Record<AgentStatusType, WireType> = { ROUTABLE: 'ROUTABLE', NOT_ROUTABLE: 'CUSTOM', OFFLINE: 'OFFLINE' };
const FROM_WIRE: Record<WireType, AgentStatusType> = { ROUTABLE: 'ROUTABLE', CUSTOM: 'NOT_ROUTABLE', OFFLINE: 'OFFLINE' };

const toWire = (s: AgentStatus, instance: Instance) => ({
  AgentStatusARN: resourceArn(coords(instance), 'agentStatus', s.id),
  AgentStatusId: s.id,
  Name: s.name,
  Description: s.description,
  Type: TO_WIRE[s.type],
  DisplayOrder: s.displayOrder,
  State: s.state,
  Tags: s.tags,
  LastModifiedTime: epochSeconds(s.lastModifiedTime),
  LastModifiedRegion: instance.region,
});

/** Throws DuplicateResourceException when another status already has `name`. */
async function requireFreeName(ctx: AdminContext, instance: Instance, name: string, self?: string): Promise<void> {
  const other = await ctx.store.resources.getByName(instance.id, 'agentStatus', name);
  if (other && other.id !== self) throw new DuplicateResourceException(`Agent status ${name} already exists`);
}

/** One past the highest display order in use (excluding `self`): where a new or reset status goes. */
async function nextDisplayOrder(ctx: AdminContext, instance: Instance, self?: string): Promise<number> {
  const all = await ctx.store.resources.all(instance.id, 'agentStatus');
  return Math.max(0, ...all.filter((s) => s.id !== self).map((s) => s.displayOrder)) + 1;
}

export const agentStatusOperations = [
  op({
    name: 'CreateAgentStatus',
    method: 'PUT',
    path: '/agent-status/{InstanceId}',
    input: z.object({
      InstanceId,
      Name,
      State,
      Description: Description.optional(),
      DisplayOrder: DisplayOrder.optional(),
      Tags,
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      await requireFreeName(ctx, instance, input.Name);
      const status: AgentStatus = {
        id: ctx.newId(),
        name: input.Name,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        tags: input.Tags ?? {},
        lastModifiedTime: ctx.now(),
        type: 'NOT_ROUTABLE',
        displayOrder: input.DisplayOrder ?? (await nextDisplayOrder(ctx, instance)),
        state: input.State,
      };
      await ctx.store.resources.create(instance.id, 'agentStatus', status);
      return { AgentStatusId: status.id, AgentStatusARN: resourceArn(coords(instance), 'agentStatus', status.id) };
    },
  }),
  op({
    name: 'DescribeAgentStatus',
    method: 'GET',
    path: '/agent-status/{InstanceId}/{AgentStatusId}',
    input: z.object({ InstanceId, AgentStatusId: Id }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      return { AgentStatus: toWire(await requireResource(ctx, instance, 'agentStatus', input.AgentStatusId), instance) };
    },
  }),
  op({
    name: 'UpdateAgentStatus',
    method: 'POST',
    path: '/agent-status/{InstanceId}/{AgentStatusId}',
    input: z.object({
      InstanceId,
      AgentStatusId: Id,
      Name: Name.optional(),
      Description: Description.optional(),
      State: State.optional(),
      DisplayOrder: DisplayOrder.optional(),
      ResetOrderNumber: z.boolean().optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const status = await requireResource(ctx, instance, 'agentStatus', input.AgentStatusId);
      if (input.State === 'DISABLED' && status.type !== 'NOT_ROUTABLE')
        throw new InvalidParameterException(`The ${TO_WIRE[status.type]} agent status cannot be disabled`);
      if (input.ResetOrderNumber && input.DisplayOrder !== undefined)
        throw new InvalidParameterException('DisplayOrder and ResetOrderNumber cannot be used together');
      if (input.Name !== undefined) await requireFreeName(ctx, instance, input.Name, status.id);
      const displayOrder = input.ResetOrderNumber
        ? await nextDisplayOrder(ctx, instance, status.id)
        : (input.DisplayOrder ?? status.displayOrder);
      await ctx.store.resources.update(instance.id, 'agentStatus', {
        ...status,
        ...(input.Name !== undefined ? { name: input.Name } : {}),
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(input.State !== undefined ? { state: input.State } : {}),
        displayOrder,
        lastModifiedTime: ctx.now(),
      });
      return {};
    },
  }),
  op({
    name: 'ListAgentStatuses',
    method: 'GET',
    path: '/agent-status/{InstanceId}',
    query: { ...PAGING_QUERY, AgentStatusTypes: ['AgentStatusTypes', 'list'] },
    input: z.object({
      InstanceId,
      MaxResults: MaxResults(1000),
      NextToken,
      AgentStatusTypes: z.array(WireType).max(3).optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const req = pageRequest(input.MaxResults, input.NextToken);
      const types = input.AgentStatusTypes?.map((t) => FROM_WIRE[t]);
      // A type filter pages over the (small) filtered set in memory; no filter pages in storage.
      const page = types
        ? pageOf(
            (await ctx.store.resources.all(instance.id, 'agentStatus')).filter((s) => types.includes(s.type)),
            req,
          )
        : await ctx.store.resources.list(instance.id, 'agentStatus', req);
      return {
        AgentStatusSummaryList: page.items.map((s) => {
          const w = toWire(s, instance);
          return {
            Id: w.AgentStatusId,
            Arn: w.AgentStatusARN,
            Name: w.Name,
            Type: w.Type,
            LastModifiedTime: w.LastModifiedTime,
            LastModifiedRegion: w.LastModifiedRegion,
          };
        }),
        NextToken: page.nextToken,
      };
    },
  }),
];
