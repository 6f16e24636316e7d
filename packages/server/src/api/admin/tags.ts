/**
 * TagResource, UntagResource, ListTagsForResource: the tags of an instance or of any
 * resource in it, addressed by ARN (infrastructure-as-code tools read and write tags this
 * way after creating a resource). Tagging does not change a resource's LastModifiedTime.
 */
import { ArnSegment, InvalidParameterException, type ResourceKind, ResourceNotFoundException, parseArn } from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import { type AdminContext, inTransaction, requireInstance } from './context.js';

const op = defineOperation<AdminContext>();

/** Connect's limit of tags on one resource. */
const MAX_TAGS = 50;

/** The ARN segments of the resources that carry tags, back to their kind. */
const KIND_OF_SEGMENT = new Map<string, ResourceKind>(
  (
    [
      'user',
      'queue',
      'routingProfile',
      'securityProfile',
      'agentStatus',
      'hoursOfOperation',
      'quickConnect',
      'contactFlow',
      'widget',
      'taskTemplate',
    ] as const
  ).map((kind) => [ArnSegment[kind], kind]),
);

const resourceArn = z.string().min(1).max(1011);
// Keys as Connect allows them: letters, digits, spaces and _.:/=+-@, not starting with `aws:`.
const TagKey = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
    'Tag keys use letters, digits, spaces and _.:/=+-@ and do not start with aws:',
  );
const TagValue = z
  .string()
  .max(256)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, 'Tag values use letters, digits, spaces and _.:/=+-@');

type Target =
  | { readonly kind: 'instance'; readonly instanceId: string }
  | { readonly kind: ResourceKind; readonly instanceId: string; readonly id: string };

/** What the ARN names, once the caller may see its instance; ResourceNotFound otherwise. */
async function target(ctx: AdminContext, arn: string): Promise<{ target: Target; tags: Record<string, string> }> {
  const parsed = parseArn(arn);
  if (!parsed) throw new InvalidParameterException(`Not an Amazon Connect ARN: ${arn}`);
  const instance = await requireInstance(ctx, parsed.instanceId);
  const notFound = () => new ResourceNotFoundException(`No taggable resource has the ARN ${arn}`);
  if (parsed.region !== instance.region || parsed.accountId !== instance.accountId) throw notFound();
  if (parsed.segment === undefined) {
    const stored = await ctx.store.instances.get(instance.id);
    if (!stored) throw notFound();
    return { target: { kind: 'instance', instanceId: instance.id }, tags: { ...stored.tags } };
  }
  const kind = KIND_OF_SEGMENT.get(parsed.segment);
  const id = parsed.resourceId;
  // Agent queues (…/queue/agent/<user>) are implicit and carry no tags.
  if (!kind || !id || id.includes('/')) throw notFound();
  const found = await ctx.store.resources.get(instance.id, kind, id);
  if (!found) throw notFound();
  return { target: { kind, instanceId: instance.id, id }, tags: { ...found.tags } };
}

/** Reads the target's tags, lets `change` edit them and stores the result, in one transaction. */
async function retag(ctx: AdminContext, arn: string, change: (tags: Record<string, string>) => void): Promise<void> {
  const changedInstance = await inTransaction(ctx, async (c) => {
    const { target: t, tags } = await target(c, arn);
    change(tags);
    if (Object.keys(tags).length > MAX_TAGS)
      throw new InvalidParameterException(
        `A resource has at most ${MAX_TAGS} tags; this would give it ${Object.keys(tags).length}`,
      );
    if (t.kind === 'instance') {
      const stored = await c.store.instances.get(t.instanceId);
      if (stored) await c.store.instances.put({ ...stored, tags });
      return t.instanceId;
    }
    const current = await c.store.resources.get(t.instanceId, t.kind, t.id);
    if (current) await c.store.resources.update(t.instanceId, t.kind, { ...current, tags });
    return undefined;
  });
  // Routing keeps the served instance in memory (DescribeInstance reads it there).
  if (changedInstance) await ctx.routing.configChanged(changedInstance);
}

export const tagOperations = [
  op({
    name: 'TagResource',
    method: 'POST',
    path: '/tags/{resourceArn}',
    input: z.object({ resourceArn, tags: z.record(TagKey, TagValue) }),
    handler: async (input, ctx) => {
      const entries = Object.entries(input.tags);
      if (entries.length === 0) throw new InvalidParameterException('tags must name at least one tag');
      if (entries.length > MAX_TAGS) throw new InvalidParameterException(`At most ${MAX_TAGS} tags at once`);
      await retag(ctx, input.resourceArn, (tags) => {
        for (const [k, v] of entries) tags[k] = v;
      });
      return {};
    },
  }),
  op({
    name: 'UntagResource',
    method: 'DELETE',
    path: '/tags/{resourceArn}',
    query: { tagKeys: ['tagKeys', 'list'] },
    input: z.object({ resourceArn, tagKeys: z.array(z.string().min(1).max(128)).min(1).max(MAX_TAGS) }),
    // Keys the resource does not have are ignored (the call is idempotent).
    handler: async (input, ctx) => {
      await retag(ctx, input.resourceArn, (tags) => {
        for (const k of input.tagKeys) delete tags[k];
      });
      return {};
    },
  }),
  op({
    name: 'ListTagsForResource',
    method: 'GET',
    path: '/tags/{resourceArn}',
    input: z.object({ resourceArn }),
    handler: async (input, ctx) => ({ tags: (await target(ctx, input.resourceArn)).tags }),
  }),
];
