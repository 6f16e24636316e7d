/**
 * The shape of the agent data Streams reads, generic over the timestamp type (ISO strings on
 * the wire, Dates in Streams), and what it is built from.
 */
import type { InstanceCoords } from '../model/arn.js';
import type { Channel } from '../model/constants.js';
import type { AgentStatus, Queue, RoutingProfile, User } from '../model/entities.js';
import type { AgentRuntime, AssignmentState, ConnectionState, ContactRuntime, DisplayState } from '../routing/types.js';
import type { MonitorMode, VoiceCallState } from '../voice/call.js';

// ---------------------------------------------------------------------------------------
// The Streams shape, generic over the timestamp type

/** Streams agent state types (`snapshot.state.type`). */
export type StreamsAgentStateType = 'init' | DisplayState['type'];
/** Streams contact types (`contact.type`). */
export type StreamsContactType = 'voice' | 'queue_callback' | 'chat' | 'task' | 'email';
/** Streams contact state types (`contact.state.type`). */
export type StreamsContactStateType = 'init' | 'incoming' | 'pending' | AssignmentState;

export interface AgentStateData<T> {
  agentStateARN?: string;
  type: StreamsAgentStateType;
  name: string;
  startTimestamp: T;
}

export interface NextStateData<T> {
  agentStateARN: string;
  type: StreamsAgentStateType;
  name: string;
  startTimestamp: T;
}

export interface AvailabilityStateData<T> {
  state: string;
  timeStamp: T;
  type: StreamsAgentStateType;
}

export interface QueueRef {
  queueARN: string;
  /** The ARN again (Streams' `queueId` is the ARN). */
  queueId: string;
  name: string;
}

export interface EndpointData {
  type: 'phone_number' | 'agent' | 'queue';
  endpointARN?: string;
  name?: string;
  phoneNumber?: string;
  agentLogin?: string;
}

export interface ChatMediaInfo {
  chatAutoAccept?: boolean;
  /** `JSON.stringify({ConnectionAuthenticationToken})`. */
  connectionData?: string;
  customerName?: string;
  agentName?: string;
}

/** A voice call's agent connection (Streams `connection.getSoftphoneMediaInfo()`). */
export interface SoftphoneMediaInfo {
  callType: 'audio_only';
  /** The routing profile's auto-accept for voice. */
  autoAccept: boolean;
  /**
   * Switchboard: the voice token that opens the agent's leg on `/voice/v1/ws` (with
   * `@switchboard/voice`), while the offer rings and the call is connected (docs/voice.md).
   */
  callContextToken?: string;
}

export interface ConnectionData<T> {
  connectionId: string;
  type: 'agent' | 'inbound' | 'outbound' | 'monitoring';
  initial: boolean;
  /** Voice: a supervisor's connection is `silent_monitor` or `barge` while on the call. */
  state: { type: ConnectionState | 'silent_monitor' | 'barge'; timestamp: T };
  endpoint: EndpointData;
  chatMediaInfo?: ChatMediaInfo;
  /** Voice: the agent connection's media (Streams). */
  softphoneMediaInfo?: SoftphoneMediaInfo;
  /** Voice: muted on the server (muteParticipant); Streams' `isMute()`. */
  mute?: boolean;
  /** Voice: muted by a barging supervisor (Streams' `isForcedMute()`): the agent cannot unmute. */
  forcedMute?: boolean;
  /** Voice, a supervisor's `monitoring` connection: silent monitor or barge (Streams' `getMonitorStatus()`). */
  monitorStatus?: MonitorMode;
  /** What MonitorContact allowed them (Streams' `getMonitorCapabilities()`). */
  monitorCapabilities?: MonitorMode[];
  /** On the supervisor's own connection: whom they monitor (Streams' `getMonitorInfo()`). */
  monitoringInfo?: { agentName: string; customerName?: string; joinTime: T };
}

export interface ContactData<T> {
  contactId: string;
  initialContactId: string;
  relatedContactId?: string;
  previousContactId?: string;
  type: StreamsContactType;
  state: { type: StreamsContactStateType; timestamp: T };
  queue?: QueueRef;
  queueTimestamp?: T;
  connections: ConnectionData<T>[];
  attributes: Record<string, { name: string; value: string }>;
  segmentAttributes: Record<string, { ValueString?: string }>;
  agentContactHandlingConfig: { autoAccept: boolean };
  initiationMethod: string;
  name?: string;
  description?: string;
  /** Tasks: the references (Streams `contact.getReferences()`), by name. */
  references?: Record<string, { type: string; value: string }>;
  /** Tasks: when a scheduled task was (or will be) queued. */
  scheduledTimestamp?: T;
  /** Tasks (Switchboard): when the task ends by itself, EXPIRED. */
  expiryTimestamp?: T;
  /** Tasks (Switchboard): how often it was paused, and the time paused in finished pauses (a running one: since `state.timestamp`). */
  totalPauseCount?: number;
  totalPauseDurationInSeconds?: number;
  /** Tasks (Switchboard): the template it was made from. */
  taskTemplate?: { id: string; name: string };
  /** Voice (Switchboard): the DTMF digits the customer pressed, oldest first (the newest 32). */
  customerDigits?: string;
  /**
   * Voice (Switchboard): the call is being recorded (`recording`) or its recording is paused
   * (`paused`); absent when it is not recorded (or no longer: stopped, ended).
   */
  recording?: 'recording' | 'paused';
  /**
   * Voice (Switchboard): this agent was called into another agent's call (a consult); that
   * agent holds, swaps and conferences it until they leave it to this one.
   */
  calledIn?: boolean;
}

