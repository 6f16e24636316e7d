/**
 * The ended card, at the end of the conversation: the transcript download, the
 * one-question rating (1–5 stars as a radio group, an optional comment, "Thank you"
 * after) and "Start a new chat".
 */
import { html, nothing } from 'lit';
import { dayStamp, fill } from '../../format.js';
import type { ViewContext } from '../context.js';
import { downloadIcon, starIcon } from '../icons.js';

function rating(ctx: ViewContext) {
  const { st, s, c } = ctx;
  const r = st.rating;
  if (r.status === 'sent') return html`<p class="thanks" role="status">${s.ratingThanks}</p>`;
  const submit = (e: Event) => {
    e.preventDefault();
    void c.submitRating();
  };
  return html`<form class="rating" @submit=${submit}>
    <fieldset>
      <legend>${s.ratingQuestion}</legend>
      <div class="stars">
        ${[1, 2, 3, 4, 5].map(
          (n) => html`<label class="star">
            <input
              type="radio"
              name="rating"
              value=${n}
              .checked=${r.value === n}
              aria-describedby=${r.error ? 'rating-error' : nothing}
              @change=${() => c.setRating(n)}
            />${starIcon(r.value !== undefined && n <= r.value)}<span class="sr-only">${fill(s.ratingStar, { n })}</span>
          </label>`,
        )}
      </div>
    </fieldset>
    ${r.error ? html`<p class="field-error" id="rating-error" role="alert">${r.error}</p>` : nothing}
    <label class="comment-label" for="rating-comment">${s.ratingComment}</label>
    <textarea
      id="rating-comment"
      rows="2"
      maxlength="1000"
      .value=${r.comment}
      @input=${(e: Event) => c.setComment((e.target as HTMLTextAreaElement).value)}
    ></textarea>
    <button type="submit" class="btn primary block" ?disabled=${r.status === 'sending'}>
      ${r.status === 'sending' ? s.ratingSending : s.ratingSubmit}
    </button>
  </form>`;
}

export function ended(ctx: ViewContext) {
  const { s, c } = ctx;
  const download = () => {
    const blob = new Blob([c.transcript()], { type: 'text/plain;charset=utf-8' });
    ctx.saveFile(blob, fill(s.transcriptFileName, { date: dayStamp(Date.now()) }));
  };
  return html`<li class="ended-card" part="ended">
    <h3 class="ended-title" id="ended-title" tabindex="-1">${s.endedTitle}</h3>
    <p class="muted">${s.endedText}</p>
    ${
      c.hasTranscript
        ? html`<button type="button" class="btn secondary" @click=${download}>${downloadIcon()} ${s.downloadTranscript}</button>`
        : nothing
    }
    ${rating(ctx)}
    <button type="button" class="link-btn new-chat" @click=${() => c.newChat()}>${s.startNewChat}</button>
  </li>`;
}
