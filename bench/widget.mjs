// Size of the customer chat widget (packages/widget/dist/widget.js, what /widget.js serves):
// minified and gzipped (level 9, as a CDN or `Content-Encoding: gzip` serves it), with the
// chat SDK and lit inside. Beside it, in the same run and with the same esbuild settings:
// the baseline, lit alone rendering one button in a custom element (what any lit widget
// costs before it does anything), and the chat SDK's own browser build (its share).
// Target (issue 21): ≤ 45 kB gzipped. Usage: npm run bench:widget
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { buildChatIife } from '../packages/chat/build-iife.mjs';
import { BUILD_OPTIONS, buildWidget } from '../packages/widget/build.mjs';
import { measureBuild as measure, root } from './lib.mjs';

const TARGET_GZIP = 45 * 1024;

/** lit and nothing else: one element rendering a button. */
async function litBaseline() {
  const result = await build({
    ...BUILD_OPTIONS,
    stdin: {
      contents: `import { LitElement, html, css } from 'lit';
        class LitButton extends LitElement {
          static styles = css\`button { font: inherit; }\`;
          render() { return html\`<button type="button" @click=\${() => this.dispatchEvent(new Event('open'))}>Chat</button>\`; }
        }
        customElements.define('lit-button', LitButton);`,
      resolveDir: path.join(root, 'packages/widget'),
      loader: 'js',
    },
    write: false,
  });
  return result.outputFiles[0].text;
}

const ours = measure('@switchboard/widget (dist/widget.js)', await buildWidget({ write: false }));
const baseline = measure('baseline: lit alone, one button', await litBaseline());
const sdk = measure('of which: the chat SDK (its own IIFE)', await buildChatIife({ write: false }));

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log('| build | minified | gzip -9 | brotli -11 |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of [ours, baseline, sdk])
  console.log(`| ${r.name} | ${kb(r.minifiedBytes)} | ${kb(r.gzipBytes)} | ${kb(r.brotliBytes)} |`);
const pass = ours.gzipBytes <= TARGET_GZIP;
console.log(
  `\nTarget ≤ ${kb(TARGET_GZIP)} gzipped: ${kb(ours.gzipBytes)} ${pass ? '✓' : '✗'} ` +
    `(the widget's own code, beyond lit and the SDK: about ${kb(ours.gzipBytes - baseline.gzipBytes - sdk.gzipBytes)} gzipped)`,
);

const out = path.join(root, 'bench/results');
mkdirSync(out, { recursive: true });
const file = path.join(out, 'widget.json');
writeFileSync(
  file,
  `${JSON.stringify({ at: new Date().toISOString(), target: { gzipBytes: TARGET_GZIP }, pass, ours, baseline, chatSdk: sdk }, null, 2)}\n`,
);
console.log(`JSON: ${path.relative(root, file)}`);
