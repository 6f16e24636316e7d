/**
 * VoiceCall and the browser's network (reconnect on a network change): going offline says
 * `disconnected` at once; back online, `connected` again once the media path is. The ICE
 * servers the server's `config` frame gives reach the RTCPeerConnection. In Node,
 * with the browser's RTCPeerConnection, WebSocket and window in memory (the real thing is
 * packages/widget/test/widget-call.test.ts, where Chromium goes offline mid-call). A call
 * that loses its socket or its media path rejoins by itself.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VoiceCall } from './call.js';

class FakePc {
  static last: FakePc | undefined;
  static created = 0;
  /** What each addTransceiver was given (the microphone's track, then 'audio'). */
  readonly added: unknown[] = [];
  closed = false;
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState = 'complete';
  localDescription = { type: 'offer', sdp: 'v=0 offer' };
  onconnectionstatechange: (() => void) | null = null;
  ontrack: unknown = null;
  constructor(readonly configuration?: RTCConfiguration) {
    FakePc.last = this;
    FakePc.created++;
  }
  addTransceiver(what: unknown) {
    this.added.push(what);
    return { sender: {} };
  }
  getTransceivers() {
    return [];
  }
  async createOffer() {
    return this.localDescription;
  }
  async setLocalDescription() {}
  /** The answer applied: ICE and DTLS connect at once here. */
  async setRemoteDescription() {
    this.connectionState = 'connected';
    this.onconnectionstatechange?.();
  }
  close() {
    this.closed = true;
  }
}

class FakeWs {
  static OPEN = 1;
  static last: FakeWs | undefined;
  /** What the server answers `{type:'config'}` with. */
  static config: unknown = { type: 'config', iceServers: [] };
  /** Answers to `config` for the next sockets, before `config` again (a refusal, say). */
  static next: unknown[] = [];
  static all: FakeWs[] = [];
  readonly sent: { type: string }[] = [];
  readyState = 1;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeWs.last = this;
    FakeWs.all.push(this);
    setTimeout(() => this.onopen?.(), 0);
  }
  send(raw: string) {
    const frame = JSON.parse(raw) as { type: string };
    this.sent.push(frame);
    if (frame.type === 'config') {
      const answer = FakeWs.next.shift() ?? FakeWs.config;
      setTimeout(() => this.onmessage?.({ data: JSON.stringify(answer) }), 0);
    }
    if (frame.type === 'offer')
      setTimeout(() => this.onmessage?.({ data: JSON.stringify({ type: 'answer', sdp: 'v=0 answer' }) }), 0);
  }
  close() {
    this.readyState = 3;
  }
  /** The server's side closes it (or the network drops it). */
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  /** A frame from the server. */
  frame(f: unknown) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
}

describe('VoiceCall and the network', () => {
  let win: EventTarget;
  beforeEach(() => {
    win = new EventTarget();
    vi.stubGlobal('window', win);
    vi.stubGlobal('RTCPeerConnection', FakePc);
    vi.stubGlobal('WebSocket', FakeWs);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const started = async () => {
    const mic = { enabled: true, stop() {} } as unknown as MediaStreamTrack;
    const call = new VoiceCall({ url: 'wss://h/voice/v1/ws', token: 't', microphone: mic, play: false });
    const states: string[] = [];
    call.on('state', (s) => states.push(s));
    await call.start();
    return { call, states };
  };

  it('offline → disconnected at once; online with the media path up → connected', async () => {
    const { call, states } = await started();
    expect(call.state).toBe('connected');
    win.dispatchEvent(new Event('offline'));
    expect(call.state).toBe('disconnected');
    win.dispatchEvent(new Event('online'));
    expect(call.state).toBe('connected');
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'connected']);
  });

  it('online while the media path is still down: disconnected until the peer connection is connected again', async () => {
    const { call } = await started();
    win.dispatchEvent(new Event('offline'));
    const pc = FakePc.last!;
    pc.connectionState = 'disconnected';
    win.dispatchEvent(new Event('online'));
    expect(call.state).toBe('disconnected');
    pc.connectionState = 'connected';
    pc.onconnectionstatechange?.();
    expect(call.state).toBe('connected');
  });

  it('stops listening once the call is over', async () => {
    const { call, states } = await started();
    call.hangUp();
    win.dispatchEvent(new Event('offline'));
    win.dispatchEvent(new Event('online'));
    expect(states).toEqual(['connecting', 'connected', 'ended']);
  });
});

