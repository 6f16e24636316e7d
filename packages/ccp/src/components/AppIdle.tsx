import { t } from '../i18n/index.js';
import { useDesktopState } from '../state/hooks.js';

/** No open contact: say whether new ones will come. */
export function AppIdle({ hidden }: { hidden: boolean }) {
  const { data } = useDesktopState();
  if (hidden) return null;
  const routable = data?.snapshot.state.type === 'routable';
  return (
    <div className="sb-idle">
      <div className="sb-idle__art" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <h2>{t.idle.title}</h2>
      <p>{routable ? t.idle.available : t.idle.notAvailable}</p>
    </div>
  );
}
