/**
 * Keyset pagination: a nextToken is base64url JSON of the last row's (name, id) plus the
 * listing it came from. Tokens are opaque to clients and validated strictly on the way in.
 */
import { InvalidParameterException } from '@switchboard/core';
import type { Page, PageRequest } from './types.js';

export interface Cursor {
  readonly name: string;
  readonly id: string;
}

const MAX_TOKEN_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export const encodeCursor = (scope: string, c: Cursor): string =>
  Buffer.from(JSON.stringify({ s: scope, n: c.name, i: c.id }), 'utf8').toString('base64url');

/** Undefined for the first page; InvalidParameterException for anything not minted by us for `scope`. */
export function decodeCursor(scope: string, token: string | undefined): Cursor | undefined {
  if (token === undefined) return undefined;
  const invalid = () => new InvalidParameterException('Invalid NextToken');
  // Buffer.from(.., 'base64url') silently skips bad characters, so check the alphabet first.
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !BASE64URL.test(token)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { s, n, i } = parsed as Record<string, unknown>;
  if (s !== scope || typeof n !== 'string' || typeof i !== 'string') throw invalid();
  return { name: n, id: i };
}

/** 1..1000, whole numbers (the port's contract; callers clamp to their API limits first). */
export const clampLimit = (limit: number): number =>
  Number.isFinite(limit) ? Math.min(1000, Math.max(1, Math.floor(limit))) : 1000;

/** Builds a page from up to limit+1 rows fetched in (name, id) order. */
export function toPage<R, T>(
  scope: string,
  rows: readonly R[],
  limit: number,
  key: (row: R) => Cursor,
  item: (row: R) => T,
): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const items = pageRows.map(item);
  return more && last !== undefined ? { items, nextToken: encodeCursor(scope, key(last)) } : { items };
}

export type { Page, PageRequest };
