/**
 * AgentClient: one signed-in agent over the agent API (docs/agent-api.md, docs/agent-client.md).
 * It keeps the agent's whole data up to date from the websocket, sends commands, refreshes
 * the session before it expires and reconnects after a loss, until the session is over.
 */
import type { AgentDataWire } from '@switchboard/core/agent';
import { closeAction, type SocketClose } from './close-policy.js';
import type { AgentCommandMap, ChatToken, CommandArgs, CommandOptions, CommandResult, QuickConnectEndpoint } from './commands.js';
import { type AfterClose, AgentConnection } from './connection.js';
import { TypedEmitter } from './emitter.js';
import { AgentApiError, AgentErrorType, asAgentApiError, isAgentApiError } from './errors.js';
import {
  type AgentClientCallbacks,
  AgentClientEvent,
  type AgentSession,
  type ConnectionState,
  SessionEndReason,
} from './events.js';
import { requestJson } from './http.js';
import { type AgentClientOptions, type ClientConfig, resolveOptions } from './options.js';
import { refreshDelay, refreshRetryDelay, type SessionTiming } from './refresh.js';
import { requestSession, toDate } from './session.js';

export interface SignInOptions extends AgentClientOptions {
  readonly username: string;
  readonly password: string;
  /** The instance's id or alias; may be left out when the server serves one instance. */
  readonly instance?: string;
}

export interface FromTokenOptions extends AgentClientOptions {
  /** A session token from a sign-in, a refresh or `POST /agent-tokens/{InstanceId}/{UserId}`. */
  readonly token: string;
  /** When it expires (a Date, ISO-8601, or epoch milliseconds); without it the session is never refreshed. */
  readonly expiresAt?: Date | string | number;
}

/** A status to pick: its name (as in the agent's configuration) or ARN, or `{agentStateARN}`. */
export type AgentStateRef = string | { readonly agentStateARN: string };

export class AgentClient {
  private session_: AgentSession;
  private timing: SessionTiming;
  private readonly emitter: TypedEmitter<AgentClientCallbacks>;
  private readonly connection: AgentConnection;
  private refreshing: Promise<AgentSession> | undefined;
  private refreshTimer: unknown;
  private refreshFailures = 0;
  /** Set once the session is over (`sessionEnded` was emitted) or the client was closed. */
  private over: { readonly reason: string; readonly ended: boolean } | undefined;

  /**
   * Signs an agent in with username and password (`POST /agent/v1/login`) and connects.
   * A wrong username or password rejects with `AccessDeniedException`.
   */
  static async signIn(options: SignInOptions): Promise<AgentClient> {
    const config = resolveOptions(options);
    const { session, timing } = await requestSession(config, '/agent/v1/login', undefined, {
      username: options.username,
      password: options.password,
      ...(options.instance !== undefined ? { instance: options.instance } : {}),
    });
    return new AgentClient(config, session, timing);
  }

  /** A client for a session token you already have (no request is made before connecting). */
  static fromToken(options: FromTokenOptions): AgentClient {
    const config = resolveOptions(options);
    if (typeof options.token !== 'string' || options.token === '') {
      throw new AgentApiError(AgentErrorType.InvalidParameter, 'token is required');
    }
    const session: AgentSession = {
      token: options.token,
      expiresAt: toDate(options.expiresAt),
      instanceId: undefined,
      userId: undefined,
    };
    return new AgentClient(config, session, { issuedAt: config.clock.now(), expiresAt: session.expiresAt?.getTime() });
  }

  private constructor(
    private readonly config: ClientConfig,
    session: AgentSession,
    timing: SessionTiming,
  ) {
    this.session_ = session;
    this.timing = timing;
    this.emitter = new TypedEmitter<AgentClientCallbacks>((event, err) => {
      if (event === AgentClientEvent.Error) return; // an error listener that throws is not told about itself
      this.emitter.emit(
        AgentClientEvent.Error,
        new AgentApiError(AgentErrorType.Listener, `A ${String(event)} listener threw: ${String(err)}`, { cause: err }),
      );
    });
    this.connection = new AgentConnection({
      url: (token, since) =>
        `${config.wsBase}/agent/v1/ws?token=${encodeURIComponent(token)}${since === undefined ? '' : `&since=${since}`}`,
      token: () => this.session_.token,
      WebSocket: config.WebSocket,
      clock: config.clock,
      backoff: config.backoff,
      connectTimeoutMs: config.connectTimeoutMs,
      log: config.log,
      onState: (state, previous) => this.emitter.emit(AgentClientEvent.ConnectionState, state, previous),
      onData: (data, version) => this.emitter.emit(AgentClientEvent.Data, data, version),
      onTopicMessage: (topic, data) => this.emitter.emit(AgentClientEvent.TopicMessage, topic, data),
      onError: (error) => this.emitter.emit(AgentClientEvent.Error, error),
      onClose: (close) => this.afterClose(close),
    });
    this.unwatchNetwork = watchNetwork(
      () => this.connection.reconnectNow(),
      () => this.connection.reconnectNow(),
    );
    this.connection.start();
    this.scheduleRefresh();
  }

