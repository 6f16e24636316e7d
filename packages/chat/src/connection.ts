/**
 * Keeps a chat session connected: credentials from CreateParticipantConnection (or the
 * agent API's chat token), one subscribed websocket (or the websocket provider an agent
 * desktop hands in), the connection token renewed before it expires, and — after every
 * lost connection — a reconnect with backoff and jitter, a new URL and token, and a
 * catch-up from the transcript so that the DeliveryLedger hands every item on exactly
 * once, in order.
 *
 * A reconnect never gives up while the failure may pass (network, 5xx, throttling); it
 * waits for the `online` event where the platform has one. It stops for good when the
 * server says so: 403 (the chat ended, or this participant left it) ends the session,
 * after reading what was missed where the server still allows it; any other final error
 * breaks it.
 */
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import type { Item, ParticipantClient, TranscriptInput } from './client.js';
import { SessionTypes, type SessionType } from './constants.js';
import { asChatError, ChatError, NETWORK_ERROR } from './errors.js';
import { DeliveryLedger } from './ledger.js';
import type { Logger } from './logger.js';
import type { NetworkMonitor } from './network.js';
import { ParticipantSocket, type SocketTimings, type WebSocketFactory } from './socket.js';
import { clampDelay } from './util.js';

/** What Streams' `ChatConnection.getConnectionToken()` resolves (`createTransport` chat_token). */
export interface ChatTokenTransport {
  readonly chatTokenTransport: { readonly participantToken: string; readonly expiry: string };
}

/**
 * The websocket an agent desktop shares with its chats (Streams' runtime
 * `WebSocketManager` shape: `connect.core.getWebSocketManager()`).
 */
export interface WebSocketProvider {
  subscribeTopics(topics: string[]): void;
  onMessage(topic: string, cb: (frame: { content?: unknown }) => void): (() => void) | unknown;
  onConnectionGain?(cb: () => void): (() => void) | unknown;
  onConnectionLost?(cb: () => void): (() => void) | unknown;
}

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'broken';

export interface ConnectionParams {
  readonly client: ParticipantClient;
  readonly logger: Logger;
  readonly sessionType: SessionType;
  readonly participantToken: string;
  readonly contactId: string;
  readonly initialContactId: string;
  readonly getConnectionToken?: (() => Promise<ChatTokenTransport>) | undefined;
  readonly websocketManager?: WebSocketProvider | undefined;
  readonly WebSocket: WebSocketFactory | undefined;
  readonly network: NetworkMonitor;
  readonly backoff: BackoffPolicy;
  readonly timings: SocketTimings & { readonly tokenRefreshLeadMs: number; readonly connectTimeoutMs: number };
  readonly random?: () => number;
  /** Items to hand to the application, in order (after the ledger). */
  deliver(items: Item[]): void;
  established(reconnect: boolean): void;
  lost(reason: string): void;
  broken(err: ChatError): void;
  deepHeartbeat(ok: boolean): void;
  /** The chat ended without a chat.ended item reaching the session (learnt from a 403). */
  endedUnseen(): void;
}

interface Credentials {
  readonly url?: string | undefined;
  readonly token: string;
  readonly expiry: string;
}

const CATCH_UP_PAGE = 100;
const MIN_REFRESH_MS = 30_000;
const REFRESH_RETRY_MS = 10_000;
const EPOCH = '1970-01-01T00:00:00.000Z';

export class ChatConnection {
  readonly ledger = new DeliveryLedger();
  private stateValue: ConnectionState = 'idle';
  private token: string | undefined;
  private socket: ParticipantSocket | undefined;
  private looping = false;
  private everConnected = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private unwatch: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private readonly unsubscribers: (() => void)[] = [];

  constructor(private readonly p: ConnectionParams) {}

  get state(): ConnectionState {
    return this.stateValue;
  }

  get over(): boolean {
    return this.stateValue === 'ended' || this.stateValue === 'broken';
  }

  /** The connection token for REST calls (the newest one). */
  get connectionToken(): string | undefined {
    return this.token;
  }

