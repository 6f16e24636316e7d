/**
 * Applies a validated instance file to storage at start.
 *
 * Rule: a resource whose definition in the file changed since the last start (or is new)
 * is written from the file; one whose definition did not change is left as it is in
 * storage, so changes made through the admin API — including deletions — survive
 * restarts. Each applied definition's hash is kept in `config_applied`.
 */
import { createHash } from 'node:crypto';
import {
  type AccessKey,
  type AgentStatus,
  type ContactFlow,
  type Channel,
  CHANNELS,
  type HoursOfOperation,
  type Instance,
  type InstanceConfig,
  type Queue,
  type QuickConnect,
  type QuickResponse,
  type ResourceKind,
  type ResourceKinds,
  type RoutingProfile,
  type SecurityProfile,
  type TaskTemplate,
  type User,
  type View,
  type WidgetConfiguration,
  type WrapUpCode,
  buildSimpleFlow,
  hoursOfOperationRanges,
  listPickerContent,
  quickRepliesContent,
} from '@switchboard/core';
import type { KeyRing } from '../api/admin/auth.js';
import type { Store } from '../storage/types.js';
import { nameBasedId } from './ids.js';

export interface ApplyOptions {
  readonly now: () => number;
  readonly hashPassword: (password: string) => Promise<string>;
}

export interface AppliedConfig {
  readonly instance: Instance;
  readonly accessKeys: readonly AccessKey[];
}

/** The built-in transfer flows quick connects use when the file names none (as in Connect). */
export const DEFAULT_QUEUE_TRANSFER_FLOW = 'Default queue transfer';
export const DEFAULT_AGENT_TRANSFER_FLOW = 'Default agent transfer';

const definitionHash = (def: unknown): string => createHash('sha256').update(JSON.stringify(def)).digest('hex');

