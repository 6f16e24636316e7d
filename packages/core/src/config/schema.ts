/**
 * The instance configuration file: what a person writes (YAML or JSON) to describe one
 * contact-center instance. Resources refer to each other BY NAME; ids are assigned when
 * the file is applied. This schema checks the shape of each value; whether the names
 * referred to exist (and other rules that span resources) is checked by
 * `validateConfig`, which you should call instead of parsing with this schema directly.
 *
 * No transforms: the output is the input with defaults filled in, so a parsed config is
 * itself a valid input and the schema exports cleanly to JSON Schema (docs/config.schema.json).
 * The reference is docs/config.md; keep it in step with this file.
 */
import { z } from 'zod';
import {
  AgentAvailabilityTimer,
  AgentStatusType,
  CONCURRENCY_LIMITS,
  Channel,
  ContactFlowType,
  CrossChannelBehavior,
  DayOfWeek,
  QuickConnectType,
} from '../model/constants.js';
import { placeholderProblems } from '../quick-responses/placeholders.js';
import { ListPickerSchema, QuickRepliesSchema } from './flow-messages-schema.js';
import { quote } from './issues.js';
import { TaskTemplateConfigSchema } from './task-template-schema.js';
import { VoiceConfigSchema } from './voice-schema.js';
import { WidgetConfigSchema } from './widget-schema.js';
import {
  channel,
  description,
  enumOf,
  got,
  intRange,
  isUrlOrigin,
  isValidTimeZone,
  name,
  originMessage,
  ref,
} from './schema-parts.js';

export { DESCRIPTION_MAX, isExactOrigin, isUrlOrigin, isValidTimeZone, NAME_MAX } from './schema-parts.js';

const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const startTime = z
  .string()
  .regex(new RegExp(`^${TIME}$`), { error: (iss) => `must be a time "HH:MM" from 00:00 to 23:59 (got ${got(iss.input)})` })
  .describe('Opening time, "HH:MM" (24-hour clock).');
const endTime = z
  .string()
  .regex(new RegExp(`^(?:${TIME}|24:00)$`), {
    error: (iss) => `must be a time "HH:MM" from 00:00 to 24:00 (got ${got(iss.input)})`,
  })
  .describe('Closing time, "HH:MM", exclusive; "24:00" is the end of the day. An end before the start runs past midnight.');

// ---------------------------------------------------------------------------------------
// Sections

/** A task's life when the instance file says nothing (Connect's default): 7 days. */
export const DEFAULT_TASK_EXPIRY_MINUTES = 7 * 24 * 60;
/** The longest a task may be set to live: 90 days. */
export const TASK_EXPIRY_MAX_MINUTES = 90 * 24 * 60;

export const InstanceSettingsSchema = z
  .strictObject({
    id: z
      .uuid()
      .optional()
      .describe('A fixed instance id (UUID); it appears in every ARN. When omitted, a stable id is derived from the alias.'),
    alias: z
      .string()
      .min(1, { error: 'must not be empty', abort: true })
      .max(62)
      .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, {
        error: (iss) => `must be letters, digits and hyphens, not starting or ending with a hyphen (got ${got(iss.input)})`,
      })
      .describe('The instance alias (1..62 letters, digits and hyphens), as in Amazon Connect.'),
    region: z
      .string()
      .regex(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/, {
        error: (iss) => `must be an AWS region name such as "us-east-1" (got ${got(iss.input)})`,
      })
      .default('us-east-1')
      .describe('The AWS region shown in ARNs; clients read it from there.'),
    accountId: z
      .string()
      .regex(/^\d{12}$/, { error: (iss) => `must be 12 digits such as "123456789012" (got ${got(iss.input)})` })
      .default('123456789012')
      .describe('The 12-digit account id shown in ARNs. Quote it in YAML.'),
    approvedOrigins: z
      .array(z.string().refine(isUrlOrigin, { error: (iss) => originMessage(iss.input) }))
      .default([])
      .describe('Web origins allowed to embed the agent app and call the APIs from a browser (CORS); "*" allows any.'),
    taskExpiryMinutes: z
      .number()
      .int()
      .min(1)
      .max(TASK_EXPIRY_MAX_MINUTES)
      .optional()
      .describe(
        'How long a task lives before it ends by itself (EXPIRED), in minutes from its creation; the agent is warned 2 hours before. Default 10080 (7 days), at most 129600 (90 days).',
      ),
  })
  .describe('The instance itself.');

