// The tasks SDK's single-file browser build: defines connect.TaskSession and
// connect.ReferenceType for pages written for TaskJS. One definition for the build
// (scripts/bundle.mjs) and the browser test (which builds it in memory, so it never tests
// a stale file).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const IIFE_FILE = fileURLToPath(new URL('./dist/switchboard-tasks.js', import.meta.url));

/** Builds it; with `write: false` returns the code instead of writing dist/switchboard-tasks.js. */
export async function buildTasksIife({ write = true } = {}) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./src/iife.ts', import.meta.url))],
    outfile: IIFE_FILE,
    write,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    // ES2020, as the chat SDK's: older mobile browsers still run it.
    target: 'es2020',
    conditions: ['source'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  return write ? undefined : result.outputFiles[0].text;
}
