/**
 * The Task class's public data and payload types: what `task.data` holds and what each
 * method takes. Names follow the reference SDK where Switchboard has the same thing.
 */
import type { ContactData, QueueRef } from '@switchboard/agent-client';

/** Where a transfer or a consult goes. */
export const DESTINATION_TYPE = {
  QUEUE: 'queue',
  AGENT: 'agent',
} as const;
export type DestinationType = (typeof DESTINATION_TYPE)[keyof typeof DESTINATION_TYPE];

/**
 * A blind transfer. `to` names the destination: a quick connect's ARN or id, or for
 * `queue` the queue's name, ARN or id, for `agent` the agent's username, user ARN or id, or
 * the quick connect's name. It must be reachable through one of the quick connects the
 * agent sees (getEndpoints), as in the desktop's transfer dialog.
 */
export interface TransferPayLoad {
  readonly to: string;
  readonly destinationType: DestinationType;
}

/** Voice: a consult. The customer is always held meanwhile (`holdParticipants: false` is refused). */
export interface ConsultPayload {
  readonly to: string;
  readonly destinationType: DestinationType;
  readonly holdParticipants?: boolean;
}

/** Voice: ending a consult (the reference's fields are accepted; Switchboard needs none of them). */
export interface ConsultEndPayload {
  readonly isConsult?: boolean;
  readonly queueId?: string;
  readonly taskId?: string;
}

/** Voice: the reference ignores these (the consulted party is the destination); so does Switchboard. */
export interface ConsultTransferPayLoad {
  readonly to?: string;
  readonly destinationType?: DestinationType;
}

/**
 * After-contact work: `auxCodeId` is one of the instance's wrap-up codes (its id, ARN or
 * name: `center.getWrapUpCodes()`), `wrapUpReason` the reason in words (the code's name, or
 * a note: anything else than the code's name is kept as the agent's notes).
 */
export interface WrapupPayLoad {
  readonly wrapUpReason: string;
  readonly auxCodeId: string;
}

/** Voice: resuming the recording (`autoResumed` is accepted and ignored). */
export interface ResumeRecordingPayload {
  readonly autoResumed?: boolean;
}

/** A wrap-up code of the instance (getWrapUpCodes). */
export interface WrapUpCode {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

/** The contact's channel, Streams' names. */
export type MediaType = ContactData<string>['type'];

/** Where a task is. */
export const TaskState = {
  /** Ringing for the agent. */
  OFFERED: 'offered',
  CONNECTED: 'connected',
  /** Voice: the customer is held; a task: paused. */
  HELD: 'held',
  /** Voice: a consult is on (the customer held, the consulted party ringing or talking with the agent). */
  CONSULTING: 'consulting',
  /** Voice: the customer, the consulted party and the agent hear each other. */
  CONFERENCING: 'conferencing',
  /** After-contact work: wrap up. */
  WRAP_UP: 'wrapUp',
  /** The offer timed out (RONA). */
  MISSED: 'missed',
  /** No longer in the agent's data (wrapped up, declined, cleared). */
  COMPLETED: 'completed',
} as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

/** `task.data`: the task as the agent's latest data shows it, plus what the task's operations learnt. */
export interface TaskData {
  /** The contact's id (the reference's interactionId). */
  readonly interactionId: string;
  readonly mediaType: MediaType;
  readonly state: TaskState;
  /** The contact as the agent's data (Streams' snapshot) last showed it. */
  readonly contact: ContactData<string>;
  /** The agent's own connection id (for chats, also the chat participant id). */
  readonly agentConnectionId: string | undefined;
  readonly queue: QueueRef | undefined;
  /** In after-contact work: `wrapup()` is expected. */
  readonly wrapUpRequired: boolean;
  /** Voice: this agent was called in by another agent's consult. */
  readonly isConsulted: boolean;
  readonly isConferenceInProgress: boolean;
  readonly isHold: boolean;
  /** Voice: the agent's own connection is muted on the server. */
  readonly isMuted: boolean;
  /** Voice: `recording` or `paused` while the call is recorded. */
  readonly recording: 'recording' | 'paused' | undefined;
  /** Why the offer went away unaccepted (`task:rejected`). */
  readonly reason?: string;
  /** After `transfer()`: the new contact's id. */
  readonly transferredTo?: string;
  /** After `consult()`: the consult contact's id (the consulted agent's task). */
  readonly consultContactId?: string;
  /** After `wrapup()`: the code recorded. */
  readonly wrapUpCode?: WrapUpCode;
}
