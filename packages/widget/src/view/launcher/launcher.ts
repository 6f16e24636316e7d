/** The launcher: a round button at the bottom corner that opens and closes the panel, with the unread badge. */
import { html, nothing } from 'lit';
import { fill } from '../../format.js';
import type { ViewContext } from '../context.js';
import { chatIcon, closeIcon } from '../icons.js';

export function launcher(ctx: ViewContext) {
  const { st, s } = ctx;
  const label = st.open ? s.launcherClose : st.unread > 0 ? fill(s.launcherUnread, { count: st.unread }) : s.launcherOpen;
  return html`<button
    class="launcher"
    part="launcher"
    type="button"
    aria-label=${label}
    aria-expanded=${st.open ? 'true' : 'false'}
    aria-controls="panel"
    @click=${() => ctx.c.toggle()}
  >
    ${st.open ? closeIcon() : chatIcon()}
    ${
      !st.open && st.unread > 0
        ? html`<span class="badge" part="badge" aria-hidden="true">${st.unread > 99 ? '99+' : st.unread}</span>`
        : nothing
    }
  </button>`;
}
