/**
 * Shared set-up for the chat widget's tests: an instance file with widgets of every kind
 * (open, throttled, after hours, a flow without a queue, queues that open later, are
 * disabled or full, the leave-a-message form turned off, "Call us" on), raw HTTP requests with any
 * headers and source address, and a count of the contacts ever created.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import { DAYS, demoConfig, type InstanceConfig, validateConfig } from '@switchboard/core';
import type { Store } from '../src/storage/types.js';

export const SHOP = 'https://shop.example.com';
export const FOREIGN = 'https://evil.example.net';
export const VISITOR = 'visitor-0123456789';

/** The widgets' fixed ids. */
export const W = {
  shop: '7a1b0000-0000-4000-8000-000000000001',
  throttled: '7a1b0000-0000-4000-8000-000000000002',
  night: '7a1b0000-0000-4000-8000-000000000003',
  greeter: '7a1b0000-0000-4000-8000-000000000004',
  perConfig: '7a1b0000-0000-4000-8000-000000000005',
  /** Its queue opens three days from now (UTC), 10:00 to 11:00: see `laterOpening`. */
  later: '7a1b0000-0000-4000-8000-000000000006',
  /** The leave-a-message form turned off. */
  quiet: '7a1b0000-0000-4000-8000-000000000007',
  /** Its queue is disabled. */
  paused: '7a1b0000-0000-4000-8000-000000000008',
  /** Its queue takes one waiting contact, and nobody serves it. */
  tiny: '7a1b0000-0000-4000-8000-000000000009',
  /** "Call us" on: calls go to Support, where the Sales agents (alice, carol) take VOICE. */
  caller: '7a1b0000-0000-4000-8000-00000000000a',
  /** "Call us" on, with a flow that only greets: no queue, so nobody to answer a call. */
  greetingCaller: '7a1b0000-0000-4000-8000-00000000000b',
} as const;

/** When the queue of the `later` widget opens: 10:00 UTC three days after `now`. */
export function laterOpening(now = Date.now()): number {
  const day = new Date(now + 3 * 86400_000);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10);
}

/**
 * The demo instance plus: a queue that is never open (served by bob), a flow to it, a flow
 * that only greets, and widgets on them.
 */
