import { describe, expect, it, vi } from 'vitest';
import { type StartedCall, WidgetError } from './api.js';
import { CallController, type KeptCall, type VoiceModule } from './call.js';
import { en } from './strings/en.js';

/** A microphone track that records being stopped. */
const micStream = () => {
  const track = {
    stopped: false,
    stop() {
      this.stopped = true;
    },
  };
  return { track, stream: { getAudioTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream };
};

/** A VoiceCall in memory: the test drives its state and progress. */
class FakeCall {
  static last: FakeCall | undefined;
  state = 'new';
  progress: string | undefined;
  muted = false;
  digits = '';
  hungUp = false;
  private readonly listeners: Record<string, ((...a: unknown[]) => void)[]> = {};
  constructor(readonly options: { url: string; token: string; microphone: unknown; rejoin?: boolean }) {
    FakeCall.last = this;
  }
  on(e: string, l: (...a: unknown[]) => void) {
    const list = this.listeners[e] ?? [];
    list.push(l);
    this.listeners[e] = list;
    return () => undefined;
  }
  emit(e: string, ...a: unknown[]) {
    if (e === 'state') this.state = a[0] as string;
    if (e === 'progress') this.progress = a[0] as string;
    for (const l of this.listeners[e] ?? []) l(...a);
  }
  async start() {
    this.emit('state', 'connecting');
    this.emit('state', 'connected');
  }
  mute(m: boolean) {
    this.muted = m;
  }
  sendDigits(d: string) {
    this.digits += d;
  }
  hangUp() {
    this.hungUp = true;
    this.emit('state', 'ended');
  }
}

const STARTED: StartedCall = { ContactId: 'c1', ParticipantId: 'p1', JoinToken: 'tok', SignalingUrl: 'wss://h/voice/v1/ws' };

function controller(opts: { mic?: () => Promise<MediaStream>; start?: () => Promise<StartedCall>; kept?: KeptCall } = {}) {
  const calls: string[] = [];
  /** What sessionStorage would hold. */
  const store: { kept: KeptCall | undefined } = { kept: opts.kept };
  const c = new CallController({
    startCall: () => {
      calls.push('start');
      return opts.start ? opts.start() : Promise.resolve(STARTED);
    },
    loadVoice: () => Promise.resolve({ VoiceCall: FakeCall } as unknown as VoiceModule),
    getMicrophone: opts.mic ?? (() => Promise.resolve(micStream().stream)),
    strings: () => en,
    reducedMotion: () => true,
    keep: (k) => {
      store.kept = k;
    },
    kept: () => store.kept,
  });
  return { c, calls, store };
}

const named = (name: string) => Object.assign(new Error(name), { name });

describe('CallController ("Call us")', () => {
  it('says in words when the microphone is refused or missing, and starts no call', async () => {
    for (const [name, words] of [
      ['NotAllowedError', en.callMicDenied],
      ['NotFoundError', en.callMicMissing],
      ['NotReadableError', en.callMicFailed],
    ] as const) {
      const { c, calls } = controller({ mic: () => Promise.reject(named(name)) });
      await c.start();
      expect(c.state).toMatchObject({ status: 'failed', error: words });
      expect(calls).toEqual([]);
      c.dismiss();
      expect(c.state.status).toBe('idle');
    }
  });

  it("follows the server's progress: waiting, connected (the timer starts), held, connected; mute, keypad, hang up", async () => {
    const mic = micStream();
    const { c, calls } = controller({ mic: () => Promise.resolve(mic.stream) });
    await c.start();
    const call = FakeCall.last!;
    expect(calls).toEqual(['start']);
    expect(call.options).toEqual({ url: STARTED.SignalingUrl, token: STARTED.JoinToken, microphone: mic.track });
    expect(c.state.status).toBe('waiting');
    // Waiting, the leg is up: a key goes out already.
    c.press('1');
    call.emit('progress', 'connected');
    expect(c.state.status).toBe('connected');
    const since = c.state.connectedAt;
    expect(since).toEqual(expect.any(Number));
    call.emit('progress', 'held');
    expect([c.state.status, c.state.connectedAt]).toEqual(['held', since]);
    call.emit('progress', 'connected');
    c.toggleMute();
    expect([c.state.muted, call.muted]).toEqual([true, true]);
    c.toggleMute();
    expect(call.muted).toBe(false);
    c.toggleKeypad();
    for (const k of ['5', '9', '#']) c.press(k); // after the '1' pressed while waiting
    expect([call.digits, c.state.digits, c.state.keypad]).toEqual(['159#', '159#', true]);
    c.hangUp();
    expect(call.hungUp).toBe(true);
    expect(c.state).toMatchObject({ status: 'ended', error: undefined, keypad: false });
    expect(mic.track.stopped).toBe(true);
  });

  it('a refusal from the server (closed, already open) is said in words, and the microphone is let go', async () => {
    for (const [kind, words] of [
      ['closed', en.callUnavailable],
      ['alreadyOpen', en.callAlreadyOpen],
      ['network', en.callNetwork],
    ] as const) {
      const mic = micStream();
      const { c } = controller({
        mic: () => Promise.resolve(mic.stream),
        start: () => Promise.reject(new WidgetError(kind, 'no', 409)),
      });
      await c.start();
      expect(c.state).toMatchObject({ status: 'failed', error: words });
      expect(mic.track.stopped).toBe(true);
    }
  });

  it('says Reconnecting while the network path is lost, and the call cut off by the network in words', async () => {
    const { c } = controller();
    await c.start();
    FakeCall.last!.emit('progress', 'connected');
    FakeCall.last!.emit('state', 'disconnected');
    expect([c.state.status, c.state.reconnecting]).toEqual(['connected', true]);
    FakeCall.last!.emit('state', 'connected');
    expect(c.state.reconnecting).toBe(false);
    FakeCall.last!.emit('state', 'disconnected');
    FakeCall.last!.emit('state', 'failed');
    expect(c.state.reconnecting).toBe(false);
    expect(c.state).toMatchObject({ status: 'failed', error: en.callLost });
  });

  it('keeps the call under way for a reload (with when an agent answered) and forgets it when it ends', async () => {
    const { c, store } = controller();
    await c.start();
    const kept = { url: STARTED.SignalingUrl, token: STARTED.JoinToken, contactId: STARTED.ContactId };
    expect(store.kept).toEqual(kept);
    FakeCall.last!.emit('progress', 'connected');
    expect(store.kept).toEqual({ ...kept, at: c.state.connectedAt });
    c.hangUp();
    expect(store.kept).toBeUndefined();
  });

  it('after a reload: rejoins the kept call (Reconnecting…, the timer from when the agent answered), no new call', async () => {
    const kept = { url: 'wss://h/voice/v1/ws', token: 'tok', contactId: 'c1', at: 1_000 };
    const { c, calls, store } = controller({ kept });
    FakeCall.last = undefined;
    c.resume();
    await vi.waitFor(() => expect(FakeCall.last?.options.token).toBe('tok'));
    const call = FakeCall.last!;
    expect(call.options).toMatchObject({ url: kept.url, rejoin: true });
    expect(calls).toEqual([]);
    await vi.waitFor(() => expect(c.state.reconnecting).toBe(false));
    expect(c.state).toMatchObject({ status: 'connected', connectedAt: 1_000 });
    call.emit('state', 'ended');
    expect(c.state.status).toBe('ended');
    expect(store.kept).toBeUndefined();
  });

  it('after a reload, a call that ended meanwhile: Call ended, nothing kept; nothing kept: nothing happens', async () => {
    const { c, store } = controller({ kept: { url: 'wss://h/voice/v1/ws', token: 'old', contactId: 'c1' } });
    const start = FakeCall.prototype.start;
    FakeCall.prototype.start = () => Promise.reject(Object.assign(new Error('not valid'), { type: 'AccessDeniedException' }));
    try {
      c.resume();
      await vi.waitFor(() => expect(c.state.status).toBe('ended'));
    } finally {
      FakeCall.prototype.start = start;
    }
    expect(c.state.error).toBeUndefined();
    expect(store.kept).toBeUndefined();
    const idle = controller();
    idle.c.resume();
    expect(idle.c.state.status).toBe('idle');
  });
});
