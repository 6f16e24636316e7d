// The voice client's single-file browser build: defines `SwitchboardVoice.VoiceCall` for
// pages. One definition for the build (scripts/bundle.mjs) and the browser tests (which
// build it in memory, so they never test a stale file).
import { fileURLToPath } from 'node:url';
import { buildBrowserFile } from '../../scripts/browser-build.mjs';

export const IIFE_FILE = fileURLToPath(new URL('./dist/switchboard-voice.js', import.meta.url));

/** Builds it; with `write: false` returns the code instead of writing dist/switchboard-voice.js. */
export const buildVoiceIife = ({ write = true } = {}) =>
  buildBrowserFile({ entry: fileURLToPath(new URL('./src/iife.ts', import.meta.url)), outfile: IIFE_FILE, write });
