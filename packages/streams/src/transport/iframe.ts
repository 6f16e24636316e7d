/**
 * The `iframe` transport: what the unmodified Streams does in the embedding page
 * (`connect.core.initCCP(container, options)`) to drive a Switchboard CCP framed in it. The
 * protocol's decisions are in iframe-conduit.ts (pure); this runs them: it builds the frame
 * (Streams' name, title and `allow`), posts `{event, data}` to it with targetOrigin `'*'`,
 * takes only messages whose source is the frame's window (no origin check, as Streams: who
 * may frame the CCP is the server's `frame-ancestors`), keeps the timers, reloads the frame
 * and opens the login popup when asked, and settles the requests.
 *
 * Decisions where Streams leaves room:
 * - A request made before the frame's first `acknowledge` waits and is sent when it comes
 *   (Streams throws "The connect core has not been initialized!"); it is refused once the
 *   frame reloads have given up (`iframe_retries_exhausted`).
 * - After `terminate()` a request is refused at once (`StateError`), as Streams' NullClient
 *   fails every call after `core.terminate()`; requests in flight are refused too, and
 *   nothing the frame posts reaches the SDK any more. The frame stays in the page.
 * - `aws/task` is subscribed (`webSocket::subscribe`) with the first `acknowledge`, so task
 *   items reach the SDK's `topic()` as they do over the direct transport; `subscribeTopics`
 *   adds others. Items of a topic not subscribed here stay bus events (`webSocket::all_message`).
 * - The SDK's MessagePort (`cross-domain-adapter-init`) is not answered: this SDK reaches the
 *   participant API at `endpoint` itself and never asks `getInstanceDetails`.
 * - `iframe_style` (informational, 10 s after creation) is not sent.
 */
import type { AgentData } from '@switchboard/core/agent';
import type { StreamsTransport, TransportSink } from '../transport.js';
import {
  type ConduitConfig,
  type ConduitEffect,
  ConduitEvent,
  type ConduitInput,
  type ConduitState,
  initialConduitState,
  next,
  type TimerName,
} from './iframe-conduit.js';

/** Streams' `CCP_IFRAME_NAME`: the frame's name, and its title unless `iframeTitle` is given. */
export const CCP_IFRAME_NAME = 'Amazon Connect CCP';
/** The frame's permissions, as Streams builds it. */
export const CCP_IFRAME_ALLOW = 'microphone; camera; autoplay; clipboard-write; identity-credentials-get';
/** Streams' default frame style. */
export const CCP_IFRAME_STYLE = 'width: 100%; height: 100%;';
/** The login popup's window name (Streams' `connect.MasterTopics.LOGIN_POPUP`). */
export const LOGIN_POPUP_NAME = 'connect::loginPopup';
/** Topics subscribed unless `topics` says otherwise. */
export const DEFAULT_TOPICS: readonly string[] = ['aws/task'];

/** The login popup's size and place (Streams' `loginOptions`). */
export interface LoginOptions {
  readonly autoClose?: boolean;
  readonly height?: number;
  readonly width?: number;
  readonly top?: number;
  readonly left?: number;
  /** Report a keepalive `synchronize` left unanswered (`ack_timeout`, then authenticate). */
  readonly enableAckTimeout?: boolean;
  /** No popup or reload after `terminated` / `auth_fail`. */
  readonly disableAuthPopupAfterLogout?: boolean;
}