export const AccessKeySchema = z.strictObject({
  accessKeyId: z
    .string()
    .regex(/^\w{16,128}$/, {
      error: (iss) => `must be 16 to 128 letters, digits or underscores, e.g. "SBDEMOACCESSKEY00001" (got ${got(iss.input)})`,
    })
    .describe('The access key id API clients sign requests with (16..128 word characters).'),
  secretAccessKey: z
    .string()
    .min(16)
    .max(128)
    .regex(/^\S+$/, { error: 'must not contain whitespace' })
    .describe('The secret (16..128 characters, no whitespace). Keep it out of version control.'),
  description,
});

export const HoursOfOperationRangeSchema = z.strictObject({
  day: enumOf(DayOfWeek),
  start: startTime,
  end: endTime,
});

export const HoursOfOperationSchema = z.strictObject({
  name: name('hours of operation'),
  description,
  timeZone: z
    .string()
    .min(1, { error: 'must not be empty', abort: true })
    .refine(isValidTimeZone, {
      error: (iss) =>
        `unknown time zone ${quote(String(iss.input))} — use an IANA name such as "America/New_York", "Europe/Paris" or "UTC"`,
    })
    .describe('An IANA time zone, e.g. "America/New_York" or "UTC".'),
  alwaysOpen: z.boolean().optional().describe('true: open around the clock (instead of `ranges`).'),
  ranges: z
    .array(HoursOfOperationRangeSchema)
    .max(100)
    .optional()
    .describe('When open, per day of week. An empty list means always closed. Give this or `alwaysOpen: true`.'),
});

export const SecurityProfileSchema = z.strictObject({
  name: name('security profile'),
  description,
  permissions: z
    .array(z.string().min(1).max(128))
    .max(500)
    .default([])
    .describe('Permission names, e.g. BasicAgentAccess, OutboundCallAccess, AccessMetrics, Admin.'),
});

export const AgentStatusSchema = z.strictObject({
  name: name('agent status'),
  description,
  type: enumOf(AgentStatusType).describe('ROUTABLE (takes contacts), NOT_ROUTABLE (e.g. Break) or OFFLINE.'),
  displayOrder: intRange(1, 50).optional().describe("Position in the agent app's status menu (1..50); file order when omitted."),
  enabled: z.boolean().default(true),
});

export const QueueSchema = z.strictObject({
  name: name('queue'),
  description,
  hoursOfOperation: ref('hours of operation').describe("The name of the queue's hours of operation."),
  maxContacts: z.int().min(1).optional().describe('How many contacts may wait at once; no limit when omitted.'),
  enabled: z.boolean().default(true),
  outboundCallerIdName: z.string().min(1).max(255).optional().describe('Caller name shown on outbound calls from this queue.'),
  quickConnects: z
    .array(ref('quick connect'))
    .optional()
    .describe("Names of the quick connects agents see while working this queue's contacts; all quick connects when omitted."),
});

export const RoutingProfileQueueSchema = z.strictObject({
  queue: ref('queue'),
  channel: channel.describe("Which of the queue's channels this entry routes: VOICE, CHAT or TASK."),
  priority: intRange(1, 99, 'an integer ').default(1).describe('1 (highest) .. 99. Lower numbers are offered first.'),
  delay: intRange(0, 9999, 'a number of seconds ')
    .default(0)
    .describe("Seconds a contact waits in the queue before this profile's agents are offered it (0..9999)."),
});

