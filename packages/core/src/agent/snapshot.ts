/**
 * The agent data amazon-connect-streams reads (`agent::update` → `{snapshot, configuration}`,
 * shared/spec/wire-streams-ccp.md §3.5), built from the routing runtime and the instance's
 * resources. Pure: every time comes from the input.
 *
 * Two forms: {@link AgentDataWire} travels from the server to the CCP page as JSON (timestamps
 * are ISO-8601 strings); {@link AgentData} is what the CCP page posts to Streams by
 * structured clone (real `Date`s, plus `localTimestamp` and `skew`).
 *
 * This file puts the snapshot together and is the door to its parts: snapshot-types.ts (the
 * shapes), snapshot-head.ts, snapshot-contact.ts, agent-configuration.ts, snapshot-times.ts
 * (ISO strings ↔ Dates) and streams-names.ts (status types, ARNs, names as Streams has them).
 */
import type { Assignment } from '../routing/types.js';
import { buildAgentConfiguration } from './agent-configuration.js';
import { buildContact, contactBuilder, contactContext, snapshotOrder } from './snapshot-contact.js';
import { buildHead } from './snapshot-head.js';
import type { AgentDataInput, AgentDataWire, ContactData, ContactView, SnapshotData } from './snapshot-types.js';
import { iso } from './streams-names.js';

export * from './snapshot-types.js';
export { buildAgentConfiguration } from './agent-configuration.js';
export { contactBuilder, snapshotOrder } from './snapshot-contact.js';
export { type HeadJson, headAt, headJson, headLeadIsStable, snapshotHeadJson, snapshotJson } from './snapshot-head.js';
export { mapSnapshotTimes, reviveAgentData } from './snapshot-times.js';
export { agentDisplayName, queueArnFor, streamsType } from './streams-names.js';

function buildSnapshot<T>(input: AgentDataInput, t: (ms: number) => T): SnapshotData<T> {
  const ctx = contactContext(input);
  const contacts: ContactData<T>[] = [];
  for (const a of snapshotOrder(input.agent)) {
    const view = input.contacts.get(a.contactId);
    if (view) contacts.push(buildContact(ctx, a, view, t));
  }
  const { snapshotTimestamp, ...head } = buildHead(input, t);
  return { ...head, contacts, snapshotTimestamp };
}

/** The Streams `{snapshot, configuration}` of one agent, JSON-safe (ISO timestamps). */
export function buildAgentData(input: AgentDataInput): AgentDataWire {
  return { snapshot: buildAgentSnapshot(input), configuration: buildAgentConfiguration(input) };
}

/** The snapshot half: changes with every routing step. */
export function buildAgentSnapshot(input: AgentDataInput): SnapshotData<string> {
  return buildSnapshot(input, iso);
}

/**
 * The snapshot in parts, for callers that cache each contact's JSON (a contact changes far
 * less often than the agent's snapshot is pushed): `head` is everything but the contacts;
 * `contact` builds one contact. `JSON.stringify` of the parts joined as
 * {@link snapshotJson} does equals `JSON.stringify(buildAgentSnapshot(input))`.
 */
export function agentSnapshotParts(input: AgentDataInput): {
  readonly head: Omit<SnapshotData<string>, 'contacts'>;
  readonly contact: (a: Assignment, view: ContactView) => ContactData<string>;
} {
  return { head: buildHead(input, iso), contact: contactBuilder(input) };
}