export interface SnapshotData<T> {
  state: AgentStateData<T>;
  agentAvailabilityState: AvailabilityStateData<T>;
  nextState: NextStateData<T> | null;
  contacts: ContactData<T>[];
  snapshotTimestamp: T;
}

export interface AgentStateDef {
  agentStateARN: string;
  type: StreamsAgentStateType;
  name: string;
}

export interface AgentConfiguration {
  name: string;
  username: string;
  agentARN: string;
  softphoneEnabled: boolean;
  softphoneAutoAccept: boolean;
  extension: string;
  agentPreferences: Record<string, string>;
  routingProfile: {
    name: string;
    routingProfileARN: string;
    /** The ARN again (Streams parses the instance id out of it). */
    routingProfileId: string;
    defaultOutboundQueue: QueueRef;
    queues: QueueRef[];
    channelConcurrencyMap: Record<Channel, number>;
  };
  agentStates: AgentStateDef[];
  permissions: string[];
  dialableCountries: string[];
}

/** JSON-safe agent data: every timestamp is an ISO-8601 string. */
export interface AgentDataWire {
  snapshot: SnapshotData<string>;
  configuration: AgentConfiguration;
}

/** Agent data as Streams takes it: real Dates, plus the CCP's local receive time and the skew. */
export interface AgentData {
  snapshot: SnapshotData<Date> & {
    /** Epoch ms when the CCP page received the snapshot. */
    localTimestamp: number;
    /** `snapshotTimestamp - localTimestamp`, ms. */
    skew: number;
  };
  configuration: AgentConfiguration;
}

// ---------------------------------------------------------------------------------------
// Input

/** What the server knows about one of the agent's contacts besides routing. */
export interface ContactView {
  readonly runtime: ContactRuntime;
  readonly attributes: Readonly<Record<string, string>>;
  /** Chat: the customer's DisplayName. */
  readonly customerName?: string;
  /** The customer participant id (connection type 'inbound', initial: true). */
  readonly customerConnectionId: string;
  /** Chat: the agent participant token. */
  readonly agentConnectionToken?: string;
  readonly name?: string;
  readonly description?: string;
  /** 'INBOUND' | 'TRANSFER' | 'API' ... */
  readonly initiationMethod: string;
  /** Name of runtime.queueId (for agent queues: the agent's username). */
  readonly queueName?: string;
  /** Voice: the call's legs and flags, and the agent's voice token while it may open their leg. */
  readonly voice?: {
    readonly call: VoiceCallState;
    readonly callContextToken?: string;
    /** This contact's agent was called in by a consult: they are the call's third party. */
    readonly consulted?: boolean;
    /**
     * A supervisor's monitoring contact (MonitorContact): their own record is the call's
     * monitor with this contact's id; `agentName` is the monitored agent's.
     */
    readonly monitoring?: { readonly agentName: string };
    /** Supervisors' display names by user id (their connections on the call are named by them). */
    readonly supervisorNames?: Readonly<Record<string, string>>;
    /** The call is being recorded, or recording is paused (the agent's pause button). */
    readonly recording?: 'recording' | 'paused';
  };
  /** Tasks: references and the template it was made from. */
  readonly task?: {
    readonly references: Readonly<Record<string, { readonly type: string; readonly value: string }>>;
    readonly template?: { readonly id: string; readonly name: string };
  };
}

export interface AgentDataInput {
  readonly coords: InstanceCoords;
  readonly agent: AgentRuntime;
  readonly user: User;
  readonly routingProfile: RoutingProfile;
  /** By id, for names and ARNs of the profile's queues. */
  readonly queues: ReadonlyMap<string, Queue>;
  /** Enabled ones are listed in configuration.agentStates, ordered by displayOrder. */
  readonly agentStatuses: readonly AgentStatus[];
  readonly permissions: readonly string[];
  /** By contactId; the agent's assignments reference them. */
  readonly contacts: ReadonlyMap<string, ContactView>;
  /** Epoch ms. */
  readonly now: number;
}
