import { t } from '../../i18n/index.js';
import { useDesktop, useDesktopState } from '../../state/hooks.js';
import './Notice.css';

/** The connection banner, the last failure, and what was just done ("Task created"), in words. */
export function Notice() {
  const desktop = useDesktop();
  const { connection, notice, info } = useDesktopState();
  return (
    <div className="sb-notices">
      {connection === 'reconnecting' || connection === 'connecting' ? (
        <p className="sb-banner sb-banner--warn" role="status">
          {t.connection.lost}
        </p>
      ) : null}
      {notice ? (
        <p className="sb-banner sb-banner--danger" role="alert">
          <span>{notice}</span>
          <button type="button" className="sb-button" onClick={() => desktop.dismissNotice()}>
            {t.chat.dismiss}
          </button>
        </p>
      ) : null}
      {/* Always there, so screen readers announce what comes into it. */}
      <p className="sb-banner sb-banner--ok" role="status">
        {info ?? ''}
      </p>
    </div>
  );
}
