// The widget's one-file build: dist/widget.js (IIFE, minified, ES2020), lit, marked and
// the chat SDK bundled from source. The server serves it at /widget.js. One definition for
// the root build (scripts/bundle.mjs), the browser test (which builds in memory, so it
// never tests a stale file) and bench/widget.mjs.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const WIDGET_FILE = fileURLToPath(new URL('./dist/widget.js', import.meta.url));

/** esbuild settings shared with the bench's baseline, so both are measured alike. */
export const BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  // ES2020: older mobile browsers still run it.
  target: 'es2020',
  conditions: ['source'],
  legalComments: 'none',
  logLevel: 'warning',
};

/** Builds it; with `write: false` returns the code instead of writing dist/widget.js. */
export async function buildWidget({ write = true } = {}) {
  const result = await build({
    ...BUILD_OPTIONS,
    entryPoints: [fileURLToPath(new URL('./src/embed.ts', import.meta.url))],
    outfile: WIDGET_FILE,
    write,
  });
  return write ? undefined : result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWidget();
