/**
 * The enums and constant objects of amazon-connect-streams' `connect` namespace, with the
 * values the library has at RUNTIME (2.28.2's release/connect-streams.js), which differ from
 * its index.d.ts in places: `AgentEvents`, `ContactEvents` and `MasterTopics` are namespaced
 * (`agent::state_change`, `contact::connected`, `connect::softphone`); `ContactEvents.PAUSED`
 * and `EventType.API_PROXY` exist only in the typings and are left out; runtime-only members
 * are in. Each is an `as const` object with a union type of the same name; the runtime's
 * aliases (`AgentStatusType`, `AddressType`, …) are the same objects.
 *
 * enums.test.ts loads the real release in a `vm` context and checks every object here equals
 * the runtime's, and that every enum-like object of the runtime is here. Two are not on the
 * runtime's `connect` and are said so below: `ReferenceType` (amazon-connect-taskjs defines it)
 * and `VDIPlatformType` (typed, but module-local at runtime).
 */

// Bus and conduit events

/** Low-level bus and conduit event names (not namespaced). The d.ts's `API_PROXY` is not at runtime; `DOWNLOAD_LOG_FROM_CCP`, `REQUEST_CONFIGURE` and `CROSS_REGION_CSM_CONFIG` are runtime-only. */
export const EventType = {
  ACKNOWLEDGE: 'acknowledge',
  ACK_TIMEOUT: 'ack_timeout',
  INIT: 'init',
  API_REQUEST: 'api_request',
  API_RESPONSE: 'api_response',
  AUTH_FAIL: 'auth_fail',
  ACCESS_DENIED: 'access_denied',
  CLOSE: 'close',
  CONFIGURE: 'configure',
  LOG: 'log',
  DOWNLOAD_LOG_FROM_CCP: 'download_log_from_ccp',
  MASTER_REQUEST: 'master_request',
  MASTER_RESPONSE: 'master_response',
  SYNCHRONIZE: 'synchronize',
  TERMINATE: 'terminate',
  TERMINATED: 'terminated',
  SEND_LOGS: 'send_logs',
  RELOAD_AGENT_CONFIGURATION: 'reload_agent_configuration',
  BROADCAST: 'broadcast',
  API_METRIC: 'api_metric',
  CLIENT_METRIC: 'client_metric',
  SOFTPHONE_STATS: 'softphone_stats',
  SOFTPHONE_REPORT: 'softphone_report',
  CLIENT_SIDE_LOGS: 'client_side_logs',
  SERVER_BOUND_INTERNAL_LOG: 'server_bound_internal_log',
  MUTE: 'mute',
  IFRAME_STYLE: 'iframe_style',
  IFRAME_RETRIES_EXHAUSTED: 'iframe_retries_exhausted',
  UPDATE_CONNECTED_CCPS: 'update_connected_ccps',
  OUTER_CONTEXT_INFO: 'outer_context_info',
  MEDIA_DEVICE_REQUEST: 'media_device_request',
  MEDIA_DEVICE_RESPONSE: 'media_device_response',
  TAB_ID: 'tab_id',
  AUTHORIZE_SUCCESS: 'authorize_success',
  AUTHORIZE_RETRIES_EXHAUSTED: 'authorize_retries_exhausted',
  CTI_AUTHORIZE_RETRIES_EXHAUSTED: 'cti_authorize_retries_exhausted',
  CLICK_STREAM_DATA: 'click_stream_data',
  SET_QUICK_GET_AGENT_SNAPSHOT_FLAG: 'set_quick_get_agent_snapshot_flag',
  API_PROXY_REQUEST: 'api_proxy_request',
  API_PROXY_RESPONSE: 'api_proxy_response',
  REQUEST_CONFIGURE: 'request_configure',
  CROSS_REGION_CSM_CONFIG: 'cross_region_csm_config',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Agent events on the bus. Namespaced `agent::…` at runtime (the d.ts shows bare values). */
export const AgentEvents = {
  INIT: 'agent::init',
  UPDATE: 'agent::update',
  REFRESH: 'agent::refresh',
  ROUTABLE: 'agent::routable',
  NOT_ROUTABLE: 'agent::not_routable',
  PENDING: 'agent::pending',
  CONTACT_PENDING: 'agent::contact_pending',
  OFFLINE: 'agent::offline',
  ERROR: 'agent::error',
  SOFTPHONE_ERROR: 'agent::softphone_error',
  WEBSOCKET_CONNECTION_LOST: 'agent::websocket_connection_lost',
  WEBSOCKET_CONNECTION_GAINED: 'agent::websocket_connection_gained',
  STATE_CHANGE: 'agent::state_change',
  ACW: 'agent::acw',
  MUTE_TOGGLE: 'agent::mute_toggle',
  LOCAL_MEDIA_STREAM_CREATED: 'agent::local_media_stream_created',
  ENQUEUED_NEXT_STATE: 'agent::enqueued_next_state',
  CLEARED_NEXT_STATE: 'agent::cleared_next_state',
  FETCH_AGENT_DATA_FROM_CCP: 'agent::fetch_agent_data_from_ccp',
} as const;
export type AgentEvents = (typeof AgentEvents)[keyof typeof AgentEvents];

/** Contact events on the bus, namespaced `contact::…` at runtime; per-contact ones append `::<contactId>`. The d.ts's `PAUSED` is not at runtime (so not here); the last four are runtime-only. */
export const ContactEvents = {
  INIT: 'contact::init',
  REFRESH: 'contact::refresh',
  DESTROYED: 'contact::destroyed',
  INCOMING: 'contact::incoming',
  PENDING: 'contact::pending',
  CONNECTING: 'contact::connecting',
  CONNECTED: 'contact::connected',
  MISSED: 'contact::missed',
  ACW: 'contact::acw',
  VIEW: 'contact::view',
  ENDED: 'contact::ended',
  ERROR: 'contact::error',
  ACCEPTED: 'contact::accepted',
  INVALID_STATE_TRANSITION: 'contact::invalid_state_transition',
  SCREEN_SHARING_STARTED: 'contact::screen_sharing_started',
  SCREEN_SHARING_STOPPED: 'contact::screen_sharing_stopped',
  SCREEN_SHARING_ERROR: 'contact::screen_sharing_error',
} as const;
export type ContactEvents = (typeof ContactEvents)[keyof typeof ContactEvents];

/** Agent websocket events (`connect.onWebsocketInitFailure` listens to `INIT_FAILURE`). */
export const WebSocketEvents = {
  INIT_FAILURE: 'webSocket::init_failure',
  CONNECTION_OPEN: 'webSocket::connection_open',
  CONNECTION_CLOSE: 'webSocket::connection_close',
  CONNECTION_ERROR: 'webSocket::connection_error',
  CONNECTION_GAIN: 'webSocket::connection_gain',
  CONNECTION_LOST: 'webSocket::connection_lost',
  SUBSCRIPTION_UPDATE: 'webSocket::subscription_update',
  SUBSCRIPTION_FAILURE: 'webSocket::subscription_failure',
  ALL_MESSAGE: 'webSocket::all_message',
  SEND: 'webSocket::send',
  SUBSCRIBE: 'webSocket::subscribe',
} as const;
export type WebSocketEvents = (typeof WebSocketEvents)[keyof typeof WebSocketEvents];

/** Configuration and device events. */
export const ConfigurationEvents = {
  CONFIGURE: 'configuration::configure',
  SET_SPEAKER_DEVICE: 'configuration::set_speaker_device',
  SET_MICROPHONE_DEVICE: 'configuration::set_microphone_device',
  SET_RINGER_DEVICE: 'configuration::set_ringer_device',
  SPEAKER_DEVICE_CHANGED: 'configuration::speaker_device_changed',
  MICROPHONE_DEVICE_CHANGED: 'configuration::microphone_device_changed',
  RINGER_DEVICE_CHANGED: 'configuration::ringer_device_changed',
  CAMERA_DEVICE_CHANGED: 'configuration::camera_device_changed',
  BACKGROUND_BLUR_CHANGED: 'configuration::background_blur_changed',
} as const;
export type ConfigurationEvents = (typeof ConfigurationEvents)[keyof typeof ConfigurationEvents];

/** Softphone session events. Runtime alias (sic, three n's): {@link ConnnectionEvents}. */
export const ConnectionEvents = {
  SESSION_INIT: 'connection::session_init',
  READY_TO_START_SESSION: 'connection::ready_to_start_session',
} as const;
export type ConnectionEvents = (typeof ConnectionEvents)[keyof typeof ConnectionEvents];

/** Task events. */
export const TaskEvents = {
  CREATED: 'task::created',
} as const;
export type TaskEvents = (typeof TaskEvents)[keyof typeof TaskEvents];

/** Email events. */
export const EmailEvents = {
  CREATED: 'email::created',
} as const;
export type EmailEvents = (typeof EmailEvents)[keyof typeof EmailEvents];

/** Task-list view events. */
export const ChannelViewEvents = {
  ACTIVATE_CHANNEL_WITH_VIEW_TYPE: 'taskList::activate_channel_with_view_type',
} as const;
export type ChannelViewEvents = (typeof ChannelViewEvents)[keyof typeof ChannelViewEvents];

/** Master-election topics, namespaced `connect::…` at runtime (the d.ts shows bare values). */
export const MasterTopics = {
  LOGIN_POPUP: 'connect::loginPopup',
  SEND_LOGS: 'connect::sendLogs',
  SOFTPHONE: 'connect::softphone',
  RINGTONE: 'connect::ringtone',
  METRICS: 'connect::metrics',
  FAILOVER: 'connect::failover',
} as const;
export type MasterTopics = (typeof MasterTopics)[keyof typeof MasterTopics];

/** Master-election methods. */
export const MasterMethods = {
  BECOME_MASTER: 'becomeMaster',
  CHECK_MASTER: 'checkMaster',
} as const;
export type MasterMethods = (typeof MasterMethods)[keyof typeof MasterMethods];

// Agent

/** `AgentState.type`. Runtime alias: {@link AgentStatusType}. */
export const AgentStateType = {
  INIT: 'init',
  ROUTABLE: 'routable',
  NOT_ROUTABLE: 'not_routable',
  OFFLINE: 'offline',
  SYSTEM: 'system',
  ERROR: 'error',
} as const;
export type AgentStateType = (typeof AgentStateType)[keyof typeof AgentStateType];

/** System (busy) state names in `AgentState.name`. */
export const AgentAvailStates = {
  INIT: 'Init',
  BUSY: 'Busy',
  AFTER_CALL_WORK: 'AfterCallWork',
  CALLING_CUSTOMER: 'CallingCustomer',
  DIALING: 'Dialing',
  JOINING: 'Joining',
  PENDING_AVAILABLE: 'PendingAvailable',
  PENDING_BUSY: 'PendingBusy',
} as const;
export type AgentAvailStates = (typeof AgentAvailStates)[keyof typeof AgentAvailStates];

/** Error state names; a change into one fires `AgentEvents.ERROR`. */
export const AgentErrorStates = {
  ERROR: 'Error',
  AGENT_HUNG_UP: 'AgentHungUp',
  BAD_ADDRESS_AGENT: 'BadAddressAgent',
  BAD_ADDRESS_CUSTOMER: 'BadAddressCustomer',
  DEFAULT: 'Default',
  FAILED_CONNECT_AGENT: 'FailedConnectAgent',
  FAILED_CONNECT_CUSTOMER: 'FailedConnectCustomer',
  INVALID_LOCALE: 'InvalidLocale',
  LINE_ENGAGED_AGENT: 'LineEngagedAgent',
  LINE_ENGAGED_CUSTOMER: 'LineEngagedCustomer',
  MISSED_CALL_AGENT: 'MissedCallAgent',
  MISSED_CALL_CUSTOMER: 'MissedCallCustomer',
  MULTIPLE_CCP_WINDOWS: 'MultipleCcpWindows',
  REALTIME_COMMUNICATION_ERROR: 'RealtimeCommunicationError',
} as const;
export type AgentErrorStates = (typeof AgentErrorStates)[keyof typeof AgentErrorStates];

/** Agent permission names (typed only as an interface in the d.ts). */
export const AgentPermissions = {
  OUTBOUND_CALL: 'outboundCall',
  VOICE_ID: 'voiceId',
} as const;
export type AgentPermissions = (typeof AgentPermissions)[keyof typeof AgentPermissions];

/** `agent.getNetworkConnectionStatus()`. */
export const NetworkConnectionStatus = {
  CONNECTED: 'connected',
  CONNECTING: 'connecting',
  DISCONNECTED: 'disconnected',
  FAILED: 'failed',
} as const;
export type NetworkConnectionStatus = (typeof NetworkConnectionStatus)[keyof typeof NetworkConnectionStatus];

/** Keys of the agent's channel concurrency map (no EMAIL). */
export const ChannelType = {
  VOICE: 'VOICE',
  CHAT: 'CHAT',
  TASK: 'TASK',
} as const;
export type ChannelType = (typeof ChannelType)[keyof typeof ChannelType];

// Contacts and connections

/** `contact.getState().type`. Runtime alias: {@link ContactStatusType}. */
export const ContactStateType = {
  INIT: 'init',
  INCOMING: 'incoming',
  PENDING: 'pending',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  MISSED: 'missed',
  ERROR: 'error',
  ENDED: 'ended',
  REJECTED: 'rejected',
  PAUSED: 'paused',
} as const;
export type ContactStateType = (typeof ContactStateType)[keyof typeof ContactStateType];

/** The active contact states (`PAUSED` is runtime-only). */
export const CONTACT_ACTIVE_STATES = {
  PAUSED: 'paused',
  INCOMING: 'incoming',
  PENDING: 'pending',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
} as const;
export type CONTACT_ACTIVE_STATES = (typeof CONTACT_ACTIVE_STATES)[keyof typeof CONTACT_ACTIVE_STATES];

/** `contact.getType()`. */
export const ContactType = {
  VOICE: 'voice',
  QUEUE_CALLBACK: 'queue_callback',
  CHAT: 'chat',
  TASK: 'task',
  EMAIL: 'email',
} as const;
export type ContactType = (typeof ContactType)[keyof typeof ContactType];

/** The contact types that are voice calls (runtime-only list). */
export const voiceContactTypes = ['voice', 'queue_callback'] as const;
export type voiceContactTypes = (typeof voiceContactTypes)[number];

/** `contact.getInitiationMethod()`. */
export const ContactInitiationMethod = {
  INBOUND: 'inbound',
  OUTBOUND: 'outbound',
  TRANSFER: 'transfer',
  QUEUE_TRANSFER: 'queue_transfer',
  CALLBACK: 'callback',
  API: 'api',
  DISCONNECT: 'disconnect',
  WEBRTC_API: 'webrtc_api',
  AGENT_REPLY: 'agent_reply',
  CAMPAIGN_PREVIEW: 'campaign_preview',
  EXTERNAL_OUTBOUND: 'external_outbound',
  MONITOR: 'monitor',
  FLOW: 'flow',
  CALLBACK_CUSTOMER_FIRST_QUEUED: 'callback_customer_first_queued',
  CALLBACK_CUSTOMER_FIRST_DIALED: 'callback_customer_first_dialed',
} as const;
export type ContactInitiationMethod = (typeof ContactInitiationMethod)[keyof typeof ContactInitiationMethod];

/** `connection.getType()`. */
export const ConnectionType = {
  AGENT: 'agent',
  INBOUND: 'inbound',
  OUTBOUND: 'outbound',
  MONITORING: 'monitoring',
} as const;
export type ConnectionType = (typeof ConnectionType)[keyof typeof ConnectionType];

/** `connection.getState().type`. Runtime alias: {@link ConnectionStatusType}. */
export const ConnectionStateType = {
  INIT: 'init',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  HOLD: 'hold',
  DISCONNECTED: 'disconnected',
  SILENT_MONITOR: 'silent_monitor',
  BARGE: 'barge',
} as const;
export type ConnectionStateType = (typeof ConnectionStateType)[keyof typeof ConnectionStateType];

/** The active connection states, as the runtime keeps them: a set (each state maps to 1), so the type is the keys. */
export const CONNECTION_ACTIVE_STATES = {
  connecting: 1,
  connected: 1,
  hold: 1,
  silent_monitor: 1,
  barge: 1,
} as const;
export type CONNECTION_ACTIVE_STATES = keyof typeof CONNECTION_ACTIVE_STATES;

/** The connected connection states; a set like {@link CONNECTION_ACTIVE_STATES}, the type is the keys. */
export const CONNECTION_CONNECTED_STATES = {
  connected: 1,
  silent_monitor: 1,
  barge: 1,
} as const;
export type CONNECTION_CONNECTED_STATES = keyof typeof CONNECTION_CONNECTED_STATES;

/** `Endpoint.type`. Runtime alias: {@link AddressType}. */
export const EndpointType = {
  PHONE_NUMBER: 'phone_number',
  AGENT: 'agent',
  QUEUE: 'queue',
} as const;
export type EndpointType = (typeof EndpointType)[keyof typeof EndpointType];

/** `connection.getMediaType()`. */
export const MediaType = {
  SOFTPHONE: 'softphone',
  CHAT: 'chat',
  TASK: 'task',
  EMAIL: 'email',
} as const;
export type MediaType = (typeof MediaType)[keyof typeof MediaType];

/** `VoiceMediaInfo.callType`. */
export const SoftphoneCallType = {
  AUDIO_VIDEO: 'audio_video',
  VIDEO_ONLY: 'video_only',
  AUDIO_ONLY: 'audio_only',
  NONE: 'none',
} as const;
export type SoftphoneCallType = (typeof SoftphoneCallType)[keyof typeof SoftphoneCallType];

/** `SoftphoneError.errorType`. */
export const SoftphoneErrorTypes = {
  UNSUPPORTED_BROWSER: 'unsupported_browser',
  MICROPHONE_NOT_SHARED: 'microphone_not_shared',
  SIGNALLING_HANDSHAKE_FAILURE: 'signalling_handshake_failure',
  SIGNALLING_CONNECTION_FAILURE: 'signalling_connection_failure',
  ICE_COLLECTION_TIMEOUT: 'ice_collection_timeout',
  USER_BUSY_ERROR: 'user_busy_error',
  WEBRTC_ERROR: 'webrtc_error',
  REALTIME_COMMUNICATION_ERROR: 'realtime_communication_error',
  VDI_STRATEGY_NOT_SUPPORTED: 'vdi_strategy_not_supported',
  VDI_REDIR_NOT_SUPPORTED: 'vdi_redir_not_supported',
  OTHER: 'other',
} as const;
export type SoftphoneErrorTypes = (typeof SoftphoneErrorTypes)[keyof typeof SoftphoneErrorTypes];

/** `capabilities.Video`. */
export const VideoCapability = {
  SEND: 'SEND',
} as const;
export type VideoCapability = (typeof VideoCapability)[keyof typeof VideoCapability];

/** `capabilities.ScreenShare`. */
export const ScreenShareCapability = {
  SEND: 'SEND',
} as const;
export type ScreenShareCapability = (typeof ScreenShareCapability)[keyof typeof ScreenShareCapability];

/** Supervisor monitoring modes. */
export const MonitoringMode = {
  SILENT_MONITOR: 'SILENT_MONITOR',
  BARGE: 'BARGE',
} as const;
export type MonitoringMode = (typeof MonitoringMode)[keyof typeof MonitoringMode];

/** What `updateMonitorParticipantState` hands `failure` on bad input. */
export const MonitoringErrorTypes = {
  INVALID_TARGET_STATE: 'invalid_target_state',
} as const;
export type MonitoringErrorTypes = (typeof MonitoringErrorTypes)[keyof typeof MonitoringErrorTypes];

/** Click-stream telemetry. */
export const ClickType = {
  ACCEPT: 'Accept',
  REJECT: 'Reject',
  HANGUP: 'Hangup',
} as const;
export type ClickType = (typeof ClickType)[keyof typeof ClickType];

// The backend's methods and errors, logging, Voice ID, resilience, and the two objects not on
// the runtime's `connect`: enums-backend.ts.
export * from './enums-backend.js';

// The runtime's aliases: the same objects under a second name.

/** Alias of {@link AgentStateType}. */
export const AgentStatusType = AgentStateType;
export type AgentStatusType = AgentStateType;
/** Alias of {@link ContactStateType}. */
export const ContactStatusType = ContactStateType;
export type ContactStatusType = ContactStateType;
/** Alias of {@link ConnectionStateType}. */
export const ConnectionStatusType = ConnectionStateType;
export type ConnectionStatusType = ConnectionStateType;
/** Alias of {@link EndpointType}. */
export const AddressType = EndpointType;
export type AddressType = EndpointType;
/** Alias of {@link ConnectionEvents}, with the runtime's spelling (three n's; "deprecate on next major version"). */
export const ConnnectionEvents = ConnectionEvents;
export type ConnnectionEvents = ConnectionEvents;
