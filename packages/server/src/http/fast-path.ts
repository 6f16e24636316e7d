/**
 * Hot operations served from node:http before Fastify sees the request: the participant
 * service's SendMessage and SendEvent (every chat message, typing indicator and receipt)
 * and the Connect API's StartChatContact (every chat started). Fastify's per-request
 * machinery (request and reply objects, a child logger, hook chains, the content-type
 * parser, the router) cost about a tenth of a message's CPU in `npm run bench:chat`
 * (0.274 → 0.240 ms a message with this path) and a measurable share of a started chat's
 * in `npm run bench:routing`. Hand-written because no library serves a fixed route with
 * less; it keeps the contract of the Fastify path (rest-json.ts, cors.ts, errors.ts,
 * metrics.ts), and `fast-path.test.ts` and `contact-fast-path.test.ts` check each answer
 * against it.
 *
 * Only the plain shape is taken: `POST` or `PUT` to the exact path, no query string, a
 * `Content-Length` body within the limit, no content type or a JSON one, a server that is
 * ready, and for the Connect API no `Origin` (SDK calls from servers send none). Anything
 * else (chunked, oversized, a browser's request, while closing, any other route) goes to
 * Fastify untouched, which answers it as always.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceError } from '@switchboard/core';
import type { FastifyBaseLogger } from 'fastify';
import { EXPOSED_HEADERS } from './cors.js';
import { errorPayload, unexpectedError } from './errors.js';
import type { HttpObservation } from './metrics.js';
import type { Operation } from './operation.js';
import { assembleInput, validInput } from './rest-json.js';

export interface FastPathOptions<Ctx> {
  /** POST or PUT operations without path labels or query members. */
  readonly operations: readonly Operation<Ctx>[];
  /** Authenticates the request and builds the handler context; gets the body (SigV4 hashes it). */
  readonly authorize: (req: IncomingMessage, rawBody: Buffer) => Promise<Ctx>;
  /**
   * The error a ServiceError answers, as errors.ts's errorHandler maps it: `participantError`
   * for the participant service; by default the error as it is (Connect).
   */
  readonly answerError?: (err: ServiceError) => ServiceError;
  /** The error an invalid input answers; by default validInput's (InvalidParameterException). */
  readonly invalidInput?: (message: string) => Error;
  /**
   * CORS, as cors.ts grants it: `open` takes every origin (the participant service);
   * `approved` takes only requests without an `Origin` and leaves the others to Fastify,
   * which checks the approved origins.
   */
  readonly cors: 'open' | 'approved';
  readonly bodyLimit: number;
  /** False while starting or closing: Fastify answers then (503 while closing). */
  readonly ready: () => boolean;
  /** HTTP metrics, as the Fastify path records them. */
  readonly observe: (o: HttpObservation) => void;
  /** Where refusals and failures are logged, as errors.ts logs them. */
  readonly log: Pick<FastifyBaseLogger, 'error' | 'info'>;
  /** Counts the requests taken (tests check the path was taken). */
  readonly stats?: { served: number };
}

/**
 * The content type taken (what the SDKs send; none is taken too). Fastify answers 415 to a
 * malformed one before its catch-all parser (app.ts) runs, so every other is left to it.
 */
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/** Returns a request listener that answers what it takes and returns false otherwise. */
export function fastPath<Ctx>(opts: FastPathOptions<Ctx>): (req: IncomingMessage, res: ServerResponse) => boolean {
  const methods = new Set<string>();
  const byRoute = new Map<string, Operation<Ctx>>();
  for (const op of opts.operations) {
    if ((op.method !== 'POST' && op.method !== 'PUT') || op.path.includes('{') || op.query)
      throw new Error(`${op.name}: not a plain POST or PUT operation`);
    methods.add(op.method);
    byRoute.set(`${op.method} ${op.path}`, op);
    byRoute.set(`${op.method} ${op.path}/`, op); // Fastify ignores a trailing slash
  }
  const answerError = opts.answerError ?? ((err: ServiceError) => err);
  const approved = opts.cors === 'approved';

  const answer = (res: ServerResponse, op: Operation<Ctx>, started: number, status: number, body: string, type?: string) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8'); // as Fastify writes it
    if (type) res.setHeader('x-amzn-errortype', type);
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
    opts.observe({ method: op.method, route: op.path, status: String(status), seconds: (performance.now() - started) / 1000 });
  };

  const serve = async (
    op: Operation<Ctx>,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    requestId: string,
    started: number,
  ) => {
    try {
      const ctx = await opts.authorize(req, body);
      const input = validInput(op, assembleInput(op as Operation<unknown>, {}, {}, body, []), opts.invalidInput);
      const output = await op.handler(input, ctx);
      answer(res, op, started, 200, JSON.stringify(output ?? {}));
    } catch (thrown) {
      // Answered already (something after the answer threw): a second answer would throw
      // outside any handler and end the process.
      if (res.headersSent) {
        opts.log.error({ err: thrown, reqId: requestId }, 'failure after the answer');
        return;
      }
      let err: ServiceError;
      if (thrown instanceof ServiceError) {
        err = answerError(thrown);
        if (err.$fault === 'server') opts.log.error({ err, reqId: requestId }, 'service error');
        else opts.log.info({ reqId: requestId, errorType: err.name, message: err.message }, 'client error');
      } else {
        opts.log.error({ err: thrown, reqId: requestId }, 'unhandled error');
        err = answerError(unexpectedError(requestId));
      }
      answer(res, op, started, err.status, JSON.stringify(errorPayload(err)), err.name);
    }
  };

  return (req, res) => {
    const method = req.method ?? '';
    if (!methods.has(method)) return false;
    const op = byRoute.get(`${method} ${req.url}`);
    if (!op) return false;
    const headers = req.headers;
    const origin = headers.origin;
    if (approved && origin !== undefined) return false;
    const type = headers['content-type'];
    if (type !== undefined && !JSON_TYPE.test(type)) return false;
    const length = headers['content-length'];
    if (length === undefined || headers['transfer-encoding'] !== undefined) return false;
    const n = Number(length);
    if (!Number.isSafeInteger(n) || n < 0 || n > opts.bodyLimit || !opts.ready()) return false;

    const started = performance.now();
    if (opts.stats) opts.stats.served++;
    // What app.ts's onRequest hook and cors.ts give the request: an id, and CORS as granted
    // (an open path: any origin, no credentials; approved, without an Origin: credentials).
    const requestId = randomUUID();
    res.setHeader('x-amzn-requestid', requestId);
    res.setHeader('vary', 'Origin');
    if (origin !== undefined) res.setHeader('access-control-allow-origin', origin);
    if (approved) res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void serve(op, req, res, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), requestId, started);
    });
    return true;
  };
}
