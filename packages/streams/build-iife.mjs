// The agent SDK's single-file browser build: defines the global `connect` (the Streams API)
// for pages written for amazon-connect-streams. One definition for the build
// (scripts/bundle.mjs) and the browser tests (which build it in memory, so they never test
// a stale file).
import { fileURLToPath } from 'node:url';
import { buildBrowserFile } from '../../scripts/browser-build.mjs';

export const IIFE_FILE = fileURLToPath(new URL('./dist/switchboard-streams.js', import.meta.url));

/** Builds it; with `write: false` returns the code instead of writing dist/switchboard-streams.js. */
export const buildStreamsIife = ({ write = true } = {}) =>
  buildBrowserFile({ entry: fileURLToPath(new URL('./src/iife.ts', import.meta.url)), outfile: IIFE_FILE, write });
