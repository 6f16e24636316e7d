/**
 * Pure checks of what the caller asks for, against what the instance offers: where a
 * transfer or a consult goes (`to` + `destinationType` → one of the agent's quick connects)
 * and which wrap-up code a `wrapup()` records. Each answers a value or an error in words.
 */
import type { QueueRef, QuickConnectEndpoint } from '@switchboard/agent-client';
import type { DestinationType, WrapUpCode, WrapupPayLoad } from './types.js';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const tail = (arn: string | undefined) => (arn ? arn.slice(arn.lastIndexOf('/') + 1) : undefined);

/**
 * The quick connect a transfer or consult to `to` uses. `to` may be the quick connect's ARN,
 * id or name; for a queue also the queue's ARN, id or name (`queues`: names known to the
 * agent); for an agent also their username.
 */
export function resolveDestination(
  endpoints: readonly QuickConnectEndpoint[],
  queues: readonly QueueRef[],
  to: unknown,
  destinationType: unknown,
): Checked<QuickConnectEndpoint> {
  if (destinationType !== 'queue' && destinationType !== 'agent')
    return {
      ok: false,
      error: `destinationType must be 'queue' or 'agent' (got ${JSON.stringify(destinationType) ?? 'nothing'})`,
    };
  if (typeof to !== 'string' || to.trim() === '')
    return { ok: false, error: `to must name the ${destinationType} (got ${JSON.stringify(to) ?? 'nothing'})` };
  const type: DestinationType = destinationType;
  const candidates = endpoints.filter((e) => e.type === type);
  const queueArn =
    type === 'queue' ? queues.find((q) => q.name === to || q.queueARN === to || tail(q.queueARN) === to)?.queueARN : undefined;
  const exact = (e: QuickConnectEndpoint) =>
    e.endpointARN === to ||
    e.endpointId === to ||
    tail(e.endpointARN) === to ||
    e.name === to ||
    (type === 'agent' && e.agentLogin === to) ||
    (type === 'queue' && e.queue !== undefined && (e.queue === to || tail(e.queue) === to || e.queue === queueArn));
  let found = candidates.filter(exact);
  if (found.length === 0) {
    const lower = to.toLowerCase();
    found = candidates.filter(
      (e) => e.name.toLowerCase() === lower || (type === 'agent' && e.agentLogin?.toLowerCase() === lower),
    );
  }
  if (found.length === 1) return { ok: true, value: found[0] as QuickConnectEndpoint };
  const known = candidates.map((e) => (type === 'agent' && e.agentLogin ? `${e.name} (${e.agentLogin})` : e.name)).join(', ');
  if (found.length > 1)
    return {
      ok: false,
      error: `${to} matches several ${type} quick connects (${found.map((e) => e.name).join(', ')}): pass one's ARN`,
    };
  return {
    ok: false,
    error: `no ${type} quick connect for ${to} among the agent's transfer destinations (${known || `there are no ${type} quick connects`})`,
  };
}

/** The wrap-up code a `wrapup()` records, and the notes it keeps (the reason, unless it is the code's name). */
export function checkWrapup(
  codes: readonly WrapUpCode[],
  payload: WrapupPayLoad | undefined,
): Checked<{ readonly code: WrapUpCode; readonly notes: string | undefined }> {
  if (typeof payload !== 'object' || payload === null) return { ok: false, error: 'wrapup needs {wrapUpReason, auxCodeId}' };
  const { wrapUpReason, auxCodeId } = payload as { wrapUpReason?: unknown; auxCodeId?: unknown };
  if (typeof wrapUpReason !== 'string' || wrapUpReason.trim() === '') return { ok: false, error: 'WrapUpReason is required' };
  if (typeof auxCodeId !== 'string' || auxCodeId.trim() === '') return { ok: false, error: 'AuxCodeId is required' };
  if (wrapUpReason.length > 4096)
    return { ok: false, error: `WrapUpReason is longer than 4096 characters (${wrapUpReason.length})` };
  const code = codes.find((c) => c.id === auxCodeId || c.id === tail(auxCodeId)) ?? codes.find((c) => c.name === auxCodeId);
  if (!code) {
    const known = codes.map((c) => `${c.name} (${c.id})`).join(', ') || 'the instance defines none';
    return { ok: false, error: `AuxCodeId ${auxCodeId.slice(0, 200)} is not a wrap-up code of the instance (known: ${known})` };
  }
  return { ok: true, value: { code, notes: wrapUpReason === code.name ? undefined : wrapUpReason } };
}

/** The default code of an auto wrap-up: the one named, else the first by name. */
export function defaultWrapUpCode(codes: readonly WrapUpCode[], wanted: string | undefined): WrapUpCode | undefined {
  if (wanted !== undefined) return codes.find((c) => c.id === wanted || c.name === wanted);
  return codes[0];
}
