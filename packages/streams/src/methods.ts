/**
 * What a Streams request runs as (shared by the CCP frame, which answers the iframe
 * transport's `api_request`s, and the direct transport of `@switchboard/streams`): Streams' `connect.ClientMethods`
 * that the agent API serves run as the agent API command of the same name (docs/agent-api.md;
 * its answers are already the shapes Streams reads); the quick-response methods of
 * `connect.ApiProxyClientMethods` run as `searchQuickResponses`; `sendDigits` is played by the
 * frame's softphone on the agent's media leg (a 'local' route); everything else is answered
 * with an error that says why, never left unanswered (a Streams request has no timeout:
 * wire-streams-ccp.md §5.9).
 */

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The error a Streams failure callback receives, as a JSON string (`err`). */
export interface StreamsError {
  readonly type: string;
  readonly message: string;
  readonly statusCode: number;
}

export const formatError = (e: StreamsError): string => JSON.stringify(e);

/** The error type of a method this CCP does not offer. */
export const UNSUPPORTED = 'UnsupportedOperation';

/** `connect.ApiProxyClientMethods` (answered by the CCP app, not the CTI backend). */
export const ApiProxyMethod = {
  qrIntegrationExists: 'qrIntegrationExists',
  qrSearchQuickResponses: 'qrSearchQuickResponses',
  startScreenSharing: 'startScreenSharing',
} as const;

/** ClientMethods run as the agent API command of the same name, parameters as Streams sends them. */
export const PASS_THROUGH: ReadonlySet<string> = new Set([
  'putAgentState',
  'acceptContact',
  'rejectContact',
  'clearContact',
  'completeContact',
  'destroyConnection',
  'transferContact',
  // Voice (docs/voice.md): the customer's or a consulted party's connection held, resumed,
  // muted; a consult, swap and conference. The agent's own mute is `agent.mute()` (a broadcast).
  'holdConnection',
  'resumeConnection',
  'muteParticipant',
  'unmuteParticipant',
  'createAdditionalConnection',
  'toggleActiveConnections',
  'conferenceConnections',
  // A supervisor's monitoring contact (MonitorContact): silent monitor ⇄ barge.
  'updateMonitorParticipantState',
  'pauseContact',
  'resumeContact',
  'getEndpoints',
  'getAgentSnapshot',
  'getAgentConfiguration',
  'getAgentStates',
  'getAgentPermissions',
  'getDialableCountryCodes',
  'getRoutingProfileQueues',
  'updateAgentConfiguration',
  'updateContactAttributes',
  'createTransport',
  'notifyContactIssue',
  'sendClientLogs',
  'createTaskContact',
  // connect.TaskTemplatesClientMethods (TaskJS's agent.createTask with a template, and its
  // template calls): the agent API answers them in the task-templates proxy's shapes.
  'createTemplatedTask',
  'listTaskTemplates',
  'getTaskTemplate',
  'updateContact',
]);

/** Amazon's softphone reports its own calls' statistics with these; the Switchboard CCP does not need them. */
const SOFTPHONE_REPORT =
  "is the report of Amazon's softphone (connect-rtc-js); the Switchboard CCP's softphone measures its own calls";
const NOT_YET = 'is not available in Switchboard yet';

/** Methods Streams may send that this CCP does not offer, and why (the error's message). */
export const UNSUPPORTED_METHODS: Readonly<Record<string, string>> = {
  createOutboundContact: `createOutboundContact ${NOT_YET}`,
  destroyContact: 'destroyContact is not available: end the contact with connection.destroy(), then contact.clear()',
  addNewConnection: `addNewConnection (adding a participant to a chat or task) ${NOT_YET}`,
  sendSoftphoneCallReport: `sendSoftphoneCallReport ${SOFTPHONE_REPORT}`,
  sendSoftphoneCallMetrics: `sendSoftphoneCallMetrics ${SOFTPHONE_REPORT}`,
  getNewAuthToken: 'getNewAuthToken is not available: the Switchboard CCP refreshes its own session',
  [ApiProxyMethod.startScreenSharing]: `startScreenSharing ${NOT_YET}`,
};

/** What to do with one `api_request`. */
export type Route =
  /** Run this agent API command; `shape` says how its answer becomes the response's data. */
  | { readonly kind: 'command'; readonly command: string; readonly params: Record<string, unknown>; readonly shape: Shaping }
  /** Run this in the frame (the softphone holds the agent's media leg), not on the server. */
  | { readonly kind: 'local'; readonly action: LocalAction }
  /** Answer at once. */
  | { readonly kind: 'answer'; readonly data: unknown }
  | { readonly kind: 'error'; readonly error: StreamsError };

/**
 * What the frame does itself: `sendDigits` plays DTMF on the agent's media leg (the
 * softphone's RTCDTMFSender); the media server hears them as the agent's digits.
 */
export type LocalAction = { readonly type: 'sendDigits'; readonly contactId: string; readonly digits: string };

