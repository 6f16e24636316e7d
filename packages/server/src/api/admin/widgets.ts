/**
 * Customer chat widget configurations, Switchboard's own resource (Connect has none), in
 * Connect's style: SigV4, restJson1, Pascal-case members, epoch-second times, tags by ARN
 * (`…/instance/<id>/widget/<id>`).
 *
 *   PUT    /widgets/{InstanceId}                CreateWidgetConfiguration → { WidgetId, WidgetArn }
 *   GET    /widgets/{InstanceId}/{WidgetId}     DescribeWidgetConfiguration → { WidgetConfiguration }
 *   POST   /widgets/{InstanceId}/{WidgetId}     UpdateWidgetConfiguration (the members given) → {}
 *   DELETE /widgets/{InstanceId}/{WidgetId}     DeleteWidgetConfiguration → {}
 *   GET    /widgets-summary/{InstanceId}        ListWidgetConfigurations → { WidgetConfigurationSummaryList, NextToken }
 *
 * The same limits and rules as the instance file's `widgets` (core widget/rules.ts).
 */
import {
  ATTRIBUTE_NAME,
  COLOR,
  ContactFlowType,
  FIELD_NAME,
  type Instance,
  InvalidParameterException,
  isExactOrigin,
  leaveMessageEnabled,
  resourceArn,
  voiceEnabled,
  WIDGET_DEFAULTS,
  WIDGET_LIMITS,
  type WidgetConfiguration,
  widgetRuleIssues,
} from '@switchboard/core';
import { z } from 'zod';
import { defineOperation } from '../../http/operation.js';
import {
  type AdminContext,
  coords,
  epochSeconds,
  pageRequest,
  requireInstance,
  requireReference,
  requireResource,
  updateResource,
} from './context.js';
import { Description, Id, InstanceId, MaxResults, Name, NextToken, PAGING_QUERY, Tags } from './shapes.js';

const op = defineOperation<AdminContext>();

const Message = z.string().min(1).max(WIDGET_LIMITS.message);
const Origin = z.string().max(300).refine(isExactOrigin, 'must be an origin such as https://www.example.com (no path, no *)');
const Field = z.object({
  Name: z.string().regex(FIELD_NAME, 'must be a letter, then letters, digits or _ (at most 64)'),
  Label: z.string().min(1).max(WIDGET_LIMITS.fieldLabel),
  Type: z.enum(['name', 'email', 'text']).optional(),
  Required: z.boolean().optional(),
  MaxLength: z.number().int().min(1).max(WIDGET_LIMITS.fieldMaxLength.text).optional(),
});
const Settings = {
  ContactFlowId: Id,
  AllowedOrigins: z.array(Origin).min(1).max(WIDGET_LIMITS.allowedOrigins),
  Attributes: z
    .array(
      z.object({
        Name: z.string().regex(ATTRIBUTE_NAME, 'must be 1 to 128 letters, digits or _ . : -'),
        MaxLength: z.number().int().min(1).max(WIDGET_LIMITS.attributeMaxLength).optional(),
      }),
    )
    .max(WIDGET_LIMITS.attributes),
  PreChatForm: z.object({ Enabled: z.boolean().optional(), Fields: z.array(Field).max(WIDGET_LIMITS.fields).optional() }),
  Greeting: Message,
  OfflineMessage: Message,
  LeaveMessage: z.object({ Enabled: z.boolean() }),
  Voice: z.object({ Enabled: z.boolean() }),
  Theme: z.object({
    PrimaryColor: z.string().regex(COLOR, 'must be a colour #rrggbb').optional(),
    Position: z.enum(['right', 'left']).optional(),
  }),
  Persistence: z.enum(['session', 'local']),
  MaxOpenChatsPerVisitor: z.number().int().min(1).max(WIDGET_LIMITS.maxOpenChatsPerVisitor),
  RateLimit: z.object({
    PerIpPerMinute: z.number().int().min(1).max(WIDGET_LIMITS.perIpPerMinute).optional(),
    PerConfigurationPerMinute: z.number().int().min(1).max(WIDGET_LIMITS.perConfigurationPerMinute).optional(),
  }),
};
type SettingsInput = Partial<{ [K in keyof typeof Settings]: z.output<(typeof Settings)[K]> }>;
type WidgetSettings = Omit<WidgetConfiguration, 'id' | 'name' | 'description' | 'tags' | 'lastModifiedTime'>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const WidgetLabels = { InstanceId, WidgetId: Id };

