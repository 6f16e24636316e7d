import * as Dialog from '@radix-ui/react-dialog';
import type { ContactData } from '@switchboard/agent-client';
import { useEffect, useState } from 'react';
import { duration, initials } from '../../lib/format.js';
import { t } from '../../i18n/index.js';
import type { TaskContact } from '../../lib/task.js';
import { agentConnection, customerName } from '../../state/desktop.js';
import { useDesktop, useDesktopState, useNow, useSoftphone, useTasks } from '../../state/hooks.js';
import { thirdConnection } from '../../state/softphone.js';
import { AfterContactWork } from '../AfterContactWork/AfterContactWork.js';
import { CallView } from '../CallView/CallView.js';
import { ChatView } from '../ChatView/ChatView.js';
import { ContactDetails } from '../ContactDetails/ContactDetails.js';
import { panelId, tabId } from '../ContactTabs/ContactTabs.js';
import { ConsultIcon, EndIcon, HangUpIcon, InfoIcon, PauseIcon, PhoneIcon, PlayIcon, TaskIcon, TransferIcon } from '../icons.js';
import { TaskView } from '../TaskView/TaskView.js';
import { TransferDialog } from '../TransferDialog/TransferDialog.js';
import { queueLabel } from './queue-label.js';
import './ContactPanel.css';

const WIDE = '(min-width: 860px)';

