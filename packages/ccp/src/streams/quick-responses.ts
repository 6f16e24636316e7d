/**
 * `connect.QuickResponses.searchQuickResponses({query, contactId?, nextToken?})` from the
 * CRM: Streams sends it as `api_request qrSearchQuickResponses` (with the contact's
 * `attributes`) and resolves with the response's `data`, `{results, nextToken?}` — what the
 * agent API's `searchQuickResponses` answers. As Amazon resolves the contact's attributes
 * in the results when a contact is named, the placeholders (`$.Customer.name`,
 * `$.Attributes.<key>`) are filled from that contact; without one they stay as written.
 */
import { fillPlaceholders, type PlaceholderContext } from '../lib/placeholders.js';
import { isRecord } from './messages.js';

/** The search answer with every result's contents filled from `ctx` (when there is a contact). */
export function shapeQuickResponses(answer: unknown, ctx: PlaceholderContext | undefined): unknown {
  if (!isRecord(answer)) return { results: [] };
  const results = Array.isArray(answer.results) ? answer.results : [];
  if (!ctx) return { ...answer, results };
  return { ...answer, results: results.map((r) => fillResult(r, ctx)) };
}

function fillResult(r: unknown, ctx: PlaceholderContext): unknown {
  if (!isRecord(r) || !isRecord(r.contents)) return r;
  const contents: Record<string, unknown> = { ...r.contents };
  for (const kind of ['plainText', 'markdown'] as const) {
    const part = contents[kind];
    if (isRecord(part) && typeof part.content === 'string')
      contents[kind] = { ...part, content: fillPlaceholders(part.content, ctx) };
  }
  return { ...r, contents };
}
