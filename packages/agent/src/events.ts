/**
 * The Task class's events, declared once: their names ({@link TASK_EVENTS}, the reference
 * SDK's names and values), what each callback receives ({@link TaskEventCallbacks}) and when
 * Switchboard emits each (the agent data change that causes it: derive.ts). The manager's
 * own events are {@link CONTACT_CENTER_EVENTS}.
 */
import type { AgentApiError, ConnectionState } from '@switchboard/agent-client';
import type { TaskError } from './errors.js';
import type { Task } from './task.js';

export const TASK_EVENTS = {
  /** On the manager: a new offer (the contact rings for the agent). */
  TASK_INCOMING: 'task:incoming',
  /** The agent accepted (or the offer was auto-accepted): the contact is connected. */
  TASK_ASSIGNED: 'task:assigned',
  /** Browsers, voice: a remote audio track of the agent's leg (one per line). */
  TASK_MEDIA: 'task:media',
  /** Never emitted (as in the reference): an unassigned contact ends with `task:end`. */
  TASK_UNASSIGNED: 'task:unassigned',
  /** The customer is on hold (voice: their connection `hold`; a task: paused). */
  TASK_HOLD: 'task:hold',
  /** The customer is back from hold (voice) or the task resumed. */
  TASK_RESUME: 'task:resume',
  /** Voice: the consulted party left the call (hung up on, or they hung up) while the customer stays. */
  TASK_CONSULT_END: 'task:consultEnd',
  /** Voice: a consult to a queue was cancelled before anyone answered. */
  TASK_CONSULT_QUEUE_CANCELLED: 'task:consultQueueCancelled',
  /** Voice: cancelling a consult to a queue failed. */
  TASK_CONSULT_QUEUE_FAILED: 'task:consultQueueFailed',
  /** Voice, the consulted agent's task: they accepted the consult. */
  TASK_CONSULT_ACCEPTED: 'task:consultAccepted',
  /** Voice, the consulting agent's task: the consulted party answered, the two agents talk. */
  TASK_CONSULTING: 'task:consulting',
  /** Voice: the consult was placed (the third connection rings). */
  TASK_CONSULT_CREATED: 'task:consultCreated',
  /** Voice, the consulted agent's task: a consult is offered to them (after `task:incoming`). */
  TASK_OFFER_CONSULT: 'task:offerConsult',
  /** The contact ended for the agent; `task.data.wrapUpRequired` says whether after-contact work follows. */
  TASK_END: 'task:end',
  /** After-contact work began (right after `task:end` when `wrapUpRequired`). */
  TASK_WRAPUP: 'task:wrapup',
  /** After-contact work is over (wrapped up, or cleared by the server's after-contact-work timeout). */
  TASK_WRAPPEDUP: 'task:wrappedup',
  /** Voice: the call's recording was paused. */
  TASK_RECORDING_PAUSED: 'task:recordingPaused',
  /** Voice: pausing the recording failed. */
  TASK_RECORDING_PAUSE_FAILED: 'task:recordingPauseFailed',
  /** Voice: the call's recording was resumed. */
  TASK_RECORDING_RESUMED: 'task:recordingResumed',
  /** Voice: resuming the recording failed. */
  TASK_RECORDING_RESUME_FAILED: 'task:recordingResumeFailed',
  /** The offer is gone without being accepted: the reason ({@link RejectReason}) is the payload. */
  TASK_REJECT: 'task:rejected',
  /** Never emitted: Switchboard has no outbound dialer yet. */
  TASK_OUTDIAL_FAILED: 'task:outdialFailed',
  /** On the manager: a task the agent already had when the data first came (sign-in, reload). */
  TASK_HYDRATE: 'task:hydrate',
  /** Never emitted publicly (as in the reference). */
  TASK_OFFER_CONTACT: 'task:offerContact',
  /** The offer was accepted by the routing profile's auto-accept (after `task:assigned`). */
  TASK_AUTO_ANSWERED: 'task:autoAnswered',
  /** Voice: a conference was asked for and is being set up. */
  TASK_CONFERENCE_ESTABLISHING: 'task:conferenceEstablishing',
  /** Voice: the customer and the consulted party hear each other and the agent. */
  TASK_CONFERENCE_STARTED: 'task:conferenceStarted',
  /** Voice: `consultConference` failed. */
  TASK_CONFERENCE_FAILED: 'task:conferenceFailed',
  /** Voice: the conference is over (a party was held again, or left). */
  TASK_CONFERENCE_ENDED: 'task:conferenceEnded',
  /** Voice: a party joined the conference. */
  TASK_PARTICIPANT_JOINED: 'task:participantJoined',
  /** Voice: a party left the conference. */
  TASK_PARTICIPANT_LEFT: 'task:participantLeft',
  /** Voice: the agent left the conference to the others (`transferConference`). */
  TASK_CONFERENCE_TRANSFERRED: 'task:conferenceTransferred',
  /** Voice: `transferConference` failed. */
  TASK_CONFERENCE_TRANSFER_FAILED: 'task:conferenceTransferFailed',
  /** Voice: ending the consult during a conference failed. */
  TASK_CONFERENCE_END_FAILED: 'task:conferenceEndFailed',
  /** Voice: `exitConference` failed. */
  TASK_PARTICIPANT_LEFT_FAILED: 'task:participantLeftFailed',
  /** Never emitted: Switchboard does not merge contacts. */
  TASK_MERGED: 'task:merged',
  /** Never emitted: no post-call activity on Switchboard. */
  TASK_POST_CALL_ACTIVITY: 'task:postCallActivity',
  /** Never emitted: no campaigns on Switchboard. */
  TASK_CAMPAIGN_PREVIEW_RESERVATION: 'task:campaignPreviewReservation',
} as const;
export type TaskEventName = (typeof TASK_EVENTS)[keyof typeof TASK_EVENTS];

