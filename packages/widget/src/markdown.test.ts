import { describe, expect, it } from 'vitest';
import {
  type Block,
  blocksText,
  decodeEntities,
  type Inline,
  MAX_MARKDOWN,
  parseMarkdown,
  parsePlain,
  safeUrl,
} from './markdown.js';

/** Every link's href and every node kind in a tree. */
function walk(bs: readonly Block[]): { kinds: Set<string>; hrefs: string[] } {
  const kinds = new Set<string>();
  const hrefs: string[] = [];
  const inl = (xs: readonly Inline[]) => {
    for (const x of xs) {
      kinds.add(x.k);
      if (x.k === 'link') hrefs.push(x.href);
      if ('c' in x) inl(x.c);
    }
  };
  const blk = (ys: readonly Block[]) => {
    for (const y of ys) {
      kinds.add(y.k);
      if (y.k === 'p') inl(y.c);
      else if (y.k === 'quote') blk(y.c);
      else if (y.k === 'ul' || y.k === 'ol') for (const i of y.items) blk(i);
    }
  };
  blk(bs);
  return { kinds, hrefs };
}

const NODE_KINDS = new Set(['p', 'pre', 'ul', 'ol', 'quote', 'hr', 'text', 'strong', 'em', 'del', 'code', 'br', 'link']);

