/**
 * What a failed call rejects with: an Error (so it has a stack and prints well when left
 * unhandled) that also has ChatJS's response shape, `{ error, metadata }`. `error.type` is
 * the AWS error type the server sent (`x-amzn-errortype`), or `NetworkingError` when the
 * server could not be reached, or `ValidationException` for arguments refused before any
 * request was made.
 */

export interface ChatErrorDetails {
  /** The AWS error type, e.g. `AccessDeniedException`, `ThrottlingException`, `NetworkingError`. */
  readonly type: string;
  /** Same as `type` (the AWS SDK's name for it). */
  readonly name: string;
  /** The server's message, in words a person can read. */
  readonly message: string;
  /** The HTTP status; 0 when no answer came. */
  readonly statusCode: number;
  /** Whether trying again later may succeed (network trouble, throttling, a 5xx). */
  readonly retryable: boolean;
}

export class ChatError extends Error {
  override readonly name: string;
  readonly error: ChatErrorDetails;
  readonly metadata: unknown;

  constructor(details: Omit<ChatErrorDetails, 'name' | 'retryable'> & { retryable?: boolean }, metadata: unknown = null) {
    super(details.message);
    this.name = details.type;
    this.error = {
      type: details.type,
      name: details.type,
      message: details.message,
      statusCode: details.statusCode,
      retryable: details.retryable ?? isRetryable(details.type, details.statusCode),
    };
    this.metadata = metadata;
  }

  get type(): string {
    return this.error.type;
  }

  get statusCode(): number {
    return this.error.statusCode;
  }

  /** The same error, carrying the caller's `metadata`. */
  withMetadata(metadata: unknown): ChatError {
    return metadata === this.metadata ? this : new ChatError(this.error, metadata);
  }
}

export const NETWORK_ERROR = 'NetworkingError';

const RETRYABLE_TYPES = new Set([NETWORK_ERROR, 'ThrottlingException', 'TooManyRequestsException', 'RequestTimeout']);

export function isRetryable(type: string, statusCode: number): boolean {
  return RETRYABLE_TYPES.has(type) || statusCode === 429 || statusCode >= 500;
}

export const validationError = (message: string, metadata: unknown = null): ChatError =>
  new ChatError({ type: 'ValidationException', message, statusCode: 400, retryable: false }, metadata);

export const networkError = (cause: unknown): ChatError =>
  new ChatError({
    type: NETWORK_ERROR,
    message: `The chat service could not be reached (${cause instanceof Error ? cause.message : String(cause)})`,
    statusCode: 0,
    retryable: true,
  });

/** Anything thrown, as a ChatError (never a bare TypeError). */
export const asChatError = (e: unknown): ChatError =>
  e instanceof ChatError
    ? e
    : new ChatError({
        type: 'ClientError',
        message: e instanceof Error ? e.message : String(e),
        statusCode: 0,
        retryable: false,
      });
