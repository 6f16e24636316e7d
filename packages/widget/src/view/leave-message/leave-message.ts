/**
 * The offline state: the configuration's offline message, then (when the configuration
 * offers it) the "Leave a message" form — name, email, message — checked when submitted,
 * each problem in words beside its field (tied with aria-describedby), focus on the first;
 * a failure to send in words above the button; then "Thanks — we'll reply by email" with
 * Close. Without the form: the offline message alone.
 */
import { html, nothing } from 'lit';
import { fill } from '../../format.js';
import { MESSAGE_LIMITS, type MessageField } from '../../leave-message.js';
import type { ViewContext } from '../context.js';
import { alertIcon, checkIcon, moonIcon } from '../icons.js';

function offlineNote(ctx: ViewContext, withForm: boolean) {
  const { st, s } = ctx;
  const text = st.config?.offlineMessage;
  if (!withForm)
    return html`<div class="center offline">
      ${moonIcon()}
      ${
        text
          ? html`<h3 class="sr-only">${s.offlineTitle}</h3>
            <p class="offline-text pre-line">${text}</p>`
          : html`<h3 class="center-title">${s.offlineTitle}</h3>
            <p class="muted">${s.offlineDefault}</p>`
      }
    </div>`;
  return html`<div class="offline-note">
    ${moonIcon()}
    <div class="offline-note-text">
      <h3 class=${text ? 'sr-only' : 'offline-note-title'}>${s.offlineTitle}</h3>
      <p class="pre-line">${text ?? s.offlineDefault}</p>
    </div>
  </div>`;
}

function sent(ctx: ViewContext) {
  const { st, s, c } = ctx;
  return html`<div class="center leave-done" part="leave-message">
    <span class="done-badge" aria-hidden="true">${checkIcon(false)}</span>
    <h3 class="center-title" id="leave-done-title" tabindex="-1">${s.leaveSentTitle}</h3>
    <p class="muted leave-done-text">${fill(s.leaveSentText, { email: st.message.values.email.trim() })}</p>
    <button type="button" class="btn secondary" @click=${() => c.close()}>${s.leaveClose}</button>
  </div>`;
}

function form(ctx: ViewContext) {
  const { st, s, c } = ctx;
  const m = st.message;
  const sending = m.status === 'sending';
  const submit = async (e: Event) => {
    e.preventDefault();
    const formEl = e.currentTarget as HTMLFormElement;
    const ok = await c.submitMessage();
    // After the render that shows the problems: the first field with one; or the refusal,
    // scrolled into view with the button under it.
    if (!ok)
      requestAnimationFrame(() => {
        const invalid = formEl.querySelector<HTMLElement>('[aria-invalid="true"]');
        if (invalid) invalid.focus();
        else {
          const box = formEl.closest('.leave');
          if (box) box.scrollTop = box.scrollHeight;
        }
      });
  };
  const field = (name: MessageField, label: string, type: 'text' | 'email', autocomplete: string) => {
    const id = `lm-${name}`;
    const err = m.errors[name];
    return html`<div class="field">
      <label for=${id}>${label}<span class="req" aria-hidden="true"> ${s.requiredMark}</span><span class="sr-only"> (${s.required})</span></label>
      <input
        id=${id}
        name=${name}
        type=${type}
        autocomplete=${autocomplete}
        maxlength=${MESSAGE_LIMITS[name]}
        required
        aria-invalid=${err ? 'true' : 'false'}
        aria-describedby=${err ? `${id}-err` : nothing}
        .value=${m.values[name]}
        ?disabled=${sending}
        @input=${(e: Event) => c.setMessageField(name, (e.target as HTMLInputElement).value)}
      />
      ${err ? html`<p class="field-error" id="${id}-err">${err}</p>` : nothing}
    </div>`;
  };
  const messageErr = m.errors.message;
  return html`<div class="scroll leave" part="leave-message">
    ${offlineNote(ctx, true)}
    <h3 class="leave-title" id="leave-title">${s.leaveTitle}</h3>
    <p class="muted intro">${s.leaveIntro}</p>
    <form class="form" novalidate aria-labelledby="leave-title" @submit=${submit}>
      ${field('name', s.leaveName, 'text', 'name')} ${field('email', s.leaveEmail, 'email', 'email')}
      <div class="field">
        <label for="lm-message">${s.leaveMessage}<span class="req" aria-hidden="true"> ${s.requiredMark}</span><span class="sr-only"> (${s.required})</span></label>
        <textarea
          id="lm-message"
          name="message"
          rows="4"
          autocomplete="off"
          maxlength=${MESSAGE_LIMITS.message}
          required
          aria-invalid=${messageErr ? 'true' : 'false'}
          aria-describedby=${messageErr ? 'lm-message-err' : nothing}
          .value=${m.values.message}
          ?disabled=${sending}
          @input=${(e: Event) => c.setMessageField('message', (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${messageErr ? html`<p class="field-error" id="lm-message-err">${messageErr}</p>` : nothing}
      </div>
      ${m.error ? html`<p class="form-error" role="alert">${alertIcon()}<span>${m.error}</span></p>` : nothing}
      <button class="btn primary block" type="submit" ?disabled=${sending} aria-busy=${sending ? 'true' : 'false'}>
        ${sending ? s.leaveSending : s.leaveSubmit}
      </button>
    </form>
  </div>`;
}

/** The body of the offline state. */
export function offline(ctx: ViewContext) {
  const { st } = ctx;
  if (!st.config?.leaveMessage.enabled) return offlineNote(ctx, false);
  return st.message.status === 'sent' ? sent(ctx) : form(ctx);
}
