/**
 * The names and envelopes of amazon-connect-streams' iframe protocol (shared/spec/
 * wire-streams-ccp.md §1): every message between the CRM page (`connect.core.initCCP`) and
 * the CCP frame is `{event, data}`, posted with targetOrigin `'*'` and recognised by its
 * source window. Names are Streams' own strings (`connect.EventType`,
 * `connect.WebSocketEvents`, …), never renamed.
 */

/** `{event, data}`: one message of the conduit, either way. */
export interface StreamsMessage {
  readonly event: string;
  readonly data?: unknown;
}

/** The event names the CCP frame receives or sends. */
export const StreamsEvent = {
  /** CCP → CRM: "I am here" (at boot and for every `synchronize`); `{id}`. */
  acknowledge: 'acknowledge',
  /** CRM → CCP: the keepalive, about once a second once acknowledged. */
  synchronize: 'synchronize',
  /** CRM → CCP: `{event, requestId, method, params}` for a `connect.ClientMethods` call. */
  apiRequest: 'api_request',
  /** CCP → CRM: `{event, requestId, data, err}`; `err` is a JSON string or null. */
  apiResponse: 'api_response',
  /** The same pair for the API-proxy methods (quick responses) when sent as such. */
  apiProxyRequest: 'api_proxy_request',
  apiProxyResponse: 'api_proxy_response',
  /** CRM → CCP: `checkMaster` / `becomeMaster` for a topic (ringtone, softphone…). */
  masterRequest: 'master_request',
  masterResponse: 'master_response',
  /** CRM → CCP: `{event, data}` to echo back as `{event, data}` (contact::accepted, logs…). */
  broadcast: 'broadcast',
  /** CCP → CRM: `{snapshot, configuration}` with Dates: drives every agent and contact callback. */
  agentUpdate: 'agent::update',
  /** CRM → CCP, as a broadcast: `agent.mute()` / `unmute()` (`{mute}`; without it, "tell me"). */
  mute: 'mute',
  /** CCP → CRM: the agent's mute state (`{muted}`): fires `agent.onMuteToggle`. */
  agentMuteToggle: 'agent::mute_toggle',
  agentWebSocketLost: 'agent::websocket_connection_lost',
  agentWebSocketGained: 'agent::websocket_connection_gained',
  /** CRM → CCP: after `agent.setConfiguration`, send the agent data again. */
  reloadAgentConfiguration: 'reload_agent_configuration',
  /** CRM → CCP: sign the agent out; answered `terminated`. */
  terminate: 'terminate',
  /** CCP → CRM: the agent is signed out. */
  terminated: 'terminated',
  /** CRM → CCP: initCCP's softphone / chat / page options; echoed as `configuration::configure`. */
  configure: 'configure',
  configurationConfigure: 'configuration::configure',
  /** CRM → CCP: `connect.core.getFrameMediaDevices()`; answered with the frame's devices. */
  mediaDeviceRequest: 'media_device_request',
  mediaDeviceResponse: 'media_device_response',
  /** CRM → CCP: the topics chatjs wants (`["aws/chat"]`). */
  webSocketSubscribe: 'webSocket::subscribe',
  /** CRM → CCP: a frame for the websocket (chatjs does not need it here). */
  webSocketSend: 'webSocket::send',
  webSocketSubscriptionUpdate: 'webSocket::subscription_update',
  /** CCP → CRM: `{topic, content}`; for `aws/chat`, `content` is the chat item as a JSON string. */
  webSocketAllMessage: 'webSocket::all_message',
  webSocketConnectionGain: 'webSocket::connection_gain',
  webSocketConnectionLost: 'webSocket::connection_lost',
} as const;

/** The per-contact event `contact.accept()` broadcasts (its echo fires `contact.onAccepted`). */
export const acceptedEventOf = (contactId: string): string => `contact::accepted::${contactId}`;

/** The websocket topic of chat items. */
export const CHAT_TOPIC = 'aws/chat';

/** `connect.MasterMethods`. */
export const MasterMethod = { checkMaster: 'checkMaster', becomeMaster: 'becomeMaster' } as const;

/** A request as `UpstreamConduitClientBase` sends it (`api_request`, `master_request`). */
export interface StreamsRequest {
  /** Echoed unchanged in the response (Streams keys its callbacks by it). */
  readonly requestId: string | number;
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `{event, data}` envelope of a posted message, or undefined for anything else. */
export function asStreamsMessage(v: unknown): StreamsMessage | undefined {
  return isRecord(v) && typeof v.event === 'string' ? { event: v.event, data: v.data } : undefined;
}

/** A request's id, method and params, or undefined when the message is not one. */
export function asRequest(data: unknown): StreamsRequest | undefined {
  if (!isRecord(data) || (typeof data.requestId !== 'string' && typeof data.requestId !== 'number')) return undefined;
  return {
    requestId: data.requestId,
    method: typeof data.method === 'string' ? data.method : '',
    params: isRecord(data.params) ? data.params : {},
  };
}

export { isRecord };
