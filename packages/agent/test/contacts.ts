/** Contacts and agent data as the server pushes them, for the pure modules' tests (not part of the package's API). */
import type { AgentDataWire, ContactData } from '@switchboard/agent-client';

type Contact = ContactData<string>;
type Conn = Contact['connections'][number];
const T = '2026-01-01T00:00:00.000Z';

const conn = (type: Conn['type'], state: string, extra: Partial<Conn> = {}): Conn => ({
  connectionId: `${type}-1`,
  type,
  initial: type === 'inbound',
  state: { type: state as Conn['state']['type'], timestamp: T },
  endpoint: { type: type === 'agent' ? 'agent' : 'phone_number' },
  ...extra,
});

export interface ContactSpec {
  readonly id?: string;
  readonly type?: Contact['type'];
  readonly state?: string;
  readonly customer?: string;
  readonly third?: string;
  readonly thirdType?: 'agent' | 'queue';
  readonly calledIn?: boolean;
  readonly recording?: 'recording' | 'paused';
  readonly muted?: boolean;
  readonly autoAccept?: boolean;
}

export function contact(s: ContactSpec = {}): Contact {
  const connections: Conn[] = [
    conn('agent', s.state === 'connecting' ? 'connecting' : 'connected', { mute: s.muted ?? false }),
    conn('inbound', s.customer ?? 'connected'),
  ];
  if (s.third) connections.push(conn('outbound', s.third, { endpoint: { type: s.thirdType ?? 'agent', name: 'Bob' } }));
  return {
    contactId: s.id ?? 'c1',
    initialContactId: s.id ?? 'c1',
    type: s.type ?? 'chat',
    state: { type: (s.state ?? 'connected') as Contact['state']['type'], timestamp: T },
    connections,
    attributes: {},
    segmentAttributes: {},
    agentContactHandlingConfig: { autoAccept: s.autoAccept ?? false },
    initiationMethod: 'API',
    ...(s.calledIn ? { calledIn: true } : {}),
    ...(s.recording ? { recording: s.recording } : {}),
  };
}

export function agentData(contacts: Contact[], state = 'Available', type = 'routable'): AgentDataWire {
  return {
    snapshot: {
      state: { type: type as 'routable', name: state, startTimestamp: T },
      agentAvailabilityState: { state: 'Available', timeStamp: T, type: 'routable' },
      nextState: null,
      contacts,
      snapshotTimestamp: T,
    },
    configuration: {} as AgentDataWire['configuration'],
  };
}
