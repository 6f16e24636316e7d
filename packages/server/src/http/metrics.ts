/**
 * Prometheus metrics, one registry per server (tests start many servers in one process).
 * prom-client (and the OpenTelemetry API it pulls in) loads on the first request, not at
 * start-up: observations made while it loads are kept and recorded once it is there.
 */
import type { FastifyInstance } from 'fastify';
import type { Counter, Histogram, Registry } from 'prom-client';
import { type MetricSources, registerRoutingMetrics } from './routing-metrics.js';

interface Instruments {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route'>;
}

export interface HttpObservation {
  readonly method: string;
  readonly route: string;
  readonly status: string;
  readonly seconds: number;
}

/**
 * Each label set's children, looked up once: prom-client hashes the label object on every
 * inc/observe otherwise, a measurable share of a chat message's CPU.
 */
interface Children {
  readonly requests: ReturnType<Instruments['requests']['labels']>;
  readonly duration: ReturnType<Instruments['duration']['labels']>;
}
const children = new WeakMap<Instruments, Map<string, Children>>();

const record = (m: Instruments, o: HttpObservation): void => {
  let byKey = children.get(m);
  if (!byKey) {
    byKey = new Map();
    children.set(m, byKey);
  }
  const key = `${o.method} ${o.route} ${o.status}`;
  let c = byKey.get(key);
  if (!c) {
    c = {
      requests: m.requests.labels({ method: o.method, route: o.route, status: o.status }),
      duration: m.duration.labels({ method: o.method, route: o.route }),
    };
    byKey.set(key, c);
  }
  c.requests.inc();
  c.duration.observe(o.seconds);
};

/**
 * Serves /metrics and records every answer Fastify gives; returns the recorder for answers
 * given outside Fastify (fast-path.ts).
 */
export function registerMetrics(app: FastifyInstance, sources?: MetricSources): (o: HttpObservation) => void {
  let instruments: Instruments | undefined;
  let loading: Promise<Instruments> | undefined;
  const pending: HttpObservation[] = [];

  const load = (): Promise<Instruments> =>
    (loading ??= import('prom-client').then((prom) => {
      const { Counter, collectDefaultMetrics, Histogram, Registry } = prom;
      const registry = new Registry();
      collectDefaultMetrics({ register: registry, prefix: 'switchboard_' });
      if (sources) registerRoutingMetrics(prom, registry, sources);
      const m: Instruments = {
        registry,
        requests: new Counter({
          name: 'switchboard_http_requests_total',
          help: 'HTTP requests answered, by route and status code',
          labelNames: ['method', 'route', 'status'] as const,
          registers: [registry],
        }),
        duration: new Histogram({
          name: 'switchboard_http_request_duration_seconds',
          help: 'HTTP request duration',
          labelNames: ['method', 'route'] as const,
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          registers: [registry],
        }),
      };
      for (const o of pending.splice(0)) record(m, o);
      instruments = m;
      return m;
    }));

  const observe = (o: HttpObservation): void => {
    if (instruments) record(instruments, o);
    else {
      if (pending.length < 10_000) pending.push(o);
      void load();
    }
  };
  app.addHook('onResponse', (req, reply, done) => {
    observe({
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
      seconds: reply.elapsedTime / 1000,
    });
    done();
  });

  app.get('/metrics', async (_req, reply) => {
    const m = await load();
    reply.header('content-type', m.registry.contentType);
    return m.registry.metrics();
  });
  return observe;
}
