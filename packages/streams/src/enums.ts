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

// Backend requests and errors

/** The 37 CTI backend methods every action is sent as (`client.call(method, params, callbacks)`). */
export const ClientMethods = {
  GET_AGENT_SNAPSHOT: 'getAgentSnapshot',
  PUT_AGENT_STATE: 'putAgentState',
  GET_AGENT_STATES: 'getAgentStates',
  GET_DIALABLE_COUNTRY_CODES: 'getDialableCountryCodes',
  GET_ROUTING_PROFILE_QUEUES: 'getRoutingProfileQueues',
  GET_AGENT_PERMISSIONS: 'getAgentPermissions',
  GET_AGENT_CONFIGURATION: 'getAgentConfiguration',
  UPDATE_AGENT_CONFIGURATION: 'updateAgentConfiguration',
  ACCEPT_CONTACT: 'acceptContact',
  CREATE_OUTBOUND_CONTACT: 'createOutboundContact',
  CREATE_TASK_CONTACT: 'createTaskContact',
  CLEAR_CONTACT: 'clearContact',
  COMPLETE_CONTACT: 'completeContact',
  DESTROY_CONTACT: 'destroyContact',
  REJECT_CONTACT: 'rejectContact',
  NOTIFY_CONTACT_ISSUE: 'notifyContactIssue',
  UPDATE_CONTACT_ATTRIBUTES: 'updateContactAttributes',
  CREATE_ADDITIONAL_CONNECTION: 'createAdditionalConnection',
  DESTROY_CONNECTION: 'destroyConnection',
  HOLD_CONNECTION: 'holdConnection',
  RESUME_CONNECTION: 'resumeConnection',
  TOGGLE_ACTIVE_CONNECTIONS: 'toggleActiveConnections',
  CONFERENCE_CONNECTIONS: 'conferenceConnections',
  SEND_CLIENT_LOGS: 'sendClientLogs',
  SEND_DIGITS: 'sendDigits',
  SEND_SOFTPHONE_CALL_REPORT: 'sendSoftphoneCallReport',
  SEND_SOFTPHONE_CALL_METRICS: 'sendSoftphoneCallMetrics',
  GET_ENDPOINTS: 'getEndpoints',
  GET_NEW_AUTH_TOKEN: 'getNewAuthToken',
  CREATE_TRANSPORT: 'createTransport',
  MUTE_PARTICIPANT: 'muteParticipant',
  UNMUTE_PARTICIPANT: 'unmuteParticipant',
  UPDATE_MONITOR_PARTICIPANT_STATE: 'updateMonitorParticipantState',
  PAUSE_CONTACT: 'pauseContact',
  RESUME_CONTACT: 'resumeContact',
  ADD_NEW_CONNECTION: 'addNewConnection',
  TRANSFER_CONTACT: 'transferContact',
} as const;
export type ClientMethods = (typeof ClientMethods)[keyof typeof ClientMethods];

/** The backend methods the runtime retries on `unauthorized` / `accessDenied`. */
export const RetryableClientMethodsList = [
  'getAgentSnapshot',
  'getAgentConfiguration',
  'getAgentPermissions',
  'getAgentStates',
  'getDialableCountryCodes',
  'getRoutingProfileQueues',
] as const;
export type RetryableClientMethodsList = (typeof RetryableClientMethodsList)[number];

/** Task-template backend methods (used by taskjs's `agent.createTask` with a template). */
export const TaskTemplatesClientMethods = {
  LIST_TASK_TEMPLATES: 'listTaskTemplates',
  GET_TASK_TEMPLATE: 'getTaskTemplate',
  CREATE_TEMPLATED_TASK: 'createTemplatedTask',
  UPDATE_CONTACT: 'updateContact',
} as const;
export type TaskTemplatesClientMethods = (typeof TaskTemplatesClientMethods)[keyof typeof TaskTemplatesClientMethods];

