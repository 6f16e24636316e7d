/**
 * Everything a VoiceCall emits, declared once: the name, what the listener receives, and
 * when it fires. `call.on(name, listener)` is typed from this map.
 */
import type { VoiceCallProgress } from '@switchboard/core/voice';
import type { VoiceCallState } from './state.js';

/** A refusal from the server (an AWS error type and a sentence) or a local failure. */
export class VoiceError extends Error {
  constructor(
    /** AWS error type: InvalidRequestException, AccessDeniedException, ConflictException… or NetworkError / MediaError locally. */
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export interface VoiceCallEvents {
  /** The call's state changed (never fired for a no-op change). */
  state: (state: VoiceCallState, previous: VoiceCallState) => void;
  /** A receive line's track arrived: `line` 0 is the microphone's line, then the receive-only ones. */
  track: (track: MediaStreamTrack, line: number) => void;
  /** A customer's call progressed: waiting for an agent, connected to one, or held (never fired for a no-op change). */
  progress: (progress: VoiceCallProgress) => void;
  /** The server refused something or the connection failed; `failed` follows when the call cannot go on. */
  error: (error: VoiceError) => void;
}

export type VoiceCallEventName = keyof VoiceCallEvents;

/** A small typed emitter: listeners that throw do not stop the others. */
export class Emitter {
  private readonly listeners = new Map<VoiceCallEventName, Set<(...args: unknown[]) => void>>();

  on<E extends VoiceCallEventName>(event: E, listener: VoiceCallEvents[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const l = listener as unknown as (...args: unknown[]) => void;
    set.add(l);
    return () => set.delete(l);
  }

  emit<E extends VoiceCallEventName>(event: E, ...args: Parameters<VoiceCallEvents[E]>): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l(...args);
      } catch (err) {
        console.error(`@switchboard/voice: a '${event}' listener threw`, err);
      }
    }
  }
}
