/**
 * CreateHoursOfOperation, DescribeHoursOfOperation, UpdateHoursOfOperation,
 * DeleteHoursOfOperation, ListHoursOfOperations.
 *
 * Connect's wire times are 00:00..23:59; an EndTime of 00:00 means midnight at the end
 * of the day (00:00-00:00 is open all day). We store that end as 24:00 and write it back
 * as 00:00. An end before the start wraps past midnight.
 */
import {
  DuplicateResourceException,
  type HoursOfOperation,
  type HoursOfOperationRange,
  type Instance,
  InvalidParameterException,
  ResourceInUseException,
  resourceArn,
  type TimeOfDay,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import { type AdminContext, coords, epochSeconds, pageRequest, requireInstance, requireResource } from './context.js';
import { Description, Id, InstanceId, MaxResults, Name, NextToken, PAGING_QUERY, Tags } from './shapes.js';

const op = defineOperation<AdminContext>();

const TimeSlice = z.object({ Hours: z.number().int().min(0).max(23), Minutes: z.number().int().min(0).max(59) });
const Config = z
  .array(
    z.object({
      Day: z.enum(['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY']),
      StartTime: TimeSlice,
      EndTime: TimeSlice,
    }),
  )
  .max(100);
/** An IANA zone name as the runtime's ICU knows it (offsets like "+01:00" are refused). */
const TimeZone = z
  .string()
  .min(1)
  .max(100)
  .refine((tz) => {
    if (!/^[A-Za-z]/.test(tz)) return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'TimeZone must be an IANA time zone such as America/New_York');

const toRange = (c: z.output<typeof Config>[number]): HoursOfOperationRange => {
  const start: TimeOfDay = { hours: c.StartTime.Hours, minutes: c.StartTime.Minutes };
  const midnight = c.EndTime.Hours === 0 && c.EndTime.Minutes === 0;
  const end: TimeOfDay = midnight ? { hours: 24, minutes: 0 } : { hours: c.EndTime.Hours, minutes: c.EndTime.Minutes };
  if (!midnight && start.hours === end.hours && start.minutes === end.minutes)
    throw new InvalidParameterException(`Config: ${c.Day} starts and ends at the same time (use 00:00-00:00 for all day)`);
  return { day: c.Day, start, end };
};

const slice = (t: TimeOfDay) => (t.hours >= 24 ? { Hours: 0, Minutes: 0 } : { Hours: t.hours, Minutes: t.minutes });

const toWire = (h: HoursOfOperation, instance: Instance) => ({
  HoursOfOperationId: h.id,
  HoursOfOperationArn: resourceArn(coords(instance), 'hoursOfOperation', h.id),
  Name: h.name,
  Description: h.description,
  TimeZone: h.timeZone,
  Config: h.config.map((r) => ({ Day: r.day, StartTime: slice(r.start), EndTime: slice(r.end) })),
  Tags: h.tags,
  LastModifiedTime: epochSeconds(h.lastModifiedTime),
  LastModifiedRegion: instance.region,
});

async function requireFreeName(ctx: AdminContext, instance: Instance, name: string, self?: string): Promise<void> {
  const other = await ctx.store.resources.getByName(instance.id, 'hoursOfOperation', name);
  if (other && other.id !== self) throw new DuplicateResourceException(`Hours of operation ${name} already exists`);
}

const HoursRef = { InstanceId, HoursOfOperationId: Id };

export const hoursOfOperationOperations = [
  op({
    name: 'CreateHoursOfOperation',
    method: 'PUT',
    path: '/hours-of-operations/{InstanceId}',
    input: z.object({
      InstanceId,
      Name,
      Description: Description.optional(),
      TimeZone,
      Config,
      Tags,
      ParentHoursOfOperationConfigs: z
        .array(z.object({ HoursOfOperationId: Id }))
        .max(0, 'Parent hours of operation are not supported')
        .optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      await requireFreeName(ctx, instance, input.Name);
      const hours: HoursOfOperation = {
        id: ctx.newId(),
        name: input.Name,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        tags: input.Tags ?? {},
        lastModifiedTime: ctx.now(),
        timeZone: input.TimeZone,
        config: input.Config.map(toRange),
      };
      await ctx.store.resources.create(instance.id, 'hoursOfOperation', hours);
      return { HoursOfOperationId: hours.id, HoursOfOperationArn: resourceArn(coords(instance), 'hoursOfOperation', hours.id) };
    },
  }),
  op({
    name: 'DescribeHoursOfOperation',
    method: 'GET',
    path: '/hours-of-operations/{InstanceId}/{HoursOfOperationId}',
    input: z.object(HoursRef),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      return {
        HoursOfOperation: toWire(await requireResource(ctx, instance, 'hoursOfOperation', input.HoursOfOperationId), instance),
      };
    },
  }),
  op({
    name: 'UpdateHoursOfOperation',
    method: 'POST',
    path: '/hours-of-operations/{InstanceId}/{HoursOfOperationId}',
    input: z.object({
      ...HoursRef,
      Name: Name.optional(),
      Description: Description.optional(),
      TimeZone: TimeZone.optional(),
      Config: Config.optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const hours = await requireResource(ctx, instance, 'hoursOfOperation', input.HoursOfOperationId);
      if (input.Name !== undefined) await requireFreeName(ctx, instance, input.Name, hours.id);
      await ctx.store.resources.update(instance.id, 'hoursOfOperation', {
        ...hours,
        ...(input.Name !== undefined ? { name: input.Name } : {}),
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(input.TimeZone !== undefined ? { timeZone: input.TimeZone } : {}),
        ...(input.Config !== undefined ? { config: input.Config.map(toRange) } : {}),
        lastModifiedTime: ctx.now(),
      });
      return {};
    },
  }),
  op({
    name: 'DeleteHoursOfOperation',
    method: 'DELETE',
    path: '/hours-of-operations/{InstanceId}/{HoursOfOperationId}',
    input: z.object(HoursRef),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const hours = await requireResource(ctx, instance, 'hoursOfOperation', input.HoursOfOperationId);
      const queues = (await ctx.store.resources.all(instance.id, 'queue')).filter((q) => q.hoursOfOperationId === hours.id);
      if (queues.length > 0)
        throw new ResourceInUseException(
          `Hours of operation ${hours.name} is used by ${queues.length} queue(s): ${queues
            .slice(0, 5)
            .map((q) => q.name)
            .join(', ')}`,
        );
      await ctx.store.resources.delete(instance.id, 'hoursOfOperation', hours.id);
      return {};
    },
  }),
  op({
    name: 'ListHoursOfOperations',
    method: 'GET',
    path: '/hours-of-operations-summary/{InstanceId}',
    query: PAGING_QUERY,
    input: z.object({ InstanceId, MaxResults: MaxResults(1000), NextToken }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const page = await ctx.store.resources.list(
        instance.id,
        'hoursOfOperation',
        pageRequest(input.MaxResults, input.NextToken),
      );
      return {
        HoursOfOperationSummaryList: page.items.map((h) => {
          const w = toWire(h, instance);
          return {
            Id: w.HoursOfOperationId,
            Arn: w.HoursOfOperationArn,
            Name: w.Name,
            LastModifiedTime: w.LastModifiedTime,
            LastModifiedRegion: w.LastModifiedRegion,
          };
        }),
        NextToken: page.nextToken,
      };
    },
  }),
];