describe("VoiceCall and the server's ICE servers", () => {
  beforeEach(() => {
    vi.stubGlobal('window', new EventTarget());
    vi.stubGlobal('RTCPeerConnection', FakePc);
    vi.stubGlobal('WebSocket', FakeWs);
    FakePc.created = 0;
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    FakeWs.config = { type: 'config', iceServers: [] };
  });

  const mic = () => ({ enabled: true, stop() {} }) as unknown as MediaStreamTrack;
  const turn = { urls: ['turn:turn.example.com:3478'], username: '1700043200:leg-1', credential: 'c3VwZXI=' };

  it("asks for them first, then builds the peer connection with them after the page's own, then offers", async () => {
    FakeWs.config = { type: 'config', iceServers: [turn] };
    const stun = { urls: 'stun:stun.example.org' };
    const call = new VoiceCall({
      url: 'wss://h/voice/v1/ws',
      token: 't',
      microphone: mic(),
      play: false,
      rtcConfiguration: { iceServers: [stun], iceTransportPolicy: 'all' },
    });
    await call.start();
    expect(FakeWs.last?.url).toBe('wss://h/voice/v1/ws?token=t');
    expect(FakeWs.last?.sent.map((f) => f.type)).toEqual(['config', 'offer']);
    expect(FakePc.last?.configuration).toEqual({ iceServers: [stun, turn], iceTransportPolicy: 'all' });
  });

  it("none from the server: the page's configuration as it is", async () => {
    const call = new VoiceCall({ url: 'wss://h/voice/v1/ws', token: 't', microphone: mic(), play: false });
    await call.start();
    expect(FakePc.last?.configuration).toEqual({});
  });

  it('hung up while asking for them: no peer connection is made and the socket is closed', async () => {
    const call = new VoiceCall({ url: 'wss://h/voice/v1/ws', token: 't', microphone: mic(), play: false });
    const started = call.start();
    call.hangUp();
    await expect(started).rejects.toMatchObject({ type: 'InvalidStateException' });
    expect(call.state).toBe('ended');
    expect(FakePc.created).toBe(0);
    expect(FakeWs.last?.readyState).toBe(3);
  });

  it('a refused token (the answer to config is an error): start rejects with it, no peer connection is made', async () => {
    FakeWs.config = { type: 'error', error: { type: 'AccessDeniedException', message: 'The voice token is not valid' } };
    const call = new VoiceCall({ url: 'wss://h/voice/v1/ws', token: 'bad', microphone: mic(), play: false });
    await expect(call.start()).rejects.toMatchObject({ type: 'AccessDeniedException', message: 'The voice token is not valid' });
    expect(call.state).toBe('failed');
    expect(FakePc.created).toBe(0);
  });
});

