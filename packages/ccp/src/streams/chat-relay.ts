/**
 * Chat items for the CRM's chatjs. In the CRM, `getMediaController()` creates a chatjs
 * AGENT session over Streams' websocket provider, which hears `webSocket::all_message`
 * `{topic: 'aws/chat', content: <the item as a JSON string>}` and keeps the items whose
 * `InitialContactId` or `ContactId` is its contact's (wire-streams-ccp.md §4.3). The items
 * are the ones the desktop's own chat sessions hand on live (exactly once, in order, also
 * after reconnects); items read from a transcript carry no contact ids, so they are added.
 */
import type { ContactData } from './agent-data.js';
import { CHAT_TOPIC, StreamsEvent, type StreamsMessage } from './messages.js';

/** A chat item as @switchboard/chat hands it on (the participant API's Item). */
export interface ChatItemLike {
  readonly Id: string;
  readonly Type: string;
  readonly ContactId?: string;
  readonly InitialContactId?: string;
}

export function chatItemMessage(contactId: string, item: ChatItemLike, contact: ContactData<string> | undefined): StreamsMessage {
  const content = {
    ...item,
    ContactId: item.ContactId ?? contactId,
    InitialContactId: item.InitialContactId ?? contact?.initialContactId ?? contactId,
  };
  return { event: StreamsEvent.webSocketAllMessage, data: { topic: CHAT_TOPIC, content: JSON.stringify(content) } };
}
