/**
 * The agent desktop's state, framework-free: the signed-in agent (an AgentClient over the
 * agent API), their open contacts with one ChatStore per chat, the selected tab and unread
 * counts, whether this tab is the one that rings, and the session shared between tabs.
 * Components read it through hooks and call its actions; nothing here touches the DOM
 * except the title, notifications and the ringtone it is handed.
 */
import { AgentClient, type AgentDataWire, type ContactData, type QuickConnectEndpoint } from '@switchboard/agent-client';
import type { Item } from '@switchboard/chat';
import { describeError, t } from '../i18n/index.js';
import { ChatStore } from './chat-store.js';
import { electLeader } from './leader.js';
import { readStored, type StoredSession, takeFragmentToken, watchStored, writeStored } from './session-storage.js';
import { Store } from './store.js';

export type Phase = 'starting' | 'signed-out' | 'signing-in' | 'signed-in';
export type Theme = 'light' | 'dark';

export interface DesktopState {
  readonly phase: Phase;
  /** Why the sign-in form is shown (expired, signed out, a failure). */
  readonly signInMessage: string | undefined;
  readonly connection: 'connecting' | 'open' | 'reconnecting' | 'closed';
  readonly data: AgentDataWire | undefined;
  /** Server clock minus this page's, ms (for timers). */
  readonly skew: number;
  readonly selected: string | undefined;
  readonly unread: Readonly<Record<string, number>>;
  /** This tab rings and refreshes the session (one tab per agent). */
  readonly leader: boolean;
  readonly ringMuted: boolean;
  readonly theme: Theme;
  /** A failure to show in words, until dismissed. */
  readonly notice: string | undefined;
  /** Something done to confirm in words ("Task created"), for a few seconds. */
  readonly info?: string | undefined;
}

export interface Ringer {
  start(): void;
  stop(): void;
}

export interface QuickResponse {
  readonly quickResponseId: string;
  readonly name: string;
  readonly shortcutKey?: string;
  readonly contents: { readonly markdown?: { readonly content: string }; readonly plainText?: { readonly content: string } };
}

export interface WrapUpCode {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

/** An agent's connection on a contact: the chat participant the desktop speaks as. */
/**
 * The agent's own connection on a contact (Streams' `getAgentConnection()`): type `agent`, or
 * `monitoring` on a supervisor's monitoring contact (it comes first there; on an agent's
 * contact a barging supervisor's `monitoring` connection comes after the agent's).
 */
export const agentConnection = (c: ContactData<string>) =>
  c.connections.find((x) => x.type === 'agent' || x.type === 'monitoring');
export const customerName = (c: ContactData<string>): string =>
  c.connections.find((x) => x.type === 'inbound')?.chatMediaInfo?.customerName ??
  agentConnection(c)?.chatMediaInfo?.customerName ??
  (c.type === 'voice' ? c.connections.find((x) => x.type === 'inbound')?.endpoint?.name : undefined) ??
  c.name ??
  t.tabs.customer;
/** Contacts that are offered and not yet accepted (ringing). */
export const isRinging = (c: ContactData<string>): boolean =>
  (c.state.type === 'connecting' || c.state.type === 'incoming') && agentConnection(c)?.state.type === 'connecting';

const PREFS_KEY = 'switchboard.ccp.prefs';

export class Desktop {
  readonly store: Store<DesktopState>;
  private client: AgentClient | undefined;
  private readonly chats = new Map<string, ChatStore>();
  private stopLeader: (() => void) | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private ringing = false;
  private notified = new Set<string>();
  private readonly chatItemListeners = new Set<(contactId: string, item: Item) => void>();
  private readonly topicListeners = new Set<(topic: string, data: unknown) => void>();

