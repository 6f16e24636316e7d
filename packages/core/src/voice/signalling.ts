/**
 * Web voice's signalling frames (`/voice/v1/ws`), shared by the server and
 * `@switchboard/voice`. See docs/voice.md.
 */

export const VOICE_WS_PATH = '/voice/v1/ws';

/**
 * Audio lines a client offers: its microphone's (sendrecv) and receive-only ones. Each is
 * a source the party can hear at once (conference + a barging supervisor = 3).
 */
export const VOICE_LINES = 3;

/** A leg's connection, as the server sees it. */
export const VoiceLegStates = {
  connecting: 'connecting',
  connected: 'connected',
  disconnected: 'disconnected',
  closed: 'closed',
} as const;
export type VoiceLegState = (typeof VoiceLegStates)[keyof typeof VoiceLegStates];

/**
 * Where the call stands for the customer (their leg's `progress` frames): waiting for an
 * agent (the hold music plays), talking to one, or held by them.
 */
export const VoiceCallProgresses = {
  waiting: 'waiting',
  connected: 'connected',
  held: 'held',
} as const;
export type VoiceCallProgress = (typeof VoiceCallProgresses)[keyof typeof VoiceCallProgresses];

/**
 * An ICE server a client adds to its RTCPeerConnection (RTCIceServer's shape): STUN, or
 * TURN with a username and credential (static, or minted for the leg from coturn's shared
 * secret).
 */
export interface VoiceIceServer {
  readonly urls: readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

/**
 * Client → server. `config` asks for the ICE servers (answered by a `config` frame once the
 * token is checked); a client sends it first and builds its peer connection with them.
 */
export type VoiceClientFrame =
  | { readonly type: 'config' }
  | { readonly type: 'offer'; readonly sdp: string }
  | { readonly type: 'hangup' };

/** Server → client. `error.type` is an AWS error type (InvalidRequestException, ConflictException, …). */
export type VoiceServerFrame =
  /** The answer to the client's `config`: the ICE servers to gather candidates with (may be empty). */
  | { readonly type: 'config'; readonly iceServers: readonly VoiceIceServer[] }
  | { readonly type: 'answer'; readonly sdp: string }
  | { readonly type: 'state'; readonly state: VoiceLegState }
  /** To the customer's leg: once it connects, and whenever an agent joins, holds or resumes. */
  | { readonly type: 'progress'; readonly progress: VoiceCallProgress }
  | { readonly type: 'error'; readonly error: { readonly type: string; readonly message: string } };
