/**
 * The interactive messages a contact flow of the instance file sends after its greeting
 * (`contactFlows[].listPicker`, `contactFlows[].quickReplies`): Connect's list picker and
 * quick reply templates, written plainly (flow/interactive.ts builds the message).
 */
import { z } from 'zod';
import { INTERACTIVE_LIMITS } from '../flow/interactive.js';

const text = (max: number, what: string) => z.string().min(1, { error: 'must not be empty' }).max(max).describe(what);

const distinctTitles = (elements: readonly { title: string }[]) => new Set(elements.map((e) => e.title)).size === elements.length;
const DISTINCT = { error: 'lists a title twice (the choice is sent back as its title)' };

export const ListPickerSchema = z
  .strictObject({
    title: text(INTERACTIVE_LIMITS.title, 'The question, e.g. "What can we help with?"'),
    subtitle: text(INTERACTIVE_LIMITS.subtitle, 'A line under the title.').optional(),
    elements: z
      .array(
        z.strictObject({
          title: text(INTERACTIVE_LIMITS.elementTitle, "The choice; sent back as the customer's message when picked."),
          subtitle: text(INTERACTIVE_LIMITS.elementSubtitle, 'A line under the choice.').optional(),
        }),
      )
      .min(1)
      .max(INTERACTIVE_LIMITS.elements)
      .refine(distinctTitles, DISTINCT)
      .describe(`The choices (1..${INTERACTIVE_LIMITS.elements}).`),
  })
  .describe("A list picker sent to the chat after the greeting (Connect's ListPicker template).");

export const QuickRepliesSchema = z
  .strictObject({
    title: text(INTERACTIVE_LIMITS.title, 'The question, e.g. "Did that answer your question?"'),
    elements: z
      .array(z.strictObject({ title: text(INTERACTIVE_LIMITS.elementTitle, "The reply; sent back as the customer's message.") }))
      .min(1)
      .max(INTERACTIVE_LIMITS.elements)
      .refine(distinctTitles, DISTINCT)
      .describe(`The replies (1..${INTERACTIVE_LIMITS.elements}).`),
  })
  .describe("Quick replies sent to the chat after the greeting (and the list picker): Connect's QuickReply template.");
