/**
 * Placeholders in a quick response's content:
 *
 * - `$.Customer.name` — the customer's display name;
 * - `$.Attributes.<key>` — the contact attribute `<key>`. A key is letters, digits, `_` and
 *   `-`, and ends at the first other character (`$.Attributes.orderId.` ends the sentence).
 *
 * The server only checks that they are well-formed (placeholderProblems, at config
 * validation); the agent desktop fills them from the contact it inserts the response into
 * (fillPlaceholders). `$.` followed by anything but a letter (`$.50`) is plain text.
 */

export type Placeholder =
  | { readonly kind: 'customerName'; readonly text: string; readonly index: number }
  | { readonly kind: 'attribute'; readonly key: string; readonly text: string; readonly index: number };

export interface PlaceholderProblem {
  /** The malformed token as written. */
  readonly text: string;
  /** Where it starts in the content (UTF-16 index). */
  readonly index: number;
  readonly message: string;
}

/** `$.Root` and, after a dot, a segment (possibly empty: `$.Attributes.` is reported). */
const TOKEN = /\$\.([A-Za-z][A-Za-z0-9_]*)(?:\.([A-Za-z0-9_-]*))?/g;

export const CUSTOMER_NAME_PLACEHOLDER = '$.Customer.name';
const FORMS = '$.Customer.name or $.Attributes.<key>';

type Scanned = { ok: Placeholder } | { problem: PlaceholderProblem };

function scan(content: string): Scanned[] {
  const out: Scanned[] = [];
  for (const m of content.matchAll(TOKEN)) {
    const text = m[0];
    const index = m.index;
    const root = m[1] as string;
    const segment = m[2];
    const problem = (message: string) => out.push({ problem: { text, index, message } });
    if (root === 'Customer') {
      if (segment === 'name') out.push({ ok: { kind: 'customerName', text, index } });
      else problem(`unknown placeholder "${text}": the customer's name is ${CUSTOMER_NAME_PLACEHOLDER}`);
    } else if (root === 'Attributes') {
      if (segment) out.push({ ok: { kind: 'attribute', key: segment, text, index } });
      else problem(`placeholder "${text}" needs an attribute key, e.g. $.Attributes.orderId`);
    } else {
      const hint =
        root.toLowerCase() === 'customer'
          ? ` — did you mean ${CUSTOMER_NAME_PLACEHOLDER}?`
          : root.toLowerCase() === 'attributes'
            ? ` — did you mean $.Attributes${segment === undefined ? '.<key>' : `.${segment}`}?`
            : '';
      problem(`unknown placeholder "${text}" (use ${FORMS})${hint}`);
    }
  }
  return out;
}

/** The well-formed placeholders of `content`, in order. */
export const findPlaceholders = (content: string): Placeholder[] => scan(content).flatMap((s) => ('ok' in s ? [s.ok] : []));

/** What is wrong with the placeholders of `content`; empty when all are well-formed. */
export const placeholderProblems = (content: string): PlaceholderProblem[] =>
  scan(content).flatMap((s) => ('problem' in s ? [s.problem] : []));

export interface PlaceholderValues {
  /** The customer's display name. */
  readonly customerName?: string | undefined;
  /** The contact's attributes. */
  readonly attributes?: Readonly<Record<string, string>> | undefined;
}

/**
 * The content with its placeholders filled. A placeholder without a value is left as
 * written (the agent sees it and edits the text before sending), unless `missing` says
 * what to put instead. Malformed tokens are left alone.
 */
export function fillPlaceholders(
  content: string,
  values: PlaceholderValues,
  missing: (p: Placeholder) => string = (p) => p.text,
): string {
  let out = '';
  let at = 0;
  for (const p of findPlaceholders(content)) {
    const value =
      p.kind === 'customerName'
        ? values.customerName
        : values.attributes && Object.hasOwn(values.attributes, p.key)
          ? values.attributes[p.key]
          : undefined;
    out += content.slice(at, p.index) + (value ?? missing(p));
    at = p.index + p.text.length;
  }
  return out + content.slice(at);
}
