/**
 * Quick-response placeholders, filled from the contact: `$.Customer.name` (the customer's
 * display name) and `$.Attributes.<key>` (a contact attribute). A placeholder with no value
 * is left in the text, visibly, for the agent to fill in before sending.
 */
export interface PlaceholderContext {
  readonly customerName?: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
}

const PLACEHOLDER = /\$\.(Customer\.name|Attributes\.([A-Za-z0-9_.-]+))/g;

export function fillPlaceholders(text: string, ctx: PlaceholderContext): string {
  return text.replace(PLACEHOLDER, (whole, what: string, key: string | undefined) => {
    const value = key !== undefined ? ctx.attributes[key] : what === 'Customer.name' ? ctx.customerName : undefined;
    return value === undefined || value === '' ? whole : value;
  });
}

/** Placeholders still in a text (to warn before sending). */
export const unfilled = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[0]);
