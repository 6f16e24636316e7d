import type { ContactData } from '@switchboard/agent-client';
import { useEffect, useRef } from 'react';
import { t } from '../../i18n/index.js';
import { displayAttributes } from '../../lib/attributes.js';
import { agentConnection, customerName, isRinging } from '../../state/desktop.js';
import { useDesktop, useDesktopState, useNow, useSoftphone } from '../../state/hooks.js';
import { isDirect, queueLabel } from '../ContactPanel/queue-label.js';
import { NameValueList } from '../NameValueList/NameValueList.js';
import './Incoming.css';

/** How long an offer rings before it goes back to the queue (the server's default). */
export const OFFER_TIMEOUT_MS = 30_000;

/** Every ringing offer: who, from which queue, what the flow attached, and accept / reject. */
export function Incoming() {
  const { data } = useDesktopState();
  const ringing = (data?.snapshot.contacts ?? []).filter(isRinging);
  if (ringing.length === 0) return null;
  return (
    <section className="sb-incoming" aria-label={t.incoming.title}>
      {ringing.map((c) => (
        <Offer key={c.contactId} contact={c} />
      ))}
    </section>
  );
}

function Offer({ contact }: { contact: ContactData<string> }) {
  const desktop = useDesktop();
  const { skew } = useDesktopState();
  const now = useNow(500);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const since = Date.parse(agentConnection(contact)?.state.timestamp ?? contact.state.timestamp);
  const left = Math.max(0, Math.ceil((since + OFFER_TIMEOUT_MS - (now + skew)) / 1000));
  const attrs = displayAttributes(contact.attributes).slice(0, 3);
  const name = customerName(contact);
  const task = contact.type === 'task';
  // A call's leg opens while it rings: a refused microphone shows before the agent accepts.
  const [, media] = useSoftphone();
  const problem =
    contact.type === 'voice' && media.contactId === contact.contactId && media.problem
      ? t.call.problems[media.problem]
      : undefined;

  useEffect(() => acceptRef.current?.focus(), []);

  return (
    <article
      className="sb-offer"
      aria-labelledby={`offer-${contact.contactId}`}
      aria-describedby={`offer-${contact.contactId}-queue`}
    >
      <div className="sb-offer__head">
        <span className="sb-offer__pulse" aria-hidden="true" />
        <h2 id={`offer-${contact.contactId}`} className="sb-offer__title">
          {task ? (
            <>
              {t.incoming.titleTask}
              <span className="sb-offer__name">{t.incoming.named(name)}</span>
            </>
          ) : (
            <>
              {contact.type === 'voice' ? t.incoming.titleCall : t.incoming.title}{' '}
              <span className="sb-offer__name">{t.incoming.from(name)}</span>
            </>
          )}
        </h2>
      </div>
      {task && contact.description ? <p className="sb-offer__description">{contact.description}</p> : null}
      <p id={`offer-${contact.contactId}-queue`} className="sb-offer__meta">
        {contact.queue ? (
          <span>{isDirect(contact.queue) ? queueLabel(contact.queue, contact) : t.incoming.queue(contact.queue.name)}</span>
        ) : null}
        <span className="sb-offer__countdown" aria-live="off">
          {t.incoming.expires(left)}
        </span>
      </p>
      {problem ? (
        <p className="sb-offer__problem" role="alert">
          {problem}
        </p>
      ) : null}
      {attrs.length > 0 ? <NameValueList className="sb-offer__attrs" pairs={attrs} /> : null}
      <div className="sb-offer__actions">
        <button
          ref={acceptRef}
          type="button"
          className="sb-button sb-button--ok"
          aria-keyshortcuts="Alt+A"
          onClick={() => void desktop.accept(contact.contactId).catch(() => undefined)}
        >
          {t.incoming.accept}
        </button>
        <button
          type="button"
          className="sb-button sb-button--danger"
          aria-keyshortcuts="Alt+R"
          onClick={() => void desktop.reject(contact.contactId).catch(() => undefined)}
        >
          {t.incoming.reject}
        </button>
      </div>
    </article>
  );
}
