/**
 * AWS-style service errors. Each class has the literal AWS error type as `name`, the HTTP
 * status and the fault side; the protocol layer writes `name` into `x-amzn-errortype`
 * and `message` into the body. Errors not listed here never leave the server: they are
 * logged and answered as InternalServiceException without details.
 */
export type Fault = 'client' | 'server';

export abstract class ServiceError extends Error {
  abstract override readonly name: string;
  abstract readonly status: number;
  readonly $fault: Fault = 'client';
  /** Extra members written into the JSON body next to `message` (e.g. ResourceType). */
  readonly extra: Record<string, unknown>;
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.extra = extra;
  }
}

const make = <N extends string>(name: N, status: number, fault: Fault = 'client') => {
  const C = class extends ServiceError {
    override readonly name = name;
    readonly status = status;
    override readonly $fault = fault;
  };
  Object.defineProperty(C, 'name', { value: name });
  return C;
};

// Connect (admin + contact API)
export const AccessDeniedException = make('AccessDeniedException', 403);
export const UnrecognizedClientException = make('UnrecognizedClientException', 403);
export const InvalidSignatureException = make('InvalidSignatureException', 403);
export const MissingAuthenticationTokenException = make('MissingAuthenticationTokenException', 403);
export const InvalidParameterException = make('InvalidParameterException', 400);
export const InvalidContactFlowException = make('InvalidContactFlowException', 400);
export const InvalidRequestException = make('InvalidRequestException', 400);
export const ResourceNotFoundException = make('ResourceNotFoundException', 404);
export const UserNotFoundException = make('UserNotFoundException', 404);
export const DuplicateResourceException = make('DuplicateResourceException', 409);
export const ResourceInUseException = make('ResourceInUseException', 409);
export const ResourceConflictException = make('ResourceConflictException', 409);
export const ConflictException = make('ConflictException', 409);
export const ContactNotFoundException = make('ContactNotFoundException', 410);
export const IdempotencyException = make('IdempotencyException', 409);
export const LimitExceededException = make('LimitExceededException', 429);
export const ServiceQuotaExceededException = make('ServiceQuotaExceededException', 402);
export const ThrottlingException = make('ThrottlingException', 429);
export const InvalidStateException = make('InvalidStateException', 400);
export const UnknownOperationException = make('UnknownOperationException', 404);
export const SerializationException = make('SerializationException', 400);
export const RequestEntityTooLargeException = make('RequestEntityTooLargeException', 413);
export const InternalServiceException = make('InternalServiceException', 500, 'server');
// Participant service
export const ValidationException = make('ValidationException', 400);
export const InternalServerException = make('InternalServerException', 500, 'server');

export type ServiceErrorClass = ReturnType<typeof make>;

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;
