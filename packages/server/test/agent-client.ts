/**
 * A test agent: signs in over HTTP, keeps websockets to the agent API, records every
 * snapshot pushed, and sends commands. Mirrors what the CCP page does.
 */
import { type AgentDataWire, type AgentDeltaWire, applyAgentDelta } from '@switchboard/core';
import WebSocket from 'ws';

export interface Push {
  /** How it came: whole, or as the changes since the push `base`. */
  readonly type: 'snapshot' | 'delta';
  readonly version: number;
  readonly base?: number;
  /** Whole, as a CCP keeps it (deltas applied). */
  readonly data: AgentDataWire;
  /** Whether this push carried the configuration itself. */
  readonly withConfiguration: boolean;
  /** Delta pushes: how many contacts the frame carried. */
  readonly contactsSent: number;
}

type WirePush =
  | { type: 'snapshot'; version: number; data: AgentDataWire }
  | { type: 'delta'; version: number; base: number; data: AgentDeltaWire };

export class CommandError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
  }
}

export class AgentSocket {
  readonly pushes: Push[] = [];
  /** `{type:'event'}` frames (aws/task items), in order. */
  readonly events: { readonly topic: string; readonly data: Record<string, unknown> }[] = [];
  private readonly pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private readonly waiters: { pred: (p: Push) => boolean; resolve: (p: Push) => void }[] = [];
  private nextId = 1;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as {
        type: string;
        id?: string;
        data?: unknown;
        error?: { type: string; message: string };
      };
      if (msg.type === 'event') {
        this.events.push(msg as unknown as { topic: string; data: Record<string, unknown> });
      } else if (msg.type === 'snapshot' || msg.type === 'delta') {
        const p = this.reconstruct(msg as unknown as WirePush);
        this.pushes.push(p);
        for (const w of [...this.waiters]) {
          if (w.pred(p)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(p);
          }
        }
      } else if (msg.id !== undefined && this.pending.has(String(msg.id))) {
        const p = this.pending.get(String(msg.id));
        this.pending.delete(String(msg.id));
        if (msg.type === 'result') p?.resolve(msg.data);
        else p?.reject(new CommandError(msg.error?.type ?? 'Unknown', msg.error?.message ?? ''));
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static open(url: string, token: string, since?: number): Promise<AgentSocket> {
    const wsUrl = `${url.replace(/^http/, 'ws')}/agent/v1/ws?token=${encodeURIComponent(token)}${since !== undefined ? `&since=${since}` : ''}`;
    const ws = new WebSocket(wsUrl);
    const s = new AgentSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(s));
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode} ${res.headers['x-amzn-errortype']}`)),
      );
      ws.once('error', reject);
    });
  }

  /** Whole data from a push, as a CCP keeps it; throws when a delta cannot apply. */
  private reconstruct(msg: WirePush): Push {
    const withConfiguration = msg.data.configuration !== undefined;
    if (msg.type === 'snapshot') {
      return {
        type: 'snapshot',
        version: msg.version,
        data: msg.data,
        withConfiguration,
        contactsSent: msg.data.snapshot.contacts.length,
      };
    }
    const prev = this.latest;
    if (!prev) throw new Error('a delta came before any whole snapshot');
    if (msg.base > prev.version) throw new Error(`delta based on ${msg.base}, but this socket is at ${prev.version}`);
    const data = applyAgentDelta(prev.data, msg.data);
    if (!data) throw new Error(`delta ${msg.version} names a contact this socket does not hold`);
    return {
      type: 'delta',
      version: msg.version,
      base: msg.base,
      data,
      withConfiguration,
      contactsSent: msg.data.snapshot.contacts.length,
    };
  }

  get latest(): Push | undefined {
    return this.pushes[this.pushes.length - 1];
  }

  /** The contact `contactId` as the first push (already received or coming) that holds it has it. */
  async contact(contactId: string, what = `contact ${contactId}`, timeoutMs?: number) {
    const find = (d: AgentDataWire) => d.snapshot.contacts.find((c) => c.contactId === contactId);
    const push = await this.waitFor((d) => find(d) !== undefined, what, timeoutMs);
    return find(push.data)!;
  }

  /** The first push (already received or coming) that satisfies `pred`. */
  waitFor(pred: (data: AgentDataWire) => boolean, what = 'a matching snapshot', timeoutMs = 5000): Promise<Push> {
    const seen = this.latest;
    if (seen && pred(seen.data)) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; last: ${JSON.stringify(this.latest?.data.snapshot.state)}`)),
        timeoutMs,
      );
      this.waiters.push({
        pred: (p) => pred(p.data),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  command<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = String(this.nextId++);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly instanceId: string;
  readonly expiresAt: string;
}

export async function login(url: string, username: string, password: string, instance?: string): Promise<Session> {
  const res = await fetch(`${url}/agent/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, ...(instance ? { instance } : {}) }),
  });
  if (res.status !== 200) throw new Error(`login ${res.status} ${res.headers.get('x-amzn-errortype')}`);
  return (await res.json()) as Session;
}

/** An agent command over HTTP: the JSON answer, or the AWS error type it failed with. */
export async function httpCommand(
  url: string,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<{ status: number; errorType: string | null; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/agent/v1/commands/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(params),
  });
  return {
    status: res.status,
    errorType: res.headers.get('x-amzn-errortype'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

/** The ARN of the named status from the agent's configuration. */
export const stateArn = (data: AgentDataWire, name: string): string => {
  const s = data.configuration.agentStates.find((x) => x.name === name);
  if (!s) throw new Error(`no agent state ${name}`);
  return s.agentStateARN;
};
