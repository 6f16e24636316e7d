/**
 * Connect's interactive messages (`application/vnd.amazonaws.connect.message.interactive`),
 * as the agent sees them: what the customer was offered (a list picker or quick replies).
 * The customer's choice arrives as a message of its own.
 */
export const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';

export interface InteractiveView {
  readonly kind: 'ListPicker' | 'QuickReply';
  readonly title: string;
  readonly subtitle?: string;
  readonly choices: readonly string[];
}

export function parseInteractive(content: string | undefined): InteractiveView | undefined {
  try {
    const j = JSON.parse(content ?? '') as {
      templateType?: unknown;
      data?: { content?: { title?: unknown; subtitle?: unknown; elements?: { title?: unknown }[] } };
    };
    const kind = j.templateType;
    const c = j.data?.content;
    if ((kind !== 'ListPicker' && kind !== 'QuickReply') || typeof c?.title !== 'string') return undefined;
    const choices = (Array.isArray(c.elements) ? c.elements : [])
      .map((e) => e?.title)
      .filter((x): x is string => typeof x === 'string');
    return { kind, title: c.title, ...(typeof c.subtitle === 'string' ? { subtitle: c.subtitle } : {}), choices };
  } catch {
    return undefined;
  }
}
