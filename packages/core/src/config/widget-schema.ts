/**
 * The instance file's `widgets` section: customer chat widget configurations (which flow
 * their chats start in, which sites may embed them, the pre-chat form, the look, the
 * limits). Limits, defaults and the rules across fields are in widget/rules.ts, shared
 * with the admin API (references.ts applies the rules to the file). The reference is docs/config.md#widgets and docs/widget.md.
 */
import { z } from 'zod';
import { ATTRIBUTE_NAME, COLOR, FIELD_NAME, WIDGET_DEFAULTS, WIDGET_LIMITS, WidgetFieldType } from '../widget/rules.js';
import { description, enumOf, got, intRange, isExactOrigin, name, originMessage, ref } from './schema-parts.js';

const message = (what: string) => z.string().min(1, { error: 'must not be empty' }).max(WIDGET_LIMITS.message).describe(what);

export const WidgetFieldSchema = z.strictObject({
  name: z
    .string()
    .regex(FIELD_NAME, {
      error: (iss) => `must be a letter, then letters, digits or _ (at most 64), e.g. "orderId" (got ${got(iss.input)})`,
    })
    .describe(
      'The key the widget sends the value under; it becomes the contact attribute customer_<name>. "name" is the display name.',
    ),
  label: z.string().min(1).max(WIDGET_LIMITS.fieldLabel).describe('What the form shows, e.g. "Your name".'),
  type: enumOf(WidgetFieldType)
    .default(WidgetFieldType.TEXT)
    .describe('name (the display name, no HTML), email (an email address) or text.'),
  required: z.boolean().default(false),
  maxLength: intRange(1, WIDGET_LIMITS.fieldMaxLength.text)
    .default(WIDGET_DEFAULTS.fieldMaxLength)
    .describe('Longest value, in characters (name ≤ 256, email ≤ 254, text ≤ 1024).'),
});

export const WidgetConfigSchema = z
  .strictObject({
    name: name('widget'),
    id: z
      .uuid()
      .optional()
      .describe('A fixed id (UUID) for the embed snippet; when omitted, a stable id is derived from the name.'),
    description,
    flow: ref('contact flow').describe('The contact flow (type CONTACT_FLOW) chats from this widget start in.'),
    allowedOrigins: z
      .array(z.string().refine(isExactOrigin, { error: (iss) => originMessage(iss.input, false) }))
      .min(1)
      .max(WIDGET_LIMITS.allowedOrigins)
      .describe('The exact web origins of the sites that may embed the widget, e.g. "https://www.example.com".'),
    attributes: z
      .array(
        z.strictObject({
          name: z
            .string()
            .regex(ATTRIBUTE_NAME, {
              error: (iss) => `must be 1 to 128 letters, digits or _ . : - (got ${got(iss.input)})`,
            })
            .describe('The page attribute, copied to the contact attribute of the same name.'),
          maxLength: intRange(1, WIDGET_LIMITS.attributeMaxLength)
            .default(WIDGET_DEFAULTS.attributeMaxLength)
            .describe(`Longest value, in characters (1..${WIDGET_LIMITS.attributeMaxLength}).`),
        }),
      )
      .max(WIDGET_LIMITS.attributes)
      .default([])
      .describe('The page attributes the widget may pass on to the contact (an allow-list).'),
    preChatForm: z
      .strictObject({
        enabled: z.boolean().default(false),
        fields: z.array(WidgetFieldSchema).max(WIDGET_LIMITS.fields).default([]),
      })
      .prefault({})
      .describe('What the widget asks before a chat starts.'),
    greeting: message('Shown in the widget before a chat starts.').default(WIDGET_DEFAULTS.greeting),
    offlineMessage: message('Shown instead of the form when nobody can answer (closed or no agent).').default(
      WIDGET_DEFAULTS.offlineMessage,
    ),
    // Optional, without a default of its own: a file that leaves it out reads as before
    // (the same definition hash), and absent means enabled.
    leaveMessage: z
      .strictObject({
        enabled: z.boolean().default(WIDGET_DEFAULTS.leaveMessageEnabled),
      })
      .optional()
      .describe(
        'The "Leave a message" form shown when nobody can chat (closed or unstaffed): name, email and message become a task through the flow. On unless enabled is false.',
      ),
    // Optional without a default, like leaveMessage: a file that leaves it out reads as
    // before, and absent means off.
    voice: z
      .strictObject({
        enabled: z.boolean().default(WIDGET_DEFAULTS.voiceEnabled),
      })
      .optional()
      .describe(
        'The "Call us" button: a web call from the browser, routed through flow as a VOICE contact. Off unless enabled is true; calls need agents with VOICE in their routing profile for the flow\'s queue.',
      ),
    theme: z
      .strictObject({
        primaryColor: z
          .string()
          .regex(COLOR, { error: (iss) => `must be a colour "#rrggbb" such as "#0b63c9" (got ${got(iss.input)})` })
          .default(WIDGET_DEFAULTS.primaryColor),
        position: z
          .enum(['right', 'left'])
          .default(WIDGET_DEFAULTS.position)
          .describe('Which bottom corner the launcher sits in.'),
      })
      .prefault({}),
    persistence: z
      .enum(['session', 'local'])
      .default(WIDGET_DEFAULTS.persistence)
      .describe('Where the widget keeps the chat: session (this tab, sessionStorage) or local (every tab, localStorage).'),
    maxOpenChatsPerVisitor: intRange(1, WIDGET_LIMITS.maxOpenChatsPerVisitor)
      .default(WIDGET_DEFAULTS.maxOpenChatsPerVisitor)
      .describe('Open chats one visitor may have from this widget at once.'),
    rateLimit: z
      .strictObject({
        perIpPerMinute: intRange(1, WIDGET_LIMITS.perIpPerMinute)
          .default(WIDGET_DEFAULTS.perIpPerMinute)
          .describe('Chats started per minute from one IP address.'),
        perConfigurationPerMinute: intRange(1, WIDGET_LIMITS.perConfigurationPerMinute)
          .default(WIDGET_DEFAULTS.perConfigurationPerMinute)
          .describe('Chats started per minute from this widget in all.'),
      })
      .prefault({}),
  })
  .describe('A customer chat widget: embed it with <script src="…/widget.js" data-config="<id>" defer></script>.');
