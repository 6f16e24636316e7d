/**
 * Searching the instance's quick responses, as the agent desktop does while the agent
 * types: case-insensitive, on the name, the shortcut and the content. Pure.
 *
 * - No query (or only spaces): every response of the channel, by name.
 * - A query: every word of it must appear (as a substring) in the name, the shortcut or
 *   the content. Ranked: the shortcut equal to the whole query (a leading `/` or `#`
 *   ignored, as agents type `/greet`), then a name or shortcut starting with it, then a
 *   name or shortcut containing it, then the rest (content only); by name within a rank.
 */
import type { Channel } from '../model/constants.js';

export interface Searchable {
  readonly name: string;
  readonly shortcut?: string;
  readonly content: string;
  readonly channels: readonly Channel[];
}

export interface QuickResponseQuery {
  readonly query?: string | undefined;
  readonly channel: Channel;
}

const byName = (a: Searchable, b: Searchable): number =>
  a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The matching responses, best first. */
export function searchQuickResponses<T extends Searchable>(all: readonly T[], q: QuickResponseQuery): T[] {
  const inChannel = all.filter((r) => r.channels.includes(q.channel));
  const query = (q.query ?? '').trim().toLowerCase();
  if (query === '') return [...inChannel].sort(byName);
  const words = query.split(/\s+/);
  const bare = query.replace(/^[/#]/, '');
  const ranked: { r: T; rank: number }[] = [];
  for (const r of inChannel) {
    const name = r.name.toLowerCase();
    const shortcut = r.shortcut?.toLowerCase() ?? '';
    const content = r.content.toLowerCase();
    if (!words.every((w) => name.includes(w) || shortcut.includes(w) || content.includes(w))) {
      if (!(bare !== '' && shortcut === bare)) continue;
    }
    const rank =
      shortcut !== '' && shortcut === bare
        ? 0
        : name.startsWith(query) || (shortcut !== '' && shortcut.startsWith(bare))
          ? 1
          : name.includes(query) || (shortcut !== '' && shortcut.includes(bare))
            ? 2
            : 3;
    ranked.push({ r, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank || byName(a.r, b.r)).map((x) => x.r);
}

// ---------------------------------------------------------------------------------------
// Paging

/** An opaque page token: where the next page starts. (ASCII JSON: btoa is exact; core has no Buffer.) */
export const encodePageToken = (offset: number): string =>
  btoa(JSON.stringify({ v: 1, o: offset }))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The offset a page token stands for, or undefined when it is not one of ours. */
export function decodePageToken(token: string): number | undefined {
  if (token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const v = JSON.parse(atob(token.replace(/-/g, '+').replace(/_/g, '/'))) as { v?: unknown; o?: unknown } | null;
    return v?.v === 1 && Number.isSafeInteger(v.o) && (v.o as number) >= 0 ? (v.o as number) : undefined;
  } catch {
    return undefined;
  }
}

/** One page of `items` from `offset`, and the token of the next page when there is one. */
export function pageOf<T>(items: readonly T[], offset: number, max: number): { items: T[]; nextToken?: string } {
  const slice = items.slice(offset, offset + max);
  const next = offset + slice.length;
  return next < items.length ? { items: slice, nextToken: encodePageToken(next) } : { items: slice };
}
