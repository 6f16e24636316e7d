/**
 * `ChatSession`: ChatJS's session API (seed 003) for a customer or an agent. Every method
 * resolves `{ data, metadata }` and rejects with a ChatError, which also has ChatJS's
 * `{ error, metadata }` shape. Items reach the `on*` callbacks exactly once and in
 * transcript order, also across reconnects (see connection.ts and ledger.ts).
 */
import { DEFAULT_BACKOFF } from './backoff.js';
import { type Item, ParticipantClient, type SendOutput, type TranscriptInput } from './client.js';
import { type GlobalConfig, globalConfig, setGlobalConfig, webSocketImpl } from './config.js';
import {
  ContentTypes,
  DEFAULTS,
  LogLevel,
  SEND_EVENT_CONTENT_TYPES,
  SessionTypes,
  type SessionType,
  TRANSCRIPT_DEFAULTS,
} from './constants.js';
import { ChatConnection, type ChatTokenTransport, type ConnectionState, type WebSocketProvider } from './connection.js';
import { asChatError, ChatError, validationError } from './errors.js';
import {
  type ChatDetails,
  type ChatEventCallback,
  type ChatEventMap,
  type ChatEventName,
  ChatEvents,
  Emitter,
} from './events.js';
import { type Logger, makeLogger } from './logger.js';
import { platformNetwork } from './network.js';
import { ReceiptSender } from './receipts.js';
import { type UploadProgress, upload } from './upload.js';
import { uuid } from './util.js';

/**
 * What `create` takes as `chatDetails`: a customer's StartChatContact answer (either
 * casing), or an agent's media info (Streams' `getMediaInfo()`: with `getConnectionToken`,
 * which is the agent API's `createTransport` chat_token).
 */
export interface ChatDetailsInput {
  readonly contactId?: string;
  readonly ContactId?: string;
  readonly initialContactId?: string;
  readonly InitialContactId?: string;
  readonly participantId?: string;
  readonly ParticipantId?: string;
  readonly participantToken?: string;
  readonly ParticipantToken?: string;
  readonly getConnectionToken?: () => Promise<ChatTokenTransport>;
}

export interface CreateArgs {
  readonly chatDetails: ChatDetailsInput;
  /** Default AGENT, as in ChatJS. */
  readonly type?: SessionType;
  readonly options?: { readonly region?: string; readonly endpoint?: string };
  /** An agent desktop's shared websocket (Streams' `connect.core.getWebSocketManager()`). */
  readonly websocketManager?: WebSocketProvider;
  /** Accepted for ChatJS compatibility; there is no CSM. */
  readonly disableCSM?: boolean;
}

export interface ChatResponse<T> {
  readonly data: T;
  readonly metadata: unknown;
}

export interface ConnectResult {
  readonly connectCalled: true;
  readonly connectSuccess: boolean;
  readonly metadata: unknown;
}

export interface GetTranscriptArgs {
  readonly maxResults?: number;
  readonly scanDirection?: 'FORWARD' | 'BACKWARD';
  readonly sortOrder?: 'ASCENDING' | 'DESCENDING';
  readonly startPosition?: { readonly id?: string; readonly absoluteTime?: string; readonly mostRecent?: number };
  readonly nextToken?: string;
  readonly contactId?: string;
  readonly metadata?: unknown;
}

/** A file to send: a File, or a Blob with a `name`. */
export type AttachmentInput = Blob & { readonly name?: string };

const EVENT_FOR_CONTENT_TYPE: Readonly<Record<string, ChatEventName>> = {
  [ContentTypes.typing]: ChatEvents.typing,
  [ContentTypes.participantIdle]: ChatEvents.participantIdle,
  [ContentTypes.participantReturned]: ChatEvents.participantReturned,
  [ContentTypes.participantInvited]: ChatEvents.participantInvited,
  [ContentTypes.autoDisconnection]: ChatEvents.autoDisconnection,
  [ContentTypes.participantDisplayNameUpdated]: ChatEvents.participantDisplayNameUpdated,
  [ContentTypes.chatRehydrated]: ChatEvents.chatRehydrated,
};

const isReceipt = (i: Item): boolean =>
  i.Type === 'MESSAGEMETADATA' || i.ContentType === ContentTypes.readReceipt || i.ContentType === ContentTypes.deliveredReceipt;

