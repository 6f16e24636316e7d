/**
 * A customer's rating of a chat: `{ "rating": 1..5, "comment": "…" }` (the comment is
 * optional, at most 1000 characters), accepted while the chat is open or up to 24 hours
 * after it ended, and kept on the contact as the attributes customerRating and
 * customerComment; a second rating replaces the first. Pure.
 */
import { RatingAttribute } from '../model/constants.js';
import type { Millis } from '../routing/types.js';
import { hasControlCharacters } from './text.js';

export const RATING_COMMENT_MAX = 1000;
/** How long after a chat ended it may still be rated. */
export const RATING_WINDOW_MS = 24 * 3600_000;

export interface Rating {
  readonly rating: 1 | 2 | 3 | 4 | 5;
  readonly comment?: string;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the parsed JSON body of a rating. */
export function readRating(body: unknown): ({ readonly ok: true } & Rating) | { readonly ok: false; readonly message: string } {
  if (!isRec(body)) return { ok: false, message: 'The request body must be a JSON object' };
  for (const key of Object.keys(body))
    if (key !== 'rating' && key !== 'comment')
      return { ok: false, message: `Unknown member ${JSON.stringify(key.slice(0, 40))} (allowed: rating, comment)` };
  const { rating, comment } = body;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5)
    return { ok: false, message: 'rating must be an integer from 1 to 5' };
  if (comment === undefined || comment === null) return { ok: true, rating: rating as Rating['rating'] };
  if (typeof comment !== 'string') return { ok: false, message: 'comment must be a string' };
  if (comment.length > RATING_COMMENT_MAX)
    return { ok: false, message: `comment must be at most ${RATING_COMMENT_MAX} characters` };
  if (hasControlCharacters(comment, true)) return { ok: false, message: 'comment must not contain control characters' };
  const trimmed = comment.trim();
  return trimmed
    ? { ok: true, rating: rating as Rating['rating'], comment: trimmed }
    : { ok: true, rating: rating as Rating['rating'] };
}

/** May a chat be rated now? Open (not ended), or ended at most RATING_WINDOW_MS ago. */
export const ratingAllowed = (endedAt: Millis | undefined, now: Millis): boolean =>
  endedAt === undefined || now - endedAt <= RATING_WINDOW_MS;

/** The contact's attributes with the rating in place of any earlier one. */
export function withRating(attributes: Readonly<Record<string, string>>, r: Rating): Record<string, string> {
  const { [RatingAttribute.COMMENT]: _old, ...rest } = attributes;
  return {
    ...rest,
    [RatingAttribute.RATING]: String(r.rating),
    ...(r.comment !== undefined ? { [RatingAttribute.COMMENT]: r.comment } : {}),
  };
}