  constructor(
    /** The Switchboard the desktop talks to (its origin). */
    readonly endpoint: string,
    private readonly ringer: Ringer,
  ) {
    const prefs = readPrefs();
    this.store = new Store<DesktopState>({
      phase: 'starting',
      signInMessage: undefined,
      connection: 'connecting',
      data: undefined,
      skew: 0,
      selected: undefined,
      unread: {},
      leader: false,
      ringMuted: prefs.ringMuted ?? false,
      theme: prefs.theme ?? (globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
      notice: undefined,
    });
    watchStored((s) => this.storedChanged(s));
  }

  // -------------------------------------------------------------------------------------
  // Session

  /** A token in the URL fragment, else the stored session, else the sign-in form. */
  start(): void {
    const fromFragment = takeFragmentToken();
    if (fromFragment) writeStored(fromFragment);
    const s = fromFragment ?? readStored();
    if (s) this.adoptSession(s);
    else this.store.set({ phase: 'signed-out' });
  }

  async signIn(username: string, password: string): Promise<void> {
    this.store.set({ phase: 'signing-in', signInMessage: undefined });
    try {
      const session = await login(this.endpoint, username, password);
      writeStored(session);
      this.adoptSession(session);
      askNotificationPermission();
    } catch (e) {
      const type = (e as { type?: string }).type;
      this.store.set({
        phase: 'signed-out',
        signInMessage:
          type === 'AccessDeniedException'
            ? t.signIn.wrong
            : type === 'NetworkingError'
              ? t.signIn.unreachable
              : describeError(e),
      });
    }
  }

  /** Offline first (the agent takes no more contacts), then the session ends for every tab. */
  async signOut(): Promise<void> {
    const c = this.client;
    const offline = this.store.get().data?.configuration.agentStates.find((s) => s.type === 'offline');
    if (c && offline) await c.setState(offline.agentStateARN).catch(() => undefined);
    writeStored(undefined);
    await c?.signOut().catch(() => undefined);
    this.endSession(t.signIn.signedOut);
  }

  private adoptSession(s: StoredSession): void {
    this.client?.close();
    // The refresh is this desktop's to schedule (only the leading tab does it): the client
    // itself is given no expiry, so it never refreshes on its own.
    const client = AgentClient.fromToken({ endpoint: this.endpoint, token: s.token });
    this.client = client;
    this.store.set({ phase: 'signed-in', signInMessage: undefined, connection: 'connecting' });
    client.on('connectionState', (state) => {
      if (this.client === client) this.store.set({ connection: state });
    });
    client.on('topicMessage', (topic, data) => {
      if (this.client === client) for (const l of this.topicListeners) l(topic, data);
    });
    client.on('data', (data) => {
      if (this.client === client) this.dataChanged(data);
    });
    client.on('sessionEnded', (reason) => {
      if (this.client !== client) return;
      // Another tab refreshed the session: its new token is (or is about to be) in storage.
      setTimeout(() => {
        if (this.client !== client) return;
        const stored = readStored();
        if (stored && stored.token !== s.token) this.adoptSession(stored);
        else this.endSession(reason === 'signed out' ? t.signIn.signedOut : t.signIn.expired);
      }, 500);
    });
    client.on('tokenRefreshed', (session) => {
      writeStored({ token: session.token, expiresAt: session.expiresAt?.toISOString() });
    });
    this.scheduleRefresh(s);
    this.stopLeader?.();
    this.stopLeader = electLeader(`switchboard-ccp:${this.endpoint}`, (leader) => {
      this.store.set({ leader });
      this.updateRinging();
    });
  }

  /** Only the leading tab refreshes; the others take its new token from storage. */
  private scheduleRefresh(s: StoredSession): void {
    clearTimeout(this.refreshTimer);
    const at = s.expiresAt ? Date.parse(s.expiresAt) : Number.NaN;
    if (!Number.isFinite(at)) return;
    const delay = Math.max(10_000, Math.min(at - Date.now() - 5 * 60_000, 2 ** 31 - 1));
    this.refreshTimer = setTimeout(async () => {
      const c = this.client;
      if (!c || !this.store.get().leader) return;
      const next = await c.refresh().catch(() => undefined);
      if (!next) return;
      const stored = { token: next.token, expiresAt: next.expiresAt?.toISOString() };
      writeStored(stored);
      this.scheduleRefresh(stored);
    }, delay);
  }

  private storedChanged(s: StoredSession | undefined): void {
    const current = this.client?.session.token;
    if (!s) {
      if (current) this.endSession(t.signIn.signedOut);
      return;
    }
    if (s.token !== current) this.adoptSession(s);
  }

  private endSession(message: string): void {
    clearTimeout(this.refreshTimer);
    this.client?.close();
    this.client = undefined;
    this.stopLeader?.();
    this.stopLeader = undefined;
    for (const chat of this.chats.values()) chat.close();
    this.chats.clear();
    this.ringer.stop();
    this.ringing = false;
    this.store.set({
      phase: 'signed-out',
      signInMessage: message,
      data: undefined,
      selected: undefined,
      unread: {},
      leader: false,
    });
  }

  // -------------------------------------------------------------------------------------
  // Agent data

  private dataChanged(data: AgentDataWire): void {
    const skew = Date.parse(data.snapshot.snapshotTimestamp) - Date.now();
    const contacts = data.snapshot.contacts;
    const ids = new Set(contacts.map((c) => c.contactId));
    // Chats: one store per chat contact the agent holds; closed when the contact goes.
    for (const c of contacts) {
      const conn = agentConnection(c);
      if (c.type !== 'chat' || !conn || this.chats.has(c.contactId)) continue;
      if (c.state.type === 'missed' || c.state.type === 'rejected') continue;
      const participantToken = parseToken(conn.chatMediaInfo?.connectionData);
      if (!participantToken) continue;
      const chat = new ChatStore({
        endpoint: this.endpoint,
        contactId: c.contactId,
        participantId: conn.connectionId,
        participantToken,
        chatToken: () => this.requireClient().createChatToken(c.contactId, conn.connectionId),
        onIncoming: (item) => this.incoming(c.contactId, item),
        onItem: (item) => {
          for (const l of this.chatItemListeners) l(c.contactId, item);
        },
        describe: describeError,
      });
      this.chats.set(c.contactId, chat);
      void chat.start();
    }
    for (const [id, chat] of this.chats) {
      if (!ids.has(id)) {
        chat.close();
        this.chats.delete(id);
      }
    }
    const st = this.store.get();
    const selectable = contacts.filter((c) => !isRinging(c));
    const selected =
      st.selected && selectable.some((c) => c.contactId === st.selected)
        ? st.selected
        : selectable[selectable.length - 1]?.contactId;
    const unread = Object.fromEntries(Object.entries(st.unread).filter(([id]) => ids.has(id)));
    this.store.set({ data, skew, selected, unread });
    this.updateRinging();
  }

  private incoming(contactId: string, _item: Item): void {
    const st = this.store.get();
    const visible = globalThis.document?.visibilityState !== 'hidden';
    if (st.selected === contactId && visible) return;
    this.store.set({ unread: { ...st.unread, [contactId]: (st.unread[contactId] ?? 0) + 1 } });
  }

  private updateRinging(): void {
    const st = this.store.get();
    const ringing = (st.data?.snapshot.contacts ?? []).filter(isRinging);
    const shouldRing = ringing.length > 0 && st.leader && !st.ringMuted;
    if (shouldRing && !this.ringing) this.ringer.start();
    if (!shouldRing && this.ringing) this.ringer.stop();
    this.ringing = shouldRing;
    if (st.leader) {
      for (const c of ringing) {
        if (this.notified.has(c.contactId)) continue;
        this.notified.add(c.contactId);
        const words = { task: t.incoming.notificationTask, voice: t.incoming.notificationCall }[c.type as 'task'];
        notify((words ?? t.incoming.notification)(customerName(c)));
      }
    }
    if (globalThis.document) {
      const unread = Object.values(st.unread).reduce((a, b) => a + b, 0);
      document.title = `${ringing.length ? '🔔 ' : unread ? `(${unread}) ` : ''}${t.appName} · ${t.appTitle}`;
    }
  }

  // -------------------------------------------------------------------------------------
  // For the Streams bridge (an embedding page) and other integrations

  /** Every chat item the desktop's chat sessions hand on live (not history), with its contact. */
  onChatItem(listener: (contactId: string, item: Item) => void): () => void {
    this.chatItemListeners.add(listener);
    return () => this.chatItemListeners.delete(listener);
  }

  /** Items the agent websocket pushes on a topic (`aws/task`: a task's expiry and transfer events). */
  onTopicMessage(listener: (topic: string, data: unknown) => void): () => void {
    this.topicListeners.add(listener);
    return () => this.topicListeners.delete(listener);
  }

  /** Any agent API command (docs/agent-api.md), as the signed-in agent. */
  command(name: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const c = this.requireClient();
    return (c.command as (n: string, p: Record<string, unknown>) => Promise<unknown>).call(c, name, params);
  }

  /** The signed-in agent's data as the agent API pushed it (ISO timestamps), if any. */
  get agentData(): AgentDataWire | undefined {
    return this.store.get().data;
  }

  // -------------------------------------------------------------------------------------
  // Actions

  chat(contactId: string): ChatStore | undefined {
    return this.chats.get(contactId);
  }

  select(contactId: string): void {
    const st = this.store.get();
    const unread = { ...st.unread };
    delete unread[contactId];
    this.store.set({ selected: contactId, unread });
    this.updateRinging();
  }

  /** The next tab (wraps around). */
  selectNext(): void {
    const list = (this.store.get().data?.snapshot.contacts ?? []).filter((c) => !isRinging(c)).map((c) => c.contactId);
    if (list.length === 0) return;
    const i = list.indexOf(this.store.get().selected ?? '');
    this.select(list[(i + 1) % list.length]!);
  }

  setStatus(agentStateARN: string): Promise<void> {
    const open = (this.store.get().data?.snapshot.contacts ?? []).some(
      (c) => c.state.type !== 'missed' && c.state.type !== 'rejected',
    );
    return this.act(() => this.requireClient().setState(agentStateARN, { next: open }));
  }

  accept(contactId: string): Promise<void> {
    return this.act(async () => {
      await this.requireClient().accept(contactId);
      this.select(contactId);
    });
  }

  reject(contactId: string): Promise<void> {
    return this.act(() => this.requireClient().reject(contactId));
  }

  end(contactId: string): Promise<void> {
    return this.act(() => this.requireClient().end(contactId));
  }

  clear(contactId: string): Promise<void> {
    return this.act(() => this.requireClient().clear(contactId));
  }

  endpoints(queueARN?: string): Promise<QuickConnectEndpoint[]> {
    return this.requireClient().getEndpoints(queueARN ? [queueARN] : undefined);
  }

  transfer(contactId: string, endpointARN: string): Promise<void> {
    return this.act(async () => {
      await this.requireClient().transfer(contactId, endpointARN);
    });
  }

  async quickResponses(query: string): Promise<QuickResponse[]> {
    const out = (await this.requireClient().command('searchQuickResponses', { query, channel: 'CHAT', maxResults: 20 })) as {
      results?: QuickResponse[];
    };
    return out.results ?? [];
  }

  async wrapUpCodes(): Promise<WrapUpCode[]> {
    const out = (await this.requireClient().command('getWrapUpCodes', {})) as { wrapUpCodes?: WrapUpCode[] };
    return out.wrapUpCodes ?? [];
  }

  saveWrapUp(contactId: string, wrapUpCode: string, notes: string): Promise<void> {
    return this.act(async () => {
      await this.requireClient().command('setContactWrapUp', { contactId, wrapUpCode, notes });
    });
  }

  toggleRing(): void {
    this.store.set((s) => ({ ringMuted: !s.ringMuted }));
    writePrefs({ ringMuted: this.store.get().ringMuted, theme: this.store.get().theme });
    this.updateRinging();
  }

  toggleTheme(): void {
    this.store.set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' }));
    writePrefs({ ringMuted: this.store.get().ringMuted, theme: this.store.get().theme });
  }

  /** A failure from elsewhere (the softphone, the tasks) shown as the notice, in words. */
  fail(e: unknown): void {
    this.store.set({ notice: describeError(e) });
  }

  dismissNotice(): void {
    this.store.set({ notice: undefined });
  }

  private requireClient(): AgentClient {
    if (!this.client) throw Object.assign(new Error(t.signIn.expired), { type: 'AccessDeniedException' });
    return this.client;
  }

  /** Runs an action; a failure becomes a notice in words, and rejects for the caller. */
  private async act(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.store.set({ notice: describeError(e) });
      throw e;
    }
  }
}

/**
 * `POST /agent/v1/login` (the AgentClient's own sign-in would also connect and refresh by
 * itself; the desktop keeps one refresh for all its tabs).
 */
async function login(endpoint: string, username: string, password: string): Promise<StoredSession> {
  let res: Response;
  try {
    res = await fetch(`${endpoint}/agent/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      credentials: 'same-origin',
    });
  } catch {
    throw Object.assign(new Error(t.signIn.unreachable), { type: 'NetworkingError' });
  }
  const body = (await res.json().catch(() => ({}))) as { token?: string; expiresAt?: string; message?: string };
  if (!res.ok || !body.token) {
    throw Object.assign(new Error(body.message ?? t.errors.generic), { type: res.headers.get('x-amzn-errortype') ?? 'HTTP' });
  }
  return { token: body.token, expiresAt: body.expiresAt };
}

function parseToken(connectionData: string | undefined): string | undefined {
  try {
    return (JSON.parse(connectionData ?? '{}') as { ConnectionAuthenticationToken?: string }).ConnectionAuthenticationToken;
  } catch {
    return undefined;
  }
}

function notify(body: string): void {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (N?.permission !== 'granted' || globalThis.document?.visibilityState !== 'hidden') return;
  try {
    new N(t.appName, { body, tag: 'switchboard-incoming' });
  } catch {
    // Some browsers only allow notifications from a service worker.
  }
}

function askNotificationPermission(): void {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (N && N.permission === 'default') N.requestPermission().catch(() => undefined);
}

function readPrefs(): { ringMuted?: boolean; theme?: Theme } {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(PREFS_KEY) ?? '{}') as { ringMuted?: boolean; theme?: Theme };
  } catch {
    return {};
  }
}

function writePrefs(p: { ringMuted: boolean; theme: Theme }): void {
  try {
    globalThis.localStorage?.setItem(PREFS_KEY, JSON.stringify(p));
  } catch {
    // Preferences are a nicety.
  }
}