let sessionCount = 0;

export class ChatSession {
  /** `connect.ChatSession.LogLevel`. */
  static readonly LogLevel = LogLevel;
  /** `connect.ChatSession.SessionTypes`. */
  static readonly SessionTypes = SessionTypes;

  /** Settings for sessions created afterwards (see GlobalConfig). */
  static setGlobalConfig(config: GlobalConfig): void {
    setGlobalConfig(config);
  }

  /** A session for a customer (StartChatContact's answer) or an agent (Streams' media info). */
  static create(args: CreateArgs): ChatSession {
    return new ChatSession(args);
  }

  readonly type: SessionType;
  private readonly details: ChatDetails;
  private readonly emitter: Emitter<ChatEventMap>;
  private readonly logger: Logger;
  private readonly client: ParticipantClient;
  private readonly connection: ChatConnection;
  private readonly receipts: ReceiptSender;
  private readonly receiptsEnabled: boolean;
  private readonly fetchImpl: typeof fetch;
  private connecting: Promise<ConnectResult> | undefined;
  private lastTyping: { at: number; result: Promise<ChatResponse<SendOutput>> } | undefined;
  private ended = false;

  private constructor(args: CreateArgs) {
    const d = args?.chatDetails;
    const contactId = d?.contactId ?? d?.ContactId;
    const participantId = d?.participantId ?? d?.ParticipantId;
    const participantToken = d?.participantToken ?? d?.ParticipantToken;
    if (!contactId || !participantId || !participantToken) {
      throw validationError(
        'chatDetails needs contactId, participantId and participantToken (StartChatContact answers all three)',
      );
    }
    const type = args.type ?? SessionTypes.AGENT;
    if (type !== SessionTypes.AGENT && type !== SessionTypes.CUSTOMER) {
      throw validationError(`type must be ${SessionTypes.CUSTOMER} or ${SessionTypes.AGENT}`);
    }
    this.type = type;
    this.details = {
      contactId,
      initialContactId: d.initialContactId ?? d.InitialContactId ?? contactId,
      participantId,
      participantToken,
    };
    const config = globalConfig();
    this.logger = makeLogger(config.loggerConfig, `${type.toLowerCase()}#${++sessionCount}`);
    this.emitter = new Emitter((name, err) =>
      this.logger.error(`an ${String(name)} callback threw: ${err instanceof Error ? err.message : String(err)}`),
    );
    const region = args.options?.region ?? config.region ?? DEFAULTS.region;
    const endpoint = args.options?.endpoint ?? config.endpoint ?? `https://participant.connect.${region}.amazonaws.com`;
    this.fetchImpl = config.fetch ?? ((...a) => globalThis.fetch(...a));
    this.client = new ParticipantClient({
      endpoint,
      attempts: DEFAULTS.requestAttempts,
      logger: this.logger,
      fetch: this.fetchImpl,
    });
    const receiptConfig = config.features?.messageReceipts;
    this.receiptsEnabled = receiptConfig?.shouldSendMessageReceipts !== false;
    this.receipts = new ReceiptSender({
      throttleMs: receiptConfig?.throttleTime ?? DEFAULTS.receiptThrottleMs,
      deliveredDelayMs: DEFAULTS.deliveredDelayMs,
      send: (kind, messageId) =>
        this.client.sendEvent(this.token(), {
          ContentType: kind === 'read' ? ContentTypes.readReceipt : ContentTypes.deliveredReceipt,
          Content: JSON.stringify({ messageId }),
          ClientToken: uuid(),
        }),
    });
    this.connection = new ChatConnection({
      client: this.client,
      logger: this.logger,
      sessionType: type,
      participantToken,
      contactId,
      initialContactId: this.details.initialContactId,
      getConnectionToken: d.getConnectionToken,
      websocketManager: args.websocketManager,
      WebSocket: webSocketImpl(config),
      network: config.network ?? platformNetwork,
      backoff: { ...DEFAULT_BACKOFF, ...config.reconnect },
      timings: {
        heartbeatMs: DEFAULTS.heartbeatMs,
        subscribeTimeoutMs: DEFAULTS.subscribeTimeoutMs,
        tokenRefreshLeadMs: DEFAULTS.tokenRefreshLeadMs,
        connectTimeoutMs: DEFAULTS.connectTimeoutMs,
      },
      deliver: (items) => this.dispatch(items),
      established: (reconnect) => this.emit(ChatEvents.connectionEstablished, { reconnect }),
      lost: (reason) => this.emit(ChatEvents.connectionLost, { reason }),
      broken: (err) => this.emit(ChatEvents.connectionBroken, { type: err.error.type, message: err.message }),
      deepHeartbeat: (ok) =>
        this.emitter.emit(ok ? ChatEvents.deepHeartbeatSuccess : ChatEvents.deepHeartbeatFailure, {
          chatDetails: this.details,
          data: null,
        }),
      endedUnseen: () => this.end(null),
    });
  }

