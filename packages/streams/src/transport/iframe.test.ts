/**
 * The iframe transport against a fake page: a window that delivers `message` events, frames
 * whose `contentWindow.postMessage` records what it gets (structured-cloned, as a browser
 * does), and vitest's fake timers. The CCP's answers are written as Switchboard's CCP sends
 * them (packages/ccp/src/streams/protocol.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TransportSink } from '../transport.js';
import { createIframeTransport, type IframeTransportOptions } from './iframe.js';
import { parseStreamsError } from './iframe-conduit.js';

interface Posted {
  readonly event: string;
  readonly data?: unknown;
}

class FakeFrameWindow {
  readonly posted: Posted[] = [];
  readonly origins: string[] = [];
  postMessage(message: unknown, targetOrigin: string): void {
    this.posted.push(structuredClone(message) as Posted);
    this.origins.push(targetOrigin);
  }
}

class FakeFrame {
  src = '';
  name = '';
  title = '';
  allow = '';
  readonly style = { cssText: '' };
  removed = false;
  readonly contentWindow = new FakeFrameWindow();
  remove(): void {
    this.removed = true;
  }
}

class FakePage {
  readonly frames: FakeFrame[] = [];
  readonly appended: FakeFrame[] = [];
  readonly opened: { url: string; name: string; features: string; closed: boolean; close(): void; focus(): void }[] = [];
  private readonly listeners = new Set<(e: MessageEvent) => void>();
  readonly window = {
    addEventListener: (_type: string, l: (e: MessageEvent) => void) => this.listeners.add(l),
    removeEventListener: (_type: string, l: (e: MessageEvent) => void) => this.listeners.delete(l),
    open: (url: string, name: string, features: string) => {
      const w = {
        url,
        name,
        features,
        closed: false,
        close() {
          w.closed = true;
        },
        focus() {},
      };
      this.opened.push(w);
      return w;
    },
  };
  readonly container = { appendChild: (f: FakeFrame) => this.appended.push(f) };
  createFrame = (): FakeFrame => {
    const f = new FakeFrame();
    this.frames.push(f);
    return f;
  };
  get frame(): FakeFrame {
    return this.frames[this.frames.length - 1]!;
  }
  /** What the frame (or `source`) posts to the page. */
  fromCcp(event: string, data?: unknown, source: unknown = this.frame.contentWindow): void {
    this.raw({ event, data }, source);
  }
  /** Any message, as posted. */
  raw(message: unknown, source: unknown = this.frame.contentWindow): void {
    const e = { source, data: structuredClone(message), origin: 'http://127.0.0.1:1' } as unknown as MessageEvent;
    for (const l of [...this.listeners]) l(e);
  }
  listening(): number {
    return this.listeners.size;
  }
}

interface Recorded {
  readonly kind: 'event' | 'agentData' | 'topic';
  readonly name: string;
  readonly data: unknown;
}

const CCP = 'http://127.0.0.1:8787/ccp/#token=abc';

function setup(options: Partial<IframeTransportOptions> = {}) {
  const page = new FakePage();
  const log: string[] = [];
  const transport = createIframeTransport(
    page.container as unknown as HTMLElement,
    { ccpUrl: CCP, loginPopup: false, ...options },
    {
      window: page.window as unknown as Window,
      createFrame: page.createFrame as unknown as () => HTMLIFrameElement,
      log: (m) => log.push(m),
    },
  );
  const seen: Recorded[] = [];
  const sink: TransportSink = {
    agentData: (data) => seen.push({ kind: 'agentData', name: 'agent::update', data }),
    event: (name, data) => seen.push({ kind: 'event', name, data }),
    topic: (name, data) => seen.push({ kind: 'topic', name, data }),
  };
  transport.start(sink);
  const posted = () => page.frame.contentWindow.posted;
  const events = () => posted().map((m) => m.event);
  const names = () => seen.map((s) => s.name);
  /** The api_request posted for `method` (the last one). */
  const requestOf = (method: string) => {
    const r = posted()
      .filter((m) => m.event === 'api_request')
      .map((m) => m.data as { event: string; requestId: string; method: string; params: unknown })
      .filter((d) => d.method === method)
      .pop();
    if (!r) throw new Error(`no api_request for ${method}; posted ${events().join(', ')}`);
    return r;
  };
  const answer = (requestId: string, data: unknown, err: string | null = null) =>
    page.fromCcp('api_response', { event: 'api_response', requestId, data, err });
  return { page, transport, seen, posted, events, names, requestOf, answer, log };
}

