import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderPlain } from './markdown.js';

/** Hostile messages: nothing executable or loading may come out. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![pic](https://evil.example/track.png)',
  '![pic](javascript:alert(1))',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="https://evil.example" onclick="alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<style>body{display:none}</style>',
  '[x](vbscript:msgbox(1))',
  '<div style="position:fixed;inset:0">overlay</div>',
];

describe('renderMarkdown', () => {
  it('renders the markdown agents and customers use', () => {
    expect(renderMarkdown('**bold** and _it_')).toContain('<strong>bold</strong>');
    expect(renderMarkdown('- a\n- b')).toContain('<li>a</li>');
    expect(renderMarkdown('see https://example.com')).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">',
    );
  });

  const ALLOWED = new Set(['p', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'code', 'pre', 'br', 'blockquote', 'hr', 's']);
  /** The real elements in the output (escaped text like `&lt;img` is not one) and their attributes. */
  const elements = (html: string) =>
    [...html.matchAll(/<([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"]*")*)\s*\/?>/gi)].map((m) => ({
      tag: m[1]!.toLowerCase(),
      attrs: [...(m[2] ?? '').matchAll(/([a-z-]+)="([^"]*)"/gi)].map((a) => [a[1]!.toLowerCase(), a[2]!] as const),
    }));

  it.each(HOSTILE)('lets no HTML through: %s', (text) => {
    const html = renderMarkdown(text);
    // Every "<" that is not one of markdown's own elements was escaped.
    expect(html.match(/</g)?.length ?? 0).toBe(
      html.match(/<\/?(p|strong|em|a|ul|ol|li|code|pre|br|blockquote|hr|s)\b/g)?.length ?? 0,
    );
    for (const { tag, attrs } of elements(html)) {
      expect(ALLOWED.has(tag), tag).toBe(true);
      for (const [name, value] of attrs) {
        expect(['href', 'target', 'rel'], `${tag} ${name}`).toContain(name);
        if (name === 'href') expect(value).toMatch(/^(https?:|mailto:|tel:)/i);
      }
    }
  });

  it('plain text is escaped and keeps its line breaks', () => {
    expect(renderPlain('<b>hi</b>\nthere')).toBe('&lt;b&gt;hi&lt;/b&gt;<br>there');
  });
});
