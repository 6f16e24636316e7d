import { describe, expect, it } from 'vitest';
import { ccpContentSecurityPolicy, frameAncestors } from './csp.js';
import { ccpPathSegments, contentTypeOf, etagMatches, etagOf, isCompressible, pickEncoding } from './files.js';

describe('the agent desktop CSP', () => {
  it("lets the page and the approved origins frame it; '*' lets anyone", () => {
    expect(frameAncestors([])).toBe("frame-ancestors 'self'");
    expect(frameAncestors(['https://crm.example.com', 'http://localhost:3000', 'https://crm.example.com'])).toBe(
      "frame-ancestors 'self' https://crm.example.com http://localhost:3000",
    );
    expect(frameAncestors(['https://a.test', '*'])).toBe('frame-ancestors *');
  });

  it('drops anything that is not an origin, so nothing can end the directive', () => {
    expect(frameAncestors(["https://a.test; script-src 'unsafe-inline'", 'https://b.test/path', 'javascript:x'])).toBe(
      "frame-ancestors 'self'",
    );
  });

  it('is one header: the app policy, then frame-ancestors', () => {
    expect(ccpContentSecurityPolicy(['https://crm.example.com'])).toBe(
      "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; media-src 'self' blob: data:; " +
        "style-src 'self' 'unsafe-inline'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'self' https://crm.example.com",
    );
  });
});

describe('agent desktop paths', () => {
  it('splits and decodes a path below /ccp/', () => {
    expect(ccpPathSegments('')).toStrictEqual([]);
    expect(ccpPathSegments('assets/app-abc123.js')).toStrictEqual(['assets', 'app-abc123.js']);
    expect(ccpPathSegments('contacts/42/')).toStrictEqual(['contacts', '42']);
    expect(ccpPathSegments('a%20b/%C3%A9')).toStrictEqual(['a b', 'é']);
  });

  it('refuses dot segments (encoded too), dotfiles, separators inside a segment, NUL, absolute paths', () => {
    for (const bad of [
      '..',
      '../package.json',
      'assets/../../x',
      '%2e%2e/x',
      '%2E%2E%2Fx',
      '..%2f..%2fetc%2fpasswd',
      '%5c..%5cx',
      'a%5cb',
      './index.html',
      '.env',
      'assets/.git/config',
      '/etc/passwd',
      '%2Fetc%2Fpasswd',
      'a//b',
      'x%00.js',
      '%E0%A4%A',
    ])
      expect(ccpPathSegments(bad), bad).toBeUndefined();
  });

  it('knows the types a Vite app and a ringtone need', () => {
    const types = Object.fromEntries(
      ['index.html', 'a.js', 'a.css', 'a.svg', 'a.png', 'a.woff2', 'a.json', 'ring.mp3', 'ring.wav', 'ring.ogg', 'X.JS', 'a'].map(
        (n) => [n, contentTypeOf(n)],
      ),
    );
    expect(types).toStrictEqual({
      'index.html': 'text/html; charset=utf-8',
      'a.js': 'text/javascript; charset=utf-8',
      'a.css': 'text/css; charset=utf-8',
      'a.svg': 'image/svg+xml',
      'a.png': 'image/png',
      'a.woff2': 'font/woff2',
      'a.json': 'application/json; charset=utf-8',
      'ring.mp3': 'audio/mpeg',
      'ring.wav': 'audio/wav',
      'ring.ogg': 'audio/ogg',
      'X.JS': 'text/javascript; charset=utf-8',
      a: 'application/octet-stream',
    });
    expect(isCompressible('a.js') && isCompressible('a.svg') && !isCompressible('a.png') && !isCompressible('a.mp3')).toBe(true);
  });

  it('picks br, then gzip, honouring q=0 and *', () => {
    expect(pickEncoding(undefined)).toBeUndefined();
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, br;q=0')).toBe('gzip');
    expect(pickEncoding('identity')).toBeUndefined();
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0, gzip;q=0.5')).toBe('gzip');
  });

  it('validators: a weak ETag per version and encoding; If-None-Match lists and *', () => {
    const tag = etagOf(1234, 1_700_000_000_123.7, 'br');
    expect(tag).toBe('W/"4d2-18bcfe5687b-br"');
    expect(etagMatches(tag, tag)).toBe(true);
    expect(etagMatches(`"x", ${tag.slice(2)}`, tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches(etagOf(1234, 1_700_000_000_123.7), tag)).toBe(false);
  });
});
