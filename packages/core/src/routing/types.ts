/**
 * The routing engine's vocabulary: what it knows about agents, queues and contacts, the
 * events it takes and the effects it answers with. Channel-neutral: chat is the first
 * channel that uses it; tasks and voice reuse it.
 *
 * Times are epoch milliseconds and always come from the caller (`now`), never a clock.
 */
import type { AgentStatusType, Channel, CrossChannelBehavior } from '../model/constants.js';
import type { HoursOfOperation } from '../model/entities.js';

export type Millis = number;

/**
 * A contact's own phase, server side. `queued` is never shown to an agent; what an agent
 * sees is their {@link Assignment}'s state.
 */
export const ContactPhase = {
  /** Created, running its flow. */
  INIT: 'init',
  /** Waiting in a queue. */
  QUEUED: 'queued',
  /** Offered to one agent, waiting for accept / reject / timeout. */
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  PAUSED: 'paused',
  /** Over for the customer; the agent may still be in after-contact work. */
  ENDED: 'ended',
  /** Nothing left to do: no agent holds it any more. */
  DESTROYED: 'destroyed',
} as const;
export type ContactPhase = (typeof ContactPhase)[keyof typeof ContactPhase];

/**
 * The agent's view of a contact (Streams `contact.state.type`). `ended` is after-contact
 * work; `missed` / `rejected` stay in the agent's snapshot until cleared.
 */
export const AssignmentState = {
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  PAUSED: 'paused',
  ENDED: 'ended',
  MISSED: 'missed',
  REJECTED: 'rejected',
  ERROR: 'error',
} as const;
export type AssignmentState = (typeof AssignmentState)[keyof typeof AssignmentState];

