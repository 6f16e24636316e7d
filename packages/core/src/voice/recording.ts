/**
 * A voice contact's recording (issue 23): whether it is recorded, who, when it was paused,
 * and the files it left — kept on the contact's document (`ContactDoc.recording`) apart
 * from the call itself. Pure: the server's recordings shell
 * (packages/server/src/voice/recordings.ts) feeds it what happens (the agent joined, the
 * Connect API's Start / Stop / Suspend / Resume, the agent's pause button, the end of the
 * contact) and runs its effects on the media server (start, pause, resume, stop and
 * finish the files). Times are injected (`at`).
 *
 * Connect's rules, as its API reference states them: recording is turned on by the flow
 * (`UpdateContactRecordingBehavior`) or by `StartContactRecording`; before the agent joins
 * it is only armed, and starts when they do; `StopContactRecording` is final
 * (`StartContactRecording` cannot restart it: Suspend / Resume are for that); a suspended
 * recording keeps the suspended span as silence, so the files stay aligned with the call.
 */
import { InvalidRequestException } from '../errors.js';
import type { Millis } from '../routing/types.js';

/** Whose audio is recorded (the flow's `RecordingBehavior.RecordedParticipants`, upper-cased). */
export type RecordedParticipant = 'AGENT' | 'CUSTOMER';

export const RECORDED_PARTICIPANTS: readonly RecordedParticipant[] = ['AGENT', 'CUSTOMER'];

/**
 * `idle`: not recording (armed when `participants` is not empty: it starts when the agent
 * joins); `recording`; `paused` (suspended); `stopped` (for good: Stop, or the call ended).
 */
export type RecordingStatus = 'idle' | 'recording' | 'paused' | 'stopped';

/** A span the recording was paused, epoch ms (`to` absent while it still is). */
export interface RecordingPause {
  readonly from: Millis;
  readonly to?: Millis;
}

/** A file the recording left (set when the call's files are finished). */
export interface RecordingFile {
  /** The file's name in the contact's recording directory: `<legId>.webm`, `mixed.webm`. */
  readonly name: string;
  /** Whose audio: one leg's participant, or `ALL` for the mixed file. */
  readonly participant: RecordedParticipant | 'ALL';
  /** The leg it recorded (absent for the mixed file). */
  readonly legId?: string;
  readonly bytes: number;
  /** When its audio starts and stops, epoch ms. */
  readonly startedAt: Millis;
  readonly stoppedAt: Millis;
}

export interface RecordingState {
  /** Who is recorded; empty: recording is off (nothing is armed). */
  readonly participants: readonly RecordedParticipant[];
  readonly status: RecordingStatus;
  /** Whether the agent has joined (a recording armed before starts at once after). */
  readonly connected: boolean;
  readonly startedAt?: Millis;
  readonly stoppedAt?: Millis;
  /** Every pause, oldest first. */
  readonly pauses: readonly RecordingPause[];
  /** The files, once finished (after the call). */
  readonly files?: readonly RecordingFile[];
}

export type RecordingEvent =
  /** The agent joined the call (`contact.connected`). */
  | { readonly type: 'connected'; readonly at: Millis }
  /** StartContactRecording (or the flow, before the agent joins). */
  | { readonly type: 'start'; readonly at: Millis; readonly participants: readonly RecordedParticipant[] }
  /** SuspendContactRecording, or the agent's pause button. */
  | { readonly type: 'pause'; readonly at: Millis }
  /** ResumeContactRecording, or the agent's resume. */
  | { readonly type: 'resume'; readonly at: Millis }
  /** StopContactRecording. */
  | { readonly type: 'stop'; readonly at: Millis }
  /** The contact ended (or moved on): whatever is recorded is finished. */
  | { readonly type: 'ended'; readonly at: Millis }
  /** The files were finished (remuxed, mixed) and are these. */
  | { readonly type: 'finished'; readonly files: readonly RecordingFile[] };

export interface RecordingEffects {
  /** Start recording these participants' legs. */
  readonly start?: { readonly participants: readonly RecordedParticipant[] };
  /** Write silence instead of the conversation (the file's timeline runs on). */
  readonly pause?: true;
  readonly resume?: true;
  /** Stop the writers and finish the files (remux, mix). */
  readonly stop?: true;
}

export interface RecordingStep {
  readonly state: RecordingState;
  readonly effects: RecordingEffects;
}

/** A recording as a contact starts with: off, or armed for `participants` (the flow's behaviour). */
export function newRecording(participants: readonly RecordedParticipant[] = []): RecordingState {
  return { participants: normalise(participants), status: 'idle', connected: false, pauses: [] };
}