function useWide(): boolean {
  const [wide, setWide] = useState(() => globalThis.matchMedia?.(WIDE).matches ?? false);
  useEffect(() => {
    const m = globalThis.matchMedia?.(WIDE);
    if (!m) return;
    const on = () => setWide(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return wide;
}

/** The selected contact: its header and actions, the conversation or the task, wrap-up, details. */
export function ContactPanel({
  contact,
  transferOpen,
  setTransferOpen,
}: {
  contact: ContactData<string>;
  transferOpen: boolean;
  setTransferOpen: (open: boolean) => void;
}) {
  const desktop = useDesktop();
  const tasks = useTasks();
  const { skew } = useDesktopState();
  const now = useNow();
  const wide = useWide();
  const [detailsOpen, setDetailsOpen] = useState(false);
  const name = customerName(contact);
  const chat = desktop.chat(contact.contactId);
  const state = contact.state.type;
  const connected = state === 'connected' || state === 'paused';
  // A task shows its details in its own view, not beside it.
  const task = contact.type === 'task';
  const voice = contact.type === 'voice';
  const [phone] = useSoftphone();
  const [consultOpen, setConsultOpen] = useState(false);
  // A supervisor's monitoring contact: theirs to listen to, barge into or leave; not to transfer.
  const monitoring = voice && agentConnection(contact)?.type === 'monitoring';
  const third = voice && !monitoring ? thirdConnection(contact) : undefined;
  const [pausing, setPausing] = useState(false);
  const togglePause = () => {
    setPausing(true);
    void (state === 'paused' ? tasks.resume(contact.contactId) : tasks.pause(contact.contactId))
      .catch(() => undefined)
      .finally(() => setPausing(false));
  };
  const since = Date.parse(agentConnection(contact)?.state.timestamp ?? contact.state.timestamp);

  return (
    <div className="sb-contact" id={panelId(contact.contactId)} role="tabpanel" aria-labelledby={tabId(contact.contactId)}>
      <div className="sb-contact__main">
        <div className="sb-contact__head">
          <span className={`sb-contact__avatar${task || voice ? ' sb-contact__avatar--task' : ''}`} aria-hidden="true">
            {task ? <TaskIcon /> : voice ? <PhoneIcon /> : initials(name)}
          </span>
          <div className="sb-contact__who">
            <h2 className="sb-contact__name" title={name}>
              {name}
            </h2>
            <p className="sb-contact__sub">
              {task || voice ? <span className="sb-contact__kind">{task ? t.task.kind : t.call.kind}</span> : null}
              {contact.queue ? <span>{queueLabel(contact.queue, contact)}</span> : null}
              <span className="sb-contact__timer">{Number.isFinite(since) ? duration(now + skew - since) : ''}</span>
            </p>
          </div>
          <div className="sb-contact__actions">
            {!wide && !task ? (
              <button
                type="button"
                className="sb-icon-button"
                aria-label={t.chat.details}
                title={t.chat.details}
                onClick={() => setDetailsOpen(true)}
              >
                <InfoIcon />
              </button>
            ) : null}
            {connected ? (
              <>
                {task ? (
                  <button type="button" className="sb-button" disabled={pausing} onClick={togglePause}>
                    {state === 'paused' ? <PlayIcon /> : <PauseIcon />}
                    <span className="sb-contact__label">{state === 'paused' ? t.task.resume : t.task.pause}</span>
                  </button>
                ) : null}
                {voice && (contact.calledIn || third || monitoring) ? null : (
                  <button type="button" className="sb-button" aria-keyshortcuts="Alt+T" onClick={() => setTransferOpen(true)}>
                    <TransferIcon />
                    <span className="sb-contact__label">{voice ? t.call.transfer : t.chat.transfer}</span>
                  </button>
                )}
                {voice && !contact.calledIn && !third && !monitoring ? (
                  <button type="button" className="sb-button" onClick={() => setConsultOpen(true)}>
                    <ConsultIcon />
                    <span className="sb-contact__label">{t.call.consult}</span>
                  </button>
                ) : null}
                <button
                  type="button"
                  className="sb-button sb-button--danger"
                  aria-keyshortcuts="Alt+E"
                  title={third ? t.call.leaveHint : undefined}
                  onClick={() => void desktop.end(contact.contactId).catch(() => undefined)}
                >
                  {voice ? <HangUpIcon /> : <EndIcon />}
                  <span className="sb-contact__label">
                    {task
                      ? t.task.end
                      : monitoring
                        ? t.call.stopMonitoring
                        : third
                          ? t.call.leave
                          : voice
                            ? t.call.hangUp
                            : t.chat.end}
                  </span>
                </button>
              </>
            ) : null}
          </div>
        </div>
        {state === 'missed' || state === 'rejected' ? (
          <div className="sb-contact__missed">
            <p>{t.incoming.missed}</p>
            <button
              type="button"
              className="sb-button sb-button--primary"
              onClick={() => void desktop.clear(contact.contactId).catch(() => undefined)}
            >
              {t.acw.clear}
            </button>
          </div>
        ) : task ? (
          <TaskView contact={contact as TaskContact} />
        ) : voice ? (
          <CallView contact={contact} />
        ) : chat ? (
          <ChatView
            chat={chat}
            contactId={contact.contactId}
            customerName={name}
            attributes={contact.attributes}
            readOnly={state === 'ended'}
          />
        ) : (
          <div className="sb-contact__body">
            {contact.name ? <h3>{contact.name}</h3> : null}
            {contact.description ? <p>{contact.description}</p> : null}
          </div>
        )}
        {state === 'ended' ? <AfterContactWork contactId={contact.contactId} since={contact.state.timestamp} /> : null}
      </div>
      {task ? null : wide ? (
        <aside className="sb-contact__aside" aria-label={t.details.title}>
          <h2 className="sb-contact__aside-title">{t.details.title}</h2>
          <ContactDetails contact={contact} />
        </aside>
      ) : (
        <Dialog.Root open={detailsOpen} onOpenChange={setDetailsOpen}>
          <Dialog.Portal>
            <Dialog.Overlay className="sb-dialog-overlay" />
            <Dialog.Content className="sb-dialog" aria-describedby={undefined}>
              <Dialog.Title>{t.details.title}</Dialog.Title>
              <ContactDetails contact={contact} />
              <div className="sb-dialog-actions">
                <Dialog.Close asChild>
                  <button type="button" className="sb-button">
                    {t.help.close}
                  </button>
                </Dialog.Close>
              </div>
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
      )}
      <TransferDialog
        open={transferOpen}
        onOpenChange={setTransferOpen}
        contactId={contact.contactId}
        queueARN={contact.queue?.queueARN}
        title={task ? t.task.transferTitle : voice ? t.call.transferTitle : t.transfer.title}
      />
      {voice ? (
        <TransferDialog
          open={consultOpen}
          onOpenChange={setConsultOpen}
          contactId={contact.contactId}
          queueARN={contact.queue?.queueARN}
          title={t.call.consultTitle}
          failed={t.call.consultFailed}
          onPick={(endpointARN) => phone.consult(contact, endpointARN)}
        />
      ) : null}
    </div>
  );
}