/** The `connect.core.initCCP` options this transport honours. */
export interface IframeTransportOptions {
  /** The CCP's absolute URL (`https://switchboard.example/ccp/`, `#token=…` to sign in by token). */
  readonly ccpUrl: string;
  /** Only used by Streams for disaster recovery; kept for the SDK. */
  readonly region?: string;
  /** Open the login popup when the frame does not acknowledge (default true). */
  readonly loginPopup?: boolean;
  /** Close that popup when the frame acknowledges. */
  readonly loginPopupAutoClose?: boolean;
  readonly loginOptions?: LoginOptions;
  /** The popup's URL (default `ccpUrl`). */
  readonly loginUrl?: string;
  /** Sent to the CCP in `configure` (`allowFramedSoftphone`, …). */
  readonly softphone?: Readonly<Record<string, unknown>>;
  readonly chat?: Readonly<Record<string, unknown>>;
  readonly task?: Readonly<Record<string, unknown>>;
  readonly pageOptions?: Readonly<Record<string, unknown>>;
  /** Wait for an answer to each keepalive `synchronize` (ms, default 3000). */
  readonly ccpAckTimeout?: number;
  /** Between an answer and the next `synchronize` (ms, default 1000). */
  readonly ccpSynTimeout?: number;
  /** Wait for the first `acknowledge`, and between frame reloads (ms, default 5000). */
  readonly ccpLoadTimeout?: number;
  readonly iframeTitle?: string;
  /** The frame's CSS (default `width: 100%; height: 100%;`). */
  readonly style?: string;
  /** Websocket topics whose items go to the sink's `topic()` (default `['aws/task']`). */
  readonly topics?: readonly string[];
}

