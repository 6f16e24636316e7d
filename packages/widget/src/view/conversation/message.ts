/** One message's content: text (markdown or plain, made safe), files, or an interactive picker. */
import type { Item } from '@switchboard/chat';
import { html, nothing } from 'lit';
import { answeredAfter, senderOf } from '../../entries.js';
import { fill } from '../../format.js';
import { INTERACTIVE, type InteractiveMessage, parseInteractive } from '../../interactive.js';
import { type Block, parseMarkdown, parsePlain } from '../../markdown.js';
import type { ViewContext } from '../context.js';
import { checkIcon, downloadIcon, fileIcon } from '../icons.js';
import { richText } from './rich-text.js';

// Items never change: what they parse to is kept as long as they live.
const parsed = new WeakMap<Item, readonly Block[] | InteractiveMessage | undefined>();
function parse<T>(item: Item, fn: () => T): T {
  if (!parsed.has(item)) parsed.set(item, fn() as never);
  return parsed.get(item) as T;
}

export const textBlocks = (item: Item): readonly Block[] =>
  parse(item, () => (item.ContentType === 'text/markdown' ? parseMarkdown : parsePlain)(item.Content ?? ''));

function files(ctx: ViewContext, item: Item) {
  const { s } = ctx;
  const download = async (id: string, name: string) => {
    const blob = await ctx.c.download(id);
    if (blob) ctx.saveFile(blob, name);
  };
  return html`<ul class="files">
    ${(item.Attachments ?? []).map((a) =>
      a.Status === 'APPROVED'
        ? html`<li>
            <button
              type="button"
              class="file"
              aria-label=${fill(s.download, { name: a.AttachmentName })}
              @click=${() => download(a.AttachmentId, a.AttachmentName)}
            >
              ${fileIcon()}<span class="file-name">${a.AttachmentName}</span>${downloadIcon()}
            </button>
          </li>`
        : html`<li class="file unavailable">
            ${fileIcon()}<span class="file-name">${fill(s.attachmentUnavailable, { name: a.AttachmentName })}</span>
          </li>`,
    )}
  </ul>`;
}

function interactive(ctx: ViewContext, item: Item, index: number) {
  const { st, s, c } = ctx;
  const m = parse(item, () => parseInteractive(item.Content));
  if (!m) return html`<p class="muted">${s.unsupportedMessage}</p>`;
  // What was chosen: here and now, or (after a reload, or in another tab) the customer's next message.
  let chosen = st.chosen[item.Id];
  if (!chosen) {
    const next = st.items.slice(index + 1).find((x) => x.Type === 'MESSAGE' && senderOf(x, st.me) === 'me');
    chosen = m.choices.find((ch) => ch.title === next?.Content?.trim())?.title;
  }
  const done = !!chosen || answeredAfter(st.items, index, st.me) || st.phase !== 'chat';
  return html`${m.title ? html`<p class="ix-title">${m.title}</p>` : nothing}
    ${m.subtitle ? html`<p class="ix-subtitle">${m.subtitle}</p>` : nothing}
    <ul class="choices ${m.kind === 'list' ? 'list' : 'quick'}" aria-label=${m.title || s.chooseOne}>
      ${m.choices.map(
        (ch) =>
          html`<li>
            <button
              type="button"
              class="choice"
              ?disabled=${done}
              aria-pressed=${chosen === ch.title ? 'true' : 'false'}
              @click=${() => c.choose(item.Id, ch.title)}
            >
              <span class="choice-title">${ch.title}</span>
              ${ch.subtitle ? html`<span class="choice-subtitle">${ch.subtitle}</span>` : nothing}
              ${chosen === ch.title ? checkIcon(false) : nothing}
            </button>
          </li>`,
      )}
    </ul>`;
}

/** The bubble's content. */
export function messageContent(ctx: ViewContext, item: Item, index: number) {
  if (item.Type === 'ATTACHMENT') return files(ctx, item);
  if (item.ContentType === INTERACTIVE) return interactive(ctx, item, index);
  return richText(textBlocks(item));
}

/** The bubble's kind: pickers are wider, files go without the bubble's colour. */
export const bubbleClass = (item: Item): string =>
  item.ContentType === INTERACTIVE ? 'wide' : item.Type === 'ATTACHMENT' ? 'files-only' : '';
