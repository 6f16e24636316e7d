/**
 * The contact-center instance model: plain, serialisable data. Timestamps are epoch
 * milliseconds. Every resource belongs to one instance and has a stable UUID id; its
 * ARN is derived (see arn.ts), never stored.
 */
import type { TaskTemplateDefinition, TaskTemplateStatus } from '../task/template.js';
import type {
  AgentAvailabilityTimer,
  AgentStatusType,
  Channel,
  ContactFlowState,
  ContactFlowStatus,
  ContactFlowType,
  CrossChannelBehavior,
  DayOfWeek,
  EnabledState,
  PhoneType,
  QuickConnectType,
} from './constants.js';

export type Tags = Readonly<Record<string, string>>;

export interface Instance {
  readonly id: string;
  readonly alias: string;
  readonly region: string;
  readonly accountId: string;
  readonly approvedOrigins: readonly string[];
  readonly createdTime: number;
  readonly tags: Tags;
  /** Minutes a task lives before it expires; absent = DEFAULT_TASK_EXPIRY_MINUTES. */
  readonly taskExpiryMinutes?: number;
}

/** Fields every instance resource has. */
export interface ResourceBase {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly tags: Tags;
  readonly lastModifiedTime: number;
}

export interface TimeOfDay {
  readonly hours: number;
  readonly minutes: number;
}

export interface HoursOfOperationRange {
  readonly day: DayOfWeek;
  readonly start: TimeOfDay;
  /** Exclusive; 24:00 is allowed. An end before the start wraps past midnight. */
  readonly end: TimeOfDay;
}

export interface HoursOfOperation extends ResourceBase {
  readonly timeZone: string;
  readonly config: readonly HoursOfOperationRange[];
}

export interface OutboundCallerConfig {
  readonly outboundCallerIdName?: string;
  readonly outboundCallerIdNumberId?: string;
  readonly outboundFlowId?: string;
}

export interface Queue extends ResourceBase {
  readonly hoursOfOperationId: string;
  /** Contacts that may wait at once; undefined = no limit. */
  readonly maxContacts?: number;
  readonly status: EnabledState;
  readonly outboundCallerConfig?: OutboundCallerConfig;
  readonly quickConnectIds: readonly string[];
}

export interface MediaConcurrency {
  readonly channel: Channel;
  readonly concurrency: number;
  readonly crossChannelBehavior: CrossChannelBehavior;
}

export interface RoutingProfileQueueConfig {
  readonly queueId: string;
  readonly channel: Channel;
  /** 1 (highest) .. 99. */
  readonly priority: number;
  /** Seconds a contact waits in this queue before agents of this profile get it. */
  readonly delay: number;
}

export interface RoutingProfile extends ResourceBase {
  readonly defaultOutboundQueueId: string;
  readonly mediaConcurrencies: readonly MediaConcurrency[];
  readonly queueConfigs: readonly RoutingProfileQueueConfig[];
  readonly agentAvailabilityTimer: AgentAvailabilityTimer;
}

export interface SecurityProfile extends ResourceBase {
  readonly permissions: readonly string[];
}

export interface UserIdentityInfo {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly secondaryEmail?: string;
  readonly mobile?: string;
}

export interface UserPhoneConfig {
  readonly phoneType: PhoneType;
  readonly autoAccept: boolean;
  /** Seconds of after-contact work; 0 = until the agent clears the contact. */
  readonly afterContactWorkTimeLimit: number;
  readonly deskPhoneNumber?: string;
}

/** A user; `name` is the username. */
export interface User extends ResourceBase {
  /** argon2id hash; undefined when the user cannot log in with a password. */
  readonly passwordHash?: string;
  readonly identityInfo: UserIdentityInfo;
  readonly phoneConfig: UserPhoneConfig;
  readonly routingProfileId: string;
  readonly securityProfileIds: readonly string[];
  /** Per-channel auto-accept; a missing channel falls back to phoneConfig.autoAccept. */
  readonly autoAccept: Readonly<Partial<Record<Channel, boolean>>>;
  /** Per-channel ACW seconds; a missing channel falls back to phoneConfig. */
  readonly afterContactWorkTimeLimit: Readonly<Partial<Record<Channel, number>>>;
}

export interface AgentStatus extends ResourceBase {
  readonly type: AgentStatusType;
  readonly displayOrder: number;
  readonly state: EnabledState;
}

export interface QuickConnect extends ResourceBase {
  readonly type: QuickConnectType;
  readonly userConfig?: { readonly userId: string; readonly contactFlowId: string };
  readonly queueConfig?: { readonly queueId: string; readonly contactFlowId: string };
  readonly phoneConfig?: { readonly phoneNumber: string };
}

