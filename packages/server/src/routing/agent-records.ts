/**
 * An agent as storage holds it: its document (runtime, version, preferences) and one row per
 * assignment, what this runtime last wrote of them, and how a step's changes become rows.
 */
import type { AgentRuntime, Assignment } from '@switchboard/core';
import type { AssignmentKey, StoredAgentState, StoredAssignment } from '../storage/types.js';
import { agentRouting } from './derive.js';
import type { InstanceConfigView } from './instance-config.js';

/**
 * Stored per agent: the routing runtime plus what the agent API keeps. The assignments
 * are rows of their own (StoredAssignment), written only when one changes; documents
 * written before that carry them here, and are read as before.
 */
export interface AgentStateBody {
  /** Without `routing`: that is derived from the user and profile again at start. */
  readonly runtime: Omit<AgentRuntime, 'routing' | 'assignments'> & {
    readonly routing?: AgentRuntime['routing'];
    readonly assignments?: AgentRuntime['assignments'];
  };
  /** The agent's version when written; an assignment row may hold a later one. */
  readonly version: number;
  readonly preferences?: Record<string, string>;
}

/**
 * Everything the agent document holds but its assignments, the derived routing and the
 * version. The engine replaces these values when they change (never edits them in place),
 * so equal keys mean an equal document (HeadFields below keeps the list complete).
 * `idleSince` in place of the runtime's: for comparing all but it.
 */
export const headKey = (
  runtime: AgentRuntime,
  prefs: Record<string, string> | undefined,
  idleSince: number = runtime.idleSince,
): readonly unknown[] => [
  runtime.agentId,
  runtime.status,
  runtime.statusSince,
  runtime.nextStatus,
  runtime.error,
  runtime.online,
  idleSince,
  runtime.display,
  prefs,
];

const sameKey = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * An agent's idle time as storage holds it: the document's, or a later offer's. An offer
 * sets the idle time to its own offeredAt and writes its assignment row; the document is
 * not written for that alone (see commitAgent). Every other change of the idle time
 * (an assignment removed, a routable status) writes the document.
 */
export const storedIdleSince = (documented: number, assignments: readonly Assignment[]): number =>
  assignments.reduce((at, a) => Math.max(at, a.offeredAt), documented);

// headKey must name every field of the document: this stops compiling when AgentRuntime
// gains one that is not in the list.
type HeadFields = 'agentId' | 'status' | 'statusSince' | 'nextStatus' | 'error' | 'online' | 'idleSince' | 'display';
const headKeyIsComplete: [Exclude<keyof AgentRuntime, 'routing' | 'assignments' | HeadFields>] extends [never] ? true : never =
  true;
void headKeyIsComplete;

/** What storage holds of an agent, as this runtime last wrote (or loaded) it. */
export interface StoredAgent {
  /** The agent document's JSON without its version, as last made ('' until then). */
  head: string;
  /** What `head` was made of (see headKey): unchanged parts, no new JSON. */
  key: readonly unknown[];
  /** What the document in storage was made of ([] until written); see commitAgent. */
  written: readonly unknown[];
  /** The idle time of the document in storage. */
  writtenIdleSince: number;
  /** Each assignment as last written, by contact id. */
  readonly assignments: Map<string, Assignment>;
}

/** What this runtime keeps of its agents besides the engine: versions, preferences, what storage holds. */
export class AgentRecords {
  readonly versions = new Map<string, number>();
  readonly preferences = new Map<string, Record<string, string>>();
  /** What storage holds of each agent (see commitAgent). */
  readonly stored = new Map<string, StoredAgent>();

