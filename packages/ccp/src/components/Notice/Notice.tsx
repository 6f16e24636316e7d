import { t } from '../../i18n/index.js';
import { useDesktop, useDesktopState } from '../../state/hooks.js';
import './Notice.css';

/** The connection banner and the last failure, in words. */
export function Notice() {
  const desktop = useDesktop();
  const { connection, notice } = useDesktopState();
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
    </div>
  );
}
