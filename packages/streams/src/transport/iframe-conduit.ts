/**
 * The page's side of Streams' iframe protocol (shared/spec/wire-streams-ccp.md §1, §5, §6), as
 * a pure transition: `next(state, input, config)` gives the new state and the effects to run
 * (messages to post to the frame, things to hand the SDK, requests to settle, timers, a frame
 * reload, the login popup). It never touches a window or a clock: iframe.ts feeds it what
 * happened and runs what it asks. What amazon-connect-streams 2.28 does in `initCCP`:
 *
 * - Before the first `acknowledge`: a `load` timer (`ccpLoadTimeout`, 5 s). When it fires:
 *   `ack_timeout`, then "authenticate": the login popup (unless `loginPopup: false`) and a
 *   reload of the frame every `ccpLoadTimeout`, at most 10 times, then `iframe_retries_exhausted`.
 *   Any later `acknowledge` stops the reloads (and closes the popup with `loginPopupAutoClose`).
 * - The first `acknowledge`: `configure` (when softphone / chat / task / pageOptions are given),
 *   `outer_context_info {streamsVersion}`, then the keepalive: `synchronize`, an `acknowledge`
 *   awaited for `ccpAckTimeout` (3 s), the next `synchronize` `ccpSynTimeout` (1 s) after the
 *   answer or the wait. A missing answer is only reported (`ack_timeout`, authenticate) with
 *   `loginOptions.enableAckTimeout`, as in Streams. `request_configure` is answered from then on.
 * - `api_request {event, requestId, method, params}` → `api_response {requestId, data, err}`
 *   (`err` a JSON string): no timeout, as in Streams. Requests made before the first
 *   `acknowledge` wait and go out, in order, when it comes (Streams would throw "not
 *   initialised"; the SDK may act as soon as it is created).
 * - `broadcast {event, data}` goes up as it is; the CCP echoes `{event, data}` back. After
 *   `acceptContact` succeeds the SDK broadcasts `contact::accepted` and
 *   `contact::accepted::<id>` `{contactId}` (as `contact.accept()` does): the CCP holds the
 *   push that shows the contact connected until that echo (or 1 s).
 * - `terminated` / `auth_fail` from the CCP: authenticate after `ccpAckTimeout`, unless
 *   `loginOptions.disableAuthPopupAfterLogout`.
 * - What the CCP posts goes to the SDK: `agent::update` as agent data; `webSocket::all_message`
 *   on a topic this page subscribed (`aws/task` by default: the CCP relays a topic's items only
 *   once subscribed) as a topic item, its JSON `content` parsed; `api_response` settles its
 *   request; anything else as a bus event under its own name (the echoed broadcasts among them).
 */
import type { StreamsError } from '../transport.js';
import { clip, isAgentDataLike, isRecord, parseContent, parseStreamsError } from './iframe-messages.js';

export { isAgentDataLike, parseStreamsError };

/** The Streams release whose protocol this follows; sent as `outer_context_info.streamsVersion`. */
export const STREAMS_VERSION = '2.28.2';
/** Streams' `CCP_IFRAME_REFRESH_LIMIT`: reloads of a frame that never acknowledges. */
export const IFRAME_REFRESH_LIMIT = 10;

/** The protocol's event names this side sends or reads (Streams' runtime strings). */
export const ConduitEvent = {
  acknowledge: 'acknowledge',
  synchronize: 'synchronize',
  ackTimeout: 'ack_timeout',
  apiRequest: 'api_request',
  apiResponse: 'api_response',
  broadcast: 'broadcast',
  configure: 'configure',
  requestConfigure: 'request_configure',
  outerContextInfo: 'outer_context_info',
  terminate: 'terminate',
  terminated: 'terminated',
  authFail: 'auth_fail',
  iframeRetriesExhausted: 'iframe_retries_exhausted',
  agentUpdate: 'agent::update',
  mute: 'mute',
  webSocketSubscribe: 'webSocket::subscribe',
  webSocketAllMessage: 'webSocket::all_message',
} as const;

/** The `initCCP` options the conduit acts on (validated and defaulted by iframe.ts). */
export interface ConduitConfig {
  readonly ccpUrl: string;
  readonly loginUrl: string | undefined;
  readonly loginPopup: boolean;
  readonly loginPopupAutoClose: boolean;
  readonly enableAckTimeout: boolean;
  readonly disableAuthPopupAfterLogout: boolean;
  readonly ackTimeoutMs: number;
  readonly synTimeoutMs: number;
  readonly loadTimeoutMs: number;
  /** The `configure` payload, or undefined when none of its options were given. */
  readonly configure: Readonly<Record<string, unknown>> | undefined;
}