/** RTCDTMFSender's tones: 0-9, *, #, A-D, and ',' for a two-second pause. */
export const DTMF_DIGITS = /^[0-9A-D#*,]+$/i;
/** The most digits one `sendDigits` plays (a long string would keep the line busy for minutes). */
export const MAX_DIGITS = 64;

/** How a command's answer becomes the `data` of the response. */
export type Shaping = { readonly kind: 'as-is' } | { readonly kind: 'quick-responses'; readonly contactId?: string | undefined };

export function unsupported(method: string): StreamsError {
  const why = Object.hasOwn(UNSUPPORTED_METHODS, method) ? UNSUPPORTED_METHODS[method] : undefined;
  if (why) return { type: UNSUPPORTED, message: why, statusCode: 400 };
  if (method.startsWith('AgentAppService.')) {
    return {
      type: UNSUPPORTED,
      message: `${method.slice(0, 80)} (Amazon's agent app service) is not available in Switchboard`,
      statusCode: 400,
    };
  }
  const shown =
    method === '' ? 'A request without a method' : `${method.slice(0, 80)} is not a method the Switchboard CCP knows; it`;
  return { type: UNSUPPORTED, message: `${shown} answers connect.ClientMethods`, statusCode: 400 };
}

/** Streams sends nulls for what it leaves out (`nextToken: null`); the agent API wants them absent. */
function withoutNulls(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The route of one request. `channelOf` names the channel of one of the agent's contacts
 * (quick responses are searched for the contact's channel).
 */
export function route(
  method: string,
  params: Readonly<Record<string, unknown>>,
  channelOf: (contactId: string) => string | undefined,
): Route {
  if (PASS_THROUGH.has(method)) {
    const p = withoutNulls(params);
    // `agent.getEndpoints()` with no queue sends `[undefined]`, which arrives as `[null]`.
    if (method === 'getEndpoints' && Array.isArray(p.queueARNs)) {
      const arns = p.queueARNs.filter((a): a is string => typeof a === 'string');
      if (arns.length) p.queueARNs = arns;
      else delete p.queueARNs;
    }
    // A quick connect as Streams' Endpoint object, with nulls for what it does not know.
    if (isRecord(p.endpoint)) p.endpoint = withoutNulls(p.endpoint);
    return { kind: 'command', command: method, params: p, shape: { kind: 'as-is' } };
  }
  if (method === 'sendDigits') return digitsRoute(params);
  if (method === ApiProxyMethod.qrIntegrationExists) return { kind: 'answer', data: true };
  if (method === ApiProxyMethod.qrSearchQuickResponses) {
    const contactId = str(params.contactId);
    const channel = (contactId && channelOf(contactId)) || 'CHAT';
    const p: Record<string, unknown> = { query: typeof params.query === 'string' ? params.query : '', channel };
    if (str(params.nextToken)) p.nextToken = params.nextToken;
    if (typeof params.maxResults === 'number') p.maxResults = params.maxResults;
    return { kind: 'command', command: 'searchQuickResponses', params: p, shape: { kind: 'quick-responses', contactId } };
  }
  return { kind: 'error', error: unsupported(method) };
}

const invalid = (message: string): Route => ({
  kind: 'error',
  error: { type: 'InvalidParameterException', message, statusCode: 400 },
});

/** `connection.sendDigits(digits)`: `{contactId, connectionId, digits}` (any connection of the call). */
function digitsRoute(params: Readonly<Record<string, unknown>>): Route {
  const contactId = str(params.contactId);
  if (!contactId) return invalid('sendDigits needs the contactId of the call');
  const digits = params.digits;
  if (typeof digits !== 'string' || !DTMF_DIGITS.test(digits)) {
    const shown = typeof digits === 'string' ? JSON.stringify(digits.slice(0, 20)) : String(digits);
    return invalid(`sendDigits plays the digits 0-9, *, #, A-D and ',' (a pause); got ${shown}`);
  }
  if (digits.length > MAX_DIGITS) return invalid(`sendDigits plays at most ${MAX_DIGITS} digits at a time`);
  return { kind: 'local', action: { type: 'sendDigits', contactId, digits: digits.toUpperCase() } };
}

/** HTTP-like status of the agent API's error types (Streams callers may read `statusCode`). */
const STATUS: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  InvalidParameterException: 400,
  InvalidStateException: 400,
  ResourceNotFoundException: 404,
  ThrottlingException: 429,
  InternalServiceException: 500,
  ServiceUnavailableException: 503,
  SerializationException: 400,
  NetworkingError: 503,
  TimeoutError: 504,
};

/** A failed command (an AgentApiError, or anything thrown) as Streams' error. */
export function commandError(err: unknown): StreamsError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { type?: unknown; message?: unknown; status?: unknown };
  const type = typeof e.type === 'string' && e.type ? e.type : 'InternalServiceException';
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  const statusCode = typeof e.status === 'number' ? e.status : (STATUS[type] ?? 400);
  return { type, message, statusCode };
}

/** The error for any request while no agent is signed in to the frame. */
export const NOT_SIGNED_IN: StreamsError = {
  type: 'AccessDeniedException',
  message: 'No agent is signed in to the Switchboard CCP yet: sign in in the frame, or put a token in ccpUrl (#token=…)',
  statusCode: 403,
};
