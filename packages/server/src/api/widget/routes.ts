/**
 * The widget's public API on Fastify, under `/widget/v1/` (docs/widget.md):
 *
 *   GET  /widget/v1/configurations/{id}          what the widget shows, and status
 *   POST /widget/v1/configurations/{id}/chats    start a chat (x-switchboard-visitor)
 *   POST /widget/v1/configurations/{id}/rating   rate it (x-amz-bearer: its ParticipantToken)
 *   POST /widget/v1/configurations/{id}/messages leave a message (the offline form): a task
 *   POST /widget/v1/configurations/{id}/calls    start a web call ("Call us"; x-switchboard-visitor)
 *   OPTIONS on each                              CORS preflight
 *
 * No credentials. The request's origin must be one of the configuration's
 * `allowedOrigins` (or Switchboard's own origin): the `Origin` header, or, for a same-origin GET (browsers send no
 * Origin then), the scheme and Host the request came to when `Sec-Fetch-Site:
 * same-origin` says so (a header pages cannot forge). CORS headers go only to allowed
 * origins (not credentials, not the instance's approved origins); a missing or foreign
 * origin and an unknown id all answer the same 403. Errors are AWS-style; a body past
 * 16 KiB, malformed JSON or a bad content type is a ValidationException — on /messages an
 * InvalidParameterException, as StartTaskContact names its input errors.
 */
import { InvalidParameterException, ServiceError, ValidationException } from '@switchboard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EXPOSED_HEADERS } from '../../http/cors.js';
import { errorHandler, participantError, sendServiceError } from '../../http/errors.js';
import { allowedTarget, foreignOrigin, originOf, type WidgetApiContext, type WidgetTarget } from './context.js';
import { describeConfiguration, RetryLater, rateChat, startChat } from './handlers.js';
import { startCall } from './calls.js';
import { leaveMessage } from './messages.js';

export const WIDGET_API_PREFIX = '/widget/v1/';
/** Largest request body: the pre-chat form and page attributes, a rating, or a message (4096 characters). */
export const WIDGET_BODY_LIMIT = 16 * 1024;

const CONFIGURATION = '/widget/v1/configurations/:id';
const CHATS = `${CONFIGURATION}/chats`;
const RATING = `${CONFIGURATION}/rating`;
const MESSAGES = `${CONFIGURATION}/messages`;
const CALLS = `${CONFIGURATION}/calls`;
const PREFLIGHT_MAX_AGE = '600';
const ALLOWED_HEADERS = 'content-type, x-switchboard-visitor, x-amz-bearer';

declare module 'fastify' {
  interface FastifyRequest {
    /** The configuration the request may use (set for /widget/v1/ routes; see routes.ts). */
    widgetTarget?: WidgetTarget | undefined;
  }
}

/** The origin a request comes from (see the header comment). */
export function requestOrigin(req: Pick<FastifyRequest, 'headers' | 'protocol'>): string | undefined {
  const origin = req.headers.origin;
  if (typeof origin === 'string') return origin === 'null' ? undefined : origin;
  const host = req.headers.host;
  if (req.headers['sec-fetch-site'] === 'same-origin' && typeof host === 'string') return `${req.protocol}://${host}`;
  return undefined;
}

/** The JSON object of a body; ValidationException for anything else. */
function readJson(raw: Buffer | undefined): unknown {
  if (!raw || raw.length === 0) throw new ValidationException('The request body must be a JSON object');
  if (raw.length > WIDGET_BODY_LIMIT)
    throw new ValidationException(`The request body must be at most ${WIDGET_BODY_LIMIT} bytes`);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationException('The request body is not valid JSON');
  }
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

