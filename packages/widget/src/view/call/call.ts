/**
 * The call view ("Call us"): where the call stands in words (a live region), the timer once
 * an agent answered, the customer's microphone level, and the controls — mute, keypad
 * (0–9 * #, sent as DTMF), hang up; after the call, "Call ended" (or what went wrong) with
 * Back and Call again. The state and actions are CallController's (call.ts).
 */
import { html, nothing } from 'lit';
import type { CallController, CallState } from '../../call.js';
import { fill } from '../../format.js';
import type { Strings } from '../../strings/en.js';
import { alertIcon, hangUpIcon, keypadIcon, micIcon, phoneIcon } from '../icons.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** m:ss (h:mm:ss past an hour). */
export function callTime(ms: number): string {
  const t = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function words(st: CallState, s: Strings): { title: string; hint?: string } {
  if (st.reconnecting && (st.status === 'waiting' || st.status === 'connected' || st.status === 'held'))
    return { title: s.callReconnectingTitle };
  switch (st.status) {
    case 'microphone':
      return { title: s.callAskingMic };
    case 'waiting':
      return { title: s.callWaiting, hint: s.callWaitingHint };
    case 'connected':
      return { title: s.callConnected };
    case 'held':
      return { title: s.callHeld, hint: s.callHeldHint };
    case 'ended':
      return { title: s.callEnded, hint: s.callEndedHint };
    case 'failed':
      return { title: s.callFailedTitle };
    default:
      return { title: s.callConnecting };
  }
}

export function callView(call: CallController, s: Strings, now: number) {
  const st = call.state;
  const over = st.status === 'ended' || st.status === 'failed';
  const live = st.status === 'waiting' || st.status === 'connected' || st.status === 'held';
  const { title, hint } = words(st, s);
  const timer = st.connectedAt !== undefined && live ? callTime(now - st.connectedAt) : undefined;
  return html`<div class="call" part="call">
    <div class="call-status">
      <span class="call-badge ${over ? 'over' : ''} ${st.status === 'failed' ? 'bad' : ''}" aria-hidden="true"
        >${st.status === 'failed' ? alertIcon() : phoneIcon()}</span
      >
      <h3 id="call-title" class="call-title" tabindex="-1" role="status" aria-live="polite">${title}</h3>
      ${
        timer
          ? html`<p class="call-timer"><span class="sr-only">${fill(s.callTimer, { time: '' })}</span><time>${timer}</time></p>`
          : nothing
      }
      ${hint ? html`<p class="muted call-hint">${hint}</p>` : nothing}
      ${st.reconnecting && !over ? html`<p class="call-reconnecting" role="status">${s.callReconnecting}</p>` : nothing}
      ${st.error ? html`<p class="call-error" role="alert">${st.error}</p>` : nothing}
    </div>
    ${
      over
        ? html`<div class="call-after">
          <button type="button" class="btn secondary" @click=${() => call.dismiss()}>${s.callBack}</button>
          <button type="button" class="btn primary" @click=${() => void call.start()}>${phoneIcon()} ${s.callAgain}</button>
        </div>`
        : html`
          <div class="call-meter">
            <meter
              aria-labelledby="call-level"
              min="0"
              max="1"
              .value=${st.level}
              class=${st.muted ? 'muted' : ''}
            ></meter>
            <span class="meter-bar" aria-hidden="true"><span style="inline-size:${Math.round(st.level * 100)}%"></span></span>
            ${
              st.muted
                ? html`<span class="call-muted" id="call-level">${s.callMutedNote}</span>`
                : html`<span class="muted meter-label" id="call-level">${s.callMicLevel}</span>`
            }
          </div>
          ${
            st.keypad
              ? html`<div class="keypad" role="group" aria-label=${s.callKeypadLabel}>
                ${KEYS.map(
                  (k) => html`<button type="button" class="key" ?disabled=${!live} @click=${() => call.press(k)}>${k}</button>`,
                )}
                <p class="keypad-digits" aria-live="polite">${st.digits ? fill(s.callDigits, { digits: st.digits }) : ''}</p>
              </div>`
              : nothing
          }
          <div class="call-controls">
            <button
              type="button"
              class="round ${st.muted ? 'on' : ''}"
              aria-pressed=${st.muted ? 'true' : 'false'}
              @click=${() => call.toggleMute()}
            >
              ${micIcon(st.muted)}<span>${st.muted ? s.callUnmute : s.callMute}</span>
            </button>
            <button
              type="button"
              class="round ${st.keypad ? 'on' : ''}"
              aria-expanded=${st.keypad ? 'true' : 'false'}
              ?disabled=${!live}
              @click=${() => call.toggleKeypad()}
            >
              ${keypadIcon()}<span>${st.keypad ? s.callHideKeypad : s.callKeypad}</span>
            </button>
            <button type="button" class="round hangup" @click=${() => call.hangUp()}>
              ${hangUpIcon()}<span>${s.callHangUp}</span>
            </button>
          </div>
        `
    }
  </div>`;
}
