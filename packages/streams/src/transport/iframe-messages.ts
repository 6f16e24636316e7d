/**
 * Reading what the CCP frame posts, for the conduit (iframe-conduit.ts): the agent data of
 * `agent::update`, the `err` of an `api_response`, a websocket item's content.
 */
import type { StreamsError } from '../transport.js';

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The agent data Streams' `agent::update` carries, checked as far as the SDK relies on it. */
export const isAgentDataLike = (v: unknown): boolean =>
  isRecord(v) &&
  isRecord(v.snapshot) &&
  isRecord(v.snapshot.state) &&
  Array.isArray(v.snapshot.contacts) &&
  isRecord(v.configuration);

export const clip = (s: string, n = 200): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * The `err` of an `api_response` as a StreamsError: the CCP sends `JSON.stringify({type,
 * message, statusCode})` (Amazon's worker adds `stack` and `retryStatus`); an object or a bare
 * string is read as well as it can be.
 */
export function parseStreamsError(err: unknown, method: string): StreamsError {
  let v: unknown = err;
  if (typeof err === 'string') {
    try {
      v = JSON.parse(err);
    } catch {
      return { type: 'InternalServiceException', message: `${method} failed in the CCP: ${clip(err)}`, statusCode: 500 };
    }
  }
  if (isRecord(v)) {
    const type = typeof v.type === 'string' && v.type ? v.type : typeof v.name === 'string' && v.name ? v.name : undefined;
    const message = typeof v.message === 'string' ? v.message : undefined;
    if (type !== undefined || message !== undefined) {
      const statusCode = typeof v.statusCode === 'number' ? v.statusCode : type === undefined ? 500 : 400;
      return {
        type: type ?? 'InternalServiceException',
        message: message ?? `${method} failed in the CCP (${type})`,
        statusCode,
      };
    }
  }
  const shown = typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
  return {
    type: 'InternalServiceException',
    message: `${method} failed in the CCP with an error this page cannot read: ${clip(shown)}`,
    statusCode: 500,
  };
}

/** A websocket item's `content`: JSON text, as the websocket manager relays it (else as it came). */
export function parseContent(content: unknown): unknown {
  if (typeof content !== 'string') return content;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return content;
  }
}
