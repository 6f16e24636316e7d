/**
 * The conversation: the greeting, messages grouped by sender with their times and the
 * customer's delivered / read marks, events, messages still being sent, the typing
 * indicator, then (once the chat is over) the ended card; below it the uploads and the
 * composer, or the "End this chat?" confirmation.
 */
import type { Item } from '@switchboard/chat';
import { html, nothing } from 'lit';
import type { PendingMessage } from '../../controller.js';
import { CHAT_ENDED, eventText, groupRows, type Row } from '../../entries.js';
import { clockTime, fill, initials } from '../../format.js';
import type { ViewContext } from '../context.js';
import { ended } from '../ended/ended.js';
import { chatIcon, checkIcon, phoneIcon } from '../icons.js';
import { composer } from './composer.js';
import { bubbleClass, messageContent } from './message.js';

function receipt(ctx: ViewContext, item: Item) {
  const mark = ctx.st.receipts[item.Id];
  if (!mark) return nothing;
  const label = mark === 'read' ? ctx.s.read : ctx.s.delivered;
  return html`<span class="receipt ${mark}" title=${label}>${checkIcon(mark === 'read')}<span class="sr-only">${label}</span></span>`;
}

function group(ctx: ViewContext, row: Extract<Row, { kind: 'group' }>, pending: readonly PendingMessage[]) {
  const { st, s, locale } = ctx;
  const times = row.items.map((i) => clockTime(i.AbsoluteTime, locale));
  return html`<li class="group from-${row.sender}">
    ${
      row.sender === 'me'
        ? html`<span class="sr-only">${s.you}</span>`
        : html`<div class="group-head">
          <span class="mini-avatar" aria-hidden="true">${row.sender === 'system' ? chatIcon() : initials(row.name)}</span>
          <span class="name" title=${row.name}>${row.name}</span>
        </div>`
    }
    ${row.items.map((item, k) => {
      const index = st.items.indexOf(item);
      const last = k === row.items.length - 1 && pending.length === 0;
      const showMeta = !!times[k] && (last || times[k] !== times[k + 1]);
      return html`<div class="msg">
        <div class="bubble ${bubbleClass(item)}" part="message">${messageContent(ctx, item, index)}</div>
        ${
          showMeta
            ? html`<div class="meta">
              <time datetime=${item.AbsoluteTime}>${times[k]}</time>${row.sender === 'me' ? receipt(ctx, item) : nothing}
            </div>`
            : nothing
        }
      </div>`;
    })}
    ${pending.map(
      (p) => html`<div class="msg pending">
        <div class="bubble" part="message"><p>${p.text}</p></div>
        <div class="meta">
          ${
            p.status === 'failed'
              ? html`<span class="failed">${s.notSent}</span>
                <button type="button" class="link-btn" @click=${() => ctx.c.resend(p.clientId)}>${s.resend}</button>
                <button type="button" class="link-btn" @click=${() => ctx.c.discard(p.clientId)}>${s.dismiss}</button>`
              : html`<span>${s.sending}</span>`
          }
        </div>
      </div>`,
    )}
  </li>`;
}

function transcript(ctx: ViewContext) {
  const { st, s } = ctx;
  const config = st.config!;
  // The configuration's greeting opens the conversation, as the first of the system's messages.
  const greeting: Item[] = config.greeting
    ? [
        {
          Id: 'greeting',
          Type: 'MESSAGE',
          ContentType: 'text/plain',
          Content: config.greeting,
          ParticipantId: 'SYSTEM',
          ParticipantRole: 'SYSTEM',
          AbsoluteTime: st.items[0]?.AbsoluteTime ?? '',
        },
      ]
    : [];
  // Once it is over the ended card says so: the chat.ended line would say it twice.
  const rows = groupRows([...greeting, ...st.items], st.me, s, config.name).filter(
    (r) => !(st.phase === 'ended' && r.kind === 'event' && r.item.ContentType === CHAT_ENDED),
  );
  const lastRow = rows[rows.length - 1];
  const pendingJoins = lastRow?.kind === 'group' && lastRow.sender === 'me';
  const pending = st.phase === 'ended' ? st.pending.filter((p) => p.status !== 'failed') : st.pending;
  return html`<ol class="log" aria-label=${s.transcriptLabel}>
    ${
      (st.phase === 'ready' || st.phase === 'starting') && st.items.length === 0 && pending.length === 0
        ? html`<li class="hint">
          ${s.startHint}
          ${
            st.phase === 'ready' && st.config?.voice.enabled && ctx.startCall
              ? html`<p class="call-or" aria-hidden="true">${s.callOr}</p>
                <button class="btn secondary call-us" part="call-button" type="button" @click=${() => ctx.startCall?.()}>
                  ${phoneIcon()} ${s.callUs}
                </button>`
              : nothing
          }
        </li>`
        : nothing
    }
    ${rows.map((row, i) =>
      row.kind === 'event'
        ? html`<li class="event">
            <span>${eventText(row.item, s)}</span>
            <time datetime=${row.item.AbsoluteTime}>${clockTime(row.item.AbsoluteTime, ctx.locale)}</time>
          </li>`
        : group(ctx, row, pendingJoins && i === rows.length - 1 ? pending : []),
    )}
    ${
      pending.length > 0 && !pendingJoins ? group(ctx, { kind: 'group', sender: 'me', name: s.you, items: [] }, pending) : nothing
    }
    ${
      st.typing && st.phase === 'chat'
        ? html`<li class="typing">
          <span class="dots" aria-hidden="true"><i></i><i></i><i></i></span>
          <span>${fill(s.typing, { name: st.typing })}</span>
        </li>`
        : nothing
    }
    ${st.phase === 'ended' ? ended(ctx) : nothing}
  </ol>`;
}

function uploads(ctx: ViewContext) {
  const { st, s } = ctx;
  if (st.uploads.length === 0) return nothing;
  return html`<ul class="uploads">
    ${st.uploads.map((u) => {
      const percent = u.total > 0 ? Math.min(100, Math.round((u.loaded / u.total) * 100)) : 0;
      return u.error
        ? html`<li class="upload error" role="alert">
            <span class="upload-text">${u.error}</span>
            <button type="button" class="link-btn" @click=${() => ctx.c.dismissUpload(u.id)}>${s.dismiss}</button>
          </li>`
        : html`<li class="upload">
            <span class="upload-text">${fill(s.uploading, { name: u.name })}</span>
            <progress max="100" .value=${percent} aria-label=${fill(s.uploadProgress, { name: u.name, percent })}></progress>
          </li>`;
    })}
  </ul>`;
}

function confirmEnd(ctx: ViewContext) {
  const { st, s, c } = ctx;
  return html`<div class="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
    <p id="confirm-title" class="confirm-title">${s.endConfirmTitle}</p>
    <p id="confirm-text" class="muted">${s.endConfirmText}</p>
    <div class="confirm-actions">
      <button type="button" class="btn secondary" id="confirm-cancel" @click=${() => c.cancelEnd()}>${s.endCancel}</button>
      <button type="button" class="btn danger" ?disabled=${st.ending} @click=${() => c.endChat()}>
        ${st.ending ? s.ending : s.endConfirm}
      </button>
    </div>
  </div>`;
}

export function conversation(ctx: ViewContext) {
  const { st } = ctx;
  const talking = st.phase === 'chat' || st.phase === 'ready' || st.phase === 'starting';
  return html`<div class="scroll transcript" id="scroller">${transcript(ctx)}</div>
    ${talking ? html`<div class="footer">${uploads(ctx)} ${st.confirmingEnd ? confirmEnd(ctx) : composer(ctx)}</div>` : nothing}`;
}
