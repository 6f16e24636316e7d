/**
 * Chat items exactly as the Amazon Connect participant service puts them on the wire
 * (GetTranscript `Transcript[]` and the `aws/chat` websocket topic), and every content
 * type the client libraries (chatjs 5.x, taskjs 2.x) know.
 */
import { isoTime } from '../model/iso-time.js';

/**
 * `Item.Type`. The real service sends events as `EVENT` + a ContentType and receipts as
 * `MESSAGEMETADATA` (not in the SDK enum; the SDK passes unknown strings through). The
 * other values are in the model's enum but unused by the service today.
 */
export type ChatItemType =
  | 'MESSAGE'
  | 'EVENT'
  | 'ATTACHMENT'
  | 'CONNECTION_ACK'
  | 'MESSAGEMETADATA'
  | 'TYPING'
  | 'PARTICIPANT_JOINED'
  | 'PARTICIPANT_LEFT'
  | 'CHAT_ENDED'
  | 'TRANSFER_SUCCEEDED'
  | 'TRANSFER_FAILED'
  | 'MESSAGE_DELIVERED'
  | 'MESSAGE_READ';

export type ParticipantRole = 'AGENT' | 'CUSTOMER' | 'SYSTEM' | 'CUSTOM_BOT' | 'SUPERVISOR';

/** `ArtifactStatus`. */
export type AttachmentStatus = 'APPROVED' | 'REJECTED' | 'IN_PROGRESS';

export interface AttachmentItem {
  readonly ContentType: string;
  readonly AttachmentId: string;
  readonly AttachmentName: string;
  readonly Status: AttachmentStatus;
}

export interface Receipt {
  /** ISO-8601 with milliseconds. */
  readonly DeliveredTimestamp?: string;
  /** ISO-8601 with milliseconds; set on read receipts (chatjs keys read vs delivered on it). */
  readonly ReadTimestamp?: string;
  /** The participant who received/read the message; chatjs hides receipts addressed to itself. */
  readonly RecipientParticipantId: string;
}

export type MessageProcessingStatus = 'PROCESSING' | 'FAILED' | 'REJECTED';

export interface MessageMetadata {
  /** The Id of the message the receipts are about. */
  readonly MessageId: string;
  readonly Receipts?: readonly Receipt[];
  readonly MessageProcessingStatus?: MessageProcessingStatus;
  /** Websocket only (Lex streaming): false on partial chunks, true on the final message. */
  readonly MessageCompleted?: boolean;
  /** Websocket only (Lex streaming): 1, 2, … on chunks sharing one Id. */
  readonly ChunkNumber?: number;
}

/** The wire `Item` (the SDK shape plus the fields the service adds on the websocket). */
export interface ChatItem {
  /** ISO-8601 UTC with milliseconds, e.g. `2019-11-08T02:41:28.172Z` (see {@link toAbsoluteTime}). */
  readonly AbsoluteTime: string;
  /** Absent on ATTACHMENT items and most EVENTs. */
  readonly Content?: string;
  readonly ContentType: string;
  readonly Id: string;
  readonly Type: ChatItemType;
  readonly ParticipantId?: string;
  readonly DisplayName?: string;
  readonly ParticipantRole?: ParticipantRole;
  readonly Attachments?: readonly AttachmentItem[];
  readonly MessageMetadata?: MessageMetadata;
  /** Set on transcript items that belong to an earlier contact of a persistent chat. */
  readonly RelatedContactId?: string;
  /** The contact the item belongs to. */
  readonly ContactId?: string;
  /** Websocket items must carry it (or ContactId) or chatjs drops them. */
  readonly InitialContactId?: string;
}

const VND = 'application/vnd.amazonaws.connect.';

/** Content types (chatjs `CONTENT_TYPE` naming; plus taskjs and mobile-SDK events). */
export const ContentTypes = {
  textPlain: 'text/plain',
  textMarkdown: 'text/markdown',
  applicationJson: 'application/json',

  // Messages
  interactiveMessage: `${VND}message.interactive`,
  interactiveMessageResponse: `${VND}message.interactive.response`,

  // Events
  typing: `${VND}event.typing`,
  connectionAcknowledged: `${VND}event.connection.acknowledged`,
  participantJoined: `${VND}event.participant.joined`,
  participantLeft: `${VND}event.participant.left`,
  participantActive: `${VND}event.participant.active`,
  participantInactive: `${VND}event.participant.inactive`,
  participantInvited: `${VND}event.participant.invited`,
  participantIdle: `${VND}event.participant.idle`,
  participantReturned: `${VND}event.participant.returned`,
  autoDisconnection: `${VND}event.participant.autodisconnection`,
  participantDisplayNameUpdated: `${VND}event.participant.displayname.updated`,
  transferSucceeded: `${VND}event.transfer.succeeded`,
  transferFailed: `${VND}event.transfer.failed`,
  transferInitiated: `${VND}event.transfer.initiated`,
  chatEnded: `${VND}event.chat.ended`,
  chatRehydrated: `${VND}event.chat.rehydrated`,
  readReceipt: `${VND}event.message.read`,
  deliveredReceipt: `${VND}event.message.delivered`,
  messageMetadata: `${VND}event.message.metadata`,
  workflowCancelled: `${VND}event.workflow.cancelled`,
  authenticationInitiated: `${VND}event.authentication.initiated`,
  authenticationSuccessful: `${VND}event.authentication.succeeded`,
  authenticationFailed: `${VND}event.authentication.failed`,
  authenticationTimeout: `${VND}event.authentication.timeout`,
  authenticationExpired: `${VND}event.authentication.expired`,
  authenticationCanceled: `${VND}event.authentication.cancelled`,
  expireWarning: `${VND}event.expire.warning`,
  expireComplete: `${VND}event.expire.complete`,
} as const;

export type KnownContentType = (typeof ContentTypes)[keyof typeof ContentTypes];

/** Attachment MIME types chatjs accepts (`CONTENT_TYPE`; README: csv, doc(x), jpeg, pdf, png, ppt(x), txt, wav, xls(x)). */
export const ATTACHMENT_CONTENT_TYPES: readonly string[] = [
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/pdf',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/jpeg',
  'image/png',
  'audio/wav',
  'audio/x-wav',
  'audio/vnd.wave',
  'text/plain',
];

/** Epoch ms → the wire `AbsoluteTime` (ISO-8601 UTC, always with milliseconds). */
export const toAbsoluteTime = (ms: number): string => isoTime(ms);

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * A wire `AbsoluteTime` (ISO-8601 date-time with a zone, `yyyy-MM-ddThh:mm:ss.SSSZ` in
 * the docs) → epoch ms; undefined for anything else. Sub-millisecond digits are dropped.
 */
export const parseAbsoluteTime = (iso: string): number | undefined => {
  if (!ISO_8601.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
};
