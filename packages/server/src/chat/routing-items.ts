/**
 * The chat items routing's changes make, committed with the routing step that caused them:
 * the customer joining (with their first message, the flow's greeting and its interactive
 * messages), agents joining and leaving, transfers, and the end of the chat.
 */
import { type ChatItem, ContentTypes, type DomainEvent, toAbsoluteTime } from '@switchboard/core';
import type { ContactDoc } from '../routing/contact-doc.js';
import type { InstanceRouting } from '../routing/instance.js';
import { timeOrderedId } from '../util/time-ordered-id.js';

/** End reasons that end the chat for its participants (not a transfer). */
const ENDS_CHAT = new Set([
  'CUSTOMER_DISCONNECT',
  'AGENT_DISCONNECT',
  'API',
  'EXPIRED',
  'QUEUE_FULL',
  'QUEUE_CLOSED',
  'QUEUE_DISABLED',
  'CONTACT_FLOW_DISCONNECT',
]);

/** How an agent is named in the chat: first and last name, else the username. */
export function agentDisplayName(ir: InstanceRouting, userId: string): string {
  const u = ir.config.users.get(userId);
  const full = [u?.identityInfo.firstName, u?.identityInfo.lastName].filter(Boolean).join(' ');
  return full || u?.name || 'Agent';
}

/** An item routing produced for a contact (who it is about is in `fields`). */
function contactItem(doc: ContactDoc, fields: Pick<ChatItem, 'Type' | 'ContentType'> & Partial<ChatItem>, now: number): ChatItem {
  return {
    Id: timeOrderedId(),
    AbsoluteTime: toAbsoluteTime(now),
    ...fields,
    ContactId: doc.contactId,
    InitialContactId: doc.runtime.initialContactId,
  };
}

/** The items `events` (one committed step of `ir`) make in its chats. */
export function routingItems(ir: InstanceRouting, events: readonly DomainEvent[], now: number): ChatItem[] {
  const out: ChatItem[] = [];
  const SYSTEM = { ParticipantRole: 'SYSTEM', DisplayName: 'SYSTEM_MESSAGE' } as const;
  const asCustomer = (c: NonNullable<ContactDoc['customer']>) =>
    ({ ParticipantId: c.participantId, DisplayName: c.displayName, ParticipantRole: 'CUSTOMER' }) as const;
  const asAgent = (agentId: string, connectionId: string | undefined) =>
    ({
      ...(connectionId ? { ParticipantId: connectionId } : {}),
      DisplayName: agentDisplayName(ir, agentId),
      ParticipantRole: 'AGENT',
    }) as const;
  for (const e of events) {
    const doc = 'contactId' in e ? ir.docs.get(e.contactId) : undefined;
    if (doc?.channel !== 'CHAT') continue;
    const customer = doc.customer;
    const push = (fields: Pick<ChatItem, 'Type' | 'ContentType'> & Partial<ChatItem>) => out.push(contactItem(doc, fields, now));
    const heldBy = (agentId: string) => doc.agents.find((a) => a.userId === agentId)?.connectionId;
    switch (e.type) {
      case 'contact.created': {
        // A new chat (not the new contact of a transfer): the customer joins, says their
        // first message, and the flow greets them.
        if (doc.contactId !== doc.runtime.initialContactId || !customer) break;
        push({ Type: 'EVENT', ContentType: ContentTypes.participantJoined, ...asCustomer(customer) });
        const first = doc.chat?.initialMessage;
        if (first) push({ Type: 'MESSAGE', ContentType: first.contentType, Content: first.content, ...asCustomer(customer) });
        if (doc.chat?.greeting) {
          push({
            Type: 'MESSAGE',
            ContentType: ContentTypes.textPlain,
            Content: doc.chat.greeting,
            ...SYSTEM,
            ParticipantId: 'SYSTEM',
          });
        }
        for (const content of doc.chat?.interactive ?? []) {
          push({
            Type: 'MESSAGE',
            ContentType: ContentTypes.interactiveMessage,
            Content: content,
            ...SYSTEM,
            ParticipantId: 'SYSTEM',
          });
        }
        break;
      }
      case 'contact.connected': {
        const x = ir.engine.agent(e.agentId)?.assignments.find((a) => a.contactId === e.contactId);
        push({ Type: 'EVENT', ContentType: ContentTypes.participantJoined, ...asAgent(e.agentId, x?.connectionId) });
        break;
      }
      case 'contact.transferred':
        push({ Type: 'EVENT', ContentType: ContentTypes.transferSucceeded, ...SYSTEM });
        push({ Type: 'EVENT', ContentType: ContentTypes.participantLeft, ...asAgent(e.agentId, heldBy(e.agentId)) });
        break;
      case 'contact.ended':
        if (!ENDS_CHAT.has(e.reason)) break;
        if (e.reason === 'CUSTOMER_DISCONNECT' && customer) {
          push({ Type: 'EVENT', ContentType: ContentTypes.participantLeft, ...asCustomer(customer) });
        } else if (e.agentId) {
          push({ Type: 'EVENT', ContentType: ContentTypes.participantLeft, ...asAgent(e.agentId, heldBy(e.agentId)) });
        }
        push({ Type: 'EVENT', ContentType: ContentTypes.chatEnded, ...SYSTEM });
        break;
      default:
        break;
    }
  }
  return out;
}
