import * as Dialog from '@radix-ui/react-dialog';
import type { QuickConnectEndpoint } from '@switchboard/agent-client';
import { useEffect, useState } from 'react';
import { describeError, t } from '../../i18n/index.js';
import { useDesktop } from '../../state/hooks.js';
import './TransferDialog.css';

/** What getEndpoints adds for the transfer dialog (docs/agent-api.md). */
type Endpoint = QuickConnectEndpoint & {
  readonly agentStatus?: { readonly name: string; readonly type: string } | null;
  /** The agent has a desktop open. */
  readonly agentOnline?: boolean;
  readonly contactsWaiting?: number;
};

interface Props {
  readonly open: boolean;
  readonly onOpenChange: (open: boolean) => void;
  readonly contactId: string;
  readonly queueARN: string | undefined;
  /** The dialog's title (default: transfer the chat). */
  readonly title?: string;
  /** What picking an endpoint does (default: transfer the contact there), and the words when it fails. */
  readonly onPick?: (endpointARN: string) => Promise<void>;
  readonly failed?: string;
}

/** The quick connects of the contact's queue: agents with their status, queues with who waits. */
export function TransferDialog({
  open,
  onOpenChange,
  contactId,
  queueARN,
  title = t.transfer.title,
  onPick,
  failed = t.transfer.failed,
}: Props) {
  const desktop = useDesktop();
  const [endpoints, setEndpoints] = useState<Endpoint[] | undefined>();
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setEndpoints(undefined);
    setError(undefined);
    setQuery('');
    desktop
      .endpoints(queueARN)
      .then((list) => setEndpoints(list as Endpoint[]))
      .catch((e: unknown) => {
        setEndpoints([]);
        setError(describeError(e));
      });
  }, [open, queueARN, desktop]);

  const q = query.trim().toLowerCase();
  const shown = (endpoints ?? []).filter((e) => e.type !== 'phone_number' && (!q || e.name.toLowerCase().includes(q)));
  const agents = shown.filter((e) => e.type === 'agent');
  const queues = shown.filter((e) => e.type === 'queue');

  const go = async (e: Endpoint) => {
    setBusy(true);
    setError(undefined);
    try {
      await (onPick ? onPick(e.endpointARN) : desktop.transfer(contactId, e.endpointARN));
      onOpenChange(false);
    } catch (err) {
      setError(`${failed} ${describeError(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const row = (e: Endpoint) => {
    const online = e.agentOnline !== false && !!e.agentStatus;
    const status =
      e.type === 'agent'
        ? online
          ? (t.states[e.agentStatus!.name] ?? e.agentStatus!.name)
          : t.transfer.offline
        : t.transfer.waiting(e.contactsWaiting ?? 0);
    const tone = e.type === 'agent' ? (!online ? 'neutral' : e.agentStatus?.type === 'routable' ? 'ok' : 'warn') : 'accent';
    return (
      <li key={e.endpointARN}>
        <button type="button" className="sb-endpoint" disabled={busy} onClick={() => void go(e)}>
          <span className="sb-endpoint__name">{e.name}</span>
          <span className={`sb-pill sb-pill--${tone}`}>{status}</span>
        </button>
      </li>
    );
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="sb-dialog-overlay" />
        <Dialog.Content className="sb-dialog sb-transfer" aria-describedby={undefined}>
          <Dialog.Title>{title}</Dialog.Title>
          <label className="sb-visually-hidden" htmlFor="sb-transfer-search">
            {t.transfer.search}
          </label>
          <input
            id="sb-transfer-search"
            className="sb-input"
            type="search"
            placeholder={t.transfer.search}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {error ? (
            <p className="sb-transfer__error" role="alert">
              {error}
            </p>
          ) : null}
          {endpoints === undefined ? <p className="sb-transfer__empty">{t.chat.loading}</p> : null}
          {endpoints && shown.length === 0 && !error ? <p className="sb-transfer__empty">{t.transfer.none}</p> : null}
          {agents.length > 0 ? (
            <section aria-labelledby="sb-transfer-agents">
              <h3 id="sb-transfer-agents">{t.transfer.agents}</h3>
              <ul className="sb-transfer__list">{agents.map(row)}</ul>
            </section>
          ) : null}
          {queues.length > 0 ? (
            <section aria-labelledby="sb-transfer-queues">
              <h3 id="sb-transfer-queues">{t.transfer.queues}</h3>
              <ul className="sb-transfer__list">{queues.map(row)}</ul>
            </section>
          ) : null}
          <div className="sb-dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="sb-button">
                {t.transfer.cancel}
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
