import { t } from '../../i18n/index.js';

/** A contact in an agent's own queue (`…/queue/agent/<id>`) came to them directly: a transfer. */
export const isDirect = (q: { readonly queueARN: string }): boolean => /\/queue\/agent\//.test(q.queueARN);

/**
 * The queue as the agent reads it: its name, or that it came to them directly — transferred,
 * or (a task made for them) sent to them.
 */
export const queueLabel = (
  q: { readonly queueARN: string; readonly name: string },
  contact?: { readonly type: string; readonly initiationMethod: string },
): string =>
  isDirect(q) ? (contact?.type === 'task' && contact.initiationMethod !== 'TRANSFER' ? t.task.direct : t.details.direct) : q.name;
