/**
 * The transcript the customer downloads when the chat has ended: a .txt with the chat's
 * name, then one line per message or event — time, name, text (continuation lines
 * indented).
 */
import type { Item } from '@switchboard/chat';
import { isShown, itemText, senderName } from './entries.js';
import { dateTime, fill } from './format.js';
import type { Strings } from './strings/en.js';

export interface TranscriptOptions {
  readonly items: readonly Item[];
  /** The customer's participant id. */
  readonly me: string;
  /** The chat's name (the configuration's). */
  readonly title: string;
  readonly strings: Strings;
  readonly locale?: string;
  readonly timeZone?: string;
}

export function transcriptText(o: TranscriptOptions): string {
  const s = o.strings;
  const lines = [fill(s.transcriptTitle, { name: o.title }), ''];
  for (const item of o.items) {
    if (!isShown(item, o.me)) continue;
    const when = dateTime(item.AbsoluteTime, o.locale, o.timeZone);
    const text = itemText(item, s).replace(/\r\n?/g, '\n').trimEnd();
    if (item.Type === 'EVENT') {
      lines.push(`[${when}] ${text}`);
      continue;
    }
    const name = senderName(item, o.me, s, o.title);
    const mine = item.ParticipantId === o.me && item.DisplayName ? `${name} (${item.DisplayName})` : name;
    const [first = '', ...rest] = text.split('\n');
    lines.push(`[${when}] ${mine}: ${first}`, ...rest.map((l) => `    ${l}`));
  }
  return `${lines.join('\n')}\n`;
}
