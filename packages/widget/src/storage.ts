/**
 * What the widget keeps in the browser: the chat's details (so a reload or a second tab
 * carries on the same chat), in sessionStorage or localStorage as the configuration's
 * `persistence` says, and the visitor id (always localStorage). Storage that throws
 * (blocked cookies, a full quota, Safari's private mode of old) degrades to memory: the
 * widget still works, it just forgets on reload.
 */

import type { KeptCall } from './call.js';

/** The part of `Storage` used here. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** One chat, as kept between page loads. */
export interface StoredChat {
  readonly contactId: string;
  readonly participantId: string;
  readonly participantToken: string;
  readonly participantEndpoint: string;
  /** When the chat was started (ISO). */
  readonly startedAt: string;
  /** Set once the chat has ended (the ended state and its rating survive a reload). */
  readonly endedAt?: string;
  /** The transcript as text, kept when the chat ended (the token can no longer read it). */
  readonly transcript?: string;
  /** Set once the customer rated the chat. */
  readonly rated?: boolean;
}

export type Persistence = 'session' | 'local';

const PREFIX = 'switchboard-chat';
/** Longest transcript kept with an ended chat (characters). */
export const MAX_KEPT_TRANSCRIPT = 200_000;

/** The storage's key for a configuration's chat. */
export const chatKey = (configId: string): string => `${PREFIX}:${configId}:chat`;
export const VISITOR_KEY = `${PREFIX}:visitor`;

/** A storage getter that may throw (a sandboxed frame throws on `window.localStorage` itself). */
export function safeStore(get: () => KeyValueStore | undefined): KeyValueStore {
  const memory = new Map<string, string>();
  const real = (): KeyValueStore | undefined => {
    try {
      return get();
    } catch {
      return undefined;
    }
  };
  return {
    getItem(k) {
      try {
        return real()?.getItem(k) ?? memory.get(k) ?? null;
      } catch {
        return memory.get(k) ?? null;
      }
    },
    setItem(k, v) {
      memory.set(k, v);
      try {
        real()?.setItem(k, v);
      } catch {
        // memory only
      }
    },
    removeItem(k) {
      memory.delete(k);
      try {
        real()?.removeItem(k);
      } catch {
        // memory only
      }
    },
  };
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** A stored value → a StoredChat, or undefined when it is missing or not one. */
export function parseStoredChat(json: string | null): StoredChat | undefined {
  if (!json) return undefined;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const { contactId, participantId, participantToken, participantEndpoint, startedAt } = v;
  if (!isStr(contactId) || !isStr(participantId) || !isStr(participantToken) || !isStr(participantEndpoint)) return undefined;
  if (!/^https?:\/\//i.test(participantEndpoint)) return undefined;
  return {
    contactId,
    participantId,
    participantToken,
    participantEndpoint,
    startedAt: isStr(startedAt) ? startedAt : new Date(0).toISOString(),
    ...(isStr(v.endedAt) ? { endedAt: v.endedAt } : {}),
    ...(typeof v.transcript === 'string' ? { transcript: v.transcript } : {}),
    ...(v.rated === true ? { rated: true } : {}),
  };
}

/** The widget's storage for one configuration. */
export class WidgetStorage {
  constructor(
    private readonly stores: { readonly session: KeyValueStore; readonly local: KeyValueStore },
    private readonly configId: string,
    private readonly random: () => string = randomId,
  ) {}

  loadChat(p: Persistence): StoredChat | undefined {
    return parseStoredChat(this.stores[p].getItem(chatKey(this.configId)));
  }

  saveChat(p: Persistence, chat: StoredChat): void {
    const kept =
      chat.transcript && chat.transcript.length > MAX_KEPT_TRANSCRIPT
        ? { ...chat, transcript: chat.transcript.slice(-MAX_KEPT_TRANSCRIPT) }
        : chat;
    this.stores[p].setItem(chatKey(this.configId), JSON.stringify(kept));
  }

  /** Changes the stored chat, if it is still the one given. */
  updateChat(p: Persistence, contactId: string, patch: Partial<StoredChat>): void {
    const cur = this.loadChat(p);
    if (cur?.contactId === contactId) this.saveChat(p, { ...cur, ...patch });
  }

  clearChat(p: Persistence): void {
    this.stores[p].removeItem(chatKey(this.configId));
  }

  /** Whether the panel was open (kept per tab, so a reload keeps it open). */
  loadOpen(): boolean {
    return this.stores.session.getItem(`${chatKey(this.configId)}:open`) === '1';
  }

  saveOpen(open: boolean): void {
    const key = `${chatKey(this.configId)}:open`;
    if (open) this.stores.session.setItem(key, '1');
    else this.stores.session.removeItem(key);
  }

  /** The call under way in this tab (a reload rejoins it), or nothing. */
  loadCall(): KeptCall | undefined {
    try {
      const v = JSON.parse(this.stores.session.getItem(`${this.key}:call`) ?? '0') as KeptCall | 0;
      return v && typeof v.token === 'string' && typeof v.contactId === 'string' && /^wss?:\/\//.test(v.url) ? v : undefined;
    } catch {
      return undefined;
    }
  }

  saveCall(call: KeptCall | undefined): void {
    if (call) this.stores.session.setItem(`${this.key}:call`, JSON.stringify(call));
    else this.stores.session.removeItem(`${this.key}:call`);
  }

  /** The visitor's random id (made on first use, kept in localStorage). */
  visitorId(): string {
    const cur = this.stores.local.getItem(VISITOR_KEY);
    if (cur && /^[A-Za-z0-9-]{8,64}$/.test(cur)) return cur;
    const id = this.random();
    this.stores.local.setItem(VISITOR_KEY, id);
    return id;
  }

  /** The key whose `storage` events tell of another tab's change to this chat. */
  get key(): string {
    return chatKey(this.configId);
  }
}

/** A random id (UUID where the platform has one). */
export function randomId(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
