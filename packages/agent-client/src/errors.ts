/**
 * Errors of the agent client. Every failure reaches the caller as an {@link AgentApiError}
 * whose `name` and `type` are the AWS error type the server sent (`InvalidStateException`,
 * `AccessDeniedException`, …) or one the client names itself (`NetworkingError`,
 * `TimeoutError`): never a bare TypeError.
 */

/** The error types an agent desktop meets; the server may send others (kept as sent). */
export const AgentErrorType = {
  /** Wrong username or password, a contact that is not the agent's, or a session that is over. */
  AccessDenied: 'AccessDeniedException',
  /** Missing or malformed parameters, an unknown command or agent status. */
  InvalidParameter: 'InvalidParameterException',
  /** The contact's state does not allow the action (e.g. accepting a connected contact). */
  InvalidState: 'InvalidStateException',
  /** No such contact (or quick connect). */
  ResourceNotFound: 'ResourceNotFoundException',
  /** Too many commands a second on one socket. */
  Throttling: 'ThrottlingException',
  /** The server failed (e.g. while it reloads after a storage failure); retry. */
  InternalService: 'InternalServiceException',
  /** A frame that is not JSON (either way). */
  Serialization: 'SerializationException',
  /** The server could not be reached, or the connection was lost before an answer. */
  Networking: 'NetworkingError',
  /** A command was sent but no answer came in time: it may or may not have run. */
  Timeout: 'TimeoutError',
  /** A listener of one of the client's events threw (reported on the `error` event). */
  Listener: 'ListenerError',
} as const;
export type AgentErrorType = (typeof AgentErrorType)[keyof typeof AgentErrorType];

const SERVER_FAULTS: ReadonlySet<string> = new Set([AgentErrorType.InternalService, 'ServiceUnavailableException']);

/** A failed sign-in, command or request. */
export class AgentApiError extends Error {
  /** The error type: an {@link AgentErrorType} or another type the server sent. */
  override readonly name: AgentErrorType | (string & {});
  /** Same as `name`. */
  readonly type: AgentErrorType | (string & {});
  /** Whose fault it was, as in the AWS SDKs. */
  readonly $fault: 'client' | 'server';
  /** The HTTP status, for answers that came over HTTP. */
  readonly status: number | undefined;

  constructor(type: AgentErrorType | (string & {}), message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = type;
    this.type = type;
    this.status = options.status;
    this.$fault = SERVER_FAULTS.has(type) || (options.status ?? 0) >= 500 ? 'server' : 'client';
  }
}

/** Whether `err` is an AgentApiError of the given type. */
export const isAgentApiError = (err: unknown, type?: AgentErrorType | (string & {})): err is AgentApiError =>
  err instanceof AgentApiError && (type === undefined || err.type === type);

/** `err` as an AgentApiError: kept when it is one, else a NetworkingError wrapping it. */
export const asAgentApiError = (err: unknown, what: string): AgentApiError =>
  err instanceof AgentApiError
    ? err
    : new AgentApiError(AgentErrorType.Networking, `${what}: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
