/**
 * The one place where errors become HTTP answers. Service errors carry their AWS type in
 * `x-amzn-errortype` and their message as both `message` and `Message` (the SDKs read
 * either). Anything else is logged in full and answered as an opaque 500, never with a
 * stack trace.
 */
import {
  InternalServerException,
  InternalServiceException,
  ValidationException,
  InvalidRequestException,
  RequestEntityTooLargeException,
  SerializationException,
  ServiceError,
  UnknownOperationException,
} from '@switchboard/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export type ErrorFlavour = 'connect' | 'participant';

/** The JSON body of an error answer. */
export const errorPayload = (err: ServiceError): Record<string, unknown> => ({
  ...err.extra,
  message: err.message,
  Message: err.message,
});

export const sendServiceError = (reply: FastifyReply, err: ServiceError): FastifyReply =>
  reply.code(err.status).header('x-amzn-errortype', err.name).header('content-type', 'application/json').send(errorPayload(err));

/** What a failure that is not a ServiceError answers: opaque, with the request id to look it up by. */
export const unexpectedError = (requestId: string): ServiceError =>
  new InternalServiceException(`An internal error occurred. Request id: ${requestId}`);

/** Maps Fastify's own errors (body parsing, limits) to AWS error types. */
const fromFastifyError = (err: FastifyError): ServiceError | undefined => {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new RequestEntityTooLargeException('Request body is too large');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new InvalidRequestException(err.message);
    default:
      if (err.statusCode === 400 && err instanceof SyntaxError) return new SerializationException('Malformed JSON body');
      if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
        return new InvalidRequestException(err.message);
      return undefined;
  }
};

/**
 * The participant service models fewer errors than Connect: its clients know
 * ValidationException (not InvalidParameter/InvalidRequest/Serialization) and
 * InternalServerException (not InternalServiceException).
 */
export const participantError = (err: ServiceError): ServiceError => {
  switch (err.name) {
    case 'SerializationException':
    case 'InvalidParameterException':
    case 'InvalidRequestException':
      return new ValidationException(err.message);
    case 'InternalServiceException':
      return new InternalServerException(err.message);
    default:
      return err;
  }
};

const forParticipant = (req: FastifyRequest, err: ServiceError): ServiceError =>
  req.url.startsWith('/participant/') ? participantError(err) : err;

export const errorHandler = (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply => {
  if (err instanceof ServiceError) err = forParticipant(req, err);
  else {
    const mapped = fromFastifyError(err as FastifyError);
    if (mapped) err = forParticipant(req, mapped);
  }
  if (err instanceof ServiceError) {
    if (err.$fault === 'server') req.log.error({ err }, 'service error');
    else req.log.info({ errorType: err.name, message: err.message }, 'client error');
    return sendServiceError(reply, err);
  }
  req.log.error({ err }, 'unhandled error');
  return sendServiceError(reply, forParticipant(req, unexpectedError(req.id)));
};

export const notFoundHandler = (req: FastifyRequest, reply: FastifyReply): FastifyReply =>
  sendServiceError(reply, new UnknownOperationException(`No operation matches ${req.method} ${req.url.split('?')[0]}`));
