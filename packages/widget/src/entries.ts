/**
 * Chat items as the conversation shows them: who said it (the customer, an agent, the
 * system), which items are shown at all, the events' sentences, and runs of messages by
 * one sender grouped under one name.
 */
import type { Item } from '@switchboard/chat';
import { fill } from './format.js';
import { INTERACTIVE, interactiveText, parseInteractive } from './interactive.js';
import type { Strings } from './strings/en.js';

export type Sender = 'me' | 'agent' | 'system';

const EVENT = 'application/vnd.amazonaws.connect.event.';
const JOINED = `${EVENT}participant.joined`;
const LEFT = `${EVENT}participant.left`;
export const CHAT_ENDED = `${EVENT}chat.ended`;
const ENDED = CHAT_ENDED;
const TRANSFERRED = `${EVENT}transfer.succeeded`;
const SHOWN_EVENTS = new Set([JOINED, LEFT, ENDED, TRANSFERRED]);

/** Who an item is from, for the customer whose participant id is `me`. */
export function senderOf(item: Item, me: string): Sender {
  if (item.ParticipantId === me || (item.ParticipantRole === 'CUSTOMER' && !item.ParticipantId)) return 'me';
  if (item.ParticipantRole === 'SYSTEM' || item.ParticipantId === 'SYSTEM') return 'system';
  return 'agent';
}

/** Messages and attachments: what a person said. */
export const isMessage = (i: Item): boolean => i.Type === 'MESSAGE' || i.Type === 'ATTACHMENT';

/** Whether the conversation shows the item: messages, attachments and a few events (not the customer's own joining). */
export function isShown(item: Item, me: string): boolean {
  if (isMessage(item)) return true;
  if (item.Type !== 'EVENT' || !SHOWN_EVENTS.has(item.ContentType)) return false;
  return !((item.ContentType === JOINED || item.ContentType === LEFT) && senderOf(item, me) === 'me');
}

/** An event item's sentence. */
export function eventText(item: Item, s: Strings): string {
  const name = item.DisplayName && item.DisplayName !== 'SYSTEM_MESSAGE' ? item.DisplayName : s.agentFallbackName;
  switch (item.ContentType) {
    case JOINED:
      return fill(s.joined, { name });
    case LEFT:
      return fill(s.left, { name });
    case TRANSFERRED:
      return s.transferred;
    default:
      return s.ended;
  }
}

/** The name shown for a sender (the system speaks with the configuration's name). */
export function senderName(item: Item, me: string, s: Strings, brand: string): string {
  switch (senderOf(item, me)) {
    case 'me':
      return s.you;
    case 'system':
      return brand || s.system;
    default:
      return item.DisplayName?.trim() || s.agentFallbackName;
  }
}

/** A message's text for a transcript or an announcement (markdown as written; pickers as their title and choices). */
export function itemText(item: Item, s: Strings): string {
  if (item.Type === 'ATTACHMENT') {
    return (item.Attachments ?? []).map((a) => fill(s.transcriptAttachment, { name: a.AttachmentName })).join(' ');
  }
  if (item.Type === 'EVENT') return eventText(item, s);
  if (item.ContentType === INTERACTIVE) {
    const m = parseInteractive(item.Content);
    return m ? interactiveText(m) : s.unsupportedMessage;
  }
  return item.Content ?? '';
}

export type Row =
  | { readonly kind: 'event'; readonly item: Item }
  | { readonly kind: 'group'; readonly sender: Sender; readonly name: string; readonly items: readonly Item[] };

/** A new group starts after this long without a message from the same sender. */
const GROUP_GAP_MS = 5 * 60_000;

/** Shown items → rows: events alone, runs of messages by one participant together. */
export function groupRows(items: readonly Item[], me: string, s: Strings, brand: string): Row[] {
  const rows: Row[] = [];
  let cur: { sender: Sender; name: string; who: string; items: Item[]; last: number } | undefined;
  for (const item of items) {
    if (!isShown(item, me)) continue;
    if (!isMessage(item)) {
      rows.push({ kind: 'event', item });
      cur = undefined;
      continue;
    }
    const sender = senderOf(item, me);
    const who = `${sender}:${sender === 'agent' ? (item.ParticipantId ?? item.DisplayName ?? '') : ''}`;
    const at = Date.parse(item.AbsoluteTime);
    // (An item without a time, the widget's own greeting, joins whatever follows.)
    if (cur && cur.who === who && !(at - cur.last >= GROUP_GAP_MS)) {
      cur.items.push(item);
      if (Number.isFinite(at)) cur.last = at;
      continue;
    }
    cur = { sender, name: senderName(item, me, s, brand), who, items: [item], last: at };
    rows.push({ kind: 'group', sender, name: cur.name, items: cur.items });
  }
  return rows;
}

/** Whether the customer answered an interactive message: they said something after it. */
export function answeredAfter(items: readonly Item[], index: number, me: string): boolean {
  for (let i = index + 1; i < items.length; i++) {
    const x = items[i]!;
    if (isMessage(x) && senderOf(x, me) === 'me') return true;
  }
  return false;
}

/** The agent now in the chat: the last agent who joined or spoke and has not left. */
export function currentAgent(items: readonly Item[], me: string): string | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const x = items[i]!;
    if (senderOf(x, me) !== 'agent') continue;
    if (x.ContentType === LEFT) return undefined;
    if (isMessage(x) || x.ContentType === JOINED) return x.DisplayName?.trim() || undefined;
  }
  return undefined;
}
