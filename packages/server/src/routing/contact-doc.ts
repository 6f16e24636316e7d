/**
 * A contact as the server keeps it: the routing runtime plus everything else Connect
 * shows about a contact (attributes, participants, how it started). Stored whole as the
 * `body` of the contacts table; the routing fields are refreshed from the engine.
 */
import type { Channel, ContactRuntime, MonitorMode, TaskReference, VoiceCallState } from '@switchboard/core';

export type InitiationMethod =
  | 'INBOUND'
  | 'OUTBOUND'
  | 'TRANSFER'
  | 'API'
  | 'QUEUE_TRANSFER'
  | 'DISCONNECT'
  | 'WEBRTC_API'
  | 'MONITOR';

export interface ParticipantDoc {
  readonly participantId: string;
  readonly role: 'CUSTOMER' | 'AGENT' | 'SYSTEM';
  readonly displayName: string;
  /** The agent's user id for AGENT participants. */
  readonly userId?: string;
}

export interface ContactDoc {
  readonly instanceId: string;
  readonly contactId: string;
  readonly channel: Channel;
  runtime: ContactRuntime;
  initiationMethod: InitiationMethod;
  /** Epoch ms. */
  readonly initiatedAt: number;
  disconnectedAt?: number;
  flowId?: string;
  name?: string;
  description?: string;
  attributes: Record<string, string>;
  /** The customer's participant (chat). */
  customer?: ParticipantDoc;
  /** Agents who held this contact (connected), last one last. */
  agents: { readonly userId: string; readonly connectionId: string; connectedAt?: number }[];
  chat?: {
    /** When the chat ends by itself (ChatDurationInMinutes). */
    readonly expiresAt: number;
    readonly initialMessage?: { readonly contentType: string; readonly content: string };
    readonly supportedMessagingContentTypes?: readonly string[];
    readonly greeting?: string;
    /** The flow's interactive messages (ListPicker / QuickReply JSON), sent after the greeting. */
    readonly interactive?: readonly string[];
  };
  /** Chats started by a customer chat widget: its configuration and the visitor. */
  readonly widget?: { readonly configurationId: string; readonly visitorId: string };
  /** StartChatContact's ClientToken, for idempotent retries. */
  readonly clientToken?: string;
  relatedContactId?: string;
  /** Persistent chat: the past chat this one continues (StartChatContact PersistentChat). */
  persistent?: {
    readonly sourceContactId: string;
    readonly sourceInitialContactId: string;
    readonly rehydrationType: 'ENTIRE_PAST_SESSION' | 'FROM_SEGMENT';
    /** FROM_SEGMENT: past items from this time on (epoch ms). */
    readonly since?: number;
  };
  segmentAttributes?: Record<string, unknown>;
  /**
   * Voice contacts (StartWebRTCContact): the call's legs and their flags (held, muted), the
   * customer's DTMF digits, whether it ended — kept with the contact so that a restart knows
   * them (core's voice/call.ts; the call controller, packages/server/src/voice/).
   */
  voice?: VoiceCallState;
  /**
   * A consult contact (Streams' createAdditionalConnection): the contact whose call this
   * one's agent joins as the third party. Cleared when the call moves here (the consulting
   * agent left: a warm transfer), from then on `voice` is this contact's own.
   */
  voiceCallOf?: string;
  /**
   * A supervisor's monitoring contact (MonitorContact): `of` is the contact whose call they
   * monitor (its holder when they joined), `capabilities` what they may do. Once connected
   * the supervisor is the call's monitor with this contact's id (core's
   * `VoiceCallState.monitors`).
   */
  voiceMonitor?: { readonly of: string; readonly capabilities: readonly MonitorMode[] };
  /** Tasks (StartTaskContact): what the agent works on, beyond name and description. */
  task?: {
    references: Record<string, TaskReference>;
    /** The template the task was made from (id, and its name then). */
    readonly template?: { readonly id: string; readonly name: string };
    /** The quick connect it was started with. */
    readonly quickConnectId?: string;
    /** A digest of the request, for ClientToken retries (same token, other body: IdempotencyException). */
    readonly requestDigest?: string;
  };
}
