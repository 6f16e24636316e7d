/**
 * The routing engine's agent-side transitions: an agent added, changed or removed, coming
 * online or going away, choosing a status (now, or next when the current contacts end).
 */
import { InvalidStateException } from '../errors.js';
import { displayState } from './display-state.js';
import { type AgentState, type Changes, type EngineState, OPEN } from './engine-state.js';
import { routeAgent, routeAll } from './offers.js';
import type { ChosenStatus, Millis } from './types.js';

const OFFLINE_STATUS: ChosenStatus = { statusId: '', name: 'Offline', type: 'OFFLINE' };

export function upsertAgent(
  s: EngineState,
  routing: AgentState['routing'],
  status: ChosenStatus | undefined,
  now: Millis,
  fx: Changes,
): void {
  const existing = s.agentMap.get(routing.agentId);
  if (existing) {
    existing.routing = routing;
    if (status && (status.statusId !== existing.status.statusId || status.type !== existing.status.type)) {
      changeStatus(s, existing, status, now, fx);
    }
    s.indexAgent(existing);
    fx.agents.add(existing.agentId);
    routeAll(s, now, fx);
    return;
  }
  const chosen = status ?? OFFLINE_STATUS;
  const a: AgentState = {
    agentId: routing.agentId,
    routing,
    status: chosen,
    statusSince: now,
    online: false,
    idleSince: now,
    assignments: [],
    display: { ...displayState({ status: chosen, assignments: [] }), since: now },
  };
  s.agentMap.set(a.agentId, a);
  s.indexAgent(a);
  s.insertIdle(a);
  fx.agents.add(a.agentId);
}

export function removeAgent(s: EngineState, agentId: string, now: Millis, fx: Changes): void {
  const a = s.requireAgent(agentId);
  if (a.assignments.some((x) => OPEN.has(x.state))) {
    throw new InvalidStateException(`agent ${agentId} still handles contacts; clear them first`);
  }
  s.removeIdle(a);
  s.agentMap.delete(agentId);
  s.entries.delete(agentId);
  fx.agents.add(agentId);
  void now;
}

export function presence(s: EngineState, agentId: string, online: boolean, now: Millis, fx: Changes): void {
  const a = s.requireAgent(agentId);
  if (a.online === online) return;
  a.online = online;
  fx.agents.add(agentId);
  fx.emit({ type: 'agent.presence', agentId, online });
  if (online) routeAgent(s, a, now, fx);
}

export function setStatus(
  s: EngineState,
  agentId: string,
  status: ChosenStatus,
  enqueue: boolean,
  now: Millis,
  fx: Changes,
): void {
  const a = s.requireAgent(agentId);
  const busy = a.assignments.some((x) => OPEN.has(x.state));
  if (busy && enqueue) {
    a.nextStatus = status;
    fx.agents.add(agentId);
    fx.emit({ type: 'agent.next_status', agentId, status });
    // A routable next status in place of a non-routable one makes the agent eligible again.
    routeAgent(s, a, now, fx);
    return;
  }
  changeStatus(s, a, status, now, fx);
  routeAgent(s, a, now, fx);
}

/** The agent picks a status: it replaces the chosen one and ends an error state. */
export function changeStatus(s: EngineState, a: AgentState, status: ChosenStatus, now: Millis, fx: Changes): void {
  const previous = a.status;
  const becameRoutable = status.type === 'ROUTABLE' && (previous.type !== 'ROUTABLE' || a.error !== undefined);
  a.status = status;
  a.statusSince = now;
  if (a.nextStatus) {
    delete a.nextStatus;
    fx.emit({ type: 'agent.next_status', agentId: a.agentId, status: null });
  }
  delete a.error;
  if (becameRoutable) s.touchIdle(a, now);
  fx.agents.add(a.agentId);
  fx.emit({ type: 'agent.status_changed', agentId: a.agentId, status, previous });
}
