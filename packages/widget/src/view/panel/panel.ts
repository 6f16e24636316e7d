/**
 * The panel: a dialog with the header (the chat's name, who the customer talks to, End
 * chat, minimise), a notice line (connection trouble, errors in words) and the body of
 * the phase: loading, error, offline (with the "Leave a message" form), the pre-chat form,
 * or the conversation; during a call ("Call us"), the call.
 */
import { html, nothing } from 'lit';
import { currentAgent } from '../../entries.js';
import { fill, initials } from '../../format.js';
import { callView } from '../call/call.js';
import { conversation } from '../conversation/conversation.js';
import type { ViewContext } from '../context.js';
import { alertIcon, chatIcon, closeIcon, minimiseIcon } from '../icons.js';
import { offline } from '../leave-message/leave-message.js';
import { prechat } from '../prechat/prechat.js';

function header(ctx: ViewContext) {
  const { st, s } = ctx;
  const name = st.config?.name ?? s.panelLabel;
  const agent = st.phase === 'chat' ? currentAgent(st.items, st.me) : undefined;
  const subtitle = ctx.call?.active
    ? s.callTitle
    : st.phase === 'chat'
      ? agent
        ? fill(s.chattingWith, { name: agent })
        : st.connection === 'connecting'
          ? s.connecting
          : s.waitingForAgent
      : undefined;
  return html`<header class="header" part="header">
    <div class="avatar" aria-hidden="true">${agent ? initials(agent) : chatIcon()}</div>
    <div class="titles">
      <h2 id="title" class="title" tabindex="-1" title=${name}>${name}</h2>
      ${subtitle ? html`<p class="subtitle" title=${subtitle}>${subtitle}</p>` : nothing}
    </div>
    ${
      st.phase === 'chat' && !st.confirmingEnd && !ctx.call?.active
        ? html`<button type="button" class="header-btn end" part="end-button" @click=${() => ctx.c.requestEnd()}>
          ${s.endChat}
        </button>`
        : nothing
    }
    <button type="button" class="header-btn icon-only" aria-label=${s.minimise} title=${s.minimise} @click=${() => ctx.c.close()}>
      ${minimiseIcon()}${closeIcon()}
    </button>
  </header>`;
}

function notices(ctx: ViewContext) {
  const { st, s } = ctx;
  const reconnecting = st.phase === 'chat' && st.connection === 'reconnecting';
  const broken = st.phase === 'chat' && st.connection === 'broken';
  if (!reconnecting && !st.error) return nothing;
  return html`<div class="notices">
    ${reconnecting ? html`<p class="notice info" role="status">${s.reconnecting}</p>` : nothing}
    ${
      st.error && st.phase !== 'error'
        ? html`<div class="notice error" role="alert">
          ${alertIcon()}
          <span class="notice-text">${st.error}</span>
          ${
            broken
              ? html`<button type="button" class="link-btn" @click=${() => ctx.c.retry()}>${s.retry}</button>`
              : html`<button type="button" class="link-btn" @click=${() => ctx.c.dismissError()}>${s.dismiss}</button>`
          }
        </div>`
        : nothing
    }
  </div>`;
}

function body(ctx: ViewContext) {
  const { st, s } = ctx;
  if (ctx.call?.active) return callView(ctx.call, s, ctx.now ?? Date.now());
  switch (st.phase) {
    case 'loading':
      return html`<div class="center"><p class="muted" role="status">${s.loading}</p></div>`;
    case 'error':
      return html`<div class="center">
        ${alertIcon()}
        <p role="alert">${st.error ?? s.errorGeneric}</p>
        <button type="button" class="btn secondary" @click=${() => ctx.c.retry()}>${s.retry}</button>
      </div>`;
    case 'offline':
      return offline(ctx);
    case 'prechat':
      return prechat(ctx);
    case 'starting':
      // From the form: the form stays (disabled) until the chat is there.
      return st.config?.preChatForm.enabled && st.pending.length === 0 ? prechat(ctx) : conversation(ctx);
    default:
      return conversation(ctx);
  }
}

export function panel(ctx: ViewContext) {
  const { st, s } = ctx;
  const form = st.phase === 'offline' && st.config?.leaveMessage.enabled && st.message.status !== 'sent';
  const compact = !ctx.call?.active && ((st.phase === 'offline' && !form) || st.phase === 'error' || st.phase === 'loading');
  return html`<section
    id="panel"
    class="panel ${compact ? 'compact' : ''}"
    part="panel"
    role="dialog"
    aria-modal="false"
    aria-labelledby="title"
    aria-label=${st.config ? nothing : s.panelLabel}
  >
    ${header(ctx)} ${notices(ctx)}
    <div class="body">${body(ctx)}</div>
    ${ctx.dragging ? html`<div class="drop" aria-hidden="true">${s.dropHere}</div>` : nothing}
  </section>`;
}