export function widgetTestConfig(): InstanceConfig {
  // biome-ignore lint/suspicious/noExplicitAny: building a file as a person writes it
  const c: any = structuredClone(demoConfig);
  c.hoursOfOperation.push(
    { name: 'Never', timeZone: 'UTC', ranges: [] },
    {
      name: 'Later',
      timeZone: 'UTC',
      ranges: [{ day: DAYS[new Date(laterOpening()).getUTCDay()], start: '10:00', end: '11:00' }],
    },
  );
  c.queues.push(
    { name: 'Night', hoursOfOperation: 'Never' },
    { name: 'Later', hoursOfOperation: 'Later' },
    { name: 'Paused', hoursOfOperation: 'Always open', enabled: false },
    { name: 'Tiny', hoursOfOperation: 'Always open', maxContacts: 1 },
  );
  c.routingProfiles[1].queues.push({ queue: 'Night', channel: 'CHAT' }, { queue: 'Later', channel: 'TASK' });
  // Bob (Support agents) takes chats and tasks only here: the calls tests need someone who takes no calls.
  delete c.routingProfiles[1].concurrency.VOICE;
  c.routingProfiles[1].queues = c.routingProfiles[1].queues.filter((q: { channel: string }) => q.channel !== 'VOICE');
  c.contactFlows.push(
    { name: 'Night chat', queue: 'Night', greeting: 'Hello at night.' },
    { name: 'Greeter', greeting: 'Hello!' },
    { name: 'Later chat', queue: 'Later' },
    { name: 'Paused chat', queue: 'Paused' },
    { name: 'Tiny chat', queue: 'Tiny' },
  );
  const fast = { perIpPerMinute: 10_000, perConfigurationPerMinute: 100_000 };
  c.widgets.push(
    {
      name: 'Shop',
      id: W.shop,
      flow: 'Web chat',
      allowedOrigins: [SHOP, 'http://localhost:5173'],
      attributes: [{ name: 'page', maxLength: 20 }],
      preChatForm: {
        enabled: true,
        fields: [
          { name: 'name', label: 'Your name', type: 'name', required: true, maxLength: 30 },
          { name: 'email', label: 'Email', type: 'email', maxLength: 254 },
          { name: 'orderId', label: 'Order number', type: 'text', maxLength: 10 },
        ],
      },
      greeting: 'Hi from the shop!',
      theme: { primaryColor: '#123456', position: 'left' },
      persistence: 'local',
      rateLimit: fast,
    },
    {
      name: 'Throttled',
      id: W.throttled,
      flow: 'Web chat',
      allowedOrigins: [SHOP],
      rateLimit: { perIpPerMinute: 3, perConfigurationPerMinute: 1000 },
    },
    {
      name: 'Per configuration',
      id: W.perConfig,
      flow: 'Web chat',
      allowedOrigins: [SHOP],
      rateLimit: { perIpPerMinute: 100, perConfigurationPerMinute: 2 },
    },
    { name: 'Night', id: W.night, flow: 'Night chat', allowedOrigins: [SHOP], rateLimit: fast },
    { name: 'Greeter', id: W.greeter, flow: 'Greeter', allowedOrigins: [SHOP], rateLimit: fast },
    { name: 'Later', id: W.later, flow: 'Later chat', allowedOrigins: [SHOP], rateLimit: fast },
    { name: 'Quiet', id: W.quiet, flow: 'Web chat', allowedOrigins: [SHOP], rateLimit: fast, leaveMessage: { enabled: false } },
    { name: 'Paused', id: W.paused, flow: 'Paused chat', allowedOrigins: [SHOP], rateLimit: fast },
    { name: 'Tiny', id: W.tiny, flow: 'Tiny chat', allowedOrigins: [SHOP], rateLimit: fast },
    {
      name: 'Caller',
      id: W.caller,
      flow: 'Web chat',
      allowedOrigins: [SHOP],
      attributes: [{ name: 'page', maxLength: 20 }],
      preChatForm: {
        enabled: true,
        fields: [
          { name: 'name', label: 'Your name', type: 'name', required: true, maxLength: 30 },
          { name: 'email', label: 'Email', type: 'email', maxLength: 254 },
        ],
      },
      rateLimit: fast,
      voice: { enabled: true },
    },
    {
      name: 'Greeting caller',
      id: W.greetingCaller,
      flow: 'Greeter',
      allowedOrigins: [SHOP],
      rateLimit: fast,
      voice: { enabled: true },
    },
  );
  const r = validateConfig(c);
  if (!r.ok) throw new Error(`widget test config: ${JSON.stringify(r.issues)}`);
  return r.config;
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** One HTTP request with exactly these headers (node:http: no client-side rules), from `localAddress`. */
export function rawRequest(
  url: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string } = {},
): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: init.method ?? 'GET',
        agent: false,
        headers: {
          ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}),
          ...init.headers,
        },
        ...(init.localAddress ? { localAddress: init.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A widget API request from the shop's page (its Origin), JSON in and out. */
export async function widgetCall(
  url: string,
  path: string,
  opts: { method?: string; origin?: string | null; body?: unknown; headers?: Record<string, string>; localAddress?: string } = {},
): Promise<RawAnswer & { readonly json: Record<string, unknown> }> {
  const origin = opts.origin === undefined ? SHOP : opts.origin;
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const a = await rawRequest(url, path, {
    method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(origin !== null ? { origin } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(body !== undefined ? { body } : {}),
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
  });
  let json: Record<string, unknown> = {};
  try {
    json = a.text ? (JSON.parse(a.text) as Record<string, unknown>) : {};
  } catch {
    /* not JSON: the test says so */
  }
  return { ...a, json };
}

export const configPath = (id: string) => `/widget/v1/configurations/${id}`;
export const chatsPath = (id: string) => `/widget/v1/configurations/${id}/chats`;
export const ratingPath = (id: string) => `/widget/v1/configurations/${id}/rating`;
export const messagesPath = (id: string) => `/widget/v1/configurations/${id}/messages`;
export const callsPath = (id: string) => `/widget/v1/configurations/${id}/calls`;

/** How many contacts were ever created in the instance (the event log's contact.created). */
export async function contactsCreated(store: Store, instanceId: string): Promise<number> {
  let n = 0;
  let after = 0;
  for (;;) {
    const page = await store.events.list(instanceId, after, 5000);
    for (const e of page) if (e.type === 'contact.created') n++;
    const last = page.at(-1);
    if (!last || page.length < 5000) return n;
    after = last.seq;
  }
}
