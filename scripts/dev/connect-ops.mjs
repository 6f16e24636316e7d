// Prints the wire shape of @aws-sdk/client-connect operations as the SDK itself models
// them (method, path, where each input member goes, output members), so that server
// routes are written from the real client, not from memory.
// Usage: node scripts/dev/connect-ops.mjs CreateQueue DescribeQueue …  (or --all for names)
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const sdk = require('@aws-sdk/client-connect');

const SIMPLE = {
  0: 'string',
  1: 'number',
  2: 'boolean',
  4: 'timestamp',
  5: 'timestamp',
  6: 'timestamp',
  7: 'timestamp',
  15: 'document',
  21: 'blob',
};
function typeName(s, depth) {
  if (typeof s === 'function') s = s();
  if (typeof s === 'number') {
    if (s & 64) return `list<${SIMPLE[s & 63] ?? s & 63}>`;
    if (s & 128) return `map<${SIMPLE[s & 63] ?? s & 63}>`;
    return SIMPLE[s] ?? `#${s}`;
  }
  if (!Array.isArray(s)) return String(s);
  if (typeof s[0] === 'function' || (typeof s[0] === 'number' && s.length === 2)) return typeName(s[0], depth);
  const [kind, , name] = s;
  if (kind === 1) return `list<${typeName(s[4], depth)}>`;
  if (kind === 2) return `map<${typeName(s[5] ?? s[4], depth)}>`;
  if (kind === 0) return `${name}(${typeName(s[4], depth)})`;
  if (kind === 3 || kind === -3) {
    if (depth <= 0) return name;
    const members = s[4].map((m, i) => `${m}: ${fmtMember(s[5][i], depth - 1)}`);
    return `${name}{ ${members.join(', ')} }`;
  }
  return JSON.stringify(s).slice(0, 60);
}
function fmtMember(m, depth) {
  if (Array.isArray(m) && m.length === 2 && typeof m[1] === 'object' && !Array.isArray(m[1]))
    return `${typeName(m[0], depth)} ${JSON.stringify(m[1])}`;
  if (Array.isArray(m) && m.length === 2 && typeof m[1] === 'number' && (typeof m[0] === 'number' || typeof m[0] === 'function'))
    return `${typeName(m[0], depth)} [traits ${m[1]}]`;
  return typeName(m, depth);
}
const args = process.argv.slice(2);
if (args[0] === '--all') {
  console.log(
    Object.keys(sdk)
      .filter((k) => k.endsWith('Command') && k !== 'Command')
      .map((k) => k.slice(0, -7))
      .join('\n'),
  );
  process.exit(0);
}
for (const op of args) {
  const s = sdk[`${op}$`];
  if (!s) {
    console.log(`${op}: not in the SDK`);
    continue;
  }
  const http = s[3].http;
  console.log(`\n## ${op}  ${http[0]} ${http[1]}  (${http[2]})`);
  const input = s[4]();
  const output = s[5]();
  const required = input[6] ?? 0;
  console.log(`  in  (${input[4].length} members, first ${required} required):`);
  for (const [i, m] of input[4].entries()) console.log(`    ${m}: ${fmtMember(input[5][i], 2)}`);
  console.log('  out:');
  if (!Array.isArray(output)) {
    console.log('    (no members)');
    continue;
  }
  for (const [i, m] of output[4].entries()) console.log(`    ${m}: ${fmtMember(output[5][i], 3)}`);
}