describe('VoiceCall rejoins a call it lost', () => {
  beforeEach(() => {
    vi.stubGlobal('window', new EventTarget());
    vi.stubGlobal('RTCPeerConnection', FakePc);
    vi.stubGlobal('WebSocket', FakeWs);
    FakeWs.all = [];
    FakeWs.next = [];
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    FakeWs.next = [];
  });

  const conflict = {
    type: 'error',
    error: { type: 'ConflictException', message: 'This leg is already in a call: hang up first' },
  };
  const denied = { type: 'error', error: { type: 'AccessDeniedException', message: 'The voice token is not valid' } };

  const started = async (options: { reconnectWindowMs?: number } = {}) => {
    const mic = { enabled: true, stop() {} } as unknown as MediaStreamTrack;
    const call = new VoiceCall({ url: 'wss://h/voice/v1/ws', token: 't', microphone: mic, play: false, ...options });
    const states: string[] = [];
    const errors: string[] = [];
    call.on('state', (s) => states.push(s));
    call.on('error', (e) => errors.push(e.type));
    await call.start();
    return { call, mic, states, errors };
  };
  const settled = (call: VoiceCall, ...states: string[]) =>
    vi.waitFor(
      () => {
        if (!states.includes(call.state)) throw new Error(`still ${call.state}`);
      },
      { timeout: 5_000 },
    );

  it('the socket dropped without the server ending the leg: disconnected, then a new socket and peer connection with the same microphone, muted still', async () => {
    const { call, mic, states } = await started();
    call.mute();
    const firstPc = FakePc.last!;
    FakeWs.all[0]!.drop();
    expect(call.state).toBe('disconnected');
    expect(firstPc.closed).toBe(true);
    await settled(call, 'connected');
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'connected']);
    expect(FakeWs.all).toHaveLength(2);
    expect(FakeWs.all[1]!.url).toBe('wss://h/voice/v1/ws?token=t');
    expect(FakeWs.all[1]!.sent.map((f) => f.type)).toEqual(['config', 'offer']);
    expect(FakePc.last).not.toBe(firstPc);
    expect(FakePc.last!.added[0]).toBe(mic);
    expect(call.muted).toBe(true);
    expect(mic.enabled).toBe(false);
  });

  it('the media path failed: it rejoins the same way', async () => {
    const { call, states } = await started();
    const pc = FakePc.last!;
    pc.connectionState = 'failed';
    pc.onconnectionstatechange?.();
    await settled(call, 'connected');
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'connected']);
    expect(FakeWs.all).toHaveLength(2);
  });

  it('disconnected for 8 s (a dead path the socket has not noticed, a long time offline): it rejoins; back sooner, it does not', async () => {
    const { call, states } = await started();
    vi.useFakeTimers();
    try {
      const pc = FakePc.last!;
      const set = (s: RTCPeerConnectionState) => {
        pc.connectionState = s;
        pc.onconnectionstatechange?.();
      };
      set('disconnected');
      await vi.advanceTimersByTimeAsync(7_000);
      set('connected');
      await vi.advanceTimersByTimeAsync(5_000);
      expect(FakeWs.all).toHaveLength(1);
      set('disconnected');
      await vi.advanceTimersByTimeAsync(8_100);
      expect(FakeWs.all).toHaveLength(2);
      expect(pc.closed).toBe(true);
      expect(call.state).toBe('connected');
      expect(states).toEqual(['connecting', 'connected', 'disconnected', 'connected', 'disconnected', 'connected']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the server still holds the old leg (ConflictException): it tries again until it gets in', async () => {
    const { call, errors } = await started();
    FakeWs.next = [conflict, conflict];
    FakeWs.all[0]!.drop();
    await settled(call, 'connected');
    expect(FakeWs.all).toHaveLength(4);
    expect(errors).toEqual([]);
  });

  it('the call ended meanwhile (AccessDeniedException): ended, no more attempts', async () => {
    const { call, states } = await started();
    FakeWs.next = [denied];
    FakeWs.all[0]!.drop();
    await settled(call, 'ended', 'failed');
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'ended']);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(FakeWs.all).toHaveLength(2);
  });

  it('out of time: failed with a NetworkError', async () => {
    const { call, states, errors } = await started({ reconnectWindowMs: 1_500 });
    FakeWs.next = Array.from({ length: 10 }, () => conflict);
    FakeWs.all[0]!.drop();
    await settled(call, 'failed', 'ended');
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'failed']);
    expect(errors).toEqual(['NetworkError']);
  });

  it('hanging up while rejoining stops it, and says so to the server', async () => {
    const { call, states } = await started();
    FakeWs.next = Array.from({ length: 10 }, () => conflict);
    FakeWs.all[0]!.drop();
    await vi.waitFor(() => expect(FakeWs.all.length).toBeGreaterThan(1));
    // Between two attempts (the last one refused): a socket only to say the customer hung up.
    await new Promise((r) => setTimeout(r, 100));
    const before = FakeWs.all.length;
    call.hangUp();
    expect(FakeWs.all).toHaveLength(before + 1);
    await vi.waitFor(() => expect(FakeWs.last!.sent).toEqual([{ type: 'hangup' }]));
    const made = FakeWs.all.length;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(FakeWs.all).toHaveLength(made);
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'ended']);
  });

  it('rejoin: true (the page reloaded mid-call): start() tries again while the server holds the old leg; a call that ended is refused', async () => {
    const mic = { enabled: true, stop() {} } as unknown as MediaStreamTrack;
    FakeWs.next = [conflict];
    const call = new VoiceCall({ url: 'wss://h/voice/v1/ws', token: 't', microphone: mic, play: false, rejoin: true });
    await call.start();
    expect(call.state).toBe('connected');
    expect(FakeWs.all).toHaveLength(2);

    FakeWs.next = [denied];
    const gone = new VoiceCall({ url: 'wss://h/voice/v1/ws', token: 't', microphone: mic, play: false, rejoin: true });
    await expect(gone.start()).rejects.toMatchObject({ type: 'AccessDeniedException' });
    expect(gone.state).toBe('failed');
    expect(FakeWs.all).toHaveLength(3);
  });

  it("the server's `closed` (it ended the leg) ends the call; so does a lost socket with reconnectWindowMs 0", async () => {
    const a = await started();
    FakeWs.all[0]!.frame({ type: 'state', state: 'closed' });
    FakeWs.all[0]!.drop(1000);
    expect(a.call.state).toBe('ended');
    const b = await started({ reconnectWindowMs: 0 });
    FakeWs.last!.drop();
    expect(b.call.state).toBe('ended');
    await new Promise((r) => setTimeout(r, 50));
    expect(FakeWs.all).toHaveLength(2);
  });
});