export function registerWidgetApi(app: FastifyInstance, ctx: (req: FastifyRequest) => WidgetApiContext): void {
  void app.register(async (scope) => {
    // Which configuration the request may use, and CORS for it (before the body is read,
    // so that every answer, errors too, carries the headers the widget needs to read it).
    scope.addHook('onRequest', (req, reply, done) => {
      const id = (req.params as { id?: string }).id ?? '';
      try {
        const c = ctx(req);
        req.widgetTarget = allowedTarget(c.routing, id, requestOrigin(req), originOf(c.publicUrl()));
      } catch (err) {
        done(err as Error);
        return;
      }
      const origin = req.headers.origin;
      if (req.widgetTarget && typeof origin === 'string') {
        reply
          .header('access-control-allow-origin', origin)
          .header('access-control-expose-headers', `${EXPOSED_HEADERS}, retry-after`);
      }
      done();
    });

    scope.setErrorHandler((err: Error, req, reply) => {
      let e: Error = err;
      if (!(e instanceof ServiceError)) {
        const status = (err as { statusCode?: number }).statusCode;
        // Fastify's own refusals (too large, bad content type…) are the caller's: input errors.
        if (typeof status === 'number' && status >= 400 && status < 500)
          e =
            (err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE'
              ? new ValidationException(`The request body must be at most ${WIDGET_BODY_LIMIT} bytes`)
              : new ValidationException(err.message);
      }
      // Nothing but the 403 for a request that may not use the configuration.
      if (!req.widgetTarget && e instanceof ServiceError && e.$fault === 'client') e = foreignOrigin();
      if (e instanceof RetryLater) reply.header('retry-after', String(e.retryAfterSeconds));
      if (e instanceof ServiceError) {
        let answer = participantError(e);
        if (answer.name === 'ValidationException' && req.routeOptions.url === MESSAGES)
          answer = new InvalidParameterException(answer.message);
        req.log.info({ errorType: answer.name, message: answer.message }, 'client error');
        return sendServiceError(reply, answer);
      }
      return errorHandler(e, req, reply);
    });

    const common = (req: FastifyRequest) => ({ target: req.widgetTarget, ip: req.socket.remoteAddress ?? 'unknown' });
    const json = (reply: FastifyReply, status: number, body: unknown) =>
      reply.code(status).header('content-type', 'application/json').header('cache-control', 'no-store').send(body);

    scope.get(CONFIGURATION, async (req, reply) => json(reply, 200, describeConfiguration(common(req), ctx(req))));
    scope.post(CHATS, { bodyLimit: WIDGET_BODY_LIMIT }, async (req, reply) => {
      const out = await startChat(
        { ...common(req), visitorId: header(req, 'x-switchboard-visitor'), body: () => readJson(req.rawBody) },
        ctx(req),
      );
      return json(reply, 201, out);
    });
    scope.post(RATING, { bodyLimit: WIDGET_BODY_LIMIT }, async (req, reply) => {
      const out = await rateChat(
        { ...common(req), bearer: header(req, 'x-amz-bearer'), body: () => readJson(req.rawBody) },
        ctx(req),
      );
      return json(reply, 200, out);
    });

    scope.post(MESSAGES, { bodyLimit: WIDGET_BODY_LIMIT }, async (req, reply) => {
      const out = await leaveMessage({ ...common(req), origin: requestOrigin(req), body: () => readJson(req.rawBody) }, ctx(req));
      return json(reply, 201, out);
    });

    scope.post(CALLS, { bodyLimit: WIDGET_BODY_LIMIT }, async (req, reply) => {
      const out = await startCall(
        { ...common(req), visitorId: header(req, 'x-switchboard-visitor'), body: () => readJson(req.rawBody) },
        ctx(req),
      );
      return json(reply, 201, out);
    });

    const preflight = async (req: FastifyRequest, reply: FastifyReply) => {
      if (!req.widgetTarget) throw foreignOrigin();
      if (req.headers['access-control-request-method'] === undefined)
        throw new ValidationException('A CORS preflight needs Origin and Access-Control-Request-Method headers');
      const asked = header(req, 'access-control-request-headers');
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', asked ?? ALLOWED_HEADERS)
        .header('access-control-max-age', PREFLIGHT_MAX_AGE)
        .header('vary', 'Origin, Access-Control-Request-Headers')
        .header('content-length', '0')
        .send();
    };
    for (const url of [CONFIGURATION, CHATS, RATING, MESSAGES, CALLS]) scope.options(url, preflight);
  });
}
