/**
 * The agent's data as pushed over the websocket (docs/agent-api.md): a whole snapshot
 * first, then deltas applied to what is held. Pure bookkeeping: which version is held, when
 * a delta applies, and when the client must reconnect for a whole snapshot.
 */
import { type AgentDataWire, type AgentDeltaWire, applyAgentDelta } from '@switchboard/core/agent';

/** A `snapshot` or `delta` frame. */
export type PushFrame =
  | { readonly type: 'snapshot'; readonly version: number; readonly data: AgentDataWire }
  | { readonly type: 'delta'; readonly version: number; readonly base: number; readonly data: AgentDeltaWire };

export interface SyncState {
  /** The latest whole data (kept for display also while it cannot be trusted to resume from). */
  readonly data: AgentDataWire | undefined;
  /** The version `data` is at; undefined when the next connection must take a whole snapshot. */
  readonly version: number | undefined;
}

export const EMPTY_SYNC: SyncState = { data: undefined, version: undefined };

export type SyncResult =
  /** New data: emit it. */
  | { readonly kind: 'updated'; readonly state: SyncState; readonly data: AgentDataWire; readonly version: number }
  /** Older than what is held (nothing to do). */
  | { readonly kind: 'stale' }
  /** The delta does not apply: reconnect without `since` for a whole snapshot. */
  | { readonly kind: 'resync'; readonly state: SyncState; readonly why: string };

/** What a push does to the data held. */
export function applyPush(state: SyncState, frame: PushFrame): SyncResult {
  if (frame.type === 'snapshot') {
    const next = { data: frame.data, version: frame.version };
    return { kind: 'updated', state: next, data: frame.data, version: frame.version };
  }
  const lost = (why: string): SyncResult => ({ kind: 'resync', state: { data: state.data, version: undefined }, why });
  if (state.data === undefined || state.version === undefined) return lost(`delta ${frame.version} before a whole snapshot`);
  if (frame.version <= state.version) return { kind: 'stale' };
  if (frame.base > state.version) return lost(`delta ${frame.version} is based on ${frame.base}, newer than ${state.version}`);
  const data = applyAgentDelta(state.data, frame.data);
  if (!data) return lost(`delta ${frame.version} names a contact not held`);
  return { kind: 'updated', state: { data, version: frame.version }, data, version: frame.version };
}

/** The `since` to connect with: resume from the version held, if it can be trusted. */
export const resumeVersion = (state: SyncState): number | undefined => state.version;

/** Whether a parsed frame is a push the client can read. */
export function isPushFrame(msg: { type?: unknown; version?: unknown; base?: unknown; data?: unknown }): msg is PushFrame {
  if (typeof msg.version !== 'number' || typeof msg.data !== 'object' || msg.data === null) return false;
  const snapshot = (msg.data as { snapshot?: unknown }).snapshot;
  if (typeof snapshot !== 'object' || snapshot === null) return false;
  if (msg.type === 'snapshot') return typeof (msg.data as { configuration?: unknown }).configuration === 'object';
  return msg.type === 'delta' && typeof msg.base === 'number' && Array.isArray((snapshot as { order?: unknown }).order);
}