const AGENT_DATA = {
  snapshot: {
    state: { type: 'not_routable', name: 'Offline', startTimestamp: new Date('2026-12-07T10:00:00Z') },
    agentAvailabilityState: { state: 'Offline', timeStamp: new Date('2026-12-07T10:00:00Z') },
    nextState: null,
    contacts: [],
    snapshotTimestamp: new Date('2026-12-07T10:00:01Z'),
    localTimestamp: 1_796_637_601_500,
    skew: -500,
  },
  configuration: { username: 'bob', name: 'Bob Brown' },
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the frame', () => {
  it('is built as Streams builds it, at ccpUrl, and the endpoint is its origin', () => {
    const { page, transport } = setup();
    expect(transport.kind).toBe('iframe');
    expect(transport.endpoint).toBe('http://127.0.0.1:8787');
    expect(page.appended).toHaveLength(1);
    expect(page.frame).toMatchObject({
      src: CCP,
      name: 'Amazon Connect CCP',
      title: 'Amazon Connect CCP',
      allow: 'microphone; camera; autoplay; clipboard-write; identity-credentials-get',
      style: { cssText: 'width: 100%; height: 100%;' },
    });
    expect(transport.frame).toBe(page.frame);
    expect(setup({ iframeTitle: 'Contact panel' }).page.frame.title).toBe('Contact panel');
  });

  it('refuses options it cannot work with, in words', () => {
    const page = new FakePage();
    const env = { window: page.window as unknown as Window, createFrame: page.createFrame as unknown as () => HTMLIFrameElement };
    const make = (o: unknown) => () =>
      createIframeTransport(page.container as unknown as HTMLElement, o as IframeTransportOptions, env);
    expect(make({})).toThrow(/ccpUrl is required/);
    expect(make({ ccpUrl: '/ccp/' })).toThrow(/ccpUrl must be an absolute URL/);
    expect(make({ ccpUrl: CCP, ccpLoadTimeout: -1 })).toThrow(/ccpLoadTimeout must be a positive number/);
    expect(() => createIframeTransport(undefined as unknown as HTMLElement, { ccpUrl: CCP }, env)).toThrow(/container/);
  });

  it('outside a browser page says so', () => {
    expect(() => createIframeTransport({ appendChild() {} } as unknown as HTMLElement, { ccpUrl: CCP })).toThrow(
      /runs in a browser page/,
    );
  });
});

describe('the envelope and the source check', () => {
  it("posts {event, data} with targetOrigin '*', and takes only its frame's messages", () => {
    const { page, seen, events } = setup();
    page.fromCcp('acknowledge', { id: 'other' }, {}); // another window
    page.fromCcp('acknowledge', { id: 'parent' }, null);
    page.window.addEventListener('message', () => undefined); // (a listener of the page itself)
    expect(seen).toEqual([]);
    expect(events()).toEqual([]);

    page.fromCcp('acknowledge', { id: 's1' });
    expect(page.frame.contentWindow.origins.every((o) => o === '*')).toBe(true);
    expect(page.frame.contentWindow.posted[0]).toEqual({ event: 'outer_context_info', data: { streamsVersion: '2.28.2' } });
    expect(seen).toEqual([{ kind: 'event', name: 'acknowledge', data: { id: 's1' } }]);
  });

  it('ignores what is not a conduit message (the SDK port init, junk)', () => {
    const { page, seen } = setup();
    page.raw({ type: 'cross-domain-adapter-init' });
    for (const junk of [null, 'acknowledge', 42, { event: 7 }, { event: '' }]) page.raw(junk);
    expect(seen).toEqual([]);
  });
});

