// Size of the agent SDK's browser build (packages/streams/dist/switchboard-streams.js: the
// `connect` API, with the chat, task and voice clients and the agent API client it needs for
// the direct transport): minified and gzipped (level 9), beside the unmodified
// amazon-connect-streams release it replaces (its minified file, same measure, same run) as
// the baseline. Issue 24 sets no target; the number is kept so growth is seen.
// Usage: npm run bench:agent-sdk
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildStreamsIife } from '../packages/streams/build-iife.mjs';
import { measureBuild as measure, root } from './lib.mjs';

const ours = measure('@switchboard/streams (IIFE)', await buildStreamsIife({ write: false }));
const streamsDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('amazon-connect-streams/package.json'));
const baseline = measure(
  'amazon-connect-streams 2.28 (release/connect-streams-min.js)',
  readFileSync(path.join(streamsDir, 'release', 'connect-streams-min.js')),
);

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log('| build | minified | gzip -9 | brotli -11 |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of [ours, baseline])
  console.log(`| ${r.name} | ${kb(r.minifiedBytes)} | ${kb(r.gzipBytes)} | ${kb(r.brotliBytes)} |`);
console.log(`\n${kb(ours.gzipBytes)} gzipped, ${(baseline.gzipBytes / ours.gzipBytes).toFixed(1)}× smaller than the baseline`);

const out = path.join(root, 'bench/results');
mkdirSync(out, { recursive: true });
const file = path.join(out, 'agent-sdk-size.json');
writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ours, baseline }, null, 2)}\n`);
console.log(`JSON: ${path.relative(root, file)}`);
