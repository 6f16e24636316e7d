/** The composer: a growing text box (Enter sends, Shift+Enter breaks the line), attach, send. */
import { html, nothing } from 'lit';
import type { ViewContext } from '../context.js';
import { clipIcon, sendIcon } from '../icons.js';

/** The server's limit for a text message (characters). */
const MAX_MESSAGE = 1024;

function grow(t: HTMLTextAreaElement): void {
  t.style.blockSize = 'auto';
  t.style.blockSize = `${Math.min(t.scrollHeight, 120)}px`;
}

export function composer(ctx: ViewContext) {
  const { st, s, c } = ctx;
  const canAttach = st.phase === 'chat' && st.config?.attachments.enabled;
  const submit = (e: Event) => {
    e.preventDefault();
    const form = (e.target as HTMLElement).closest('form')!;
    const box = form.querySelector('textarea')!;
    const text = box.value;
    if (!text.trim()) return;
    box.value = '';
    grow(box);
    box.focus();
    void c.send(text);
  };
  return html`<form class="composer" part="composer" @submit=${submit}>
    <label class="sr-only" for="message">${s.composerLabel}</label>
    <textarea
      id="message"
      rows="1"
      maxlength=${MAX_MESSAGE}
      placeholder=${s.composerPlaceholder}
      aria-describedby="message-hint"
      enterkeyhint="send"
      @input=${(e: Event) => {
        grow(e.target as HTMLTextAreaElement);
        c.typing();
      }}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
      }}
    ></textarea>
    <span id="message-hint" class="sr-only">${s.composerHint}</span>
    ${
      canAttach
        ? html`<button type="button" class="icon-btn" aria-label=${s.attach} title=${s.attach} @click=${() => ctx.pickFile()}>
          ${clipIcon()}
        </button>`
        : nothing
    }
    <button type="submit" class="icon-btn send" aria-label=${s.send} title=${s.send}>${sendIcon()}</button>
  </form>`;
}
