/**
 * Every event a chat session emits, declared once: the name, what its callback receives,
 * and when it fires. `ChatSession.onX(cb)` subscribes to one of them (ChatJS's names);
 * `session.on(ChatEvents.X, cb)` is the same, typed from this map.
 */
import type { Item } from './client.js';

/** What every event carries about the chat (ChatJS's `chatDetails`). */
export interface ChatDetails {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly participantId: string;
  readonly participantToken: string;
}

/** An item event: `data` is the wire Item (see the participant service's `Item`). */
export interface ItemEvent {
  readonly chatDetails: ChatDetails;
  readonly data: Item;
}

export interface ConnectionEvent {
  readonly chatDetails: ChatDetails;
  readonly data: {
    /** True when this is a reconnect (the socket had been lost). */
    readonly reconnect: boolean;
  };
}

export interface ConnectionLostEvent {
  readonly chatDetails: ChatDetails;
  readonly data: { readonly reason: string };
}

export interface ConnectionBrokenEvent {
  readonly chatDetails: ChatDetails;
  readonly data: { readonly type: string; readonly message: string };
}

export interface EndedEvent {
  readonly chatDetails: ChatDetails;
  /** The chat.ended item, or null when the end was learnt without one (403 on reconnect). */
  readonly data: Item | null;
}

export const ChatEvents = {
  /** A message, attachment or event item (not typing, not receipts), exactly once, in transcript order. */
  message: 'message',
  /** Someone (the other side, or this participant in another tab) is typing. */
  typing: 'typing',
  /** The other side read a message (`data.MessageMetadata.MessageId`). Own receipts are not shown. */
  readReceipt: 'readReceipt',
  /** The other side's client received a message. */
  deliveredReceipt: 'deliveredReceipt',
  /** The chat ended: after the `message` event of the chat.ended item. The session is then closed. */
  ended: 'ended',
  /** Connected: after `connect()`, and again after every reconnect (then missed items follow). */
  connectionEstablished: 'connectionEstablished',
  /** The connection dropped; the session reconnects by itself. */
  connectionLost: 'connectionLost',
  /** The connection cannot be restored (the server refused it for good). Terminal. */
  connectionBroken: 'connectionBroken',
  /** The server answered the websocket's deep heartbeat (`aws/ping`), every 10 s. */
  deepHeartbeatSuccess: 'deepHeartbeatSuccess',
  /** The deep heartbeat went unanswered or failed; the session goes on (a dead socket is caught by the plain heartbeat). */
  deepHeartbeatFailure: 'deepHeartbeatFailure',
  participantIdle: 'participantIdle',
  participantReturned: 'participantReturned',
  participantInvited: 'participantInvited',
  autoDisconnection: 'autoDisconnection',
  participantDisplayNameUpdated: 'participantDisplayNameUpdated',
  chatRehydrated: 'chatRehydrated',
} as const;

export type ChatEventName = (typeof ChatEvents)[keyof typeof ChatEvents];

export interface ChatEventMap {
  message: ItemEvent;
  typing: ItemEvent;
  readReceipt: ItemEvent;
  deliveredReceipt: ItemEvent;
  ended: EndedEvent;
  connectionEstablished: ConnectionEvent;
  connectionLost: ConnectionLostEvent;
  connectionBroken: ConnectionBrokenEvent;
  deepHeartbeatSuccess: { readonly chatDetails: ChatDetails; readonly data: null };
  deepHeartbeatFailure: { readonly chatDetails: ChatDetails; readonly data: null };
  participantIdle: ItemEvent;
  participantReturned: ItemEvent;
  participantInvited: ItemEvent;
  autoDisconnection: ItemEvent;
  participantDisplayNameUpdated: ItemEvent;
  chatRehydrated: ItemEvent;
}

export type ChatEventCallback<K extends ChatEventName> = (event: ChatEventMap[K]) => void;

/**
 * A typed emitter. Callbacks run in subscription order; one that throws is reported to
 * `onError` and does not stop the others or the session.
 */
export class Emitter<M extends { [K in keyof M]: unknown }> {
  private readonly handlers = new Map<keyof M, Set<(e: never) => void>>();

  constructor(private readonly onError: (name: keyof M, err: unknown) => void) {}

  on<K extends keyof M>(name: K, cb: (e: M[K]) => void): () => void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    const fn = cb as (e: never) => void;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  emit<K extends keyof M>(name: K, event: M[K]): void {
    const set = this.handlers.get(name);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        (cb as (e: M[K]) => void)(event);
      } catch (err) {
        this.onError(name, err);
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
