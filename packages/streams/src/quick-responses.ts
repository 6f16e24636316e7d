/**
 * `connect.QuickResponses.searchQuickResponses({query, contactId?, nextToken?})` from a
 * page: Streams sends it as `api_request qrSearchQuickResponses` (with the contact's
 * `attributes`) and resolves with the response's `data`, `{results, nextToken?}` — what the
 * agent API's `searchQuickResponses` answers. As Amazon resolves the contact's attributes
 * in the results when a contact is named, the placeholders (`$.Customer.name`,
 * `$.Attributes.<key>`) are filled from that contact; without one they stay as written.
 */
import type { ContactData } from '@switchboard/core/agent';
import { fillPlaceholders as fill } from '@switchboard/core/quick-responses';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What placeholders are filled from: the customer's name and the contact's attributes. */
export interface PlaceholderContext {
  readonly customerName?: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
}

const fillPlaceholders = (text: string, ctx: PlaceholderContext): string =>
  fill(text, { customerName: ctx.customerName, attributes: ctx.attributes });

/** Quick responses are searched per channel: the agent API's name of the contact's channel. */
export function channelOfContact(c: Pick<ContactData<unknown>, 'type'>): string | undefined {
  switch (c.type) {
    case 'chat':
      return 'CHAT';
    case 'task':
      return 'TASK';
    case 'voice':
    case 'queue_callback':
      return 'VOICE';
    default:
      return undefined;
  }
}

/** What a contact's quick-response placeholders are filled from: the customer's name and its attributes. */
export function placeholderContext(c: ContactData<unknown>): PlaceholderContext {
  const name = (type: string) => c.connections.find((x) => x.type === type)?.chatMediaInfo?.customerName;
  const customer = name('inbound') ?? name('agent') ?? c.name;
  return {
    customerName: customer,
    attributes: Object.fromEntries(Object.values(c.attributes).map((a) => [a.name, a.value])),
  };
}

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