/** What the transport uses of the page; tests pass fakes. */
export interface IframeEnvironment {
  readonly window: Pick<Window, 'addEventListener' | 'removeEventListener'> & { open?: Window['open'] };
  /** A new, detached `<iframe>`. */
  readonly createFrame: () => HTMLIFrameElement;
  readonly setTimeout: (f: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  /** Epoch ms, for request ids. */
  readonly now: () => number;
  readonly random: () => number;
  readonly log: (message: string, detail?: unknown) => void;
}

/** The iframe transport, with what only a framed CCP offers. */
export interface IframeTransport extends StreamsTransport {
  readonly kind: 'iframe';
  readonly endpoint: string;
  /** The CCP frame now in the page (a new one after each reload). */
  readonly frame: HTMLIFrameElement | undefined;
  /** Streams' `conduit.sendUpstream(event, data)`: a message for the CCP as it is. */
  send(event: string, data?: unknown): void;
  /** `{event: 'broadcast', data: {event, data}}`: the CCP echoes `{event, data}` back. */
  broadcast(event: string, data?: unknown): void;
  /** `webSocket::subscribe`: items of these topics reach the sink's `topic()`. */
  subscribeTopics(topics: readonly string[]): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function positive(name: string, v: unknown, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new TypeError(`createIframeTransport: ${name} must be a positive number of milliseconds, got ${String(v)}`);
  }
  return v;
}

/** The conduit's configuration from the options; throws in words on what is wrong. */
export function conduitConfig(o: IframeTransportOptions): ConduitConfig & { readonly origin: string } {
  if (!isRecord(o)) throw new TypeError('createIframeTransport: options with a ccpUrl are required');
  if (typeof o.ccpUrl !== 'string' || o.ccpUrl === '') throw new TypeError('createIframeTransport: options.ccpUrl is required');
  let origin: string;
  try {
    origin = new URL(o.ccpUrl).origin;
  } catch {
    throw new TypeError(
      `createIframeTransport: ccpUrl must be an absolute URL (https://host/ccp/), got ${o.ccpUrl.slice(0, 100)}`,
    );
  }
  const wantsConfigure = Boolean(o.softphone || o.chat || o.task || o.pageOptions);
  const pageOptions = isRecord(o.pageOptions) ? o.pageOptions : undefined;
  return {
    origin,
    ccpUrl: o.ccpUrl,
    loginUrl: typeof o.loginUrl === 'string' && o.loginUrl !== '' ? o.loginUrl : undefined,
    loginPopup: o.loginPopup !== false,
    loginPopupAutoClose: Boolean(o.loginPopupAutoClose || o.loginOptions?.autoClose),
    enableAckTimeout: Boolean(o.loginOptions?.enableAckTimeout),
    disableAuthPopupAfterLogout: Boolean(o.loginOptions?.disableAuthPopupAfterLogout),
    ackTimeoutMs: positive('ccpAckTimeout', o.ccpAckTimeout, 3000),
    synTimeoutMs: positive('ccpSynTimeout', o.ccpSynTimeout, 1000),
    loadTimeoutMs: positive('ccpLoadTimeout', o.ccpLoadTimeout, 5000),
    configure: wantsConfigure
      ? {
          softphone: o.softphone,
          chat: o.chat,
          task: o.task,
          pageOptions: o.pageOptions,
          showInactivityModal: pageOptions?.showInactivityModal,
        }
      : undefined,
  };
}

/** The page's window and frames; throws in words outside a browser. */
function browserPage(): Pick<IframeEnvironment, 'window' | 'createFrame'> {
  const g = globalThis as { window?: Window; document?: Document };
  const win = g.window;
  const doc = g.document;
  if (!win || !doc) {
    throw new Error('createIframeTransport: the iframe transport runs in a browser page (there is no window or document here)');
  }
  return { window: win, createFrame: () => doc.createElement('iframe') };
}

const clock: Omit<IframeEnvironment, 'window' | 'createFrame'> = {
  setTimeout: (f, ms) => globalThis.setTimeout(f, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
  random: () => Math.random(),
  log: () => undefined,
};

/**
 * `connect.core.initCCP(container, options)`'s transport: the CCP at `options.ccpUrl` framed
 * in `container` when `start` is called.
 */
export function createIframeTransport(
  container: HTMLElement,
  options: IframeTransportOptions,
  environment?: Partial<IframeEnvironment>,
): IframeTransport {
  const config = conduitConfig(options);
  if (!container || typeof (container as { appendChild?: unknown }).appendChild !== 'function') {
    throw new TypeError('createIframeTransport: container must be an element to put the CCP frame in');
  }
  const page = environment?.window && environment.createFrame ? {} : browserPage();
  const env = { ...clock, ...page, ...environment } as IframeEnvironment;

  let state: ConduitState = initialConduitState(options.topics ?? DEFAULT_TOPICS);
  let sink: TransportSink | undefined;
  let frame: HTMLIFrameElement | undefined;
  let popup: Window | null = null;
  let listening = false;
  const timers = new Map<TimerName, unknown>();
  const waiting = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let seq = 0;

  const makeFrame = (): HTMLIFrameElement => {
    const f = env.createFrame();
    f.src = config.ccpUrl;
    f.allow = CCP_IFRAME_ALLOW;
    f.style.cssText = options.style ?? CCP_IFRAME_STYLE;
    f.title = options.iframeTitle ?? CCP_IFRAME_NAME;
    f.name = CCP_IFRAME_NAME;
    container.appendChild(f);
    return f;
  };

  const onMessage = (e: MessageEvent) => {
    if (!frame || e.source !== frame.contentWindow) return;
    dispatch({ kind: 'message', message: e.data });
  };

  // An effect that feeds an input back (a failed post) waits until the current step is run.
  const queue: ConduitInput[] = [];
  let busy = false;
  const dispatch = (input: ConduitInput) => {
    queue.push(input);
    if (busy) return;
    busy = true;
    try {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const step = next(state, i, config);
        state = step.state;
        for (const effect of step.effects) run(effect);
      }
    } finally {
      busy = false;
    }
  };

  const deliver = (what: string, f: () => void) => {
    try {
      f();
    } catch (err) {
      env.log(`the SDK threw handling ${what}`, err);
    }
  };

  const run = (e: ConduitEffect) => {
    switch (e.type) {
      case 'post': {
        const target = frame?.contentWindow;
        try {
          if (!target) throw new Error('the CCP frame has no window (is the container in the document?)');
          target.postMessage({ event: e.event, data: e.data }, '*');
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          env.log(`could not post ${e.event} to the CCP frame`, err);
          if (e.requestId !== undefined) dispatch({ kind: 'unsent', requestId: e.requestId, reason });
        }
        return;
      }
      case 'agent-data':
        deliver('agent::update', () => sink?.agentData(e.data as AgentData));
        return;
      case 'event':
        deliver(e.name, () => sink?.event(e.name, e.data));
        return;
      case 'topic':
        deliver(`an item on ${e.topic}`, () => sink?.topic(e.topic, e.data));
        return;
      case 'resolve':
      case 'reject': {
        const w = waiting.get(e.requestId);
        waiting.delete(e.requestId);
        if (e.type === 'resolve') w?.resolve(e.data);
        else w?.reject(e.error);
        return;
      }
      case 'timer': {
        const old = timers.get(e.name);
        if (old !== undefined) env.clearTimeout(old);
        timers.set(
          e.name,
          env.setTimeout(() => {
            timers.delete(e.name);
            dispatch({ kind: 'timer', name: e.name });
          }, e.ms),
        );
        return;
      }
      case 'cancel': {
        const h = timers.get(e.name);
        if (h !== undefined) env.clearTimeout(h);
        timers.delete(e.name);
        return;
      }
      case 'reload-frame': {
        // Streams removes the old frame (the only way to stop it at once) and builds a new one.
        const old = frame;
        const cssText = old?.style.cssText;
        old?.remove();
        frame = makeFrame();
        if (cssText !== undefined) frame.style.cssText = cssText;
        return;
      }
      case 'open-popup':
        openPopup(e.url);
        return;
      case 'close-popup':
        try {
          popup?.close();
        } catch (err) {
          env.log('could not close the login popup', err);
        }
        popup = null;
        return;
      case 'log':
        env.log(e.message);
        return;
      case 'stop':
        if (listening) env.window.removeEventListener('message', onMessage);
        listening = false;
        return;
    }
  };

  /** Streams' PopupManager: one popup, reused (focused) while open. */
  const openPopup = (url: string) => {
    try {
      if (popup && !popup.closed) {
        popup.focus();
        return;
      }
    } catch {
      // A window of another origin may refuse to be read: open anew.
    }
    const lo = options.loginOptions;
    const features = lo ? `width=${lo.width || 433}, height=${lo.height || 578}, top=${lo.top || 0}, left=${lo.left || 0}` : '';
    try {
      popup = env.window.open ? env.window.open(url, LOGIN_POPUP_NAME, features) : null;
    } catch (err) {
      env.log('could not open the login popup', err);
    }
  };

  const newRequestId = (): string => {
    for (;;) {
      const id = `${env.now()}-${env.random().toString(36).slice(2)}${(++seq).toString(36)}`;
      if (!waiting.has(id)) return id;
    }
  };

  return {
    kind: 'iframe',
    endpoint: config.origin,
    get frame() {
      return frame;
    },
    start(s: TransportSink) {
      if (sink) throw new Error('createIframeTransport: start() was called twice');
      sink = s;
      if (state.phase === 'terminated') return;
      env.window.addEventListener('message', onMessage);
      listening = true;
      frame = makeFrame();
      dispatch({ kind: 'start' });
    },
    request(method: string, params: Readonly<Record<string, unknown>>) {
      const requestId = newRequestId();
      return new Promise<unknown>((resolve, reject) => {
        waiting.set(requestId, { resolve, reject });
        dispatch({ kind: 'request', requestId, method, params: isRecord(params) ? params : {} });
      });
    },
    setMuted(muted: boolean) {
      // agent.mute() / unmute(): a `mute` broadcast; the CCP's softphone mutes the call.
      dispatch({ kind: 'send', event: ConduitEvent.broadcast, data: { event: ConduitEvent.mute, data: { mute: muted } } });
    },
    terminate() {
      dispatch({ kind: 'terminate' });
    },
    send(event: string, data?: unknown) {
      dispatch({ kind: 'send', event, data });
    },
    broadcast(event: string, data?: unknown) {
      dispatch({ kind: 'send', event: ConduitEvent.broadcast, data: { event, data } });
    },
    subscribeTopics(topics: readonly string[]) {
      dispatch({ kind: 'subscribe', topics: topics.filter((t) => typeof t === 'string' && t !== '') });
    },
  };
}