export async function applyInstanceConfig(store: Store, config: InstanceConfig, opts: ApplyOptions): Promise<AppliedConfig> {
  const now = opts.now();
  const instanceId = config.instance.id ?? nameBasedId('instance', config.instance.alias);
  return store.transaction(async (tx) => {
    const existing = await tx.instances.get(instanceId);
    const instance: Instance = {
      id: instanceId,
      alias: config.instance.alias,
      region: config.instance.region,
      accountId: config.instance.accountId,
      approvedOrigins: config.instance.approvedOrigins,
      ...(config.instance.taskExpiryMinutes !== undefined ? { taskExpiryMinutes: config.instance.taskExpiryMinutes } : {}),
      createdTime: existing?.createdTime ?? now,
      tags: existing?.tags ?? {},
    };
    await tx.instances.put(instance);

    // Resolve every name to an id first: an existing resource of that name keeps its id
    // (it may have been created through the API), otherwise the name-based id.
    const ids = new Map<string, string>();
    const idOf = (kind: ResourceKind, name: string): string => {
      const id = ids.get(`${kind}\0${name}`);
      if (!id) throw new Error(`config: no ${kind} named ${name}`); // validateConfig guarantees references
      return id;
    };
    const declare = async (kind: ResourceKind, names: readonly string[]) => {
      for (const name of names) {
        const found = await tx.resources.getByName(instanceId, kind, name);
        ids.set(`${kind}\0${name}`, found?.id ?? nameBasedId(instanceId, kind, name));
      }
    };
    const flowNames = [...config.contactFlows.map((f) => f.name)];
    const builtinFlows = (
      [
        ['QUEUE', DEFAULT_QUEUE_TRANSFER_FLOW, 'QUEUE_TRANSFER'],
        ['USER', DEFAULT_AGENT_TRANSFER_FLOW, 'AGENT_TRANSFER'],
      ] as const
    ).filter(([type, name]) => config.quickConnects.some((q) => q.type === type && !q.flow) && !flowNames.includes(name));
    flowNames.push(...builtinFlows.map(([, name]) => name));
    await declare(
      'hoursOfOperation',
      config.hoursOfOperation.map((h) => h.name),
    );
    await declare(
      'securityProfile',
      config.securityProfiles.map((s) => s.name),
    );
    await declare(
      'agentStatus',
      config.agentStatuses.map((s) => s.name),
    );
    await declare(
      'queue',
      config.queues.map((q) => q.name),
    );
    await declare(
      'routingProfile',
      config.routingProfiles.map((r) => r.name),
    );
    await declare(
      'user',
      config.users.map((u) => u.username),
    );
    await declare(
      'quickConnect',
      config.quickConnects.map((q) => q.name),
    );
    await declare('contactFlow', flowNames);
    await declare(
      'wrapUpCode',
      config.wrapUpCodes.map((w) => w.name),
    );
    await declare(
      'quickResponse',
      config.quickResponses.map((r) => r.name),
    );
    await declare(
      'view',
      config.views.map((v) => v.name),
    );
    await declare(
      'taskTemplate',
      config.taskTemplates.map((t) => t.name),
    );
    await declare(
      'accessKey',
      config.accessKeys.map((k) => k.accessKeyId),
    );
    // Widgets: the id the file gives wins (it is in embed snippets), else as the others.
    for (const w of config.widgets) {
      const found = await tx.resources.getByName(instanceId, 'widget', w.name);
      ids.set(`widget\0${w.name}`, w.id?.toLowerCase() ?? found?.id ?? nameBasedId(instanceId, 'widget', w.name));
    }

    /** Writes `build()` when the definition changed since it was last applied. */
    const apply = async <K extends ResourceKind>(
      kind: K,
      name: string,
      def: unknown,
      build: (id: string) => Promise<ResourceKinds[K]> | ResourceKinds[K],
    ) => {
      const hash = definitionHash(def);
      if ((await tx.configApplied.get(instanceId, kind, name)) === hash) return;
      await tx.resources.upsert(instanceId, kind, await build(idOf(kind, name)));
      await tx.configApplied.put(instanceId, kind, name, hash);
    };
    const base = (id: string, name: string, description?: string) => ({
      id,
      name,
      ...(description ? { description } : {}),
      tags: {},
      lastModifiedTime: now,
    });

    for (const h of config.hoursOfOperation) {
      await apply('hoursOfOperation', h.name, h, (id): HoursOfOperation => {
        return { ...base(id, h.name, h.description), timeZone: h.timeZone, config: hoursOfOperationRanges(h) };
      });
    }
    for (const s of config.securityProfiles) {
      await apply(
        'securityProfile',
        s.name,
        s,
        (id): SecurityProfile => ({ ...base(id, s.name, s.description), permissions: s.permissions }),
      );
    }
    for (const [i, s] of config.agentStatuses.entries()) {
      await apply(
        'agentStatus',
        s.name,
        { ...s, i },
        (id): AgentStatus => ({
          ...base(id, s.name, s.description),
          type: s.type,
          displayOrder: s.displayOrder ?? i + 1,
          state: s.enabled ? 'ENABLED' : 'DISABLED',
        }),
      );
    }
    const allQuickConnectIds = config.quickConnects.map((q) => idOf('quickConnect', q.name));
    for (const q of config.queues) {
      await apply(
        'queue',
        q.name,
        { q, allQuickConnectIds },
        (id): Queue => ({
          ...base(id, q.name, q.description),
          hoursOfOperationId: idOf('hoursOfOperation', q.hoursOfOperation),
          ...(q.maxContacts !== undefined ? { maxContacts: q.maxContacts } : {}),
          status: q.enabled ? 'ENABLED' : 'DISABLED',
          ...(q.outboundCallerIdName ? { outboundCallerConfig: { outboundCallerIdName: q.outboundCallerIdName } } : {}),
          quickConnectIds: q.quickConnects ? q.quickConnects.map((n) => idOf('quickConnect', n)) : allQuickConnectIds,
        }),
      );
    }
    for (const r of config.routingProfiles) {
      await apply(
        'routingProfile',
        r.name,
        r,
        (id): RoutingProfile => ({
          ...base(id, r.name, r.description),
          defaultOutboundQueueId: idOf('queue', r.defaultOutboundQueue),
          mediaConcurrencies: CHANNELS.flatMap((channel: Channel) => {
            const concurrency = r.concurrency[channel];
            return concurrency === undefined
              ? []
              : [{ channel, concurrency, crossChannelBehavior: r.crossChannelBehavior[channel] }];
          }),
          queueConfigs: r.queues.map((e) => ({
            queueId: idOf('queue', e.queue),
            channel: e.channel,
            priority: e.priority,
            delay: e.delay,
          })),
          agentAvailabilityTimer: r.agentAvailabilityTimer,
        }),
      );
    }
    for (const u of config.users) {
      await apply(
        'user',
        u.username,
        u,
        async (id): Promise<User> => ({
          ...base(id, u.username),
          ...(u.password ? { passwordHash: await opts.hashPassword(u.password) } : {}),
          identityInfo: {
            ...(u.firstName ? { firstName: u.firstName } : {}),
            ...(u.lastName ? { lastName: u.lastName } : {}),
            ...(u.email ? { email: u.email } : {}),
          },
          phoneConfig: {
            phoneType: 'SOFT_PHONE',
            autoAccept: u.autoAccept.VOICE ?? false,
            afterContactWorkTimeLimit: u.afterContactWorkTimeout,
          },
          routingProfileId: idOf('routingProfile', u.routingProfile),
          securityProfileIds: u.securityProfiles.map((n) => idOf('securityProfile', n)),
          autoAccept: u.autoAccept,
          afterContactWorkTimeLimit: Object.fromEntries(CHANNELS.map((c) => [c, u.afterContactWorkTimeout])),
        }),
      );
    }
    for (const f of config.contactFlows) {
      await apply(
        'contactFlow',
        f.name,
        f,
        (id): ContactFlow => ({
          ...base(id, f.name, f.description),
          type: f.type,
          state: 'ACTIVE',
          status: 'PUBLISHED',
          content: buildSimpleFlow({
            ...(f.queue ? { queueId: idOf('queue', f.queue) } : {}),
            ...(f.greeting ? { greeting: f.greeting } : {}),
            interactive: [
              ...(f.listPicker ? [listPickerContent(f.listPicker)] : []),
              ...(f.quickReplies ? [quickRepliesContent(f.quickReplies)] : []),
            ],
          }),
        }),
      );
    }
    for (const [, name, type] of builtinFlows) {
      await apply(
        'contactFlow',
        name,
        `builtin-1-${type}`,
        (id): ContactFlow => ({
          ...base(id, name, "Built in: transfers to the quick connect's destination."),
          type,
          state: 'ACTIVE',
          status: 'PUBLISHED',
          content: buildSimpleFlow({}),
        }),
      );
    }
    for (const q of config.quickConnects) {
      await apply('quickConnect', q.name, q, (id): QuickConnect => {
        const contactFlowId = idOf(
          'contactFlow',
          q.flow ?? (q.type === 'USER' ? DEFAULT_AGENT_TRANSFER_FLOW : DEFAULT_QUEUE_TRANSFER_FLOW),
        );
        return {
          ...base(id, q.name, q.description),
          type: q.type,
          ...(q.type === 'USER' && q.user ? { userConfig: { userId: idOf('user', q.user), contactFlowId } } : {}),
          ...(q.type === 'QUEUE' && q.queue ? { queueConfig: { queueId: idOf('queue', q.queue), contactFlowId } } : {}),
          ...(q.type === 'PHONE_NUMBER' && q.phoneNumber ? { phoneConfig: { phoneNumber: q.phoneNumber } } : {}),
        };
      });
    }
    for (const w of config.wrapUpCodes) {
      await apply('wrapUpCode', w.name, w, (id): WrapUpCode => base(id, w.name, w.description));
    }
    for (const r of config.quickResponses) {
      await apply(
        'quickResponse',
        r.name,
        r,
        (id): QuickResponse => ({
          ...base(id, r.name, r.description),
          ...(r.shortcut !== undefined ? { shortcut: r.shortcut } : {}),
          channels: r.channels,
          content: r.content,
        }),
      );
    }
    for (const v of config.views) {
      const text = (x: string | Record<string, unknown> | undefined, fallback: string) =>
        x === undefined ? fallback : typeof x === 'string' ? x : JSON.stringify(x);
      await apply(
        'view',
        v.name,
        v,
        (id): View => ({
          ...base(id, v.name, v.description),
          template: text(v.template, '{}'),
          inputSchema: text(v.inputSchema, '{}'),
          actions: v.actions,
          version: 1,
        }),
      );
    }
    for (const w of config.widgets) {
      await apply('widget', w.name, w, async (id): Promise<WidgetConfiguration> => {
        // A widget of this name with another id (made through the API) gives way to the file's.
        const other = await tx.resources.getByName(instanceId, 'widget', w.name);
        if (other && other.id !== id) await tx.resources.delete(instanceId, 'widget', other.id);
        return {
          ...base(id, w.name, w.description),
          contactFlowId: idOf('contactFlow', w.flow),
          allowedOrigins: w.allowedOrigins,
          attributes: w.attributes,
          preChatForm: w.preChatForm,
          greeting: w.greeting,
          offlineMessage: w.offlineMessage,
          ...(w.leaveMessage ? { leaveMessage: w.leaveMessage } : {}),
          ...(w.voice ? { voice: w.voice } : {}),
          theme: w.theme,
          persistence: w.persistence,
          maxOpenChatsPerVisitor: w.maxOpenChatsPerVisitor,
          rateLimit: w.rateLimit,
        };
      });
    }
    for (const t of config.taskTemplates) {
      await apply('taskTemplate', t.name, t, async (id): Promise<TaskTemplate> => {
        const previous = await tx.resources.get(instanceId, 'taskTemplate', id);
        return {
          ...base(id, t.name, t.description),
          ...(t.flow !== undefined ? { contactFlowId: idOf('contactFlow', t.flow) } : {}),
          status: t.status,
          fields: t.fields,
          constraints: t.constraints,
          defaults: t.defaults,
          createdTime: previous?.createdTime ?? now,
        };
      });
    }
    for (const k of config.accessKeys) {
      await apply(
        'accessKey',
        k.accessKeyId,
        k,
        (id): AccessKey => ({ ...base(id, k.accessKeyId, k.description), secretAccessKey: k.secretAccessKey }),
      );
    }
    return { instance, accessKeys: await tx.resources.all(instanceId, 'accessKey') };
  });
}

/**
 * The access keys the admin API accepts: the instance's own, plus a root key from the
 * environment when given — which then replaces the documented demo key.
 */
export function buildKeyRing(
  instanceKeys: readonly AccessKey[],
  instanceId: string,
  rootKey: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined,
  isDemo: boolean,
): KeyRing {
  const ring = new Map<string, { secret: string; instanceIds: 'all' | ReadonlySet<string> }>();
  if (!(rootKey && isDemo))
    for (const k of instanceKeys) ring.set(k.name, { secret: k.secretAccessKey, instanceIds: new Set([instanceId]) });
  if (rootKey) ring.set(rootKey.accessKeyId, { secret: rootKey.secretAccessKey, instanceIds: 'all' });
  return ring;
}
