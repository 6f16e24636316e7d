/**
 * The widget's state and everything it does, with no view: the lit element renders
 * `state` and calls the actions below; nothing here touches the DOM. It owns the chat
 * session (@switchboard/chat), the configuration, the stored chat details and the visitor
 * id. The network, the storage, the clock and the session factory are passed in, so the
 * tests drive it with fakes.
 *
 * Phases: loading → (unavailable | error | offline | prechat | ready) → starting → chat → ended.
 * `ready` is "no chat yet, no form": the customer's first message starts the chat. In
 * `offline` the "Leave a message" form (`message`) may be sent instead: idle → sending → sent.
 */
import type { ChatSession, Item } from '@switchboard/chat';
import type { StartedChat, WidgetApi } from './api.js';
import { WidgetError } from './api.js';
import { attachmentProblem, checkAttachment } from './attachments.js';
import type { WidgetConfiguration } from './configuration.js';
import { isMessage, itemText, senderName, senderOf } from './entries.js';
import { describeError, isChatOver } from './errors.js';
import { fill } from './format.js';
import { blocksText, parsePlain } from './markdown.js';
import { type MessageField, type MessageValues, messageProblems } from './leave-message.js';
import { formProblems, formValues } from './prechat.js';
import type { Strings } from './strings/en.js';
import { type StoredChat, type WidgetStorage, parseStoredChat } from './storage.js';
import { transcriptText } from './transcript.js';

export type Phase = 'loading' | 'unavailable' | 'error' | 'offline' | 'prechat' | 'ready' | 'starting' | 'chat' | 'ended';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'broken';

/** A message the customer sent that the chat has not handed back yet. */
export interface PendingMessage {
  readonly clientId: string;
  readonly text: string;
  readonly at: string;
  readonly status: 'sending' | 'failed';
  /** The message's Id once SendMessage answered. */
  readonly id?: string;
}

export interface Upload {
  readonly id: string;
  readonly name: string;
  readonly loaded: number;
  readonly total: number;
  /** Why it failed or was refused, in words. */
  readonly error?: string;
}

export interface RatingState {
  readonly value: number | undefined;
  readonly comment: string;
  readonly status: 'idle' | 'sending' | 'sent';
  readonly error: string | undefined;
}

/** The offline state's "Leave a message" form. */
export interface MessageFormState {
  readonly values: MessageValues;
  /** Each field's problem, in words. */
  readonly errors: Readonly<Partial<Record<MessageField, string>>>;
  readonly status: 'idle' | 'sending' | 'sent';
  /** Why the last send failed, in words. */
  readonly error: string | undefined;
}

export interface WidgetState {
  readonly phase: Phase;
  readonly open: boolean;
  readonly config: WidgetConfiguration | undefined;
  /** What went wrong last, in words (shown in the panel until dismissed or replaced). */
  readonly error: string | undefined;
  readonly formValues: Readonly<Record<string, string>>;
  readonly formErrors: Readonly<Record<string, string>>;
  /** The chat's items that the conversation may show, in transcript order. */
  readonly items: readonly Item[];
  readonly pending: readonly PendingMessage[];
  /** The customer's participant id (tells their items from the others'). */
  readonly me: string;
  readonly contactId: string | undefined;
  readonly connection: ConnectionStatus;
  /** The other side's name while they type. */
  readonly typing: string | undefined;
  /** Message Id → the best mark the other side gave the customer's message. */
  readonly receipts: Readonly<Record<string, 'delivered' | 'read'>>;
  readonly uploads: readonly Upload[];
  /** Messages from the other side not seen yet (the launcher's badge). */
  readonly unread: number;
  readonly confirmingEnd: boolean;
  readonly ending: boolean;
  readonly rating: RatingState;
  /** An ended chat's transcript kept from before a reload. */
  readonly keptTranscript: string | undefined;
  /** The latest sentence for the live region, and a counter that makes a repeat a change. */
  readonly announcement: { readonly text: string; readonly n: number };
  /** Interactive message Id → the title the customer chose. */
  readonly chosen: Readonly<Record<string, string>>;
  readonly message: MessageFormState;
}