/** Why an offer went away without being accepted (`task:rejected`'s payload). */
export const RejectReason = {
  /** Ring on no answer: the offer timed out (the agent is put in `MissedCallAgent` until they pick a status). */
  RONA: 'RONA',
  /** The agent declined it (`task.decline()`, here or in another tab): it went back to its queue. */
  DECLINED: 'DECLINED',
  /** It went away by itself while ringing (the customer left, the contact was stopped or moved). */
  WITHDRAWN: 'WITHDRAWN',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

type TaskListener = (task: Task) => void;

/** What each task event's callback receives: the task, except where noted. */
export type TaskEventCallbacks = {
  [K in TaskEventName]: K extends typeof TASK_EVENTS.TASK_MEDIA
    ? (track: MediaStreamTrack) => void
    : K extends typeof TASK_EVENTS.TASK_REJECT
      ? (reason: RejectReason) => void
      : K extends typeof TASK_EVENTS.TASK_OUTDIAL_FAILED
        ? (reason: string) => void
        : TaskListener;
};

/** The task events whose payload is the task itself. */
export type TaskLifecycleEvent = Exclude<
  TaskEventName,
  typeof TASK_EVENTS.TASK_MEDIA | typeof TASK_EVENTS.TASK_REJECT | typeof TASK_EVENTS.TASK_OUTDIAL_FAILED
>;

/** The manager's events. */
export const CONTACT_CENTER_EVENTS = {
  TASK_INCOMING: TASK_EVENTS.TASK_INCOMING,
  TASK_HYDRATE: TASK_EVENTS.TASK_HYDRATE,
  /** The agent's state changed (`snapshot.state`: a status, or Busy, PendingBusy, AfterContactWork, MissedCallAgent…). */
  AGENT_STATE_CHANGE: 'agent:stateChange',
  /** The agent websocket's state changed. */
  CONNECTION_STATE: 'connectionState',
  /** The session is over (signed out, expired, refused): the manager is closed. */
  SESSION_ENDED: 'sessionEnded',
  /** Something went wrong that no caller waits for (an auto wrap-up that failed, a listener that threw). */
  ERROR: 'error',
} as const;
export type ContactCenterEventName = (typeof CONTACT_CENTER_EVENTS)[keyof typeof CONTACT_CENTER_EVENTS];

/** `agent:stateChange`'s payload. */
export interface AgentStateChange {
  /** The state's name: a status the agent picked, or a system state. */
  readonly state: string;
  /** Streams' type: routable, not_routable, offline, system, error. */
  readonly type: string;
  readonly previous: string | undefined;
}

export interface ContactCenterCallbacks {
  [CONTACT_CENTER_EVENTS.TASK_INCOMING]: (task: Task) => void;
  [CONTACT_CENTER_EVENTS.TASK_HYDRATE]: (task: Task) => void;
  [CONTACT_CENTER_EVENTS.AGENT_STATE_CHANGE]: (change: AgentStateChange) => void;
  [CONTACT_CENTER_EVENTS.CONNECTION_STATE]: (state: ConnectionState, previous: ConnectionState) => void;
  [CONTACT_CENTER_EVENTS.SESSION_ENDED]: (reason: string) => void;
  [CONTACT_CENTER_EVENTS.ERROR]: (error: TaskError | AgentApiError) => void;
}