/** Agent-app service methods (contact lookup, Voice ID). */
export const AgentAppClientMethods = {
  GET_CONTACT: 'AgentAppService.Lcms.getContact',
  DELETE_SPEAKER: 'AgentAppService.VoiceId.deleteSpeaker',
  ENROLL_BY_SESSION: 'AgentAppService.VoiceId.enrollBySession',
  EVALUATE_SESSION: 'AgentAppService.VoiceId.evaluateSession',
  DESCRIBE_SPEAKER: 'AgentAppService.VoiceId.describeSpeaker',
  OPT_OUT_SPEAKER: 'AgentAppService.VoiceId.optOutSpeaker',
  UPDATE_VOICE_ID_DATA: 'AgentAppService.Lcms.updateVoiceIdData',
  DESCRIBE_SESSION: 'AgentAppService.VoiceId.describeSession',
  UPDATE_SESSION: 'AgentAppService.VoiceId.updateSession',
  START_VOICE_ID_SESSION: 'AgentAppService.Nasa.startVoiceIdSession',
  LIST_INTEGRATION_ASSOCIATIONS: 'AgentAppService.Acs.listIntegrationAssociations',
} as const;
export type AgentAppClientMethods = (typeof AgentAppClientMethods)[keyof typeof AgentAppClientMethods];

/** API-proxy methods (quick responses, screen sharing). */
export const ApiProxyClientMethods = {
  QR_INTEGRATION_EXISTS: 'qrIntegrationExists',
  QR_SEARCH_QUICK_RESPONSES: 'qrSearchQuickResponses',
  START_SCREEN_SHARING: 'startScreenSharing',
} as const;
export type ApiProxyClientMethods = (typeof ApiProxyClientMethods)[keyof typeof ApiProxyClientMethods];

/** Error `type` strings backend failures carry (`QUOTA_EXCEEDED_EXCEPTION` is runtime-only). */
export const CTIExceptions = {
  ACCESS_DENIED_EXCEPTION: 'AccessDeniedException',
  INVALID_STATE_EXCEPTION: 'InvalidStateException',
  BAD_ENDPOINT_EXCEPTION: 'BadEndpointException',
  INVALID_AGENT_ARNEXCEPTION: 'InvalidAgentARNException',
  INVALID_CONFIGURATION_EXCEPTION: 'InvalidConfigurationException',
  INVALID_CONTACT_TYPE_EXCEPTION: 'InvalidContactTypeException',
  PAGINATION_EXCEPTION: 'PaginationException',
  REFRESH_TOKEN_EXPIRED_EXCEPTION: 'RefreshTokenExpiredException',
  SEND_DATA_FAILED_EXCEPTION: 'SendDataFailedException',
  UNAUTHORIZED_EXCEPTION: 'UnauthorizedException',
  QUOTA_EXCEEDED_EXCEPTION: 'QuotaExceededException',
} as const;
export type CTIExceptions = (typeof CTIExceptions)[keyof typeof CTIExceptions];

/** HTTP statuses the runtime names. */
export const HTTP_STATUS_CODES = {
  SUCCESS: 200,
  UNAUTHORIZED: 401,
  ACCESS_DENIED: 403,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
} as const;
export type HTTP_STATUS_CODES = (typeof HTTP_STATUS_CODES)[keyof typeof HTTP_STATUS_CODES];

/** Retryable error kinds. */
export const RetryableErrors = {
  UNAUTHORIZED: 'unauthorized',
  ACCESS_DENIED: 'accessDenied',
} as const;
export type RetryableErrors = (typeof RetryableErrors)[keyof typeof RetryableErrors];

/** Retry status of a backend call. */
export const RetryStatus = {
  RETRYING: 'retrying',
  EXHAUSTED: 'exhausted',
  NONE: 'none',
} as const;
export type RetryStatus = (typeof RetryStatus)[keyof typeof RetryStatus];

