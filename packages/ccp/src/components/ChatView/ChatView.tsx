import { type DragEvent, useEffect, useMemo, useState } from 'react';
import { attributeValues } from '../../lib/attributes.js';
import { t } from '../../i18n/index.js';
import type { ChatStore } from '../../state/chat-store.js';
import { useChat, useDesktop, useDesktopState } from '../../state/hooks.js';
import { Composer, attachmentProblem } from './Composer.js';
import { Transcript } from './Transcript.js';
import './ChatView.css';

interface Props {
  readonly chat: ChatStore;
  readonly contactId: string;
  readonly customerName: string;
  readonly attributes: Readonly<Record<string, { name: string; value: string }>>;
  /** After-contact work: the transcript stays, the composer goes. */
  readonly readOnly: boolean;
}

/** The conversation of one chat: transcript, typing, marks, uploads, and the composer. */
export function ChatView({ chat, contactId, customerName, attributes, readOnly }: Props) {
  const desktop = useDesktop();
  const { selected } = useDesktopState();
  const state = useChat(chat);
  const [dragging, setDragging] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const visible = selected === contactId;

  // What the agent sees is read: mark the customer's messages when this tab is in view.
  useEffect(() => {
    if (!visible || document.visibilityState === 'hidden') return;
    chat.markRead(state.items);
  }, [visible, state.items, chat]);

  const placeholders = useMemo(() => ({ customerName, attributes: attributeValues(attributes) }), [customerName, attributes]);

  const files = (list: File[]) => {
    const bad: string[] = [];
    for (const f of list) {
      const problem = attachmentProblem(f);
      if (problem) bad.push(problem);
      else void chat.attach(f);
    }
    setProblems(bad);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!readOnly) files([...e.dataTransfer.files]);
  };

  return (
    <section
      className={`sb-chat ${dragging ? 'sb-chat--drop' : ''}`}
      aria-label={t.chat.transcript}
      onDragOver={(e) => {
        if (readOnly || !e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      {state.connection === 'reconnecting' ? (
        <p className="sb-chat__status" role="status">
          {t.connection.chatReconnecting}
        </p>
      ) : null}
      <Transcript
        items={state.items}
        me={chat.participantId}
        receipts={state.receipts}
        typing={state.typing}
        loading={state.loading}
        onDownload={(id, name) => void chat.download(id, name)}
      />
      {state.uploads.length > 0 || problems.length > 0 || state.error ? (
        <div className="sb-chat__notes">
          {state.uploads.map((u) => (
            <div key={u.id} className={`sb-upload ${u.error ? 'sb-upload--error' : ''}`}>
              <span className="sb-upload__name">{u.error ?? t.chat.uploading(u.name)}</span>
              {u.error ? (
                <button type="button" className="sb-button" onClick={() => chat.dismissUpload(u.id)}>
                  {t.chat.dismiss}
                </button>
              ) : (
                <progress max={u.total} value={u.loaded} aria-label={t.chat.uploading(u.name)} />
              )}
            </div>
          ))}
          {problems.map((p) => (
            <p key={p} className="sb-chat__problem" role="alert">
              {p}
            </p>
          ))}
          {state.error ? (
            <p className="sb-chat__problem" role="alert">
              {state.error}{' '}
              <button type="button" className="sb-button" onClick={() => chat.clearError()}>
                {t.chat.dismiss}
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
      {readOnly ? null : (
        <Composer
          disabled={state.connection === 'ended' || state.connection === 'broken'}
          onSend={(text) => chat.send(text)}
          onTyping={() => chat.typing()}
          onFiles={files}
          search={(q) => desktop.quickResponses(q)}
          placeholders={placeholders}
        />
      )}
      {dragging ? (
        <div className="sb-chat__dropzone" aria-hidden="true">
          {t.chat.drop}
        </div>
      ) : null}
    </section>
  );
}
