/**
 * Chat: who a participant token belongs to, what they may do, and the items of a chat
 * (messages, events, receipts). Items are committed (with the routing step that caused
 * them, or on their own) before anyone is answered or sees them, then published to every
 * subscribed socket of the chat.
 */
import { hash } from 'node:crypto';
import {
  AccessDeniedException,
  type ChatItem,
  type ChatLimits,
  ContentTypes,
  DEFAULT_CHAT_LIMITS,
  InternalServiceException,
  type DomainEvent,
  pageTranscript,
  type ParticipantRole,
  type StoredItemView,
  receiptMessageId,
  ThrottlingException,
  type TranscriptRequest,
  toAbsoluteTime,
  ValidationException,
  validateEvent,
  validateMessage,
} from '@switchboard/core';
import type { TokenClaims, TokenSigner } from '../auth/tokens.js';
import type { ContactDoc } from '../routing/contact-doc.js';
import type { CommitObserver, InstanceRouting } from '../routing/instance.js';
import type { RoutingService } from '../routing/service.js';
import type { Store } from '../storage/types.js';
import { AnswerCache } from '../util/answer-cache.js';
import { BoundedMap } from '../util/bounded-map.js';
import { timeOrderedId } from '../util/time-ordered-id.js';
import { ChatHub, type SocketOwner } from './hub.js';
import { agentDisplayName, routingItems } from './routing-items.js';

export interface ChatSettings {
  readonly limits: ChatLimits;
  /** Sustained SendMessage/SendEvent rate per participant; more answers ThrottlingException. */
  readonly messagesPerSecond: number;
  readonly burst: number;
  readonly socketsPerParticipant: number;
  /** Connection tokens live this long (capped by the chat's end). */
  readonly connectionTokenTtlMs: number;
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  limits: DEFAULT_CHAT_LIMITS,
  messagesPerSecond: 10,
  burst: 20,
  socketsPerParticipant: 5,
  connectionTokenTtlMs: 24 * 3600_000,
};

/** A participant as a request's token names them. */
export interface Participant {
  readonly ir: InstanceRouting;
  readonly instanceId: string;
  readonly initialContactId: string;
  /** The contact the token was issued for (a transfer keeps the customer's). */
  readonly contactId: string;
  readonly participantId: string;
  readonly role: ParticipantRole;
  readonly displayName: string;
  /** The agent's user id (AGENT participants). */
  readonly userId?: string;
  readonly doc: ContactDoc;
}

export interface ChatDeps {
  readonly routing: RoutingService;
  readonly store: Store;
  readonly signer: TokenSigner;
  readonly now: () => number;
  readonly publicUrl: () => string;
  readonly settings?: Partial<ChatSettings>;
}

interface Bucket {
  tokens: number;
  at: number;
}

const IDEMPOTENCY_LIMIT = 50_000;
/** Verified tokens kept (a connection token is presented on every request of its participant). */
const VERIFIED_LIMIT = 20_000;

export class ChatService implements CommitObserver {
  readonly hub: ChatHub;
  readonly settings: ChatSettings;
  private readonly buckets = new Map<string, Bucket>();
  private readonly answered = new AnswerCache(IDEMPOTENCY_LIMIT);
  /**
   * Tokens whose signature checked out → their claims. A token's signature never stops
   * being valid, so a repeat skips the HMAC; expiry and the chat's state are still checked
   * on every request.
   */
  private readonly verified = new BoundedMap<string, TokenClaims>(VERIFIED_LIMIT);

  constructor(private readonly deps: ChatDeps) {
    this.settings = { ...DEFAULT_CHAT_SETTINGS, ...deps.settings };
    this.hub = new ChatHub(deps.signer, deps.now, { socketsPerParticipant: this.settings.socketsPerParticipant }, (o) =>
      this.socketAllowed(o),
    );
    deps.routing.addObserver(this);
  }

  // -------------------------------------------------------------------------------------
  // Who is asking

