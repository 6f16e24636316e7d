/**
 * The one-file build's entry (dist/widget.js, served at /widget.js). Defines
 * `<switchboard-chat>`, and when the script tag carries `data-config`, adds the element
 * to the page itself, pointed at the server the script came from:
 *
 *   <script src="https://host/widget.js" data-config="<widget id>" defer></script>
 *
 * Optional: `data-strings` (JSON) and `data-contact-attributes` (JSON) are passed on.
 */
import { TAG } from './index.js';

const script = document.currentScript as HTMLScriptElement | null;
const id = script?.dataset.config;

if (script && id) {
  const add = () => {
    if (document.querySelector(`${TAG}[config="${CSS.escape(id)}"]`)) return; // the snippet twice
    const el = document.createElement(TAG);
    el.setAttribute('config', id);
    // The server is where the script came from (also under a path prefix: https://host/sb/widget.js → https://host/sb).
    el.setAttribute('server', new URL('.', script.src).href.replace(/\/$/, ''));
    if (script.dataset.strings) el.setAttribute('strings', script.dataset.strings);
    if (script.dataset.contactAttributes) el.setAttribute('contact-attributes', script.dataset.contactAttributes);
    document.body.appendChild(el);
  };
  if (document.body) add();
  else document.addEventListener('DOMContentLoaded', add, { once: true });
}
