/// <reference types="amazon-connect-chatjs" />
/**
 * Loads the unmodified amazon-connect-chatjs (a browser bundle) in Node, with the shims of
 * shared/spec/wire-participant-and-connect.md §0.10: `self`, `window`, `navigator`, and a
 * `WebSocket` (the `ws` package). Two test controls wrap what chatjs calls, without
 * changing chatjs:
 *   - every WebSocket chatjs opens is kept in `chatjsSockets`, so a test can terminate the
 *     live one (a dropped connection) and see its frames;
 *   - every fetch chatjs makes (its bundled SDK and the attachment PUT/GET) is logged in
 *     `chatjsHttp`, and CreateParticipantConnection can be held back (`holdConnections`),
 *     so that "while the socket is down" is a state the test controls, not a race.
 */
import { createRequire } from 'node:module';
import WebSocket from 'ws';

/** One frame chatjs received, parsed. */
export interface Frame {
  readonly topic?: string;
  readonly content?: unknown;
  readonly statusCode?: number;
}

export class ChatjsSocket extends WebSocket {
  readonly frames: Frame[] = [];
  /** Resolves once the server acknowledged `aws/subscribe` with success on this socket. */
  readonly subscribed: Promise<void>;

  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    chatjsSockets.push(this);
    this.subscribed = new Promise((resolve) => {
      this.on('message', (raw) => {
        let f: Frame;
        try {
          f = JSON.parse(raw.toString()) as Frame;
        } catch {
          return;
        }
        this.frames.push(f);
        if (f.topic === 'aws/subscribe' && (f.content as { status?: string } | undefined)?.status === 'success') resolve();
      });
    });
    // A socket that never acknowledges must not leave an unhandled rejection behind.
    this.on('error', () => undefined);
    // `aws/subscribe` frames wait while subscribes are held (see holdSubscribes).
    const send = this.send.bind(this);
    this.send = ((data: unknown, ...rest: unknown[]) => {
      const h = subscribeHold;
      if (h && typeof data === 'string' && data.includes('"aws/subscribe"')) {
        h.sawCall();
        void h.promise.then(() => {
          if (this.readyState === WebSocket.OPEN) (send as (...a: unknown[]) => void)(data, ...rest);
        });
        return;
      }
      (send as (...a: unknown[]) => void)(data, ...rest);
    }) as WebSocket['send'];
  }
}

/** Every WebSocket chatjs has opened, oldest first. */
export const chatjsSockets: ChatjsSocket[] = [];

export interface HttpCall {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly errorType: string | null;
}

/**
 * Every fetch of this process, in completion order: chatjs's participant API calls and its
 * attachment PUT/GET (plus the test's own fetches, e.g. the agent login).
 */
export const chatjsHttp: HttpCall[] = [];

interface Hold {
  readonly promise: Promise<void>;
  readonly release: () => void;
  readonly sawCall: () => void;
}
/** Held CreateParticipantConnection calls, and held `aws/subscribe` frames. */
let hold: Hold | undefined;
let subscribeHold: Hold | undefined;

export interface Held {
  /** Resolves once chatjs made a held call. */
  readonly held: Promise<void>;
  release(): void;
}

function newHold(set: (h: Hold | undefined) => void, get: () => Hold | undefined): Held {
  let release!: () => void;
  let sawCall!: () => void;
  const promise = new Promise<void>((r) => {
    release = r;
  });
  const held = new Promise<void>((r) => {
    sawCall = r;
  });
  const h: Hold = { promise, release, sawCall };
  set(h);
  return {
    held,
    release: () => {
      if (get() === h) set(undefined);
      h.release();
    },
  };
}

/**
 * Holds every CreateParticipantConnection chatjs makes from now until `release()`. `held`
 * resolves once chatjs has made one (it is then waiting, and its socket is down).
 */
export const holdConnections = (): Held =>
  newHold(
    (h) => {
      hold = h;
    },
    () => hold,
  );

/**
 * Holds every `aws/subscribe` frame chatjs sends from now until `release()`: its new socket
 * is open (the server accepted it) but not subscribed.
 */
export const holdSubscribes = (): Held =>
  newHold(
    (h) => {
      subscribeHold = h;
    },
    () => subscribeHold,
  );

/** Lets everything held go (clean-up after a test that failed mid-hold). */
export function releaseConnections(): void {
  const [a, b] = [hold, subscribeHold];
  hold = undefined;
  subscribeHold = undefined;
  a?.release();
  b?.release();
}

const g = globalThis as Record<string, unknown>;
g.self ??= globalThis;
g.window ??= globalThis;
if (g.navigator === undefined) g.navigator = { userAgent: 'node', onLine: true };
g.WebSocket = ChatjsSocket;

const realFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const h = hold;
  if (h && url.pathname.endsWith('/participant/connection')) {
    h.sawCall();
    await h.promise;
  }
  const res = await realFetch(input, init);
  chatjsHttp.push({ method, path: url.pathname, status: res.status, errorType: res.headers.get('x-amzn-errortype') });
  return res;
};

/** chatjs's log lines (WARN and above), for a failing test to print. */
export const chatjsLog: string[] = [];
const keep = (line: string) => {
  chatjsLog.push(line);
  if (chatjsLog.length > 500) chatjsLog.shift();
};

createRequire(import.meta.url)('amazon-connect-chatjs');

export const ChatSession: typeof connect.ChatSession = (g.connect as typeof connect).ChatSession;

/**
 * The global config for sessions created next. `endpoint` is chatjs's undocumented override
 * (§3.1); it is read when chatjs creates its client, and clients are cached per region, so a
 * second server in the same process needs a region of its own.
 */
export function configureChatjs(endpoint: string, region: string): void {
  ChatSession.setGlobalConfig({
    endpoint,
    region,
    webSocketManagerConfig: { isNetworkOnline: () => true },
    features: { messageReceipts: { shouldSendMessageReceipts: true, throttleTime: 100 } },
    loggerConfig: {
      level: 30,
      advancedLogWriter: 'warn',
      customizedLogger: { debug: keep, info: keep, warn: keep, error: keep },
    },
  } as connect.ChatGlobalConfig);
}
