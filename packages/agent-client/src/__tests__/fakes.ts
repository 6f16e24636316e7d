/**
 * Test doubles for the client's unit tests: a clock whose time only moves when told, a
 * WebSocket the test drives from the server's side, and a fetch answering from a table.
 */
import type { AgentDataWire } from '@switchboard/core/agent';
import type { Clock, TimerHandle } from '../clock.js';
import type { WebSocketLike } from '../websocket.js';

export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, firing due timers in order (and those they set, when due). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].callback();
    }
    this.time = end;
  }

  /** When the earliest timer fires, relative to now. */
  nextTimerIn(): number | undefined {
    const ats = [...this.timers.values()].map((t) => t.at);
    return ats.length ? Math.min(...ats) - this.time : undefined;
  }
}

export class FakeSocket implements WebSocketLike {
  static readonly all: FakeSocket[] = [];
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: { id: string; method: string; params: unknown }[] = [];
  closedByClient: { code: number | undefined; reason: string | undefined } | undefined;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  static get last(): FakeSocket {
    const s = FakeSocket.all[FakeSocket.all.length - 1];
    if (!s) throw new Error('no socket was opened');
    return s;
  }

  static reset(): void {
    FakeSocket.all.length = 0;
  }

  /** The query of the URL the client connected to. */
  get query(): URLSearchParams {
    return new URL(this.url).searchParams;
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data) as { id: string; method: string; params: unknown });
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.readyState = 3;
  }

  // The server's side.
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  push(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  raw(data: unknown): void {
    this.onmessage?.({ data });
  }

  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** A failed connection: error, then close 1006. */
  fail(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006, reason: '' });
  }
}

export interface FetchCall {
  readonly url: string;
  readonly method: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

/** A fetch answering by path; an answer may be an Error to throw. */
export function fakeFetch(routes: Record<string, (call: FetchCall) => Response | Error>) {
  const calls: FetchCall[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const call: FetchCall = {
      url: input,
      method: init.method ?? 'GET',
      authorization: headers.authorization,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    calls.push(call);
    const route = routes[new URL(input).pathname];
    if (!route) return new Response('{}', { status: 404, headers: { 'x-amzn-errortype': 'UnknownOperationException' } });
    const answer = route(call);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, calls };
}

export const json = (body: unknown, status = 200, errorType?: string): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) },
  });

/** Agent data as the server pushes it, with the given contacts (ids only matter here). */
export function agentData(contactIds: string[] = [], state = 'Offline'): AgentDataWire {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    snapshot: {
      state: { type: 'offline', name: state, startTimestamp: at },
      agentAvailabilityState: { state, timeStamp: at, type: 'offline' },
      nextState: null,
      contacts: contactIds.map((id) => contact(id)),
      snapshotTimestamp: at,
    },
    configuration: {
      agentStates: [
        { agentStateARN: 'arn:aws:connect:us-east-1:1:instance/i/agent-state/available', type: 'routable', name: 'Available' },
        { agentStateARN: 'arn:aws:connect:us-east-1:1:instance/i/agent-state/offline', type: 'offline', name: 'Offline' },
      ],
    } as unknown as AgentDataWire['configuration'],
  } as AgentDataWire;
}

export function contact(id: string, state = 'connecting') {
  return {
    contactId: id,
    initialContactId: id,
    type: 'chat',
    state: { type: state, timestamp: '2025-01-01T00:00:00.000Z' },
    connections: [
      {
        connectionId: `${id}-agent`,
        type: 'agent',
        initial: false,
        state: { type: state, timestamp: '2025-01-01T00:00:00.000Z' },
        endpoint: { type: 'agent' },
      },
    ],
    attributes: {},
    segmentAttributes: {},
    agentContactHandlingConfig: { autoAccept: false },
    initiationMethod: 'API',
  } as unknown as AgentDataWire['snapshot']['contacts'][number];
}

/** A delta frame's data: the head of `data`'s snapshot, the changed contacts, the order. */
export function delta(data: AgentDataWire, changed: string[], order: string[], state?: string) {
  const { contacts: _c, ...head } = data.snapshot;
  const withState = state
    ? { ...head, state: { ...head.state, name: state }, agentAvailabilityState: { ...head.agentAvailabilityState, state } }
    : head;
  return { snapshot: { ...withState, contacts: changed.map((id) => contact(id, 'connected')), order } };
}

/** Lets pending promise callbacks run. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
