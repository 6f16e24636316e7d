import { duration } from '../../lib/format.js';
import { t } from '../../i18n/index.js';
import { useDesktop, useDesktopState, useNow } from '../../state/hooks.js';
import { BellIcon, BellOffIcon, HelpIcon, MoonIcon, PlusIcon, SignOutIcon, SunIcon } from '../icons.js';
import './TopBar.css';

/** The agent's status (picker, system state, timer, queued next status) and the desktop's controls. */
export function TopBar({ onHelp, onNewTask }: { onHelp: () => void; onNewTask: () => void }) {
  const desktop = useDesktop();
  const { data, skew, ringMuted, theme } = useDesktopState();
  const now = useNow();
  if (!data) return null;
  const { snapshot, configuration } = data;
  const states = configuration.agentStates;
  const chosen =
    states.find((s) => s.name === snapshot.agentAvailabilityState.state) ?? states.find((s) => s.name === snapshot.state.name);
  const system = snapshot.state.name in t.states ? t.states[snapshot.state.name] : undefined;
  const since = Date.parse(snapshot.state.startTimestamp);
  const tone = system
    ? snapshot.state.type === 'error'
      ? 'danger'
      : 'warn'
    : snapshot.state.type === 'routable'
      ? 'ok'
      : snapshot.state.type === 'offline'
        ? 'off'
        : 'neutral';

  return (
    <header className="sb-top">
      <div className="sb-top__status">
        <span className={`sb-top__dot sb-top__dot--${tone}`} aria-hidden="true" />
        <label className="sb-visually-hidden" htmlFor="sb-status">
          {t.top.status}
        </label>
        <select
          id="sb-status"
          className="sb-top__select"
          value={chosen?.agentStateARN ?? ''}
          onChange={(e) => void desktop.setStatus(e.target.value).catch(() => undefined)}
        >
          {states.map((s) => (
            <option key={s.agentStateARN} value={s.agentStateARN}>
              {s.name}
            </option>
          ))}
        </select>
        <span className="sb-top__state" aria-live="polite">
          {system ? (
            <span
              className={`sb-pill sb-pill--${tone === 'danger' ? 'danger' : 'warn'}`}
              title={t.stateHints[snapshot.state.name]}
            >
              {system}
            </span>
          ) : null}
          <span className="sb-top__timer" title={snapshot.state.name}>
            {Number.isFinite(since) ? duration(now + skew - since) : ''}
          </span>
        </span>
      </div>
      <div className="sb-top__actions">
        <span className="sb-top__agent" title={configuration.username}>
          {configuration.name}
        </span>
        <button type="button" className="sb-button sb-top__new" title={t.task.newTask} onClick={onNewTask}>
          <PlusIcon />
          <span className="sb-top__new-label">{t.task.newTask}</span>
        </button>
        <button
          type="button"
          className="sb-icon-button"
          aria-label={ringMuted ? t.top.ringOff : t.top.ringOn}
          title={ringMuted ? t.top.ringOff : t.top.ringOn}
          aria-pressed={!ringMuted}
          onClick={() => desktop.toggleRing()}
        >
          {ringMuted ? <BellOffIcon /> : <BellIcon />}
        </button>
        <button
          type="button"
          className="sb-icon-button"
          aria-label={t.top.theme}
          title={t.top.theme}
          onClick={() => desktop.toggleTheme()}
        >
          {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
        </button>
        <button type="button" className="sb-icon-button" aria-label={t.top.help} title={t.top.help} onClick={onHelp}>
          <HelpIcon />
        </button>
        <button
          type="button"
          className="sb-icon-button"
          aria-label={t.top.signOut}
          title={t.top.signOut}
          onClick={() => void desktop.signOut()}
        >
          <SignOutIcon />
        </button>
      </div>
      {snapshot.nextState ? (
        <p className="sb-top__next" title={t.top.nextHint}>
          {t.top.next(snapshot.nextState.name)}
        </p>
      ) : null}
    </header>
  );
}