  private readonly unwatchNetwork: () => void;

  // ---------------------------------------------------------------------------------------
  // State

  /** The session: token, expiry and, when known, instance and user. */
  get session(): AgentSession {
    return this.session_;
  }

  /** The websocket's state. */
  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  /** The agent's latest whole data (`{snapshot, configuration}`), once the first push came. */
  get data(): AgentDataWire | undefined {
    return this.connection.data;
  }

  /** The version of {@link data}; undefined before the first push, or while a whole snapshot is awaited. */
  get version(): number | undefined {
    return this.connection.version;
  }

  /** Subscribes to an event (events.ts); returns the function that unsubscribes. */
  on<K extends keyof AgentClientCallbacks>(event: K, callback: AgentClientCallbacks[K]): () => void {
    return this.emitter.on(event, callback);
  }

  /** The agent's data as soon as it is there (at once when it already is). */
  ready(timeoutMs = this.config.commandTimeoutMs): Promise<AgentDataWire> {
    const data = this.connection.data;
    if (data) return Promise.resolve(data);
    if (this.over) return Promise.reject(this.overError());
    return new Promise((resolve, reject) => {
      const done = () => {
        offData();
        offState();
        this.config.clock.clearTimeout(timer);
      };
      const offData = this.on(AgentClientEvent.Data, (d) => {
        done();
        resolve(d);
      });
      const offState = this.on(AgentClientEvent.ConnectionState, (state) => {
        if (state !== 'closed') return;
        done();
        reject(this.overError());
      });
      const timer = this.config.clock.setTimeout(() => {
        done();
        reject(new AgentApiError(AgentErrorType.Timeout, `The agent's data did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  // ---------------------------------------------------------------------------------------
  // Commands

  /**
   * Runs a command (docs/agent-api.md) and resolves with its answer. Sent over the
   * websocket (waiting for a reconnect when needed), or over HTTP with `{via: 'http'}`.
   * Rejects with an AgentApiError: the server's error type, `NetworkingError` (not
   * connected in time, or the connection was lost before the answer) or `TimeoutError`.
   */
  command<K extends string>(name: K, ...args: CommandArgs<K>): Promise<CommandResult<K>> {
    const [params = {}, options = {}] = args as [Record<string, unknown>?, CommandOptions?];
    const timeoutMs = options.timeoutMs ?? this.config.commandTimeoutMs;
    if (this.over) return Promise.reject(this.overError());
    if (typeof name !== 'string' || name === '') {
      return Promise.reject(new AgentApiError(AgentErrorType.InvalidParameter, 'The command name is required'));
    }
    const answer =
      options.via === 'http'
        ? requestJson(this.config.fetch, {
            method: 'POST',
            url: `${this.config.httpBase}/agent/v1/commands/${encodeURIComponent(name)}`,
            token: this.session_.token,
            body: params,
            timeoutMs,
          })
        : this.connection.send(name, params, timeoutMs);
    return answer as Promise<CommandResult<K>>;
  }

  /**
   * Picks a status, by name or ARN. With `{next: true}` while contacts are open it becomes
   * the next status (`snapshot.nextState`), applied when the last contact is cleared.
   */
  async setState(state: AgentStateRef, options: { readonly next?: boolean } = {}): Promise<void> {
    const agentStateARN = typeof state === 'string' ? await this.stateArn(state) : state.agentStateARN;
    await this.command('putAgentState', { state: { agentStateARN }, enqueueNextState: options.next ?? false });
  }

  /** Accepts an offered contact. */
  async accept(contactId: string): Promise<void> {
    await this.command('acceptContact', { contactId });
  }

  /** Rejects an offered contact: it goes back to the head of its queue. */
  async reject(contactId: string): Promise<void> {
    await this.command('rejectContact', { contactId });
  }

  /** Ends a connected contact (the agent hangs up / leaves the chat): after-contact work follows. */
  async end(contactId: string): Promise<void> {
    const contact = this.connection.data?.snapshot.contacts.find((c) => c.contactId === contactId);
    const connectionId = contact?.connections.find((c) => c.type === 'agent')?.connectionId;
    await this.command('destroyConnection', { contactId, ...(connectionId ? { connectionId } : {}) });
  }

  /** Clears a contact: ends after-contact work or a missed offer; a connected contact is ended and cleared at once. */
  async clear(contactId: string): Promise<void> {
    await this.command('clearContact', { contactId });
  }

  /** The quick connects of the agent's queues (or of the queues given): where a contact can be transferred. */
  async getEndpoints(queueARNs?: readonly string[]): Promise<QuickConnectEndpoint[]> {
    const out = await this.command('getEndpoints', queueARNs ? { queueARNs: [...queueARNs] } : {});
    return out.endpoints;
  }

  /** Transfers a contact to a quick connect (`endpointARN` from {@link getEndpoints}); resolves with the new contact's id. */
  async transfer(contactId: string, endpointARN: string): Promise<string> {
    const out = await this.command('transferContact', { contactId, endpoint: { endpointARN } });
    return out.contactId;
  }

  /** The agent's connection token for a chat, for the participant API (`CreateParticipantConnection`). */
  async createChatToken(contactId: string, participantId?: string): Promise<ChatToken> {
    const params: AgentCommandMap['createTransport']['params'] = {
      transportType: 'chat_token',
      contactId,
      ...(participantId !== undefined ? { participantId } : {}),
    };
    const out = await this.command('createTransport', params);
    return out.chatTokenTransport;
  }

  private async stateArn(nameOrArn: string): Promise<string> {
    if (nameOrArn.startsWith('arn:')) return nameOrArn;
    const data = await this.ready();
    const found = data.configuration.agentStates.find((s) => s.name === nameOrArn);
    if (!found) throw new AgentApiError(AgentErrorType.InvalidParameter, `The agent has no status named ${nameOrArn}`);
    return found.agentStateARN;
  }

  // ---------------------------------------------------------------------------------------
  // Session

  /**
   * Swaps the session for a new one now (`POST /agent/v1/refresh`) and reconnects with it.
   * The client does this by itself before the session expires.
   */
  refresh(): Promise<AgentSession> {
    if (this.over) return Promise.reject(this.overError());
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /**
   * Signs out (`POST /agent/v1/logout`): the token stops working, every socket of the
   * session closes, `sessionEnded` is emitted. The client is closed even when the request
   * fails (then it rejects: the token may still work).
   */
  async signOut(): Promise<void> {
    if (this.over) return;
    // A refresh in flight would leave a new, live token behind: sign that one out.
    if (this.refreshing) await this.refreshing.catch(() => undefined);
    if (this.over) return;
    let failure: unknown;
    try {
      await requestJson(this.config.fetch, {
        method: 'POST',
        url: `${this.config.httpBase}/agent/v1/logout`,
        token: this.session_.token,
        timeoutMs: this.config.commandTimeoutMs,
      });
    } catch (err) {
      // A session the server no longer knows is signed out already.
      if (!isAgentApiError(err, AgentErrorType.AccessDenied)) failure = err;
    }
    this.endSession(SessionEndReason.SignedOut);
    if (failure !== undefined) throw failure;
  }

  /** Closes the websocket and stops refreshing, keeping the session valid (another page may go on with the token). */
  close(): void {
    if (this.over) return;
    this.over = { reason: 'closed', ended: false };
    this.unwatchNetwork();
    this.stopTimers();
    this.connection.stop(this.overError());
  }

  private overError(): AgentApiError {
    if (this.over?.ended) {
      return new AgentApiError(AgentErrorType.AccessDenied, `The agent session is over (${this.over.reason}); sign in again`);
    }
    return new AgentApiError(AgentErrorType.Networking, 'The agent client is closed');
  }

  private endSession(reason: string): void {
    if (this.over) return;
    this.over = { reason, ended: true };
    this.config.log(`session over: ${reason}`);
    this.unwatchNetwork();
    this.stopTimers();
    this.connection.stop(this.overError());
    this.emitter.emit(AgentClientEvent.SessionEnded, reason);
  }

  private stopTimers(): void {
    if (this.refreshTimer !== undefined) this.config.clock.clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  /** Why the server no longer takes the token: its time ran out, or it was revoked. */
  private deniedReason(): string {
    const expiresAt = this.timing.expiresAt;
    return expiresAt !== undefined && this.config.clock.now() >= expiresAt ? SessionEndReason.Expired : SessionEndReason.Invalid;
  }

  private async doRefresh(): Promise<AgentSession> {
    const token = this.session_.token;
    let answer: { session: AgentSession; timing: SessionTiming };
    try {
      answer = await requestSession(this.config, '/agent/v1/refresh', token);
    } catch (err) {
      if (isAgentApiError(err, AgentErrorType.AccessDenied) && this.session_.token === token)
        this.endSession(this.deniedReason());
      // A socket closed for the refresh waits for it (close-policy.ts): carry on with the old token.
      else this.connection.resume();
      throw err;
    }
    const { session } = answer;
    this.session_ = session;
    this.timing = answer.timing;
    this.refreshFailures = 0;
    this.config.log('session refreshed');
    if (!this.over) {
      // The old token's sockets are closed by the server (4401): connect with the new one.
      this.connection.reconnectNow();
      this.scheduleRefresh();
    }
    // Also after close(): the old token no longer works, whoever goes on needs this one.
    this.emitter.emit(AgentClientEvent.TokenRefreshed, session);
    return session;
  }

  private scheduleRefresh(delayMs = refreshDelay(this.timing, this.config.clock.now(), this.config.refreshLeadMs)): void {
    this.stopTimers();
    if (delayMs === undefined || this.over) return;
    this.refreshTimer = this.config.clock.setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh().then(
        () => undefined,
        (err: unknown) => {
          if (this.over) return;
          this.refreshFailures++;
          this.emitter.emit(AgentClientEvent.Error, asAgentApiError(err, 'Refreshing the session failed'));
          const retry = refreshRetryDelay(this.timing, this.config.clock.now(), this.refreshFailures, this.config.backoff);
          if (retry !== undefined) this.scheduleRefresh(retry);
        },
      );
    }, delayMs);
  }

  /** What to do after the socket closed (close-policy.ts). */
  private afterClose(close: SocketClose): AfterClose {
    const action = closeAction(close, { token: this.session_.token, refreshing: this.refreshing !== undefined });
    switch (action.kind) {
      case 'reconnect':
        return 'reconnect';
      case 'reconnect-now':
        return 'reconnect-now';
      case 'await-refresh':
        return 'wait';
      case 'end-session':
        this.endSession(action.reason);
        return 'wait';
      case 'probe-session':
        void this.probeSession();
        return 'wait';
    }
  }

  /**
   * The socket closed before it opened: a refused upgrade (403) looks like a network error
   * to a WebSocket, so ask over HTTP whether the session still works.
   */
  private async probeSession(): Promise<void> {
    const token = this.session_.token;
    try {
      await requestJson(this.config.fetch, {
        method: 'GET',
        url: `${this.config.httpBase}/agent/v1/snapshot`,
        token,
        timeoutMs: this.config.commandTimeoutMs,
      });
    } catch (err) {
      const denied = isAgentApiError(err, AgentErrorType.AccessDenied);
      if (denied && this.session_.token === token && this.refreshing === undefined) {
        this.endSession(this.deniedReason());
        return;
      }
    }
    this.connection.resume();
  }
}

/**
 * Browsers say when the device goes offline and back online (`offline` / `online` on the
 * global object): the socket is replaced at once both times rather than after a missed
 * ping (the server pings every 30 s), so a desktop shows the loss and recovers with `since`
 * as soon as the network is back. Node has no such events: there a dead socket shows as a close.
 */
function watchNetwork(onOffline: () => void, onOnline: () => void): () => void {
  const g = globalThis as {
    addEventListener?: (type: string, l: () => void) => void;
    removeEventListener?: (type: string, l: () => void) => void;
  };
  if (typeof g.addEventListener !== 'function' || typeof g.removeEventListener !== 'function') return () => undefined;
  g.addEventListener('offline', onOffline);
  g.addEventListener('online', onOnline);
  return () => {
    g.removeEventListener?.('offline', onOffline);
    g.removeEventListener?.('online', onOnline);
  };
}