  // ---------------------------------------------------------------------------------------
  // Connection

  /**
   * Connects (CreateParticipantConnection, then the websocket) and resolves once items
   * flow: `{ connectCalled: true, connectSuccess: true, metadata }`. Rejects with a
   * ChatError that also carries `connectSuccess: false`. A second call returns the first's promise.
   */
  connect(args: { readonly metadata?: unknown } = {}): Promise<ConnectResult> {
    this.connecting ??= this.connection.start().then(
      () => ({ connectCalled: true as const, connectSuccess: true, metadata: args.metadata ?? null }),
      (e: unknown) => {
        throw Object.assign(asChatError(e).withMetadata(args.metadata ?? null), { connectCalled: true, connectSuccess: false });
      },
    );
    return this.connecting;
  }

  /** `connecting`, `connected`, `reconnecting`, `ended` (the chat ended) or `broken`. */
  get connectionState(): ConnectionState {
    return this.connection.state;
  }

  /** ChatJS's `getChatDetails()`; store it to rehydrate the session after a page reload. */
  getChatDetails(): ChatDetails {
    return this.details;
  }

  /**
   * Stops listening without leaving the chat (a page going away, a widget closed): the
   * participant stays in the chat and a session created later from the same details
   * carries on.
   */
  close(): void {
    this.receipts.stop();
    this.connection.stop('ended');
  }

  // ---------------------------------------------------------------------------------------
  // Participant service operations

  sendMessage(args: {
    readonly contentType: string;
    readonly message: string;
    readonly metadata?: unknown;
  }): Promise<ChatResponse<SendOutput>> {
    const metadata = args?.metadata ?? null;
    if (typeof args?.contentType !== 'string' || !args.contentType) return this.refuse('contentType is required', metadata);
    if (typeof args.message !== 'string' || !args.message) return this.refuse('message must be a non-empty string', metadata);
    return this.call(metadata, (token) =>
      this.client.sendMessage(token, { ContentType: args.contentType, Content: args.message, ClientToken: uuid() }),
    );
  }

  /**
   * Typing (at most one request per 10 s; calls in between return the last answer) and read
   * / delivered receipts (`content: JSON.stringify({ messageId })`; throttled, each once).
   */
  sendEvent(args: {
    readonly contentType: string;
    readonly content?: string;
    readonly metadata?: unknown;
  }): Promise<ChatResponse<SendOutput | null>> {
    const metadata = args?.metadata ?? null;
    const contentType = args?.contentType;
    if (typeof contentType !== 'string' || !SEND_EVENT_CONTENT_TYPES.includes(contentType)) {
      return this.refuse(`contentType must be one of ${SEND_EVENT_CONTENT_TYPES.join(', ')}`, metadata);
    }
    if (contentType === ContentTypes.typing) {
      const now = Date.now();
      if (this.lastTyping && now - this.lastTyping.at < DEFAULTS.typingThrottleMs) {
        return this.lastTyping.result.then((r) => ({ data: r.data, metadata }));
      }
      const result = this.call(metadata, (token) =>
        this.client.sendEvent(token, { ContentType: contentType, ClientToken: uuid() }),
      );
      this.lastTyping = { at: now, result };
      result.catch(() => {
        if (this.lastTyping?.result === result) this.lastTyping = undefined;
      });
      return result;
    }
    if (contentType === ContentTypes.readReceipt || contentType === ContentTypes.deliveredReceipt) {
      let messageId: unknown;
      try {
        messageId = (JSON.parse(args.content ?? '') as { messageId?: unknown })?.messageId;
      } catch {
        messageId = undefined;
      }
      if (typeof messageId !== 'string' || !messageId) {
        return this.refuse('a receipt needs content {"messageId": "<the message Id>"}', metadata);
      }
      if (!this.receiptsEnabled || this.ended) return Promise.resolve({ data: null, metadata });
      return this.call(metadata, () =>
        this.receipts.send(contentType === ContentTypes.readReceipt ? 'read' : 'delivered', messageId as string),
      );
    }
    return this.call(metadata, (token) =>
      this.client.sendEvent(token, {
        ContentType: contentType,
        ...(args.content ? { Content: args.content } : {}),
        ClientToken: uuid(),
      }),
    );
  }

