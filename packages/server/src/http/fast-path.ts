/**
 * The participant service's two per-message operations, SendMessage and SendEvent (every
 * chat message, typing indicator and receipt), served from node:http before Fastify sees
 * the request. They are most of a chat server's requests, and Fastify's per-request
 * machinery (request and reply objects, a child logger, hook chains, the content-type
 * parser, the router) cost about a tenth of a message's CPU in `npm run bench:chat`
 * (0.274 → 0.240 ms a message with this path). Hand-written because no library serves a
 * fixed route with less; it keeps the contract of the Fastify path (rest-json.ts, cors.ts, errors.ts,
 * metrics.ts), and `fast-path.test.ts` checks each answer against it.
 *
 * Only the plain shape is taken: `POST` to the exact path, no query string, a
 * `Content-Length` body within the limit, a server that is ready. Anything else (chunked,
 * oversized, while closing, any other route) goes to Fastify untouched, which answers it
 * as always.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceError, ValidationException } from '@switchboard/core';
import type { FastifyBaseLogger } from 'fastify';
import { EXPOSED_HEADERS } from './cors.js';
import { errorPayload, participantError, unexpectedError } from './errors.js';
import type { HttpObservation } from './metrics.js';
import type { Operation } from './operation.js';
import { assembleInput, validInput } from './rest-json.js';

export interface FastPathOptions<Ctx> {
  /** POST operations without path labels or query members. */
  readonly operations: readonly Operation<Ctx>[];
  readonly authorize: (req: IncomingMessage) => Promise<Ctx>;
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

/** Returns a request listener that answers what it takes and returns false otherwise. */
export function fastPath<Ctx>(opts: FastPathOptions<Ctx>): (req: IncomingMessage, res: ServerResponse) => boolean {
  const byPath = new Map<string, Operation<Ctx>>();
  for (const op of opts.operations) {
    if (op.method !== 'POST' || op.path.includes('{') || op.query) throw new Error(`${op.name}: not a plain POST operation`);
    byPath.set(op.path, op);
    byPath.set(`${op.path}/`, op); // Fastify ignores a trailing slash
  }

  const answer = (res: ServerResponse, op: Operation<Ctx>, started: number, status: number, body: string, type?: string) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8'); // as Fastify writes it
    if (type) res.setHeader('x-amzn-errortype', type);
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
    opts.observe({ method: 'POST', route: op.path, status: String(status), seconds: (performance.now() - started) / 1000 });
  };

  const invalid = (message: string) => new ValidationException(message);
  const serve = async (
    op: Operation<Ctx>,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    requestId: string,
    started: number,
  ) => {
    try {
      const ctx = await opts.authorize(req);
      const input = validInput(op, assembleInput(op as Operation<unknown>, {}, {}, body, []), invalid);
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
        err = participantError(thrown);
        if (err.$fault === 'server') opts.log.error({ err, reqId: requestId }, 'service error');
        else opts.log.info({ reqId: requestId, errorType: err.name, message: err.message }, 'client error');
      } else {
        opts.log.error({ err: thrown, reqId: requestId }, 'unhandled error');
        err = participantError(unexpectedError(requestId));
      }
      answer(res, op, started, err.status, JSON.stringify(errorPayload(err)), err.name);
    }
  };

  return (req, res) => {
    if (req.method !== 'POST') return false;
    const op = byPath.get(req.url ?? '');
    if (!op) return false;
    const length = req.headers['content-length'];
    if (length === undefined || req.headers['transfer-encoding'] !== undefined) return false;
    const n = Number(length);
    if (!Number.isSafeInteger(n) || n < 0 || n > opts.bodyLimit || !opts.ready()) return false;

    const started = performance.now();
    if (opts.stats) opts.stats.served++;
    // What cors.ts and app.ts's onRequest hook give every participant answer.
    const requestId = randomUUID();
    res.setHeader('x-amzn-requestid', requestId);
    res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    if (origin !== undefined) res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void serve(op, req, res, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), requestId, started);
    });
    return true;
  };
}
