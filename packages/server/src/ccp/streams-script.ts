/**
 * Serves the agent SDK's browser build (`@switchboard/streams`,
 * packages/streams/dist/switchboard-streams.js: it defines the global `connect`, as
 * amazon-connect-streams' release file does) at `/switchboard-streams.js`, so a CRM page or a
 * custom desktop loads it from its Switchboard: `<script src="https://…/switchboard-streams.js">`.
 * Served as `/widget.js` is (widget/script.ts): cached five minutes with validators,
 * compressed, open to every origin; 503 with a comment saying how to build it until built.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { builtScript } from '../widget/script.js';

export const STREAMS_SCRIPT_PATH = '/switchboard-streams.js';

const NOT_BUILT = `/* Switchboard: the agent SDK's browser build is not built yet.
 * Build it with \`npm run build\` (or start with \`npm start\`, which builds what is missing)
 * in the Switchboard directory; it is served from packages/streams/dist/switchboard-streams.js.
 * See docs/agent-sdk.md. */
`;

export function registerStreamsScript(app: FastifyInstance, opts: { readonly file?: string | undefined }): void {
  const file = opts.file === undefined ? undefined : path.resolve(opts.file);
  app.route({ method: ['GET', 'HEAD'], url: STREAMS_SCRIPT_PATH, handler: builtScript(file, NOT_BUILT) });
}
