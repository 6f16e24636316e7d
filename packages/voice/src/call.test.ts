/**
 * VoiceCall and the browser's network (reconnect on a network change): going offline says
 * `disconnected` at once; back online, `connected` again once the media path is. The ICE
 * servers the server's `config` frame gives reach the RTCPeerConnection. In Node,
 * with the browser's RTCPeerConnection, WebSocket and window in memory (the real thing is
 * packages/widget/test/widget-call.test.ts, where Chromium goes offline mid-call).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VoiceCall } from './call.js';

class FakePc {
  static last: FakePc | undefined;
  static created = 0;
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState = 'complete';
  localDescription = { type: 'offer', sdp: 'v=0 offer' };
  onconnectionstatechange: (() => void) | null = null;
  ontrack: unknown = null;
  constructor(readonly configuration?: RTCConfiguration) {
    FakePc.last = this;
    FakePc.created++;
  }
  addTransceiver() {
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
  close() {}
}

class FakeWs {
  static OPEN = 1;
  static last: FakeWs | undefined;
  /** What the server answers `{type:'config'}` with. */
  static config: unknown = { type: 'config', iceServers: [] };
  readonly sent: { type: string }[] = [];
  readyState = 1;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeWs.last = this;
    setTimeout(() => this.onopen?.(), 0);
  }
  send(raw: string) {
    const frame = JSON.parse(raw) as { type: string };
    this.sent.push(frame);
    if (frame.type === 'config') setTimeout(() => this.onmessage?.({ data: JSON.stringify(FakeWs.config) }), 0);
    if (frame.type === 'offer')
      setTimeout(() => this.onmessage?.({ data: JSON.stringify({ type: 'answer', sdp: 'v=0 answer' }) }), 0);
  }
  close() {
    this.readyState = 3;
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
