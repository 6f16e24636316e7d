import type { ContactData } from '@switchboard/agent-client';
import { useEffect, useId, useState } from 'react';
import { describeError, t } from '../../i18n/index.js';
import { duration } from '../../lib/format.js';
import { agentConnection, customerName } from '../../state/desktop.js';
import { useDesktopState, useNow, useSoftphone } from '../../state/hooks.js';
import { type AudioDevice, canPickOutput, customerConnection, type Softphone, thirdConnection } from '../../state/softphone.js';
import {
  HangUpIcon,
  HeadphonesIcon,
  KeypadIcon,
  MergeIcon,
  MicIcon,
  MicOffIcon,
  PauseIcon,
  PlayIcon,
  RecordIcon,
  SwapIcon,
} from '../icons.js';
import './CallView.css';

/** A voice call: its state and time, mute and hold, the customer's keys, the audio devices, the network. */
export function CallView({ contact }: { contact: ContactData<string> }) {
  const [phone, media] = useSoftphone();
  const { skew, leader, connection } = useDesktopState();
  // Without the server (a restart, a network cut) nobody knows how the call stands: it is
  // not shown as connected, and its controls wait until the desktop is back.
  const lost = connection === 'reconnecting' || connection === 'closed';
  const now = useNow() + skew;
  const ended = contact.state.type === 'ended';
  const customer = customerConnection(contact);
  // A colleague called in talks to the one who called them while the customer is held: not "on hold" for them.
  const calledIn = contact.calledIn === true;
  const customerHeld = customer?.state.type === 'hold';
  const held = customerHeld && !calledIn;
  const own = agentConnection(contact);
  const muted = own?.mute === true;
  // A supervisor's monitoring contact (MonitorContact): their own connection is `monitoring`.
  const monitoring = own?.type === 'monitoring';
  const barging = monitoring && own?.state.type === 'barge';
  const monitored = monitoring ? contact.connections.find((x) => x.type === 'outbound') : undefined;
  // On the agent's call: a supervisor barging in (everyone hears them), and their forced mute.
  const supervised = !monitoring && contact.connections.some((x) => x.type === 'monitoring' && x.state.type === 'barge');
  const forcedMute = !monitoring && own?.forcedMute === true;
  const third = monitoring ? undefined : thirdConnection(contact);
  const [acting, setBusy] = useState(false);
  const mine = media.contactId === contact.contactId;
  const busy = acting || lost;
  const since = Date.parse((held ? customer?.state.timestamp : undefined) ?? contact.state.timestamp);
  const act = (fn: () => Promise<void>) => {
    setBusy(true);
    void fn().finally(() => setBusy(false));
  };

  useEffect(() => {
    if (!ended) void phone.listDevices();
  }, [phone, ended]);

  const problem = mine && media.problem ? t.call.problems[media.problem] : undefined;
  const note = problem
    ? undefined
    : !leader
      ? t.call.otherTab
      : mine && media.media === 'connecting'
        ? t.call.connecting
        : mine && media.media === 'reconnecting'
          ? t.call.reconnecting
          : undefined;

  return (
    <div className="sb-call">
      {ended ? null : (
        <>
          <div
            className={`sb-call__status${lost ? ' sb-call__status--lost' : held ? ' sb-call__status--hold' : ''}`}
            role="status"
          >
            <span className="sb-call__state">
              {lost
                ? t.call.lost
                : monitoring
                  ? barging
                    ? t.call.barging
                    : t.call.listening
                  : held
                    ? t.call.onHold
                    : calledIn && customerHeld
                      ? t.call.withColleague
                      : t.call.connected}
            </span>
            {/* Read when asked, not announced every second. */}
            <span className="sb-call__timer" aria-live="off">
              {Number.isFinite(since) ? duration(now - since) : ''}
            </span>
            {contact.recording && !monitoring ? (
              <span className={`sb-call__rec${contact.recording === 'paused' ? ' sb-call__rec--paused' : ''}`}>
                {contact.recording === 'paused' ? t.call.recordingPaused : t.call.recording}
              </span>
            ) : null}
            {forcedMute ? (
              <span className="sb-call__muted">{t.call.forcedMute}</span>
            ) : muted && (!monitoring || barging) ? (
              <span className="sb-call__muted">{t.call.muted}</span>
            ) : null}
          </div>
          {monitoring ? <p className="sb-call__note">{t.call.monitoringNote(monitored?.endpoint.name ?? '', barging)}</p> : null}
          {supervised ? <p className="sb-call__note">{t.call.supervised}</p> : null}
          {problem ? (
            <p className="sb-call__problem" role="alert">
              {problem}
            </p>
          ) : note ? (
            <p className="sb-call__note">{note}</p>
          ) : null}
          <div className="sb-call__controls">
            {monitoring && !barging ? null : (
              <button
                type="button"
                className={`sb-button sb-call__control${muted ? ' sb-call__control--on' : ''}`}
                aria-pressed={muted}
                aria-keyshortcuts="Alt+M"
                disabled={busy || forcedMute}
                onClick={() => act(() => phone.setMuted(contact, !muted))}
              >
                {muted ? <MicOffIcon /> : <MicIcon />}
                <span>{muted ? t.call.unmute : t.call.mute}</span>
              </button>
            )}
            {monitoring && own?.monitorCapabilities?.includes('BARGE') ? (
              <button
                type="button"
                className={`sb-button sb-call__control${barging ? ' sb-call__control--on' : ''}`}
                aria-pressed={barging}
                disabled={busy}
                onClick={() => act(() => phone.setMonitorMode(contact, barging ? 'SILENT_MONITOR' : 'BARGE'))}
              >
                {barging ? <HeadphonesIcon /> : <MicIcon />}
                <span>{barging ? t.call.listenOnly : t.call.bargeIn}</span>
              </button>
            ) : null}
            {barging && monitored ? (
              // The supervisor's mute of the agent is a forced one (the agent's own mute is theirs).
              <button
                type="button"
                className={`sb-button sb-call__control${monitored.forcedMute ? ' sb-call__control--on' : ''}`}
                aria-pressed={monitored.forcedMute === true}
                disabled={busy}
                onClick={() => act(() => phone.setAgentMuted(contact, monitored.connectionId, monitored.forcedMute !== true))}
              >
                {monitored.forcedMute ? <MicOffIcon /> : <MicIcon />}
                <span>{monitored.forcedMute ? t.call.unmuteAgent : t.call.muteAgent}</span>
              </button>
            ) : null}
            {third || calledIn || monitoring ? null : (
              <button
                type="button"
                className={`sb-button sb-call__control${held ? ' sb-call__control--on' : ''}`}
                aria-pressed={held}
                disabled={busy}
                onClick={() => act(() => phone.setHold(contact, !held))}
              >
                {held ? <PlayIcon /> : <PauseIcon />}
                <span>{held ? t.call.resume : t.call.hold}</span>
              </button>
            )}
            {contact.recording && !monitoring && !calledIn ? (
              <button
                type="button"
                className={`sb-button sb-call__control${contact.recording === 'paused' ? ' sb-call__control--on' : ''}`}
                aria-pressed={contact.recording === 'paused'}
                disabled={busy}
                onClick={() => act(() => phone.setRecordingPaused(contact, contact.recording !== 'paused'))}
              >
                <RecordIcon />
                <span>{contact.recording === 'paused' ? t.call.resumeRecording : t.call.pauseRecording}</span>
              </button>
            ) : null}
          </div>
          {mine && media.media === 'connected' && !lost && !monitoring ? (
            <Keypad onKey={(k) => phone.sendDigits(contact.contactId, k)} />
          ) : null}
          {calledIn ? <p className="sb-call__note">{t.call.calledIn}</p> : null}
          {third ? <Parties contact={contact} phone={phone} busy={busy} act={act} /> : null}
        </>
      )}
      <dl className="sb-call__facts">
        <div>
          <dt>{t.call.digits}</dt>
          <dd className="sb-call__digits" aria-live="polite">
            {contact.customerDigits ? contact.customerDigits : <span className="sb-call__none">{t.call.noDigits}</span>}
          </dd>
        </div>
        {ended || !mine || media.media !== 'connected' ? null : (
          <div title={t.call.qualityHint}>
            <dt>{t.call.quality}</dt>
            <dd>
              <span className={`sb-call__quality sb-call__quality--${media.quality}`}>
                <span className="sb-call__bars" aria-hidden="true">
                  <span />
                  <span />
                  <span />
                </span>
                {t.call.qualities[media.quality]}
              </span>
            </dd>
          </div>
        )}
      </dl>
      {ended || !leader ? null : (
        <fieldset className="sb-call__devices">
          <legend>{t.call.devices}</legend>
          <DevicePicker
            label={t.call.microphone}
            devices={media.inputs}
            value={media.inputId}
            onChange={(id) => void phone.setInput(id)}
          />
          {canPickOutput() ? (
            <DevicePicker
              label={t.call.speaker}
              devices={media.outputs}
              value={media.outputId}
              onChange={(id) => phone.setOutput(id)}
            />
          ) : null}
        </fieldset>
      )}
    </div>
  );
}

