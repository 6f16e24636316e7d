// The tasks SDK's single-file browser build: defines connect.TaskSession and
// connect.ReferenceType for pages written for TaskJS. One definition for the build
// (scripts/bundle.mjs) and the browser test (which builds it in memory, so it never tests
// a stale file).
import { fileURLToPath } from 'node:url';
import { buildBrowserFile } from '../../scripts/browser-build.mjs';

export const IIFE_FILE = fileURLToPath(new URL('./dist/switchboard-tasks.js', import.meta.url));

/** Builds it; with `write: false` returns the code instead of writing dist/switchboard-tasks.js. */
export const buildTasksIife = ({ write = true } = {}) =>
  buildBrowserFile({ entry: fileURLToPath(new URL('./src/iife.ts', import.meta.url)), outfile: IIFE_FILE, write });
