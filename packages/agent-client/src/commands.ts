/**
 * The agent API's commands (docs/agent-api.md, Streams' `ClientMethods`): their names,
 * parameters and results, for `client.command(name, params)`.
 */
import type { AgentConfiguration, AgentStateDef, QueueRef, SnapshotData } from '@switchboard/core/agent';

/** A quick connect, as `getEndpoints` lists it and `transferContact` takes it. */
export interface QuickConnectEndpoint {
  readonly endpointARN: string;
  /** The ARN again (Streams reads either). */
  readonly endpointId: string;
  readonly type: 'agent' | 'queue' | 'phone_number';
  readonly name: string;
  readonly phoneNumber?: string;
  /** For an agent quick connect: the agent's username. */
  readonly agentLogin?: string | null;
  /** For a queue quick connect: the queue's ARN. */
  readonly queue?: string;
}

/** The agent's connection token for the participant API (`createTransport` `chat_token`). */
export interface ChatToken {
  readonly participantToken: string;
  /** ISO-8601. */
  readonly expiry: string;
}

type NoParams = Record<string, never>;
type Empty = Record<string, never>;
interface ContactParams {
  readonly contactId: string;
}

/** Every command: its parameters and what it answers. */
export interface AgentCommandMap {
  /** Picks a status; with `enqueueNextState` while contacts are open it becomes the next status. */
  putAgentState: {
    params: { state: { agentStateARN: string }; enqueueNextState?: boolean };
    result: Empty;
  };
  acceptContact: { params: ContactParams; result: Empty };
  /** The contact goes back to the head of its queue. */
  rejectContact: { params: ContactParams; result: Empty };
  /** The agent ends the contact: after-contact work follows. */
  destroyConnection: { params: { contactId: string; connectionId?: string }; result: Empty };
  /** Ends after-contact work (or a missed offer); a connected contact is ended and cleared at once. */
  clearContact: { params: ContactParams; result: Empty };
  /** Same as clearContact. */
  completeContact: { params: ContactParams; result: Empty };
  /** To a quick connect (queue or agent); answers the new contact's id. */
  transferContact: { params: { contactId: string; endpoint: { endpointARN: string } }; result: { contactId: string } };
  /** Tasks: connected → paused. */
  pauseContact: { params: ContactParams; result: Empty };
  /** Tasks: paused → connected. */
  resumeContact: { params: ContactParams; result: Empty };
  /** The quick connects of the agent's queues (or of the queues given). */
  getEndpoints: {
    params: { queueARNs?: string | string[] };
    result: { endpoints: QuickConnectEndpoint[]; addresses: QuickConnectEndpoint[] };
  };
  getRoutingProfileQueues: { params: NoParams; result: { queues: QueueRef[] } };
  getAgentStates: { params: NoParams; result: { states: AgentStateDef[] } };
  getAgentPermissions: { params: NoParams; result: { permissions: string[] } };
  getDialableCountryCodes: { params: NoParams; result: { countryCodes: string[] } };
  getAgentConfiguration: { params: NoParams; result: { configuration: AgentConfiguration } };
  getAgentSnapshot: { params: NoParams; result: { snapshot: SnapshotData<string> } };
  /** Stores the agent's preferences; routing settings come from the instance. */
  updateAgentConfiguration: { params: { configuration: { agentPreferences: Record<string, string> } }; result: Empty };
  /** Merges attributes into the contact. */
  updateContactAttributes: { params: { contactId: string; attributes: Record<string, string> }; result: Empty };
  /** The agent's connection token for a chat; works while the offer is still connecting. */
  createTransport: {
    params: { transportType: 'chat_token'; contactId: string; participantId?: string };
    result: { chatTokenTransport: ChatToken };
  };
  /** Records a `contact.issue_reported` event. */
  notifyContactIssue: { params: { contactId: string; issueCode?: string; description?: string }; result: Empty };
  sendClientLogs: { params: { logEvents: unknown[] }; result: Empty };
}

export type AgentCommandName = keyof AgentCommandMap;

/** How a command is sent. */
export interface CommandOptions {
  /** How long to wait for the answer, including a reconnect; default the client's `commandTimeoutMs`. */
  readonly timeoutMs?: number;
  /** `http` sends it as `POST /agent/v1/commands/{name}` instead of over the websocket. */
  readonly via?: 'websocket' | 'http';
}

/** The parameters of a command: required when it has required ones, else optional. */
export type CommandArgs<K extends string> = K extends AgentCommandName
  ? {} extends AgentCommandMap[K]['params']
    ? [params?: AgentCommandMap[K]['params'], options?: CommandOptions]
    : [params: AgentCommandMap[K]['params'], options?: CommandOptions]
  : [params?: Record<string, unknown>, options?: CommandOptions];

/** What a command answers (`unknown` for a name not in {@link AgentCommandMap}). */
export type CommandResult<K extends string> = K extends AgentCommandName ? AgentCommandMap[K]['result'] : unknown;