  /**
   * GetTranscript with ChatJS's defaults: 15 items, BACKWARD, ASCENDING. FORWARD needs a
   * `startPosition` (from the newest item forward there is nothing yet).
   */
  getTranscript(
    args: GetTranscriptArgs = {},
  ): Promise<ChatResponse<{ InitialContactId?: string; Transcript: Item[]; NextToken?: string }>> {
    const metadata = args.metadata ?? null;
    const scan = args.scanDirection ?? TRANSCRIPT_DEFAULTS.scanDirection;
    const sp = args.startPosition;
    const start = sp
      ? {
          ...(sp.id !== undefined ? { Id: sp.id } : {}),
          ...(sp.absoluteTime !== undefined ? { AbsoluteTime: sp.absoluteTime } : {}),
          ...(sp.mostRecent !== undefined ? { MostRecent: sp.mostRecent } : {}),
        }
      : undefined;
    if (scan === 'FORWARD' && !args.nextToken && (!start || Object.keys(start).length === 0)) {
      return this.refuse('scanDirection FORWARD needs a startPosition (id, absoluteTime or mostRecent)', metadata);
    }
    const req: TranscriptInput = {
      MaxResults: args.maxResults ?? TRANSCRIPT_DEFAULTS.maxResults,
      ScanDirection: scan,
      SortOrder: args.sortOrder ?? TRANSCRIPT_DEFAULTS.sortOrder,
      ...(start && Object.keys(start).length > 0 ? { StartPosition: start } : {}),
      ...(args.nextToken ? { NextToken: args.nextToken } : {}),
      ...(args.contactId ? { ContactId: args.contactId } : {}),
    };
    return this.call(metadata, (token) => this.client.getTranscript(token, req));
  }

  /**
   * The chat's history up to now, newest page first (each page oldest first), leaving out
   * what the `on*` callbacks handed on already — and claiming what it returns, so those
   * callbacks will not hand it on again. With the callbacks it shows every item once.
   * Persistent chats include the earlier contacts' items (with `RelatedContactId`).
   */
  async *transcriptPages(args: { readonly pageSize?: number } = {}): AsyncGenerator<Item[], void, undefined> {
    let next: string | undefined;
    do {
      const { data } = await this.getTranscript({
        maxResults: Math.min(100, Math.max(1, args.pageSize ?? 100)),
        scanDirection: 'BACKWARD',
        sortOrder: 'ASCENDING',
        ...(next ? { nextToken: next } : {}),
      });
      next = data.NextToken;
      const fresh = this.connection.ledger.claim(data.Transcript ?? []);
      if (fresh.length > 0) yield fresh;
    } while (next);
  }

  /** The whole history (see transcriptPages), oldest first. */
  async loadTranscript(args: { readonly pageSize?: number } = {}): Promise<Item[]> {
    const pages: Item[][] = [];
    for await (const page of this.transcriptPages(args)) pages.unshift(page);
    return pages.flat();
  }