describe('the first acknowledge', () => {
  it('initialises: configure (when asked), outer_context_info, synchronize, the aws/task subscription; then hands on acknowledge', () => {
    const { page, events, posted, names } = setup({
      softphone: { allowFramedSoftphone: true },
      pageOptions: { showInactivityModal: false },
    });
    expect(events()).toEqual([]);
    page.fromCcp('acknowledge', { id: 's1' });
    expect(events()).toEqual(['configure', 'outer_context_info', 'synchronize', 'webSocket::subscribe']);
    expect(posted()[0]!.data).toEqual({
      softphone: { allowFramedSoftphone: true },
      chat: undefined,
      task: undefined,
      pageOptions: { showInactivityModal: false },
      showInactivityModal: false,
    });
    expect(posted()[3]!.data).toEqual(['aws/task']);
    expect(names()).toEqual(['acknowledge']);
    // request_configure (a CCP that reloaded on its own) is answered with configure.
    page.fromCcp('request_configure');
    expect(events().filter((e) => e === 'configure')).toHaveLength(2);
  });

  it('sends no configure without softphone, chat, task or pageOptions', () => {
    const { page, events } = setup({ topics: [] });
    page.fromCcp('acknowledge', { id: 's1' });
    expect(events()).toEqual(['outer_context_info', 'synchronize']);
  });

  it('is the only one that initialises: later ones are keepalive answers, still handed on', () => {
    const { page, events, names } = setup({ topics: [] });
    page.fromCcp('acknowledge', { id: 's1' });
    page.fromCcp('acknowledge', { id: 's1' });
    expect(events()).toEqual(['outer_context_info', 'synchronize']);
    expect(names()).toEqual(['acknowledge', 'acknowledge']);
  });
});

