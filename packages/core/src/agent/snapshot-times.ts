/** A snapshot's timestamps mapped from one type to another: ISO strings on the wire, Dates in Streams. */
import type { AgentData, AgentDataWire, SnapshotData } from './snapshot-types.js';

/** Applies `f` to every timestamp of a snapshot (a fresh copy; other fields are copied too). */
export function mapSnapshotTimes<A, B>(s: SnapshotData<A>, f: (t: A) => B): SnapshotData<B> {
  return {
    state: { ...s.state, startTimestamp: f(s.state.startTimestamp) },
    agentAvailabilityState: { ...s.agentAvailabilityState, timeStamp: f(s.agentAvailabilityState.timeStamp) },
    nextState: s.nextState === null ? null : { ...s.nextState, startTimestamp: f(s.nextState.startTimestamp) },
    contacts: s.contacts.map((c) => {
      const { queueTimestamp, scheduledTimestamp, expiryTimestamp, ...rest } = c;
      return {
        ...rest,
        ...(rest.queue ? { queue: { ...rest.queue } } : {}),
        state: { ...c.state, timestamp: f(c.state.timestamp) },
        ...(queueTimestamp !== undefined ? { queueTimestamp: f(queueTimestamp) } : {}),
        ...(scheduledTimestamp !== undefined ? { scheduledTimestamp: f(scheduledTimestamp) } : {}),
        ...(expiryTimestamp !== undefined ? { expiryTimestamp: f(expiryTimestamp) } : {}),
        ...(rest.references
          ? { references: Object.fromEntries(Object.entries(rest.references).map(([k, v]) => [k, { ...v }])) }
          : {}),
        ...(rest.taskTemplate ? { taskTemplate: { ...rest.taskTemplate } } : {}),
        connections: c.connections.map(({ monitoringInfo, ...k }) => ({
          ...k,
          state: { ...k.state, timestamp: f(k.state.timestamp) },
          endpoint: { ...k.endpoint },
          ...(k.chatMediaInfo ? { chatMediaInfo: { ...k.chatMediaInfo } } : {}),
          ...(monitoringInfo ? { monitoringInfo: { ...monitoringInfo, joinTime: f(monitoringInfo.joinTime) } } : {}),
          ...(k.monitorCapabilities ? { monitorCapabilities: [...k.monitorCapabilities] } : {}),
        })),
        attributes: Object.fromEntries(Object.entries(c.attributes).map(([k, v]) => [k, { ...v }])),
        segmentAttributes: Object.fromEntries(Object.entries(c.segmentAttributes).map(([k, v]) => [k, { ...v }])),
        agentContactHandlingConfig: { ...c.agentContactHandlingConfig },
      };
    }),
    snapshotTimestamp: f(s.snapshotTimestamp),
  };
}

/** Turns wire agent data into what Streams takes: Dates, `localTimestamp` and `skew`. */
export function reviveAgentData(wire: AgentDataWire, localNow: number): AgentData {
  const snapshot = mapSnapshotTimes(wire.snapshot, (t) => new Date(t));
  return {
    snapshot: { ...snapshot, localTimestamp: localNow, skew: snapshot.snapshotTimestamp.getTime() - localNow },
    configuration: structuredClone(wire.configuration),
  };
}