export type TimerName =
  /** No first `acknowledge` within `ccpLoadTimeout`. */
  | 'load'
  /** Reload the frame that still has not acknowledged. */
  | 'refresh'
  /** The keepalive's wait for an answer to `synchronize`. */
  | 'ack'
  /** The keepalive's next `synchronize`. */
  | 'syn'
  /** Authenticate again after `terminated` / `auth_fail`. */
  | 'reauth';

interface Request {
  readonly requestId: string;
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface ConduitState {
  /** `loading` until the first `acknowledge`; `terminated` after `terminate()`. */
  readonly phase: 'loading' | 'ready' | 'terminated';
  /** The `id` of the last `acknowledge` (a new one means a new CCP document in the frame). */
  readonly streamId: string | undefined;
  /** Whether the keepalive awaits an answer to its `synchronize`. */
  readonly awaitingAck: boolean;
  /** Frame reloads after the load timeout: running, how many done, given up. */
  readonly refreshing: boolean;
  readonly refreshAttempts: number;
  readonly exhausted: boolean;
  /** Requests made before the first `acknowledge`, in order. */
  readonly queued: readonly Request[];
  /** Requests sent, by requestId, awaiting their `api_response`. */
  readonly pending: ReadonlyMap<string, Request>;
  /** Websocket topics this page subscribed (their items are topic items). */
  readonly topics: readonly string[];
}

export const initialConduitState = (topics: readonly string[] = []): ConduitState => ({
  phase: 'loading',
  streamId: undefined,
  awaitingAck: false,
  refreshing: false,
  refreshAttempts: 0,
  exhausted: false,
  queued: [],
  pending: new Map(),
  topics: [...new Set(topics)],
});

export type ConduitInput =
  /** The frame was created (once). */
  | { readonly kind: 'start' }
  /** A message posted by the frame (its source already checked). */
  | { readonly kind: 'message'; readonly message: unknown }
  | { readonly kind: 'timer'; readonly name: TimerName }
  | {
      readonly kind: 'request';
      readonly requestId: string;
      readonly method: string;
      readonly params: Readonly<Record<string, unknown>>;
    }
  /** A request's `api_request` could not be posted (its params cannot be cloned). */
  | { readonly kind: 'unsent'; readonly requestId: string; readonly reason: string }
  /** A message for the frame as it is: a broadcast, `webSocket::send`, … */
  | { readonly kind: 'send'; readonly event: string; readonly data?: unknown }
  | { readonly kind: 'subscribe'; readonly topics: readonly string[] }
  | { readonly kind: 'terminate' };

export type ConduitEffect =
  | { readonly type: 'post'; readonly event: string; readonly data?: unknown; readonly requestId?: string }
  | { readonly type: 'agent-data'; readonly data: unknown }
  | { readonly type: 'event'; readonly name: string; readonly data?: unknown }
  | { readonly type: 'topic'; readonly topic: string; readonly data: unknown }
  | { readonly type: 'resolve'; readonly requestId: string; readonly data: unknown }
  | { readonly type: 'reject'; readonly requestId: string; readonly error: StreamsError }
  /** (Re)start the named timer. */
  | { readonly type: 'timer'; readonly name: TimerName; readonly ms: number }
  | { readonly type: 'cancel'; readonly name: TimerName }
  /** Replace the frame with a new one at `ccpUrl` (only its messages count from now on). */
  | { readonly type: 'reload-frame' }
  | { readonly type: 'open-popup'; readonly url: string }
  | { readonly type: 'close-popup' }
  | { readonly type: 'log'; readonly message: string }
  /** Stop listening to the frame (after terminate). */
  | { readonly type: 'stop' };

export interface ConduitStep {
  readonly state: ConduitState;
  readonly effects: readonly ConduitEffect[];
}

/** One transition. */
export function next(state: ConduitState, input: ConduitInput, config: ConduitConfig): ConduitStep {
  const t = new Transition(state, config);
  t.apply(input);
  return { state: t.state, effects: t.effects };
}

class Transition {
  readonly effects: ConduitEffect[] = [];

  constructor(
    public state: ConduitState,
    private readonly config: ConduitConfig,
  ) {}

  private set(patch: Partial<ConduitState>): void {
    this.state = { ...this.state, ...patch };
  }

  private post(event: string, data?: unknown, requestId?: string): void {
    this.effects.push(requestId === undefined ? { type: 'post', event, data } : { type: 'post', event, data, requestId });
  }

  private emit(name: string, data?: unknown): void {
    this.effects.push({ type: 'event', name, data });
  }

