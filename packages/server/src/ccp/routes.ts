/**
 * Serves the agent desktop (the CCP, a Vite build: index.html + assets/<name>-<hash>.*) at
 * `/ccp/`, without authentication (the app signs the agent in itself):
 *
 * - `/ccp` → 301 to `/ccp/`; `/ccp/` and any `/ccp/<path>` that is not a file → index.html
 *   (the app routes in the browser), `Cache-Control: no-cache` (revalidated every time);
 * - a file → the file; under `assets/` (names carry a content hash)
 *   `Cache-Control: public, max-age=31536000, immutable`, elsewhere `no-cache`; a missing
 *   file under `assets/` is a 404 (an old chunk name must not get HTML in place of script);
 * - ETag (weak, from size and mtime) and Last-Modified, answered 304 when they match;
 *   HEAD; text files gzip- or brotli-compressed when the client accepts it;
 * - a path with `.`/`..` segments (encoded or not), a dotfile, a backslash, NUL or an
 *   absolute path → 404 `ResourceNotFoundException` (AWS-style, like every error here);
 * - not built (no directory, or no index.html in it) → 503 with a short HTML page;
 * - every answer: the CSP of csp.ts (the app's sources and `frame-ancestors 'self'` plus
 *   the approved origins, read per request) and no X-Frame-Options.
 *
 * A small handler rather than @fastify/static: serving a handful of files needs no new
 * dependency, and what is particular here (the per-request CSP, the index.html fallback
 * except under assets/, the 503 page, refusing rather than normalising `..`) would be
 * hooks and options around the plugin anyway.
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ResourceNotFoundException } from '@switchboard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CompressedCache } from './compressed.js';
import { ccpContentSecurityPolicy } from './csp.js';
import { appendVary } from '../http/cors.js';
import { ccpPathSegments, contentTypeOf, isCompressible, pickEncoding, validators } from './files.js';

export interface CcpOptions {
  /** The built app (Vite's dist/); undefined or without index.html: /ccp/ answers 503. */
  readonly dir?: string | undefined;
  /** The instances' approved origins, read on every request (frame-ancestors). */
  readonly approvedOrigins: () => ReadonlySet<string>;
}

export const CCP_PATH = '/ccp/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Larger files are streamed as they are, not read into memory (nor compressed). */
const STREAM_ABOVE = 8 * 1024 * 1024;

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Agent desktop not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>The agent desktop is not built yet</h1>
<p>The agent desktop is not built yet: run <code>npm start</code> (or <code>npm run build</code>) in the Switchboard
directory, then reload this page.</p>
<p>The APIs work meanwhile: see docs/agent-api.md.</p>
</body>
</html>
`;

interface Found {
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export function registerCcp(app: FastifyInstance, opts: CcpOptions): void {
  const root = opts.dir === undefined ? undefined : path.resolve(opts.dir);
  const compressed = new CompressedCache();

  /** A regular file inside the root (after symbolic links), or undefined. */
  const findFile = async (realRoot: string, segments: readonly string[]): Promise<Found | undefined> => {
    try {
      const file = await realpath(path.join(realRoot, ...segments));
      if (!file.startsWith(realRoot + path.sep)) return undefined;
      const s = await stat(file);
      return s.isFile() ? { file, size: s.size, mtimeMs: s.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  };

  const serve = async (req: FastifyRequest, reply: FastifyReply, f: Found, cacheControl: string) => {
    const type = contentTypeOf(f.file);
    const compressible = isCompressible(f.file) && f.size >= 1024 && f.size <= STREAM_ABOVE;
    if (compressible) appendVary(reply, 'Accept-Encoding');
    const encoding = compressible ? pickEncoding(req.headers['accept-encoding']) : undefined;
    const v = validators(f, encoding, {
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
    });
    reply.header('cache-control', cacheControl).header('etag', v.etag).header('last-modified', v.lastModified);
    if (v.fresh) return reply.code(304).send();
    reply.header('content-type', type);
    if (f.size > STREAM_ABOVE) {
      reply.header('content-length', String(f.size));
      return req.method === 'HEAD' ? reply.send() : reply.send(createReadStream(f.file));
    }
    const body = encoding
      ? await compressed.get(f.file, f.size, f.mtimeMs, encoding, () => readFile(f.file))
      : await readFile(f.file);
    if (encoding) reply.header('content-encoding', encoding);
    reply.header('content-length', String(body.length));
    return req.method === 'HEAD' ? reply.send() : reply.send(body);
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    reply
      .header('content-security-policy', ccpContentSecurityPolicy(opts.approvedOrigins()))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin');
    const q = req.url.indexOf('?');
    const pathname = q === -1 ? req.url : req.url.slice(0, q);
    // Relative, so that it also works behind a proxy that serves Switchboard under a path.
    if (pathname === '/ccp')
      return reply
        .code(301)
        .header('location', `ccp/${q === -1 ? '' : req.url.slice(q)}`)
        .send();
    const segments = pathname.startsWith(CCP_PATH) ? ccpPathSegments(pathname.slice(CCP_PATH.length)) : undefined;
    if (!segments) throw new ResourceNotFoundException('No such file in the agent desktop');
    const realRoot = root === undefined ? undefined : await realpath(root).catch(() => undefined);
    const index = realRoot === undefined ? undefined : await findFile(realRoot, ['index.html']);
    if (realRoot === undefined || !index) {
      return reply
        .code(503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    }
    const found = segments.length === 0 ? index : await findFile(realRoot, segments);
    if (found) return serve(req, reply, found, segments[0] === 'assets' && segments.length > 1 ? IMMUTABLE : 'no-cache');
    if (segments[0] === 'assets') throw new ResourceNotFoundException('No such file in the agent desktop');
    return serve(req, reply, index, 'no-cache');
  };

  app.route({ method: ['GET', 'HEAD'], url: '/ccp', handler });
  app.route({ method: ['GET', 'HEAD'], url: '/ccp/*', handler });
}
