// The agent desktop's weight and how soon it can be used: the CCP's JavaScript and CSS
// (packages/ccp/dist, as `npm run build` makes it) minified and gzipped, and the time from
// navigation to an interactive sign-in form (the username field in the page, ready for
// typing) in headless Chromium on loopback, cold (a new browser context: nothing cached)
// and warm (a reload). Baselines in the same run: React + ReactDOM rendering one form (the
// framework's floor, same bundler settings) for size, and a plain HTML sign-in form served
// by node:http (the floor of loading any page) for time.
// Targets (issue 20): ≤ 250 kB of JavaScript gzipped; ≤ 1 s to an interactive sign-in form.
// Usage: npm run bench:ccp [-- --runs 10]
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { launchChromium } from '../scripts/chromium.mjs';
import { killAll, log, root, scratchDir, spawnServer, stopServer } from './lib.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const RUNS = Number(values.runs);
const TARGET_GZIP = 250 * 1024;
const TARGET_MS = 1000;

// ---------------------------------------------------------------------------------------
// Size

const dist = path.join(root, 'packages/ccp/dist/assets');
const files = readdirSync(dist);
const sizeOf = (ext) => {
  const bufs = files.filter((f) => f.endsWith(ext)).map((f) => readFileSync(path.join(dist, f)));
  return {
    minified: bufs.reduce((a, b) => a + b.length, 0),
    gzip: bufs.reduce((a, b) => a + gzipSync(b, { level: 9 }).length, 0),
  };
};
const js = sizeOf('.js');
const css = sizeOf('.css');
const floor = await build({
  stdin: {
    contents:
      "import { createRoot } from 'react-dom/client'; import { createElement as h } from 'react';" +
      "createRoot(document.body).render(h('form', null, h('label', null, 'Username', h('input')), h('button', null, 'Sign in')));",
    resolveDir: path.join(root, 'packages/ccp'),
  },
  bundle: true,
  minify: true,
  write: false,
  format: 'esm',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
});
const floorJs = floor.outputFiles[0].contents;
const floorSize = { minified: floorJs.length, gzip: gzipSync(floorJs, { level: 9 }).length };

// ---------------------------------------------------------------------------------------
// Time to an interactive sign-in form

const BARE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>
<form><label for="sb-username">Username</label><input id="sb-username"><label for="p">Password</label><input id="p" type="password"><button>Sign in</button></form></body></html>`;
const bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BARE));
await new Promise((r) => bare.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${bare.address().port}/`;

log('starting Switchboard (the built CLI, demo instance)…');
const srv = await spawnServer('switchboard', [
  path.join(root, 'packages/cli/dist/switchboard.mjs'),
  'start',
  '--port',
  '0',
  '--data-dir',
  scratchDir('sb-bench-ccp-'),
  '--log-level',
  'warn',
]);
const ccpUrl = `${srv.url}/ccp/`;

const browser = await launchChromium(chromium);

/** ms from navigation start until #sb-username is in the page, enabled and can take focus. */
async function ready(page) {
  return page
    .waitForFunction(
      () => {
        const el = document.getElementById('sb-username');
        if (!el || el.disabled) return false;
        el.focus();
        return document.activeElement === el ? performance.now() : false;
      },
      undefined,
      { polling: 'raf', timeout: 20_000 },
    )
    .then((h) => h.jsonValue());
}

async function measure(url) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    cold.push(await ready(page));
    await page.reload({ waitUntil: 'commit' });
    warm.push(await ready(page));
    await ctx.close();
  }
  return { cold: stats(cold), warm: stats(warm) };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { min: Math.round(s[0]), p50: Math.round(q(0.5)), p90: Math.round(q(0.9)), max: Math.round(s[s.length - 1]) };
};

try {
  await measure(bareUrl); // warm-up of the browser itself, not reported
  const baseline = await measure(bareUrl);
  const ccp = await measure(ccpUrl);

  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`\nCCP size (packages/ccp/dist)\n`);
  console.log('| build | JS minified | JS gzip -9 | CSS gzip -9 |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| Switchboard CCP | ${kb(js.minified)} | ${kb(js.gzip)} | ${kb(css.gzip)} |`);
  console.log(`| baseline: React + ReactDOM rendering one form | ${kb(floorSize.minified)} | ${kb(floorSize.gzip)} | — |`);
  console.log(`\nNavigation → interactive sign-in form, ms, ${RUNS} runs each (headless Chromium, loopback)\n`);
  console.log('| page | cold min | cold p50 | cold p90 | warm p50 | warm p90 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, r] of [
    ['baseline: plain HTML form (node:http)', baseline],
    ['Switchboard CCP (/ccp/)', ccp],
  ]) {
    console.log(`| ${name} | ${r.cold.min} | ${r.cold.p50} | ${r.cold.p90} | ${r.warm.p50} | ${r.warm.p90} |`);
  }
  const sizeOk = js.gzip <= TARGET_GZIP;
  const timeOk = ccp.cold.p90 <= TARGET_MS;
  console.log(
    `\nTargets: JS ≤ ${kb(TARGET_GZIP)} gzipped: ${kb(js.gzip)} ${sizeOk ? '✓' : '✗'}; interactive sign-in ≤ ${TARGET_MS} ms (cold p90): ${ccp.cold.p90} ms ${timeOk ? '✓' : '✗'}`,
  );
  const out = path.join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, 'ccp.json');
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), runs: RUNS, targets: { jsGzipBytes: TARGET_GZIP, interactiveMs: TARGET_MS }, size: { js, css, floor: floorSize }, time: { ccp, baseline }, pass: { size: sizeOk, time: timeOk } }, null, 2)}\n`,
  );
  console.log(`JSON: ${path.relative(root, file)}`);
} finally {
  await browser.close();
  await stopServer(srv);
  bare.close();
  killAll();
}
