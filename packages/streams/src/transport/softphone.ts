/**
 * The direct transport's softphone, for a browser with a microphone: for the agent's voice
 * contact it opens the agent's media leg with `@switchboard/voice` (loaded on the first call)
 * and the snapshot's `callContextToken`, as soon as the offer rings, as the CCP does; the
 * audio plays in the page (one Audio element per line), and the remote tracks are there for
 * `voiceConnection.getMediaController()`. One leg at a time; it closes when the contact no
 * longer rings or talks. A leg refused because the old one of its token is still open (the
 * page reloaded mid-call) or dropped mid-call opens again (`afterLegEnd`); the page hears
 * agent::softphone_error only when that gives up.
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
  readonly microphone?: () => Promise<MediaStreamTrack>;
  readonly onError: (type: string, message: string) => void;
}

/** The agent's own connection on a call: theirs first (a barging supervisor's shows on their contact too). */
const ownOf = (c: ContactData<string>) =>
  c.connections.find((x) => x.type === 'agent') ?? c.connections.find((x) => x.type === 'monitoring');

const ownConnection = (contacts: readonly ContactData<string>[], contactId: string) => {
  const c = contacts.find((x) => x.contactId === contactId);
  return c ? ownOf(c) : undefined;
};

/** The voice contact the agent has a leg on (ringing or on the call), with its token. */
function callToJoin(contacts: readonly ContactData<string>[]): { contactId: string; token: string } | undefined {
  for (const c of contacts) {
    if (c.type !== 'voice') continue;
    const own = ownOf(c);
    const token = own?.softphoneMediaInfo?.callContextToken;
    const state: string | undefined = own?.state.type;
    if (!token || !state) continue;
    if (['connecting', 'connected', 'hold', 'silent_monitor', 'barge'].includes(state)) return { contactId: c.contactId, token };
  }
  return undefined;
}

/**
 * A leg the server refuses while the old leg of its token is still open (the page reloaded
 * mid-call; ConflictException), or one that dropped mid-call, is opened again this many
 * times, a second apart (as the CCP's softphone).
 */
export const LEG_RETRIES = 5;
export const LEG_RETRY_MS = 1000;

/** How a leg ended without this page closing it. */
export interface LegEnd {
  readonly state: 'failed' | 'ended';
  /** The call's last error type (ConflictException, AccessDeniedException…). */
  readonly error?: string | undefined;
  /** It had connected (a drop mid-call) rather than failing to open. */
  readonly connected: boolean;
  /** The contact still shows the agent on this call (its token). */
  readonly stillOn: boolean;
}

/**
 * What follows a leg's end: `done` (the call is over for the agent), `retry` (open it again in
 * LEG_RETRY_MS), or `give-up` (report agent::softphone_error). `retries`: the tries since the
 * leg last connected.
 */
export function afterLegEnd(retries: number, end: LegEnd): 'done' | 'retry' | 'give-up' {
  if (!end.stillOn) return 'done';
  // A refused token opens nothing any more: trying again cannot help.
  const retryable = end.error === 'ConflictException' || (end.connected && end.error !== 'AccessDeniedException');
  return retryable && retries < LEG_RETRIES ? 'retry' : 'give-up';
}

interface Leg {
  readonly contactId: string;
  readonly token: string;
  call?: VoiceCall;
  tracks: MediaStreamTrack[];
  retries: number;
  timer?: ReturnType<typeof setTimeout>;
}

export function startSoftphone(o: SoftphoneOptions): DirectSoftphone {
  let current: Leg | undefined;
  let contactsNow: readonly ContactData<string>[] = [];
  let stopped = false;

  const close = () => {
    const leg = current;
    current = undefined;
    clearTimeout(leg?.timer);
    leg?.call?.hangUp();
  };

  const report = (type: string, message: string) => o.onError(type, message);

  const open = async (leg: Leg) => {
    let microphone: MediaStreamTrack | undefined;
    try {
      microphone = o.microphone
        ? await o.microphone()
        : (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0];
      if (!microphone) throw Object.assign(new Error('No microphone'), { name: 'NotFoundError' });
    } catch (e) {
      if (current !== leg || stopped) return;
      const name = (e as { name?: string }).name;
      const type = name === 'NotAllowedError' || name === 'SecurityError' ? 'microphone_not_shared' : 'no_microphone';
      return report(type, e instanceof Error ? e.message : String(e));
    }
    let VoiceCallClass: typeof VoiceCall;
    try {
      ({ VoiceCall: VoiceCallClass } = await import('@switchboard/voice'));
    } catch (e) {
      if (!o.microphone) microphone.stop();
      return report('webrtc_error', `The voice client could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (current !== leg || stopped) {
      if (!o.microphone) microphone.stop();
      return;
    }
    const url = new URL('/voice/v1/ws', o.endpoint);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const call = new VoiceCallClass({ url: url.toString(), token: leg.token, microphone, connectTimeoutMs: 20_000 });
    leg.call = call;
    leg.tracks = [];
    let error: { type: string; message: string } | undefined;
    let connected = false;
    call.on('error', (e) => {
      error = { type: e.type, message: e.message };
    });
    call.on('track', (track: MediaStreamTrack, line: number) => {
      if (leg.call === call) leg.tracks[line] = track;
    });
    call.on('state', (s) => {
      if (leg.call !== call || current !== leg) return;
      if (s === 'connected') {
        connected = true;
        leg.retries = 0;
      } else if (s === 'failed' || s === 'ended') {
        leg.call = undefined;
        if (!o.microphone) microphone.stop();
        const stillOn = () => current === leg && !stopped && callToJoin(contactsNow)?.token === leg.token;
        if (!stillOn()) return;
        // A second later the snapshot says whether the call goes on: a call that ended (hung
        // up, the customer gone) closes its leg before the agent's data says so.
        leg.timer = setTimeout(() => {
          const next = afterLegEnd(leg.retries, { state: s, error: error?.type, connected, stillOn: stillOn() });
          if (next === 'retry') {
            leg.retries++;
            void open(leg);
          } else if (next === 'give-up') {
            const tries = leg.retries ? ` after ${leg.retries} more tries` : '';
            report(
              'webrtc_error',
              error
                ? `The call's audio could not be ${connected ? 'reopened' : 'opened'}${tries}: ${error.message} (${error.type})`
                : `The call's audio ended${tries}`,
            );
          }
        }, LEG_RETRY_MS);
      }
    });
    // A leg opened again (a reload) starts as the server has it: muted if the agent was.
    if (ownConnection(contactsNow, leg.contactId)?.mute === true) call.mute(true);
    await call.start().catch(() => undefined);
  };

  return {
    sync(contacts) {
      if (stopped) return;
      contactsNow = contacts;
      const want = callToJoin(contacts);
      if (current && current.token !== want?.token) close();
      if (want && !current) {
        current = { contactId: want.contactId, token: want.token, tracks: [], retries: 0 };
        void open(current);
      }
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
