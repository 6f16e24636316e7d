/** The single-file browser build: defines `SwitchboardVoice` ({ VoiceCall, VoiceError, VoiceCallStates }). */
import { VoiceCall, VoiceCallStates, VoiceError } from './index.js';

(globalThis as { SwitchboardVoice?: unknown }).SwitchboardVoice = { version: '0.1.0', VoiceCall, VoiceError, VoiceCallStates };
