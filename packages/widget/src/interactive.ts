/**
 * Amazon Connect's interactive messages (`application/vnd.amazonaws.connect.message.interactive`)
 * that a contact flow sends: a ListPicker (a list of choices) or QuickReply (buttons). The
 * customer's choice goes back as a plain text message with the element's title, as
 * Connect's own widget does. Anything else is not shown as a picker.
 */

export const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';

export interface InteractiveChoice {
  readonly title: string;
  readonly subtitle: string | undefined;
}

export interface InteractiveMessage {
  /** `list`: a ListPicker; `quickReply`: buttons. */
  readonly kind: 'list' | 'quickReply';
  readonly title: string;
  readonly subtitle: string | undefined;
  readonly choices: readonly InteractiveChoice[];
}

/** More choices than this are cut (a picker is not a catalogue). */
export const MAX_CHOICES = 30;
const MAX_TEXT = 400;

const text = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t ? t.slice(0, MAX_TEXT) : undefined;
};

/** The message's JSON → what to show, or undefined when it is not a picker the widget knows. */
export function parseInteractive(content: string | undefined): InteractiveMessage | undefined {
  if (!content) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    return undefined;
  }
  const d = doc as { templateType?: unknown; data?: { content?: Record<string, unknown> } } | null;
  const kind = d?.templateType === 'ListPicker' ? 'list' : d?.templateType === 'QuickReply' ? 'quickReply' : undefined;
  const c = d?.data?.content;
  if (!kind || !c || typeof c !== 'object') return undefined;
  const seen = new Set<string>();
  const choices: InteractiveChoice[] = [];
  for (const e of Array.isArray(c.elements) ? c.elements : []) {
    const title = text((e as { title?: unknown } | null)?.title);
    if (!title || seen.has(title)) continue;
    seen.add(title);
    choices.push({ title, subtitle: text((e as { subtitle?: unknown }).subtitle) });
    if (choices.length === MAX_CHOICES) break;
  }
  const title = text(c.title);
  if (!title && choices.length === 0) return undefined;
  return { kind, title: title ?? '', subtitle: text(c.subtitle), choices };
}

/** A readable line for a transcript: the title, then the choices. */
export function interactiveText(m: InteractiveMessage): string {
  return [m.title, ...m.choices.map((c) => `- ${c.title}`)].filter(Boolean).join('\n');
}