/**
 * A consult: the customer and the colleague (or queue) called, each with their state and
 * hold / resume; hang up on the colleague; swap who is held; join all three.
 */
function Parties({
  contact,
  phone,
  busy,
  act,
}: {
  contact: ContactData<string>;
  phone: Softphone;
  busy: boolean;
  act: (fn: () => Promise<void>) => void;
}) {
  const customer = customerConnection(contact);
  const third = thirdConnection(contact);
  if (!customer || !third) return null;
  const answered = third.state.type !== 'connecting';
  const oneHeld = (customer.state.type === 'hold') !== (third.state.type === 'hold');
  const anyHeld = customer.state.type === 'hold' || third.state.type === 'hold';
  const rows = [
    { conn: customer, name: customerName(contact) || t.call.customer, role: t.call.customer },
    { conn: third, name: third.endpoint.name ?? '', role: third.endpoint.type === 'queue' ? t.transfer.queues : '' },
  ];
  return (
    <section className="sb-call__parties" aria-label={t.call.parties}>
      <ul>
        {rows.map(({ conn, name, role }) => {
          const state = conn.state.type;
          const onHold = state === 'hold';
          const isThird = conn === third;
          return (
            <li key={conn.connectionId} className="sb-call__party">
              <span className="sb-call__party-who">
                <span className="sb-call__party-name" title={name}>
                  {name}
                </span>
                {role && role !== name ? <span className="sb-call__party-role">{role}</span> : null}
              </span>
              <span className={`sb-pill sb-pill--${onHold ? 'warn' : state === 'connected' ? 'ok' : 'neutral'}`}>
                {t.call.partyStates[state] ?? state}
              </span>
              <span className="sb-call__party-actions">
                {state === 'connecting' ? null : (
                  <button
                    type="button"
                    className="sb-icon-button"
                    disabled={busy}
                    aria-label={onHold ? t.call.resumeParty(name) : t.call.holdParty(name)}
                    title={onHold ? t.call.resumeParty(name) : t.call.holdParty(name)}
                    onClick={() => act(() => phone.setHold(contact, !onHold, conn.connectionId))}
                  >
                    {onHold ? <PlayIcon /> : <PauseIcon />}
                  </button>
                )}
                {isThird ? (
                  <button
                    type="button"
                    className="sb-icon-button sb-icon-button--danger"
                    disabled={busy}
                    aria-label={t.call.hangUpOn(name)}
                    title={t.call.hangUpOn(name)}
                    onClick={() => act(() => phone.hangUpOn(contact, conn.connectionId))}
                  >
                    <HangUpIcon />
                  </button>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
      {answered ? (
        <div className="sb-call__controls">
          <button
            type="button"
            className="sb-button sb-call__control"
            disabled={busy || !oneHeld}
            title={t.call.swapHint}
            onClick={() => act(() => phone.swap(contact))}
          >
            <SwapIcon />
            <span>{t.call.swap}</span>
          </button>
          <button
            type="button"
            className="sb-button sb-call__control"
            disabled={busy || !anyHeld}
            title={t.call.conferenceHint}
            onClick={() => act(() => phone.conference(contact))}
          >
            <MergeIcon />
            <span>{t.call.conference}</span>
          </button>
        </div>
      ) : null}
    </section>
  );
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/**
 * The agent's keypad: each key is a DTMF tone on the agent's leg (an IVR on the other end,
 * a conference PIN). Folded until asked for; what was sent shows beneath.
 */
function Keypad({ onKey }: { onKey: (key: string) => void }) {
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState('');
  const [error, setError] = useState<string | undefined>();
  const id = useId();
  const press = (k: string) => {
    try {
      onKey(k);
      setSent((x) => (x + k).slice(-24));
      setError(undefined);
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <div className="sb-call__keypad">
      <button
        type="button"
        className={`sb-button sb-call__control${open ? ' sb-call__control--on' : ''}`}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        <KeypadIcon />
        <span>{t.call.keypad}</span>
      </button>
      {open ? (
        <fieldset id={id} className="sb-call__keys">
          <legend className="sb-visually-hidden">{t.call.keypadKeys}</legend>
          {KEYS.map((k) => (
            <button key={k} type="button" className="sb-button sb-call__key" onClick={() => press(k)}>
              {k}
            </button>
          ))}
          <p className="sb-call__sent" aria-live="polite">
            {error ? <span role="alert">{error}</span> : sent ? t.call.sent(sent) : t.call.keypadHint}
          </p>
        </fieldset>
      ) : null}
    </div>
  );
}

function DevicePicker({
  label,
  devices,
  value,
  onChange,
}: {
  label: string;
  devices: readonly AudioDevice[];
  value: string;
  onChange: (deviceId: string) => void;
}) {
  const id = useId();
  return (
    <div className="sb-call__device">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t.call.systemDefault}</option>
        {devices.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || t.call.device(i + 1)}
          </option>
        ))}
      </select>
    </div>
  );
}
