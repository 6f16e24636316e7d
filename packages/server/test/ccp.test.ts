/**
 * The agent desktop at /ccp/, served by the real server from a directory of fake built
 * files (an index.html and hashed assets, as Vite writes them): caching, types,
 * compression, validators, the index.html fallback, refused traversal, the 503 page when
 * nothing is built, and the CSP whose frame-ancestors follow the approved origins.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { demoConfig } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';
import { openStore } from '../src/storage/db.js';
import { fakeHash, fakeVerify, startTestServer, type TestServer } from './harness.js';

const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Switchboard agent desktop</title>
    <script type="module" crossorigin src="/ccp/assets/app-abc123.js"></script>
    <link rel="stylesheet" crossorigin href="/ccp/assets/app-abc123.css">
  </head>
  <body><div id="root"></div></body>
</html>
`;
const APP_JS = `${'export const greeting = "hello from the agent desktop";\n'.repeat(60)}console.log(greeting);\n`;

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A request sent as written: no URL normalisation (fetch would resolve `..` away). */
const raw = (base: string, rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const u = new URL(base);
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });

/** A directory as Vite builds it, with a secret next to it that must never be served. */
function fakeBuild(): { dist: string; secret: string } {
  const base = mkdtempSync(path.join(tmpdir(), 'sb-ccp-'));
  const dist = path.join(base, 'dist');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), INDEX);
  writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), APP_JS);
  writeFileSync(path.join(dist, 'assets', 'app-abc123.css'), 'body { margin: 0 }\n');
  writeFileSync(path.join(dist, 'assets', 'logo-1a2b3c.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(dist, 'assets', 'inter-9f8e7d.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(path.join(dist, 'assets', 'ring-5a6b7c.mp3'), Buffer.from([0x49, 0x44, 0x33]));
  writeFileSync(path.join(dist, 'assets', 'ring-5a6b7c.wav'), Buffer.from('RIFF'));
  writeFileSync(path.join(dist, 'assets', 'ring-5a6b7c.ogg'), Buffer.from('OggS'));
  writeFileSync(path.join(dist, 'favicon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(path.join(dist, 'manifest.json'), '{"name":"Switchboard"}');
  writeFileSync(path.join(dist, '.env'), 'SECRET=dotfile');
  const secret = path.join(base, 'secret.txt');
  writeFileSync(secret, 'TOP-SECRET');
  symlinkSync(secret, path.join(dist, 'assets', 'leak.txt'));
  return { dist, secret };
}

const cspOf = (a: { headers: Headers | http.IncomingHttpHeaders }): string =>
  a.headers instanceof Headers
    ? (a.headers.get('content-security-policy') ?? '')
    : String(a.headers['content-security-policy'] ?? '');

describe('the agent desktop at /ccp/', () => {
  let server: RunningServer;
  let url: string;
  let build: { dist: string; secret: string };

  beforeAll(async () => {
    build = fakeBuild();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-ccp-data-'));
    server = await startServer({
      port: 0,
      logger: false,
      dataDir,
      storage: { kind: 'sqlite', file: path.join(dataDir, 'sb.db') },
      hashPassword: fakeHash,
      verifyPassword: fakeVerify,
      ccpDir: build.dist,
    });
    url = server.url;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('/ccp redirects to /ccp/ (301, keeping the query)', async () => {
    for (const [from, to] of [
      ['/ccp', '/ccp/'],
      ['/ccp?agent=alice', '/ccp/?agent=alice'],
    ] as const) {
      const res = await fetch(`${url}${from}`, { redirect: 'manual' });
      expect(res.status, from).toBe(301);
      const target = new URL(res.headers.get('location') ?? '', `${url}${from}`);
      expect(`${target.pathname}${target.search}`).toBe(to);
    }
  });

  it('/ccp/ is index.html, revalidated every time, with the CSP and no X-Frame-Options; no sign-in needed', async () => {
    const res = await fetch(`${url}/ccp/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('etag')).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers.get('last-modified')).toMatch(/GMT$/);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = cspOf(res);
    for (const directive of [
      "default-src 'self'",
      "connect-src 'self' ws: wss:",
      "img-src 'self' data: blob:",
      "media-src 'self' blob: data:",
      "style-src 'self' 'unsafe-inline'",
    ])
      expect(csp).toContain(`${directive};`);
    expect(csp.endsWith(`frame-ancestors 'self' ${demoConfig.instance.approvedOrigins.join(' ')}`)).toBe(true);
  });

  it('any other path that is not a file is index.html too (the app routes in the browser)', async () => {
    for (const p of ['/ccp/contacts/42', '/ccp/settings/', '/ccp/index.html', '/ccp/missing.png']) {
      const res = await fetch(`${url}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control'), p).toBe('no-cache');
      expect(await res.text(), p).toBe(INDEX);
    }
  });

  it('hashed assets are immutable for a year; files outside assets/ are revalidated', async () => {
    const js = await fetch(`${url}/ccp/assets/app-abc123.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-encoding')).toBeNull();
    expect(await js.text()).toBe(APP_JS);
    expect(cspOf(js)).toContain('frame-ancestors');
    const icon = await fetch(`${url}/ccp/favicon.png`);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers each file with its content type', async () => {
    const expected: Record<string, string> = {
      '/ccp/assets/app-abc123.css': 'text/css; charset=utf-8',
      '/ccp/assets/logo-1a2b3c.svg': 'image/svg+xml',
      '/ccp/assets/inter-9f8e7d.woff2': 'font/woff2',
      '/ccp/assets/ring-5a6b7c.mp3': 'audio/mpeg',
      '/ccp/assets/ring-5a6b7c.wav': 'audio/wav',
      '/ccp/assets/ring-5a6b7c.ogg': 'audio/ogg',
      '/ccp/favicon.png': 'image/png',
      '/ccp/manifest.json': 'application/json; charset=utf-8',
    };
    for (const [p, type] of Object.entries(expected)) {
      const res = await fetch(`${url}${p}`);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toBe(type);
    }
  });

  it('compresses text with brotli or gzip when asked, with its own ETag, and says it varies', async () => {
    const br = await raw(url, '/ccp/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(APP_JS);
    expect(br.body.length).toBeLessThan(APP_JS.length / 4);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.headers.vary).toContain('Accept-Encoding');
    const gz = await raw(url, '/ccp/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(APP_JS);
    const plain = await raw(url, '/ccp/assets/app-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    // Images, fonts and sounds are compressed already.
    const mp3 = await raw(url, '/ccp/assets/ring-5a6b7c.mp3', { 'accept-encoding': 'br' });
    expect(mp3.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 to a matching If-None-Match or If-Modified-Since, 200 otherwise', async () => {
    const first = await raw(url, '/ccp/assets/app-abc123.js');
    const etag = String(first.headers.etag);
    const same = await raw(url, '/ccp/assets/app-abc123.js', { 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(same.body.length).toBe(0);
    expect(same.headers.etag).toBe(etag);
    expect(same.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await raw(url, '/ccp/assets/app-abc123.js', { 'if-none-match': 'W/"other"' })).status).toBe(200);
    const since = String(first.headers['last-modified']);
    expect((await raw(url, '/ccp/', { 'if-modified-since': since })).status).toBe(304);
    expect((await raw(url, '/ccp/', { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(200);
  });

  it('HEAD gives the headers of GET and no body', async () => {
    for (const p of ['/ccp/', '/ccp/assets/app-abc123.js', '/ccp/assets/ring-5a6b7c.mp3']) {
      const get = await raw(url, p);
      const head = await raw(url, p, {}, 'HEAD');
      expect(head.status, p).toBe(200);
      expect(head.body.length, p).toBe(0);
      for (const h of ['content-type', 'content-length', 'etag', 'cache-control', 'content-security-policy'])
        expect(head.headers[h], `${p} ${h}`).toBe(get.headers[h]);
    }
  });

  it('a missing asset is a 404, not index.html', async () => {
    const res = await raw(url, '/ccp/assets/app-old999.js');
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
  });

  it('refuses traversal — plain, percent-encoded, backslashes, absolute paths, dotfiles, links out — with an AWS-style 404', async () => {
    const attempts = [
      '/ccp/../secret.txt',
      '/ccp/assets/../../secret.txt',
      '/ccp/%2e%2e/secret.txt',
      '/ccp/%2E%2E%2Fsecret.txt',
      '/ccp/..%2f..%2f..%2fetc%2fpasswd',
      '/ccp/%2e%2e%5csecret.txt',
      '/ccp/..\\secret.txt',
      '/ccp//etc/passwd',
      `/ccp/${encodeURIComponent(build.secret)}`,
      '/ccp/%2Fetc%2Fpasswd',
      '/ccp/.env',
      '/ccp/index.html%00.js',
      '/ccp/assets/leak.txt',
    ];
    for (const p of attempts) {
      const res = await raw(url, p);
      expect(res.status, p).toBe(404);
      expect(res.headers['x-amzn-errortype'], p).toBe('ResourceNotFoundException');
      expect(JSON.parse(res.body.toString()), p).toMatchObject({ message: 'No such file in the agent desktop' });
      expect(res.body.toString(), p).not.toMatch(/TOP-SECRET|SECRET=|root:/);
    }
  });

  it('only GET and HEAD: other methods are unknown operations', async () => {
    const res = await raw(url, '/ccp/', {}, 'POST');
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });
});

describe('the agent desktop, not built', () => {
  let servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    servers = [];
  });
  const serve = async (ccpDir?: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-ccp-store-'));
    const s = await startTestServer(await openStore({ kind: 'sqlite', file: path.join(dir, 'sb.db') }), {
      ...(ccpDir !== undefined ? { ccpDir } : {}),
    });
    servers.push(s);
    return s;
  };

  it('answers 503 with a page that says how to build it, on every /ccp/ path, when there is no index.html', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'sb-ccp-empty-'));
    mkdirSync(path.join(empty, 'assets'));
    writeFileSync(path.join(empty, 'assets', 'app-abc123.js'), APP_JS);
    for (const s of [await serve(), await serve(empty), await serve(path.join(empty, 'nope'))]) {
      for (const p of ['/ccp/', '/ccp/contacts/1', '/ccp/assets/app-abc123.js']) {
        const res = await raw(s.url, p);
        expect(res.status, p).toBe(503);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.body.toString()).toContain(
          'The agent desktop is not built yet: run <code>npm start</code> (or <code>npm run build</code>)',
        );
        expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'self' http://localhost:5173");
        expect(res.headers['x-frame-options']).toBeUndefined();
      }
    }
  });
});

describe("the agent desktop's frame-ancestors", () => {
  it('follow the approved origins as they change, read on every request', async () => {
    const { dist } = fakeBuild();
    const approved = new Set(['https://crm.example.com']);
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-ccp-store-'));
    const s = await startTestServer(await openStore({ kind: 'sqlite', file: path.join(dir, 'sb.db') }), {
      ccpDir: dist,
      corsOrigins: () => approved,
    });
    try {
      const ancestors = async () =>
        cspOf(await raw(s.url, '/ccp/'))
          .split('; ')
          .find((d) => d.startsWith('frame-ancestors'));
      expect(await ancestors()).toBe("frame-ancestors 'self' https://crm.example.com");
      approved.add('http://localhost:3000');
      expect(await ancestors()).toBe("frame-ancestors 'self' https://crm.example.com http://localhost:3000");
      approved.clear();
      expect(await ancestors()).toBe("frame-ancestors 'self'");
      approved.add('*');
      expect(await ancestors()).toBe('frame-ancestors *');
    } finally {
      await s.close();
    }
  });
});