describe('the keepalive', () => {
  it('sends synchronize ccpSynTimeout after each answer, and after ccpAckTimeout without one (silently by default)', () => {
    const { page, events, names } = setup({ topics: [], ccpSynTimeout: 1000, ccpAckTimeout: 3000 });
    page.fromCcp('acknowledge', { id: 's1' });
    const syncs = () => events().filter((e) => e === 'synchronize').length;
    expect(syncs()).toBe(1);
    vi.advanceTimersByTime(500);
    page.fromCcp('acknowledge', { id: 's1' }); // the answer
    vi.advanceTimersByTime(999);
    expect(syncs()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(syncs()).toBe(2);
    // No answer: 3 s of waiting, then 1 s, then the next synchronize; no ack_timeout.
    vi.advanceTimersByTime(3999);
    expect(syncs()).toBe(2);
    vi.advanceTimersByTime(1);
    expect(syncs()).toBe(3);
    expect(names()).not.toContain('ack_timeout');
  });

  it('reports an unanswered synchronize with loginOptions.enableAckTimeout', () => {
    const { page, names } = setup({ topics: [], loginOptions: { enableAckTimeout: true } });
    page.fromCcp('acknowledge', { id: 's1' });
    vi.advanceTimersByTime(3000);
    expect(names()).toEqual(['acknowledge', 'ack_timeout']);
  });

  it('subscribes its topics again when a new CCP document acknowledges (the frame reloaded by itself)', () => {
    const { page, posted } = setup();
    page.fromCcp('acknowledge', { id: 's1' });
    page.fromCcp('acknowledge', { id: 's2' });
    expect(posted().filter((m) => m.event === 'webSocket::subscribe')).toEqual([
      { event: 'webSocket::subscribe', data: ['aws/task'] },
      { event: 'webSocket::subscribe', data: ['aws/task'] },
    ]);
  });
});

describe('requests', () => {
  it('sends api_request {event, requestId, method, params} and matches two answers given out of order', async () => {
    const { page, transport, requestOf, answer } = setup();
    page.fromCcp('acknowledge', { id: 's1' });
    const state = { agentStateARN: 'arn:…/agent-state/available', type: 'routable', name: 'Available' };
    const put = transport.request('putAgentState', { state, enqueueNextState: false });
    const accept = transport.request('acceptContact', { contactId: 'c-1' });
    const p = requestOf('putAgentState');
    const a = requestOf('acceptContact');
    expect(p).toEqual({
      event: 'api_request',
      requestId: expect.any(String),
      method: 'putAgentState',
      params: { state, enqueueNextState: false },
    });
    expect(p.requestId).not.toBe(a.requestId);
    answer(a.requestId, { accepted: 'c-1' });
    answer(p.requestId, {});
    answer(p.requestId, { twice: true }); // a second answer to the same id changes nothing
    answer('someone-else', {});
    await expect(accept).resolves.toEqual({ accepted: 'c-1' });
    await expect(put).resolves.toEqual({});
  });

  it('rejects with the CCP error as a StreamsError {type, message, statusCode}', async () => {
    const { page, transport, requestOf, answer } = setup();
    page.fromCcp('acknowledge', { id: 's1' });
    const out = transport.request('createOutboundContact', { endpoint: {} });
    answer(
      requestOf('createOutboundContact').requestId,
      null,
      JSON.stringify({
        type: 'UnsupportedOperation',
        message: 'createOutboundContact is not available in Switchboard yet',
        statusCode: 400,
      }),
    );
    await expect(out).rejects.toEqual({
      type: 'UnsupportedOperation',
      message: 'createOutboundContact is not available in Switchboard yet',
      statusCode: 400,
    });
  });

  it('reads the errors it may get in other shapes', () => {
    expect(parseStreamsError('{"type":"AccessDeniedException","message":"no","statusCode":403,"stack":"…"}', 'm')).toEqual({
      type: 'AccessDeniedException',
      message: 'no',
      statusCode: 403,
    });
    expect(parseStreamsError({ type: 'InvalidStateException', message: 'busy' }, 'm')).toEqual({
      type: 'InvalidStateException',
      message: 'busy',
      statusCode: 400,
    });
    expect(parseStreamsError('{}', 'putAgentState')).toMatchObject({
      type: 'InternalServiceException',
      message: expect.stringContaining('putAgentState failed in the CCP'),
      statusCode: 500,
    });
    expect(parseStreamsError('boom', 'putAgentState')).toEqual({
      type: 'InternalServiceException',
      message: 'putAgentState failed in the CCP: boom',
      statusCode: 500,
    });
  });

  it('waits for the first acknowledge, then goes out in order', async () => {
    const { page, transport, events, requestOf, answer } = setup({ topics: [] });
    const first = transport.request('getAgentStates', {});
    const second = transport.request('getEndpoints', { queueARNs: [] });
    expect(events()).toEqual([]);
    page.fromCcp('acknowledge', { id: 's1' });
    expect(events()).toEqual(['outer_context_info', 'synchronize', 'api_request', 'api_request']);
    expect(page.frame.contentWindow.posted.slice(2).map((m) => (m.data as { method: string }).method)).toEqual([
      'getAgentStates',
      'getEndpoints',
    ]);
    answer(requestOf('getEndpoints').requestId, { endpoints: [] });
    answer(requestOf('getAgentStates').requestId, { states: [] });
    await expect(first).resolves.toEqual({ states: [] });
    await expect(second).resolves.toEqual({ endpoints: [] });
  });

  it('refuses params a browser cannot post (a function), in words', async () => {
    const { page, transport } = setup();
    page.fromCcp('acknowledge', { id: 's1' });
    await expect(transport.request('putAgentState', { state: () => undefined })).rejects.toMatchObject({
      type: 'InvalidParameterException',
      message: expect.stringContaining('putAgentState could not be sent to the CCP frame'),
    });
  });

  it('broadcast() goes up as {event, data} and the echo comes back as a bus event; acceptContact adds nothing itself', async () => {
    const { page, transport, posted, requestOf, answer, names } = setup();
    page.fromCcp('acknowledge', { id: 's1' });
    const accepted = transport.request('acceptContact', { contactId: 'c-9' });
    answer(requestOf('acceptContact').requestId, {});
    await accepted;
    expect(posted().filter((m) => m.event === 'broadcast')).toEqual([]);
    // What contact.accept() does next (the SDK's model): the CCP echoes it.
    transport.broadcast('contact::accepted', { contactId: 'c-9' });
    transport.broadcast('contact::accepted::c-9', { contactId: 'c-9' });
    expect(posted().filter((m) => m.event === 'broadcast')).toEqual([
      { event: 'broadcast', data: { event: 'contact::accepted', data: { contactId: 'c-9' } } },
      { event: 'broadcast', data: { event: 'contact::accepted::c-9', data: { contactId: 'c-9' } } },
    ]);
    page.fromCcp('contact::accepted', { contactId: 'c-9' });
    page.fromCcp('contact::accepted::c-9', { contactId: 'c-9' });
    expect(names().slice(-2)).toEqual(['contact::accepted', 'contact::accepted::c-9']);
  });
});

describe('what the CCP posts', () => {
  it('agent::update goes to agentData with its Dates, localTimestamp and skew; a malformed one is dropped', () => {
    const { page, seen, log } = setup();
    page.fromCcp('agent::update', AGENT_DATA);
    expect(seen).toHaveLength(1);
    const got = seen[0]!;
    expect(got.kind).toBe('agentData');
    const snapshot = (got.data as typeof AGENT_DATA).snapshot;
    expect(snapshot.snapshotTimestamp).toBeInstanceOf(Date);
    expect(snapshot.state.startTimestamp.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(snapshot).toMatchObject({ localTimestamp: 1_796_637_601_500, skew: -500 });
    page.fromCcp('agent::update', { snapshot: null });
    expect(seen).toHaveLength(1);
    expect(log.join('\n')).toMatch(/agent::update without/);
  });

  it('aws/task items (subscribed) go to topic(), their content parsed; other topics stay events', () => {
    const { page, seen } = setup();
    page.fromCcp('acknowledge', { id: 's1' });
    const item = { ContentType: 'application/vnd.amazonaws.connect.event.transfer.succeeded', ContactId: 't-1' };
    page.fromCcp('webSocket::all_message', { topic: 'aws/task', content: JSON.stringify(item) });
    page.fromCcp('webSocket::all_message', { topic: 'aws/chat', content: '{"Id":"m1"}' });
    expect(seen.slice(1)).toEqual([
      { kind: 'topic', name: 'aws/task', data: item },
      { kind: 'event', name: 'webSocket::all_message', data: { topic: 'aws/chat', content: '{"Id":"m1"}' } },
    ]);
  });

  it('subscribeTopics adds topics (sent at once when initialised)', () => {
    const { page, transport, posted, seen } = setup({ topics: [] });
    transport.subscribeTopics(['aws/chat']);
    page.fromCcp('acknowledge', { id: 's1' });
    transport.subscribeTopics(['aws/task']);
    expect(
      posted()
        .filter((m) => m.event === 'webSocket::subscribe')
        .map((m) => m.data),
    ).toEqual([['aws/chat'], ['aws/task']]);
    page.fromCcp('webSocket::all_message', { topic: 'aws/chat', content: '{"Id":"m1"}' });
    expect(seen.at(-1)).toEqual({ kind: 'topic', name: 'aws/chat', data: { Id: 'm1' } });
  });

  it('anything else is a bus event under its own name', () => {
    const { page, names, seen } = setup();
    page.fromCcp('agent::mute_toggle', { muted: true });
    page.fromCcp('configuration::configure', { softphone: {} });
    page.fromCcp('webSocket::connection_lost');
    expect(names()).toEqual(['agent::mute_toggle', 'configuration::configure', 'webSocket::connection_lost']);
    expect(seen[0]!.data).toEqual({ muted: true });
  });

  it('an SDK that throws in a callback does not stop the transport', () => {
    const page = new FakePage();
    const log: string[] = [];
    const t = createIframeTransport(
      page.container as unknown as HTMLElement,
      { ccpUrl: CCP, loginPopup: false },
      {
        window: page.window as unknown as Window,
        createFrame: page.createFrame as unknown as () => HTMLIFrameElement,
        log: (m) => log.push(m),
      },
    );
    t.start({
      agentData: () => undefined,
      topic: () => undefined,
      event: () => {
        throw new Error('bug');
      },
    });
    page.fromCcp('acknowledge', { id: 's1' });
    expect(page.frame.contentWindow.posted.map((m) => m.event)).toContain('synchronize');
    expect(log.join('\n')).toMatch(/the SDK threw handling acknowledge/);
  });
});

describe('setMuted', () => {
  it("sends agent.mute()'s broadcast of mute {mute}", () => {
    const { page, transport, posted } = setup({ topics: [] });
    page.fromCcp('acknowledge', { id: 's1' });
    transport.setMuted(true);
    transport.setMuted(false);
    expect(posted().filter((m) => m.event === 'broadcast')).toEqual([
      { event: 'broadcast', data: { event: 'mute', data: { mute: true } } },
      { event: 'broadcast', data: { event: 'mute', data: { mute: false } } },
    ]);
    expect(transport.remoteTracks).toBeUndefined();
  });
});

describe('no acknowledge', () => {
  it('ack_timeout after ccpLoadTimeout, then a new frame every ccpLoadTimeout, 10 times, then iframe_retries_exhausted', async () => {
    const { page, transport, names } = setup({ ccpLoadTimeout: 5000 });
    const early = transport.request('getAgentStates', {});
    vi.advanceTimersByTime(4999);
    expect(names()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(names()).toEqual(['ack_timeout']);
    expect(page.frames).toHaveLength(1);
    for (let i = 1; i <= 10; i++) {
      vi.advanceTimersByTime(5000);
      expect(page.frames).toHaveLength(1 + i);
      expect(page.frames[i - 1]!.removed).toBe(true);
      expect(page.frame.src).toBe(CCP);
    }
    expect(names()).toEqual(['ack_timeout']);
    vi.advanceTimersByTime(5000);
    expect(page.frames).toHaveLength(11);
    expect(names()).toEqual(['ack_timeout', 'iframe_retries_exhausted']);
    await expect(early).rejects.toMatchObject({ type: 'StateError', message: expect.stringContaining('never acknowledged') });
    await expect(transport.request('getAgentStates', {})).rejects.toMatchObject({ type: 'StateError' });
    vi.advanceTimersByTime(60_000);
    expect(page.frames).toHaveLength(11);
  });

  it('a reloaded frame that acknowledges stops the reloads; the old frame is no longer heard', () => {
    const { page, names } = setup({ topics: [] });
    const first = page.frame;
    vi.advanceTimersByTime(5000 + 5000);
    expect(page.frames).toHaveLength(2);
    page.fromCcp('acknowledge', { id: 'old' }, first.contentWindow);
    expect(names()).toEqual(['ack_timeout']);
    page.fromCcp('acknowledge', { id: 'new' });
    expect(names()).toEqual(['ack_timeout', 'acknowledge']);
    expect(page.frame.contentWindow.posted.map((m) => m.event)).toEqual(['outer_context_info', 'synchronize']);
    vi.advanceTimersByTime(60_000);
    expect(page.frames).toHaveLength(2);
  });

  it('with loginPopup, opens the login popup at loginUrl || ccpUrl, and closes it on acknowledge with loginPopupAutoClose', () => {
    const { page } = setup({ loginPopup: true, loginPopupAutoClose: true, loginOptions: { width: 400 } });
    vi.advanceTimersByTime(5000);
    expect(page.opened).toHaveLength(1);
    expect(page.opened[0]).toMatchObject({
      url: CCP,
      name: 'connect::loginPopup',
      features: 'width=400, height=578, top=0, left=0',
    });
    page.fromCcp('acknowledge', { id: 's1' });
    expect(page.opened[0]!.closed).toBe(true);

    const other = setup({ loginPopup: true, loginUrl: 'https://idp.example/login' });
    vi.advanceTimersByTime(5000);
    expect(other.page.opened.map((w) => [w.url, w.features])).toEqual([['https://idp.example/login', '']]);
  });

  it('without loginPopup, opens nothing', () => {
    const { page } = setup({ loginPopup: false });
    vi.advanceTimersByTime(20_000);
    expect(page.opened).toEqual([]);
  });
});

describe('terminate', () => {
  it('sends terminate, refuses what waits, stops the keepalive and listening, and leaves the frame', async () => {
    const { page, transport, events, seen } = setup({ topics: [] });
    page.fromCcp('acknowledge', { id: 's1' });
    const inFlight = transport.request('putAgentState', { state: {} });
    transport.terminate();
    expect(events().at(-1)).toBe('terminate');
    await expect(inFlight).rejects.toMatchObject({
      type: 'StateError',
      message: 'putAgentState got no answer: the iframe transport was terminated (connect.core.terminate())',
    });
    await expect(transport.request('getAgentStates', {})).rejects.toEqual({
      type: 'StateError',
      message: 'getAgentStates was not sent: the iframe transport was terminated (connect.core.terminate())',
      statusCode: 400,
    });
    const sent = events().length;
    vi.advanceTimersByTime(30_000);
    transport.setMuted(true);
    transport.terminate();
    expect(events()).toHaveLength(sent);
    expect(page.listening()).toBe(0);
    page.fromCcp('terminated');
    expect(seen.map((s) => s.name)).toEqual(['acknowledge']);
    expect(page.frame.removed).toBe(false);
    expect(page.frames).toHaveLength(1);
  });

  it('before the first acknowledge refuses the waiting requests and stops the load timer', async () => {
    const { page, transport, names } = setup();
    const waiting = transport.request('getAgentStates', {});
    transport.terminate();
    await expect(waiting).rejects.toMatchObject({ type: 'StateError', message: expect.stringContaining('was not sent') });
    vi.advanceTimersByTime(60_000);
    expect(names()).toEqual([]);
    expect(page.frames).toHaveLength(1);
  });

  it('terminated from the CCP (signed out in the frame) is handed on; the login popup follows after ccpAckTimeout', () => {
    const { page, names } = setup({ loginPopup: true, topics: [] });
    page.fromCcp('acknowledge', { id: 's1' });
    page.fromCcp('terminated');
    expect(names()).toEqual(['acknowledge', 'terminated']);
    vi.advanceTimersByTime(2999);
    expect(page.opened).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(page.opened).toHaveLength(1);
    // The frame keeps acknowledging the keepalive: no reload.
    page.fromCcp('acknowledge', { id: 's1' });
    vi.advanceTimersByTime(30_000);
    expect(page.frames).toHaveLength(1);
  });
});
