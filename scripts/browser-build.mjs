// One way to build a single-file browser script (the chat SDK's and the tasks SDK's IIFE,
// the widget): esbuild, bundled from the packages' sources, minified, ES2020 (older mobile
// browsers still run it). Returns the code with `write: false` (the browser tests build
// in memory, so they never test a stale file; the benches measure it), else writes `outfile`.
import { build } from 'esbuild';

/** The esbuild settings every browser file shares (the widget bench's baseline uses them too). */
export const BROWSER_BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  conditions: ['source'],
  legalComments: 'none',
  logLevel: 'warning',
};

export async function buildBrowserFile({ entry, outfile, write = true }) {
  const result = await build({ ...BROWSER_BUILD_OPTIONS, entryPoints: [entry], outfile, write });
  return write ? undefined : result.outputFiles[0].text;
}