/** Streams connection states (`connection.state.type`). */
export const ConnectionState = {
  INIT: 'init',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  HOLD: 'hold',
  DISCONNECTED: 'disconnected',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** Why a contact ended; Connect's DisconnectReason values where one exists. */
export const EndReason = {
  CUSTOMER_DISCONNECT: 'CUSTOMER_DISCONNECT',
  AGENT_DISCONNECT: 'AGENT_DISCONNECT',
  API: 'API',
  TRANSFERRED: 'TRANSFERRED',
  EXPIRED: 'EXPIRED',
  QUEUE_FULL: 'QUEUE_FULL',
  QUEUE_CLOSED: 'QUEUE_CLOSED',
  QUEUE_DISABLED: 'QUEUE_DISABLED',
  FLOW_DISCONNECT: 'CONTACT_FLOW_DISCONNECT',
  /** A call's media was lost (the server restarted during a call: its in-process media server with it). */
  TELECOM_PROBLEM: 'TELECOM_PROBLEM',
} as const;
export type EndReason = (typeof EndReason)[keyof typeof EndReason];

/** The personal queue every agent has (`…/queue/agent/<userId>`), for agent transfers. */
export const agentQueueId = (agentId: string): string => `agent/${agentId}`;
export const isAgentQueueId = (queueId: string): boolean => queueId.startsWith('agent/');

// ---------------------------------------------------------------------------------------
// Configuration the engine routes by (derived from the instance's resources)

export interface QueueRouting {
  readonly id: string;
  /** Contacts that may wait at once; undefined = no limit. */
  readonly maxContacts?: number;
  readonly enabled: boolean;
  /** Undefined = always open. */
  readonly hours?: HoursOfOperation;
}

export interface ProfileQueueEntry {
  readonly queueId: string;
  readonly channel: Channel;
  /** 1 (highest) .. 99. */
  readonly priority: number;
  /** Milliseconds a contact must have waited in the queue before this profile gets it. */
  readonly delayMs: Millis;
}

export interface ChannelLimit {
  /** 0 = the profile does not handle this channel. */
  readonly concurrency: number;
  readonly crossChannel: CrossChannelBehavior;
}

/** What routing needs to know of one agent; rebuilt when the user or profile changes. */
export interface AgentRouting {
  readonly agentId: string;
  readonly routingProfileId: string;
  readonly channels: Readonly<Record<Channel, ChannelLimit>>;
  /** The profile's queues (the agent's personal queue is implied for every handled channel). */
  readonly queues: readonly ProfileQueueEntry[];
  readonly autoAccept: Readonly<Record<Channel, boolean>>;
  /** 0 = after-contact work lasts until the agent clears the contact. */
  readonly acwTimeoutMs: Readonly<Record<Channel, Millis>>;
}

/** A status an agent picked (an AgentStatus resource). */
export interface ChosenStatus {
  readonly statusId: string;
  readonly name: string;
  readonly type: AgentStatusType;
}

// ---------------------------------------------------------------------------------------
// Runtime state

export interface Assignment {
  readonly contactId: string;
  readonly channel: Channel;
  readonly state: AssignmentState;
  /** When `state` was entered. */
  readonly since: Millis;
  readonly offeredAt: Millis;
  readonly connectedAt?: Millis;
  /** Set while `connecting`: when the offer times out. */
  readonly offerDeadline?: Millis;
  /** Set in `ended` when the ACW has a limit. */
  readonly acwDeadline?: Millis;
  /** The agent's connection: Streams `connectionId`, also the chat participant id. */
  readonly connectionId: string;
  readonly connectionState: ConnectionState;
  readonly connectionSince: Millis;
}

export interface AgentRuntime {
  readonly agentId: string;
  readonly routing: AgentRouting;
  /** The status the agent picked (Streams `agentAvailabilityState`). */
  readonly status: ChosenStatus;
  readonly statusSince: Millis;
  /** A status to apply when the last contact is cleared. */
  readonly nextStatus?: ChosenStatus;
  /** A system error state (e.g. MissedCallAgent) until the agent picks a status. */
  readonly error?: { readonly name: string; readonly since: Millis };
  /** Has at least one live session (socket). Offline presence gets nothing routed. */
  readonly online: boolean;
  /** The availability timer: longest-idle agents are offered first. */
  readonly idleSince: Millis;
  /** Ordered by offer time. */
  readonly assignments: readonly Assignment[];
  /** What the snapshot shows; `since` changes only when the name does. */
  readonly display: DisplayState;
}

export interface ContactRuntime {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly previousContactId?: string;
  readonly relatedContactId?: string;
  readonly channel: Channel;
  readonly phase: ContactPhase;
  readonly phaseSince: Millis;
  readonly createdAt: Millis;
  /** The queue it waits in or was routed from. */
  readonly queueId?: string;
  /** When it entered the queue; kept on re-queue so it goes back to the head. */
  readonly enqueuedAt?: Millis;
  /** The agent it is offered to or connected with. */
  readonly agentId?: string;
  readonly connectedAt?: Millis;
  readonly endedAt?: Millis;
  readonly endReason?: EndReason;
  /** A scheduled task: queued in `queueId` at `at` (kept once routed, for DescribeContact). */
  readonly scheduled?: { readonly at: Millis; readonly queueId: string };
  /** A task's pauses: how many, the time paused before the current one, and when it began. */
  readonly pauses?: { readonly count: number; readonly totalMs: Millis; readonly since?: Millis };
  /** A task ends by itself (EXPIRED) at this time, warned EXPIRY_WARNING_MS before; kept across transfers. */
  readonly expiresAt?: Millis;
  /** The expiry warning was given (not again after a restart or a transfer). */
  readonly expiryWarned?: boolean;
}

/** How long before a task's expiry its agent is warned (`…event.expire.warning`). */
export const EXPIRY_WARNING_MS: Millis = 2 * 60 * 60 * 1000;

/** When a task that expires at `expiresAt` is warned. */
export const expiryWarningAt = (expiresAt: Millis): Millis => expiresAt - EXPIRY_WARNING_MS;

/** How long a contact has been paused in all, until `now` (a pause cut short by its end stops there). */
export function pausedMillis(c: ContactRuntime, now: Millis): Millis {
  const p = c.pauses;
  if (!p) return 0;
  if (p.since === undefined) return p.totalMs;
  const until = c.phase === 'paused' ? now : (c.endedAt ?? c.phaseSince);
  return p.totalMs + Math.max(0, until - p.since);
}

// ---------------------------------------------------------------------------------------
// Events in

export type RoutingEvent =
  | { readonly type: 'agent.upsert'; readonly routing: AgentRouting; readonly status?: ChosenStatus }
  | { readonly type: 'agent.remove'; readonly agentId: string }
  | { readonly type: 'agent.presence'; readonly agentId: string; readonly online: boolean }
  | {
      readonly type: 'agent.set_status';
      readonly agentId: string;
      readonly status: ChosenStatus;
      readonly enqueueNextState: boolean;
    }
  | { readonly type: 'queue.upsert'; readonly queue: QueueRouting }
  | {
      readonly type: 'contact.create';
      readonly contactId: string;
      readonly channel: Channel;
      readonly initialContactId?: string;
      readonly previousContactId?: string;
      readonly relatedContactId?: string;
      /** A task's expiry time (see ContactRuntime.expiresAt). */
      readonly expiresAt?: Millis;
    }
  | { readonly type: 'contact.enqueue'; readonly contactId: string; readonly queueId: string }
  /**
   * A new contact (a task) is queued in `queueId` at `at`, not now; again on the same
   * contact moves the time, until it is queued.
   */
  | { readonly type: 'contact.schedule'; readonly contactId: string; readonly queueId: string; readonly at: Millis }
  | { readonly type: 'contact.accept'; readonly agentId: string; readonly contactId: string }
  /**
   * A new contact (`init`) is connected to the agent at once, whatever their status and
   * capacity: no queue, no offer (a supervisor's monitoring contact, MonitorContact). It
   * holds the agent like any connected contact (Busy; it counts against their capacity)
   * until it ends. `connectionId`: the agent's connection (default: a new id).
   */
  | { readonly type: 'contact.assign'; readonly agentId: string; readonly contactId: string; readonly connectionId?: string }
  | { readonly type: 'contact.reject'; readonly agentId: string; readonly contactId: string }
  /** The agent hangs up (Streams destroyConnection on the agent connection). */
  | { readonly type: 'contact.agent_end'; readonly agentId: string; readonly contactId: string }
  /** The customer leaves, StopContact, chat expiry, a flow disconnect. */
  | { readonly type: 'contact.end'; readonly contactId: string; readonly reason: EndReason }
  | { readonly type: 'contact.clear'; readonly agentId: string; readonly contactId: string }
  | { readonly type: 'contact.pause'; readonly agentId: string; readonly contactId: string }
  | { readonly type: 'contact.resume'; readonly agentId: string; readonly contactId: string }
  /**
   * The agent transfers a connected contact: it ends for them (after-contact work) and a
   * new contact (`newContactId`, same initial contact) enters `queueId` (a personal
   * agent queue for agent transfers).
   */
  | {
      readonly type: 'contact.transfer';
      readonly agentId: string;
      readonly contactId: string;
      readonly newContactId: string;
      readonly queueId: string;
    }
  /** Timers: offer timeouts, ACW limits, queue delays, scheduled tasks, task expiries. */
  | { readonly type: 'tick' };

// ---------------------------------------------------------------------------------------
// Effects out

/** Domain events with dotted names; the shell persists them with the change. */
export type DomainEvent =
  | { readonly type: 'contact.created'; readonly contactId: string; readonly channel: Channel }
  | { readonly type: 'contact.queued'; readonly contactId: string; readonly queueId: string }
  | { readonly type: 'contact.scheduled'; readonly contactId: string; readonly queueId: string; readonly at: Millis }
  | { readonly type: 'contact.offered'; readonly contactId: string; readonly agentId: string; readonly queueId: string }
  | { readonly type: 'contact.connected'; readonly contactId: string; readonly agentId: string }
  /** `connectionId`: the agent's connection that rang (a new offer of the contact gets a new one). */
  | { readonly type: 'contact.missed'; readonly contactId: string; readonly agentId: string; readonly connectionId: string }
  | { readonly type: 'contact.rejected'; readonly contactId: string; readonly agentId: string; readonly connectionId: string }
  | { readonly type: 'contact.paused'; readonly contactId: string; readonly agentId: string }
  | { readonly type: 'contact.resumed'; readonly contactId: string; readonly agentId: string }
  | { readonly type: 'contact.ended'; readonly contactId: string; readonly reason: EndReason; readonly agentId?: string }
  | {
      readonly type: 'contact.transferred';
      readonly contactId: string;
      readonly newContactId: string;
      readonly agentId: string;
      readonly queueId: string;
    }
  /**
   * A transfer that could not be made (the target queue is full, closed or disabled): the
   * contact stays with the agent as it was.
   */
  | {
      readonly type: 'contact.transfer_failed';
      readonly contactId: string;
      readonly agentId: string;
      readonly queueId: string;
      readonly reason: EndReason;
    }
  /** A task's expiry is EXPIRY_WARNING_MS away (`agentId`: who holds it, if anyone). */
  | { readonly type: 'task.expiring'; readonly contactId: string; readonly expiresAt: Millis; readonly agentId?: string }
  /** A task reached its expiry; it ends (EXPIRED) in the same step. */
  | { readonly type: 'task.expired'; readonly contactId: string; readonly agentId?: string }
  | { readonly type: 'contact.acw_started'; readonly contactId: string; readonly agentId: string }
  | { readonly type: 'contact.cleared'; readonly contactId: string; readonly agentId: string }
  | { readonly type: 'contact.destroyed'; readonly contactId: string }
  | {
      readonly type: 'agent.status_changed';
      readonly agentId: string;
      readonly status: ChosenStatus;
      readonly previous?: ChosenStatus;
    }
  | { readonly type: 'agent.next_status'; readonly agentId: string; readonly status: ChosenStatus | null }
  | { readonly type: 'agent.error'; readonly agentId: string; readonly name: string }
  | { readonly type: 'agent.presence'; readonly agentId: string; readonly online: boolean };

export interface Effects {
  readonly events: readonly DomainEvent[];
  /** Agents whose snapshot changed (push it to their sockets, persist their runtime). */
  readonly agents: ReadonlySet<string>;
  /** Contacts that changed (persist them). */
  readonly contacts: ReadonlySet<string>;
  /** The last state of contacts destroyed by this step (the engine forgets them). */
  readonly destroyed: ReadonlyMap<string, ContactRuntime>;
}

/** What the agent's snapshot shows as `state` (system states while working). */
export interface DisplayState {
  /** Streams state type: routable / not_routable / offline / system / error. */
  readonly type: 'routable' | 'not_routable' | 'offline' | 'system' | 'error';
  /** The chosen status name, or Busy / PendingBusy / AfterContactWork / MissedCallAgent. */
  readonly name: string;
  /** The chosen status id when `name` is a chosen status. */
  readonly statusId?: string;
  readonly since: Millis;
}
