/**
 * The agent API over HTTP: JSON in, JSON out, AWS-style errors (`x-amzn-errortype` and a
 * `message`) turned into AgentApiError; a request that never got an answer is a
 * NetworkingError (or TimeoutError).
 */
import { AgentApiError, AgentErrorType } from './errors.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly token?: string;
  readonly body?: unknown;
  readonly timeoutMs: number;
  /** Told the answer's headers (e.g. its `Date`), before its body is read. */
  readonly onHeaders?: (headers: Headers) => void;
}

/** The error type of an AWS-style answer (`x-amzn-errortype` may carry `:<namespace>` after it). */
function errorType(res: Response): string {
  const header = res.headers.get('x-amzn-errortype')?.split(':')[0]?.trim();
  if (header) return header;
  if (res.status === 401 || res.status === 403) return AgentErrorType.AccessDenied;
  if (res.status === 429) return AgentErrorType.Throttling;
  return res.status >= 500 ? AgentErrorType.InternalService : AgentErrorType.InvalidParameter;
}

const timeoutSignal = (ms: number): AbortSignal | undefined =>
  typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ms) : undefined;

export async function requestJson(fetchImpl: FetchLike, req: HttpRequest): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
  const signal = timeoutSignal(req.timeoutMs);
  const what = `${req.method} ${new URL(req.url).pathname}`;
  let res: Response;
  let text: string;
  try {
    res = await fetchImpl(req.url, {
      method: req.method,
      headers,
      ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
      ...(signal ? { signal } : {}),
    });
    req.onHeaders?.(res.headers);
    text = await res.text();
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    throw new AgentApiError(
      timedOut ? AgentErrorType.Timeout : AgentErrorType.Networking,
      timedOut ? `${what}: no answer within ${req.timeoutMs} ms` : `${what}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch (err) {
      if (res.ok) throw new AgentApiError(AgentErrorType.Serialization, `${what}: the answer is not JSON`, { cause: err });
      body = {};
    }
  }
  if (!res.ok) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { message?: unknown; Message?: unknown };
    const message = typeof b.message === 'string' ? b.message : typeof b.Message === 'string' ? b.Message : `HTTP ${res.status}`;
    throw new AgentApiError(errorType(res), message, { status: res.status });
  }
  return body;
}
