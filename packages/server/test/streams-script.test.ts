/**
 * `/switchboard-streams.js`: the agent SDK's browser build (`@switchboard/streams`, the global
 * `connect`), served like `/widget.js` for CRM pages and custom desktops to load from their
 * Switchboard; built or not (a JavaScript comment saying how to build it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server.js';
import { backends } from './backends.js';
import { fakeHash, fakeVerify } from './harness.js';

const backend = backends[0] as (typeof backends)[number];

describe('the agent SDK browser build at /switchboard-streams.js', () => {
  let built: RunningServer;
  let unbuilt: RunningServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-streams-'));
  const file = path.join(dir, 'switchboard-streams.js');
  const script = `/* streams */\n${'globalThis.connect = globalThis.connect || {};\n'.repeat(40)}`;

  beforeAll(async () => {
    writeFileSync(file, script);
    const common = { port: 0, logger: false as const, hashPassword: fakeHash, verifyPassword: fakeVerify };
    built = await startServer({
      ...common,
      storage: await backend.fresh(),
      dataDir: mkdtempSync(path.join(dir, 'a-')),
      streamsFile: file,
    });
    unbuilt = await startServer({
      ...common,
      storage: await backend.fresh(),
      dataDir: mkdtempSync(path.join(dir, 'b-')),
      streamsFile: path.join(dir, 'not-built', 'switchboard-streams.js'),
    });
  });
  afterAll(async () => {
    await built?.close();
    await unbuilt?.close();
  });

  it('serves the build with a short public cache and ETag, to any site', async () => {
    const res = await fetch(`${built.url}/switchboard-streams.js`, {
      headers: { origin: 'https://crm.example', 'accept-encoding': 'identity' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://crm.example');
    expect(await res.text()).toBe(script);
    const again = await fetch(`${built.url}/switchboard-streams.js`, {
      headers: { 'if-none-match': res.headers.get('etag') as string, 'accept-encoding': 'identity' },
    });
    expect(again.status).toBe(304);
    const head = await fetch(`${built.url}/switchboard-streams.js`, {
      method: 'HEAD',
      headers: { 'accept-encoding': 'identity' },
    });
    expect([head.status, head.headers.get('content-length')]).toStrictEqual([200, String(Buffer.byteLength(script))]);
  });

  it('answers 503 with a JavaScript comment saying how to build it when it is not built', async () => {
    const res = await fetch(`${unbuilt.url}/switchboard-streams.js`);
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toStrictEqual([
      503,
      'text/javascript; charset=utf-8',
      'no-store',
    ]);
    const text = await res.text();
    expect(text).toMatch(/^\/\* Switchboard: the agent SDK's browser build is not built yet\./);
    expect(text).toContain('npm run build');
    expect(text.trimEnd().endsWith('*/')).toBe(true);
  });
});
