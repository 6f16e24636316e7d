/**
 * Test data for the Streams bridge's unit tests: agent data as the agent API pushes it
 * (ISO timestamps), with chat contacts in the states the tests need.
 */
import type { AgentDataWire, ContactData } from './agent-data.js';
import type { DesktopView } from './protocol.js';

const ARN = 'arn:aws:connect:eu-west-1:123456789012:instance/11111111-2222-3333-4444-555555555555';
export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

export function chatContact(
  contactId: string,
  state: 'connecting' | 'connected' | 'ended',
  extra: Partial<ContactData<string>> = {},
): ContactData<string> {
  const agentState = state === 'connecting' ? 'connecting' : state === 'connected' ? 'connected' : 'disconnected';
  return {
    contactId,
    initialContactId: `initial-${contactId}`,
    type: 'chat',
    state: { type: state, timestamp: iso(T0) },
    queue: { queueARN: `${ARN}/queue/q1`, queueId: `${ARN}/queue/q1`, name: 'Support' },
    queueTimestamp: iso(T0 - 5000),
    connections: [
      {
        connectionId: `agent-${contactId}`,
        type: 'agent',
        initial: false,
        state: { type: agentState, timestamp: iso(T0) },
        endpoint: { type: 'agent' },
        chatMediaInfo: { connectionData: JSON.stringify({ ConnectionAuthenticationToken: 'pt' }) },
      },
      {
        connectionId: `customer-${contactId}`,
        type: 'inbound',
        initial: true,
        state: { type: 'connected', timestamp: iso(T0) },
        endpoint: { type: 'phone_number' },
        chatMediaInfo: { customerName: 'Jane' },
      },
    ],
    attributes: { order: { name: 'order', value: '42' } },
    segmentAttributes: {},
    agentContactHandlingConfig: { autoAccept: false },
    initiationMethod: 'API',
    ...extra,
  };
}

export function agentData(contacts: ContactData<string>[] = [], stateName = 'Available'): AgentDataWire {
  return {
    snapshot: {
      state: { agentStateARN: `${ARN}/agent-state/s1`, type: 'routable', name: stateName, startTimestamp: iso(T0 - 60_000) },
      agentAvailabilityState: { state: stateName, timeStamp: iso(T0 - 60_000), type: 'routable' },
      nextState: null,
      contacts,
      snapshotTimestamp: iso(T0),
    },
    configuration: {
      name: 'Bob Smith',
      username: 'bob',
      agentARN: `${ARN}/agent/bob-id`,
      softphoneEnabled: false,
      softphoneAutoAccept: false,
      extension: '',
      agentPreferences: {},
      routingProfile: {
        name: 'Basic',
        routingProfileARN: `${ARN}/routing-profile/rp1`,
        routingProfileId: `${ARN}/routing-profile/rp1`,
        defaultOutboundQueue: { queueARN: `${ARN}/queue/q1`, queueId: `${ARN}/queue/q1`, name: 'Support' },
        queues: [{ queueARN: `${ARN}/queue/q1`, queueId: `${ARN}/queue/q1`, name: 'Support' }],
        channelConcurrencyMap: { VOICE: 0, CHAT: 2, TASK: 0, EMAIL: 0 },
      },
      agentStates: [{ agentStateARN: `${ARN}/agent-state/s1`, type: 'routable', name: 'Available' }],
      permissions: [],
      dialableCountries: [],
    },
  } as AgentDataWire;
}

export const signedInView = (data: AgentDataWire | undefined, extra: Partial<DesktopView> = {}): DesktopView => ({
  signedIn: true,
  data,
  leader: true,
  connection: 'open',
  now: T0 + 250,
  ...extra,
});

/** A web call as the agent API pushes it: the agent's connection with its softphoneMediaInfo and mute. */
export function voiceContact(
  contactId: string,
  agentState: 'connecting' | 'connected' | 'disconnected',
  { muted = false, held = false }: { muted?: boolean; held?: boolean } = {},
): ContactData<string> {
  const base = chatContact(contactId, agentState === 'disconnected' ? 'ended' : agentState);
  return {
    ...base,
    type: 'voice',
    connections: [
      {
        connectionId: `agent-${contactId}`,
        type: 'agent',
        initial: false,
        state: { type: agentState, timestamp: iso(T0) },
        endpoint: { type: 'agent' },
        softphoneMediaInfo: { callType: 'audio_only', autoAccept: false, callContextToken: 'ctx' },
        mute: muted,
        forcedMute: false,
      },
      {
        connectionId: `customer-${contactId}`,
        type: 'inbound',
        initial: true,
        state: { type: held ? 'hold' : 'connected', timestamp: iso(T0) },
        endpoint: { type: 'phone_number', name: 'Jane' },
        mute: false,
        forcedMute: false,
      },
    ],
  };
}