  private timer(name: TimerName, ms: number): void {
    this.effects.push({ type: 'timer', name, ms });
  }

  private cancel(name: TimerName): void {
    this.effects.push({ type: 'cancel', name });
  }

  apply(input: ConduitInput): void {
    if (this.state.phase === 'terminated') {
      // Nothing reaches the frame or the SDK any more; a request is refused at once.
      if (input.kind === 'request') this.reject(input.requestId, stateError(`${input.method} was not sent`));
      return;
    }
    switch (input.kind) {
      case 'start':
        this.timer('load', this.config.loadTimeoutMs);
        return;
      case 'message':
        this.message(input.message);
        return;
      case 'timer':
        this.fired(input.name);
        return;
      case 'request':
        this.request({ requestId: input.requestId, method: input.method, params: input.params });
        return;
      case 'unsent': {
        const p = this.state.pending.get(input.requestId);
        if (!p) return;
        this.dropPending(input.requestId);
        this.reject(input.requestId, {
          type: 'InvalidParameterException',
          message: `${p.method} could not be sent to the CCP frame: ${clip(input.reason)}`,
          statusCode: 400,
        });
        return;
      }
      case 'send':
        this.post(input.event, input.data);
        return;
      case 'subscribe': {
        const asked = [...new Set(input.topics)];
        this.set({ topics: [...new Set([...this.state.topics, ...asked])] });
        // Before the first acknowledge they go out with it.
        if (this.state.phase === 'ready' && asked.length) this.post(ConduitEvent.webSocketSubscribe, asked);
        return;
      }
      case 'terminate':
        this.terminate();
        return;
    }
  }

  private terminate(): void {
    this.post(ConduitEvent.terminate, undefined);
    for (const name of ['load', 'refresh', 'ack', 'syn', 'reauth'] as const) this.cancel(name);
    for (const r of this.state.queued) this.reject(r.requestId, stateError(`${r.method} was not sent`));
    for (const r of this.state.pending.values()) this.reject(r.requestId, stateError(`${r.method} got no answer`));
    this.set({ phase: 'terminated', queued: [], pending: new Map(), awaitingAck: false, refreshing: false });
    this.effects.push({ type: 'stop' });
  }

  private fired(name: TimerName): void {
    const c = this.config;
    switch (name) {
      case 'load':
        if (this.state.phase !== 'loading') return;
        this.emit(ConduitEvent.ackTimeout);
        this.authenticate();
        return;
      case 'refresh': {
        if (!this.state.refreshing) return;
        const attempts = this.state.refreshAttempts + 1;
        if (attempts <= IFRAME_REFRESH_LIMIT) {
          this.set({ refreshAttempts: attempts });
          this.effects.push({ type: 'reload-frame' });
          this.timer('refresh', c.loadTimeoutMs);
          return;
        }
        this.set({ refreshing: false, exhausted: true });
        this.emit(ConduitEvent.iframeRetriesExhausted);
        // Nothing will answer the requests still waiting for a first acknowledge.
        for (const r of this.state.queued) {
          this.reject(r.requestId, {
            type: 'StateError',
            message: `${r.method} was not sent: the CCP at ${originOf(c.ccpUrl)} never acknowledged (the frame was reloaded ${IFRAME_REFRESH_LIMIT} times)`,
            statusCode: 400,
          });
        }
        this.set({ queued: [] });
        return;
      }
      case 'ack':
        if (!this.state.awaitingAck) return;
        this.set({ awaitingAck: false });
        if (c.enableAckTimeout) {
          this.emit(ConduitEvent.ackTimeout);
          this.authenticate();
        }
        this.timer('syn', c.synTimeoutMs);
        return;
      case 'syn':
        this.synchronize();
        return;
      case 'reauth':
        this.authenticate();
        return;
    }
  }

  private synchronize(): void {
    this.post(ConduitEvent.synchronize, undefined);
    this.set({ awaitingAck: true });
    this.timer('ack', this.config.ackTimeoutMs);
  }

  /** Streams' `core.authenticate`: the login popup, and reloading the frame until it acknowledges. */
  private authenticate(): void {
    const c = this.config;
    if (c.loginPopup) this.effects.push({ type: 'open-popup', url: c.loginUrl ?? c.ccpUrl });
    if (this.state.refreshing || this.state.exhausted) return;
    this.set({ refreshing: true, refreshAttempts: 0 });
    this.timer('refresh', c.loadTimeoutMs);
  }

