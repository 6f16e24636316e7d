/**
 * ChatConnection on a fake clock, a fake participant client and a fake socket: the
 * connection token is renewed before it expires, and every reconnect gets a new URL and
 * token (the real server is in test/*.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BACKOFF } from './backoff.js';
import type { ConnectionOutput, ParticipantClient, TranscriptOutput } from './client.js';
import { SessionTypes } from './constants.js';
import { ChatConnection } from './connection.js';
import { makeLogger } from './logger.js';
import type { WebSocketLike } from './socket.js';

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly sent: string[] = [];
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(data: string): void {
    this.sent.push(data);
    const frame = JSON.parse(data) as { topic: string };
    const reply =
      frame.topic === 'aws/subscribe'
        ? { topic: 'aws/subscribe', content: { status: 'success', topics: ['aws/chat'] } }
        : frame.topic === 'aws/ping'
          ? { topic: 'aws/ping', statusCode: 200 }
          : { topic: frame.topic };
    queueMicrotask(() => this.onmessage?.({ data: JSON.stringify(reply) }));
  }
  close(): void {
    this.readyState = 3;
  }
  /** The server's end goes away (default: without a close frame). */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function fakeClient() {
  let n = 0;
  const calls: { token: string; input: { Type?: readonly string[]; ConnectParticipant?: boolean } }[] = [];
  const client = {
    async createParticipantConnection(token: string, input: { Type?: readonly string[]; ConnectParticipant?: boolean }) {
      calls.push({ token, input });
      n++;
      const out: ConnectionOutput = {
        $metadata: { httpStatusCode: 200 },
        ...(input.Type?.includes('WEBSOCKET') ? { Websocket: { Url: `ws://fake/${n}`, ConnectionExpiry: '' } } : {}),
        ...(input.Type?.includes('CONNECTION_CREDENTIALS')
          ? { ConnectionCredentials: { ConnectionToken: `conn-${n}`, Expiry: new Date(Date.now() + 10 * 60_000).toISOString() } }
          : {}),
      };
      return out;
    },
    async getTranscript(): Promise<TranscriptOutput> {
      return { $metadata: { httpStatusCode: 200 }, Transcript: [] };
    },
  };
  return { client: client as unknown as ParticipantClient, calls };
}

