/**
 * The widget configuration as `GET /widget/v1/configurations/{id}` answers it (see
 * docs/widget.md, "The widget ↔ server contract"), read defensively: a missing or odd field
 * gets its default instead of breaking the widget.
 */
import { DEFAULT_PRIMARY } from './format.js';

export interface PreChatField {
  readonly name: string;
  readonly label: string;
  /** `name`, `email`, `text` (and `tel`): picks the input type and autocomplete hint. */
  readonly type: string;
  readonly required: boolean;
  readonly maxLength: number | undefined;
}

export interface AttachmentRules {
  readonly enabled: boolean;
  readonly maxSizeBytes: number;
  /** Accepted MIME types; `image/*` style wildcards allowed. Empty: any. */
  readonly contentTypes: readonly string[];
}

export interface WidgetConfiguration {
  readonly id: string;
  readonly name: string;
  readonly greeting: string | undefined;
  readonly offlineMessage: string | undefined;
  readonly preChatForm: { readonly enabled: boolean; readonly fields: readonly PreChatField[] };
  readonly theme: { readonly primaryColor: string; readonly position: 'left' | 'right' };
  readonly attachments: AttachmentRules;
  /** Where the chat details are kept: `session` (sessionStorage) or `local` (localStorage). */
  readonly persistence: 'session' | 'local';
  readonly status: { readonly open: boolean; readonly staffed: boolean; readonly available: boolean };
  /** Whether the offline state offers the "Leave a message" form (false from a server without it). */
  readonly leaveMessage: { readonly enabled: boolean };
  /** Whether "Call us" is offered now (calls on, open, an agent who takes calls; false from a server without calls). */
  readonly voice: { readonly enabled: boolean };
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const FIELD_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The server's answer → a complete configuration. */
export function readConfiguration(raw: unknown, id: string): WidgetConfiguration {
  const r = obj(raw);
  const form = obj(r.preChatForm);
  const theme = obj(r.theme);
  const att = obj(r.attachments);
  const status = obj(r.status);
  const fields: PreChatField[] = (Array.isArray(form.fields) ? form.fields : [])
    .map(obj)
    .filter((f) => typeof f.name === 'string' && FIELD_NAME.test(f.name))
    .map((f) => ({
      name: f.name as string,
      label: str(f.label) ?? (f.name as string),
      type: str(f.type) ?? 'text',
      required: f.required === true,
      maxLength: typeof f.maxLength === 'number' && f.maxLength > 0 ? Math.floor(f.maxLength) : undefined,
    }));
  const open = status.open !== false;
  const staffed = status.staffed !== false;
  return {
    id: str(r.id) ?? id,
    name: str(r.name) ?? 'Chat',
    greeting: str(r.greeting),
    offlineMessage: str(r.offlineMessage),
    preChatForm: { enabled: form.enabled === true && fields.length > 0, fields },
    theme: {
      primaryColor: str(theme.primaryColor) ?? DEFAULT_PRIMARY,
      position: theme.position === 'left' ? 'left' : 'right',
    },
    attachments: {
      enabled: att.enabled === true,
      maxSizeBytes: typeof att.maxSizeBytes === 'number' && att.maxSizeBytes > 0 ? att.maxSizeBytes : 20 * 1024 * 1024,
      contentTypes: Array.isArray(att.contentTypes) ? att.contentTypes.filter((t): t is string => typeof t === 'string') : [],
    },
    persistence: r.persistence === 'local' ? 'local' : 'session',
    status: { open, staffed, available: typeof status.available === 'boolean' ? status.available : open && staffed },
    leaveMessage: { enabled: obj(r.leaveMessage).enabled === true },
    voice: { enabled: obj(r.voice).enabled === true },
  };
}
