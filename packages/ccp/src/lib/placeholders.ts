/**
 * Quick-response placeholders (`$.Customer.name`, `$.Attributes.<key>`), filled from the
 * contact with core's grammar (the server validates quick responses with the same one). A
 * placeholder with no value stays in the text, visibly, for the agent to fill in.
 */
import { fillPlaceholders as fill, findPlaceholders } from '@switchboard/core/quick-responses';

export interface PlaceholderContext {
  readonly customerName?: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
}

export const fillPlaceholders = (text: string, ctx: PlaceholderContext): string =>
  fill(text, { customerName: ctx.customerName, attributes: ctx.attributes });

/** Placeholders still in a text (to stop the agent sending them). */
export const unfilled = (text: string): string[] => findPlaceholders(text).map((p) => p.text);