/** Participants in a fixed order, each once. */
function normalise(participants: readonly RecordedParticipant[]): readonly RecordedParticipant[] {
  return RECORDED_PARTICIPANTS.filter((p) => participants.includes(p));
}

const unchanged = (state: RecordingState): RecordingStep => ({ state, effects: {} });

/**
 * The next recording state and what the media must do. Refusals are
 * InvalidRequestException (what the Connect API answers); the agent API answers the
 * same words. Repeating a state (pausing a paused recording) changes nothing.
 */
export function recordingStep(state: RecordingState, event: RecordingEvent): RecordingStep {
  switch (event.type) {
    case 'connected': {
      if (state.connected) return unchanged(state);
      const joined = { ...state, connected: true };
      if (state.status !== 'idle' || state.participants.length === 0) return { state: joined, effects: {} };
      return {
        state: { ...joined, status: 'recording', startedAt: event.at },
        effects: { start: { participants: state.participants } },
      };
    }
    case 'start': {
      if (state.status === 'stopped')
        throw new InvalidRequestException(
          'The recording of this contact was stopped; StartContactRecording cannot restart it (suspend and resume instead)',
        );
      if (state.status !== 'idle') return unchanged(state);
      const participants = normalise(event.participants);
      if (participants.length === 0) throw new InvalidRequestException('Nobody to record: name the agent or the customer');
      if (!state.connected) return { state: { ...state, participants }, effects: {} };
      return {
        state: { ...state, participants, status: 'recording', startedAt: event.at },
        effects: { start: { participants } },
      };
    }
    case 'pause':
      if (state.status === 'paused') return unchanged(state);
      if (state.status !== 'recording') throw new InvalidRequestException(notRecording(state));
      return {
        state: { ...state, status: 'paused', pauses: [...state.pauses, { from: event.at }] },
        effects: { pause: true },
      };
    case 'resume': {
      if (state.status === 'recording') return unchanged(state);
      if (state.status !== 'paused') throw new InvalidRequestException(notRecording(state));
      const pauses = state.pauses.map((p, i) => (i === state.pauses.length - 1 ? { from: p.from, to: event.at } : p));
      return { state: { ...state, status: 'recording', pauses }, effects: { resume: true } };
    }
    case 'stop':
      if (state.status === 'stopped') return unchanged(state);
      if (state.status === 'idle') {
        if (state.participants.length === 0) throw new InvalidRequestException(notRecording(state));
        // Armed, never started: disarmed for good.
        return { state: { ...state, status: 'stopped' }, effects: {} };
      }
      return { state: stopped(state, event.at), effects: { stop: true } };
    case 'ended':
      if (state.status === 'recording' || state.status === 'paused')
        return { state: stopped(state, event.at), effects: { stop: true } };
      if (state.status === 'idle' && state.participants.length > 0)
        return { state: { ...state, status: 'stopped' }, effects: {} };
      return unchanged(state);
    case 'finished':
      return { state: { ...state, files: event.files }, effects: {} };
  }
}

function stopped(state: RecordingState, at: Millis): RecordingState {
  const last = state.pauses[state.pauses.length - 1];
  const pauses = last && last.to === undefined ? [...state.pauses.slice(0, -1), { from: last.from, to: at }] : state.pauses;
  return { ...state, status: 'stopped', stoppedAt: at, pauses };
}

function notRecording(state: RecordingState): string {
  if (state.status === 'stopped') return 'The recording of this contact has stopped';
  if (state.participants.length > 0) return 'The recording has not started yet: it starts when the agent joins';
  return 'This contact is not being recorded';
}

/** Milliseconds the recording was paused (a pause still running counts up to `now`). */
export function pausedRecordingMillis(state: RecordingState, now: Millis): number {
  return state.pauses.reduce((sum, p) => sum + Math.max(0, (p.to ?? now) - p.from), 0);
}

/**
 * Connect's `VoiceRecordingConfiguration.VoiceRecordingTrack` as participants:
 * `FROM_AGENT` the agent's audio, `TO_AGENT` what the agent hears (the customer), `ALL` both.
 */
export function participantsOfTrack(track: 'FROM_AGENT' | 'TO_AGENT' | 'ALL'): readonly RecordedParticipant[] {
  return track === 'FROM_AGENT' ? ['AGENT'] : track === 'TO_AGENT' ? ['CUSTOMER'] : RECORDED_PARTICIPANTS;
}
