export * from './demo.js';
export * from './hours.js';
export { type ConfigIssue, type ConfigPathSegment, formatConfigIssue, formatConfigPath, parseConfigPath } from './issues.js';
export { configJsonSchema } from './json-schema.js';
export { isOpenAt, nextOpenAt } from './open.js';
export * from './schema.js';
export { type ConfigValidationResult, validateConfig } from './validate.js';
export {
  AnnouncedAddressSchema,
  DEFAULT_TURN_TTL_SECONDS,
  defaultVoiceConfig,
  ICE_PORT_MAX,
  ICE_PORT_MIN,
  IcePortRangeSchema,
  isIpAddress,
  isIpv4,
  TurnConfigSchema,
  VoiceConfigSchema,
} from './voice-schema.js';