/** Hostile messages: nothing executable, nothing that loads, no HTML. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](vbscript:msgbox(1))',
  '[x](file:///etc/passwd)',
  '[x](//evil.example/x)',
  '![pic](https://evil.example/track.png)',
  '![pic](javascript:alert(1))',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="https://evil.example" onclick="alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<style>body{display:none}</style>',
  '<div style="position:fixed;inset:0">overlay</div>',
  '<javascript:alert(1)>',
  '[a](https://ok.example "title" onmouseover="alert(1)")',
  '**<img src=x onerror=alert(1)>**',
  '- <script>x</script>\n- [y](javascript:y)',
  '> <b>quote</b>\n> [z](vbscript:z)',
  '```\n<script>alert(1)</script>\n```',
  '`<img src=x>`',
];

describe('parseMarkdown', () => {
  it('reads the markdown agents and flows send', () => {
    expect(parseMarkdown('**bold** and _it_ and ~~gone~~ and `x<y`')).toEqual([
      {
        k: 'p',
        c: [
          { k: 'strong', c: [{ k: 'text', v: 'bold' }] },
          { k: 'text', v: ' and ' },
          { k: 'em', c: [{ k: 'text', v: 'it' }] },
          { k: 'text', v: ' and ' },
          { k: 'del', c: [{ k: 'text', v: 'gone' }] },
          { k: 'text', v: ' and ' },
          { k: 'code', v: 'x<y' },
        ],
      },
    ]);
    expect(parseMarkdown('- a\n- b\n\n1. one\n2. two')).toEqual([
      { k: 'ul', start: 1, items: [[{ k: 'p', c: [{ k: 'text', v: 'a' }] }], [{ k: 'p', c: [{ k: 'text', v: 'b' }] }]] },
      { k: 'ol', start: 1, items: [[{ k: 'p', c: [{ k: 'text', v: 'one' }] }], [{ k: 'p', c: [{ k: 'text', v: 'two' }] }]] },
    ]);
    expect(parseMarkdown('3. three\n4. four')[0]).toMatchObject({ k: 'ol', start: 3 });
    expect(parseMarkdown('# Title\ntext')).toEqual([
      { k: 'p', c: [{ k: 'strong', c: [{ k: 'text', v: 'Title' }] }] },
      { k: 'p', c: [{ k: 'text', v: 'text' }] },
    ]);
    expect(parseMarkdown('> quoted\n\n---\n\n```\ncode\n  kept\n```')).toEqual([
      { k: 'quote', c: [{ k: 'p', c: [{ k: 'text', v: 'quoted' }] }] },
      { k: 'hr' },
      { k: 'pre', v: 'code\n  kept' },
    ]);
    expect(parseMarkdown('line one\nline two')).toEqual([
      { k: 'p', c: [{ k: 'text', v: 'line one' }, { k: 'br' }, { k: 'text', v: 'line two' }] },
    ]);
  });

  it('makes links of [text](url), <url> and bare web addresses', () => {
    expect(parseMarkdown('[our site](https://example.com/a?b=1) or <https://x.example> or https://y.example/p.')).toEqual([
      {
        k: 'p',
        c: [
          { k: 'link', href: 'https://example.com/a?b=1', c: [{ k: 'text', v: 'our site' }] },
          { k: 'text', v: ' or ' },
          { k: 'link', href: 'https://x.example', c: [{ k: 'text', v: 'https://x.example' }] },
          { k: 'text', v: ' or ' },
          { k: 'link', href: 'https://y.example/p', c: [{ k: 'text', v: 'https://y.example/p' }] },
          { k: 'text', v: '.' },
        ],
      },
    ]);
    expect(walk(parseMarkdown('[mail](mailto:a@b.example) [call](tel:+15551234)')).hrefs).toEqual([
      'mailto:a@b.example',
      'tel:+15551234',
    ]);
  });

  it('leaves snake_case words, lone stars and escapes alone', () => {
    expect(blocksText(parseMarkdown('order_id_123 and 2 * 3 * 4 and \\*not em\\*'))).toBe(
      'order_id_123 and 2 * 3 * 4 and *not em*',
    );
  });

  it('decodes the entities a message may hold, as text', () => {
    expect(blocksText(parseMarkdown('Tom &amp; Jerry &lt;3 &#39;hi&#39; &#x1F600; &bogus;'))).toBe(
      "Tom & Jerry <3 'hi' 😀 &bogus;",
    );
    expect(decodeEntities('&#0; &#xD800; &#1114112;')).toBe('&#0; &#xD800; &#1114112;');
  });

  it.each(HOSTILE)('lets no HTML and no unsafe link through: %s', (text) => {
    const tree = parseMarkdown(text);
    const { kinds, hrefs } = walk(tree);
    for (const k of kinds) expect(NODE_KINDS.has(k), k).toBe(true);
    for (const h of hrefs) expect(h).toMatch(/^(https?:\/\/|mailto:|tel:)[^\s]*$/i);
    // The tags are still there, as text the customer can read.
    if (/<(script|img|iframe|svg|style|div|a |b>)/.test(text) && !text.startsWith('```') && !text.startsWith('`')) {
      expect(blocksText(tree)).toMatch(/</);
    }
  });

  it('shows an unsafe link as its text', () => {
    expect(parseMarkdown('[click](javascript:alert(1))')).toEqual([{ k: 'p', c: [{ k: 'text', v: 'click' }] }]);
    expect(parseMarkdown('![pic](https://evil.example/t.png)')).toEqual([
      { k: 'p', c: [{ k: 'link', href: 'https://evil.example/t.png', c: [{ k: 'text', v: 'pic' }] }] },
    ]);
  });

  it('stays fast on pathological input, and longer text is plain', () => {
    const nasty = `${'**a '.repeat(800)}${'_'.repeat(800)}${'['.repeat(500)}`;
    const t = performance.now();
    parseMarkdown(nasty.slice(0, MAX_MARKDOWN));
    parseMarkdown('> '.repeat(2000));
    parseMarkdown('- '.repeat(2000));
    expect(performance.now() - t).toBeLessThan(1000);
    const long = `**x** ${'y'.repeat(MAX_MARKDOWN)}`;
    expect(walk(parseMarkdown(long)).kinds.has('strong')).toBe(false);
  });
});

describe('parsePlain', () => {
  it('keeps line breaks and paragraphs, links web addresses, and nothing else', () => {
    expect(parsePlain('Hi **there** <b>x</b>\nsee https://example.com/x, thanks\n\nBye')).toEqual([
      {
        k: 'p',
        c: [
          { k: 'text', v: 'Hi **there** <b>x</b>' },
          { k: 'br' },
          { k: 'text', v: 'see ' },
          { k: 'link', href: 'https://example.com/x', c: [{ k: 'text', v: 'https://example.com/x' }] },
          { k: 'text', v: ', thanks' },
        ],
      },
      { k: 'p', c: [{ k: 'text', v: 'Bye' }] },
    ]);
  });
});

describe('safeUrl', () => {
  it.each(['javascript:x', ' javascript:x', 'java\nscript:x', 'data:x', 'vbscript:x', '//x.example', 'ftp://x', ''])(
    'refuses %j',
    (u) => expect(safeUrl(u)).toBeUndefined(),
  );
  it.each(['https://x.example', 'HTTP://x.example/a', 'mailto:a@b.c', 'tel:+1'])('allows %s', (u) => expect(safeUrl(u)).toBe(u));
});