  /** The participant of a token of the given kind; AccessDeniedException otherwise. */
  async participant(token: string | undefined, kind: TokenClaims['k']): Promise<Participant> {
    const claims = token ? this.verify(token) : undefined;
    if (!claims || claims.k !== kind || claims.n?.startsWith('ws:')) {
      throw new AccessDeniedException(
        kind === 'participant' ? 'The participant token is not valid' : 'The connection token is not valid',
      );
    }
    if (claims.e <= this.deps.now()) throw new AccessDeniedException('The token has expired');
    let ir: InstanceRouting;
    try {
      ir = this.deps.routing.instance(claims.i);
    } catch (err) {
      // Routing reloading after a storage failure is not the token's fault: retry later.
      if (err instanceof InternalServiceException) throw err;
      throw new AccessDeniedException('The token is not valid');
    }
    const doc = ir.docs.get(claims.c) ?? (await this.storedDoc(claims.i, claims.c));
    if (doc?.channel !== 'CHAT') throw new AccessDeniedException('The token is not valid');
    // Object literals, not a spread of shared fields: this runs for every request and V8
    // builds a spread copy the slow way (it showed in profiles).
    const { i: instanceId, c: contactId, p: participantId } = claims;
    const initialContactId = doc.runtime.initialContactId;
    if (doc.customer?.participantId === participantId) {
      const displayName = doc.customer.displayName;
      return { ir, instanceId, initialContactId, contactId, participantId, doc, role: 'CUSTOMER', displayName };
    }
    const userId = this.agentOf(ir, doc, participantId);
    if (userId === undefined) throw new AccessDeniedException('The token is not valid');
    const displayName = agentDisplayName(ir, userId);
    return { ir, instanceId, initialContactId, contactId, participantId, doc, role: 'AGENT', userId, displayName };
  }

  /** The claims of a token with a valid signature (remembered: see `verified`). */
  private verify(token: string): TokenClaims | undefined {
    const known = this.verified.get(token);
    if (known) return known;
    const claims = this.deps.signer.verify(token);
    if (!claims) return undefined;
    this.verified.set(token, Object.freeze(claims));
    return claims;
  }

  private async storedDoc(instanceId: string, contactId: string): Promise<ContactDoc | undefined> {
    const stored = await this.deps.store.contacts.get(instanceId, contactId);
    return stored ? (JSON.parse(stored.body) as ContactDoc) : undefined;
  }

  private agentOf(ir: InstanceRouting, doc: ContactDoc, connectionId: string): string | undefined {
    const held = doc.agents.find((a) => a.connectionId === connectionId);
    if (held) return held.userId;
    const agentId = ir.engine.contact(doc.contactId)?.agentId;
    const offered = agentId ? ir.engine.agent(agentId)?.assignments.find((x) => x.connectionId === connectionId) : undefined;
    return offered ? agentId : undefined;
  }

  /** Is the chat still going, and is this participant still in it? */
  active(p: Pick<Participant, 'ir' | 'initialContactId' | 'contactId' | 'participantId' | 'role' | 'userId'>): boolean {
    const head = p.ir.heads.get(p.initialContactId) ?? p.contactId;
    const c = p.ir.engine.contact(head);
    if (!c || c.phase === 'ended' || c.phase === 'destroyed') return false;
    if (p.role !== 'AGENT' || p.userId === undefined) return true;
    const x = p.ir.engine.agent(p.userId)?.assignments.find((a) => a.connectionId === p.participantId);
    return x !== undefined && (x.state === 'connecting' || x.state === 'connected' || x.state === 'paused');
  }

  /**
   * May this participant still read the chat? The customer always; an agent while the
   * chat is on their contact (offered, connected, or in after-contact work once it ended
   * there) — not after rejecting the offer, missing it, or transferring the chat away.
   */
  canRead(p: Pick<Participant, 'ir' | 'initialContactId' | 'contactId' | 'participantId' | 'role' | 'userId'>): boolean {
    if (p.role !== 'AGENT') return true;
    const head = p.ir.heads.get(p.initialContactId) ?? p.contactId;
    if (p.contactId !== head || p.userId === undefined) return false;
    const x = p.ir.engine.agent(p.userId)?.assignments.find((a) => a.connectionId === p.participantId);
    return x !== undefined && x.state !== 'missed' && x.state !== 'rejected';
  }