/** The configuration `input` makes of `current` (defaults for a new one), checked as a whole. */
async function settingsOf(
  ctx: AdminContext,
  instance: Instance,
  input: SettingsInput,
  current: WidgetSettings | undefined,
): Promise<Partial<WidgetSettings>> {
  const out: Partial<Mutable<WidgetSettings>> = {};
  if (input.ContactFlowId !== undefined) {
    const flowId = await requireReference(ctx, instance, 'contactFlow', input.ContactFlowId, 'ContactFlowId');
    const flow = await requireResource(ctx, instance, 'contactFlow', flowId);
    if (flow.type !== ContactFlowType.CONTACT_FLOW)
      throw new InvalidParameterException(
        `ContactFlowId: flow ${flow.name} is a ${flow.type} flow; widgets need a CONTACT_FLOW flow`,
      );
    out.contactFlowId = flowId;
  }
  if (input.AllowedOrigins !== undefined) out.allowedOrigins = [...new Set(input.AllowedOrigins)];
  if (input.Attributes !== undefined)
    out.attributes = input.Attributes.map((a) => ({
      name: a.Name,
      maxLength: a.MaxLength ?? WIDGET_DEFAULTS.attributeMaxLength,
    }));
  if (input.PreChatForm !== undefined) {
    const form = current?.preChatForm ?? { enabled: false, fields: [] };
    out.preChatForm = {
      enabled: input.PreChatForm.Enabled ?? form.enabled,
      fields:
        input.PreChatForm.Fields?.map((f) => ({
          name: f.Name,
          label: f.Label,
          type: f.Type ?? 'text',
          required: f.Required ?? false,
          maxLength: f.MaxLength ?? WIDGET_DEFAULTS.fieldMaxLength,
        })) ?? form.fields,
    };
  }
  if (input.Greeting !== undefined) out.greeting = input.Greeting;
  if (input.OfflineMessage !== undefined) out.offlineMessage = input.OfflineMessage;
  if (input.LeaveMessage !== undefined) out.leaveMessage = { enabled: input.LeaveMessage.Enabled };
  if (input.Voice !== undefined) out.voice = { enabled: input.Voice.Enabled };
  if (input.Theme !== undefined) {
    const theme = current?.theme ?? { primaryColor: WIDGET_DEFAULTS.primaryColor, position: WIDGET_DEFAULTS.position };
    out.theme = {
      primaryColor: input.Theme.PrimaryColor ?? theme.primaryColor,
      position: input.Theme.Position ?? theme.position,
    };
  }
  if (input.Persistence !== undefined) out.persistence = input.Persistence;
  if (input.MaxOpenChatsPerVisitor !== undefined) out.maxOpenChatsPerVisitor = input.MaxOpenChatsPerVisitor;
  if (input.RateLimit !== undefined) {
    const limit = current?.rateLimit ?? {
      perIpPerMinute: WIDGET_DEFAULTS.perIpPerMinute,
      perConfigurationPerMinute: WIDGET_DEFAULTS.perConfigurationPerMinute,
    };
    out.rateLimit = {
      perIpPerMinute: input.RateLimit.PerIpPerMinute ?? limit.perIpPerMinute,
      perConfigurationPerMinute: input.RateLimit.PerConfigurationPerMinute ?? limit.perConfigurationPerMinute,
    };
  }
  const [issue] = widgetRuleIssues({ ...current, ...out });
  if (issue) {
    const at = issue.path.map((p) => (typeof p === 'string' ? p.charAt(0).toUpperCase() + p.slice(1) : p)).join('.');
    throw new InvalidParameterException(`${at}: ${issue.message}`);
  }
  return out;
}

const toWire = (w: WidgetConfiguration, i: Instance, publicUrl: string) => ({
  WidgetId: w.id,
  WidgetArn: resourceArn(coords(i), 'widget', w.id),
  Name: w.name,
  Description: w.description,
  ContactFlowId: w.contactFlowId,
  AllowedOrigins: w.allowedOrigins,
  Attributes: w.attributes.map((a) => ({ Name: a.name, MaxLength: a.maxLength })),
  PreChatForm: {
    Enabled: w.preChatForm.enabled,
    Fields: w.preChatForm.fields.map((f) => ({
      Name: f.name,
      Label: f.label,
      Type: f.type,
      Required: f.required,
      MaxLength: f.maxLength,
    })),
  },
  Greeting: w.greeting,
  OfflineMessage: w.offlineMessage,
  LeaveMessage: { Enabled: leaveMessageEnabled(w) },
  Voice: { Enabled: voiceEnabled(w) },
  Theme: { PrimaryColor: w.theme.primaryColor, Position: w.theme.position },
  Persistence: w.persistence,
  MaxOpenChatsPerVisitor: w.maxOpenChatsPerVisitor,
  RateLimit: { PerIpPerMinute: w.rateLimit.perIpPerMinute, PerConfigurationPerMinute: w.rateLimit.perConfigurationPerMinute },
  EmbedSnippet: embedSnippet(publicUrl, w.id),
  Tags: w.tags,
  LastModifiedTime: epochSeconds(w.lastModifiedTime),
  LastModifiedRegion: i.region,
});

/** The one script tag a site embeds the widget with. */
export const embedSnippet = (publicUrl: string, widgetId: string): string =>
  `<script src="${publicUrl}/widget.js" data-config="${widgetId}" defer></script>`;

