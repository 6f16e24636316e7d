import { ATTACHMENT_CONTENT_TYPES } from '@switchboard/core/chat-items';
import { type ChangeEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { fileSize } from '../../lib/format.js';
import { fillPlaceholders, type PlaceholderContext, unfilled } from '../../lib/placeholders.js';
import { t } from '../../i18n/index.js';
import type { QuickResponse } from '../../state/desktop.js';
import { ClipIcon, SendIcon } from '../icons.js';

/** The most a chat attachment may weigh (Connect's limit, and the server's default). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Why a file cannot be sent, before any upload; undefined when it can. */
export function attachmentProblem(file: { name: string; size: number; type: string }): string | undefined {
  if (file.size > MAX_ATTACHMENT_BYTES) return t.chat.tooBig(file.name, fileSize(MAX_ATTACHMENT_BYTES));
  if (!ATTACHMENT_CONTENT_TYPES.includes(file.type)) return t.chat.badType(file.name);
  return undefined;
}

interface Props {
  readonly disabled: boolean;
  readonly onSend: (text: string) => Promise<boolean>;
  readonly onTyping: () => void;
  readonly onFiles: (files: File[]) => void;
  readonly search: (query: string) => Promise<QuickResponse[]>;
  readonly placeholders: PlaceholderContext;
}

export function Composer({ disabled, onSend, onTyping, onFiles, search, placeholders }: Props) {
  const [text, setText] = useState('');
  const [warning, setWarning] = useState<string | undefined>();
  const [quick, setQuick] = useState<{ query: string; results: QuickResponse[]; active: number } | undefined>();
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const listId = useId();
  const hintId = useId();

  // "/" at the start of the box searches the quick responses.
  useEffect(() => {
    const m = /^\/(\S*)$/.exec(text);
    if (!m) {
      setQuick(undefined);
      return;
    }
    let live = true;
    const query = m[1] ?? '';
    const timer = setTimeout(() => {
      search(query)
        .then((results) => live && setQuick({ query, results, active: 0 }))
        .catch(() => live && setQuick({ query, results: [], active: 0 }));
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, search]);

  const resize = () => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  };

  const insert = (r: QuickResponse) => {
    const content = r.contents.markdown?.content ?? r.contents.plainText?.content ?? '';
    setText(fillPlaceholders(content, placeholders));
    setQuick(undefined);
    requestAnimationFrame(() => {
      resize();
      area.current?.focus();
    });
  };

  const send = async () => {
    const body = text.trim();
    if (!body || disabled) return;
    const left = unfilled(body);
    if (left.length > 0) {
      setWarning(t.chat.unfilled(left.join(', ')));
      return;
    }
    setWarning(undefined);
    if (await onSend(body)) {
      setText('');
      requestAnimationFrame(resize);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (quick && quick.results.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = quick.results.length;
        setQuick({ ...quick, active: (quick.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n });
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        const r = quick.results[quick.active];
        if (r) insert(r);
        return;
      }
    }
    if (quick && e.key === 'Escape') {
      e.preventDefault();
      setQuick(undefined);
      setText('');
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  const onChange = (e: ChangeEvent<HTMLTextAreaElement>) => {
    setText(e.target.value);
    setWarning(undefined);
    resize();
    if (e.target.value && !e.target.value.startsWith('/')) onTyping();
  };

  const activeId = quick?.results[quick.active] ? `${listId}-${quick.active}` : undefined;

  return (
    <div className="sb-composer">
      {quick ? (
        <div className="sb-quick">
          {quick.results.length === 0 ? (
            <p className="sb-quick__none">{t.quick.none}</p>
          ) : (
            <div id={listId} role="listbox" aria-label={t.quick.title} className="sb-quick__list">
              {quick.results.map((r, i) => (
                <div
                  key={r.quickResponseId}
                  id={`${listId}-${i}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === quick.active}
                  className="sb-quick__item"
                  onMouseDown={(e) => {
                    e.preventDefault();
                    insert(r);
                  }}
                >
                  <span className="sb-quick__name">
                    {r.name}
                    {r.shortcutKey ? <span className="sb-quick__key">/{r.shortcutKey}</span> : null}
                  </span>
                  <span className="sb-quick__preview">
                    {fillPlaceholders(r.contents.plainText?.content ?? r.contents.markdown?.content ?? '', placeholders)}
                  </span>
                </div>
              ))}
            </div>
          )}
          <p id={hintId} className="sb-quick__hint">
            {t.quick.hint}
          </p>
        </div>
      ) : null}
      {warning ? (
        <p className="sb-composer__warning" role="alert">
          {warning}
        </p>
      ) : null}
      <div className="sb-composer__row">
        <button
          type="button"
          className="sb-icon-button"
          aria-label={t.chat.attach}
          title={t.chat.attach}
          disabled={disabled}
          onClick={() => fileInput.current?.click()}
        >
          <ClipIcon />
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          multiple
          onChange={(e) => {
            onFiles([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <label className="sb-visually-hidden" htmlFor={`${listId}-input`}>
          {t.chat.placeholder}
        </label>
        <textarea
          id={`${listId}-input`}
          ref={area}
          className="sb-composer__input"
          rows={1}
          placeholder={t.chat.placeholder}
          value={text}
          disabled={disabled}
          onChange={onChange}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-expanded={quick !== undefined && quick.results.length > 0}
          aria-controls={quick ? listId : undefined}
          aria-activedescendant={activeId}
          aria-autocomplete="list"
          aria-describedby={quick ? hintId : undefined}
        />
        <button
          type="button"
          className="sb-icon-button sb-composer__send"
          aria-label={t.chat.send}
          title={t.chat.send}
          disabled={disabled || !text.trim()}
          onClick={() => void send()}
        >
          <SendIcon />
        </button>
      </div>
    </div>
  );
}