const concurrencyEntry = (c: Channel) => {
  const { min, max } = CONCURRENCY_LIMITS[c];
  const msg = (input: unknown) =>
    min === max
      ? `must be ${min}: an agent handles one ${c.toLowerCase()} contact at a time (got ${String(input)})`
      : `must be an integer from ${min} to ${max} (got ${String(input)})`;
  return z
    .int()
    .min(min, { error: (iss) => msg(iss.input) })
    .max(max, { error: (iss) => msg(iss.input) })
    .optional()
    .describe(
      `How many ${c} contacts an agent handles at once (${min === max ? min : `${min}..${max}`}); omit to not route ${c}.`,
    );
};

const crossChannel = enumOf(CrossChannelBehavior).default(CrossChannelBehavior.ROUTE_CURRENT_CHANNEL_ONLY);

export const RoutingProfileSchema = z.strictObject({
  name: name('routing profile'),
  description,
  defaultOutboundQueue: ref('queue').describe('The queue outbound calls are placed from.'),
  concurrency: z
    .strictObject({ VOICE: concurrencyEntry('VOICE'), CHAT: concurrencyEntry('CHAT'), TASK: concurrencyEntry('TASK') })
    .describe('The channels agents with this profile handle, and how many contacts of each at once.'),
  crossChannelBehavior: z
    .strictObject({ VOICE: crossChannel, CHAT: crossChannel, TASK: crossChannel })
    .prefault({})
    .describe('Per channel: while handling a contact of this channel, may the agent be offered contacts of other channels?'),
  queues: z
    .array(RoutingProfileQueueSchema)
    .default([])
    .describe('The queues and channels agents with this profile take contacts from.'),
  agentAvailabilityTimer: enumOf(AgentAvailabilityTimer)
    .default(AgentAvailabilityTimer.TIME_SINCE_LAST_ACTIVITY)
    .describe('How the longest-available agent is chosen.'),
});

export const UserSchema = z.strictObject({
  username: z
    .string()
    .min(1, { error: 'must not be empty', abort: true })
    .max(64)
    .regex(/^[A-Za-z0-9_.@-]+$/, { error: (iss) => `may contain only letters, digits and _ . @ - (got ${got(iss.input)})` })
    .describe('The login name (1..64 letters, digits and _ . @ -), unique.'),
  password: z
    .string()
    .min(8, { error: 'must be at least 8 characters long' })
    .max(64)
    .optional()
    .describe('The login password (8..64 characters). Without one the user cannot log in with a password.'),
  firstName: z.string().min(1).max(100).optional(),
  lastName: z.string().min(1).max(100).optional(),
  email: z.email().optional(),
  routingProfile: ref('routing profile'),
  securityProfiles: z.array(ref('security profile')).min(1).max(10).describe('Names of 1..10 security profiles.'),
  autoAccept: z
    .strictObject({ VOICE: z.boolean().optional(), CHAT: z.boolean().optional(), TASK: z.boolean().optional() })
    .default({})
    .describe('Per channel: accept offered contacts automatically. Default false.'),
  afterContactWorkTimeout: z
    .int()
    .min(0)
    .max(86_400)
    .default(0)
    .describe('Seconds of after-contact work before the agent is routable again; 0 = until the agent clears the contact.'),
});

export const QuickConnectSchema = z.strictObject({
  name: name('quick connect'),
  description,
  type: enumOf(QuickConnectType).describe('USER (transfer to an agent), QUEUE or PHONE_NUMBER.'),
  queue: ref('queue').optional().describe('For type QUEUE: the queue.'),
  user: ref('user').optional().describe('For type USER: the username.'),
  phoneNumber: z
    .string()
    .regex(/^\+[1-9]\d{1,14}$/, {
      error: (iss) => `must be an E.164 phone number such as "+12025550143" (got ${got(iss.input)})`,
    })
    .optional()
    .describe('For type PHONE_NUMBER: the number, E.164 ("+12025550143"). Quote it in YAML.'),
  flow: ref('contact flow')
    .optional()
    .describe('For USER and QUEUE: a transfer flow (AGENT_TRANSFER / QUEUE_TRANSFER); the built-in default when omitted.'),
});