  /**
   * StartAttachmentUpload → upload to the URL it returns (with progress) →
   * CompleteAttachmentUpload. A file the server refuses (too large, a type it does not
   * take) rejects with its ValidationException before anything is uploaded.
   */
  sendAttachment(args: {
    readonly attachment: AttachmentInput;
    readonly metadata?: unknown;
    readonly onUploadProgress?: (p: UploadProgress) => void;
  }): Promise<ChatResponse<{ AttachmentId: string }>> {
    const metadata = args?.metadata ?? null;
    const file = args?.attachment;
    if (!file || typeof (file as Blob).size !== 'number' || typeof (file as Blob).arrayBuffer !== 'function') {
      return this.refuse('attachment must be a File (or a Blob with a name)', metadata);
    }
    if (file.size === 0) return this.refuse('the attachment is empty', metadata);
    const name = file.name || 'attachment';
    return this.call(metadata, async (token) => {
      const started = await this.client.startAttachmentUpload(token, {
        ContentType: file.type || 'application/octet-stream',
        AttachmentSizeInBytes: file.size,
        AttachmentName: name,
        ClientToken: uuid(),
      });
      await upload(
        started.UploadMetadata.Url,
        started.UploadMetadata.HeadersToInclude ?? {},
        file,
        args.onUploadProgress,
        this.fetchImpl,
      );
      const done = await this.client.completeAttachmentUpload(this.token(), {
        AttachmentIds: [started.AttachmentId],
        ClientToken: uuid(),
      });
      return { ...done, AttachmentId: started.AttachmentId };
    });
  }

  /** The attachment's bytes as a Blob (GetAttachment, then its URL). ChatJS resolves the Blob itself. */
  async downloadAttachment(args: { readonly attachmentId: string; readonly metadata?: unknown }): Promise<Blob> {
    const url = (await this.getAttachmentURL(args)).data;
    let res: Response;
    try {
      res = await this.fetchImpl(url);
    } catch (e) {
      throw asChatError(e).withMetadata(args.metadata ?? null);
    }
    if (!res.ok) {
      throw new ChatError(
        {
          type: res.headers.get('x-amzn-errortype') ?? 'DownloadFailed',
          message: `The attachment could not be downloaded (${res.status})`,
          statusCode: res.status,
        },
        args.metadata ?? null,
      );
    }
    return res.blob();
  }

  /** A short-lived URL of the attachment (GetAttachment). */
  getAttachmentURL(args: { readonly attachmentId: string; readonly metadata?: unknown }): Promise<ChatResponse<string>> {
    const metadata = args?.metadata ?? null;
    if (typeof args?.attachmentId !== 'string' || !args.attachmentId) return this.refuse('attachmentId is required', metadata);
    return this.call(
      metadata,
      async (token) => (await this.client.getAttachment(token, { AttachmentId: args.attachmentId })).Url,
    );
  }

  /** Leaves the chat (for a customer: ends it). `onEnded` follows when the server's chat.ended arrives. */
  disconnectParticipant(args: { readonly metadata?: unknown } = {}): Promise<ChatResponse<unknown>> {
    return this.call(args.metadata ?? null, (token) => this.client.disconnectParticipant(token, uuid()));
  }

  /** DescribeView (views from the instance file). */
  describeView(args: { readonly viewToken: string; readonly metadata?: unknown }): Promise<ChatResponse<unknown>> {
    const metadata = args?.metadata ?? null;
    if (typeof args?.viewToken !== 'string' || !args.viewToken) return this.refuse('viewToken is required', metadata);
    return this.call(metadata, (token) => this.client.describeView(token, args.viewToken));
  }

  getAuthenticationUrl(args: {
    readonly redirectUri: string;
    readonly sessionId: string;
    readonly metadata?: unknown;
  }): Promise<ChatResponse<unknown>> {
    return this.call(args?.metadata ?? null, (token) =>
      this.client.getAuthenticationUrl(token, { RedirectUri: args.redirectUri, SessionId: args.sessionId }),
    );
  }

  cancelParticipantAuthentication(args: {
    readonly sessionId: string;
    readonly metadata?: unknown;
  }): Promise<ChatResponse<unknown>> {
    return this.call(args?.metadata ?? null, (token) =>
      this.client.cancelParticipantAuthentication(token, { SessionId: args.sessionId }),
    );
  }

  // ---------------------------------------------------------------------------------------
  // Events

  /** Subscribes to an event of ChatEventMap; returns the unsubscribe. */
  on<K extends ChatEventName>(name: K, cb: ChatEventCallback<K>): () => void {
    return this.emitter.on(name, cb);
  }