  private requireActive(p: Participant): void {
    if (!this.active(p)) throw new AccessDeniedException('The chat has ended');
  }

  private socketMayRead(ir: InstanceRouting, o: SocketOwner): boolean {
    const doc = ir.docs.get(o.contactId);
    if (!doc || doc.customer?.participantId === o.participantId) return true;
    const userId = this.agentOf(ir, doc, o.participantId);
    return (
      userId !== undefined &&
      this.canRead({
        ir,
        initialContactId: o.initialContactId,
        contactId: o.contactId,
        participantId: o.participantId,
        role: 'AGENT',
        userId,
      })
    );
  }

  private socketAllowed(o: SocketOwner): boolean | 'retry' {
    try {
      const ir = this.deps.routing.instance(o.instanceId);
      const doc = ir.docs.get(o.contactId);
      if (!doc) return false;
      const role: ParticipantRole = doc.customer?.participantId === o.participantId ? 'CUSTOMER' : 'AGENT';
      const userId = role === 'AGENT' ? this.agentOf(ir, doc, o.participantId) : undefined;
      return this.active({
        ir,
        initialContactId: o.initialContactId,
        contactId: o.contactId,
        participantId: o.participantId,
        role,
        ...(userId ? { userId } : {}),
      });
    } catch (err) {
      // Routing reloading after a storage failure: the client should just reconnect.
      return err instanceof InternalServiceException ? 'retry' : false;
    }
  }

  // -------------------------------------------------------------------------------------
  // Operations

  createConnection(
    p: Participant,
    types: readonly string[],
  ): {
    Websocket?: { Url: string; ConnectionExpiry: string };
    ConnectionCredentials?: { ConnectionToken: string; Expiry: string };
  } {
    this.requireActive(p);
    const now = this.deps.now();
    const out: ReturnType<ChatService['createConnection']> = {};
    if (types.includes('WEBSOCKET')) {
      const ws = this.hub.url(this.deps.publicUrl(), p);
      out.Websocket = { Url: ws.url, ConnectionExpiry: toAbsoluteTime(ws.expiresAt) };
    }
    if (types.includes('CONNECTION_CREDENTIALS')) {
      const chatEnd = p.ir.docs.get(p.ir.heads.get(p.initialContactId) ?? p.contactId)?.chat?.expiresAt ?? p.doc.chat?.expiresAt;
      // Chatjs refreshes at Expiry − 60 s: keep it more than a minute away.
      const expiresAt = Math.max(
        now + 120_000,
        Math.min(now + this.settings.connectionTokenTtlMs, chatEnd ?? Number.POSITIVE_INFINITY),
      );
      out.ConnectionCredentials = {
        ConnectionToken: p.ir.connectionToken(p.doc, p.participantId, expiresAt),
        Expiry: toAbsoluteTime(expiresAt),
      };
    }
    return out;
  }

  async disconnect(p: Participant): Promise<void> {
    this.requireActive(p);
    if (p.role === 'CUSTOMER') {
      const head = p.ir.heads.get(p.initialContactId) ?? p.contactId;
      await p.ir.step([{ type: 'contact.end', contactId: head, reason: 'CUSTOMER_DISCONNECT' }]);
    } else if (p.userId) {
      await p.ir.step([{ type: 'contact.agent_end', agentId: p.userId, contactId: p.contactId }]);
    }
  }

  async sendMessage(p: Participant, input: { ContentType: string; Content: string; ClientToken?: string | undefined }) {
    this.requireActive(p);
    const problem = validateMessage(input.ContentType, input.Content, this.settings.limits);
    if (problem) throw new ValidationException(problem);
    return this.idempotent(p, 'message', input.ClientToken, `${input.ContentType}\n${input.Content}`, async () => {
      this.throttle(p);
      const item = this.item(p, { Type: 'MESSAGE', ContentType: input.ContentType, Content: input.Content });
      await p.ir.appendChat([item]);
      return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
    });
  }

