// Start-up benchmark: time from spawning the process to the first `GET /healthz` = 200.
// Cases: Switchboard cold (fresh data dir: migrations, demo instance, argon2 hashing),
// Switchboard warm (existing data dir), and a bare baseline — a plain node:http server
// answering /healthz — for the floor of "start a Node process and listen".
// Target (issue 2): cold start ≤ 1 s. Usage: npm run bench:startup [-- --runs 10]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const RUNS = Number(values.runs);
const TARGET_MS = 1000;

const BASELINE = `require('node:http').createServer((q, s) => { s.end('{"status":"ok"}'); })
  .listen(0, '127.0.0.1', function () { console.log('Switchboard is up at http://127.0.0.1:' + this.address().port); });`;

function once(args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const fail = (why) => {
      child.kill('SIGKILL');
      reject(new Error(`${why}\n${out}\n${err}`));
    };
    const timer = setTimeout(() => fail('no answer within 20 s'), 20_000);
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', async (d) => {
      out += d;
      const m = /is up at (https?:\/\/[^\s]+)/.exec(out);
      if (!m || child.answered) return;
      child.answered = true;
      try {
        const res = await fetch(`${m[1]}/healthz`);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        clearTimeout(timer);
        child.kill('SIGTERM');
        child.on('exit', () => (res.status === 200 ? resolve(ms) : reject(new Error(`healthz ${res.status}`))));
      } catch (e) {
        fail(String(e));
      }
    });
  });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { runs: s.length, min: s[0], p50: q(0.5), p90: q(0.9), max: s[s.length - 1] };
};

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-startup-'));
const cli = path.join(root, 'packages/cli/dist/switchboard.mjs');
const cases = {
  'baseline: bare node:http': () => ['-e', BASELINE],
  'switchboard cold (new data dir)': (i) => [
    cli,
    'start',
    '--port',
    '0',
    '--log-level',
    'silent',
    '--data-dir',
    path.join(tmp, `cold-${i}`),
  ],
  'switchboard warm (existing data dir)': () => [
    cli,
    'start',
    '--port',
    '0',
    '--log-level',
    'silent',
    '--data-dir',
    path.join(tmp, 'warm'),
  ],
};
mkdirSync(path.join(tmp, 'warm'), { recursive: true });
await once(cases['switchboard warm (existing data dir)']()); // prepare the warm data dir

const results = {};
for (const [name, args] of Object.entries(cases)) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    times.push(await once(args(i)));
    process.stderr.write('.');
  }
  results[name] = stats(times);
}
process.stderr.write('\n');
rmSync(tmp, { recursive: true, force: true });

const fmt = (n) => n.toFixed(0).padStart(6);
console.log(`\nStart-up to first /healthz 200, ${RUNS} runs each, ms (target: cold ≤ ${TARGET_MS} ms)\n`);
console.log(`${'case'.padEnd(40)}${'min'.padStart(6)}${'p50'.padStart(6)}${'p90'.padStart(6)}${'max'.padStart(6)}`);
for (const [name, s] of Object.entries(results))
  console.log(`${name.padEnd(40)}${fmt(s.min)}${fmt(s.p50)}${fmt(s.p90)}${fmt(s.max)}`);
const cold = results['switchboard cold (new data dir)'];
console.log(`\ncold p90 ${cold.p90.toFixed(0)} ms → ${cold.p90 <= TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS} ms target`);

const out = path.join(root, 'bench/results');
mkdirSync(out, { recursive: true });
const file = path.join(out, 'startup.json');
writeFileSync(
  file,
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, targetMs: TARGET_MS, results },
    null,
    2,
  ),
);
console.log(`written ${path.relative(root, file)}`);
