/** The state an agent's snapshot shows, derived from its status, error and assignments. */
import type { AgentRuntime, ChosenStatus, DisplayState } from './types.js';

const streamsType = (t: ChosenStatus['type']): DisplayState['type'] =>
  t === 'ROUTABLE' ? 'routable' : t === 'NOT_ROUTABLE' ? 'not_routable' : 'offline';

/** What the agent's snapshot shows as its state (without `since`). */
export function displayState(agent: Pick<AgentRuntime, 'error' | 'assignments' | 'status'>): Omit<DisplayState, 'since'> {
  if (agent.error) return { type: 'error', name: agent.error.name };
  let connecting = false;
  let acw = false;
  for (const a of agent.assignments) {
    if (a.state === 'connected' || a.state === 'paused') return { type: 'system', name: 'Busy' };
    if (a.state === 'connecting') connecting = true;
    else if (a.state === 'ended') acw = true;
  }
  if (connecting) return { type: 'system', name: 'PendingBusy' };
  if (acw) return { type: 'system', name: 'AfterContactWork' };
  return { type: streamsType(agent.status.type), name: agent.status.name, statusId: agent.status.statusId };
}