export const WrapUpCodeSchema = z.strictObject({
  name: name('wrap-up code'),
  description,
});

export const QUICK_RESPONSE_CONTENT_MAX = 4096;

export const QuickResponseSchema = z.strictObject({
  name: name('quick response'),
  shortcut: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, {
      error: (iss) => `must be 1 to 32 letters, digits, - or _, e.g. "greet" (got ${got(iss.input)})`,
    })
    .optional()
    .describe('What an agent types to find it at once, e.g. "greet" (1..32 letters, digits, - and _); unique.'),
  description,
  channels: z
    .array(channel)
    .min(1)
    .refine((cs) => new Set(cs).size === cs.length, { error: 'lists a channel twice' })
    .default(() => [Channel.CHAT])
    .describe('The channels agents are offered it on: CHAT, VOICE, TASK. Default: CHAT.'),
  content: z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(QUICK_RESPONSE_CONTENT_MAX)
    .superRefine((text, ctx) => {
      for (const p of placeholderProblems(text)) ctx.addIssue({ code: 'custom', message: p.message, input: text });
    })
    .describe(
      `The text (markdown, 1..${QUICK_RESPONSE_CONTENT_MAX} characters). Placeholders the agent desktop fills: $.Customer.name, $.Attributes.<key>.`,
    ),
});

const jsonText = (what: string) =>
  z
    .union([z.string().min(2).max(20_000), z.record(z.string(), z.unknown())])
    .refine((v) => typeof v !== 'string' || isJson(v), { error: `must be JSON (an object, or a string holding JSON)` })
    .describe(`${what}: a JSON object, or a string holding one.`);

const isJson = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

export const ViewSchema = z.strictObject({
  name: name('view'),
  description,
  template: jsonText('The view template (Connect views: layout and components)'),
  inputSchema: jsonText('JSON Schema of the data the view takes').optional(),
  actions: z.array(z.string().min(1).max(255)).max(50).default([]).describe('Actions the view can emit, e.g. "Submit".'),
});

export const ContactFlowSchema = z.strictObject({
  name: name('contact flow'),
  description,
  type: enumOf(ContactFlowType).default(ContactFlowType.CONTACT_FLOW),
  queue: ref('queue').optional().describe('Transfer the contact to this queue (after the greeting).'),
  greeting: z.string().min(1).max(1024).optional().describe('Text played or sent to the customer first.'),
  listPicker: ListPickerSchema.optional(),
  quickReplies: QuickRepliesSchema.optional(),
});

export const ChatLimitsSchema = z
  .strictObject({
    messagesPerSecond: z
      .number()
      .min(0.1)
      .max(1000)
      .default(10)
      .describe('SendMessage / SendEvent per participant per second, sustained; more answers ThrottlingException.'),
    burst: z.int().min(1).max(10_000).default(20).describe('How many a participant may send at once before the rate applies.'),
    socketsPerParticipant: z.int().min(1).max(50).default(5).describe('Open websockets per participant (the oldest gives way).'),
    messageMaxLength: z
      .int()
      .min(1)
      .max(16_384)
      .default(1024)
      .describe('Longest text/plain or text/markdown message, in characters (Connect: 1024).'),
    attachments: z
      .strictObject({
        maxSizeMb: z.number().min(0.001).max(1024).default(20).describe('Largest attachment, MB (Connect: 20).'),
        perChat: z
          .int()
          .min(0)
          .max(1000)
          .default(20)
          .describe('Attachments per chat; one more answers ServiceQuotaExceededException.'),
        contentTypes: z
          .array(z.string().min(1).max(255))
          .min(1)
          .optional()
          .describe('MIME types allowed; default: those chatjs allows.'),
      })
      .prefault({}),
  })
  .prefault({})
  .describe("Chat limits, with Amazon Connect's defaults.");

