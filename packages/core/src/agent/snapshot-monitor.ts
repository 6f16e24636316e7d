/**
 * Supervisors on a voice call, in the snapshot (MonitorContact; docs/voice.md, "Monitor and
 * barge"), as Streams reads them:
 *
 * - the supervisor's own monitoring contact: their connection is of type `monitoring`, in
 *   state `silent_monitor` or `barge`, with `monitorStatus`, `monitorCapabilities`,
 *   `monitoringInfo` and the voice token that opens their leg; the customer's connection as
 *   the agent sees it; the monitored agent as an `outbound` connection (endpoint type
 *   `agent`: a second `agent` connection would be taken for the supervisor's own), with
 *   `mute` and `forcedMute`; a consulted party as on the agent's contact;
 * - on every contact of the call, a **barging** supervisor is a `monitoring` connection in
 *   state `barge` (Streams' `contact.isUnderSupervision()` is then true). A silent monitor
 *   is shown to nobody but themselves.
 */
import type { Assignment } from '../routing/types.js';
import type { VoiceMonitor } from '../voice/call.js';
import type { ConnectionData, ContactView } from './snapshot-types.js';

type VoiceView = NonNullable<ContactView['voice']>;

const stateOf = (m: VoiceMonitor): 'barge' | 'silent_monitor' => (m.mode === 'BARGE' ? 'barge' : 'silent_monitor');

/** A barging supervisor, as another party on the call sees them. */
function bargingConnection<T>(m: VoiceMonitor, voice: VoiceView, t: (ms: number) => T): ConnectionData<T> {
  return {
    connectionId: m.legId,
    type: 'monitoring',
    initial: false,
    state: { type: 'barge', timestamp: t(m.modeSince) },
    endpoint: { type: 'agent', name: voice.supervisorNames?.[m.userId] ?? m.userId },
    monitorStatus: 'BARGE',
    mute: m.muted,
    forcedMute: false,
  };
}

/**
 * The connections of a voice contact with its supervisors: `base` is the agent's, the
 * customer's and the consulted party's (if any) as built for an agent; for a monitoring
 * contact the first becomes the supervisor's own and the monitored agent is added.
 */
export function withSupervisors<T>(
  base: readonly ConnectionData<T>[],
  a: Assignment,
  contactId: string,
  voice: VoiceView,
  t: (ms: number) => T,
): ConnectionData<T>[] {
  const call = voice.call;
  const monitors = call.ended ? [] : (call.monitors ?? []);
  const own = voice.monitoring ? monitors.find((m) => m.contactId === contactId) : undefined;
  const others = monitors.filter((m) => m !== own && m.mode === 'BARGE').map((m) => bargingConnection(m, voice, t));
  if (!voice.monitoring) return others.length > 0 ? [...base, ...others] : [...base];
  const [mine, customer, ...rest] = base;
  if (!mine || !customer) return [...base];
  const live = own !== undefined && a.state === 'connected';
  const supervisor: ConnectionData<T> = {
    ...mine,
    type: 'monitoring',
    ...(own && live ? { state: { type: stateOf(own), timestamp: t(own.modeSince) } } : {}),
    mute: own?.muted ?? false,
    forcedMute: false,
    ...(own
      ? {
          monitorStatus: own.mode,
          monitorCapabilities: [...own.capabilities],
          monitoringInfo: {
            agentName: voice.monitoring.agentName,
            ...(customer.endpoint.name !== undefined ? { customerName: customer.endpoint.name } : {}),
            joinTime: t(own.since),
          },
        }
      : {}),
  };
  const agent = call.agent;
  const agentConnection: ConnectionData<T> | undefined = agent && {
    connectionId: agent.legId,
    type: 'outbound',
    initial: false,
    state: live ? { type: 'connected', timestamp: t(own.since) } : customer.state,
    endpoint: { type: 'agent', name: voice.monitoring.agentName },
    mute: agent.muted,
    forcedMute: agent.forcedMute === true,
  };
  return [supervisor, customer, ...(agentConnection ? [agentConnection] : []), ...rest, ...others];
}
