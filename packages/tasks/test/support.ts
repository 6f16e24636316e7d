/**
 * Shared by the tasks SDK's integration tests: the real server (SQLite, port 0, the demo
 * instance) on a clock the test moves, tasks started with the unmodified
 * @aws-sdk/client-connect, and waiting for something without sleeping.
 */
import { ListQuickConnectsCommand, StartTaskContactCommand, type StartTaskContactCommandInput } from '@aws-sdk/client-connect';
import type { AgentClient, AgentDataWire } from '@switchboard/agent-client';
import type { InstanceConfig } from '@switchboard/core';
import { backends } from '../../server/test/backends.js';
import { type ChatWorld, chatWorld, sendOnServerClock } from '../../server/test/chat-support.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Now, whole seconds: SigV4 signatures are checked against the server's (injected) clock. */
export const T0 = Math.floor(Date.now() / 1000) * 1000;

const sqlite = backends.find((b) => b.name === 'sqlite') ?? backends[0]!;

export interface TaskWorld {
  readonly w: ChatWorld;
  readonly instanceId: string;
  /** Quick connects by name. */
  readonly quickConnects: Record<string, string>;
  /** `connect.send`, signed on the server's clock. */
  readonly send: ChatWorld['connect']['send'];
  /** The server's clock. */
  now(): number;
  /** Moves the server's clock and runs the routing engine's timers that are due, as their setTimeout would. */
  advanceTo(t: number): Promise<void>;
  /** StartTaskContact (to the Sales queue unless told otherwise); resolves its contact id. */
  startTask(input?: Partial<StartTaskContactCommandInput>): Promise<string>;
  close(): Promise<void>;
}

export async function taskWorld(config?: InstanceConfig): Promise<TaskWorld> {
  let clock = T0;
  const w = await chatWorld(sqlite, {
    now: () => clock,
    // Moving the clock by days expires the agents' sessions by the server's clock: no sweep
    // closes their sockets while a test runs (commands would be refused; pushes still go).
    sessionSweepMs: 2 ** 31 - 1,
    ...(config ? { config } : {}),
  });
  const instanceId = w.server.instance.id;
  const send = sendOnServerClock(w.connect, () => clock);
  const qcs = await send(new ListQuickConnectsCommand({ InstanceId: instanceId }));
  const quickConnects = Object.fromEntries((qcs.QuickConnectSummaryList ?? []).map((q) => [q.Name, q.Id])) as Record<
    string,
    string
  >;
  return {
    w,
    instanceId,
    quickConnects,
    send,
    now: () => clock,
    async advanceTo(t) {
      clock = t;
      await w.server.routing.instance(instanceId).step([{ type: 'tick' }]);
    },
    async startTask(input = {}) {
      const out = await send(
        new StartTaskContactCommand({
          InstanceId: instanceId,
          Name: 'Call Jane back',
          QuickConnectId: quickConnects['Sales queue'],
          ...input,
        }),
      );
      return out.ContactId!;
    },
    close: () => w.close(),
  };
}

/** Resolves with the first value `subscribe` hands on that satisfies `pred`; rejects after `timeoutMs` naming `what`. */
export function waitFor<T>(
  subscribe: (cb: (value: T) => void) => () => void,
  pred: (value: T) => boolean,
  what: string,
  timeoutMs = 8_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const off = subscribe((value) => {
      if (!pred(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/** The agent's data once it satisfies `pred` (already, or from a later push). */
export function dataWhere(client: AgentClient, pred: (d: AgentDataWire) => boolean, what: string): Promise<AgentDataWire> {
  if (client.data && pred(client.data)) return Promise.resolve(client.data);
  return waitFor<AgentDataWire>((cb) => client.on('data', cb), pred, what);
}

/** The state of a contact in the agent's data. */
export const contactState = (d: AgentDataWire, contactId: string): string | undefined =>
  d.snapshot.contacts.find((c) => c.contactId === contactId)?.state.type;