// ---------------------------------------------------------------------------------------
// The file

export const DEFAULT_AGENT_STATUSES = [
  { name: 'Available', type: 'ROUTABLE', enabled: true },
  { name: 'Offline', type: 'OFFLINE', enabled: true },
] as const;

export const InstanceConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema URL or path, for editors; ignored.'),
    instance: InstanceSettingsSchema,
    accessKeys: z.array(AccessKeySchema).default([]).describe('API credentials (SigV4) for admin clients such as the AWS SDK.'),
    hoursOfOperation: z.array(HoursOfOperationSchema).default([]),
    securityProfiles: z.array(SecurityProfileSchema).default([]),
    agentStatuses: z
      .array(AgentStatusSchema)
      .default(() => DEFAULT_AGENT_STATUSES.map((s) => ({ ...s })))
      .describe('The statuses agents can set. Default: Available (ROUTABLE) and Offline (OFFLINE).'),
    queues: z.array(QueueSchema).default([]),
    routingProfiles: z.array(RoutingProfileSchema).default([]),
    users: z.array(UserSchema).default([]),
    quickConnects: z.array(QuickConnectSchema).default([]),
    wrapUpCodes: z.array(WrapUpCodeSchema).default([]),
    quickResponses: z
      .array(QuickResponseSchema)
      .default([])
      .describe('Prepared replies agents search and insert into contacts (the agent API: searchQuickResponses).'),
    chat: ChatLimitsSchema,
    views: z.array(ViewSchema).default([]).describe('Views (forms, guides) chats can show: participant DescribeView.'),
    contactFlows: z.array(ContactFlowSchema).default([]),
    widgets: z
      .array(WidgetConfigSchema)
      .default([])
      .describe('Customer chat widgets: what sites embed to let their visitors chat (docs/widget.md).'),
    taskTemplates: z
      .array(TaskTemplateConfigSchema)
      .default([])
      .describe('Task templates: the fields of tasks started from them, and their flow (docs/tasks.md).'),
    voice: VoiceConfigSchema.optional(),
  })
  .meta({
    title: 'Switchboard instance configuration',
    description: 'One contact-center instance: its queues, agents, routing and more. Reference: docs/config.md',
  });

/** The file as written (defaults not yet applied). */
export type InstanceConfigInput = z.input<typeof InstanceConfigSchema>;
/** A validated file, defaults applied. */
export type InstanceConfig = z.output<typeof InstanceConfigSchema>;

export type InstanceSettings = InstanceConfig['instance'];
export type AccessKeyConfig = InstanceConfig['accessKeys'][number];
export type HoursOfOperationConfig = InstanceConfig['hoursOfOperation'][number];
export type HoursOfOperationRangeConfig = NonNullable<HoursOfOperationConfig['ranges']>[number];
export type SecurityProfileConfig = InstanceConfig['securityProfiles'][number];
export type AgentStatusConfig = InstanceConfig['agentStatuses'][number];
export type QueueConfig = InstanceConfig['queues'][number];
export type RoutingProfileConfig = InstanceConfig['routingProfiles'][number];
export type RoutingProfileQueueEntry = RoutingProfileConfig['queues'][number];
export type UserConfig = InstanceConfig['users'][number];
export type QuickConnectConfig = InstanceConfig['quickConnects'][number];
export type WrapUpCodeConfig = InstanceConfig['wrapUpCodes'][number];
export type QuickResponseConfig = InstanceConfig['quickResponses'][number];
export type ViewConfig = InstanceConfig['views'][number];
export type ContactFlowConfig = InstanceConfig['contactFlows'][number];
export type WidgetConfig = InstanceConfig['widgets'][number];
export type TaskTemplateConfig = InstanceConfig['taskTemplates'][number];
export type { IceServerConfig, TurnConfig, VoiceConfig } from './voice-schema.js';
export type WidgetFieldConfig = WidgetConfig['preChatForm']['fields'][number];
