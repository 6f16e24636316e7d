/**
 * Chat markdown to HTML with no HTML of the sender's getting through: markdown-it with
 * `html: false` escapes every tag, its link validation refuses javascript:/vbscript:/file:
 * and most data: URLs, and links open in a new tab without the opener. What a message can
 * produce is markdown's own small set of elements.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

const SAFE_URL = /^(https?:|mailto:|tel:)/i;
md.validateLink = (url: string) => SAFE_URL.test(url.trim());

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};
// Images would load whatever the sender points at: shown as links instead.
md.renderer.rules.image = (tokens, idx) => {
  const t = tokens[idx]!;
  const src = String(t.attrGet('src') ?? '');
  const alt = md.utils.escapeHtml(t.content || src);
  return SAFE_URL.test(src)
    ? `<a href="${md.utils.escapeHtml(src)}" target="_blank" rel="noopener noreferrer nofollow">${alt}</a>`
    : alt;
};

/** Markdown → safe HTML. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** Plain text → HTML: escaped, line breaks kept (for text/plain messages). */
export function renderPlain(text: string): string {
  return md.utils.escapeHtml(text).replace(/\n/g, '<br>');
}
