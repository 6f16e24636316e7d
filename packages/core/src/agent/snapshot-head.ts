/**
 * The head of an agent's snapshot (its state, availability and next state) and the
 * snapshot's JSON put together from a head and the contacts' JSON.
 */
import type { InstanceCoords } from '../model/arn.js';
import type { AgentRuntime, ChosenStatus } from '../routing/types.js';
import type { AgentDataInput, NextStateData, SnapshotData } from './snapshot-types.js';
import { iso, stateArn, streamsType } from './streams-names.js';

const nextStateOf = <T>(coords: InstanceCoords, s: ChosenStatus, at: T): NextStateData<T> => ({
  agentStateARN: stateArn(coords, s.statusId),
  type: streamsType(s.type),
  name: s.name,
  startTimestamp: at,
});

/** Everything of a snapshot but its contacts. */
export function buildHead<T>(input: AgentDataInput, t: (ms: number) => T): Omit<SnapshotData<T>, 'contacts'> {
  const { coords, agent, now } = input;
  const display = agent.display;
  return {
    state: {
      ...(display.statusId !== undefined ? { agentStateARN: stateArn(coords, display.statusId) } : {}),
      type: display.type,
      name: display.name,
      startTimestamp: t(display.since),
    },
    agentAvailabilityState: {
      state: agent.status.name,
      timeStamp: t(agent.statusSince),
      type: streamsType(agent.status.type),
    },
    nextState: agent.nextStatus ? nextStateOf(coords, agent.nextStatus, t(now)) : null,
    snapshotTimestamp: t(now),
  };
}

/**
 * A snapshot's head as JSON: `lead` is `"state":…,"agentAvailabilityState":…,"nextState":…`,
 * `timestamp` the snapshotTimestamp's JSON. Without a next state, `lead` depends only on the
 * agent's display, status and statusSince and the coordinates: callers may keep it while
 * those stay the same objects (see {@link headLeadIsStable}).
 */
export interface HeadJson {
  readonly lead: string;
  readonly timestamp: string;
}

export function headJson(head: Omit<SnapshotData<string>, 'contacts'>): HeadJson {
  return {
    lead: `"state":${JSON.stringify(head.state)},"agentAvailabilityState":${JSON.stringify(head.agentAvailabilityState)},"nextState":${JSON.stringify(head.nextState)}`,
    timestamp: JSON.stringify(head.snapshotTimestamp),
  };
}

/** The head's JSON for `input` (its time is `input.now`). */
export function snapshotHeadJson(input: AgentDataInput): HeadJson {
  return headJson(buildHead(input, iso));
}

/** A kept `lead` at another time (`now`, epoch ms). */
export const headAt = (lead: string, now: number): HeadJson => ({ lead, timestamp: JSON.stringify(iso(now)) });

/** Whether `lead` (see {@link HeadJson}) changes only with display, status, statusSince and coords: no next state, whose JSON holds the time. */
export const headLeadIsStable = (agent: AgentRuntime): boolean => agent.nextStatus === undefined;

/** The snapshot's JSON from its head and the contacts' JSON texts, in snapshot order. */
export function snapshotJson(head: HeadJson, contactsJson: readonly string[]): string {
  return `{${head.lead},"contacts":[${contactsJson.join(',')}],"snapshotTimestamp":${head.timestamp}}`;
}
