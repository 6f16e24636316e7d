/**
 * What every admin handler gets, and the small lookups they all share: the instance a
 * request names (checked against the caller's scope), a resource by id or ARN, paging.
 */
import {
  AccessDeniedException,
  idFromIdOrArn,
  type Instance,
  type InstanceCoords,
  InvalidParameterException,
  type ResourceKind,
  type ResourceKinds,
  ResourceNotFoundException,
} from '@switchboard/core';
import type { FastifyBaseLogger } from 'fastify';
import type { RoutingService } from '../../routing/service.js';
import type { PageRequest, Store } from '../../storage/types.js';

/** Who is calling: an access key scoped to some instances, or to all (the root key). */
export interface Principal {
  readonly accessKeyId: string;
  readonly instanceIds: 'all' | ReadonlySet<string>;
}

export interface AdminContext {
  readonly store: Store;
  readonly principal: Principal;
  /** Injected clock, epoch ms. */
  readonly now: () => number;
  readonly hashPassword: (password: string) => Promise<string>;
  readonly newId: () => string;
  /** The URL clients reach this server at, e.g. `http://127.0.0.1:8787`. */
  readonly publicUrl: () => string;
  readonly log: FastifyBaseLogger;
  /** Live routing: contacts, agents, queues at run time. */
  readonly routing: RoutingService;
}

export const canSee = (p: Principal, instanceId: string): boolean => p.instanceIds === 'all' || p.instanceIds.has(instanceId);

/** The instance named by an `InstanceId` label (an id or an ARN). */
export async function requireInstance(ctx: AdminContext, idOrArn: string): Promise<Instance> {
  const id = idFromIdOrArn(idOrArn);
  // Instances do not change while the server runs: the served ones are in memory.
  const instance = ctx.routing.served(id)?.config.instance ?? (await ctx.store.instances.get(id));
  if (!instance) throw new ResourceNotFoundException(`Instance not found: ${id}`, { ResourceType: 'INSTANCE', ResourceId: id });
  if (!canSee(ctx.principal, instance.id))
    throw new AccessDeniedException(`Access key ${ctx.principal.accessKeyId} is not allowed to use instance ${id}`);
  return instance;
}

export const coords = (i: Instance): InstanceCoords => ({ region: i.region, accountId: i.accountId, instanceId: i.id });

const LABEL: Record<ResourceKind, string> = {
  user: 'User',
  queue: 'Queue',
  routingProfile: 'Routing profile',
  securityProfile: 'Security profile',
  agentStatus: 'Agent status',
  hoursOfOperation: 'Hours of operation',
  quickConnect: 'Quick connect',
  contactFlow: 'Contact flow',
  wrapUpCode: 'Wrap-up code',
  quickResponse: 'Quick response',
  view: 'View',
  widget: 'Widget configuration',
  taskTemplate: 'Task template',
  accessKey: 'Access key',
};

/** A resource by id or ARN, or ResourceNotFoundException naming what was missing. */
export async function requireResource<K extends ResourceKind>(
  ctx: Pick<AdminContext, 'store'>,
  instance: Instance,
  kind: K,
  idOrArn: string,
): Promise<ResourceKinds[K]> {
  const id = idFromIdOrArn(idOrArn);
  const found = await ctx.store.resources.get(instance.id, kind, id);
  if (!found) throw new ResourceNotFoundException(`${LABEL[kind]} not found: ${id}`, { ResourceId: id });
  return found;
}

/** Checks that every referenced id exists; answers InvalidParameterException otherwise. */
export async function requireReferences(
  ctx: AdminContext,
  instance: Instance,
  kind: ResourceKind,
  idsOrArns: readonly string[],
  member: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const v of idsOrArns) {
    const id = idFromIdOrArn(v);
    if (!(await ctx.store.resources.get(instance.id, kind, id)))
      throw new InvalidParameterException(`${member}: ${LABEL[kind].toLowerCase()} ${id} does not exist`);
    ids.push(id);
  }
  return ids;
}

/** The one id of a single reference member (see requireReferences). */
export async function requireReference(
  ctx: AdminContext,
  instance: Instance,
  kind: ResourceKind,
  idOrArn: string,
  member: string,
): Promise<string> {
  const [id] = await requireReferences(ctx, instance, kind, [idOrArn], member);
  return id as string;
}

/** The patch of the Update*Name operations: only the members the caller sent. */
export const nameAndDescription = (input: { Name?: string | undefined; Description?: string | undefined }) => ({
  ...(input.Name !== undefined ? { name: input.Name } : {}),
  ...(input.Description !== undefined ? { description: input.Description } : {}),
});

export const DEFAULT_PAGE_SIZE = 100;

export const pageRequest = (maxResults: number | undefined, nextToken: string | undefined): PageRequest => ({
  limit: maxResults ?? DEFAULT_PAGE_SIZE,
  ...(nextToken ? { nextToken } : {}),
});

/** Connect's timestamps are epoch seconds on the wire (fractions allowed). */
export const epochSeconds = (ms: number): number => ms / 1000;

/** Runs `fn` in one storage transaction, with a context whose store is bound to it. */
export const inTransaction = <T>(ctx: AdminContext, fn: (c: AdminContext) => Promise<T>): Promise<T> =>
  ctx.store.transaction((store) => fn({ ...ctx, store }));

/** Read-modify-write of one resource in a transaction; answers `{}` like Connect's Update* operations. */
export async function updateResource<K extends ResourceKind>(
  ctx: AdminContext,
  instanceIdOrArn: string,
  kind: K,
  idOrArn: string,
  change: (
    current: ResourceKinds[K],
    c: AdminContext,
    instance: Instance,
  ) => Promise<Partial<ResourceKinds[K]>> | Partial<ResourceKinds[K]>,
): Promise<Record<string, never>> {
  const instance = await requireInstance(ctx, instanceIdOrArn);
  await inTransaction(ctx, async (c) => {
    const current = await requireResource(c, instance, kind, idOrArn);
    const next = { ...current, ...(await change(current, c, instance)), lastModifiedTime: ctx.now() } as ResourceKinds[K];
    await c.store.resources.update(instance.id, kind, next);
  });
  return {};
}
