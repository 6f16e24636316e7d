/**
 * One participant websocket (the protocol of shared/spec/wire-participant-and-connect.md §2):
 * `aws/subscribe` to `aws/chat`, `aws/heartbeat` + `aws/ping` every `heartbeatMs` (a
 * heartbeat still unanswered at the next tick means the socket is dead: it is closed and
 * reported), and `aws/chat` frames whose `content` is the item as a JSON string. Only the
 * standard WebSocket interface is used, so any implementation works (browsers, workers,
 * Node's `ws`).
 */
import type { Item } from './client.js';
import type { Logger } from './logger.js';

/** The part of the WebSocket interface used here. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = new (url: string) => WebSocketLike;

export interface SocketHandlers {
  /** The server acknowledged the subscription: items flow from now on. */
  onSubscribed(): void;
  onItem(item: Item): void;
  /**
   * The socket is gone (not called after `close()`); `reason` says why, for the log. `final`:
   * the server closed it for good (see {@link FINAL_CLOSE_REASONS}), do not come back.
   */
  onGone(reason: string, final?: boolean): void;
  /** The server answered `aws/ping` (true), or answered it with an error or not at all (false). */
  onDeepHeartbeat?(ok: boolean): void;
}

export interface SocketTimings {
  readonly heartbeatMs: number;
  readonly subscribeTimeoutMs: number;
}

const OPEN = 1;

/**
 * Switchboard closes a participant's socket normally (1000) with these reasons when the chat
 * is over for that participant: the chat ended, or they left it (an agent who transferred it
 * away). Coming back would only be refused (403), so the session ends without asking.
 */
export const FINAL_CLOSE_REASONS: ReadonlySet<string> = new Set(['Chat ended', 'No longer a participant']);
const MAX_SUBSCRIBE_TRIES = 4;

export class ParticipantSocket {
  private readonly ws: WebSocketLike;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private subscribeTimer: ReturnType<typeof setTimeout> | undefined;
  private awaitingHeartbeat = false;
  private awaitingPing = false;
  private subscribeTries = 0;
  private subscribed = false;
  private done = false;

  constructor(
    url: string,
    Impl: WebSocketFactory,
    private readonly handlers: SocketHandlers,
    private readonly timings: SocketTimings,
    private readonly logger: Logger,
  ) {
    this.ws = new Impl(url);
    this.ws.onopen = () => this.opened();
    this.ws.onmessage = (ev) => this.message(ev.data);
    this.ws.onclose = (ev) =>
      this.gone(`closed (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`, ev.code === 1000 && FINAL_CLOSE_REASONS.has(ev.reason));
    this.ws.onerror = () => this.gone('error');
  }

  get isSubscribed(): boolean {
    return this.subscribed && !this.done;
  }

  /** Closes the socket on purpose: no `onGone`. */
  close(code = 1000, reason = 'closed by the client'): void {
    if (this.done) return;
    this.finish();
    try {
      this.ws.close(code, reason);
    } catch {
      // Closing a socket that never opened throws in some implementations.
    }
  }

  private opened(): void {
    if (this.done) return;
    this.subscribe();
    this.beat();
    this.heartbeat = setInterval(() => this.beat(), this.timings.heartbeatMs);
  }

  private subscribe(): void {
    if (this.done) return;
    if (++this.subscribeTries > MAX_SUBSCRIBE_TRIES) {
      this.kill('the server did not acknowledge the subscription');
      return;
    }
    this.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
    clearTimeout(this.subscribeTimer);
    this.subscribeTimer = setTimeout(() => this.subscribe(), this.timings.subscribeTimeoutMs);
  }

  private beat(): void {
    if (this.awaitingHeartbeat) {
      this.kill('heartbeat unanswered');
      return;
    }
    if (this.awaitingPing) this.handlers.onDeepHeartbeat?.(false);
    this.awaitingHeartbeat = true;
    this.awaitingPing = true;
    this.send({ topic: 'aws/heartbeat' });
    this.send({ topic: 'aws/ping' });
  }

  private message(data: unknown): void {
    if (this.done) return;
    let frame: { topic?: unknown; content?: unknown };
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data)) as typeof frame;
    } catch {
      this.logger.warn('a websocket frame that is not JSON was ignored');
      return;
    }
    switch (frame?.topic) {
      case 'aws/heartbeat':
        this.awaitingHeartbeat = false;
        return;
      case 'aws/ping':
        this.awaitingPing = false;
        this.handlers.onDeepHeartbeat?.((frame as { statusCode?: unknown }).statusCode === 200);
        return;
      case 'aws/subscribe': {
        const status = (frame.content as { status?: unknown } | undefined)?.status;
        clearTimeout(this.subscribeTimer);
        if (status === 'success') {
          if (!this.subscribed) {
            this.subscribed = true;
            this.handlers.onSubscribed();
          }
        } else {
          this.subscribeTimer = setTimeout(() => this.subscribe(), 500);
        }
        return;
      }
      case 'aws/chat': {
        if (typeof frame.content !== 'string') return;
        let item: Item;
        try {
          item = JSON.parse(frame.content) as Item;
        } catch {
          this.logger.warn('a chat item that is not JSON was ignored');
          return;
        }
        if (item && typeof item.Id === 'string' && typeof item.ContentType === 'string') this.handlers.onItem(item);
        return;
      }
      default:
        return;
    }
  }

  private send(frame: object): void {
    if (this.ws.readyState !== OPEN) return;
    try {
      this.ws.send(JSON.stringify(frame));
    } catch {
      this.gone('send failed');
    }
  }

  /** A socket that is still open but useless: close it and report it gone. */
  private kill(reason: string): void {
    if (this.done) return;
    try {
      this.ws.close(4000, reason);
    } catch {
      // Reported below either way.
    }
    this.gone(reason);
  }

  private gone(reason: string, final = false): void {
    if (this.done) return;
    this.finish();
    this.logger.info(`websocket ${reason}`);
    this.handlers.onGone(reason, final);
  }

  private finish(): void {
    this.done = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.subscribeTimer);
    this.ws.onopen = null;
    this.ws.onmessage = null;
    this.ws.onerror = null;
    this.ws.onclose = null;
  }
}