/** Session storage keys. */
export const SessionStorageKeys = {
  TAB_ID: 'tab_id',
  AUTHORIZE_RETRY_COUNT: 'authorize_retry_count',
} as const;
export type SessionStorageKeys = (typeof SessionStorageKeys)[keyof typeof SessionStorageKeys];

/** `createTransport` types. */
export const TRANSPORT_TYPES = {
  CHAT_TOKEN: 'chat_token',
  WEB_SOCKET: 'web_socket',
  AGENT_DISCOVERY: 'agent_discovery',
  WEB_RTC: 'web_rtc',
} as const;
export type TRANSPORT_TYPES = (typeof TRANSPORT_TYPES)[keyof typeof TRANSPORT_TYPES];

// Logging

/** Log levels (values = keys), lowest first. */
export const LogLevel = {
  TEST: 'TEST',
  TRACE: 'TRACE',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  LOG: 'LOG',
  WARN: 'WARN',
  ERROR: 'ERROR',
  CRITICAL: 'CRITICAL',
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** Log components: a logger method whose first argument is one of these logs under it (default `ccp`). */
export const LogComponent = {
  CCP: 'ccp',
  SOFTPHONE: 'softphone',
  CHAT: 'chat',
  TASK: 'task',
} as const;
export type LogComponent = (typeof LogComponent)[keyof typeof LogComponent];

// Voice ID

/** Voice ID events. */
export const VoiceIdEvents = {
  UPDATE_DOMAIN_ID: 'voiceId::update_domain_id',
} as const;
export type VoiceIdEvents = (typeof VoiceIdEvents)[keyof typeof VoiceIdEvents];

/** `VoiceIdError.type`. */
export const VoiceIdErrorTypes = {
  NO_SPEAKER_ID_FOUND: 'no_speaker_id_found',
  SPEAKER_ID_NOT_ENROLLED: 'speaker_id_not_enrolled',
  GET_SPEAKER_ID_FAILED: 'get_speaker_id_failed',
  GET_SPEAKER_STATUS_FAILED: 'get_speaker_status_failed',
  OPT_OUT_SPEAKER_FAILED: 'opt_out_speaker_failed',
  OPT_OUT_SPEAKER_IN_LCMS_FAILED: 'opt_out_speaker_in_lcms_failed',
  DELETE_SPEAKER_FAILED: 'delete_speaker_failed',
  START_SESSION_FAILED: 'start_session_failed',
  EVALUATE_SPEAKER_FAILED: 'evaluate_speaker_failed',
  SESSION_NOT_EXISTS: 'session_not_exists',
  DESCRIBE_SESSION_FAILED: 'describe_session_failed',
  ENROLL_SPEAKER_FAILED: 'enroll_speaker_failed',
  UPDATE_SPEAKER_ID_FAILED: 'update_speaker_id_failed',
  UPDATE_SPEAKER_ID_IN_LCMS_FAILED: 'update_speaker_id_in_lcms_failed',
  NOT_SUPPORTED_ON_CONFERENCE_CALLS: 'not_supported_on_conference_calls',
  ENROLL_SPEAKER_TIMEOUT: 'enroll_speaker_timeout',
  EVALUATE_SPEAKER_TIMEOUT: 'evaluate_speaker_timeout',
  GET_DOMAIN_ID_FAILED: 'get_domain_id_failed',
  NO_DOMAIN_ID_FOUND: 'no_domain_id_found',
} as const;
export type VoiceIdErrorTypes = (typeof VoiceIdErrorTypes)[keyof typeof VoiceIdErrorTypes];

/** Voice ID streaming status. */
export const VoiceIdStreamingStatus = {
  ONGOING: 'ONGOING',
  ENDED: 'ENDED',
  PENDING_CONFIGURATION: 'PENDING_CONFIGURATION',
} as const;
export type VoiceIdStreamingStatus = (typeof VoiceIdStreamingStatus)[keyof typeof VoiceIdStreamingStatus];

/** Voice ID authentication decisions. */
export const VoiceIdAuthenticationDecision = {
  ACCEPT: 'ACCEPT',
  REJECT: 'REJECT',
  NOT_ENOUGH_SPEECH: 'NOT_ENOUGH_SPEECH',
  SPEAKER_NOT_ENROLLED: 'SPEAKER_NOT_ENROLLED',
  SPEAKER_OPTED_OUT: 'SPEAKER_OPTED_OUT',
  SPEAKER_ID_NOT_PROVIDED: 'SPEAKER_ID_NOT_PROVIDED',
  SPEAKER_EXPIRED: 'SPEAKER_EXPIRED',
} as const;
export type VoiceIdAuthenticationDecision = (typeof VoiceIdAuthenticationDecision)[keyof typeof VoiceIdAuthenticationDecision];

/** Voice ID fraud detection decisions. */
export const VoiceIdFraudDetectionDecision = {
  NOT_ENOUGH_SPEECH: 'NOT_ENOUGH_SPEECH',
  HIGH_RISK: 'HIGH_RISK',
  LOW_RISK: 'LOW_RISK',
} as const;
export type VoiceIdFraudDetectionDecision = (typeof VoiceIdFraudDetectionDecision)[keyof typeof VoiceIdFraudDetectionDecision];

/** Authentication decisions as contact flows name them. */
export const ContactFlowAuthenticationDecision = {
  AUTHENTICATED: 'Authenticated',
  NOT_AUTHENTICATED: 'NotAuthenticated',
  INCONCLUSIVE: 'Inconclusive',
  NOT_ENROLLED: 'NotEnrolled',
  OPTED_OUT: 'OptedOut',
  NOT_ENABLED: 'NotEnabled',
  ERROR: 'Error',
} as const;
export type ContactFlowAuthenticationDecision =
  (typeof ContactFlowAuthenticationDecision)[keyof typeof ContactFlowAuthenticationDecision];

/** Fraud detection decisions as contact flows name them. */
export const ContactFlowFraudDetectionDecision = {
  HIGH_RISK: 'HighRisk',
  LOW_RISK: 'LowRisk',
  INCONCLUSIVE: 'Inconclusive',
  NOT_ENABLED: 'NotEnabled',
  ERROR: 'Error',
} as const;
export type ContactFlowFraudDetectionDecision =
  (typeof ContactFlowFraudDetectionDecision)[keyof typeof ContactFlowFraudDetectionDecision];

/** Customer authentication status. */
export const CustomerAuthenticationStatus = {
  AUTHENTICATED: 'AUTHENTICATED',
  FAILED: 'FAILED',
  TIMEOUT: 'TIMEOUT',
} as const;
export type CustomerAuthenticationStatus = (typeof CustomerAuthenticationStatus)[keyof typeof CustomerAuthenticationStatus];

/** Voice ID enrollment status. */
export const VoiceIdEnrollmentRequestStatus = {
  NOT_ENOUGH_SPEECH: 'NOT_ENOUGH_SPEECH',
  IN_PROGRESS: 'IN_PROGRESS',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
} as const;
export type VoiceIdEnrollmentRequestStatus = (typeof VoiceIdEnrollmentRequestStatus)[keyof typeof VoiceIdEnrollmentRequestStatus];

/** Voice ID speaker status. */
export const VoiceIdSpeakerStatus = {
  OPTED_OUT: 'OPTED_OUT',
  ENROLLED: 'ENROLLED',
  PENDING: 'PENDING',
} as const;
export type VoiceIdSpeakerStatus = (typeof VoiceIdSpeakerStatus)[keyof typeof VoiceIdSpeakerStatus];

/** Voice ID polling delays (ms) and counts. */
export const VoiceIdConstants = {
  EVALUATE_SESSION_DELAY: 10000,
  EVALUATION_MAX_POLL_TIMES: 24,
  EVALUATION_POLLING_INTERVAL: 5000,
  ENROLLMENT_MAX_POLL_TIMES: 120,
  ENROLLMENT_POLLING_INTERVAL: 5000,
  START_SESSION_DELAY: 8000,
} as const;
export type VoiceIdConstants = (typeof VoiceIdConstants)[keyof typeof VoiceIdConstants];

// Global resiliency and disaster recovery

/** Global resiliency events. */
export const GlobalResiliencyEvents = {
  CONFIGURE: 'globalResiliency::configure',
  CONFIGURE_CCP_CONDUIT: 'globalResiliency::configure_ccp_conduit',
  INIT: 'globalResiliency::init',
  CONFIGURE_ERROR: 'globalResiliency::configure_error',
  VALIDATE_GLOBAL_SIGNIN: 'globalResiliency::validate_global_signin',
  GLOBAL_SIGNIN_VALID: 'globalResiliency::global_signin_valid',
  GLOBAL_SIGNIN_INVALID: 'globalResiliency::global_signin_invalid',
  FAILOVER_DETECTED: 'globalResiliency::failover_detected',
  FAILOVER_DETECTED_CRM: 'globalResiliency::failover_detected_crm',
  FAILOVER_INITIATED: 'globalResiliency::failover_initiated',
  FAILOVER_PENDING: 'globalResiliency::failover_pending',
  FAILOVER_PENDING_CRM: 'globalResiliency::failover_pending_crm',
  FAILOVER_COMPLETE: 'globalResiliency::failover_complete',
  HEARTBEAT_SYN: 'globalResiliency::heartbeat_syn',
  HEARTBEAT_ACK: 'globalResiliency::heartbeat_ack',
  FORCE_FAILOVER: 'globalResiliency::force_failover',
} as const;
export type GlobalResiliencyEvents = (typeof GlobalResiliencyEvents)[keyof typeof GlobalResiliencyEvents];

/** Global resiliency configuration errors. */
export const GlobalResiliencyConfigureErrorType = {
  LILY_AGENT_CONFIG_MISSING: 'LILY_AGENT_CONFIG_MISSING',
  LILY_AGENT_CONFIG_PARSE_ERROR: 'LILY_AGENT_CONFIG_PARSE_ERROR',
} as const;
export type GlobalResiliencyConfigureErrorType =
  (typeof GlobalResiliencyConfigureErrorType)[keyof typeof GlobalResiliencyConfigureErrorType];

/** Disaster recovery events. */
export const DisasterRecoveryEvents = {
  SUPPRESS: 'disasterRecovery::suppress',
  FORCE_OFFLINE: 'disasterRecovery::force_offline',
  SET_OFFLINE: 'disasterRecovery::set_offline',
  INIT_DISASTER_RECOVERY: 'disasterRecovery::init_disaster_recovery',
  FAILOVER: 'disasterRecovery::failover',
  FAILOVER_PENDING: 'disasterRecovery::failover_pending',
  INIT_DR_POLLING: 'disasterRecovery::init_dr_polling',
} as const;
export type DisasterRecoveryEvents = (typeof DisasterRecoveryEvents)[keyof typeof DisasterRecoveryEvents];

// Not on streams' runtime `connect`

/** Task reference types, as amazon-connect-taskjs defines `connect.ReferenceType` (the streams d.ts has only `URL`): `@switchboard/tasks`' own. */
export { ReferenceType } from '@switchboard/tasks';

/** `softphone.vdiPlatform` values: typed as an enum in the d.ts, not exported on `connect` at runtime. */
export const VDIPlatformType = {
  CITRIX: 'CITRIX',
  AWS_WORKSPACE: 'AWS_WORKSPACE',
  OMNISSA: 'OMNISSA',
  CITRIX_413: 'CITRIX_413',
  AZURE: 'AZURE',
} as const;
export type VDIPlatformType = (typeof VDIPlatformType)[keyof typeof VDIPlatformType];

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
