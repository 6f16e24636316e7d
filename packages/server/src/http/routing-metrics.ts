/**
 * What an operator watches on /metrics besides HTTP: contacts waiting and agents per queue
 * (the figures of GetCurrentMetricData), open websockets, and routing's commits. Gauges
 * are read when Prometheus scrapes, so routing pays nothing between scrapes.
 */
import type { Registry } from 'prom-client';
import { currentMetricData, type MetricName } from '../api/contact/metrics.js';
import type { RoutingService } from '../routing/service.js';

export interface MetricSources {
  readonly routing: RoutingService;
  /** Open agent websockets. */
  readonly agentSockets: () => number;
  /** Open participant (chat) websockets. */
  readonly chatSockets: () => number;
}

type Prom = typeof import('prom-client');

/** The per-queue figures read at a scrape, each with its `state` label on switchboard_queue_agents. */
const QUEUE_GAUGES: readonly (readonly [MetricName, string])[] = [
  ['CONTACTS_IN_QUEUE', 'waiting'],
  ['OLDEST_CONTACT_AGE', 'oldest'],
  ['AGENTS_ONLINE', 'online'],
  ['AGENTS_AVAILABLE', 'available'],
  ['AGENTS_ON_CONTACT', 'on_contact'],
  ['AGENTS_ERROR', 'error'],
];

export function registerRoutingMetrics(prom: Prom, registry: Registry, sources: MetricSources): void {
  const { routing } = sources;
  const registers = [registry];

  type Row = { instance: string; queue: string; values: Map<MetricName, number> };
  /** The three queue gauges of one scrape share one computation (kept for a second). */
  let last: { at: number; rows: Row[] } | undefined;
  const perQueue = (): Row[] => {
    const now = Date.now();
    if (last && now - last.at < 1000) return last.rows;
    last = { at: now, rows: computePerQueue(now) };
    return last.rows;
  };
  /** One GetCurrentMetricData over every standard queue of every served instance. */
  const computePerQueue = (now: number): Row[] => {
    const out: Row[] = [];
    for (const ir of routing.current()) {
      const queues = [...ir.config.queues.keys()];
      if (queues.length === 0) continue;
      const results = currentMetricData(
        ir.engine,
        ir.config,
        { queues, groupings: ['QUEUE'], metrics: QUEUE_GAUGES.map(([name]) => ({ name })) },
        now,
      );
      for (const r of results) {
        const values = new Map(r.Collections.map((c) => [c.Metric.Name, c.Value] as const));
        out.push({ instance: ir.config.instance.alias, queue: r.Dimensions?.Queue?.Id ?? '', values });
      }
    }
    return out;
  };

  const queueGauge = (name: string, help: string, metric: MetricName) =>
    new prom.Gauge({
      name,
      help,
      labelNames: ['instance', 'queue'] as const,
      registers,
      collect() {
        this.reset();
        for (const q of perQueue()) this.set({ instance: q.instance, queue: q.queue }, q.values.get(metric) ?? 0);
      },
    });
  queueGauge('switchboard_queue_contacts_waiting', 'Contacts waiting in the queue (CONTACTS_IN_QUEUE)', 'CONTACTS_IN_QUEUE');
  queueGauge(
    'switchboard_queue_oldest_contact_age_seconds',
    'Age of the oldest contact waiting in the queue (OLDEST_CONTACT_AGE)',
    'OLDEST_CONTACT_AGE',
  );
  new prom.Gauge({
    name: 'switchboard_queue_agents',
    help: 'Agents staffing the queue, by state (AGENTS_ONLINE, _AVAILABLE, _ON_CONTACT, _ERROR)',
    labelNames: ['instance', 'queue', 'state'] as const,
    registers,
    collect() {
      this.reset();
      for (const q of perQueue())
        for (const [name, state] of QUEUE_GAUGES.slice(2))
          this.set({ instance: q.instance, queue: q.queue, state }, q.values.get(name) ?? 0);
    },
  });
  // Queue names by id, the Prometheus way (join on `queue`): a rename does not split the series.
  new prom.Gauge({
    name: 'switchboard_queue_info',
    help: 'Always 1: the name of each queue, to join with the other switchboard_queue_* series',
    labelNames: ['instance', 'queue', 'name'] as const,
    registers,
    collect() {
      this.reset();
      for (const ir of routing.current())
        for (const q of ir.config.queues.values()) this.set({ instance: ir.config.instance.alias, queue: q.id, name: q.name }, 1);
    },
  });
  new prom.Gauge({
    name: 'switchboard_websockets',
    help: 'Open websockets, by kind',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      this.set({ kind: 'agent' }, sources.agentSockets());
      this.set({ kind: 'chat' }, sources.chatSockets());
    },
  });

  // What routing keeps in memory: live contacts plus the last few thousand ended ones
  // (routing/instance.ts). A server that runs for months shows a level line here; one that
  // climbs with every contact ever routed is a leak.
  new prom.Gauge({
    name: 'switchboard_routing_held',
    help: 'Contacts (documents), contact chains, chat expiries and agent-token sets routing holds in memory',
    labelNames: ['instance', 'kind'] as const,
    registers,
    collect() {
      this.reset();
      for (const ir of routing.current()) {
        const held = ir.held();
        const instance = ir.config.instance.alias;
        this.set({ instance, kind: 'contacts' }, held.contacts);
        this.set({ instance, kind: 'chains' }, held.chains);
        this.set({ instance, kind: 'expiries' }, held.expiries);
        this.set({ instance, kind: 'agent_tokens' }, held.agentTokens);
      }
    },
  });

  // Totals kept by the persister and the routing service, reported as counters.
  const total = (name: string, help: string, read: () => number) => {
    let reported = 0;
    new prom.Counter({
      name,
      help,
      registers,
      collect() {
        const value = read();
        if (value > reported) this.inc(value - reported);
        reported = value;
      },
    });
  };
  total(
    'switchboard_routing_commits_total',
    'Routing commits (contacts, agents, events, chat items) written',
    () => routing.persister.stats.commits,
  );
  total('switchboard_routing_commit_failures_total', 'Routing commits that failed', () => routing.persister.stats.failures);
  total('switchboard_routing_commit_seconds_total', 'Time spent committing', () => routing.persister.stats.seconds);
  total(
    'switchboard_routing_reloads_total',
    'Times routing was loaded again from storage after a failed commit',
    () => routing.reloads,
  );
}
