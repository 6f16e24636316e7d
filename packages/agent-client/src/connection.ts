/**
 * The agent websocket (`GET /agent/v1/ws?token=…&since=…`): one socket at a time, the data
 * it pushes (sync.ts), the commands sent over it (pending.ts), and reconnecting after a
 * loss (backoff.ts). What a close means for the session is the client's call (onClose).
 */
import type { AgentDataWire } from '@switchboard/core/agent';
import { type BackoffPolicy, type BackoffState, INITIAL_BACKOFF, nextReconnect } from './backoff.js';
import type { Clock, TimerHandle } from './clock.js';
import type { SocketClose } from './close-policy.js';
import { AgentApiError, AgentErrorType } from './errors.js';
import { ConnectionState } from './events.js';
import { type PendingCommand, PendingCommands } from './pending.js';
import { applyPush, EMPTY_SYNC, isPushFrame, resumeVersion, type SyncState } from './sync.js';
import { detach, OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket.js';

/** What the connection does after a close: connect after a backoff, at once, or wait to be told. */
export type AfterClose = 'reconnect' | 'reconnect-now' | 'wait';

export interface ConnectionDeps {
  /** The websocket URL for a token, resuming from `since` when given. */
  readonly url: (token: string, since: number | undefined) => string;
  /** The current session token. */
  readonly token: () => string;
  readonly WebSocket: WebSocketConstructor;
  readonly clock: Clock;
  readonly backoff: BackoffPolicy;
  readonly connectTimeoutMs: number;
  readonly log: (message: string) => void;
  readonly onState: (state: ConnectionState, previous: ConnectionState) => void;
  readonly onData: (data: AgentDataWire, version: number) => void;
  /** An `event` frame: an item pushed on a topic (`aws/task`). */
  readonly onTopicMessage: (topic: string, data: unknown) => void;
  readonly onError: (error: AgentApiError) => void;
  readonly onClose: (close: SocketClose) => AfterClose;
}

interface Socket {
  readonly ws: WebSocketLike;
  readonly token: string;
  openedAt: number | undefined;
  connectTimer: TimerHandle | undefined;
}

interface WireFrame {
  type?: unknown;
  id?: unknown;
  version?: unknown;
  base?: unknown;
  topic?: unknown;
  data?: unknown;
  error?: { type?: unknown; message?: unknown };
}

const LOST = 'The connection to the agent API was lost before the answer; the command may or may not have been carried out';

export class AgentConnection {
  private socket: Socket | undefined;
  private retryTimer: TimerHandle | undefined;
  private backoffState: BackoffState = INITIAL_BACKOFF;
  /** How long the last socket was open (undefined: it never opened), for the next backoff. */
  private lastOpenFor: number | undefined;
  private sync: SyncState = EMPTY_SYNC;
  private current: ConnectionState = ConnectionState.Connecting;
  private stopError: AgentApiError | undefined;
  private readonly pending: PendingCommands;

  constructor(private readonly deps: ConnectionDeps) {
    this.pending = new PendingCommands(deps.clock);
  }

  get state(): ConnectionState {
    return this.current;
  }

  get data(): AgentDataWire | undefined {
    return this.sync.data;
  }

  get version(): number | undefined {
    return this.sync.version;
  }

  /** Opens the first socket. */
  start(): void {
    this.connect();
  }

  /** Sends a command (now when open, else once connected) and waits for its answer. */
  send(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    if (this.stopError) return Promise.reject(this.stopError);
    const { command, promise } = this.pending.add(method, params, timeoutMs);
    if (command && this.socket?.openedAt !== undefined) this.transmit(this.socket, command);
    return promise;
  }

  /** Replaces the socket at once (a new token, or a whole snapshot is needed). */
  reconnectNow(): void {
    if (this.stopError) return;
    this.dropSocket(1000, 'reconnecting');
    // Before the first socket opened this is still the first connection.
    if (this.current !== ConnectionState.Connecting) this.setState(ConnectionState.Reconnecting);
    this.connect();
  }

  /** Connects again after the backoff, unless a socket or a reconnect is already under way. */
  resume(): void {
    if (this.stopError || this.socket || this.retryTimer !== undefined) return;
    this.scheduleReconnect();
  }

  /** Closes for good: every waiting command rejects with `error`. */
  stop(error: AgentApiError): void {
    if (this.stopError) return;
    this.stopError = error;
    if (this.retryTimer !== undefined) this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.dropSocket(1000, 'client closed');
    this.pending.failAll(error);
    this.setState(ConnectionState.Closed);
  }

  /** The one place the state changes: no-op changes are ignored, others logged and emitted. */
  private setState(next: ConnectionState): void {
    const previous = this.current;
    if (next === previous) return;
    this.current = next;
    this.deps.log(`connection ${previous} → ${next}`);
    this.deps.onState(next, previous);
  }

  private connect(): void {
    if (this.retryTimer !== undefined) this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const token = this.deps.token();
    const since = resumeVersion(this.sync);
    let ws: WebSocketLike;
    try {
      ws = new this.deps.WebSocket(this.deps.url(token, since));
    } catch (err) {
      this.deps.onError(new AgentApiError(AgentErrorType.Networking, 'Cannot open the agent websocket', { cause: err }));
      this.lastOpenFor = undefined;
      this.scheduleReconnect();
      return;
    }
    const s: Socket = { ws, token, openedAt: undefined, connectTimer: undefined };
    this.socket = s;
    this.deps.log(`connecting${since === undefined ? '' : ` (since ${since})`}`);
    s.connectTimer = this.deps.clock.setTimeout(() => {
      if (this.socket === s && s.openedAt === undefined) {
        try {
          s.ws.close();
        } catch {
          // closing a socket that never opened may throw in some implementations
        }
        this.closed(s, 1006, 'connect timeout');
      }
    }, this.deps.connectTimeoutMs);
    ws.onopen = () => {
      if (this.socket !== s) return;
      this.deps.clock.clearTimeout(s.connectTimer);
      s.openedAt = this.deps.clock.now();
      this.setState(ConnectionState.Open);
      for (const c of this.pending.unsent()) if (!this.transmit(s, c)) break;
    };
    ws.onmessage = (event) => {
      if (this.socket === s) this.receive(event.data);
    };
    ws.onclose = (event) => {
      if (this.socket === s) this.closed(s, event.code, event.reason);
    };
    // A close always follows an error; the close says what happened.
    ws.onerror = () => undefined;
  }

  private transmit(s: Socket, command: PendingCommand): boolean {
    if (s.ws.readyState !== OPEN) return false;
    try {
      s.ws.send(command.frame);
    } catch {
      return false; // stays queued for the next socket
    }
    command.sent = true;
    return true;
  }

  /** Forgets the current socket (and closes it) without reporting its close. */
  private dropSocket(code: number, reason: string): void {
    const s = this.socket;
    if (!s) return;
    this.socket = undefined;
    this.deps.clock.clearTimeout(s.connectTimer);
    detach(s.ws);
    try {
      s.ws.close(code, reason);
    } catch {
      // already closing
    }
    this.pending.failSent(new AgentApiError(AgentErrorType.Networking, LOST));
  }

  private closed(s: Socket, code: number, reason: string): void {
    this.socket = undefined;
    this.deps.clock.clearTimeout(s.connectTimer);
    detach(s.ws);
    this.pending.failSent(new AgentApiError(AgentErrorType.Networking, LOST));
    if (this.stopError) return;
    this.deps.log(`socket closed ${code}${reason ? ` (${reason})` : ''}`);
    this.lastOpenFor = s.openedAt === undefined ? undefined : this.deps.clock.now() - s.openedAt;
    const after = this.deps.onClose({ code, reason, wasOpen: s.openedAt !== undefined, token: s.token });
    if (this.stopError) return;
    this.setState(ConnectionState.Reconnecting);
    if (after === 'reconnect-now') this.connect();
    else if (after === 'reconnect') this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const { delayMs, state } = nextReconnect(this.backoffState, this.lastOpenFor, this.deps.backoff);
    this.backoffState = state;
    this.lastOpenFor = undefined;
    this.setState(ConnectionState.Reconnecting);
    this.deps.log(`reconnecting in ${delayMs} ms`);
    this.retryTimer = this.deps.clock.setTimeout(() => this.connect(), delayMs);
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') {
      this.deps.onError(new AgentApiError(AgentErrorType.Serialization, 'The server sent a binary frame'));
      return;
    }
    let msg: WireFrame;
    try {
      msg = JSON.parse(raw) as WireFrame;
      if (msg === null || typeof msg !== 'object') throw new Error('not an object');
    } catch (err) {
      this.deps.onError(
        new AgentApiError(AgentErrorType.Serialization, 'The server sent a frame that is not JSON', { cause: err }),
      );
      return;
    }
    if (msg.type === 'snapshot' || msg.type === 'delta') this.push(msg);
    else if (msg.type === 'result' || msg.type === 'error') this.answer(msg);
    else if (msg.type === 'event') this.topicMessage(msg);
    // Other frame types are newer than this client: ignored.
  }

  private push(msg: WireFrame): void {
    if (!isPushFrame(msg)) {
      this.deps.onError(new AgentApiError(AgentErrorType.Serialization, `The server sent a malformed ${String(msg.type)}`));
      this.sync = { data: this.sync.data, version: undefined };
      this.reconnectNow();
      return;
    }
    const r = applyPush(this.sync, msg);
    if (r.kind === 'stale') return;
    this.sync = r.state;
    if (r.kind === 'resync') {
      this.deps.log(`${r.why}: reconnecting for a whole snapshot`);
      this.reconnectNow();
      return;
    }
    this.deps.onData(r.data, r.version);
  }

  /** An item on a topic: handed on as it came; one without a topic is not the server's and is dropped. */
  private topicMessage(msg: WireFrame): void {
    if (typeof msg.topic !== 'string' || msg.topic === '') {
      this.deps.log('dropped an event frame without a topic');
      return;
    }
    this.deps.onTopicMessage(msg.topic, msg.data);
  }

  private answer(msg: WireFrame): void {
    const error =
      msg.type === 'error'
        ? new AgentApiError(
            typeof msg.error?.type === 'string' ? msg.error.type : AgentErrorType.InternalService,
            typeof msg.error?.message === 'string' ? msg.error.message : 'The command failed',
          )
        : undefined;
    const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? String(msg.id) : undefined;
    if (id !== undefined && this.pending.settle(id, error ?? msg.data ?? {})) return;
    if (error) this.deps.onError(error);
  }
}