  async sendEvent(
    p: Participant,
    input: { ContentType: string; Content?: string | undefined; ClientToken?: string | undefined },
  ) {
    this.requireActive(p);
    const problem = validateEvent(input.ContentType, input.Content, this.settings.limits);
    if (problem) throw new ValidationException(problem);
    this.throttle(p);
    if (input.ContentType === ContentTypes.typing) {
      // Typing is shown, never stored.
      const item = this.item(p, { Type: 'EVENT', ContentType: input.ContentType });
      this.hub.publish(p.instanceId, p.initialContactId, [item], (o) => this.socketMayRead(p.ir, o));
      return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
    }
    const messageId = receiptMessageId(input.Content);
    if (messageId !== undefined) {
      // Receipts are idempotent per (reader, message, kind), never by ClientToken alone:
      // chatjs sends the constant INCOMING_READ_RECEIPT / INCOMING_DELIVERED_RECEIPT.
      const read = input.ContentType === ContentTypes.readReceipt;
      return this.idempotent(p, 'receipt', `${read ? 'read' : 'delivered'}:${messageId}`, '', async () => {
        const at = toAbsoluteTime(this.deps.now());
        const item = this.item(p, {
          Type: 'MESSAGEMETADATA',
          ContentType: ContentTypes.messageMetadata,
          MessageMetadata: {
            MessageId: messageId,
            Receipts: [
              { ...(read ? { ReadTimestamp: at } : {}), DeliveredTimestamp: at, RecipientParticipantId: p.participantId },
            ],
          },
        });
        await p.ir.appendChat([item]);
        return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
      });
    }
    // connection.acknowledged and the like: recorded, shown.
    const item = this.item(p, {
      Type: 'EVENT',
      ContentType: input.ContentType,
      ...(input.Content ? { Content: input.Content } : {}),
    });
    await p.ir.appendChat([item]);
    return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
  }

  /** Posts an ATTACHMENT item for a completed upload (committed, then shown to everyone). */
  async postAttachment(
    p: Participant,
    a: { readonly AttachmentId: string; readonly AttachmentName: string; readonly ContentType: string },
  ): Promise<ChatItem> {
    this.requireActive(p);
    const item = this.item(p, {
      Type: 'ATTACHMENT',
      ContentType: a.ContentType,
      Attachments: [{ ...a, Status: 'APPROVED' }],
    });
    await p.ir.appendChat([item]);
    return item;
  }

  /** Throws AccessDeniedException unless the participant is still in a live chat. */
  assertActive(p: Participant): void {
    this.requireActive(p);
  }

  async transcript(p: Participant, req: TranscriptRequest & { ContactId?: string | undefined }) {
    if (!this.canRead(p)) throw new AccessDeniedException('You are no longer a participant of this chat');
    const past = await this.pastChats(p);
    let items: StoredItemView[];
    if (req.ContactId === undefined || req.ContactId === p.contactId || req.ContactId === p.initialContactId) {
      // The chat itself, preceded by the past chats it continues (persistent chat).
      items = [...(await this.pastItems(p, past)), ...(await this.deps.store.chatItems.list(p.instanceId, p.initialContactId))];
    } else {
      const other = p.ir.docs.get(req.ContactId) ?? (await this.storedDoc(p.instanceId, req.ContactId));
      const chain = other?.runtime.initialContactId;
      if (chain === p.initialContactId) {
        items = [...(await this.deps.store.chatItems.list(p.instanceId, p.initialContactId))];
      } else {
        const pastChat = past.find((x) => x.initialContactId === chain);
        if (!pastChat) throw new AccessDeniedException('ContactId is not a contact of this chat');
        items = await this.pastItems(p, [pastChat]);
      }
    }
    const page = pageTranscript(items, req);
    return {
      InitialContactId: p.initialContactId,
      Transcript: page.Transcript,
      ...(page.NextToken ? { NextToken: page.NextToken } : {}),
    };
  }

  /** The past chats a persistent chat continues, oldest first (at most 20 back). */
  private async pastChats(p: Participant): Promise<{ initialContactId: string; since?: number }[]> {
    const out: { initialContactId: string; since?: number }[] = [];
    let doc: ContactDoc | undefined =
      p.ir.docs.get(p.initialContactId) ?? (await this.storedDoc(p.instanceId, p.initialContactId));
    for (let depth = 0; doc?.persistent && depth < 20; depth++) {
      const link = doc.persistent;
      out.unshift({ initialContactId: link.sourceInitialContactId, ...(link.since !== undefined ? { since: link.since } : {}) });
      doc = p.ir.docs.get(link.sourceInitialContactId) ?? (await this.storedDoc(p.instanceId, link.sourceInitialContactId));
    }
    return out;
  }

