/**
 * Safe message text (markdown.ts's nodes) → lit templates. Each node kind has one fixed
 * template; text is always bound as text, links only get URLs safeUrl() allowed. No
 * unsafeHTML, no innerHTML.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Block, Inline } from '../../markdown.js';

function inline(n: Inline): TemplateResult | string {
  switch (n.k) {
    case 'text':
      return n.v;
    case 'strong':
      return html`<strong>${n.c.map(inline)}</strong>`;
    case 'em':
      return html`<em>${n.c.map(inline)}</em>`;
    case 'del':
      return html`<s>${n.c.map(inline)}</s>`;
    case 'code':
      return html`<code>${n.v}</code>`;
    case 'br':
      return html`<br />`;
    case 'link':
      return html`<a href=${n.href} target="_blank" rel="noopener noreferrer nofollow">${n.c.map(inline)}</a>`;
  }
}

function block(b: Block): TemplateResult {
  switch (b.k) {
    case 'p':
      return html`<p>${b.c.map(inline)}</p>`;
    case 'pre':
      return html`<pre><code>${b.v}</code></pre>`;
    case 'quote':
      return html`<blockquote>${b.c.map(block)}</blockquote>`;
    case 'hr':
      return html`<hr />`;
    case 'ul':
      return html`<ul>
        ${b.items.map((i) => html`<li>${i.map(block)}</li>`)}
      </ul>`;
    case 'ol':
      return html`<ol start=${b.start === 1 ? nothing : b.start}>
        ${b.items.map((i) => html`<li>${i.map(block)}</li>`)}
      </ol>`;
  }
}

export const richText = (blocks: readonly Block[]) => blocks.map(block);
