/**
 * Interactive messages a flow sends to a chat: Amazon Connect's list picker and quick
 * reply templates, as the content of a message of ContentType
 * `application/vnd.amazonaws.connect.message.interactive`:
 *
 *   {"templateType":"ListPicker","version":"1.0",
 *    "data":{"content":{"title":"…","subtitle":"…","elements":[{"title":"…","subtitle":"…"}]}}}
 *   {"templateType":"QuickReply","version":"1.0",
 *    "data":{"content":{"title":"…","elements":[{"title":"…"}]}}}
 *
 * The customer answers with a `text/plain` message holding the chosen element's title
 * (what Connect's own widget does). Pure.
 */

export const InteractiveTemplate = { LIST_PICKER: 'ListPicker', QUICK_REPLY: 'QuickReply' } as const;
export type InteractiveTemplate = (typeof InteractiveTemplate)[keyof typeof InteractiveTemplate];

/** Field limits (Connect's documented ones; elements up to 10). */
export const INTERACTIVE_LIMITS = {
  title: 400,
  subtitle: 400,
  elements: 10,
  elementTitle: 200,
  elementSubtitle: 200,
  /** The whole template as JSON, in characters. */
  content: 20_000,
} as const;

export interface ListPicker {
  readonly title: string;
  readonly subtitle?: string;
  readonly elements: readonly { readonly title: string; readonly subtitle?: string }[];
}

export interface QuickReplies {
  readonly title: string;
  readonly elements: readonly { readonly title: string }[];
}

const template = (templateType: InteractiveTemplate, content: Record<string, unknown>): string =>
  JSON.stringify({ templateType, version: '1.0', data: { content } });

/** The message content of a list picker. */
export function listPickerContent(lp: ListPicker): string {
  return template(InteractiveTemplate.LIST_PICKER, {
    title: lp.title,
    ...(lp.subtitle !== undefined ? { subtitle: lp.subtitle } : {}),
    elements: lp.elements.map((e) => ({ title: e.title, ...(e.subtitle !== undefined ? { subtitle: e.subtitle } : {}) })),
  });
}

/** The message content of quick replies. */
export function quickRepliesContent(qr: QuickReplies): string {
  return template(InteractiveTemplate.QUICK_REPLY, { title: qr.title, elements: qr.elements.map((e) => ({ title: e.title })) });
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const text = (v: unknown, max: number, what: string, problems: string[], optional = false): void => {
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || v.trim() === '') problems.push(`${what} must be a non-empty string`);
  else if (v.length > max) problems.push(`${what} must be at most ${max} characters`);
};

/**
 * Checks an interactive message template (a JSON object, or a string holding one): a
 * ListPicker or QuickReply of version 1.0 with a title and 1..10 elements with distinct
 * titles. Answers the content to send (the template as JSON) or the problems found.
 */
export function readInteractiveMessage(
  value: unknown,
): { readonly ok: true; readonly content: string } | { readonly ok: false; readonly problems: string[] } {
  let doc = value;
  if (typeof value === 'string') {
    try {
      doc = JSON.parse(value);
    } catch {
      return { ok: false, problems: ['must be JSON'] };
    }
  }
  if (!isObject(doc)) return { ok: false, problems: ['must be a JSON object (a ListPicker or QuickReply template)'] };
  const problems: string[] = [];
  const type = doc.templateType;
  if (type !== InteractiveTemplate.LIST_PICKER && type !== InteractiveTemplate.QUICK_REPLY)
    problems.push('templateType must be "ListPicker" or "QuickReply"');
  if (doc.version !== '1.0') problems.push('version must be "1.0"');
  const content = isObject(doc.data) ? doc.data.content : undefined;
  if (!isObject(content)) {
    problems.push('data.content must be an object');
    return { ok: false, problems };
  }
  text(content.title, INTERACTIVE_LIMITS.title, 'data.content.title', problems);
  text(content.subtitle, INTERACTIVE_LIMITS.subtitle, 'data.content.subtitle', problems, true);
  const elements = content.elements;
  if (!Array.isArray(elements) || elements.length < 1 || elements.length > INTERACTIVE_LIMITS.elements) {
    problems.push(`data.content.elements must be a list of 1 to ${INTERACTIVE_LIMITS.elements} elements`);
  } else {
    const seen = new Set<string>();
    elements.forEach((e: unknown, i) => {
      const at = `data.content.elements[${i}]`;
      if (!isObject(e)) {
        problems.push(`${at} must be an object`);
        return;
      }
      text(e.title, INTERACTIVE_LIMITS.elementTitle, `${at}.title`, problems);
      text(e.subtitle, INTERACTIVE_LIMITS.elementSubtitle, `${at}.subtitle`, problems, true);
      if (typeof e.title === 'string') {
        if (seen.has(e.title))
          problems.push(`${at}.title "${e.title.slice(0, 40)}" is used twice (the choice is sent back as its title)`);
        seen.add(e.title);
      }
    });
  }
  if (problems.length) return { ok: false, problems };
  const out = JSON.stringify(doc);
  if (out.length > INTERACTIVE_LIMITS.content)
    return { ok: false, problems: [`must be at most ${INTERACTIVE_LIMITS.content} characters as JSON`] };
  return { ok: true, content: out };
}