/** The chat session's part the controller uses (a ChatSession; a fake in the tests). */
export type ChatSessionLike = Pick<
  ChatSession,
  | 'connect'
  | 'loadTranscript'
  | 'onMessage'
  | 'onTyping'
  | 'onReadReceipt'
  | 'onDeliveredReceipt'
  | 'onEnded'
  | 'onConnectionLost'
  | 'onConnectionEstablished'
  | 'onConnectionBroken'
  | 'sendMessage'
  | 'sendEvent'
  | 'sendAttachment'
  | 'downloadAttachment'
  | 'disconnectParticipant'
  | 'close'
>;

/** The host page's events (dispatched on the element). */
export interface WidgetEvents {
  'chat-started': { readonly contactId: string };
  message: Item;
  'chat-ended': { readonly contactId: string };
  'message-left': { readonly contactId: string };
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ControllerDeps {
  readonly configId: string;
  readonly api: WidgetApi;
  readonly storage: WidgetStorage;
  readonly createSession: (chat: StoredChat) => ChatSessionLike;
  readonly strings: () => Strings;
  readonly locale?: () => string | undefined;
  /** Contact attributes to send with a new chat (the host page's; the server keeps only allowed ones). */
  readonly attributes?: () => Readonly<Record<string, string>>;
  readonly emit?: <K extends keyof WidgetEvents>(name: K, detail: WidgetEvents[K]) => void;
  /** Whether the page is visible (document.visibilityState); default always. */
  readonly visible?: () => boolean;
  readonly now?: () => number;
  readonly timers?: Timers;
}

const TYPING_SHOWN_MS = 6_000;
/** How long after its end a chat can still be rated (the server's window). */
export const RATING_WINDOW_MS = 24 * 3600_000;
const TEXT_CONTENT = 'text/plain';
const TYPING = 'application/vnd.amazonaws.connect.event.typing';
const READ = 'application/vnd.amazonaws.connect.event.message.read';
const DELIVERED = 'application/vnd.amazonaws.connect.event.message.delivered';

const EMPTY_RATING: RatingState = { value: undefined, comment: '', status: 'idle', error: undefined };
const EMPTY_MESSAGE: MessageFormState = {
  values: { name: '', email: '', message: '' },
  errors: {},
  status: 'idle',
  error: undefined,
};

const INITIAL: WidgetState = {
  phase: 'loading',
  open: false,
  config: undefined,
  error: undefined,
  formValues: {},
  formErrors: {},
  items: [],
  pending: [],
  me: '',
  contactId: undefined,
  connection: 'connecting',
  typing: undefined,
  receipts: {},
  uploads: [],
  unread: 0,
  confirmingEnd: false,
  ending: false,
  rating: EMPTY_RATING,
  keptTranscript: undefined,
  announcement: { text: '', n: 0 },
  chosen: {},
  message: EMPTY_MESSAGE,
};

/** Items in transcript order (stable for equal times). */
const byTime = (a: Item, b: Item): number => Date.parse(a.AbsoluteTime) - Date.parse(b.AbsoluteTime);

let ids = 0;
const localId = (): string => `local-${Date.now().toString(36)}-${++ids}`;

export class WidgetController {
  private current: WidgetState = INITIAL;
  private readonly listeners = new Set<(s: WidgetState) => void>();
  private session: ChatSessionLike | undefined;
  private chat: StoredChat | undefined;
  private unsubscribe: (() => void)[] = [];
  private typingTimer: unknown;
  /** Other-side messages this page sent (or found) a read receipt for. */
  private readSent = new Set<string>();
  private itemIds = new Set<string>();
  private starting: Promise<boolean> | undefined;
  private disposed = false;
  private readonly timers: Timers;
  private readonly now: () => number;

