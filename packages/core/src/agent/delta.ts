/**
 * Snapshot deltas for the agent API's websocket (docs/agent-api.md). After a socket's first
 * whole snapshot, the server pushes only the contacts that changed, plus the agent's state
 * and the order of all contacts: an agent with ten chats is pushed on every step of each,
 * and the whole snapshot would be ten contacts each time. A client applies a delta to what
 * it holds with {@link applyAgentDelta} and gets the whole Streams data again.
 */
import type { AgentConfiguration, AgentDataWire, ContactData, HeadJson, SnapshotData } from './snapshot.js';

/** `data` of a `{type: 'delta'}` push. */
export interface AgentDeltaWire {
  snapshot: Omit<SnapshotData<string>, 'contacts'> & {
    /** The contacts that changed since the push the delta is based on (whole). */
    contacts: ContactData<string>[];
    /** Every contact's id, in snapshot order: a held contact not listed is gone. */
    order: string[];
  };
  /** Only when it changed. */
  configuration?: AgentConfiguration;
}

/**
 * The data after a delta. A delta holds every contact changed since its base, whole, so it
 * applies to data of its base version or newer. Undefined when `order` names a contact
 * neither the delta nor `prev` has: the client lost track and must take a whole snapshot
 * (reconnect).
 */
export function applyAgentDelta(prev: AgentDataWire, delta: AgentDeltaWire): AgentDataWire | undefined {
  const changed = new Map(delta.snapshot.contacts.map((c) => [c.contactId, c]));
  const held = new Map(prev.snapshot.contacts.map((c) => [c.contactId, c]));
  const contacts: ContactData<string>[] = [];
  for (const id of delta.snapshot.order) {
    const c = changed.get(id) ?? held.get(id);
    if (!c) return undefined;
    contacts.push(c);
  }
  const { contacts: _changed, order: _order, snapshotTimestamp, ...head } = delta.snapshot;
  return {
    snapshot: { ...head, contacts, snapshotTimestamp },
    configuration: delta.configuration ?? prev.configuration,
  };
}

/**
 * The JSON of a delta's snapshot from the head of a whole one (state, availability, next
 * state, timestamp), the changed contacts' JSON texts and the ids of all contacts.
 */
export function snapshotDeltaJson(head: HeadJson, changedJson: readonly string[], order: readonly string[]): string {
  return `{${head.lead},"contacts":[${changedJson.join(',')}],"order":${JSON.stringify(order)},"snapshotTimestamp":${head.timestamp}}`;
}
