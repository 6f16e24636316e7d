import { useEffect, useId, useState } from 'react';
import { duration } from '../../lib/format.js';
import { describeError, t } from '../../i18n/index.js';
import type { WrapUpCode } from '../../state/desktop.js';
import { useDesktop, useDesktopState, useNow } from '../../state/hooks.js';
import './AfterContactWork.css';

interface Props {
  readonly contactId: string;
  /** When the contact ended for this agent (ISO-8601). */
  readonly since: string;
}

/** Wrap-up: a code from the instance's list (searchable), notes, the ACW timer, and close. */
export function AfterContactWork({ contactId, since }: Props) {
  const desktop = useDesktop();
  const { skew } = useDesktopState();
  const now = useNow();
  const [codes, setCodes] = useState<WrapUpCode[] | undefined>();
  const [query, setQuery] = useState('');
  const [code, setCode] = useState<string | undefined>();
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    desktop
      .wrapUpCodes()
      .then(setCodes)
      .catch((e: unknown) => {
        setCodes([]);
        setError(describeError(e));
      });
  }, [desktop]);

  const q = query.trim().toLowerCase();
  const shown = (codes ?? []).filter((c) => !q || c.name.toLowerCase().includes(q) || c.description?.toLowerCase().includes(q));
  const needCode = (codes?.length ?? 0) > 0;

  const close = async () => {
    if (needCode && !code) {
      setError(t.acw.needCode);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      if (code) await desktop.saveWrapUp(contactId, code, notes.trim());
      await desktop.clear(contactId);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <section className="sb-acw" aria-labelledby={`${id}-title`}>
      <div className="sb-acw__head">
        <h2 id={`${id}-title`}>{t.acw.title}</h2>
        <span className="sb-acw__timer">{duration(now + skew - Date.parse(since))}</span>
      </div>
      {needCode ? (
        <fieldset className="sb-acw__codes">
          <legend>{t.acw.code}</legend>
          {codes && codes.length > 6 ? (
            <input
              className="sb-input"
              type="search"
              aria-label={t.acw.codeSearch}
              placeholder={t.acw.codeSearch}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          ) : null}
          <div className="sb-acw__options" role="radiogroup" aria-label={t.acw.code}>
            {shown.map((c) => (
              <label key={c.id} className={`sb-acw__option ${code === c.id ? 'sb-acw__option--on' : ''}`}>
                <input
                  type="radio"
                  name={`${id}-code`}
                  value={c.id}
                  checked={code === c.id}
                  onChange={() => {
                    setCode(c.id);
                    setError(undefined);
                  }}
                />
                <span>{c.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="sb-field">
        <label htmlFor={`${id}-notes`}>{t.acw.notes}</label>
        <textarea
          id={`${id}-notes`}
          className="sb-input sb-acw__notes"
          rows={3}
          maxLength={4096}
          placeholder={t.acw.notesPlaceholder}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </div>
      {error ? (
        <p className="sb-acw__error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="button" className="sb-button sb-button--primary sb-acw__close" disabled={busy} onClick={() => void close()}>
        {t.acw.clear}
      </button>
    </section>
  );
}
