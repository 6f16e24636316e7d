/**
 * Which file of the built agent desktop a request path names, and what it is. Pure.
 *
 * A path is refused (never served, never resolved on disk) when any segment, once
 * percent-decoded, is `.` or `..`, starts with a dot, holds `/`, `\` or NUL, or when the
 * path is absolute (`/ccp//etc/passwd`) or has empty segments: `..`, `%2e%2e`,
 * `..%2f..`, `%5c..` and `%00` all end here. The caller still checks that the resolved file
 * lies inside the directory (symbolic links).
 */

/**
 * The segments of `rest` (the request path after `/ccp/`, still percent-encoded, without
 * the query), or undefined when it is refused. A trailing slash is dropped.
 */
export function ccpPathSegments(rest: string): string[] | undefined {
  if (rest === '') return [];
  const raw = rest.split('/');
  if (raw[raw.length - 1] === '') raw.pop();
  const out: string[] = [];
  for (const seg of raw) {
    let s: string;
    try {
      s = decodeURIComponent(seg);
    } catch {
      return undefined;
    }
    if (s === '' || s.startsWith('.') || s.includes('/') || s.includes('\\') || s.includes('\u0000')) return undefined;
    out.push(s);
  }
  return out;
}

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
  otf: 'font/otf',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  m4a: 'audio/mp4',
  wasm: 'application/wasm',
};

/** Text formats worth compressing (images, fonts and sounds are compressed already). */
const COMPRESSIBLE = new Set(['html', 'js', 'mjs', 'css', 'json', 'map', 'webmanifest', 'txt', 'svg', 'wasm']);

const extension = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
};

/** The Content-Type of a file, by its extension; `application/octet-stream` when unknown. */
export const contentTypeOf = (name: string): string => TYPES[extension(name)] ?? 'application/octet-stream';

export const isCompressible = (name: string): boolean => COMPRESSIBLE.has(extension(name));

/**
 * The encoding to answer with, from an Accept-Encoding header: `br` before `gzip`, each
 * only when accepted with a non-zero q (`*` counts), else undefined (identity).
 */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp === undefined ? 1 : Number(qp.slice(2));
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepted = (enc: string) => (q.get(enc) ?? q.get('*') ?? 0) > 0;
  return accepted('br') ? 'br' : accepted('gzip') ? 'gzip' : undefined;
}

/** A weak validator from the file's size and modification time (and the encoding served). */
export const etagOf = (size: number, mtimeMs: number, encoding?: string): string =>
  `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}${encoding ? `-${encoding}` : ''}"`;

/**
 * The validators of a file served as it is on disk (`etag`, `last-modified`) and whether
 * the client's copy is still fresh (If-None-Match, else If-Modified-Since): one rule for
 * every static file Switchboard serves (/ccp/, /widget.js).
 */
export function validators(
  file: { readonly size: number; readonly mtimeMs: number },
  encoding: string | undefined,
  request: { readonly ifNoneMatch?: string | undefined; readonly ifModifiedSince?: string | undefined },
): { etag: string; lastModified: string; fresh: boolean } {
  const etag = etagOf(file.size, file.mtimeMs, encoding);
  const modified = Math.floor(file.mtimeMs / 1000) * 1000;
  const fresh =
    request.ifNoneMatch !== undefined
      ? etagMatches(request.ifNoneMatch, etag)
      : request.ifModifiedSince !== undefined && Date.parse(request.ifModifiedSince) >= modified;
  return { etag, lastModified: new Date(modified).toUTCString(), fresh };
}

/** Whether an If-None-Match header matches `etag` (weak comparison, `*` matches). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  const mine = bare(etag);
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === mine);
}