export const widgetOperations = [
  op({
    name: 'CreateWidgetConfiguration',
    method: 'PUT',
    path: '/widgets/{InstanceId}',
    input: z.object({
      InstanceId,
      Name,
      Description: Description.optional(),
      ContactFlowId: Settings.ContactFlowId,
      AllowedOrigins: Settings.AllowedOrigins,
      Attributes: Settings.Attributes.optional(),
      PreChatForm: Settings.PreChatForm.optional(),
      Greeting: Settings.Greeting.optional(),
      OfflineMessage: Settings.OfflineMessage.optional(),
      LeaveMessage: Settings.LeaveMessage.optional(),
      Voice: Settings.Voice.optional(),
      Theme: Settings.Theme.optional(),
      Persistence: Settings.Persistence.optional(),
      MaxOpenChatsPerVisitor: Settings.MaxOpenChatsPerVisitor.optional(),
      RateLimit: Settings.RateLimit.optional(),
      Tags,
    }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const defaults: WidgetSettings = {
        contactFlowId: '',
        allowedOrigins: [],
        attributes: [],
        preChatForm: { enabled: false, fields: [] },
        greeting: WIDGET_DEFAULTS.greeting,
        offlineMessage: WIDGET_DEFAULTS.offlineMessage,
        leaveMessage: { enabled: WIDGET_DEFAULTS.leaveMessageEnabled },
        voice: { enabled: WIDGET_DEFAULTS.voiceEnabled },
        theme: { primaryColor: WIDGET_DEFAULTS.primaryColor, position: WIDGET_DEFAULTS.position },
        persistence: WIDGET_DEFAULTS.persistence,
        maxOpenChatsPerVisitor: WIDGET_DEFAULTS.maxOpenChatsPerVisitor,
        rateLimit: {
          perIpPerMinute: WIDGET_DEFAULTS.perIpPerMinute,
          perConfigurationPerMinute: WIDGET_DEFAULTS.perConfigurationPerMinute,
        },
      };
      const widget: WidgetConfiguration = {
        id: ctx.newId(),
        name: input.Name,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        tags: input.Tags ?? {},
        lastModifiedTime: ctx.now(),
        ...defaults,
        ...(await settingsOf(ctx, instance, input, defaults)),
      };
      await ctx.store.resources.create(instance.id, 'widget', widget);
      return { WidgetId: widget.id, WidgetArn: resourceArn(coords(instance), 'widget', widget.id) };
    },
  }),
  op({
    name: 'DescribeWidgetConfiguration',
    method: 'GET',
    path: '/widgets/{InstanceId}/{WidgetId}',
    input: z.object(WidgetLabels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const widget = await requireResource(ctx, instance, 'widget', input.WidgetId);
      return { WidgetConfiguration: toWire(widget, instance, ctx.publicUrl()) };
    },
  }),
  op({
    name: 'UpdateWidgetConfiguration',
    method: 'POST',
    path: '/widgets/{InstanceId}/{WidgetId}',
    input: z.object({
      ...WidgetLabels,
      Name: Name.optional(),
      Description: Description.optional(),
      ...Object.fromEntries(Object.entries(Settings).map(([k, v]) => [k, v.optional()])),
    }) as z.ZodType<{ InstanceId: string; WidgetId: string; Name?: string; Description?: string } & SettingsInput>,
    handler: (input, ctx) =>
      updateResource(ctx, input.InstanceId, 'widget', input.WidgetId, async (current, c, instance) => ({
        ...(input.Name !== undefined ? { name: input.Name } : {}),
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(await settingsOf(c, instance, input, current)),
      })),
  }),
  op({
    name: 'DeleteWidgetConfiguration',
    method: 'DELETE',
    path: '/widgets/{InstanceId}/{WidgetId}',
    input: z.object(WidgetLabels),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const widget = await requireResource(ctx, instance, 'widget', input.WidgetId);
      await ctx.store.resources.delete(instance.id, 'widget', widget.id);
      return {};
    },
  }),
  op({
    name: 'ListWidgetConfigurations',
    method: 'GET',
    path: '/widgets-summary/{InstanceId}',
    query: PAGING_QUERY,
    input: z.object({ InstanceId, MaxResults: MaxResults(1000), NextToken }),
    handler: async (input, ctx) => {
      const instance = await requireInstance(ctx, input.InstanceId);
      const page = await ctx.store.resources.list(instance.id, 'widget', pageRequest(input.MaxResults, input.NextToken));
      return {
        WidgetConfigurationSummaryList: page.items.map((w) => ({
          Id: w.id,
          Arn: resourceArn(coords(instance), 'widget', w.id),
          Name: w.name,
          LastModifiedTime: epochSeconds(w.lastModifiedTime),
          LastModifiedRegion: instance.region,
        })),
        NextToken: page.nextToken,
      };
    },
  }),
];
