/** A VoiceCall's states, as wire-style values. */
export const VoiceCallStates = {
  /** Created; `start()` not called yet. */
  new: 'new',
  /** Microphone, signalling, offer and answer, ICE and DTLS under way. */
  connecting: 'connecting',
  /** Audio flows both ways. */
  connected: 'connected',
  /** The network path was lost; the browser is trying to get it back. */
  disconnected: 'disconnected',
  /** Hung up, by either side. Final. */
  ended: 'ended',
  /** Could not start or go on (refused offer, bad token, ICE failure). Final. */
  failed: 'failed',
} as const;
export type VoiceCallState = (typeof VoiceCallStates)[keyof typeof VoiceCallStates];

export const isFinal = (s: VoiceCallState): boolean => s === 'ended' || s === 'failed';

/** What a key press may be: RTCDTMFSender's tones ('0'–'9', '*', '#', 'A'–'D'; ',' pauses 2 s). */
export const DTMF_DIGITS = /^[0-9A-D#*,]+$/i;

/** Refuses digits RTCDTMFSender would throw on, with a sentence instead of a DOMException. */
export function checkDigits(digits: string): string {
  if (typeof digits !== 'string' || !DTMF_DIGITS.test(digits)) {
    throw new TypeError(`digits must be 0-9, *, #, A-D or ',' (got ${JSON.stringify(digits)})`);
  }
  return digits.toUpperCase();
}
