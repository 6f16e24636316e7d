/**
 * Message text → a small tree of safe nodes, which the view turns into lit templates
 * (view/conversation/rich-text.ts). Nothing here or there is ever used as HTML: each node
 * kind has one fixed template, text stays text (lit puts it in text nodes), raw HTML in a
 * message comes out as the literal characters, links keep only http(s), mailto and tel
 * URLs, and images become links (a picture would load whatever the sender points at).
 * There is no innerHTML anywhere in the widget.
 *
 * Why a parser of our own rather than marked or markdown-it: the widget's budget is 45 kB
 * gzipped with the chat SDK and lit, and marked alone is 16.5 kB gzipped (markdown-it
 * more), for a chat where messages are at most 1,024 characters of simple formatting.
 * This is the subset agents and flows use — paragraphs and line breaks, **strong**,
 * *emphasis*, ~~strike~~, `code`, fenced code, [links](https://…), bare web addresses,
 * lists, quotes, headings (as bold), rules — in about 1.5 kB. Because its output is nodes,
 * not HTML, a parsing mistake can only mis-format a message, never inject anything; the
 * tests feed it hostile input (markdown.test.ts) and the browser test checks the DOM.
 */

export type Inline =
  | { readonly k: 'text'; readonly v: string }
  | { readonly k: 'strong' | 'em' | 'del'; readonly c: readonly Inline[] }
  | { readonly k: 'code'; readonly v: string }
  | { readonly k: 'br' }
  | { readonly k: 'link'; readonly href: string; readonly c: readonly Inline[] };

export type Block =
  | { readonly k: 'p'; readonly c: readonly Inline[] }
  | { readonly k: 'pre'; readonly v: string }
  | { readonly k: 'ul' | 'ol'; readonly start: number; readonly items: readonly (readonly Block[])[] }
  | { readonly k: 'quote'; readonly c: readonly Block[] }
  | { readonly k: 'hr' };

const SAFE_URL = /^(https?:\/\/|mailto:|tel:)/i;

