import type { ContactData } from '@switchboard/agent-client';
import type { KeyboardEvent } from 'react';
import { initials } from '../../lib/format.js';
import { t } from '../../i18n/index.js';
import { agentConnection, customerName, isRinging } from '../../state/desktop.js';
import { useDesktop, useDesktopState } from '../../state/hooks.js';
import { PhoneIcon, TaskIcon } from '../icons.js';
import './ContactTabs.css';

export const tabId = (contactId: string) => `sb-tab-${contactId}`;
export const panelId = (contactId: string) => `sb-panel-${contactId}`;

const stateLabel = (c: ContactData<string>): [string, string] | undefined => {
  switch (c.state.type) {
    case 'ended':
      return [t.contactStates.ended, 'warn'];
    case 'missed':
    case 'rejected':
      return [t.contactStates.missed, 'danger'];
    case 'paused':
      return [t.contactStates.paused, 'paused'];
    default:
      // The customer on hold (not for a colleague called in: they are talking, to the one who called them).
      if (c.type === 'voice' && !c.calledIn && c.connections.some((x) => x.type === 'inbound' && x.state.type === 'hold')) {
        return [t.contactStates.onHold, 'paused'];
      }
      if (c.type === 'voice' && agentConnection(c)?.type === 'monitoring') return [t.call.monitoringKind, 'neutral'];
      return c.type === 'task' ? [t.task.kind, 'neutral'] : c.type === 'voice' ? [t.call.kind, 'neutral'] : undefined;
  }
};

/** One tab per open contact, chats and tasks (ringing offers are above, not here), with unread counts. */
export function ContactTabs() {
  const desktop = useDesktop();
  const { data, selected, unread } = useDesktopState();
  const contacts = (data?.snapshot.contacts ?? []).filter((c) => !isRinging(c));
  if (contacts.length === 0) return null;

  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = contacts.findIndex((c) => c.contactId === selected);
    const next = contacts[(i + (e.key === 'ArrowRight' ? 1 : contacts.length - 1)) % contacts.length];
    if (next) {
      desktop.select(next.contactId);
      document.getElementById(tabId(next.contactId))?.focus();
    }
  };

  return (
    <div className="sb-tabs" role="tablist" aria-label={t.tabs.label} onKeyDown={onKey}>
      {contacts.map((c) => {
        const name = customerName(c);
        const n = unread[c.contactId] ?? 0;
        const state = stateLabel(c);
        const isSelected = c.contactId === selected;
        return (
          <button
            key={c.contactId}
            id={tabId(c.contactId)}
            type="button"
            role="tab"
            aria-selected={isSelected}
            aria-controls={panelId(c.contactId)}
            tabIndex={isSelected ? 0 : -1}
            className="sb-tab"
            onClick={() => desktop.select(c.contactId)}
            title={name}
          >
            <span className={`sb-tab__avatar${c.type !== 'chat' ? ' sb-tab__avatar--task' : ''}`} aria-hidden="true">
              {c.type === 'task' ? <TaskIcon /> : c.type === 'voice' ? <PhoneIcon /> : initials(name)}
            </span>
            <span className="sb-tab__text">
              <span className="sb-tab__name">{name}</span>
              {state ? <span className={`sb-tab__state sb-tab__state--${state[1]}`}>{state[0]}</span> : null}
            </span>
            {n > 0 ? (
              <span className="sb-tab__badge">
                <span aria-hidden="true">{n > 99 ? '99+' : n}</span>
                <span className="sb-visually-hidden">{t.tabs.unread(n)}</span>
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}