  /** Past chats' items as the service shows them: `RelatedContactId` instead of `ContactId`. */
  private async pastItems(
    p: Participant,
    past: readonly { initialContactId: string; since?: number }[],
  ): Promise<StoredItemView[]> {
    const out: StoredItemView[] = [];
    for (const chat of past) {
      for (const row of await this.deps.store.chatItems.list(p.instanceId, chat.initialContactId)) {
        if (chat.since !== undefined && row.absoluteTime < chat.since) continue;
        const { ContactId, ...item } = JSON.parse(row.body) as ChatItem;
        out.push({ ...row, body: JSON.stringify({ ...item, ...(ContactId ? { RelatedContactId: ContactId } : {}) }) });
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------
  // Items

  private item(
    p: Pick<Participant, 'ir' | 'initialContactId' | 'contactId' | 'participantId' | 'displayName' | 'role'>,
    fields: Pick<ChatItem, 'Type' | 'ContentType'> & Partial<ChatItem>,
  ): ChatItem {
    const head = p.ir.heads.get(p.initialContactId) ?? p.contactId;
    return {
      Id: timeOrderedId(),
      AbsoluteTime: toAbsoluteTime(this.deps.now()),
      ParticipantId: p.participantId,
      DisplayName: p.displayName,
      ParticipantRole: p.role,
      ...fields,
      ContactId: head,
      InitialContactId: p.initialContactId,
    };
  }

  /** CommitObserver: the items routing changes produce (joined, left, transferred, ended). */
  collect(ir: InstanceRouting, events: readonly DomainEvent[], now: number): readonly ChatItem[] {
    return routingItems(ir, events, now);
  }

  /** CommitObserver: publish what was committed. */
  committed(ir: InstanceRouting, items: readonly ChatItem[]): void {
    const byChain = new Map<string, ChatItem[]>();
    for (const item of items) {
      const k = item.InitialContactId ?? '';
      const list = byChain.get(k) ?? [];
      byChain.set(k, list);
      list.push(item);
    }
    for (const [initial, list] of byChain) {
      this.hub.publish(ir.instanceId, initial, list, (o) => this.socketMayRead(ir, o));
      // A socket opened but not yet subscribed would miss chat.ended: close them all; a
      // client that reconnects then gets 403 from CreateParticipantConnection (→ onEnded).
      if (list.some((i) => i.ContentType === ContentTypes.chatEnded)) this.hub.closeChat(ir.instanceId, initial);
    }
  }

  // -------------------------------------------------------------------------------------
  // Limits

  private throttle(p: Participant): void {
    const now = this.deps.now();
    const key = `${p.instanceId}/${p.participantId}`;
    const b = this.buckets.get(key) ?? { tokens: this.settings.burst, at: now };
    b.tokens = Math.min(this.settings.burst, b.tokens + ((now - b.at) / 1000) * this.settings.messagesPerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) throw new ThrottlingException('Rate exceeded: too many messages from this participant');
    b.tokens -= 1;
    if (this.buckets.size > 100_000) this.buckets.clear();
  }

  /** Same participant, ClientToken and body → the same answer, without a second item. */
  private async idempotent(
    p: Participant,
    op: string,
    clientToken: string | undefined,
    body: string,
    run: () => Promise<{ Id: string; AbsoluteTime: string }>,
  ): Promise<{ Id: string; AbsoluteTime: string }> {
    if (!clientToken) return run();
    // The ClientToken's length makes the key unambiguous whatever it and the body contain.
    const key = hash('sha256', `${p.instanceId}/${p.participantId}/${op}/${clientToken.length}/${clientToken}=${body}`, 'buffer');
    const seen = this.answered.get(key);
    if (seen) return seen;
    const out = await run();
    this.answered.set(key, out);
    return out;
  }

  close(): void {
    this.hub.close();
  }
}
