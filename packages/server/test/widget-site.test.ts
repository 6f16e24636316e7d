/**
 * What the server serves for the widget: `/widget.js` (built or not), the voice chunk its
 * "Call us" loads (`/widget-voice.js`, beside it), and the demo store page at `/` with the
 * widget embedded, its CSP letting the widget work.
 */
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEMO_WIDGET_ID } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';
import { backends } from './backends.js';
import { fakeHash, fakeVerify } from './harness.js';

const backend = backends[0] as (typeof backends)[number];

describe('the widget script and the demo page', () => {
  let demo: RunningServer;
  let unbuilt: RunningServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-widget-'));
  const file = path.join(dir, 'widget.js');
  const script = `/* widget */\n${'customElements.define("switchboard-chat", class extends HTMLElement {});\n'.repeat(40)}`;

  const voice = `/* voice */\n${'globalThis.SwitchboardVoice = {};\n'.repeat(60)}`;

  beforeAll(async () => {
    writeFileSync(file, script);
    writeFileSync(path.join(dir, 'widget-voice.js'), voice);
    utimesSync(file, new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
    const common = { port: 0, logger: false as const, hashPassword: fakeHash, verifyPassword: fakeVerify };
    demo = await startServer({
      ...common,
      storage: await backend.fresh(),
      dataDir: mkdtempSync(path.join(dir, 'a-')),
      widgetFile: file,
    });
    unbuilt = await startServer({
      ...common,
      storage: await backend.fresh(),
      dataDir: mkdtempSync(path.join(dir, 'b-')),
      widgetFile: path.join(dir, 'not-built', 'widget.js'),
    });
  });
  afterAll(async () => {
    await demo?.close();
    await unbuilt?.close();
  });

  it('serves the built widget with a short public cache, ETag and compression, to any site', async () => {
    const res = await fetch(`${demo.url}/widget.js`, {
      headers: { origin: 'https://anywhere.example', 'accept-encoding': 'identity' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await res.text()).toBe(script);
    const etag = res.headers.get('etag') as string;
    expect(etag).toMatch(/^W\/"/);
    const again = await fetch(`${demo.url}/widget.js`, { headers: { 'if-none-match': etag, 'accept-encoding': 'identity' } });
    expect(again.status).toBe(304);
    const head = await fetch(`${demo.url}/widget.js`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect([head.status, head.headers.get('content-length')]).toStrictEqual([200, String(Buffer.byteLength(script))]);

    const http = await import('node:http');
    const gz = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      http
        .get(`${demo.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve({ encoding: r.headers['content-encoding'] as string, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(script);
  });

  it('serves the voice chunk beside the widget (widget-voice.js) with the same caching, to any site; 503 when not built', async () => {
    const res = await fetch(`${demo.url}/widget-voice.js`, {
      headers: { origin: 'https://anywhere.example', 'accept-encoding': 'identity' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(await res.text()).toBe(voice);
    const again = await fetch(`${demo.url}/widget-voice.js`, {
      headers: { 'if-none-match': res.headers.get('etag') as string, 'accept-encoding': 'identity' },
    });
    expect(again.status).toBe(304);
    const missing = await fetch(`${unbuilt.url}/widget-voice.js`);
    expect([missing.status, missing.headers.get('cache-control')]).toStrictEqual([503, 'no-store']);
  });

  it('answers 503 with a JavaScript comment saying how to build it when it is not built', async () => {
    const res = await fetch(`${unbuilt.url}/widget.js`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toMatch(/^\/\* Switchboard: the chat widget is not built yet\./);
    expect(text).toContain('npm run build');
    expect(text.trimEnd().endsWith('*/')).toBe(true);
  });

  it('serves the demo store at / with the widget by its one script tag, how to embed it, and a link to the CCP', async () => {
    const res = await fetch(`${demo.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<title>Switchboard Demo Store</title>');
    expect(html).toContain(`<script src="/widget.js" data-config="${DEMO_WIDGET_ID}" defer></script>`);
    expect(html).toContain(
      `&lt;script src=&quot;${demo.publicUrl}/widget.js&quot; data-config=&quot;${DEMO_WIDGET_ID}&quot; defer&gt;&lt;/script&gt;`,
    );
    expect(html).toContain('href="/ccp/"');
    // Nothing from elsewhere, no inline script.
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html.match(/<script/g)).toHaveLength(1);
    const csp = res.headers.get('content-security-policy') as string;
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        `connect-src 'self' ${demo.publicUrl} ws: wss:`,
        "style-src 'self' 'unsafe-inline'",
        "object-src 'none'",
        "frame-ancestors 'self'",
      ]),
    );
    expect((await fetch(`${demo.url}/`, { method: 'HEAD' })).status).toBe(200);
  });
});
