// Size of the chat SDK's browser build (packages/chat/dist/switchboard-chat.js): minified
// and gzipped (level 9, as a CDN or `Content-Encoding: gzip` serves it), beside the
// unmodified amazon-connect-chatjs bundle it replaces (same measure, same run) as the
// baseline. Target (issue 19): ≤ 20 kB gzipped. Usage: npm run bench:chat-sdk
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildChatIife } from '../packages/chat/build-iife.mjs';
import { measureBuild as measure, root } from './lib.mjs';

const TARGET_GZIP = 20 * 1024;

const ours = measure('@switchboard/chat (IIFE)', await buildChatIife({ write: false }));
const chatjsFile = createRequire(path.join(root, 'packages/server/package.json')).resolve('amazon-connect-chatjs');
const baseline = measure('amazon-connect-chatjs 5 (dist bundle)', readFileSync(chatjsFile));

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const rows = [ours, baseline];
console.log('| build | minified | gzip -9 | brotli -11 |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.name} | ${kb(r.minifiedBytes)} | ${kb(r.gzipBytes)} | ${kb(r.brotliBytes)} |`);
const pass = ours.gzipBytes <= TARGET_GZIP;
console.log(
  `\nTarget ≤ ${kb(TARGET_GZIP)} gzipped: ${kb(ours.gzipBytes)} ${pass ? '✓' : '✗'} (${(baseline.gzipBytes / ours.gzipBytes).toFixed(1)}× smaller than the baseline)`,
);

const out = path.join(root, 'bench/results');
mkdirSync(out, { recursive: true });
const file = path.join(out, 'chat-sdk-size.json');
writeFileSync(
  file,
  `${JSON.stringify({ at: new Date().toISOString(), target: { gzipBytes: TARGET_GZIP }, pass, ours, baseline }, null, 2)}\n`,
);
console.log(`JSON: ${path.relative(root, file)}`);
