/**
 * The direct transport's softphone, for a browser with a microphone: for the agent's voice
 * contact it opens the agent's media leg with `@switchboard/voice` (loaded on the first call)
 * and the snapshot's `callContextToken`, as soon as the offer rings, as the CCP does; the
 * audio plays in the page (one Audio element per line), and the remote tracks are there for
 * `voiceConnection.getMediaController()`. One leg at a time; it closes when the contact no
 * longer rings or talks.
 */
import type { ContactData } from '@switchboard/agent-client';
import type { VoiceCall } from '@switchboard/voice';

export interface DirectSoftphone {
  /** Opens or closes the leg after each agent data. */
  sync(contacts: readonly ContactData<string>[]): void;
  sendDigits(contactId: string, digits: string): void;
  mute(contactId: string, muted: boolean): void;
  tracks(contactId: string): readonly MediaStreamTrack[] | undefined;
  stop(): void;
}

export interface SoftphoneOptions {
  readonly endpoint: string;
  readonly command: (name: string, params: Record<string, unknown>) => Promise<unknown>;
  readonly microphone?: () => Promise<MediaStreamTrack>;
  readonly onError: (type: string, message: string) => void;
}

/** The voice contact the agent has a leg on (ringing or on the call), with its token. */
function callToJoin(contacts: readonly ContactData<string>[]): { contactId: string; token: string } | undefined {
  for (const c of contacts) {
    if (c.type !== 'voice') continue;
    // The agent's own connection first: a barging supervisor's shows on the agent's contact too.
    const own = c.connections.find((x) => x.type === 'agent') ?? c.connections.find((x) => x.type === 'monitoring');
    const token = own?.softphoneMediaInfo?.callContextToken;
    const state: string | undefined = own?.state.type;
    if (!token || !state) continue;
    if (['connecting', 'connected', 'hold', 'silent_monitor', 'barge'].includes(state)) return { contactId: c.contactId, token };
  }
  return undefined;
}

export function startSoftphone(o: SoftphoneOptions): DirectSoftphone {
  let current: { contactId: string; token: string; call?: VoiceCall; tracks: MediaStreamTrack[] } | undefined;
  let stopped = false;

  const close = () => {
    current?.call?.hangUp();
    current = undefined;
  };

  const open = async (contactId: string, token: string) => {
    const leg: { contactId: string; token: string; call?: VoiceCall; tracks: MediaStreamTrack[] } = {
      contactId,
      token,
      tracks: [],
    };
    current = leg;
    try {
      const microphone = o.microphone
        ? await o.microphone()
        : (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0];
      if (!microphone) throw Object.assign(new Error('No microphone'), { name: 'NotFoundError' });
      const { VoiceCall } = await import('@switchboard/voice');
      if (current !== leg || stopped) {
        microphone.stop();
        return;
      }
      const url = new URL('/voice/v1/ws', o.endpoint);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const call = new VoiceCall({ url: url.toString(), token, microphone, connectTimeoutMs: 20_000 });
      leg.call = call;
      call.on('track', (track: MediaStreamTrack, line: number) => {
        leg.tracks[line] = track;
      });
      await call.start();
    } catch (e) {
      const name = (e as { name?: string }).name;
      const type =
        name === 'NotAllowedError' || name === 'SecurityError'
          ? 'microphone_not_shared'
          : name === 'NotFoundError'
            ? 'no_microphone'
            : 'webrtc_error';
      o.onError(type, e instanceof Error ? e.message : String(e));
    }
  };

  return {
    sync(contacts) {
      if (stopped) return;
      const want = callToJoin(contacts);
      if (current && current.token !== want?.token) close();
      if (want && !current) void open(want.contactId, want.token);
    },
    sendDigits(contactId, digits) {
      if (current?.contactId !== contactId || !current.call) {
        throw { type: 'InvalidStateException', message: 'sendDigits: the agent is not on this call', statusCode: 400 };
      }
      current.call.sendDigits(digits);
    },
    mute(contactId, muted) {
      if (current?.contactId === contactId) current.call?.mute(muted);
    },
    tracks(contactId) {
      return current?.contactId === contactId ? current.tracks.filter(Boolean) : undefined;
    },
    stop() {
      stopped = true;
      close();
    },
  };
}
