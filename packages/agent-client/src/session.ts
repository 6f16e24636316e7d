/**
 * The session as the server answers it (`POST /agent/v1/login` and `/refresh`:
 * `{token, expiresAt, instanceId, userId}`) and as the client keeps it.
 */
import { AgentApiError, AgentErrorType } from './errors.js';
import type { AgentSession } from './events.js';
import { requestJson } from './http.js';
import type { ClientConfig } from './options.js';
import { localTiming, type SessionTiming } from './refresh.js';

/** What the server answers a sign-in or refresh. */
interface SessionWire {
  token: string;
  expiresAt: string;
  instanceId: string;
  userId: string;
}

export function parseSession(body: unknown): AgentSession {
  const b = body as Partial<SessionWire> | null;
  const expiresAt = typeof b?.expiresAt === 'string' ? new Date(b.expiresAt) : undefined;
  if (typeof b?.token !== 'string' || !b.token || !expiresAt || Number.isNaN(expiresAt.getTime())) {
    throw new AgentApiError(AgentErrorType.Serialization, 'The server answered a sign-in without a token and its expiry');
  }
  return {
    token: b.token,
    expiresAt,
    instanceId: typeof b.instanceId === 'string' ? b.instanceId : undefined,
    userId: typeof b.userId === 'string' ? b.userId : undefined,
  };
}

/**
 * Signs in or refreshes: the session the server answers, and its timing on this machine's
 * clock (from the answer's `Date`: a local clock that is off does not make a refresh late).
 */
export async function requestSession(
  config: ClientConfig,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ session: AgentSession; timing: SessionTiming }> {
  let serverDate: number | undefined;
  const answer = await requestJson(config.fetch, {
    method: 'POST',
    url: `${config.httpBase}${path}`,
    ...(token !== undefined ? { token } : {}),
    ...(body !== undefined ? { body } : {}),
    timeoutMs: config.commandTimeoutMs,
    onHeaders: (headers) => {
      const date = headers.get('date');
      serverDate = date ? Date.parse(date) : undefined;
    },
  });
  const session = parseSession(answer);
  return { session, timing: localTiming(session.expiresAt?.getTime(), serverDate, config.clock.now()) };
}

export function toDate(value: Date | string | number | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new AgentApiError(AgentErrorType.InvalidParameter, 'expiresAt is not a date');
  return d;
}
