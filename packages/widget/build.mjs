// The widget's one-file build: dist/widget.js (IIFE, minified, ES2020), lit, marked and
// the chat SDK bundled from source. The server serves it at /widget.js. One definition for
// the root build (scripts/bundle.mjs), the browser test (which builds in memory, so it
// never tests a stale file) and bench/widget.mjs.
import { fileURLToPath } from 'node:url';
import { BROWSER_BUILD_OPTIONS, buildBrowserFile } from '../../scripts/browser-build.mjs';

export const WIDGET_FILE = fileURLToPath(new URL('./dist/widget.js', import.meta.url));
/**
 * The voice client the "Call us" button loads when a call starts (@switchboard/voice's
 * browser build, `SwitchboardVoice`), beside widget.js: the server serves it at
 * /widget-voice.js. Kept out of widget.js, whose pages mostly never call.
 */
export const WIDGET_VOICE_FILE = fileURLToPath(new URL('./dist/widget-voice.js', import.meta.url));

/** esbuild settings shared with the bench's baseline, so both are measured alike. */
export const BUILD_OPTIONS = BROWSER_BUILD_OPTIONS;

/** Builds it; with `write: false` returns the code instead of writing dist/widget.js. */
export const buildWidget = ({ write = true } = {}) =>
  buildBrowserFile({ entry: fileURLToPath(new URL('./src/embed.ts', import.meta.url)), outfile: WIDGET_FILE, write });

/** Builds the voice chunk; with `write: false` returns its code. */
export const buildWidgetVoice = ({ write = true } = {}) =>
  buildBrowserFile({
    entry: fileURLToPath(new URL('../voice/src/iife.ts', import.meta.url)),
    outfile: WIDGET_VOICE_FILE,
    write,
  });

if (process.argv[1] === fileURLToPath(import.meta.url)) await Promise.all([buildWidget(), buildWidgetVoice()]);
