// The chat SDK's single-file browser build: defines connect.ChatSession for pages written
// for ChatJS. One definition for the build (scripts/bundle.mjs), the browser tests (which
// build it in memory, so they never test a stale file) and bench/chat-sdk-size.mjs.
import { fileURLToPath } from 'node:url';
import { buildBrowserFile } from '../../scripts/browser-build.mjs';

export const IIFE_FILE = fileURLToPath(new URL('./dist/switchboard-chat.js', import.meta.url));

/** Builds it; with `write: false` returns the code instead of writing dist/switchboard-chat.js. */
export const buildChatIife = ({ write = true } = {}) =>
  buildBrowserFile({ entry: fileURLToPath(new URL('./src/iife.ts', import.meta.url)), outfile: IIFE_FILE, write });
