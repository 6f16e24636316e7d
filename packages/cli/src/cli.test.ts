/** The `switchboard` command, run in-process through main() with captured output. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningServer } from '@switchboard/server';
import { describe, expect, it } from 'vitest';
import { DEMO_WIDGET_ID } from '@switchboard/core';
import { defaultCcpDir, defaultStreamsFile, defaultWidgetFile, HELP, main } from './index.js';

const run = async (argv: string[], env: Record<string, string> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const result = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { result, out: out.join('\n'), err: err.join('\n') };
};

const tmp = () => mkdtempSync(path.join(tmpdir(), 'sb-cli-'));

describe('switchboard CLI', () => {
  it('--help lists every command and option', async () => {
    const { result, out } = await run(['--help']);
    expect(result).toBe(0);
    expect(out).toBe(HELP);
    for (const word of [
      'start',
      'config validate',
      '--config',
      '--port',
      '--host',
      '--data-dir',
      '--tls-cert',
      '--tls self-signed',
      'SWITCHBOARD_ACCESS_KEY_ID',
    ])
      expect(out).toContain(word);
  });

  it('S3 attachment settings: an endpoint without a bucket, or a bad endpoint, is a usage error', async () => {
    expect(await run(['start', '--port', '0'], { SWITCHBOARD_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toMatchObject({
      result: 2,
      err: expect.stringContaining('need SWITCHBOARD_S3_BUCKET'),
    });
    expect(await run(['start', '--port', '0'], { SWITCHBOARD_S3_BUCKET: 'b', SWITCHBOARD_S3_ENDPOINT: 'ftp://x' })).toMatchObject(
      {
        result: 2,
        err: expect.stringContaining('SWITCHBOARD_S3_ENDPOINT must be'),
      },
    );
  });

  it('an unknown command or option is a usage error (exit 2) with a hint', async () => {
    expect(await run(['frobnicate'])).toMatchObject({ result: 2, err: expect.stringContaining('Run switchboard --help') });
    expect(await run(['start', '--prot', '1'])).toMatchObject({ result: 2, err: expect.stringContaining("'--prot'") });
    expect(await run(['start', '--port', 'abc'])).toMatchObject({
      result: 2,
      err: expect.stringContaining('--port must be 0..65535'),
    });
    expect(await run(['start', '--tls', 'yes'])).toMatchObject({ result: 2 });
    expect(await run(['start'], { SWITCHBOARD_ACCESS_KEY_ID: 'X' })).toMatchObject({
      result: 2,
      err: expect.stringContaining('both'),
    });
  });

  it('config validate: the example file is valid; a broken one lists every problem with line, column and path', async () => {
    const ok = await run(['config', 'validate', 'examples/demo.yaml']);
    expect(ok.err).toBe('');
    expect(ok.result).toBe(0);
    expect(ok.out).toMatch(/examples\/demo\.yaml: valid \(instance "switchboard-demo", 3 users, 2 queues, 2 routing profiles\)/);

    const file = path.join(tmp(), 'bad.yaml');
    writeFileSync(
      file,
      [
        'instance:',
        '  alias: shop',
        'queues:',
        '  - name: Sales',
        '    hoursOfOperation: Nope',
        'routingProfiles:',
        '  - name: P',
        '    defaultOutboundQueue: Sales',
        '    concurrency: { CHAT: 11 }',
        '',
      ].join('\n'),
    );
    const bad = await run(['config', 'validate', file]);
    expect(bad.result).toBe(1);
    expect(bad.err).toMatch(/bad\.yaml: \d+ problems/);
    expect(bad.err).toMatch(/5:\d+: queues\[0\]\.hoursOfOperation: .*Nope/);
    expect(bad.err).toMatch(/9:\d+: routingProfiles\[0\]\.concurrency\.CHAT: must be an integer from 1 to 10 \(got 11\)/);

    const missing = await run(['config', 'validate', path.join(tmp(), 'nope.yaml')]);
    expect(missing.result).toBe(1);
  });

  it('start serves the demo instance, prints where everything is and the demo credentials, and /healthz is 200', async () => {
    const { result, out } = await run(['start', '--port', '0', '--log-level', 'silent', '--data-dir', tmp()]);
    const server = result as RunningServer;
    try {
      expect(typeof server).toBe('object');
      expect(out).toContain(`Switchboard is up at ${server.url}`);
      expect(out).toContain(`${server.url}/healthz`);
      expect(out).toContain('SBDEMOACCESSKEY00001 / switchboard-demo-secret-key-change-me');
      expect(out).toMatch(/alice \/ switchboard-demo/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('start prints the agent desktop first, at /ccp/, and serves it from packages/ccp/dist', async () => {
    const { result, out } = await run(['start', '--port', '0', '--log-level', 'silent', '--data-dir', tmp()]);
    const server = result as RunningServer;
    try {
      const lines = out.split('\n');
      const up = lines.findIndex((l) => l.startsWith('Switchboard is up at '));
      expect(lines.slice(up + 1, up + 5)).toStrictEqual([
        '',
        `  Agent desktop (CCP) ${server.url}/ccp/   (sign in as a demo agent below)`,
        `  Demo store + chat   ${server.url}/       (a shop page with the customer chat widget: chat as a customer)`,
        `  Connect admin API   ${server.url}        (point @aws-sdk/client-connect's endpoint here, region us-east-1)`,
      ]);
      expect(defaultCcpDir()).toBe(path.resolve('packages/ccp/dist') + path.sep);
      // Built or not, /ccp/ answers: the app, or a page saying how to build it.
      const res = await fetch(`${server.url}/ccp/`);
      expect(res.status).toBe(existsSync(path.join(defaultCcpDir(), 'index.html')) ? 200 : 503);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self' http://localhost:8787");
    } finally {
      await server.close();
    }
  });

  it('start serves the demo store at / with the widget embedded, and /widget.js from packages/widget/dist', async () => {
    const { result } = await run(['start', '--port', '0', '--log-level', 'silent', '--data-dir', tmp()]);
    const server = result as RunningServer;
    try {
      expect(defaultWidgetFile()).toBe(path.resolve('packages/widget/dist/widget.js'));
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`<script src="/widget.js" data-config="${DEMO_WIDGET_ID}" defer></script>`);
      // Built or not, /widget.js answers: the widget, or a comment saying how to build it.
      const script = await fetch(`${server.url}/widget.js`);
      expect(script.status).toBe(existsSync(defaultWidgetFile()) ? 200 : 503);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      await script.arrayBuffer();
      // And /switchboard-streams.js, the agent SDK's browser build, from packages/streams/dist.
      expect(defaultStreamsFile()).toBe(path.resolve('packages/streams/dist/switchboard-streams.js'));
      const sdk = await fetch(`${server.url}/switchboard-streams.js`);
      expect(sdk.status).toBe(existsSync(defaultStreamsFile()) ? 200 : 503);
      await sdk.arrayBuffer();
    } finally {
      await server.close();
    }
  });

  it('start with a config file prints no demo store and serves none', async () => {
    const dir = tmp();
    const file = path.join(dir, 'shop.yaml');
    writeFileSync(file, 'instance: { alias: shop }\n');
    const { result, out } = await run(['start', '--port', '0', '--log-level', 'silent', '--data-dir', dir, '--config', file]);
    const server = result as RunningServer;
    try {
      expect(out).not.toContain('Demo store');
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(404);
      expect(page.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    } finally {
      await server.close();
    }
  });

  it('start with --tls self-signed serves HTTPS', async () => {
    const { result, out } = await run([
      'start',
      '--port',
      '0',
      '--log-level',
      'silent',
      '--tls',
      'self-signed',
      '--data-dir',
      tmp(),
    ]);
    const server = result as RunningServer;
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(out).toContain(server.url);
      const https = await import('node:https');
      const status = await new Promise<number>((resolve, reject) => {
        https
          .get(`${server.url}/healthz`, { rejectUnauthorized: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('a port already in use is a clear error, not a stack trace', async () => {
    const first = (await run(['start', '--port', '0', '--log-level', 'silent', '--data-dir', tmp()])).result as RunningServer;
    try {
      const second = await run(['start', '--port', String(first.port), '--log-level', 'silent', '--data-dir', tmp()]);
      expect(second.result).toBe(1);
      expect(second.err).toMatch(/port is already in use/);
    } finally {
      await first.close();
    }
  });
});