  private message(raw: unknown): void {
    // Streams' conduit dispatches only `{event, …}`; the SDK port's `cross-domain-adapter-init`
    // (a `type`, no `event`) is not for it.
    if (!isRecord(raw) || typeof raw.event !== 'string' || raw.event === '') return;
    const { event, data } = raw;
    switch (event) {
      case ConduitEvent.acknowledge:
        this.acknowledged(data);
        return;
      case ConduitEvent.apiResponse:
        this.response(data);
        return;
      case ConduitEvent.requestConfigure:
        if (this.state.phase === 'ready') this.configure();
        this.emit(event, data);
        return;
      case ConduitEvent.agentUpdate:
        if (isAgentDataLike(data)) this.effects.push({ type: 'agent-data', data });
        else this.effects.push({ type: 'log', message: 'agent::update without {snapshot, configuration} ignored' });
        return;
      case ConduitEvent.webSocketAllMessage:
        if (isRecord(data) && typeof data.topic === 'string' && this.state.topics.includes(data.topic)) {
          this.effects.push({ type: 'topic', topic: data.topic, data: parseContent(data.content) });
        } else {
          this.emit(event, data);
        }
        return;
      case ConduitEvent.terminated:
      case ConduitEvent.authFail:
        this.emit(event, data);
        if (!this.config.disableAuthPopupAfterLogout) this.timer('reauth', this.config.ackTimeoutMs);
        return;
      default:
        this.emit(event, data);
        return;
    }
  }

  private acknowledged(data: unknown): void {
    const id = isRecord(data) && (typeof data.id === 'string' || typeof data.id === 'number') ? String(data.id) : undefined;
    if (this.state.refreshing) {
      // authenticate's watch: the frame answers, stop reloading it.
      this.set({ refreshing: false });
      this.cancel('refresh');
      if (this.config.loginPopupAutoClose) this.effects.push({ type: 'close-popup' });
    }
    if (this.state.phase === 'loading') {
      this.set({ phase: 'ready', streamId: id });
      this.configure();
      this.cancel('load');
      this.post(ConduitEvent.outerContextInfo, { streamsVersion: STREAMS_VERSION });
      this.synchronize();
      if (this.state.topics.length) this.post(ConduitEvent.webSocketSubscribe, [...this.state.topics]);
      const queued = this.state.queued;
      this.set({ queued: [] });
      for (const r of queued) this.send(r);
      this.emit(ConduitEvent.acknowledge, data);
      return;
    }
    if (this.state.awaitingAck) {
      this.set({ awaitingAck: false });
      this.cancel('ack');
      this.timer('syn', this.config.synTimeoutMs);
    }
    if (id !== undefined && id !== this.state.streamId) {
      // Another CCP document (the frame reloaded): its subscriptions start empty.
      this.set({ streamId: id });
      if (this.state.topics.length) this.post(ConduitEvent.webSocketSubscribe, [...this.state.topics]);
    }
    this.emit(ConduitEvent.acknowledge, data);
  }

  private configure(): void {
    if (this.config.configure) this.post(ConduitEvent.configure, this.config.configure);
  }

  private request(r: Request): void {
    if (this.state.phase === 'ready') {
      this.send(r);
      return;
    }
    if (this.state.exhausted) {
      this.reject(r.requestId, {
        type: 'StateError',
        message: `${r.method} was not sent: the CCP at ${originOf(this.config.ccpUrl)} never acknowledged`,
        statusCode: 400,
      });
      return;
    }
    this.set({ queued: [...this.state.queued, r] });
  }

  private send(r: Request): void {
    const pending = new Map(this.state.pending);
    pending.set(r.requestId, r);
    this.set({ pending });
    this.post(
      ConduitEvent.apiRequest,
      { event: ConduitEvent.apiRequest, requestId: r.requestId, method: r.method, params: r.params },
      r.requestId,
    );
  }

  private dropPending(requestId: string): void {
    const pending = new Map(this.state.pending);
    pending.delete(requestId);
    this.set({ pending });
  }

  private response(data: unknown): void {
    if (!isRecord(data) || (typeof data.requestId !== 'string' && typeof data.requestId !== 'number')) return;
    const requestId = String(data.requestId);
    const r = this.state.pending.get(requestId);
    if (!r) return; // not ours (or answered already)
    this.dropPending(requestId);
    if (data.err) {
      this.reject(requestId, parseStreamsError(data.err, r.method));
      return;
    }
    this.effects.push({ type: 'resolve', requestId, data: data.data });
  }

  private reject(requestId: string, error: StreamsError): void {
    this.effects.push({ type: 'reject', requestId, error });
  }
}

const stateError = (what: string): StreamsError => ({
  type: 'StateError',
  message: `${what}: the iframe transport was terminated (connect.core.terminate())`,
  statusCode: 400,
});

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
