/**
 * Verifies AWS Signature Version 4 (header-based, AWS4-HMAC-SHA256) on incoming requests.
 *
 * Why re-sign with `@smithy/signature-v4` instead of hand-writing the canonical request:
 * the unmodified AWS SDK signs with exactly this library, and SigV4 is full of quirks that
 * must match byte for byte (the path is escaped a second time on top of the SDK's own
 * encoding, `.`/`..`/empty segments are normalised, query pairs are sorted by their encoded
 * key then value, RFC 3986 escaping of `!'()*`, header whitespace folding, payload hashing).
 * Reusing the SDK's signer makes us agree with the client by construction; a hand-written
 * copy would drift on some edge case and reject (or worse, accept) the wrong requests.
 *
 * The SDK's signer is made for outgoing requests, though: it clones the request and runs an
 * async pipeline, ~0.3 ms per call, on the path of every StartChatContact. So a request
 * whose path needs none of those quirks (unreserved characters only, no `.`/`..`/empty
 * segments) is first checked against a canonical request built here with node:crypto;
 * only when that does not match does the SDK's signer decide. Accepting on the fast path
 * is as safe as the SDK's answer: only a holder of the secret can produce a signature that
 * matches an HMAC over the method, path, query, signed headers and payload hash. The
 * property test in sigv4.test.ts checks that both give the same signature.
 */
import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import type { HttpRequest as HttpRequestShape } from '@smithy/protocol-http';
import { InvalidSignatureException, MissingAuthenticationTokenException, UnrecognizedClientException } from '@switchboard/core';

export interface IncomingSignedRequest {
  method: string;
  /** Path + query exactly as received on the wire. */
  rawUrl: string;
  /** Node's IncomingHttpHeaders (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** The raw request body bytes (empty buffer when there is none). */
  body: Buffer;
}

export type SecretLookup = (accessKeyId: string) => string | undefined | Promise<string | undefined>;

export interface VerifyOptions {
  service: string;
  /** Epoch ms (injected clock). */
  now: number;
  /** Allowed clock skew either way; default 15 minutes. */
  maxSkewMs?: number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const DEFAULT_SKEW_MS = 15 * 60 * 1000;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.';
/** Headers the signer inserts by itself; they must not be signed unless the client signed them. */
const GENERATED = ['x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token'];

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const invalid = (message: string) => new InvalidSignatureException(message);

const headerValue = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(',') : v);

function parseAuthorization(header: string): ParsedAuthorization {
  if (!header.startsWith(`${ALGORITHM} `)) {
    throw invalid(`Authorization header requires the '${ALGORITHM}' algorithm.`);
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq < 0 || fields.has(key)) throw invalid(`Authorization header is malformed near '${part.trim()}'.`);
    fields.set(key, part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined || fields.size !== 3) {
    throw invalid("Authorization header requires exactly 'Credential', 'SignedHeaders' and 'Signature' parameters.");
  }
  const [accessKeyId, date, region, service, terminator, ...rest] = credential.split('/');
  if (!accessKeyId || !date || !/^\d{8}$/.test(date) || !region || !service || terminator !== 'aws4_request' || rest.length) {
    throw invalid(
      `Credential should be scoped to a valid region and service, in the form <key>/<yyyymmdd>/<region>/<service>/aws4_request; got '${credential}'.`,
    );
  }
  const names = signedHeaders.split(';');
  if (names.some((n) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(n))) {
    throw invalid(`SignedHeaders must be a ';'-separated list of lower-case header names; got '${signedHeaders}'.`);
  }
  if (!names.includes('host')) throw invalid("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  if (!/^[0-9a-f]{64}$/.test(signature)) throw invalid('Signature must be 64 lower-case hexadecimal characters.');
  return { accessKeyId, date, region, service, signedHeaders: names, signature };
}

/** Parses basic ISO 8601 (20261121T120141Z) strictly; undefined when not a real instant. */
function parseAmzDate(value: string): Date | undefined {
  // Once per signed request: digits read in place (a regex match, its array and a
  // round trip through toISOString were 1.5 % of a StartChatContact's CPU).
  if (value.length !== 16 || value.charCodeAt(8) !== 84 /* T */ || value.charCodeAt(15) !== 90 /* Z */) return undefined;
  const num = (from: number, to: number): number => {
    let n = 0;
    for (let i = from; i < to; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Number.NaN;
      n = n * 10 + d;
    }
    return n;
  };
  const [y, mo, d, h, mi, s] = [num(0, 4), num(4, 6), num(6, 8), num(9, 11), num(11, 13), num(13, 15)];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 31 April or 24:00 over; a real instant reads back as written.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  if (date.getUTCHours() !== h || date.getUTCMinutes() !== mi || date.getUTCSeconds() !== s) return undefined;
  return date;
}

const formatAmzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/** Decoded key -> value map; repeated keys become arrays, as in the SDK's HttpRequest. */
function parseQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    const prev = query[key];
    query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return query;
}

