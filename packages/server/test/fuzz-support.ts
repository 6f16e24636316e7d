/**
 * What the fuzz suites assert of every answer: AWS-style errors, no 5xx, no stack traces;
 * and a raw websocket upgrade request to test refusals byte for byte.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import type WebSocket from 'ws';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export async function request(
  url: string,
  pathname: string,
  init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${url}${pathname}`, {
    method: init.method ?? 'POST',
    headers: init.headers ?? {},
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) } : {}),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/**
 * POSTs 2 MiB as a chunked stream (no content-length, so the limit must hold while reading)
 * and checks the answer is an AWS-style 413.
 */
export async function expectStreamedBodyRefused(url: string, headers: Record<string, string>, what: string): Promise<void> {
  const chunk = new Uint8Array(256 * 1024).fill(0x61);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 8) controller.close();
      else {
        sent++;
        controller.enqueue(chunk);
      }
    },
  });
  const res = await fetch(url, { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
  const streamed = { status: res.status, headers: res.headers, text: await res.text() };
  expectAwsAnswer(streamed, what);
  if (streamed.status !== 413) throw new Error(`${what}: expected 413, got ${streamed.status}`);
}

export const noStackTrace = (text: string, what: string) => {
  expect(text, `${what}: stack trace in ${text.slice(0, 300)}`).not.toContain('    at ');
  expect(text, `${what}: stack trace in ${text.slice(0, 300)}`).not.toContain('.ts:');
};

/** 2xx, or a 4xx with x-amzn-errortype and a JSON `message`; never a 5xx or a stack trace. */
export function expectAwsAnswer(a: Answer, what: string): { errorType: string | null; body: Record<string, unknown> } {
  expect(a.status, `${what} → ${a.status} ${a.headers.get('x-amzn-errortype')} ${a.text.slice(0, 300)}`).toBeLessThan(500);
  expect(a.status, `${what} → ${a.status}`).toBeGreaterThanOrEqual(200);
  expect(a.status, `${what} → ${a.status}`).not.toBe(300);
  noStackTrace(a.text, what);
  const errorType = a.headers.get('x-amzn-errortype');
  if (a.status >= 400) {
    expect(errorType, `${what} → ${a.status} without x-amzn-errortype: ${a.text.slice(0, 300)}`).toBeTruthy();
    let body: unknown;
    expect(
      () => {
        body = JSON.parse(a.text);
      },
      `${what} → ${a.status} body is not JSON: ${a.text.slice(0, 300)}`,
    ).not.toThrow();
    expect(typeof (body as { message?: unknown }).message, `${what} → ${a.text.slice(0, 300)}`).toBe('string');
    return { errorType, body: body as Record<string, unknown> };
  }
  return { errorType, body: a.text ? (JSON.parse(a.text) as Record<string, unknown>) : {} };
}

export type UpgradeOutcome =
  | { readonly kind: 'upgraded'; readonly status: number }
  | { readonly kind: 'refused'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'timeout' };

/** A raw websocket upgrade request (exact path and headers, no client-side checks). */
export function upgrade(
  url: string,
  pathAndQuery: string,
  headers: Record<string, string> = {},
  timeoutMs = 1500,
): Promise<UpgradeOutcome> {
  const u = new URL(url);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (o: UpgradeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path: pathAndQuery,
      method: 'GET',
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      settle({ kind: 'timeout' });
    }, timeoutMs);
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      settle({ kind: 'upgraded', status: res.statusCode ?? 0 });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        settle({ kind: 'refused', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
      res.on('error', (e) => settle({ kind: 'error', message: e.message }));
    });
    req.on('error', (e) => settle({ kind: 'error', message: e.message }));
    req.end();
  });
}

export const expectRefused = (o: UpgradeOutcome, what: string) => {
  expect(o, what).toMatchObject({ kind: 'refused', status: 403 });
  if (o.kind !== 'refused') return;
  expect(o.headers['x-amzn-errortype'], what).toBe('AccessDeniedException');
  expect(typeof (JSON.parse(o.body) as { message?: unknown }).message, what).toBe('string');
  noStackTrace(o.body, what);
};

/**
 * A websocket whose every server frame is checked as it arrives (`onFrame`, by protocol),
 * with `until(pred)` to wait for what the test expects. Frames that break the protocol are
 * collected in `bad`, never thrown.
 */
export abstract class WatchedSocket {
  /** Frames from the server that are not what the protocol promises. */
  readonly bad: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private closeInfo: { code: number; reason: string } | undefined;
  private readonly listeners = new Set<() => void>();

  protected constructor(readonly ws: WebSocket) {
    ws.on('message', (raw, isBinary) => {
      const text = raw.toString();
      if (isBinary) this.bad.push(`binary frame: ${text.slice(0, 100)}`);
      else {
        try {
          this.onFrame(JSON.parse(text) as unknown, text);
        } catch {
          this.bad.push(`not JSON: ${text.slice(0, 300)}`);
        }
      }
      for (const l of [...this.listeners]) l();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        for (const l of [...this.listeners]) l();
      }),
    );
    ws.on('error', () => undefined);
  }

  /** One parsed text frame; may throw (counted as not JSON). */
  protected abstract onFrame(msg: unknown, text: string): void;

  /** Resolves once `pred` holds; rejects if the socket closes first or on timeout. */
  until(pred: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      const check = () => {
        if (pred()) {
          done();
          resolve();
        } else if (this.closeInfo) {
          done();
          reject(new Error(`socket closed (${this.closeInfo.code} ${this.closeInfo.reason}) before ${what}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }
}