export interface ContactFlow extends ResourceBase {
  readonly type: ContactFlowType;
  readonly state: ContactFlowState;
  readonly status: ContactFlowStatus;
  /** Amazon Connect flow language JSON (see flow/interpret.ts for the subset we run). */
  readonly content: string;
}

export interface WrapUpCode extends ResourceBase {}

/** A prepared reply agents insert into a contact (searched by the agent desktop). */
export interface QuickResponse extends ResourceBase {
  /** What an agent types to find it at once, e.g. `greet`: letters, digits, `-` and `_`. */
  readonly shortcut?: string;
  /** The channels it is offered on. */
  readonly channels: readonly Channel[];
  /** Markdown, with placeholders the desktop fills (quick-responses/placeholders.ts). */
  readonly content: string;
}

/** A step-by-step guide or form shown in a chat (participant DescribeView). */
export interface View extends ResourceBase {
  /** The view's template, JSON as text. */
  readonly template: string;
  /** JSON Schema of the view's input, JSON as text. */
  readonly inputSchema: string;
  /** Actions the view can emit (e.g. "Submit"). */
  readonly actions: readonly string[];
  readonly version: number;
}

/** A pre-chat form field of a chat widget (its `name` is the key the widget sends it under). */
export interface WidgetField {
  readonly name: string;
  readonly label: string;
  /** `name`: the customer's display name; `email`: an email address; `text`: free text. */
  readonly type: 'name' | 'email' | 'text';
  readonly required: boolean;
  /** Longest value, in UTF-16 code units (what a browser's `maxlength` counts). */
  readonly maxLength: number;
}

/** A page attribute a chat widget may pass on to the contact (the allow-list). */
export interface WidgetAttribute {
  readonly name: string;
  readonly maxLength: number;
}

/**
 * A customer chat widget's configuration: which flow its chats start in, which sites may
 * embed it, what it asks and shows (docs/widget.md). Its id goes into the embed snippet.
 */
export interface WidgetConfiguration extends ResourceBase {
  readonly contactFlowId: string;
  /** Exact web origins allowed to embed the widget and call its public API. */
  readonly allowedOrigins: readonly string[];
  readonly attributes: readonly WidgetAttribute[];
  readonly preChatForm: { readonly enabled: boolean; readonly fields: readonly WidgetField[] };
  readonly greeting: string;
  readonly offlineMessage: string;
  readonly theme: { readonly primaryColor: string; readonly position: 'right' | 'left' };
  /** Where the widget keeps the chat's details: sessionStorage or localStorage. */
  readonly persistence: 'session' | 'local';
  readonly maxOpenChatsPerVisitor: number;
  readonly rateLimit: { readonly perIpPerMinute: number; readonly perConfigurationPerMinute: number };
  /** The offline state's "Leave a message" form; absent (configurations stored before it existed) = enabled. */
  readonly leaveMessage?: { readonly enabled: boolean };
  /** The "Call us" button (web calls); absent = off. */
  readonly voice?: { readonly enabled: boolean };
}

/**
 * A task template (CreateTaskTemplate): the fields of the tasks made from it, their
 * constraints and defaults (task/template.ts), and the flow those tasks start in.
 */
export interface TaskTemplate extends ResourceBase, TaskTemplateDefinition {
  readonly contactFlowId?: string;
  readonly status: TaskTemplateStatus;
  /** Epoch ms. */
  readonly createdTime: number;
}

export interface AccessKey extends ResourceBase {
  /** `name` is the access key id. */
  readonly secretAccessKey: string;
}

/** Every stored resource kind and its entity type. */
export interface ResourceKinds {
  user: User;
  queue: Queue;
  routingProfile: RoutingProfile;
  securityProfile: SecurityProfile;
  agentStatus: AgentStatus;
  hoursOfOperation: HoursOfOperation;
  quickConnect: QuickConnect;
  contactFlow: ContactFlow;
  wrapUpCode: WrapUpCode;
  quickResponse: QuickResponse;
  view: View;
  widget: WidgetConfiguration;
  taskTemplate: TaskTemplate;
  accessKey: AccessKey;
}
export type ResourceKind = keyof ResourceKinds;
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'hoursOfOperation',
  'securityProfile',
  'agentStatus',
  'queue',
  'contactFlow',
  'quickConnect',
  'routingProfile',
  'user',
  'wrapUpCode',
  'quickResponse',
  'view',
  'widget',
  'taskTemplate',
  'accessKey',
];
