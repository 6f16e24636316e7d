/**
 * The agent's data as the CRM's Streams reads it, and what the bridge looks up in it. The
 * agent API pushes exactly Streams' `{snapshot, configuration}` with ISO timestamps;
 * `reviveAgentData` turns them into Dates and adds `localTimestamp` and `skew`
 * (wire-streams-ccp.md §3.5, trap §5.5). Imported from `@switchboard/core/agent`, which
 * keeps zod out of the bundle.
 */
import { type AgentData, type AgentDataWire, type ContactData, reviveAgentData } from '@switchboard/core/agent';

export type { AgentData, AgentDataWire, ContactData };

/** `agent::update`'s data: the wire data revived at `localNow` (epoch ms). */
export const streamsAgentData = (wire: AgentDataWire, localNow: number): AgentData => reviveAgentData(wire, localNow);

/** The agent's region, where Streams reads it: `agentARN.split(':')[3]`. */
export function regionOf(data: AgentDataWire): string | undefined {
  const region = data.configuration.agentARN.split(':')[3];
  return region ? region : undefined;
}

export const findContact = (data: AgentDataWire | undefined, contactId: string): ContactData<string> | undefined =>
  data?.snapshot.contacts.find((c) => c.contactId === contactId);

/** The agent's own connection on a call: theirs, or a supervisor's monitoring one. */
const ownConnection = (c: ContactData<string>) =>
  c.connections.find((x) => x.type === 'agent') ?? c.connections.find((x) => x.type === 'monitoring');

/**
 * The agent's call: the voice contact whose agent connection is on it (connected, or held
 * in a consult; a supervisor's monitoring or barging). What `agent.mute()` mutes and what
 * `agent::mute_toggle` reports.
 */
export const agentCall = (data: AgentDataWire | undefined): ContactData<string> | undefined =>
  data?.snapshot.contacts.find((c) => {
    const state: string | undefined = c.type === 'voice' ? ownConnection(c)?.state.type : undefined;
    return state === 'connected' || state === 'hold' || state === 'silent_monitor' || state === 'barge';
  });

/** Whether the agent is muted on their call (false without one, as Streams' softphone reports after a call). */
export const agentMuted = (data: AgentDataWire | undefined): boolean => {
  const call = agentCall(data);
  return call ? ownConnection(call)?.mute === true : false;
};

export { channelOfContact, placeholderContext } from '@switchboard/streams/methods';
