export { VoiceCall, type VoiceCallOptions } from './call.js';
export { type VoiceCallEventName, type VoiceCallEvents, VoiceError } from './events.js';
export { checkDigits, type VoiceCallState, VoiceCallStates } from './state.js';
export { type VoiceCallProgress, VoiceCallProgresses } from '@switchboard/core/voice';
