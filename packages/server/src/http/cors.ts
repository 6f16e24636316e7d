/**
 * CORS for the whole app, in one onRequest hook and one OPTIONS route (but for the paths
 * that answer it themselves: the chat widget's public API, api/widget/routes.ts).
 *
 * Hand-written rather than @fastify/cors: our answer depends on the request (the
 * participant service is open to every site, the rest only to approved origins, and the
 * approved list changes at runtime), and the plugin's per-request `delegator` re-normalises
 * its options on every request. Measured in `npm run bench:chat`: about 5 % of the server's
 * CPU per chat message went to CORS; this hook costs a few header writes.
 *
 * What it answers, as the plugin did:
 * - every request: `Vary: Origin`; when the origin is allowed, `Access-Control-Allow-Origin`
 *   (the request's origin), the exposed AWS headers and, outside the open paths,
 *   `Access-Control-Allow-Credentials: true` (the CCP's session cookie);
 * - a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an
 *   allowed origin: 204 with the methods, the headers the browser asked for and a max age;
 *   from another origin: the AWS-style 404 of any unknown route, without CORS headers.
 */
import { InvalidRequestException } from '@switchboard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface CorsPolicy {
  /** Paths every origin may call without credentials (bearer tokens, pre-signed URLs). */
  readonly open: (url: string) => boolean;
  /** Origins allowed everywhere else, with credentials; `*` allows every origin. */
  readonly approvedOrigins: () => ReadonlySet<string>;
  /** Paths that answer CORS themselves (the chat widget's public API): nothing is granted here. */
  readonly own?: (url: string) => boolean;
}

const METHODS = 'GET, PUT, POST, DELETE, OPTIONS';
export const EXPOSED_HEADERS = 'x-amzn-requestid, x-amzn-errortype, date';
const MAX_AGE = '600';

/** How a request's origin is treated: no CORS headers, open (no credentials) or approved. */
type Grant = 'none' | 'open' | 'approved';

/** Adds a field to the answer's `Vary` header (keeping what is there). */
export const appendVary = (reply: FastifyReply, field: string): void => {
  const vary = reply.getHeader('vary');
  reply.header('vary', vary === undefined || vary === '' ? field : `${String(vary)}, ${field}`);
};

export function registerCors(app: FastifyInstance, policy: CorsPolicy): void {
  const grant = (req: FastifyRequest): Grant => {
    if (policy.own?.(req.url)) return 'none';
    if (policy.open(req.url)) return 'open';
    const origin = req.headers.origin;
    if (origin === undefined) return 'approved';
    const approved = policy.approvedOrigins();
    return approved.has('*') || approved.has(origin) ? 'approved' : 'none';
  };

  app.decorateRequest('corsGrant', 'none');
  app.addHook('onRequest', (req, reply, done) => {
    const g = grant(req);
    req.corsGrant = g;
    appendVary(reply, 'Origin');
    if (g !== 'none') {
      const origin = req.headers.origin;
      if (origin !== undefined) reply.header('access-control-allow-origin', origin);
      if (g === 'approved') reply.header('access-control-allow-credentials', 'true');
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    }
    done();
  });

  app.options('*', async (req, reply) => {
    if (req.corsGrant === 'none') return reply.callNotFound();
    if (req.headers.origin === undefined || req.headers['access-control-request-method'] === undefined)
      throw new InvalidRequestException('A CORS preflight needs Origin and Access-Control-Request-Method headers');
    reply.header('access-control-allow-methods', METHODS);
    appendVary(reply, 'Access-Control-Request-Headers');
    const asked = req.headers['access-control-request-headers'];
    if (asked !== undefined) reply.header('access-control-allow-headers', asked);
    reply.header('access-control-max-age', MAX_AGE);
    return reply.code(204).header('content-length', '0').send();
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What registerCors granted this request's origin. */
    corsGrant: Grant;
  }
}