  /**
   * What storage needs of an agent after a step: the assignments that changed (each a
   * small row), deletions for those that ended, and the agent document only when the rest
   * changed. The document used to hold every assignment and was rewritten whole at every
   * step of any of the agent's contacts: ~3 KB per step for an agent with ten chats, 4 KB
   * of agent documents per routing decision in bench/routing (~5 % of the server thread).
   *
   * The version grows at every step and only grows, also across restarts (docs/agent-api.md):
   * each step writes at least one row that carries it (the document, or a changed
   * assignment), and when an assignment ends the document goes along, since the deleted row
   * would take its version with it. A restart takes the largest of them.
   */
  commitAgent(
    instanceId: string,
    runtime: AgentRuntime | undefined,
    id: string,
    now: number,
    agents: StoredAgentState[],
    assignments: StoredAssignment[],
    deletes: AssignmentKey[],
  ): void {
    if (!runtime) return;
    const version = (this.versions.get(id) ?? 0) + 1;
    this.versions.set(id, version);
    let held = this.stored.get(id);
    if (!held) {
      held = { head: '', key: [], written: [], writtenIdleSince: Number.NaN, assignments: new Map() };
      this.stored.set(id, held);
    }
    let changed = 0;
    for (const a of runtime.assignments) {
      // Assignments are immutable: the engine replaces one when it changes.
      if (held.assignments.get(a.contactId) === a) continue;
      held.assignments.set(a.contactId, a);
      assignments.push({
        instanceId,
        userId: id,
        contactId: a.contactId,
        version,
        body: JSON.stringify(a),
      });
      changed++;
    }
    let ended = false;
    if (held.assignments.size > runtime.assignments.length) {
      const current = new Set(runtime.assignments.map((a) => a.contactId));
      for (const contactId of held.assignments.keys()) {
        if (current.has(contactId)) continue;
        held.assignments.delete(contactId);
        deletes.push({ instanceId, userId: id, contactId });
        ended = true;
      }
    }
    const prefs = this.preferences.get(id);
    const key = headKey(runtime, prefs);
    if (!ended && changed > 0) {
      // A row carries the version. The document stays as it is when nothing of it changed,
      // or only its idle time, when a restart reads that time back from the rows anyway
      // (storedIdleSince; every assignment is a row after this step): the idle time moves
      // at every offer, and the document was written for it alone.
      if (sameKey(key, held.written)) return;
      if (
        runtime.idleSince === storedIdleSince(held.writtenIdleSince, runtime.assignments) &&
        sameKey(headKey(runtime, prefs, held.writtenIdleSince), held.written)
      )
        return;
    }
    if (!sameKey(key, held.key)) {
      const { routing: _derived, assignments: _rows, ...rest } = runtime;
      held.head = `{"runtime":${JSON.stringify(rest)}${prefs ? `,"preferences":${JSON.stringify(prefs)}` : ''}`;
      held.key = key;
    }
    held.written = key;
    held.writtenIdleSince = runtime.idleSince;
    agents.push({ instanceId, userId: id, updatedAt: now, body: `${held.head},"version":${version}}` });
  }
}

/**
 * The agents of an instance as storage holds them (documents and assignment rows), ready for
 * the engine, with what the runtime keeps of each besides.
 */
export function readStoredAgents(
  config: InstanceConfigView,
  stored: { readonly agents: readonly StoredAgentState[]; readonly assignments?: readonly StoredAssignment[] },
): {
  readonly agents: AgentRuntime[];
  readonly versions: Map<string, number>;
  readonly prefs: Map<string, Record<string, string>>;
  readonly held: Map<string, StoredAgent>;
  readonly legacy: string[];
} {
  const rows = new Map<string, StoredAssignment[]>();
  for (const r of stored.assignments ?? []) {
    const list = rows.get(r.userId);
    if (list) list.push(r);
    else rows.set(r.userId, [r]);
  }
  const agents: AgentRuntime[] = [];
  const versions = new Map<string, number>();
  const prefs = new Map<string, Record<string, string>>();
  const held = new Map<string, StoredAgent>();
  /** Agents whose document still carries their assignments: moved to rows by the first commit (see InstanceRouting.load). */
  const legacy: string[] = [];
  for (const s of stored.agents) {
    const body = JSON.parse(s.body) as AgentStateBody;
    const user = config.users.get(s.userId);
    if (!user) continue;
    const own = rows.get(s.userId) ?? [];
    const isLegacy = own.length === 0 && (body.runtime.assignments?.length ?? 0) > 0;
    const assignments: Assignment[] = isLegacy
      ? [...(body.runtime.assignments ?? [])]
      : own
          .map((r) => JSON.parse(r.body) as Assignment)
          // Offer order, as the engine keeps them.
          .sort((a, b) => a.offeredAt - b.offeredAt || (a.contactId < b.contactId ? -1 : 1));
    if (isLegacy) legacy.push(s.userId);
    // A legacy agent's assignments are not rows yet: the first commit writes them all.
    held.set(s.userId, {
      head: '',
      key: [],
      written: [],
      writtenIdleSince: Number.NaN,
      assignments: new Map(isLegacy ? [] : assignments.map((a) => [a.contactId, a])),
    });
    agents.push({
      ...body.runtime,
      idleSince: storedIdleSince(body.runtime.idleSince, assignments),
      assignments,
      routing: agentRouting(user, config.profiles.get(user.routingProfileId)),
    });
    versions.set(s.userId, Math.max(body.version, ...own.map((r) => r.version)));
    if (body.preferences) prefs.set(s.userId, body.preferences);
  }
  return { agents, versions, prefs, held, legacy };
}
