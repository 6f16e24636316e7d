/**
 * Which bus events one agent data update fires, as Streams' AgentDataProvider decides them
 * (api-streams-surface.md §15b; the runtime's event graphs): a pure function of the previous
 * data, the new data and the "ended not yet fired" set, so it is tested without a bus.
 *
 * Order, as the runtime: routing-type events (`routable` / `not_routable` / `offline`), then
 * `state_change` and its `error` / `acw`, then the next-status events; then for each added
 * contact `contact::init` and its state events, for each removed one `ended` (when it was
 * not fired yet) and `destroyed`, then the state events of the contacts in both. A contact's
 * state events are fired globally and per contact (`<event>::<contactId>`), each followed by
 * its `refresh`.
 */
import type { AgentData, ContactData } from '@switchboard/core/agent';

/** What an event carries: the runtime builds these objects when it triggers. */
export type EventPayload =
  | { readonly kind: 'agent' }
  | { readonly kind: 'state-change'; readonly oldState: string; readonly newState: string }
  | { readonly kind: 'contact'; readonly contactId: string }
  | { readonly kind: 'contact-snapshot'; readonly data: ContactData<Date> };

export interface BusEvent {
  readonly name: string;
  readonly payload: EventPayload;
}

export interface DerivedEvents {
  readonly events: readonly BusEvent[];
  /** Contacts whose `ended` has not fired yet (the runtime's endedEventTracker). */
  readonly endedPending: ReadonlySet<string>;
}

const AGENT = { kind: 'agent' } as const;
/** AgentErrorStates' values: entering one fires `agent::error`. */
const AGENT_ERROR_STATES: ReadonlySet<string> = new Set([
  'Error',
  'AgentHungUp',
  'BadAddressAgent',
  'BadAddressCustomer',
  'Default',
  'FailedConnectAgent',
  'FailedConnectCustomer',
  'InvalidLocale',
  'LineEngagedAgent',
  'LineEngagedCustomer',
  'MissedCallAgent',
  'MissedCallCustomer',
  'MultipleCcpWindows',
  'RealtimeCommunicationError',
]);
/** CONTACT_ACTIVE_STATES: leaving them for any other state fires `contact::ended`. */
export const CONTACT_ACTIVE: ReadonlySet<string> = new Set(['paused', 'incoming', 'pending', 'connecting', 'connected']);
/** States in which `ended` counts as fired (the runtime's `inactiveContactState`). */
const INACTIVE: ReadonlySet<string> = new Set(['ended', 'missed', 'error', 'rejected', 'acw']);
const ROUTING_EVENT: Readonly<Record<string, string>> = {
  routable: 'agent::routable',
  not_routable: 'agent::not_routable',
  offline: 'agent::offline',
};

/**
 * The contact event graph's events for `from → to`, in the runtime's order: those
 * associated from any state first, then those from `from`.
 */
export function contactTransitionEvents(from: string, to: string): string[] {
  if (from === to) return [];
  const out: string[] = [];
  // From any state, in the order the runtime associates them.
  const any: Readonly<Record<string, string>> = {
    incoming: 'contact::incoming',
    pending: 'contact::pending',
    connecting: 'contact::connecting',
    connected: 'contact::connected',
    ended: 'contact::acw',
    error: 'contact::error',
  };
  const fromAny = any[to];
  if (fromAny) out.push(fromAny);
  if (from === 'connecting' || from === 'incoming') {
    // connecting/incoming → error: missed, then ended; → missed/rejected: ended, then missed.
    if (to === 'error') out.push('contact::missed');
    if (CONTACT_ACTIVE.has(from) && !CONTACT_ACTIVE.has(to)) out.push('contact::ended');
    if (to === 'missed' || to === 'rejected') out.push('contact::missed');
    return out;
  }
  if (CONTACT_ACTIVE.has(from) && !CONTACT_ACTIVE.has(to)) out.push('contact::ended');
  return out;
}

function contactEvents(out: BusEvent[], pending: Set<string>, contactId: string, from: string, to: string): void {
  const payload = { kind: 'contact', contactId } as const;
  for (const name of contactTransitionEvents(from, to)) {
    if (INACTIVE.has(to)) pending.delete(contactId);
    out.push({ name, payload }, { name: `${name}::${contactId}`, payload });
  }
  out.push({ name: 'contact::refresh', payload }, { name: `contact::refresh::${contactId}`, payload });
}

/** The events of one update (`previous` null for the first data). */
export function deriveEvents(previous: AgentData | null, next: AgentData, endedPending: ReadonlySet<string>): DerivedEvents {
  const out: BusEvent[] = [];
  const pending = new Set(endedPending);
  const oldName = previous ? previous.snapshot.state.name : 'Init';
  const newName = next.snapshot.state.name;
  const oldType = previous ? previous.snapshot.state.type : 'init';
  const newType = next.snapshot.state.type;
  if (oldType !== newType) {
    const routing = ROUTING_EVENT[newType];
    if (routing) out.push({ name: routing, payload: AGENT });
  }
  if (oldName !== newName) {
    out.push({ name: 'agent::state_change', payload: { kind: 'state-change', oldState: oldName, newState: newName } });
    if (AGENT_ERROR_STATES.has(newName)) out.push({ name: 'agent::error', payload: AGENT });
    if (newName === 'AfterCallWork') out.push({ name: 'agent::acw', payload: AGENT });
  }
  const oldNext = previous?.snapshot.nextState?.name ?? null;
  const newNext = next.snapshot.nextState?.name ?? null;
  if (oldNext !== newNext) {
    if (newNext) out.push({ name: 'agent::enqueued_next_state', payload: AGENT });
    else if (oldNext) out.push({ name: 'agent::cleared_next_state', payload: AGENT });
  }

  const oldMap = new Map((previous?.snapshot.contacts ?? []).map((c) => [c.contactId, c]));
  const newMap = new Map(next.snapshot.contacts.map((c) => [c.contactId, c]));
  for (const [id, c] of newMap) {
    if (oldMap.has(id)) continue;
    pending.add(id);
    out.push({ name: 'contact::init', payload: { kind: 'contact', contactId: id } });
    contactEvents(out, pending, id, 'init', c.state.type);
  }
  for (const [id, c] of oldMap) {
    if (newMap.has(id)) continue;
    const payload = { kind: 'contact-snapshot', data: c } as const;
    if (pending.has(id)) {
      pending.delete(id);
      out.push({ name: 'contact::ended', payload }, { name: `contact::ended::${id}`, payload });
    }
    out.push({ name: 'contact::destroyed', payload }, { name: `contact::destroyed::${id}`, payload });
  }
  for (const [id, before] of oldMap) {
    const after = newMap.get(id);
    if (after) contactEvents(out, pending, id, before.state.type, after.state.type);
  }
  return { events: out, endedPending: pending };
}

/** The contacts removed by an update: their per-contact subscriptions are dropped after `destroyed`. */
export const removedContacts = (previous: AgentData | null, next: AgentData): string[] => {
  const now = new Set(next.snapshot.contacts.map((c) => c.contactId));
  return (previous?.snapshot.contacts ?? []).map((c) => c.contactId).filter((id) => !now.has(id));
};