  /** Connects: resolves once items flow (the socket subscribed), rejects with the server's error. */
  async start(): Promise<void> {
    this.setState('connecting');
    this.unwatch = this.p.network.watch((online) => (online ? this.wake?.() : this.offline()));
    if (this.p.websocketManager) {
      await this.startWithProvider(this.p.websocketManager);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ChatError({
              type: NETWORK_ERROR,
              message: `The chat could not be reached within ${Math.round(this.p.timings.connectTimeoutMs / 1000)} s`,
              statusCode: 0,
              retryable: true,
            }),
          ),
        this.p.timings.connectTimeoutMs,
      );
    });
    try {
      await Promise.race([this.run(true), timeout]);
    } catch (e) {
      this.stop('broken');
      throw asChatError(e);
    } finally {
      clearTimeout(timer);
    }
    if (this.stateValue !== 'connected' && !this.over) throw asChatError(new Error('the chat connection was closed'));
  }

  /** Ends everything: no more reconnects, timers or sockets. */
  stop(final: 'ended' | 'broken' = 'ended'): void {
    if (this.over) return;
    this.setState(final);
    clearTimeout(this.refreshTimer);
    this.unwatch?.();
    this.wake?.();
    for (const u of this.unsubscribers.splice(0)) u();
    const s = this.socket;
    this.socket = undefined;
    s?.close(1000, 'chat ended');
  }

  private setState(next: ConnectionState): void {
    if (next === this.stateValue) return;
    this.p.logger.debug(`connection ${this.stateValue} → ${next}`);
    this.stateValue = next;
  }

  // -------------------------------------------------------------------------------------
  // Connecting and reconnecting

  /**
   * Attempts until connected (or over). The first attempt of the first connect throws the
   * server's error, so that `connect()` rejects with it; later ones retry what may pass.
   */
  private async run(first: boolean): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      for (let attempt = 1; !this.over; attempt++) {
        if (!(first && attempt === 1)) await this.pause(attempt);
        if (this.over) return;
        let creds: Credentials;
        try {
          creds = await this.fetchCredentials(first && attempt === 1);
        } catch (e) {
          const err = asChatError(e);
          if (first && attempt === 1) throw err;
          if (await this.finalError(err)) return;
          continue;
        }
        this.useCredentials(creds);
        if (this.over) return;
        const sock = await this.openSocket(creds.url!);
        if (!sock || this.over) continue;
        try {
          if (!this.everConnected) await this.readBaseline();
          else await this.catchUp();
        } catch (e) {
          if (await this.finalError(asChatError(e))) return;
          sock.close(4000, 'catch-up failed');
          if (this.socket === sock) this.socket = undefined;
          continue;
        }
        if (this.over) return;
        if (!sock.isSubscribed) continue;
        this.p.deliver(this.ledger.resume());
        if (this.over) return;
        const reconnect = this.everConnected;
        this.everConnected = true;
        this.setState('connected');
        this.p.established(reconnect);
        return;
      }
    } finally {
      this.looping = false;
    }
  }

  /** Backoff before an attempt; while offline, until the platform says online again. */
  private pause(attempt: number): Promise<void> {
    const random = this.p.random ?? Math.random;
    const delay = attempt === 1 ? Math.round(random() * 100) : backoffDelay(this.p.backoff, attempt - 1, random());
    const offline = !this.p.network.isOnline();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
      const t = setTimeout(done, offline ? Math.max(delay, this.p.backoff.maxMs) : delay);
      this.wake = done;
    });
  }

  /**
   * True when the error ends the session: 403 means the chat is over for this participant
   * (read what was missed while that is still allowed, then end); any other final error
   * breaks it. Errors that may pass return false: try again.
   */
  private async finalError(err: ChatError): Promise<boolean> {
    if (this.over) return true;
    if (err.error.statusCode === 403) {
      this.p.logger.info('the chat is over for this participant (403)');
      try {
        await this.catchUp();
      } catch {
        // Nothing more can be read.
      }
      this.p.deliver(this.ledger.resume());
      if (!this.over) {
        this.p.endedUnseen();
        this.stop('ended');
      }
      return true;
    }
    if (!err.error.retryable) {
      this.stop('broken');
      this.p.broken(err);
      return true;
    }
    this.p.logger.info(`reconnect: ${err.error.type}; trying again`);
    return false;
  }

  private async fetchCredentials(first: boolean): Promise<Credentials> {
    const { client, participantToken, getConnectionToken, websocketManager } = this.p;
    const types: string[] = [];
    if (!websocketManager) types.push('WEBSOCKET');
    if (!getConnectionToken) types.push('CONNECTION_CREDENTIALS');
    // An agent acknowledges the contact once (ChatJS: ConnectParticipant on connect).
    const ack = first && this.p.sessionType === SessionTypes.AGENT;
    let url: string | undefined;
    let token: string | undefined;
    let expiry: string | undefined;
    if (types.length > 0) {
      const out = await client.createParticipantConnection(participantToken, {
        Type: types,
        ...(ack ? { ConnectParticipant: true } : {}),
      });
      url = out.Websocket?.Url;
      token = out.ConnectionCredentials?.ConnectionToken;
      expiry = out.ConnectionCredentials?.Expiry;
    } else if (ack) {
      await client.createParticipantConnection(participantToken, { ConnectParticipant: true }).catch((e) => {
        this.p.logger.warn(`could not acknowledge the contact: ${asChatError(e).message}`);
      });
    }
    if (getConnectionToken) {
      const t = await getConnectionToken();
      token = t?.chatTokenTransport?.participantToken;
      expiry = t?.chatTokenTransport?.expiry;
    }
    if (!token || (!websocketManager && !url)) {
      throw new ChatError({
        type: 'InvalidResponse',
        message: 'CreateParticipantConnection answered without the connection details asked for',
        statusCode: 0,
        retryable: false,
      });
    }
    return { url, token, expiry: expiry ?? '' };
  }

  private useCredentials(c: Credentials): void {
    this.token = c.token;
    clearTimeout(this.refreshTimer);
    const expiresAt = Date.parse(c.expiry);
    if (!Number.isFinite(expiresAt)) return;
    const delay = Math.max(MIN_REFRESH_MS, expiresAt - Date.now() - this.p.timings.tokenRefreshLeadMs);
    this.refreshTimer = setTimeout(() => void this.refreshToken(), clampDelay(delay));
  }

  /** A new connection token before the old one expires (the socket is left alone). */
  private async refreshToken(): Promise<void> {
    if (this.over) return;
    try {
      let creds: Credentials;
      if (this.p.getConnectionToken) {
        const t = await this.p.getConnectionToken();
        creds = { token: t.chatTokenTransport.participantToken, expiry: t.chatTokenTransport.expiry };
      } else {
        const out = await this.p.client.createParticipantConnection(this.p.participantToken, {
          Type: ['CONNECTION_CREDENTIALS'],
        });
        const cc = out.ConnectionCredentials;
        if (!cc) throw new Error('no ConnectionCredentials in the answer');
        creds = { token: cc.ConnectionToken, expiry: cc.Expiry };
      }
      if (!this.over) this.useCredentials(creds);
    } catch (e) {
      const err = asChatError(e);
      this.p.logger.warn(`connection token refresh failed: ${err.error.type}`);
      if (err.error.statusCode !== 403 && !this.over) {
        this.refreshTimer = setTimeout(() => void this.refreshToken(), REFRESH_RETRY_MS);
      }
    }
  }

  /** Opens a socket; resolves it once subscribed, or undefined if it died first. */
  private openSocket(url: string): Promise<ParticipantSocket | undefined> {
    const Impl = this.p.WebSocket;
    if (!Impl) {
      return Promise.reject(
        new ChatError({
          type: 'ConfigurationError',
          message: 'There is no WebSocket implementation here: pass one in setGlobalConfig({ webSocket })',
          statusCode: 0,
          retryable: false,
        }),
      );
    }
    return new Promise((resolve) => {
      let settled = false;
      const sock: ParticipantSocket = new ParticipantSocket(
        url,
        Impl,
        {
          onSubscribed: () => {
            settled = true;
            resolve(sock);
          },
          onItem: (item) => {
            if (this.socket === sock) this.p.deliver(this.ledger.fromSocket(item));
          },
          onGone: (reason, final) => {
            if (!settled) {
              settled = true;
              if (this.socket === sock) this.socket = undefined;
              resolve(undefined);
              return;
            }
            if (this.socket !== sock) return;
            this.socket = undefined;
            if (final) this.overForUs();
            else this.lost(reason);
          },
          onDeepHeartbeat: (ok) => {
            if (this.socket === sock) this.p.deepHeartbeat(ok);
          },
        },
        this.p.timings,
        this.p.logger,
      );
      const old = this.socket;
      this.socket = sock;
      old?.close(1000, 'replaced');
    });
  }

  /** The socket is gone while connected: hold items, say so, reconnect. */
  private lost(reason: string): void {
    if (this.stateValue !== 'connected') return;
    this.setState('reconnecting');
    this.ledger.pause();
    this.p.lost(reason);
    void this.run(false).catch((e) => {
      // run(false) does not throw; a bug must not be an unhandled rejection.
      this.p.logger.error(`reconnect failed: ${asChatError(e).message}`);
    });
  }

  /** The server closed the socket for good (the chat ended, or this participant left it): end, without a 403 first. */
  private overForUs(): void {
    if (this.over) return;
    this.p.deliver(this.ledger.resume());
    this.p.endedUnseen();
    this.stop('ended');
  }

  /** The platform says the device went offline: drop the socket now rather than after a missed heartbeat. */
  private offline(): void {
    const s = this.socket;
    if (!s || this.stateValue !== 'connected') return;
    this.socket = undefined;
    s.close(4001, 'offline');
    this.lost('offline');
  }

  // -------------------------------------------------------------------------------------
  // Catching up

  /** At the first connect: where a later catch-up starts if nothing was handed on by then. */
  private async readBaseline(): Promise<void> {
    const out = await this.p.client.getTranscript(this.token!, {
      MaxResults: 1,
      ScanDirection: 'BACKWARD',
      SortOrder: 'ASCENDING',
    });
    this.ledger.markBaseline(out.Transcript?.[out.Transcript.length - 1]);
  }

  /** Everything stored after the last item handed on, page by page, oldest first. */
  private async catchUp(): Promise<void> {
    const start = this.ledger.lastStoredId;
    let next: string | undefined;
    do {
      const req: TranscriptInput = next
        ? { MaxResults: CATCH_UP_PAGE, NextToken: next, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' }
        : {
            MaxResults: CATCH_UP_PAGE,
            ScanDirection: 'FORWARD',
            SortOrder: 'ASCENDING',
            StartPosition: start ? { Id: start } : { AbsoluteTime: EPOCH },
          };
      const out = await this.p.client.getTranscript(this.token!, req);
      this.p.deliver(this.ledger.fromTranscript(out.Transcript ?? []));
      if (this.over) return;
      next = out.NextToken;
    } while (next);
  }

  // -------------------------------------------------------------------------------------
  // An agent desktop's shared websocket

  private async startWithProvider(wsm: WebSocketProvider): Promise<void> {
    const creds = await this.fetchCredentials(true);
    this.useCredentials(creds);
    const belongs = (i: Item) =>
      i.Type === 'MESSAGEMETADATA' || i.InitialContactId === this.p.initialContactId || i.ContactId === this.p.contactId;
    const keep = (u: unknown) => {
      if (typeof u === 'function') this.unsubscribers.push(u as () => void);
    };
    keep(
      wsm.onMessage('aws/chat', (frame) => {
        if (this.over || typeof frame?.content !== 'string') return;
        try {
          const item = JSON.parse(frame.content) as Item;
          if (belongs(item)) this.p.deliver(this.ledger.fromSocket(item));
        } catch {
          this.p.logger.warn('a chat item that is not JSON was ignored');
        }
      }),
    );
    keep(
      wsm.onConnectionLost?.(() => {
        if (this.stateValue !== 'connected') return;
        this.setState('reconnecting');
        this.ledger.pause();
        this.p.lost('the shared websocket was lost');
      }),
    );
    keep(
      wsm.onConnectionGain?.(() => {
        if (this.stateValue !== 'reconnecting') return;
        void this.providerCatchUp();
      }),
    );
    wsm.subscribeTopics(['aws/chat']);
    await this.readBaseline();
    this.everConnected = true;
    this.setState('connected');
    this.p.established(false);
  }

  private async providerCatchUp(): Promise<void> {
    for (let attempt = 1; !this.over && this.stateValue === 'reconnecting'; attempt++) {
      try {
        if (attempt > 1) await this.pause(attempt);
        const creds = await this.fetchCredentials(false);
        this.useCredentials(creds);
        await this.catchUp();
        this.p.deliver(this.ledger.resume());
        if (this.over) return;
        this.setState('connected');
        this.p.established(true);
        return;
      } catch (e) {
        if (await this.finalError(asChatError(e))) return;
      }
    }
  }
}