  constructor(private readonly deps: ControllerDeps) {
    this.timers = deps.timers ?? {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.now = deps.now ?? Date.now;
  }

  // ---------------------------------------------------------------------------------------
  // State

  get state(): WidgetState {
    return this.current;
  }

  /** Calls `fn` after every change; returns the unsubscribe. */
  subscribe(fn: (s: WidgetState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<WidgetState> | ((s: WidgetState) => Partial<WidgetState>)): void {
    const p = typeof patch === 'function' ? patch(this.current) : patch;
    const changed = (Object.keys(p) as (keyof WidgetState)[]).some((k) => p[k] !== this.current[k]);
    if (!changed || this.disposed) return;
    this.current = { ...this.current, ...p };
    for (const fn of [...this.listeners]) fn(this.current);
  }

  private get s(): Strings {
    return this.deps.strings();
  }

  private words(e: unknown): string {
    return describeError(e, this.s);
  }

  private announce(text: string): void {
    this.set((st) => ({ announcement: { text, n: st.announcement.n + 1 } }));
  }

  // ---------------------------------------------------------------------------------------
  // Start-up

  /** Reads the configuration, then carries on the stored chat (a reload, another tab) or waits for the customer. */
  async start(): Promise<void> {
    this.set({ phase: 'loading', error: undefined, open: this.deps.storage.loadOpen() });
    let config: WidgetConfiguration;
    try {
      config = await this.deps.api.getConfiguration(this.deps.configId);
    } catch (e) {
      const forbidden = e instanceof WidgetError && e.kind === 'forbidden';
      if (forbidden) console.warn(`switchboard-chat: configuration "${this.deps.configId}" refused: ${(e as Error).message}`);
      this.set({ phase: forbidden ? 'unavailable' : 'error', error: this.words(e) });
      return;
    }
    this.set({ config });
    const stored = this.deps.storage.loadChat(config.persistence);
    if (stored?.endedAt && this.now() - Date.parse(stored.endedAt) > RATING_WINDOW_MS) {
      this.deps.storage.clearChat(config.persistence);
    } else if (stored?.endedAt) {
      this.showStoredEnded(stored);
      return;
    } else if (stored) {
      await this.resume(stored);
      return;
    }
    this.set({ phase: this.idlePhase(config) });
  }

  /** What to show when there is no chat: the offline state, the form, or the composer. */
  private idlePhase(config: WidgetConfiguration): Phase {
    if (!config.status.available) return 'offline';
    return config.preChatForm.enabled ? 'prechat' : 'ready';
  }

  /** Loads the configuration again (the panel's "Try again" after a failure). */
  async retry(): Promise<void> {
    if (this.current.phase === 'chat' && this.chat && this.current.connection === 'broken') {
      await this.resume(this.chat);
      return;
    }
    await this.start();
  }

  /** Re-reads the configuration when no chat is on (its status may have changed since). */
  private async refresh(): Promise<void> {
    const phase = this.current.phase;
    if (phase !== 'offline' && phase !== 'prechat' && phase !== 'ready' && phase !== 'error') return;
    try {
      const config = await this.deps.api.getConfiguration(this.deps.configId);
      const now = this.current.phase;
      if (now !== 'offline' && now !== 'prechat' && now !== 'ready' && now !== 'error') return;
      this.set({ config, phase: this.idlePhase(config), ...(now === 'error' ? { error: undefined } : {}) });
    } catch (e) {
      if (this.current.phase === 'error') this.set({ error: this.words(e) });
    }
  }

  /** Stops listening (the element left the page). The chat goes on; a later load carries it on. */
  dispose(): void {
    this.detach();
    this.disposed = true;
    this.listeners.clear();
  }

  // ---------------------------------------------------------------------------------------
  // Open and close

  open(): void {
    if (this.current.open) return;
    this.set({ open: true, unread: 0 });
    this.deps.storage.saveOpen(true);
    this.markRead();
    void this.refresh();
  }

  close(): void {
    if (!this.current.open) return;
    const m = this.current.message;
    // A message sent: the next opening offers a fresh form (name and email kept).
    const message = m.status === 'sent' ? { ...EMPTY_MESSAGE, values: { ...m.values, message: '' } } : m;
    this.set({ open: false, confirmingEnd: false, message });
    this.deps.storage.saveOpen(false);
  }

  toggle(): void {
    if (this.current.open) this.close();
    else this.open();
  }

  /** The page became visible or hidden: read receipts wait for a customer who can see. */
  visibilityChanged(): void {
    if (this.isSeen()) {
      this.set({ unread: 0 });
      this.markRead();
    }
  }

  private isSeen(): boolean {
    return this.current.open && (this.deps.visible?.() ?? true);
  }

  dismissError(): void {
    this.set({ error: undefined });
  }

  // ---------------------------------------------------------------------------------------
  // The pre-chat form and starting a chat

  setField(name: string, value: string): void {
    this.set((st) => {
      const errors = { ...st.formErrors };
      delete errors[name];
      return { formValues: { ...st.formValues, [name]: value }, formErrors: errors };
    });
  }

  /**
   * What a call starts with ("Call us"): the form checked as for a chat (its problems
   * shown), then its fields and the page's attributes; undefined while the form has problems.
   */
  callInput(): { fields: Record<string, string>; attributes: Record<string, string>; visitorId: string } | undefined {
    const config = this.current.config;
    if (!config) return undefined;
    let fields: Record<string, string> = {};
    if (this.current.phase === 'prechat') {
      const errors = formProblems(config.preChatForm.fields, this.current.formValues, this.s);
      this.set({ formErrors: errors, error: Object.keys(errors).length > 0 ? this.s.formHasErrors : undefined });
      if (Object.keys(errors).length > 0) return undefined;
      fields = formValues(config.preChatForm.fields, this.current.formValues);
    }
    return { fields, attributes: this.deps.attributes?.() ?? {}, visitorId: this.deps.storage.visitorId() };
  }

  /** Checks the form; with no problem, starts the chat. Resolves whether it started. */
  async submitPrechat(): Promise<boolean> {
    const config = this.current.config;
    if (!config || this.current.phase !== 'prechat') return false;
    const errors = formProblems(config.preChatForm.fields, this.current.formValues, this.s);
    this.set({ formErrors: errors, error: Object.keys(errors).length > 0 ? this.s.formHasErrors : undefined });
    if (Object.keys(errors).length > 0) return false;
    return this.startChat(formValues(config.preChatForm.fields, this.current.formValues));
  }

  private startChat(fields: Record<string, string>): Promise<boolean> {
    this.starting ??= this.doStart(fields).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async doStart(fields: Record<string, string>): Promise<boolean> {
    const config = this.current.config!;
    const back = this.current.phase;
    this.set({ phase: 'starting', error: undefined });
    let started: StartedChat;
    try {
      started = await this.deps.api.startChat(config.id, {
        fields,
        attributes: this.deps.attributes?.() ?? {},
        visitorId: this.deps.storage.visitorId(),
      });
    } catch (e) {
      if (e instanceof WidgetError && e.kind === 'closed') {
        this.set({
          phase: 'offline',
          error: undefined,
          config: { ...config, status: { ...config.status, available: false } },
        });
      } else {
        this.set({ phase: back === 'starting' ? this.idlePhase(config) : back, error: this.words(e) });
      }
      return false;
    }
    const stored: StoredChat = {
      contactId: started.chat.ContactId,
      participantId: started.chat.ParticipantId,
      participantToken: started.chat.ParticipantToken,
      participantEndpoint: started.participantEndpoint,
      startedAt: new Date(this.now()).toISOString(),
    };
    this.deps.storage.saveChat(config.persistence, stored);
    this.deps.emit?.('chat-started', { contactId: stored.contactId });
    return this.resume(stored, true);
  }

  /** Connects a chat's session and loads its history. Resolves whether the chat is on. */
  private async resume(stored: StoredChat, fresh = false): Promise<boolean> {
    this.detach();
    this.chat = stored;
    this.readSent = new Set();
    this.itemIds = new Set();
    this.set((st) => ({
      phase: 'chat',
      contactId: stored.contactId,
      me: stored.participantId,
      connection: 'connecting',
      error: undefined,
      items: [],
      receipts: {},
      typing: undefined,
      rating: EMPTY_RATING,
      keptTranscript: undefined,
      confirmingEnd: false,
      ending: false,
      chosen: {},
      // A first message typed before the chat existed stays on screen and goes out below.
      pending: fresh ? st.pending : [],
    }));
    let session: ChatSessionLike;
    try {
      session = this.deps.createSession(stored);
    } catch (e) {
      this.set({ connection: 'broken', error: this.words(e) });
      return false;
    }
    this.session = session;
    this.listen(session);
    try {
      await session.connect();
    } catch (e) {
      if (this.session !== session) return false;
      if (isChatOver(e)) {
        this.ended(true);
        return false;
      }
      this.set({ connection: 'broken', error: this.words(e) });
      return false;
    }
    // The chat may have ended while connecting (the SDK learnt it from a 403): nothing to load.
    if (this.session !== session || this.current.phase !== 'chat') return false;
    this.set({ connection: 'connected' });
    try {
      const history = await session.loadTranscript();
      if (this.session === session) this.addHistory(history);
    } catch (e) {
      if (this.session === session && !isChatOver(e)) this.set({ error: this.words(e) });
    }
    return this.current.phase === 'chat';
  }

  private listen(s: ChatSessionLike): void {
    const mine = (fn: () => void) => () => {
      if (this.session === s) fn();
    };
    this.unsubscribe = [
      s.onMessage(({ data }) => this.session === s && this.addLive(data)),
      s.onTyping(({ data }) => this.session === s && this.othersTyping(data)),
      s.onReadReceipt(({ data }) => this.session === s && this.mark(data, 'read')),
      s.onDeliveredReceipt(({ data }) => this.session === s && this.mark(data, 'delivered')),
      s.onEnded(mine(() => this.ended(true))),
      s.onConnectionLost(mine(() => this.current.phase === 'chat' && this.set({ connection: 'reconnecting' }))),
      s.onConnectionEstablished(mine(() => this.current.phase === 'chat' && this.set({ connection: 'connected' }))),
      s.onConnectionBroken(
        mine(() => this.current.phase === 'chat' && this.set({ connection: 'broken', error: this.s.connectionBroken })),
      ),
    ];
  }

  /** Stops listening to the current session (without leaving the chat). */
  private detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.timers.clear(this.typingTimer);
    this.session?.close();
    this.session = undefined;
  }

  // ---------------------------------------------------------------------------------------
  // Items

  private addHistory(history: readonly Item[]): void {
    const me = this.current.me;
    const receipts: Record<string, 'delivered' | 'read'> = { ...this.current.receipts };
    const fresh: Item[] = [];
    for (const i of history) {
      if (i.Type === 'MESSAGEMETADATA') {
        const r = i.MessageMetadata?.Receipts?.[0];
        const id = i.MessageMetadata?.MessageId;
        if (!r || !id) continue;
        if (r.RecipientParticipantId === me) {
          // The customer (in this tab or another) already read it.
          if (r.ReadTimestamp) this.readSent.add(id);
        } else if (r.ReadTimestamp) receipts[id] = 'read';
        else receipts[id] ??= 'delivered';
        continue;
      }
      if (this.itemIds.has(i.Id)) continue;
      this.itemIds.add(i.Id);
      fresh.push(i);
    }
    this.set((st) => ({ items: [...fresh, ...st.items].sort(byTime), receipts }));
    this.markRead();
  }

  private addLive(item: Item): void {
    if (item.Type === 'MESSAGEMETADATA' || this.itemIds.has(item.Id)) return;
    this.itemIds.add(item.Id);
    const me = this.current.me;
    const from = senderOf(item, me);
    this.set((st) => {
      const items = [...st.items, item];
      // Live items come in order; one stamped earlier than the last (clock skew) is put in its place.
      if (items.length > 1 && byTime(items[items.length - 2]!, item) > 0) items.sort(byTime);
      return {
        items,
        pending: from === 'me' ? st.pending.filter((p) => p.id !== item.Id) : st.pending,
        typing: from !== 'me' && isMessage(item) ? undefined : st.typing,
      };
    });
    this.deps.emit?.('message', item);
    if (from === 'me' || !isMessage(item)) return;
    if (from === 'agent') {
      this.session?.sendEvent({ contentType: DELIVERED, content: JSON.stringify({ messageId: item.Id }) }).catch(() => undefined);
    }
    const brand = this.current.config?.name ?? '';
    const text = item.ContentType === 'text/markdown' ? itemText(item, this.s) : blocksText(parsePlain(itemText(item, this.s)));
    const preview = text.length > 160 ? `${text.slice(0, 157)}…` : text;
    this.announce(fill(this.s.newMessageFrom, { name: senderName(item, me, this.s, brand), text: preview }));
    if (this.isSeen()) this.markRead();
    else this.set((st) => ({ unread: st.unread + 1 }));
  }

  private othersTyping(item: Item): void {
    if (item.ParticipantId === this.current.me) return; // the customer, in another tab
    this.set({ typing: item.DisplayName?.trim() || this.s.agentFallbackName });
    this.timers.clear(this.typingTimer);
    this.typingTimer = this.timers.set(() => this.set({ typing: undefined }), TYPING_SHOWN_MS);
  }

  private mark(item: Item, kind: 'read' | 'delivered'): void {
    const id = item.MessageMetadata?.MessageId;
    if (!id) return;
    this.set((st) => (st.receipts[id] === 'read' ? {} : { receipts: { ...st.receipts, [id]: kind } }));
  }

  /** Read receipts for the other side's messages, once the customer can see them. */
  private markRead(): void {
    if (!this.session || this.current.phase !== 'chat' || !this.isSeen()) return;
    const me = this.current.me;
    for (const i of this.current.items) {
      if (!isMessage(i) || senderOf(i, me) !== 'agent' || this.readSent.has(i.Id)) continue;
      this.readSent.add(i.Id);
      this.session.sendEvent({ contentType: READ, content: JSON.stringify({ messageId: i.Id }) }).catch(() => undefined);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Leaving a message (offline)

  setMessageField(field: MessageField, value: string): void {
    this.set((st) => {
      const m = st.message;
      if (m.status !== 'idle') return {};
      const errors = { ...m.errors };
      delete errors[field];
      return { message: { ...m, values: { ...m.values, [field]: value }, errors } };
    });
  }

  /** Checks the form; with no problem, sends it (a task for the agents). Resolves whether it went. */
  async submitMessage(): Promise<boolean> {
    const config = this.current.config;
    const m = this.current.message;
    if (!config?.leaveMessage.enabled || this.current.phase !== 'offline' || m.status !== 'idle') return false;
    const errors = messageProblems(m.values, this.s);
    if (Object.keys(errors).length > 0) {
      this.set({ message: { ...m, errors, error: undefined } });
      return false;
    }
    this.set({ message: { ...m, errors: {}, status: 'sending', error: undefined } });
    try {
      const contactId = await this.deps.api.leaveMessage(config.id, {
        name: m.values.name.trim(),
        email: m.values.email.trim(),
        message: m.values.message.trim(),
        attributes: this.deps.attributes?.() ?? {},
      });
      this.set((st) => ({ message: { ...st.message, status: 'sent' } }));
      this.announce(this.s.leaveSentTitle);
      this.deps.emit?.('message-left', { contactId });
      return true;
    } catch (e) {
      const refused = e instanceof WidgetError && (e.kind === 'closed' || e.kind === 'forbidden');
      const error = refused ? this.s.leaveUnavailable : this.words(e);
      this.set((st) => ({ message: { ...st.message, status: 'idle', error } }));
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Talking

  /** Sends a message (with no chat yet and no form, it starts the chat first). Resolves whether it went. */
  async send(text: string): Promise<boolean> {
    const message = text.trim();
    const phase = this.current.phase;
    if (!message || (phase !== 'chat' && phase !== 'ready' && phase !== 'starting')) return false;
    const pending: PendingMessage = {
      clientId: localId(),
      text: message,
      at: new Date(this.now()).toISOString(),
      status: 'sending',
    };
    this.set((st) => ({ pending: [...st.pending, pending] }));
    return this.deliver(pending);
  }

  /** Sends a failed message again. */
  resend(clientId: string): Promise<boolean> {
    const p = this.current.pending.find((x) => x.clientId === clientId && x.status === 'failed');
    if (!p) return Promise.resolve(false);
    this.patchPending(clientId, { status: 'sending' });
    return this.deliver(p);
  }

  /** Forgets a failed message. */
  discard(clientId: string): void {
    this.set((st) => ({ pending: st.pending.filter((p) => p.clientId !== clientId) }));
  }

  private patchPending(clientId: string, patch: Partial<PendingMessage>): void {
    this.set((st) => ({ pending: st.pending.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p)) }));
  }

  private async deliver(p: PendingMessage): Promise<boolean> {
    if (this.current.phase === 'ready' || this.current.phase === 'starting') {
      const ok = this.current.phase === 'ready' ? await this.startChat({}) : await (this.starting ?? Promise.resolve(false));
      if (!ok) {
        this.patchPending(p.clientId, { status: 'failed' });
        return false;
      }
    }
    const session = this.session;
    if (!session || this.current.phase !== 'chat') {
      this.patchPending(p.clientId, { status: 'failed' });
      return false;
    }
    try {
      const r = await session.sendMessage({ contentType: TEXT_CONTENT, message: p.text });
      const id = r.data.Id;
      if (this.itemIds.has(id)) this.discard(p.clientId);
      else this.patchPending(p.clientId, { id });
      return true;
    } catch (e) {
      this.patchPending(p.clientId, { status: 'failed' });
      if (isChatOver(e)) this.ended(true);
      else this.set({ error: `${this.s.errorSendFailed} ${this.words(e)}` });
      return false;
    }
  }

  /** The customer is typing (the SDK sends at most one event per 10 s). */
  typing(): void {
    if (this.current.phase !== 'chat' || this.current.connection !== 'connected') return;
    this.session?.sendEvent({ contentType: TYPING }).catch(() => undefined);
  }

  /** A choice in an interactive message: sent as a plain message with the choice's title. */
  async choose(itemId: string, title: string): Promise<boolean> {
    if (this.current.chosen[itemId]) return false;
    this.set((st) => ({ chosen: { ...st.chosen, [itemId]: title } }));
    const ok = await this.send(title);
    if (!ok) {
      this.set((st) => {
        const chosen = { ...st.chosen };
        delete chosen[itemId];
        return { chosen };
      });
    }
    return ok;
  }

  // ---------------------------------------------------------------------------------------
  // Attachments

  /** Checks the file against the configuration, then uploads it with progress. Resolves whether it went. */
  async attach(file: Blob & { readonly name: string }): Promise<boolean> {
    const config = this.current.config;
    const session = this.session;
    if (!config || !session || this.current.phase !== 'chat') return false;
    const id = localId();
    const check = checkAttachment(file, config.attachments);
    if (!check.ok) {
      const error = attachmentProblem(file, check, config.attachments, this.s, this.deps.locale?.());
      this.set((st) => ({ uploads: [...st.uploads, { id, name: file.name, loaded: 0, total: file.size, error }] }));
      this.announce(error);
      return false;
    }
    // A file the browser could not type is sent with the type its name gives.
    const upload = file.type ? file : Object.assign(new Blob([file], { type: check.contentType }), { name: file.name });
    this.set((st) => ({ uploads: [...st.uploads, { id, name: file.name, loaded: 0, total: file.size }] }));
    const patch = (u: Partial<Upload>) =>
      this.set((st) => ({ uploads: st.uploads.map((x) => (x.id === id ? { ...x, ...u } : x)) }));
    try {
      await session.sendAttachment({ attachment: upload, onUploadProgress: (p) => patch({ loaded: p.loaded }) });
      this.dismissUpload(id);
      return true;
    } catch (e) {
      patch({ error: `${fill(this.s.uploading, { name: file.name })} ${this.words(e)}` });
      return false;
    }
  }

  dismissUpload(id: string): void {
    this.set((st) => ({ uploads: st.uploads.filter((u) => u.id !== id) }));
  }

  /** An attachment's bytes (the view saves them), or undefined with the error shown. */
  async download(attachmentId: string): Promise<Blob | undefined> {
    if (!this.session) {
      this.set({ error: this.s.errorDownload });
      return undefined;
    }
    try {
      return await this.session.downloadAttachment({ attachmentId });
    } catch (e) {
      this.set({ error: isChatOver(e) ? this.s.errorChatOver : this.s.errorDownload });
      return undefined;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Ending

  /** Asks "End this chat?" first. */
  requestEnd(): void {
    if (this.current.phase === 'chat') this.set({ confirmingEnd: true });
  }

  cancelEnd(): void {
    this.set({ confirmingEnd: false });
  }

  /** Leaves the chat (for a customer that ends it). */
  async endChat(): Promise<void> {
    const session = this.session;
    if (!session || this.current.phase !== 'chat' || this.current.ending) return;
    this.set({ ending: true });
    try {
      await session.disconnectParticipant();
      this.ended(true);
    } catch (e) {
      if (isChatOver(e)) this.ended(true);
      else this.set({ ending: false, confirmingEnd: false, error: this.words(e) });
    }
  }

  /** The chat is over: the ended state, kept in storage with its transcript. */
  private ended(live: boolean): void {
    const chat = this.chat;
    const config = this.current.config;
    if (this.current.phase !== 'chat' || !chat || !config) return;
    const endedAt = new Date(this.now()).toISOString();
    this.timers.clear(this.typingTimer);
    const transcript = this.current.items.some(isMessage) ? this.transcript() : undefined;
    this.deps.storage.updateChat(config.persistence, chat.contactId, { endedAt, ...(transcript ? { transcript } : {}) });
    this.chat = { ...chat, endedAt };
    this.set({
      phase: 'ended',
      typing: undefined,
      confirmingEnd: false,
      ending: false,
      rating: EMPTY_RATING,
      pending: this.current.pending.filter((p) => p.status === 'sending' && p.id),
    });
    this.announce(this.s.ended);
    if (live) this.deps.emit?.('chat-ended', { contactId: chat.contactId });
  }

  private showStoredEnded(stored: StoredChat): void {
    this.chat = stored;
    this.set({
      phase: 'ended',
      contactId: stored.contactId,
      me: stored.participantId,
      keptTranscript: stored.transcript,
      rating: stored.rated ? { ...EMPTY_RATING, status: 'sent' } : EMPTY_RATING,
    });
  }

  /** The transcript as text (for the download), from the items or as kept before a reload. */
  transcript(): string {
    const st = this.current;
    if (st.items.length === 0 && st.keptTranscript) return st.keptTranscript;
    return transcriptText({
      items: st.items,
      me: st.me,
      title: st.config?.name ?? '',
      strings: this.s,
      locale: this.deps.locale?.(),
    });
  }

  /** Whether there is a transcript to download. */
  get hasTranscript(): boolean {
    return this.current.items.some(isMessage) || !!this.current.keptTranscript;
  }

  /** Leaves the ended chat behind: a fresh start (the form, or the composer). */
  async newChat(): Promise<void> {
    const config = this.current.config;
    if (this.current.phase !== 'ended' || !config) return;
    this.detach();
    this.chat = undefined;
    this.deps.storage.clearChat(config.persistence);
    this.set({
      ...INITIAL,
      phase: this.idlePhase(config),
      open: this.current.open,
      config,
      formValues: this.current.formValues,
      announcement: this.current.announcement,
    });
    await this.refresh();
  }

  // ---------------------------------------------------------------------------------------
  // Rating

  setRating(value: number): void {
    if (!Number.isInteger(value) || value < 1 || value > 5) return;
    this.set((st) => ({ rating: { ...st.rating, value, error: undefined } }));
  }

  setComment(comment: string): void {
    this.set((st) => ({ rating: { ...st.rating, comment: comment.slice(0, 1000) } }));
  }

  /** Posts the rating (and comment). Resolves whether it was taken. */
  async submitRating(): Promise<boolean> {
    const { rating, config } = this.current;
    const chat = this.chat;
    if (!config || !chat || rating.status !== 'idle') return false;
    if (!rating.value) {
      this.set({ rating: { ...rating, error: this.s.ratingChoose } });
      return false;
    }
    this.set({ rating: { ...rating, status: 'sending', error: undefined } });
    try {
      await this.deps.api.rate(config.id, chat.participantToken, {
        rating: rating.value,
        ...(rating.comment.trim() ? { comment: rating.comment.trim() } : {}),
      });
      this.set((st) => ({ rating: { ...st.rating, status: 'sent' } }));
      this.deps.storage.updateChat(config.persistence, chat.contactId, { rated: true });
      this.announce(this.s.ratingThanks);
      return true;
    } catch (e) {
      this.set((st) => ({ rating: { ...st.rating, status: 'idle', error: this.words(e) } }));
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Other tabs

  /**
   * Another tab changed the stored chat (a `storage` event; localStorage persistence only):
   * a chat started there is carried on here too, one cleared there is left here.
   */
  storageChanged(newValue: string | null): void {
    const config = this.current.config;
    if (!config || this.disposed) return;
    const stored = parseStoredChat(newValue);
    const phase = this.current.phase;
    if (stored && !stored.endedAt && stored.contactId !== this.current.contactId && phase !== 'chat' && phase !== 'starting') {
      void this.resume(stored);
    } else if (!stored && phase === 'ended' && this.current.rating.value === undefined) {
      void this.newChat();
    }
  }
}
