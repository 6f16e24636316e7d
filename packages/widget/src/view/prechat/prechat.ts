/**
 * The pre-chat form: the configuration's fields with labels and required marks, checked
 * when submitted, each problem in words beside its field (and tied to it with
 * aria-describedby), focus on the first field with a problem.
 */
import { html, nothing } from 'lit';
import { inputKind } from '../../prechat.js';
import type { ViewContext } from '../context.js';
import { phoneIcon } from '../icons.js';

export function prechat(ctx: ViewContext) {
  const { st, s, c } = ctx;
  const config = st.config!;
  const starting = st.phase === 'starting';
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await c.submitPrechat();
    if (!ok) {
      const form = e.target as HTMLFormElement;
      // After the render that shows the problems: the first field with one.
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    }
  };
  return html`<div class="scroll prechat">
    ${config.greeting ? html`<p class="greeting pre-line">${config.greeting}</p>` : nothing}
    <p class="muted intro">${s.prechatIntro}</p>
    <form class="form" novalidate @submit=${submit}>
      ${config.preChatForm.fields.map((f) => {
        const id = `f-${f.name}`;
        const err = st.formErrors[f.name];
        const kind = inputKind(f.type);
        return html`<div class="field">
          <label for=${id}>
            ${f.label}${
              f.required
                ? html`<span class="req" aria-hidden="true"> ${s.requiredMark}</span><span class="sr-only"> (${s.required})</span>`
                : nothing
            }
          </label>
          <input
            id=${id}
            name=${f.name}
            type=${kind.type}
            autocomplete=${kind.autocomplete}
            maxlength=${f.maxLength ?? nothing}
            ?required=${f.required}
            aria-invalid=${err ? 'true' : 'false'}
            aria-describedby=${err ? `${id}-err` : nothing}
            .value=${st.formValues[f.name] ?? ''}
            ?disabled=${starting}
            @input=${(e: Event) => c.setField(f.name, (e.target as HTMLInputElement).value)}
          />
          ${err ? html`<p class="field-error" id="${id}-err">${err}</p>` : nothing}
        </div>`;
      })}
      <button class="btn primary block" type="submit" ?disabled=${starting}>
        ${starting ? s.prechatStarting : s.prechatSubmit}
      </button>
      ${
        config.voice.enabled && ctx.startCall
          ? html`<p class="call-or" aria-hidden="true">${s.callOr}</p>
            <button class="btn secondary block call-us" part="call-button" type="button" ?disabled=${starting} @click=${() => ctx.startCall?.()}>
              ${phoneIcon()} ${s.callUs}
            </button>`
          : nothing
      }
    </form>
  </div>`;
}
