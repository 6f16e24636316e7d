// Bundles the CLI (and the server it starts) into one ESM file, packages/cli/dist/switchboard.mjs.
// Why: Node resolves and evaluates some 1,500 small ESM/CJS files at start-up otherwise
// (Kysely alone is ~200 ms); one file starts in about half the time. Native modules and
// what loads only on demand (pg, the AWS SDK for S3 and signing, selfsigned, werift) stay outside
// and are found in node_modules as usual.
import { build } from 'esbuild';
import { buildChatIife } from '../packages/chat/build-iife.mjs';
import { buildStreamsIife } from '../packages/streams/build-iife.mjs';
import { buildTasksIife } from '../packages/tasks/build-iife.mjs';
import { buildVoiceIife } from '../packages/voice/build-iife.mjs';
import { buildWidget, buildWidgetVoice } from '../packages/widget/build.mjs';

await build({
  entryPoints: ['packages/cli/dist/bin.js'],
  outfile: 'packages/cli/dist/switchboard.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  external: [
    'better-sqlite3',
    '@node-rs/argon2',
    'pg',
    'pg-native',
    '@aws-sdk/*',
    '@smithy/*',
    '@aws-crypto/*',
    'selfsigned',
    'bufferutil',
    'utf-8-validate',
    // The media server's WebRTC stack (web voice), imported on the first call.
    'werift',
  ],
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);",
  },
});

// The chat SDK's single-file browser build (packages/chat/dist/switchboard-chat.js).
await buildChatIife();

// The tasks SDK's single-file browser build (packages/tasks/dist/switchboard-tasks.js).
await buildTasksIife();

// The agent SDK's single-file browser build, the global `connect` (packages/streams/dist/switchboard-streams.js).
await buildStreamsIife();

// The voice client's single-file browser build (packages/voice/dist/switchboard-voice.js).
await buildVoiceIife();

// The customer chat widget, one file (packages/widget/dist/widget.js), served at /widget.js,
// and the voice client its "Call us" loads (dist/widget-voice.js, at /widget-voice.js).
await buildWidget();
await buildWidgetVoice();
