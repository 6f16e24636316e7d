/** Wire values shared by server and SDKs, as `as const` objects (not TS enums). */

export const Channel = { VOICE: 'VOICE', CHAT: 'CHAT', TASK: 'TASK' } as const;
export type Channel = (typeof Channel)[keyof typeof Channel];
export const CHANNELS: readonly Channel[] = [Channel.VOICE, Channel.CHAT, Channel.TASK];

/** Per-channel concurrency bounds: voice is always 1, chat and task 1..10. */
export const CONCURRENCY_LIMITS: Readonly<Record<Channel, { min: number; max: number }>> = {
  VOICE: { min: 1, max: 1 },
  CHAT: { min: 1, max: 10 },
  TASK: { min: 1, max: 10 },
};

export const CrossChannelBehavior = {
  ROUTE_CURRENT_CHANNEL_ONLY: 'ROUTE_CURRENT_CHANNEL_ONLY',
  ROUTE_ANY_CHANNEL: 'ROUTE_ANY_CHANNEL',
} as const;
export type CrossChannelBehavior = (typeof CrossChannelBehavior)[keyof typeof CrossChannelBehavior];

export const AgentAvailabilityTimer = {
  TIME_SINCE_LAST_ACTIVITY: 'TIME_SINCE_LAST_ACTIVITY',
  TIME_SINCE_LAST_INBOUND: 'TIME_SINCE_LAST_INBOUND',
} as const;
export type AgentAvailabilityTimer = (typeof AgentAvailabilityTimer)[keyof typeof AgentAvailabilityTimer];

/** Our agent status types (Streams' routable / not_routable / offline). */
export const AgentStatusType = { ROUTABLE: 'ROUTABLE', NOT_ROUTABLE: 'NOT_ROUTABLE', OFFLINE: 'OFFLINE' } as const;
export type AgentStatusType = (typeof AgentStatusType)[keyof typeof AgentStatusType];

export const EnabledState = { ENABLED: 'ENABLED', DISABLED: 'DISABLED' } as const;
export type EnabledState = (typeof EnabledState)[keyof typeof EnabledState];

export const DayOfWeek = {
  SUNDAY: 'SUNDAY',
  MONDAY: 'MONDAY',
  TUESDAY: 'TUESDAY',
  WEDNESDAY: 'WEDNESDAY',
  THURSDAY: 'THURSDAY',
  FRIDAY: 'FRIDAY',
  SATURDAY: 'SATURDAY',
} as const;
export type DayOfWeek = (typeof DayOfWeek)[keyof typeof DayOfWeek];
export const DAYS: readonly DayOfWeek[] = Object.values(DayOfWeek);

export const QuickConnectType = { USER: 'USER', QUEUE: 'QUEUE', PHONE_NUMBER: 'PHONE_NUMBER' } as const;
export type QuickConnectType = (typeof QuickConnectType)[keyof typeof QuickConnectType];

export const PhoneType = { SOFT_PHONE: 'SOFT_PHONE', DESK_PHONE: 'DESK_PHONE' } as const;
export type PhoneType = (typeof PhoneType)[keyof typeof PhoneType];

export const ContactFlowType = {
  CONTACT_FLOW: 'CONTACT_FLOW',
  CUSTOMER_QUEUE: 'CUSTOMER_QUEUE',
  CUSTOMER_HOLD: 'CUSTOMER_HOLD',
  CUSTOMER_WHISPER: 'CUSTOMER_WHISPER',
  AGENT_HOLD: 'AGENT_HOLD',
  AGENT_WHISPER: 'AGENT_WHISPER',
  OUTBOUND_WHISPER: 'OUTBOUND_WHISPER',
  AGENT_TRANSFER: 'AGENT_TRANSFER',
  QUEUE_TRANSFER: 'QUEUE_TRANSFER',
} as const;
export type ContactFlowType = (typeof ContactFlowType)[keyof typeof ContactFlowType];

export const ContactFlowState = { ACTIVE: 'ACTIVE', ARCHIVED: 'ARCHIVED' } as const;
export type ContactFlowState = (typeof ContactFlowState)[keyof typeof ContactFlowState];
export const ContactFlowStatus = { PUBLISHED: 'PUBLISHED', SAVED: 'SAVED' } as const;
export type ContactFlowStatus = (typeof ContactFlowStatus)[keyof typeof ContactFlowStatus];

/** Permission strings a security profile may grant (Connect's names where they exist). */
export const Permission = {
  BasicAgentAccess: 'BasicAgentAccess',
  OutboundCallAccess: 'OutboundCallAccess',
  TransferDestinations: 'TransferDestinations.View',
  RealtimeMetrics: 'AccessMetrics',
  Users: 'Users.Edit',
  RoutingProfiles: 'RoutingPolicies.Edit',
  Queues: 'Queues.Edit',
  ContactFlows: 'ContactFlows.Edit',
  ListenIn: 'ListenIn',
  ManagerBargeIn: 'ManagerBargeIn',
  Admin: 'Admin',
} as const;

/**
 * The contact attributes the agent API's `setContactWrapUp` writes: DescribeContact and
 * GetContactAttributes show them like any attribute.
 */
export const WrapUpAttribute = {
  /** The wrap-up code's name. */
  CODE: 'wrapUpCode',
  /** The wrap-up code's id. */
  CODE_ID: 'wrapUpCodeId',
  /** The agent's notes (absent when none). */
  NOTES: 'agentNotes',
} as const;
export type WrapUpAttribute = (typeof WrapUpAttribute)[keyof typeof WrapUpAttribute];

/**
 * The contact attributes a customer's rating of a chat (the widget's rating endpoint)
 * writes: DescribeContact and GetContactAttributes show them like any attribute.
 */
export const RatingAttribute = {
  /** "1" .. "5". */
  RATING: 'customerRating',
  /** The customer's comment (absent when none). */
  COMMENT: 'customerComment',
} as const;
export type RatingAttribute = (typeof RatingAttribute)[keyof typeof RatingAttribute];
