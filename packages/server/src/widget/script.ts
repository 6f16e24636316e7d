/**
 * Serves the built customer chat widget (packages/widget's one-file build) at `/widget.js`,
 * for any site to load with its script tag: `Cache-Control: public, max-age=300` (a new
 * build reaches pages within five minutes), ETag / Last-Modified with 304s, gzip or
 * brotli when accepted, HEAD. CORS is open for it (app.ts), so a module script or a
 * `crossorigin` tag also loads. Not built (no file, or no path given) → 503 with a
 * JavaScript comment saying how to build it, never cached.
 *
 * `/widget-voice.js`, the voice client the widget's "Call us" loads when a call starts
 * (packages/widget/dist/widget-voice.js, beside widget.js), is served the same way.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CompressedCache } from '../ccp/compressed.js';
import { pickEncoding, validators } from '../ccp/files.js';
import { appendVary } from '../http/cors.js';

export const WIDGET_SCRIPT_PATH = '/widget.js';
export const WIDGET_VOICE_PATH = '/widget-voice.js';
/** The voice chunk's file name, beside the widget's. */
const VOICE_FILE_NAME = 'widget-voice.js';
const CACHE = 'public, max-age=300';
const JS = 'text/javascript; charset=utf-8';

const NOT_BUILT = `/* Switchboard: the chat widget is not built yet.
 * Build it with \`npm run build\` (or start with \`npm start\`, which builds what is missing)
 * in the Switchboard directory; it is served from packages/widget/dist/widget.js.
 * The widget's API works meanwhile: see docs/widget.md. */
`;

export function registerWidgetScript(app: FastifyInstance, opts: { readonly file?: string | undefined }): void {
  const widgetFile = opts.file === undefined ? undefined : path.resolve(opts.file);
  const voiceFile = widgetFile === undefined ? undefined : path.join(path.dirname(widgetFile), VOICE_FILE_NAME);
  app.route({ method: ['GET', 'HEAD'], url: WIDGET_SCRIPT_PATH, handler: builtScript(widgetFile, NOT_BUILT) });
  app.route({ method: ['GET', 'HEAD'], url: WIDGET_VOICE_PATH, handler: builtScript(voiceFile, NOT_BUILT) });
}

/**
 * The handler of one built browser file, as above (also the agent SDK's build,
 * ccp/streams-script.ts): `notBuilt` is the JavaScript comment a 503 answers with.
 */
export function builtScript(file: string | undefined, notBuilt: string) {
  const compressed = new CompressedCache();
  return async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('x-content-type-options', 'nosniff');
    const s = file === undefined ? undefined : await stat(file).catch(() => undefined);
    if (file === undefined || !s?.isFile()) {
      return reply.code(503).header('content-type', JS).header('cache-control', 'no-store').send(notBuilt);
    }
    appendVary(reply, 'Accept-Encoding');
    const encoding = s.size >= 1024 ? pickEncoding(req.headers['accept-encoding']) : undefined;
    const v = validators(s, encoding, {
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
    });
    reply.header('cache-control', CACHE).header('etag', v.etag).header('last-modified', v.lastModified);
    if (v.fresh) return reply.code(304).send();
    const body = encoding ? await compressed.get(file, s.size, s.mtimeMs, encoding, () => readFile(file)) : await readFile(file);
    if (encoding) reply.header('content-encoding', encoding);
    reply.header('content-type', JS).header('content-length', String(body.length));
    return req.method === 'HEAD' ? reply.send() : reply.send(body);
  };
}