function checkClock(amzDate: string | undefined, scopeDate: string, now: number, skew: number): Date {
  if (amzDate === undefined) throw invalid("Authorization header requires an 'X-Amz-Date' header.");
  const date = parseAmzDate(amzDate);
  if (!date) throw invalid(`X-Amz-Date '${amzDate}' must be in the basic ISO 8601 format, e.g. 20261121T120141Z.`);
  const minutes = `${Math.round(skew / 60000)} min.`;
  if (date.getTime() < now - skew) {
    throw invalid(
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - skew)} (${formatAmzDate(now)} - ${minutes})`,
    );
  }
  if (date.getTime() > now + skew) {
    throw invalid(
      `Signature expired: ${amzDate} is now later than ${formatAmzDate(now + skew)} (${formatAmzDate(now)} + ${minutes})`,
    );
  }
  if (amzDate.slice(0, 8) !== scopeDate) {
    throw invalid(`Credential scope date ${scopeDate} does not match X-Amz-Date ${amzDate}.`);
  }
  return date;
}

/** The x-amz-content-sha256 header is trusted by the signer as the payload hash, so it must match the body. */
function checkPayloadHash(declared: string | undefined, body: Buffer): void {
  if (declared !== undefined && declared !== hash('sha256', body, 'hex')) {
    throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}

const isAuthError = (e: unknown) =>
  e instanceof MissingAuthenticationTokenException ||
  e instanceof UnrecognizedClientException ||
  e instanceof InvalidSignatureException;

/** Runs a step over untrusted input, turning any unexpected failure into InvalidSignatureException. */
async function guard<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (isAuthError(e)) throw e;
    throw invalid(`The request could not be verified: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The Authorization header and the parts of the request that are signed (exported for tests). */
export function parseRequest(req: IncomingSignedRequest, opts: VerifyOptions) {
  const authorization = headerValue(req.headers.authorization);
  if (authorization === undefined) throw new MissingAuthenticationTokenException('Missing Authentication Token');
  const auth = parseAuthorization(authorization);
  if (auth.service !== opts.service) {
    throw invalid(`Credential should be scoped to correct service: '${opts.service}'.`);
  }
  const signingDate = checkClock(headerValue(req.headers['x-amz-date']), auth.date, opts.now, opts.maxSkewMs ?? DEFAULT_SKEW_MS);
  const headers: Record<string, string> = Object.create(null);
  for (const name of auth.signedHeaders) {
    const value = headerValue(req.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  checkPayloadHash(headers['x-amz-content-sha256'], req.body);
  const q = req.rawUrl.indexOf('?');
  const request: ConstructorParameters<typeof HttpRequestShape>[0] = {
    method: req.method,
    path: q < 0 ? req.rawUrl : req.rawUrl.slice(0, q), // still percent-encoded, exactly as the SDK signed it
    query: q < 0 ? {} : parseQuery(req.rawUrl.slice(q + 1)),
    headers,
    body: req.body,
  };
  return { auth, signingDate, request };
}

/** The signing libraries load on the first signed request, not at start-up (~50 ms). */
let signingLibs:
  | Promise<[typeof import('@smithy/hash-node'), typeof import('@smithy/protocol-http'), typeof import('@smithy/signature-v4')]>
  | undefined;
const loadSigningLibs = () =>
  (signingLibs ??= Promise.all([import('@smithy/hash-node'), import('@smithy/protocol-http'), import('@smithy/signature-v4')]));

const signers = new Map<string, import('@smithy/signature-v4').SignatureV4>();

async function expectedSignature(
  { auth, signingDate, request }: ReturnType<typeof parseRequest>,
  secretAccessKey: string,
  service: string,
): Promise<string> {
  const [{ Hash }, { HttpRequest }, { SignatureV4 }] = await loadSigningLibs();
  // One signer per key, region and service: it caches the derived signing key per day.
  const cacheKey = `${auth.accessKeyId}\n${secretAccessKey}\n${auth.region}\n${service}`;
  let signer = signers.get(cacheKey);
  if (!signer) {
    if (signers.size >= 1000) signers.clear();
    signer = new SignatureV4({
      credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
      region: auth.region,
      service,
      // Node's own SHA-256 (the SDK's node clients use the same), not a JavaScript one.
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: true,
      applyChecksum: false, // never add x-amz-content-sha256 ourselves; a signed one is used as given
    });
    signers.set(cacheKey, signer);
  }
  const signed = await signer.sign(new HttpRequest(request), {
    signingDate,
    signableHeaders: new Set(auth.signedHeaders),
    unsignableHeaders: new Set(GENERATED.filter((h) => !auth.signedHeaders.includes(h))),
  });
  return /Signature=([0-9a-f]{64})$/.exec(signed.headers.authorization ?? '')?.[1] ?? '';
}

/** A path the SDK signs as it is: unreserved characters, no `.`, `..` or empty segments. */
const PLAIN_PATH = /^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?$/;
const DOT_SEGMENT = /\/\.\.?(\/|$)/;

/** RFC 3986 escaping, as the SDK escapes query keys and values. */
const escapeUri = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Derived signing keys by secret, date, region and service (a day's key serves many requests). */
const signingKeys = new Map<string, Buffer>();
function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    const hmac = (k: string | Buffer, data: string) => createHmac('sha256', k).update(data).digest();
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    if (signingKeys.size >= 1000) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

/**
 * The signature of a request with a plain path, built with node:crypto; undefined when the
 * path needs the SDK's escaping rules or a signed header is missing.
 */
export function fastSignature(
  { auth, request }: Pick<ReturnType<typeof parseRequest>, 'auth' | 'request'>,
  amzDate: string,
  secretAccessKey: string,
  service: string,
): string | undefined {
  const path = request.path ?? '/';
  if (!PLAIN_PATH.test(path) || DOT_SEGMENT.test(path) || path.includes('//')) return undefined;
  // Query: escaped keys sorted; a repeated key's pairs sorted among themselves.
  const pairs: string[] = [];
  for (const key of Object.keys(request.query ?? {}).sort((a, b) => (escapeUri(a) < escapeUri(b) ? -1 : 1))) {
    const k = escapeUri(key);
    const value = request.query?.[key];
    if (typeof value === 'string') pairs.push(`${k}=${escapeUri(value)}`);
    else if (Array.isArray(value)) pairs.push(...value.map((v) => `${k}=${escapeUri(v ?? '')}`).sort());
  }
  const names = [...auth.signedHeaders].sort();
  let headers = '';
  for (const name of names) {
    const value = request.headers?.[name];
    if (value === undefined) return undefined;
    headers += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  }
  const body = request.body as Buffer;
  const payloadHash = request.headers?.['x-amz-content-sha256'] ?? hash('sha256', body, 'hex');
  const canonical = `${request.method}\n${path}\n${pairs.join('&')}\n${headers}\n${names.join(';')}\n${payloadHash}`;
  const scope = `${auth.date}/${auth.region}/${service}/aws4_request`;
  const toSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${hash('sha256', canonical, 'hex')}`;
  return createHmac('sha256', signingKey(secretAccessKey, auth.date, auth.region, service))
    .update(toSign)
    .digest('hex');
}

const sameSignature = (expected: string | undefined, given: string): boolean => {
  if (expected === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Verifies the request's SigV4 Authorization header. Resolves with the caller's access key
 * and the region of its credential scope. Bad input is rejected only with
 * MissingAuthenticationToken-, UnrecognizedClient- or InvalidSignatureException; errors
 * thrown by `lookup` itself (e.g. storage failures) propagate unchanged.
 */
export async function verifySigV4(
  req: IncomingSignedRequest,
  lookup: SecretLookup,
  opts: VerifyOptions,
): Promise<{ accessKeyId: string; region: string }> {
  const parsed = await guard(() => parseRequest(req, opts));
  const { accessKeyId, region, signature } = parsed.auth;
  const secretAccessKey = await lookup(accessKeyId);
  if (secretAccessKey === undefined) {
    throw new UnrecognizedClientException('The security token included in the request is invalid.');
  }
  const amzDate = headerValue(req.headers['x-amz-date']) ?? '';
  if (sameSignature(await guard(() => fastSignature(parsed, amzDate, secretAccessKey, opts.service)), signature)) {
    return { accessKeyId, region };
  }
  const expected = await guard(() => expectedSignature(parsed, secretAccessKey, opts.service));
  if (!sameSignature(expected, signature)) throw invalid(MISMATCH);
  return { accessKeyId, region };
}
