import { t } from '../../i18n/index.js';

/** A contact in an agent's own queue came to them directly (a transfer): say so. */
export const queueLabel = (q: { readonly queueARN: string; readonly name: string }): string =>
  /\/queue\/agent\//.test(q.queueARN) ? t.details.direct : q.name;
