/**
 * The task operations of the Connect API: StartTaskContact (its start is start-task.ts)
 * UpdateContact (name, description, references, segment attributes),
 * UpdateContactSchedule (a scheduled task's time, until it is queued) and
 * ListContactReferences (a task's references, by type). DescribeContact
 * and StopContact serve tasks as every contact (contacts.ts).
 */
import {
  type Instance,
  IdempotencyException,
  idFromIdOrArn,
  InvalidRequestException,
  ResourceNotFoundException,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import type { InstanceRouting } from '../../routing/instance.js';
import { type AdminContext, requireInstance } from '../admin/context.js';
import { InstanceId } from '../admin/shapes.js';
import { findDoc } from './docs.js';
import { IdempotencyCache } from './idempotency.js';
import { ContactId, SegmentAttributes } from './shapes.js';
import {
  References,
  scheduledMillis,
  StartTaskInput,
  type TaskAnswer,
  TaskDescription,
  TaskName,
  startTask,
  taskReferences,
  taskRequestDigest,
} from './start-task.js';

const op = defineOperation<AdminContext>();

/** ListContactReferences's union member for each reference type a task can carry. */
const SUMMARY_MEMBER = { URL: 'Url', STRING: 'String', NUMBER: 'Number', DATE: 'Date', EMAIL: 'Email' } as const;

/** A remembered StartTaskContact: its answer and the digest of its request. */
interface Started {
  readonly digest: string;
  readonly answer: TaskAnswer;
}
/** ClientTokens seen, per routing service (see contacts.ts), so they outlive any InstanceRouting. */
const tokensByService = new WeakMap<object, IdempotencyCache<Started>>();
const tokensOf = (ctx: AdminContext): IdempotencyCache<Started> => {
  let t = tokensByService.get(ctx.routing);
  if (!t) {
    t = new IdempotencyCache();
    tokensByService.set(ctx.routing, t);
  }
  return t;
};
const indexed = new WeakSet<InstanceRouting>();

/** A restart forgets the tokens: the live tasks still carry theirs. */
function indexClientTokens(ctx: AdminContext, ir: InstanceRouting): void {
  if (indexed.has(ir)) return;
  indexed.add(ir);
  for (const doc of ir.docs.values()) {
    const digest = doc.task?.requestDigest;
    if (doc.clientToken !== undefined && digest !== undefined)
      tokensOf(ctx).remember(ir.instanceId, doc.clientToken, doc.initiatedAt, { digest, answer: { ContactId: doc.contactId } });
  }
}

const routingOf = (ctx: AdminContext, instance: Instance): InstanceRouting => ctx.routing.instance(instance.id);

export const taskOperations = [
  op({
    name: 'StartTaskContact',
    method: 'PUT',
    path: '/contact/task',
    input: StartTaskInput,
    // Same token and body: the first answer again. Same token, other body: IdempotencyException.
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const ir = routingOf(ctx, instance);
      indexClientTokens(ctx, ir);
      const digest = taskRequestDigest(input);
      const started = await tokensOf(ctx).run(instance.id, input.ClientToken, ctx.now(), async () => ({
        digest,
        answer: await startTask(ctx, instance, ir, input),
      }));
      if (started.digest !== digest)
        throw new IdempotencyException(`ClientToken ${input.ClientToken} was already used with a different request`);
      return started.answer;
    },
  }),
  op({
    name: 'UpdateContact',
    method: 'POST',
    path: '/contacts/{InstanceId}/{ContactId}',
    input: z.object({
      InstanceId,
      ContactId,
      Name: TaskName.optional(),
      Description: TaskDescription.optional(),
      References: References.optional(),
      SegmentAttributes: SegmentAttributes.optional(),
      QueueInfo: z.object({ Id: z.string().max(500).optional() }).optional(),
      UserInfo: z.object({ UserId: z.string().max(500).optional() }).optional(),
      CustomerEndpoint: z.object({ Type: z.string().max(64).optional(), Address: z.string().max(256).optional() }).optional(),
      SystemEndpoint: z.object({ Type: z.string().max(64).optional(), Address: z.string().max(256).optional() }).optional(),
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      for (const member of ['QueueInfo', 'UserInfo', 'CustomerEndpoint', 'SystemEndpoint'] as const)
        if (input[member] !== undefined) throw new InvalidRequestException(`${member}: not supported by UpdateContact yet`);
      const ir = routingOf(ctx, instance);
      const contactId = idFromIdOrArn(input.ContactId);
      const doc = await findDoc(ctx, ir, contactId);
      if (!doc) throw new ResourceNotFoundException(`Contact not found: ${contactId}`, { ResourceId: contactId });
      const references = input.References !== undefined ? taskReferences(input.References) : undefined;
      if (references && !doc.task) throw new InvalidRequestException(`References: contact ${contactId} is not a task`);
      if (input.Name !== undefined) doc.name = input.Name;
      if (input.Description !== undefined) doc.description = input.Description;
      if (references && doc.task) doc.task.references = { ...doc.task.references, ...references };
      if (input.SegmentAttributes) doc.segmentAttributes = { ...doc.segmentAttributes, ...input.SegmentAttributes };
      await ir.step([], { docs: [doc] });
      return {};
    },
  }),
  op({
    name: 'UpdateContactSchedule',
    method: 'POST',
    path: '/contact/schedule',
    input: z.object({ InstanceId, ContactId, ScheduledTime: z.number() }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const ir = routingOf(ctx, instance);
      const contactId = idFromIdOrArn(input.ContactId);
      const doc = await findDoc(ctx, ir, contactId);
      if (!doc) throw new ResourceNotFoundException(`Contact not found: ${contactId}`, { ResourceId: contactId });
      const at = scheduledMillis(input.ScheduledTime, ctx.now());
      const live = ir.engine.contact(contactId);
      if (!live?.scheduled || live.phase !== 'init')
        throw new InvalidRequestException(
          live?.scheduled || doc.runtime.scheduled
            ? `ContactId: task ${contactId} was already routed (or ended); its schedule can no longer change`
            : `ContactId: contact ${contactId} is not a scheduled task`,
        );
      await ir.step([{ type: 'contact.schedule', contactId, queueId: live.scheduled.queueId, at }]);
      return {};
    },
  }),
  op({
    name: 'ListContactReferences',
    method: 'GET',
    path: '/contact/references/{InstanceId}/{ContactId}',
    query: { ReferenceTypes: ['referenceTypes', 'list'], NextToken: ['nextToken', 'string'] },
    input: z.object({
      InstanceId,
      ContactId,
      ReferenceTypes: z.array(z.string().min(1).max(64)).min(1).max(20),
      NextToken: z.string().min(1).max(2500).optional(),
    }),
    // Every reference of the task in one page (a task has at most 50).
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const ir = routingOf(ctx, instance);
      const contactId = idFromIdOrArn(input.ContactId);
      const doc = await findDoc(ctx, ir, contactId);
      if (!doc) throw new ResourceNotFoundException(`Contact not found: ${contactId}`, { ResourceId: contactId });
      const types = new Set(input.ReferenceTypes);
      return {
        ReferenceSummaryList: Object.entries(doc.task?.references ?? {})
          .filter(([, r]) => types.has(r.type))
          .map(([Name, r]) => ({ [SUMMARY_MEMBER[r.type]]: { Name, Value: r.value } })),
      };
    },
  }),
];