  onMessage(cb: ChatEventCallback<'message'>) {
    return this.on(ChatEvents.message, cb);
  }
  onTyping(cb: ChatEventCallback<'typing'>) {
    return this.on(ChatEvents.typing, cb);
  }
  onReadReceipt(cb: ChatEventCallback<'readReceipt'>) {
    return this.on(ChatEvents.readReceipt, cb);
  }
  onDeliveredReceipt(cb: ChatEventCallback<'deliveredReceipt'>) {
    return this.on(ChatEvents.deliveredReceipt, cb);
  }
  onEnded(cb: ChatEventCallback<'ended'>) {
    return this.on(ChatEvents.ended, cb);
  }
  onConnectionEstablished(cb: ChatEventCallback<'connectionEstablished'>) {
    return this.on(ChatEvents.connectionEstablished, cb);
  }
  onConnectionLost(cb: ChatEventCallback<'connectionLost'>) {
    return this.on(ChatEvents.connectionLost, cb);
  }
  onConnectionBroken(cb: ChatEventCallback<'connectionBroken'>) {
    return this.on(ChatEvents.connectionBroken, cb);
  }
  onDeepHeartbeatSuccess(cb: ChatEventCallback<'deepHeartbeatSuccess'>) {
    return this.on(ChatEvents.deepHeartbeatSuccess, cb);
  }
  onDeepHeartbeatFailure(cb: ChatEventCallback<'deepHeartbeatFailure'>) {
    return this.on(ChatEvents.deepHeartbeatFailure, cb);
  }
  onParticipantIdle(cb: ChatEventCallback<'participantIdle'>) {
    return this.on(ChatEvents.participantIdle, cb);
  }
  onParticipantReturned(cb: ChatEventCallback<'participantReturned'>) {
    return this.on(ChatEvents.participantReturned, cb);
  }
  onParticipantInvited(cb: ChatEventCallback<'participantInvited'>) {
    return this.on(ChatEvents.participantInvited, cb);
  }
  onAutoDisconnection(cb: ChatEventCallback<'autoDisconnection'>) {
    return this.on(ChatEvents.autoDisconnection, cb);
  }
  onParticipantDisplayNameUpdated(cb: ChatEventCallback<'participantDisplayNameUpdated'>) {
    return this.on(ChatEvents.participantDisplayNameUpdated, cb);
  }
  onChatRehydrated(cb: ChatEventCallback<'chatRehydrated'>) {
    return this.on(ChatEvents.chatRehydrated, cb);
  }

  /** Removes every callback (ChatJS's agent-session clean-up). */
  cleanUpOnParticipantDisconnect(): void {
    this.emitter.clear();
  }

  // ---------------------------------------------------------------------------------------

  private emit<K extends 'connectionEstablished' | 'connectionLost' | 'connectionBroken'>(
    name: K,
    data: ChatEventMap[K]['data'],
  ): void {
    this.emitter.emit(name, { chatDetails: this.details, data } as ChatEventMap[K]);
  }

  /** Items from the ledger, in order, to their events. */
  private dispatch(items: readonly Item[]): void {
    for (const data of items) {
      if (this.ended) return;
      const event = { chatDetails: this.details, data };
      if (isReceipt(data)) {
        const r = data.MessageMetadata?.Receipts?.[0];
        // The reader never sees its own receipt; the sender does.
        if (!r || r.RecipientParticipantId === this.details.participantId) continue;
        this.emitter.emit(r.ReadTimestamp ? ChatEvents.readReceipt : ChatEvents.deliveredReceipt, event);
        continue;
      }
      const name = EVENT_FOR_CONTENT_TYPE[data.ContentType] ?? ChatEvents.message;
      this.emitter.emit(name, event);
      if (data.ContentType === ContentTypes.chatEnded) this.end(data);
    }
  }

  private end(item: Item | null): void {
    if (this.ended) return;
    this.ended = true;
    this.receipts.stop();
    this.connection.stop('ended');
    this.emitter.emit(ChatEvents.ended, { chatDetails: this.details, data: item });
  }

  private token(): string {
    const t = this.connection.connectionToken;
    if (!t) {
      throw new ChatError({
        type: 'InvalidStateException',
        message: 'Call connect() first: the session has no connection yet',
        statusCode: 0,
        retryable: false,
      });
    }
    return t;
  }

  private async call<T>(metadata: unknown, op: (token: string) => Promise<T>): Promise<ChatResponse<T>> {
    try {
      return { data: await op(this.token()), metadata };
    } catch (e) {
      throw asChatError(e).withMetadata(metadata);
    }
  }

  private refuse<T>(message: string, metadata: unknown): Promise<T> {
    return Promise.reject(validationError(message, metadata));
  }
}
