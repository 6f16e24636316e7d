/**
 * One chat contact as the desktop shows it: an AGENT session of @switchboard/chat (its
 * connection token from the agent API's createTransport), the whole transcript (history
 * loaded once, then live items exactly once), who is typing, read / delivered marks and
 * uploads in progress. Framework-free; the chat view subscribes.
 */
import { type ChatError, ChatSession, ContentTypes, type Item, SessionTypes } from '@switchboard/chat';
import { Store } from './store.js';

export interface Upload {
  readonly id: string;
  readonly name: string;
  readonly loaded: number;
  readonly total: number;
  readonly error?: string;
}

export interface ChatState {
  /** Messages, attachments and events, in transcript order. */
  readonly items: readonly Item[];
  readonly loading: boolean;
  readonly connection: 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'broken';
  /** The other side's display name while they type (cleared after a few seconds). */
  readonly typing: string | undefined;
  /** Message Id → the best mark the other side gave it. */
  readonly receipts: Readonly<Record<string, 'delivered' | 'read'>>;
  readonly uploads: readonly Upload[];
  readonly error: string | undefined;
}

export interface ChatStoreOptions {
  readonly endpoint: string;
  readonly contactId: string;
  readonly participantId: string;
  readonly participantToken: string;
  readonly chatToken: () => Promise<{ participantToken: string; expiry: string }>;
  /** A new item from someone else (for unread counts and notifications). */
  readonly onIncoming?: (item: Item) => void;
  /** Every item handed on live, typing and receipts included (for relaying to an embedding page). */
  readonly onItem?: (item: Item) => void;
  readonly describe: (e: unknown) => string;
}

const TYPING_SHOWN_MS = 6_000;

const byTime = (a: Item, b: Item): number => Date.parse(a.AbsoluteTime) - Date.parse(b.AbsoluteTime);

export class ChatStore {
  readonly store = new Store<ChatState>({
    items: [],
    loading: true,
    connection: 'connecting',
    typing: undefined,
    receipts: {},
    uploads: [],
    error: undefined,
  });
  readonly session: ChatSession;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly o: ChatStoreOptions) {
    this.session = ChatSession.create({
      type: SessionTypes.AGENT,
      options: { endpoint: o.endpoint },
      chatDetails: {
        contactId: o.contactId,
        participantId: o.participantId,
        participantToken: o.participantToken,
        getConnectionToken: async () => ({ chatTokenTransport: await o.chatToken() }),
      },
    });
    const s = this.session;
    if (o.onItem) {
      const relay = o.onItem;
      for (const name of ['message', 'typing', 'readReceipt', 'deliveredReceipt'] as const) s.on(name, ({ data }) => relay(data));
    }
    s.onMessage(({ data }) => this.add(data));
    s.onTyping(({ data }) => {
      if (data.ParticipantId === o.participantId) return;
      this.store.set({ typing: data.DisplayName ?? '' });
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.store.set({ typing: undefined }), TYPING_SHOWN_MS);
    });
    const mark =
      (kind: 'read' | 'delivered') =>
      ({ data }: { data: Item }) => {
        const id = data.MessageMetadata?.MessageId;
        if (!id) return;
        this.store.set((st) => (st.receipts[id] === 'read' ? {} : { receipts: { ...st.receipts, [id]: kind } }));
      };
    s.onReadReceipt(mark('read'));
    s.onDeliveredReceipt(mark('delivered'));
    s.onConnectionLost(() => this.store.set({ connection: 'reconnecting' }));
    s.onConnectionEstablished(() => this.store.set({ connection: 'connected' }));
    s.onConnectionBroken(({ data }) => this.store.set({ connection: 'broken', error: data.message }));
    s.onEnded(() => this.store.set({ connection: 'ended', typing: undefined }));
  }

  get participantId(): string {
    return this.o.participantId;
  }

  /** Connects and loads the whole history (a reload shows everything again). */
  async start(): Promise<void> {
    try {
      await this.session.connect();
      if (this.closed) return;
      this.store.set({ connection: 'connected' });
      const history = await this.session.loadTranscript();
      this.store.set((st) => ({ items: [...history, ...st.items].sort(byTime), loading: false }));
      this.markHistoryReceipts(history);
    } catch (e) {
      this.store.set({ loading: false, error: this.o.describe(e) });
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.typingTimer);
    this.session.close();
  }

  async send(text: string): Promise<boolean> {
    const contentType = /[*_`[\]#>-]/.test(text) ? 'text/markdown' : 'text/plain';
    try {
      await this.session.sendMessage({ contentType, message: text });
      return true;
    } catch (e) {
      this.store.set({ error: this.o.describe(e) });
      return false;
    }
  }

  /** Tells the other side we are typing (the SDK sends at most one per 10 s). */
  typing(): void {
    this.session.sendEvent({ contentType: ContentTypes.typing }).catch(() => undefined);
  }

  /** Marks the other side's messages read (each once). */
  markRead(items: readonly Item[]): void {
    for (const i of items) {
      if (i.Type !== 'MESSAGE' && i.Type !== 'ATTACHMENT') continue;
      if (i.ParticipantId === this.o.participantId || i.ParticipantRole === 'SYSTEM') continue;
      this.session
        .sendEvent({ contentType: ContentTypes.readReceipt, content: JSON.stringify({ messageId: i.Id }) })
        .catch(() => undefined);
    }
  }

  async attach(file: File): Promise<void> {
    const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const patch = (u: Partial<Upload>) =>
      this.store.set((st) => ({ uploads: st.uploads.map((x) => (x.id === id ? { ...x, ...u } : x)) }));
    this.store.set((st) => ({ uploads: [...st.uploads, { id, name: file.name, loaded: 0, total: file.size }] }));
    try {
      await this.session.sendAttachment({ attachment: file, onUploadProgress: (p) => patch({ loaded: p.loaded }) });
      this.store.set((st) => ({ uploads: st.uploads.filter((x) => x.id !== id) }));
    } catch (e) {
      patch({ error: this.o.describe(e) });
    }
  }

  dismissUpload(id: string): void {
    this.store.set((st) => ({ uploads: st.uploads.filter((x) => x.id !== id) }));
  }

  async download(attachmentId: string, name: string): Promise<void> {
    try {
      const blob = await this.session.downloadAttachment({ attachmentId });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      this.store.set({ error: this.o.describe(e) });
    }
  }

  clearError(): void {
    this.store.set({ error: undefined });
  }

  private add(item: Item): void {
    this.store.set((st) => ({ items: [...st.items, item] }));
    if (item.ParticipantId !== this.o.participantId && (item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT')) {
      this.store.set({ typing: undefined });
      this.o.onIncoming?.(item);
    }
  }

  /** Receipts already in the history (a reload still shows what was read). */
  private markHistoryReceipts(history: readonly Item[]): void {
    const receipts: Record<string, 'delivered' | 'read'> = { ...this.store.get().receipts };
    for (const i of history) {
      const r = i.MessageMetadata?.Receipts?.[0];
      const id = i.MessageMetadata?.MessageId;
      if (i.Type !== 'MESSAGEMETADATA' || !r || !id || r.RecipientParticipantId === this.o.participantId) continue;
      if (r.ReadTimestamp) receipts[id] = 'read';
      else receipts[id] ??= 'delivered';
    }
    this.store.set({ receipts });
  }
}

export type { ChatError };
