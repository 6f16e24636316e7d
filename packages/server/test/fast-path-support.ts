/**
 * For the fast-path tests: a request sent over the network (where http/fast-path.ts may
 * take it) and through Fastify's routes (`app.inject`), and the parts of the two answers
 * that must agree.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: Record<string, unknown>;
}

const HEADERS = [
  'content-type',
  'x-amzn-errortype',
  'vary',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-allow-credentials',
] as const;

/** The answer's status, compared headers and body, with `varying` body members (ids, times) reduced to their type. */
export const comparable = (a: Answer, varying: readonly string[]) => {
  const body: Record<string, unknown> = { ...a.body };
  for (const k of varying) if (body[k] !== undefined) body[k] = typeof body[k];
  return { status: a.status, headers: Object.fromEntries(HEADERS.map((h) => [h, a.headers[h]])), body };
};

/**
 * `overHttp` checks that the fast path took the request (or, with `fast` false, left it);
 * `viaFastify` sends it through Fastify's routes with `injectHeaders` added.
 */
export function twoPaths(
  server: () => { readonly url: string; readonly app: FastifyInstance },
  method: 'POST' | 'PUT',
  injectHeaders: () => Record<string, string> = () => ({}),
) {
  const overHttp = async (url: string, body: string, headers: Record<string, string>, fast = true): Promise<Answer> => {
    const before = server().app.fastPathStats.served;
    const res = await fetch(`${server().url}${url}`, { method, headers, body });
    const text = await res.text();
    expect(server().app.fastPathStats.served).toBe(before + (fast ? 1 : 0));
    return { status: res.status, headers: Object.fromEntries(res.headers), body: text ? JSON.parse(text) : {} };
  };
  const viaFastify = async (url: string, body: string, headers: Record<string, string>): Promise<Answer> => {
    const res = await server().app.inject({ method, url, headers: { ...headers, ...injectHeaders() }, payload: body });
    const h: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(res.headers)) h[k] = v === undefined ? undefined : String(v);
    return { status: res.statusCode, headers: h, body: res.body ? JSON.parse(res.body) : {} };
  };
  /** The same request with a chunked body (no Content-Length): the fast path must leave it. */
  const chunked = async (url: string, body: string, headers: Record<string, string>): Promise<Response> => {
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(body));
        c.close();
      },
    });
    const before = server().app.fastPathStats.served;
    const res = await fetch(`${server().url}${url}`, { method, headers, body: stream, duplex: 'half' } as RequestInit);
    expect(server().app.fastPathStats.served).toBe(before);
    return res;
  };
  /** switchboard_http_requests_total for `route` answered 200 with this method, from /metrics. */
  const counted = async (route: string): Promise<number> => {
    const text = await (await fetch(`${server().url}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('switchboard_http_requests_total{') &&
          l.includes(`method="${method}"`) &&
          l.includes(`route="${route}"`) &&
          l.includes('status="200"'),
      );
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return { overHttp, viaFastify, chunked, counted };
}
