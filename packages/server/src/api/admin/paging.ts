/** Paging over small in-memory lists (instances, associations): the token is an offset. */
import { InvalidParameterException } from '@switchboard/core';
import type { Page, PageRequest } from '../../storage/types.js';

const encode = (offset: number): string => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');

const decode = (token: string): number => {
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw new InvalidParameterException('Invalid NextToken');
};

export function pageOf<T>(all: readonly T[], req: PageRequest): Page<T> {
  const start = req.nextToken ? decode(req.nextToken) : 0;
  const items = all.slice(start, start + req.limit);
  const next = start + items.length;
  return next < all.length ? { items, nextToken: encode(next) } : { items };
}
