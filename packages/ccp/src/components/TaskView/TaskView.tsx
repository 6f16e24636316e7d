import { useEffect, useRef, useState } from 'react';
import { t } from '../../i18n/index.js';
import { displayAttributes } from '../../lib/attributes.js';
import { clockTime, duration } from '../../lib/format.js';
import {
  compactDuration,
  pauseCount,
  pausedMs,
  referenceView,
  type TaskContact,
  taskReferences,
  timeLeft,
} from '../../lib/task.js';
import { useDesktopState, useNow } from '../../state/hooks.js';
import { queueLabel } from '../ContactPanel/queue-label.js';
import { CopyIcon, ExternalIcon, PauseIcon } from '../icons.js';
import { NameValueList } from '../NameValueList/NameValueList.js';
import './TaskView.css';

const dateTime = (iso: string): string => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(ms) : '';
};

/** A task: what to do (description, references, attributes), its times, its pauses, and what it is linked to. */
export function TaskView({ contact }: { contact: TaskContact }) {
  const { skew } = useDesktopState();
  const now = useNow() + skew;
  const paused = contact.state.type === 'paused';
  const left = contact.state.type === 'ended' ? undefined : timeLeft(contact.expiryTimestamp, now);
  const refs = taskReferences(contact);
  const attrs = displayAttributes(contact.attributes);
  const pauses = pauseCount(contact);
  const sincePause = Date.parse(contact.state.timestamp);

  const about: [string, string, boolean][] = [];
  if (contact.queue) about.push([t.details.queue, queueLabel(contact.queue, contact), false]);
  if (contact.queueTimestamp) about.push([t.details.started, clockTime(contact.queueTimestamp), false]);
  about.push([t.details.contactId, contact.contactId, true]);
  if (contact.previousContactId) about.push([t.task.previous, contact.previousContactId, true]);
  if (contact.relatedContactId) about.push([t.task.related, contact.relatedContactId, true]);

  return (
    <div className="sb-task">
      <div className="sb-task__content">
        {paused ? (
          <div className="sb-task__paused">
            <PauseIcon />
            <p>
              <strong>{t.task.pausedNow(duration(now - sincePause))}</strong>
              <span>{t.task.pausedTotal(pauses, duration(pausedMs(contact, now)))}</span>
            </p>
          </div>
        ) : null}

        {left || contact.scheduledTimestamp || contact.taskTemplate || (!paused && pauses > 0) ? (
          <dl className="sb-task__facts">
            {left ? (
              <div title={contact.expiryTimestamp ? t.task.expiresAt(dateTime(contact.expiryTimestamp)) : undefined}>
                <dt>{t.task.timeLeft}</dt>
                <dd>
                  <span
                    className={`sb-pill sb-pill--${left.tone === 'expired' ? 'danger' : left.tone === 'warn' ? 'warn' : 'neutral'}`}
                  >
                    {left.tone === 'expired' ? t.task.expired : t.task.expiresIn(compactDuration(left.ms))}
                  </span>
                </dd>
              </div>
            ) : null}
            {contact.scheduledTimestamp ? (
              <div>
                <dt>{t.task.scheduled}</dt>
                <dd>{dateTime(contact.scheduledTimestamp)}</dd>
              </div>
            ) : null}
            {!paused && pauses > 0 ? (
              <div>
                <dt>{t.task.pauses}</dt>
                <dd>{t.task.pausedTotal(pauses, duration(pausedMs(contact, now)))}</dd>
              </div>
            ) : null}
            {contact.taskTemplate ? (
              <div>
                <dt>{t.task.template}</dt>
                <dd>{contact.taskTemplate.name}</dd>
              </div>
            ) : null}
          </dl>
        ) : null}

        <section className="sb-task__section" aria-labelledby={`${contact.contactId}-desc`}>
          <h3 id={`${contact.contactId}-desc`}>{t.task.description}</h3>
          {contact.description ? (
            <p className="sb-task__description">{contact.description}</p>
          ) : (
            <p className="sb-task__none">{t.task.noDescription}</p>
          )}
        </section>

        {refs.length > 0 ? (
          <section className="sb-task__section" aria-labelledby={`${contact.contactId}-refs`}>
            <h3 id={`${contact.contactId}-refs`}>{t.task.references}</h3>
            <dl className="sb-task__list">
              {refs.map(([name, ref]) => {
                const v = referenceView(ref);
                return (
                  <div key={name}>
                    <dt>{name}</dt>
                    <dd>
                      {v.kind === 'link' ? (
                        v.href.startsWith('mailto:') ? (
                          <a href={v.href}>{v.text}</a>
                        ) : (
                          <a href={v.href} target="_blank" rel="noopener noreferrer">
                            {v.text}
                            <ExternalIcon />
                            <span className="sb-visually-hidden"> {t.task.newWindow}</span>
                          </a>
                        )
                      ) : (
                        v.text
                      )}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </section>
        ) : null}

        {attrs.length > 0 ? (
          <section className="sb-task__section" aria-labelledby={`${contact.contactId}-attrs`}>
            <h3 id={`${contact.contactId}-attrs`}>{t.task.attributes}</h3>
            <NameValueList className="sb-task__list" pairs={attrs} />
          </section>
        ) : null}

        <section className="sb-task__section" aria-labelledby={`${contact.contactId}-about`}>
          <h3 id={`${contact.contactId}-about`}>{t.task.about}</h3>
          <dl className="sb-task__list">
            {about.map(([k, v, copy]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd className={copy ? 'sb-task__id' : undefined}>
                  {copy ? <code>{v}</code> : v}
                  {copy ? <CopyButton what={k} value={v} /> : null}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </div>
  );
}

function CopyButton({ what, value }: { what: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(
      () => {
        setCopied(true);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setCopied(false), 2000);
      },
      () => undefined,
    );
  };
  return (
    <>
      <button
        type="button"
        className="sb-icon-button sb-task__copy"
        aria-label={t.task.copy(what)}
        title={t.task.copy(what)}
        onClick={copy}
      >
        <CopyIcon />
      </button>
      <span className="sb-task__copied" role="status">
        {copied ? t.task.copied : ''}
      </span>
    </>
  );
}
