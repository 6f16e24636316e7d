/**
 * GetTranscript paging, pure: the caller loads one chain's stored items and this picks the
 * page. Items are ordered by (absoluteTime, seq) ascending; a page is a run of consecutive
 * items starting at a position and going FORWARD (newer) or BACKWARD (older), returned in
 * SortOrder. NextToken is an opaque base64url JSON of the last item taken (time, seq) and
 * the scan direction, so it stays valid while new items are appended.
 */
import { ValidationException } from '../errors.js';
import { type ChatItem, parseAbsoluteTime } from './items.js';

export type ScanDirection = 'FORWARD' | 'BACKWARD';
export type SortOrder = 'ASCENDING' | 'DESCENDING';

/** At most one member; `{}` (what chatjs always sends) means no start position. */
export interface StartPosition {
  /** Start at this item (inclusive). */
  readonly Id?: string;
  /** Start at the first item at/after (FORWARD) or the last at/before (BACKWARD) this ISO time. */
  readonly AbsoluteTime?: string;
  /** Start MostRecent items back from the newest: 0 is the newest item itself. */
  readonly MostRecent?: number;
}

/** The paging members of the GetTranscript request (ContactId picks the chain; the server handles it). */
export interface TranscriptRequest {
  /** 0..100, default 10. 0 returns an empty page without NextToken. */
  readonly MaxResults?: number;
  /** Default BACKWARD without a StartPosition, FORWARD with one. Ignored with NextToken (the token's wins). */
  readonly ScanDirection?: ScanDirection;
  /** Default DESCENDING. */
  readonly SortOrder?: SortOrder;
  /** Ignored with NextToken. */
  readonly StartPosition?: StartPosition;
  readonly NextToken?: string;
}

export interface TranscriptPage {
  readonly Transcript: ChatItem[];
  /** Present when more items lie further in the scan direction. */
  readonly NextToken?: string;
}

/**
 * What paging needs of a stored item. `StoredChatItem & { seq }` from the storage port
 * satisfies it; only the page's bodies are parsed.
 */
export interface StoredItemView {
  /** Tie-breaker among items with the same absoluteTime (insertion order). */
  readonly seq: number;
  /** The item Id. */
  readonly id: string;
  /** Epoch ms of the item's AbsoluteTime. */
  readonly absoluteTime: number;
  /** The ChatItem as JSON. */
  readonly body: string;
}

export interface TranscriptOptions {
  /** Epoch ms: items stamped later are left out (a snapshot bound). Default: no bound. */
  readonly now?: number;
}

/** A malformed GetTranscript request; a ValidationException (400) on the wire. */
export class TranscriptRequestError extends ValidationException {}

export const TRANSCRIPT_DEFAULT_MAX_RESULTS = 10;
export const TRANSCRIPT_MAX_RESULTS = 100;
const MAX_ID_LENGTH = 256;
const MAX_ABSOLUTE_TIME_LENGTH = 100;
const MAX_MOST_RECENT = 100;
const MAX_TOKEN_LENGTH = 1000;

// ---------------------------------------------------------------------------------------
// NextToken

interface Cursor {
  readonly direction: ScanDirection;
  /** The last item taken: paging continues strictly past (time, seq). */
  readonly time: number;
  readonly seq: number;
}

interface TokenJson {
  readonly v: 1;
  readonly d: 'F' | 'B';
  readonly t: number;
  readonly s: number;
}

