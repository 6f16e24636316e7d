import type { ContactData } from '@switchboard/agent-client';
import { clockTime } from '../../lib/format.js';
import { displayAttributes } from '../../lib/attributes.js';
import { t } from '../../i18n/index.js';
import { queueLabel } from '../ContactPanel/queue-label.js';
import { NameValueList } from '../NameValueList/NameValueList.js';
import './ContactDetails.css';

/** Attributes, ids, queue and times of a contact. */
export function ContactDetails({ contact }: { contact: ContactData<string> }) {
  const attrs = displayAttributes(contact.attributes);
  const rows: [string, string | undefined][] = [
    [t.details.queue, contact.queue ? queueLabel(contact.queue) : undefined],
    [t.details.started, contact.queueTimestamp ? clockTime(contact.queueTimestamp) : undefined],
    [t.details.contactId, contact.contactId],
    [t.details.initial, contact.initialContactId !== contact.contactId ? contact.initialContactId : undefined],
    [t.details.previous, contact.previousContactId],
  ];
  return (
    <div className="sb-details">
      <NameValueList pairs={rows.filter((r): r is [string, string] => Boolean(r[1]))} rowClassName="sb-details__row" />
      <h3>{t.details.attributes}</h3>
      {attrs.length === 0 ? (
        <p className="sb-details__none">{t.details.none}</p>
      ) : (
        <NameValueList pairs={attrs} rowClassName="sb-details__row" />
      )}
    </div>
  );
}
