/**
 * The rest of `connect`'s enums and constant objects (enums.ts has the events, the agent's,
 * the contacts' and the connections'): the CTI backend's methods and errors, logging, Voice
 * ID, global resiliency and disaster recovery, with their RUNTIME values; and the two objects
 * that are not on the runtime's `connect` (`ReferenceType`, `VDIPlatformType`). enums.ts
 * re-exports all of them; enums.test.ts checks them against the real release.
 */
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