const encodeToken = (c: Cursor): string => {
  const json: TokenJson = { v: 1, d: c.direction === 'FORWARD' ? 'F' : 'B', t: c.time, s: c.seq };
  // The JSON is ASCII, so btoa (no Buffer: core runs anywhere) is exact.
  return btoa(JSON.stringify(json)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const decodeToken = (token: unknown): Cursor => {
  const invalid = () => new TranscriptRequestError('NextToken is invalid; pass the NextToken of a previous GetTranscript page');
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH || !BASE64URL.test(token)) {
    throw invalid();
  }
  let json: unknown;
  try {
    json = JSON.parse(atob(token.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    throw invalid();
  }
  if (typeof json !== 'object' || json === null) throw invalid();
  const { v, d, t, s } = json as Partial<Record<keyof TokenJson, unknown>>;
  if (v !== 1 || (d !== 'F' && d !== 'B') || !Number.isSafeInteger(t) || !Number.isSafeInteger(s)) throw invalid();
  return { direction: d === 'F' ? 'FORWARD' : 'BACKWARD', time: t as number, seq: s as number };
};

// ---------------------------------------------------------------------------------------
// Request validation

interface Parsed {
  readonly maxResults: number;
  readonly direction: ScanDirection | undefined;
  readonly sortOrder: SortOrder;
  readonly start: StartPosition | undefined;
  readonly cursor: Cursor | undefined;
}

const absent = (v: unknown): v is undefined | null => v === undefined || v === null;

function parseRequest(req: TranscriptRequest): Parsed {
  const fail = (msg: string): never => {
    throw new TranscriptRequestError(msg);
  };
  const { MaxResults, ScanDirection, SortOrder, StartPosition, NextToken } = req as Record<keyof TranscriptRequest, unknown>;

  let maxResults = TRANSCRIPT_DEFAULT_MAX_RESULTS;
  if (!absent(MaxResults)) {
    if (!Number.isInteger(MaxResults) || (MaxResults as number) < 0 || (MaxResults as number) > TRANSCRIPT_MAX_RESULTS) {
      fail(`MaxResults must be an integer from 0 to ${TRANSCRIPT_MAX_RESULTS}`);
    }
    maxResults = MaxResults as number;
  }

  if (!absent(ScanDirection) && ScanDirection !== 'FORWARD' && ScanDirection !== 'BACKWARD') {
    fail('ScanDirection must be FORWARD or BACKWARD');
  }
  if (!absent(SortOrder) && SortOrder !== 'ASCENDING' && SortOrder !== 'DESCENDING') {
    fail('SortOrder must be ASCENDING or DESCENDING');
  }

  let start: StartPosition | undefined;
  if (!absent(StartPosition)) {
    if (typeof StartPosition !== 'object' || Array.isArray(StartPosition)) fail('StartPosition must be an object');
    const { Id, AbsoluteTime, MostRecent } = StartPosition as Record<keyof StartPosition, unknown>;
    const set = [Id, AbsoluteTime, MostRecent].filter((v) => !absent(v)).length;
    if (set > 1) fail('StartPosition takes only one of Id, AbsoluteTime and MostRecent');
    if (!absent(Id)) {
      if (typeof Id !== 'string' || Id.length === 0 || Id.length > MAX_ID_LENGTH) {
        fail(`StartPosition.Id must be a string of 1 to ${MAX_ID_LENGTH} characters`);
      }
      start = { Id: Id as string };
    } else if (!absent(AbsoluteTime)) {
      if (
        typeof AbsoluteTime !== 'string' ||
        AbsoluteTime.length > MAX_ABSOLUTE_TIME_LENGTH ||
        parseAbsoluteTime(AbsoluteTime) === undefined
      ) {
        fail('StartPosition.AbsoluteTime must be an ISO-8601 time, e.g. 2019-11-08T02:41:28.172Z');
      }
      start = { AbsoluteTime: AbsoluteTime as string };
    } else if (!absent(MostRecent)) {
      if (!Number.isInteger(MostRecent) || (MostRecent as number) < 0 || (MostRecent as number) > MAX_MOST_RECENT) {
        fail(`StartPosition.MostRecent must be an integer from 0 to ${MAX_MOST_RECENT}`);
      }
      start = { MostRecent: MostRecent as number };
    }
    // else `{}`: absent.
  }

  const cursor = absent(NextToken) ? undefined : decodeToken(NextToken);
  return {
    maxResults,
    direction: ScanDirection as ScanDirection | undefined,
    sortOrder: (SortOrder as SortOrder | undefined) ?? 'DESCENDING',
    start,
    cursor,
  };
}

// ---------------------------------------------------------------------------------------
// Paging

const compare = (a: StoredItemView, b: StoredItemView) => a.absoluteTime - b.absoluteTime || a.seq - b.seq;

/** Index of the first item with key > (or >= when `inclusive`) (time, seq); n when none. */
const lowerBound = (items: readonly StoredItemView[], time: number, seq: number, inclusive: boolean): number => {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const it = items[mid]!;
    const c = it.absoluteTime - time || it.seq - seq;
    if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * Where the scan starts (an index, inclusive; may be -1 or n, which give an empty page).
 */
function startIndex(items: readonly StoredItemView[], direction: ScanDirection, p: Parsed): number {
  const n = items.length;
  const forward = direction === 'FORWARD';
  if (p.cursor !== undefined) {
    const { time, seq } = p.cursor;
    // FORWARD: first item after the boundary; BACKWARD: last item before it.
    return forward ? lowerBound(items, time, seq, false) : lowerBound(items, time, seq, true) - 1;
  }
  const start = p.start;
  if (start?.Id !== undefined) {
    const i = items.findIndex((it) => it.id === start.Id);
    if (i < 0) throw new TranscriptRequestError(`StartPosition.Id ${start.Id} is not an item of this transcript`);
    return i;
  }
  if (start?.AbsoluteTime !== undefined) {
    const t = parseAbsoluteTime(start.AbsoluteTime)!;
    return forward
      ? lowerBound(items, t, Number.NEGATIVE_INFINITY, true)
      : lowerBound(items, t, Number.POSITIVE_INFINITY, true) - 1;
  }
  if (start?.MostRecent !== undefined) {
    const i = n - 1 - start.MostRecent;
    return forward ? Math.max(i, 0) : i;
  }
  return forward ? 0 : n - 1;
}

const isSorted = (items: readonly StoredItemView[]) => {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1]!, items[i]!) > 0) return false;
  return true;
};

/**
 * One GetTranscript page over a chain's items. Throws TranscriptRequestError for a
 * malformed request, an undecodable NextToken or a StartPosition.Id not in `items`.
 */
export function pageTranscript(
  items: readonly StoredItemView[],
  req: TranscriptRequest,
  opts: TranscriptOptions = {},
): TranscriptPage {
  const p = parseRequest(req);

  let view = items;
  if (opts.now !== undefined) {
    const now = opts.now;
    view = view.filter((it) => it.absoluteTime <= now);
  }
  if (!isSorted(view)) view = [...view].sort(compare);

  const direction: ScanDirection = p.cursor?.direction ?? p.direction ?? (p.start !== undefined ? 'FORWARD' : 'BACKWARD');
  const start = startIndex(view, direction, p); // validates StartPosition.Id even for MaxResults 0
  if (p.maxResults === 0) return { Transcript: [] };

  const n = view.length;
  let lo: number; // inclusive
  let hi: number; // exclusive
  let more: boolean;
  if (direction === 'FORWARD') {
    lo = Math.max(start, 0);
    hi = Math.min(lo + p.maxResults, n);
    more = hi < n;
  } else {
    hi = Math.min(start, n - 1) + 1;
    lo = Math.max(hi - p.maxResults, 0);
    more = lo > 0;
  }
  if (hi <= lo) return { Transcript: [] };

  const taken = view.slice(lo, hi);
  const Transcript = taken.map((it) => JSON.parse(it.body) as ChatItem);
  if (p.sortOrder === 'DESCENDING') Transcript.reverse();
  if (!more) return { Transcript };
  const boundary = direction === 'FORWARD' ? taken.at(-1)! : taken[0]!;
  return { Transcript, NextToken: encodeToken({ direction, time: boundary.absoluteTime, seq: boundary.seq }) };
}
