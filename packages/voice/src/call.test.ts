/**
 * VoiceCall and the browser's network (reconnect on a network change): going offline says
 * `disconnected` at once; back online, `connected` again once the media path is. In Node,
 * with the browser's RTCPeerConnection, WebSocket and window in memory (the real thing is
 * packages/widget/test/widget-call.test.ts, where Chromium goes offline mid-call).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VoiceCall } from './call.js';

class FakePc {
  static last: FakePc | undefined;
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState = 'complete';
  localDescription = { type: 'offer', sdp: 'v=0 offer' };
  onconnectionstatechange: (() => void) | null = null;
  ontrack: unknown = null;
  constructor() {
    FakePc.last = this;
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
  readyState = 1;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor() {
    setTimeout(() => this.onopen?.(), 0);
  }
  send(raw: string) {
    if ((JSON.parse(raw) as { type: string }).type === 'offer')
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