/** The URL when it is one a link may point at (http(s), mailto, tel), else undefined. */
export function safeUrl(href: string | undefined | null): string | undefined {
  if (!href) return undefined;
  // Control characters and spaces can hide a scheme ("java\tscript:"): refused outright.
  const url = href.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  if (/[\u0000-\u001f\u007f\s]/.test(url) || !SAFE_URL.test(url)) return undefined;
  return url;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The few entities a chat message has (a message may hold `&amp;` or `&#39;`), decoded to characters. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/** Markdown longer than this is shown as plain text. */
export const MAX_MARKDOWN = 4096;
/** Deeper nesting (quotes in lists in quotes…, emphasis in emphasis…) is shown as text. */
const MAX_DEPTH = 6;

// One alternation for every inline construct; the first match wins, left to right.
//  1 escape | 2,3 code span | 4 image mark, 5 link text, 6 link URL | 7 <autolink> | 8 bare URL |
//  9,10 strong | 11,12 emphasis | 13 strike | 14 line break
const INLINE = new RegExp(
  [
    /\\([!-/:-@[-`{-~])/.source,
    /(`+)([^`]|[^`][\s\S]*?[^`])\2(?!`)/.source,
    /(!?)\[([^[\]\n]*)\]\(\s*<?((?:[^\s<>()]|\([^\s<>()]*\))*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/.source,
    /<((?:https?:\/\/|mailto:)[^\s<>]+)>/.source,
    /(https?:\/\/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}*_~])/.source,
    // (strings: a regex literal may not name groups of the whole alternation)
    '(\\*\\*|__)(?=\\S)([\\s\\S]*?\\S)\\9',
    '(\\*|_)(?=\\S)([\\s\\S]*?\\S)\\11',
    /~~(?=\S)([\s\S]*?\S)~~/.source,
    /(\n)/.source,
  ].join('|'),
  'g',
);

function inlines(src: string, depth: number): Inline[] {
  const out: Inline[] = [];
  const text = (v: string) => {
    if (!v) return;
    const last = out[out.length - 1];
    if (last?.k === 'text') out[out.length - 1] = { k: 'text', v: last.v + v };
    else out.push({ k: 'text', v });
  };
  const plain = (v: string) => text(decodeEntities(v));
  if (depth > MAX_DEPTH) {
    plain(src);
    return out;
  }
  const re = new RegExp(INLINE.source, 'g');
  let at = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const i = m.index;
    // snake_case_words are not emphasis: an underscore run must not start inside a word.
    if ((m[9] === '__' || m[11] === '_') && i > 0 && /[\p{L}\p{N}]/u.test(src[i - 1]!)) {
      re.lastIndex = i + 1;
      continue;
    }
    plain(src.slice(at, i));
    at = re.lastIndex;
    if (m[1] !== undefined) text(m[1]);
    else if (m[3] !== undefined) out.push({ k: 'code', v: m[3] });
    else if (m[5] !== undefined) {
      const href = safeUrl(m[6]);
      const label = m[4] ? [{ k: 'text', v: decodeEntities(m[5] || m[6] || '') } as const] : inlines(m[5], depth + 1);
      if (href) out.push({ k: 'link', href, c: label.length > 0 ? label : [{ k: 'text', v: href }] });
      else for (const x of label) x.k === 'text' ? text(x.v) : out.push(x);
    } else if (m[7] !== undefined || m[8] !== undefined) {
      const raw = (m[7] ?? m[8])!;
      const href = safeUrl(raw);
      if (href) out.push({ k: 'link', href, c: [{ k: 'text', v: raw }] });
      else text(raw);
    } else if (m[10] !== undefined) out.push({ k: 'strong', c: inlines(m[10], depth + 1) });
    else if (m[12] !== undefined) out.push({ k: 'em', c: inlines(m[12], depth + 1) });
    else if (m[13] !== undefined) out.push({ k: 'del', c: inlines(m[13], depth + 1) });
    else out.push({ k: 'br' });
  }
  plain(src.slice(at));
  return out;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const RULE = /^ {0,3}([-*_])(?: *\1){2,} *$/;
const HEADING = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])( +|$)/;

/** Whether a line starts a block other than a paragraph (so it ends the paragraph before it). */
const startsBlock = (line: string): boolean =>
  FENCE.test(line) || RULE.test(line) || HEADING.test(line) || QUOTE.test(line) || ITEM.test(line);

function blocks(lines: readonly string[], depth: number): Block[] {
  const out: Block[] = [];
  if (depth > MAX_DEPTH) {
    const text = lines.join('\n').trim();
    return text ? [{ k: 'p', c: [{ k: 'text', v: text }] }] : [];
  }
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!); i++) body.push(lines[i]!);
      i++;
      out.push({ k: 'pre', v: body.join('\n') });
      continue;
    }
    if (RULE.test(line)) {
      out.push({ k: 'hr' });
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      if (heading[1]) out.push({ k: 'p', c: [{ k: 'strong', c: inlines(heading[1], depth) }] });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]!); i++) inner.push(lines[i]!.replace(QUOTE, ''));
      out.push({ k: 'quote', c: blocks(inner, depth + 1) });
      continue;
    }
    const first = ITEM.exec(line);
    if (first) {
      const ordered = /\d/.test(first[2]!);
      const items: string[][] = [];
      let indent = 0;
      for (; i < lines.length; i++) {
        const l = lines[i]!;
        const m = ITEM.exec(l);
        if (m && /\d/.test(m[2]!) === ordered && m[1]!.length < indent + 2) {
          indent = m[0].length;
          items.push([l.slice(m[0].length)]);
        } else if (!l.trim()) {
          // A blank line: the list goes on only if the next line is indented or another item.
          const next = lines[i + 1];
          if (next === undefined || !(/^\s{2,}\S/.test(next) || ITEM.exec(next))) break;
          items[items.length - 1]!.push('');
        } else if (/^\s{2,}\S/.test(l) || !startsBlock(l)) {
          items[items.length - 1]!.push(l.replace(new RegExp(`^ {0,${Math.max(indent, 2)}}`), ''));
        } else break;
      }
      const start = ordered ? Number.parseInt(first[2]!, 10) : 1;
      out.push({ k: ordered ? 'ol' : 'ul', start, items: items.map((it) => blocks(it, depth + 1)) });
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && lines[i]!.trim() && (para.length === 0 || !startsBlock(lines[i]!)); i++) {
      para.push(lines[i]!.trim());
    }
    out.push({ k: 'p', c: inlines(para.join('\n'), depth) });
  }
  return out;
}

/** Markdown (`text/markdown` messages) → safe blocks. */
export function parseMarkdown(source: string): Block[] {
  // Longer than any chat message may be: not worth formatting (and kept linear).
  if (source.length > MAX_MARKDOWN) return parsePlain(source);
  return blocks(source.replace(/\r\n?/g, '\n').split('\n'), 0);
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/gi;

/** Plain text (`text/plain` messages) → paragraphs with line breaks, web addresses made links. */
export function parsePlain(source: string): Block[] {
  return source
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((para) => {
      const c: Inline[] = [];
      para.split('\n').forEach((line, i) => {
        if (i > 0) c.push({ k: 'br' });
        let at = 0;
        for (const m of line.matchAll(URL_IN_TEXT)) {
          if (m.index > at) c.push({ k: 'text', v: line.slice(at, m.index) });
          const href = safeUrl(m[0]);
          c.push(href ? { k: 'link', href, c: [{ k: 'text', v: m[0] }] } : { k: 'text', v: m[0] });
          at = m.index + m[0].length;
        }
        if (at < line.length) c.push({ k: 'text', v: line.slice(at) });
      });
      return { k: 'p', c } as const;
    });
}

/** The blocks as plain text (for the live region and previews). */
export function blocksText(bs: readonly Block[]): string {
  const inl = (xs: readonly Inline[]): string =>
    xs.map((x) => (x.k === 'text' || x.k === 'code' ? x.v : x.k === 'br' ? '\n' : 'c' in x ? inl(x.c) : '')).join('');
  return bs
    .map((b) => {
      switch (b.k) {
        case 'p':
          return inl(b.c);
        case 'pre':
          return b.v;
        case 'quote':
          return blocksText(b.c);
        case 'hr':
          return '';
        default:
          return b.items.map((i) => `- ${blocksText(i)}`).join('\n');
      }
    })
    .join('\n');
}