describe('ChatConnection', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    FakeSocket.all = [];
  });
  afterEach(() => vi.useRealTimers());

  const make = (client: ParticipantClient) => {
    const events: string[] = [];
    const c = new ChatConnection({
      client,
      logger: makeLogger(undefined),
      sessionType: SessionTypes.CUSTOMER,
      participantToken: 'pt',
      contactId: 'c1',
      initialContactId: 'c1',
      WebSocket: FakeSocket,
      network: { isOnline: () => true, watch: () => () => undefined },
      backoff: DEFAULT_BACKOFF,
      timings: { heartbeatMs: 10_000, subscribeTimeoutMs: 2_000, tokenRefreshLeadMs: 60_000, connectTimeoutMs: 20_000 },
      random: () => 0,
      deliver: () => undefined,
      established: (r) => events.push(r ? 'reconnected' : 'connected'),
      lost: () => events.push('lost'),
      broken: () => events.push('broken'),
      endedUnseen: () => events.push('ended'),
      deepHeartbeat: () => undefined,
    });
    return { c, events };
  };

  it('ends without coming back when the server closes the socket for good (it left the chat, or the chat ended)', async () => {
    for (const reason of ['No longer a participant', 'Chat ended']) {
      FakeSocket.all = [];
      const { client, calls } = fakeClient();
      const { c, events } = make(client);
      const started = c.start();
      await vi.advanceTimersByTimeAsync(10);
      await started;
      FakeSocket.all[0]?.drop(1000, reason);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(events).toEqual(['connected', 'ended']);
      expect(c.state).toBe('ended');
      expect(calls).toHaveLength(1);
      expect(FakeSocket.all).toHaveLength(1);
    }
  });

  it('comes back after any other close, a normal one included', async () => {
    const { client, calls } = fakeClient();
    const { c, events } = make(client);
    const started = c.start();
    await vi.advanceTimersByTimeAsync(10);
    await started;
    FakeSocket.all[0]?.drop(1000, 'Too many sockets for this participant');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual(['connected', 'lost', 'reconnected']);
    expect(calls).toHaveLength(2);
    c.stop();
  });

  it('renews the connection token a minute before it expires, without touching the socket', async () => {
    const { client, calls } = fakeClient();
    const { c } = make(client);
    const started = c.start();
    await vi.advanceTimersByTimeAsync(10);
    await started;
    expect(c.connectionToken).toBe('conn-1');
    expect(calls[0]?.input.Type).toEqual(['WEBSOCKET', 'CONNECTION_CREDENTIALS']);
    await vi.advanceTimersByTimeAsync(8 * 60_000);
    expect(c.connectionToken).toBe('conn-1');
    await vi.advanceTimersByTimeAsync(60_000 + 100);
    expect(calls[1]?.input.Type).toEqual(['CONNECTION_CREDENTIALS']);
    expect(c.connectionToken).toBe('conn-2');
    expect(FakeSocket.all).toHaveLength(1);
    c.stop();
  });

  it('a reconnect gets a new URL and a new connection token', async () => {
    const { client, calls } = fakeClient();
    const { c, events } = make(client);
    const started = c.start();
    await vi.advanceTimersByTimeAsync(10);
    await started;
    FakeSocket.all[0]!.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(events).toEqual(['connected', 'lost', 'reconnected']);
    expect(FakeSocket.all.map((s) => s.url)).toEqual(['ws://fake/1', 'ws://fake/2']);
    expect(c.connectionToken).toBe('conn-2');
    expect(calls).toHaveLength(2);
    c.stop();
  });

  it('a socket whose heartbeat goes unanswered is replaced', async () => {
    const { client } = fakeClient();
    const { c, events } = make(client);
    const started = c.start();
    await vi.advanceTimersByTimeAsync(10);
    await started;
    // The server stops answering: the next heartbeat finds the previous one unanswered.
    FakeSocket.all[0]!.send = function (this: FakeSocket, d: string) {
      this.sent.push(d);
    };
    await vi.advanceTimersByTimeAsync(20_500);
    expect(events.slice(0, 2)).toEqual(['connected', 'lost']);
    expect(events).toContain('reconnected');
    expect(FakeSocket.all.length).toBeGreaterThanOrEqual(2);
    c.stop();
  });
});

describe('ChatConnection failures', () => {
  it('a socket that never subscribes: connect() rejects with NetworkingError in words, and stops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    try {
      FakeSocket.all = [];
      const { client } = fakeClient();
      // Sockets that never open.
      class Dead extends FakeSocket {
        constructor(url: string) {
          super(url);
          this.onopen = null;
        }
        override send(): void {}
      }
      const c = new ChatConnection({
        client,
        logger: makeLogger(undefined),
        sessionType: SessionTypes.CUSTOMER,
        participantToken: 'pt',
        contactId: 'c1',
        initialContactId: 'c1',
        WebSocket: class extends Dead {
          constructor(url: string) {
            super(url);
            queueMicrotask(() => {
              this.onopen = null;
            });
          }
        },
        network: { isOnline: () => true, watch: () => () => undefined },
        backoff: DEFAULT_BACKOFF,
        timings: { heartbeatMs: 10_000, subscribeTimeoutMs: 2_000, tokenRefreshLeadMs: 60_000, connectTimeoutMs: 5_000 },
        random: () => 0,
        deliver: () => undefined,
        established: () => undefined,
        lost: () => undefined,
        broken: () => undefined,
        endedUnseen: () => undefined,
        deepHeartbeat: () => undefined,
      });
      const started = c.start().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(6_000);
      const e = (await started) as { error?: { type: string; retryable: boolean }; message: string };
      expect(e.error).toMatchObject({ type: 'NetworkingError', retryable: true });
      expect(e.message).toMatch(/could not be reached within 5 s/);
      expect(c.state).toBe('broken');
    } finally {
      vi.useRealTimers();
    }
  });
});
