import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  cpuMsOf,
  killAll,
  listAll,
  log,
  mintToken,
  ownCpuMs,
  root,
  rssOf,
  scratchDir,
  sleep,
  spawnServer,
  stopServer,
  pool,
  progress,
} from './lib.mjs';
import { ConnectClient, ListContactFlowsCommand, ListInstancesCommand, ListUsersCommand } from '@aws-sdk/client-connect';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    agents: { type: 'string' },
    contacts: { type: 'string' },
    concurrency: { type: 'string', default: '64' },
    quick: { type: 'boolean', default: false },
    // Agents accept every offer and keep the chat (chat concurrency 10, so 1,000 agents
    // hold 10,000): measures routing alone, without the end / clear of each contact.
    keep: { type: 'boolean', default: false },
  },
});
const KEEP = values.keep;
const AGENTS = Number(values.agents ?? (values.quick ? 50 : 1000));
const CONTACTS = Number(values.contacts ?? (values.quick ? 500 : 10000));
const CONCURRENCY = Number(values.concurrency);
for (const [k, v] of Object.entries({ agents: AGENTS, contacts: CONTACTS, concurrency: CONCURRENCY }))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
if (AGENTS > 10000) throw new Error('--agents: at most 10000');

const TARGET = { p99Ms: 20, decisionsPerSec: 2000, rssMb: 300 };
const QUEUES = 10;
const KEY = { accessKeyId: 'SBBENCHROUTING000001', secretAccessKey: 'switchboard-bench-routing-secret' };
/** No new offer for this long after the last start: the missing ones are lost. */
const IDLE_MS = 10_000;

const tmp = scratchDir('sb-bench-routing-');

// ---------------------------------------------------------------------------------------
// Simulated agents

const counts = () => ({ offers: 0, accepted: 0, ended: 0, cleared: 0, missed: 0, held: 0, heldPeak: 0 });

class Agent {
  /**
   * @param {Map<string, number>} offerAt contactId → when an agent first saw it offered (shared)
   * @param {boolean} active handle contacts (accept / end / clear); false for the baseline
   */
  constructor(offerAt, stats, active) {
    this.offerAt = offerAt;
    this.stats = stats;
    this.active = active;
    this.done = new Map(); // contactId → what was sent for it: 'accept' | 'end' | 'clear'
    this.pending = new Map(); // command id → { method, resolve, reject }
    this.nextId = 1;
    this.latest = undefined;
    this.closedUnexpectedly = undefined;
  }

  open(wsUrl) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      this.ws = ws;
      let first = true;
      ws.on('message', (raw) => {
        const now = performance.now();
        const msg = JSON.parse(raw.toString());
        if (msg.type === 'snapshot') {
          this.latest = msg.data;
          this.onSnapshot(msg.data, now);
          if (first) {
            first = false;
            clearTimeout(timer);
            resolve(this);
          }
        } else if (msg.id !== undefined && this.pending.has(String(msg.id))) {
          const p = this.pending.get(String(msg.id));
          this.pending.delete(String(msg.id));
          if (msg.type === 'result') p.resolve(msg.data);
          else
            p.reject(
              Object.assign(new Error(`${p.method}: ${msg.error?.type}: ${msg.error?.message}`), { type: msg.error?.type }),
            );
        } else if (msg.type === 'error') {
          this.stats.errors.push(`frame error: ${msg.error?.type}: ${msg.error?.message}`);
        }
      });
      ws.once('open', () => {
        if (!this.active) resolve(this); // the baseline sends no first snapshot
      });
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode} ${res.headers['x-amzn-errortype'] ?? ''}`)),
      );
      ws.on('error', (err) => {
        if (first) reject(err);
      });
      const timer = setTimeout(() => {
        reject(new Error(`${wsUrl.replace(/token=.*/, 'token=…')}: no ${this.active ? 'first snapshot' : 'open'} within 30 s`));
        ws.terminate();
      }, 30_000);
      ws.once('open', () => {
        if (!this.active) clearTimeout(timer);
      });
      ws.on('close', (code, reason) => {
        clearTimeout(timer);
        for (const p of this.pending.values()) p.reject(new Error(`${p.method}: socket closed (${code} ${reason})`));
        this.pending.clear();
        if (first) reject(new Error(`socket closed before the first snapshot: ${code} ${reason}`));
        if (!this.closing) {
          this.closedUnexpectedly = `${code} ${reason}`;
          this.stats.closes.push(`socket closed by the server: ${code} ${reason}`);
        }
      });
    });
  }

  command(method, params) {
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Fire and forget: failures are counted, not thrown. */
  act(method, contactId) {
    this.command(method, { contactId }).catch((err) => {
      this.stats.commandErrors.set(err.message.slice(0, 200), (this.stats.commandErrors.get(err.message.slice(0, 200)) ?? 0) + 1);
    });
  }

  onSnapshot(data, now) {
    // Contacts the agents hold (offered, connected or in after-contact work), for the slots in use.
    const held = this.active ? (data?.snapshot?.contacts?.length ?? 0) : 0;
    this.stats.held += held - (this.held ?? 0);
    this.held = held;
    if (this.stats.held > this.stats.heldPeak) this.stats.heldPeak = this.stats.held;
    for (const c of data?.snapshot?.contacts ?? []) {
      const id = c.contactId;
      const state = c.state?.type;
      if (state === 'connecting' && !this.offerAt.has(id)) {
        this.offerAt.set(id, now);
        this.stats.offers++;
      }
      if (!this.active) continue;
      const sent = this.done.get(id);
      if (state === 'connecting' && sent === undefined) {
        this.done.set(id, 'accept');
        this.stats.accepted++;
        this.act('acceptContact', id);
      } else if (!KEEP && state === 'connected' && (sent === undefined || sent === 'accept')) {
        this.done.set(id, 'end');
        this.stats.ended++;
        this.act('destroyConnection', id);
      } else if ((state === 'ended' || state === 'missed' || state === 'rejected' || state === 'error') && sent !== 'clear') {
        if (state !== 'ended') this.stats.missed++;
        this.done.set(id, 'clear');
        this.stats.cleared++;
        this.act('clearContact', id);
      }
    }
  }

  close() {
    this.closing = true;
    this.ws?.terminate();
  }
}

// ---------------------------------------------------------------------------------------
// Starting contacts and measuring

const connectClient = (url, credentials) =>
  new ConnectClient({
    region: 'us-east-1',
    endpoint: url,
    credentials,
    maxAttempts: 1,
    requestHandler: { httpAgent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }) },
  });

/**
 * StartChatContact as the SDK sends it (PUT /contact/chat, JSON, SigV4 'connect'), signed
 * with node:crypto directly. The SDK costs 1–2 ms of CPU per call, and the load generator
 * shares the 2 cores with the server: a cheaper client leaves the server the CPU it would
 * have in production. Both servers (Switchboard and the baseline) get the same client.
 */
function startChatClient(url, key) {
  const host = new URL(url).host;
  const sha256 = (s) => createHash('sha256').update(s).digest('hex');
  const hmac = (k, s) => createHmac('sha256', k).update(s).digest();
  const keys = new Map();
  const signingKey = (date) => {
    let k = keys.get(date);
    if (!k) {
      k = hmac(hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, date), 'us-east-1'), 'connect'), 'aws4_request');
      keys.set(date, k);
    }
    return k;
  };
  const SIGNED = 'content-type;host;x-amz-content-sha256;x-amz-date';
  return {
    async send(input) {
      const body = JSON.stringify(input);
      const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
      const date = amzDate.slice(0, 8);
      const payload = sha256(body);
      const canonical = `PUT\n/contact/chat\n\ncontent-type:application/json\nhost:${host}\nx-amz-content-sha256:${payload}\nx-amz-date:${amzDate}\n\n${SIGNED}\n${payload}`;
      const scope = `${date}/us-east-1/connect/aws4_request`;
      const signature = hmac(signingKey(date), `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonical)}`).toString('hex');
      const res = await fetch(`${url}/contact/chat`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          'x-amz-content-sha256': payload,
          'x-amz-date': amzDate,
          authorization: `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/${scope}, SignedHeaders=${SIGNED}, Signature=${signature}`,
        },
        body,
      });
      const json = await res.json();
      if (res.status !== 200)
        throw Object.assign(new Error(json.message ?? String(res.status)), {
          name: res.headers.get('x-amzn-errortype') ?? String(res.status),
        });
      return json;
    },
  };
}

/**
 * Starts CONTACTS chats, CONCURRENCY in flight, then waits until every started contact was
 * offered (or no offer came for IDLE_MS). Returns the measurements.
 */
async function drive(label, serverPid, client, instanceId, flowIds, offerAt, stats) {
  const sentAt = new Map(); // contactId → when its StartChatContact was sent
  const startErrors = new Map();
  let firstSent = Number.POSITIVE_INFINITY;
  const tick = progress(`${label}: started`, CONTACTS);
  log(`${label}: starting ${CONTACTS} contacts, ${CONCURRENCY} in flight`);
  const cpu0 = { server: cpuMsOf(serverPid), bench: ownCpuMs(), at: performance.now() };
  await pool(CONTACTS, CONCURRENCY, async () => {
    const t0 = performance.now();
    if (t0 < firstSent) firstSent = t0;
    try {
      const r = await client.send({
        InstanceId: instanceId,
        ContactFlowId: flowIds[Math.floor(Math.random() * flowIds.length)],
        ParticipantDetails: { DisplayName: 'bench' },
      });
      if (r.ContactId) sentAt.set(r.ContactId, t0);
      else startErrors.set('answer without ContactId', (startErrors.get('answer without ContactId') ?? 0) + 1);
    } catch (err) {
      const key = `${err.name}: ${String(err.message).slice(0, 160)}`;
      startErrors.set(key, (startErrors.get(key) ?? 0) + 1);
    }
    tick();
  });
  const lastSent = performance.now();
  const busy = (ms) => (ms / (lastSent - cpu0.at)) * 100;
  const cpu = { serverPct: busy(cpuMsOf(serverPid) - cpu0.server), benchPct: busy(ownCpuMs() - cpu0.bench) };

  // Wait for the offers still on their way.
  const offered = () => {
    let n = 0;
    for (const id of sentAt.keys()) if (offerAt.has(id)) n++;
    return n;
  };
  let seen = offered();
  let lastChange = performance.now();
  let lastReport = performance.now();
  while (seen < sentAt.size && performance.now() - lastChange < IDLE_MS) {
    await sleep(50);
    const now = offered();
    if (now !== seen) {
      seen = now;
      lastChange = performance.now();
    }
    if (performance.now() - lastReport > 2000) {
      lastReport = performance.now();
      log(`  ${label}: ${seen}/${sentAt.size} offered, waiting`);
    }
  }
  log(`  ${label}: ${seen}/${sentAt.size} started contacts offered`);

  const lat = [];
  let lastOffer = 0;
  for (const [id, t0] of sentAt) {
    const t1 = offerAt.get(id);
    if (t1 === undefined) continue;
    lat.push(t1 - t0);
    if (t1 > lastOffer) lastOffer = t1;
  }
  lat.sort((a, b) => a - b);
  const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : Number.NaN);
  const elapsedMs = lastOffer - firstSent;
  return {
    started: sentAt.size,
    startErrors: Object.fromEntries(startErrors),
    offers: lat.length,
    lost: sentAt.size - lat.length,
    offersForUnknownContacts: offerAt.size - lat.length,
    startPhaseSec: (lastSent - firstSent) / 1000,
    /** CPU busy while the contacts were being started, % of one core. */
    cpuPct: cpu,
    elapsedSec: elapsedMs / 1000,
    decisionsPerSec: lat.length / (elapsedMs / 1000),
    latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: lat[lat.length - 1] ?? Number.NaN },
    agentStats: {
      accepted: stats.accepted,
      ended: stats.ended,
      cleared: stats.cleared,
      missedOrRejected: stats.missed,
      peakContactsHeld: stats.heldPeak,
      commandErrors: Object.fromEntries(stats.commandErrors),
      unexpectedCloses: stats.closes.length,
      closeReasons: [...new Set(stats.closes)].slice(0, 5),
      frameErrors: [...new Set(stats.errors)].slice(0, 5),
    },
  };
}

const newStats = () => ({ ...counts(), commandErrors: new Map(), closes: [], errors: [] });

async function connectAgents(label, n, open) {
  const agents = [];
  const tick = progress(`${label}: connected`, n);
  await pool(n, 50, async (i) => {
    agents[i] = await open(i);
    tick();
  });
  log(`${label}: connected ${n} agents`);
  return agents;
}

// ---------------------------------------------------------------------------------------
// Switchboard

function instanceFile() {
  const q = (i) => `Q${i}`;
  return {
    instance: { alias: 'bench-routing', region: 'us-east-1', accountId: '123456789012' },
    accessKeys: [{ ...KEY, description: 'bench/routing.mjs' }],
    hoursOfOperation: [{ name: 'Always', timeZone: 'UTC', alwaysOpen: true }],
    securityProfiles: [{ name: 'Agent', permissions: ['BasicAgentAccess'] }],
    agentStatuses: [
      { name: 'Available', type: 'ROUTABLE' },
      { name: 'Offline', type: 'OFFLINE' },
    ],
    queues: Array.from({ length: QUEUES }, (_, i) => ({ name: q(i), hoursOfOperation: 'Always' })),
    routingProfiles: Array.from({ length: QUEUES }, (_, i) => ({
      name: `P${i}`,
      defaultOutboundQueue: q(i),
      concurrency: { CHAT: KEEP ? 10 : 3 },
      queues: [
        { queue: q(i), channel: 'CHAT', priority: 1, delay: 0 },
        { queue: q((i + 1) % QUEUES), channel: 'CHAT', priority: 2, delay: 0 },
      ],
    })),
    users: Array.from({ length: AGENTS }, (_, i) => ({
      username: `agent${String(i).padStart(4, '0')}`,
      routingProfile: `P${i % QUEUES}`,
      securityProfiles: ['Agent'],
    })),
    contactFlows: Array.from({ length: QUEUES }, (_, i) => ({ name: `F${i}`, type: 'CONTACT_FLOW', queue: q(i) })),
  };
}

async function benchSwitchboard(tmp) {
  const configFile = path.join(tmp, 'instance.json');
  writeFileSync(configFile, JSON.stringify(instanceFile(), null, 1));
  log(`switchboard: starting the server (${AGENTS} users, ${QUEUES} queues)`);
  const cli = path.join(root, 'packages/cli/dist/switchboard.mjs');
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const srv = await spawnServer('switchboard', [
    ...nodeArgs,
    cli,
    'start',
    '--config',
    configFile,
    '--data-dir',
    path.join(tmp, 'data'),
    '--port',
    '0',
    '--log-level',
    'warn',
  ]);
  const agents = [];
  try {
    log(`switchboard: up at ${srv.url} (pid ${srv.child.pid}, RSS ${rssOf(srv.child.pid).rssMb.toFixed(0)} MB)`);
    const client = connectClient(srv.url, KEY);
    const instances = await listAll(client, ListInstancesCommand, {}, 'InstanceSummaryList');
    const instanceId = (instances.find((x) => x.InstanceAlias === 'bench-routing') ?? instances[0])?.Id;
    if (!instanceId) throw new Error('ListInstances: no instance');
    const users = await listAll(client, ListUsersCommand, { InstanceId: instanceId, MaxResults: 1000 }, 'UserSummaryList');
    const userIds = users
      .filter((u) => /^agent\d{4}$/.test(u.Username ?? ''))
      .sort((a, b) => a.Username.localeCompare(b.Username))
      .map((u) => u.Id);
    if (userIds.length !== AGENTS) throw new Error(`ListUsers: ${userIds.length} agents, expected ${AGENTS}`);
    const flows = await listAll(
      client,
      ListContactFlowsCommand,
      { InstanceId: instanceId, MaxResults: 1000 },
      'ContactFlowSummaryList',
    );
    const flowIds = flows.filter((f) => /^F\d$/.test(f.Name ?? '')).map((f) => f.Id);
    if (flowIds.length !== QUEUES) throw new Error(`ListContactFlows: ${flowIds.length} flows F0..F9, expected ${QUEUES}`);

    log(`switchboard: minting ${AGENTS} agent tokens`);
    const tokens = [];
    const tickToken = progress('minting tokens', AGENTS);
    await pool(AGENTS, 32, async (i) => {
      tokens[i] = await mintToken(srv.url, KEY, instanceId, userIds[i]);
      tickToken();
    });

    const offerAt = new Map();
    const stats = newStats();
    const wsBase = `${srv.url.replace(/^http/, 'ws')}/agent/v1/ws?token=`;
    const connected = await connectAgents('switchboard', AGENTS, async (i) => {
      const a = new Agent(offerAt, stats, true);
      agents.push(a);
      await a.open(wsBase + encodeURIComponent(tokens[i]));
      const available = a.latest?.configuration?.agentStates?.find((s) => s.name === 'Available')?.agentStateARN;
      if (!available) throw new Error('no Available state in the first snapshot');
      await a.command('putAgentState', { state: { agentStateARN: available } });
      return a;
    });
    log(`switchboard: ${connected.length} agents Available`);
    const rssBefore = rssOf(srv.child.pid);

    const result = await drive('switchboard', srv.child.pid, startChatClient(srv.url, KEY), instanceId, flowIds, offerAt, stats);
    await sleep(200); // let the last accept / end / clear land
    const rss = rssOf(srv.child.pid);
    client.destroy();
    return {
      ...result,
      rssBeforeContactsMb: rssBefore.rssMb,
      rssMb: rss.rssMb,
      rssPeakMb: rss.peakMb,
      serverLog: srv.logLines.slice(0, 20),
      serverLogLines: srv.logLines.length,
    };
  } finally {
    for (const a of agents) a.close();
    await stopServer(srv);
  }
}

// ---------------------------------------------------------------------------------------
// Bare baseline: node:http + ws + better-sqlite3, one insert and one push per request.

const BASELINE = `
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { WebSocketServer } = require('ws');
const Database = require('better-sqlite3');
const db = new Database(process.env.BENCH_DB);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table contacts (contact_id text primary key, instance_id text not null, agent integer not null, doc text not null, created_at integer not null)');
const insert = db.prepare('insert into contacts (contact_id, instance_id, agent, doc, created_at) values (?, ?, ?, ?, ?)');
const sockets = [];
let next = 0;
let version = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    const now = Date.now();
    const contactId = randomUUID();
    const agent = sockets.length ? next++ % sockets.length : -1;
    const contact = { contactId, type: 'chat', flowId: body.ContactFlowId, state: { type: 'connecting', timestamp: new Date(now).toISOString() } };
    insert.run(contactId, String(body.InstanceId ?? ''), agent, JSON.stringify(contact), now);
    if (agent >= 0) sockets[agent].send(JSON.stringify({ type: 'snapshot', version: ++version, data: { snapshot: { contacts: [contact] } } }));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ContactId: contactId, ParticipantId: randomUUID(), ParticipantToken: randomUUID() }));
  });
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => {
  sockets.push(ws);
  ws.on('close', () => sockets.splice(sockets.indexOf(ws), 1));
});
server.listen(0, '127.0.0.1', function () { console.log('baseline is up at http://127.0.0.1:' + this.address().port); });
`;

async function benchBaseline(tmp) {
  log('baseline: starting node:http + ws + better-sqlite3');
  const srv = await spawnServer('baseline', ['-e', BASELINE], { BENCH_DB: path.join(tmp, 'baseline.db') });
  const agents = [];
  try {
    const offerAt = new Map();
    const stats = newStats();
    const wsUrl = `${srv.url.replace(/^http/, 'ws')}/ws`;
    await connectAgents('baseline', AGENTS, async () => {
      const a = new Agent(offerAt, stats, false);
      agents.push(a);
      return a.open(wsUrl);
    });
    const result = await drive('baseline', srv.child.pid, startChatClient(srv.url, KEY), 'bench', ['F0'], offerAt, stats);
    const rss = rssOf(srv.child.pid);
    return { ...result, rssMb: rss.rssMb, rssPeakMb: rss.peakMb };
  } finally {
    for (const a of agents) a.close();
    await stopServer(srv);
  }
}

// ---------------------------------------------------------------------------------------

let sb;
let base;
const loadAtStart = os.loadavg()[0];
try {
  log(`routing bench: ${AGENTS} agents, ${CONTACTS} contacts, ${CONCURRENCY} in flight${values.quick ? ' (quick)' : ''}`);
  sb = await benchSwitchboard(tmp);
  base = await benchBaseline(tmp);
} catch (err) {
  log(`routing bench failed: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  killAll();
  if (!process.env.KEEP) rmSync(tmp, { recursive: true, force: true }); else console.log('kept', tmp);
}

if (sb && base) {
  const f = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');
  const mark = (ok) => (ok ? 'PASS' : 'MISS');
  const rows = [
    ['offers / contacts started', `${sb.offers}/${sb.started}`, `${base.offers}/${base.started}`, '', ''],
    [
      'elapsed, first start → last offer (s)',
      f(sb.elapsedSec, 2),
      f(base.elapsedSec, 2),
      ratio(sb.elapsedSec, base.elapsedSec),
      '',
    ],
    [
      'decisions/s',
      f(sb.decisionsPerSec),
      f(base.decisionsPerSec),
      ratio(sb.decisionsPerSec, base.decisionsPerSec),
      `≥ ${TARGET.decisionsPerSec}  ${mark(sb.decisionsPerSec >= TARGET.decisionsPerSec && sb.lost === 0)}`,
    ],
    ['start→offer p50 (ms)', f(sb.latencyMs.p50, 1), f(base.latencyMs.p50, 1), ratio(sb.latencyMs.p50, base.latencyMs.p50), ''],
    ['start→offer p90 (ms)', f(sb.latencyMs.p90, 1), f(base.latencyMs.p90, 1), ratio(sb.latencyMs.p90, base.latencyMs.p90), ''],
    [
      'start→offer p99 (ms)',
      f(sb.latencyMs.p99, 1),
      f(base.latencyMs.p99, 1),
      ratio(sb.latencyMs.p99, base.latencyMs.p99),
      `≤ ${TARGET.p99Ms}  ${mark(sb.latencyMs.p99 <= TARGET.p99Ms)}`,
    ],
    ['start→offer max (ms)', f(sb.latencyMs.max, 1), f(base.latencyMs.max, 1), ratio(sb.latencyMs.max, base.latencyMs.max), ''],
    ['server CPU while starting (% of a core)', f(sb.cpuPct.serverPct), f(base.cpuPct.serverPct), '', ''],
    ['bench CPU while starting (% of a core)', f(sb.cpuPct.benchPct), f(base.cpuPct.benchPct), '', ''],
    ['server RSS at end (MB)', f(sb.rssMb), f(base.rssMb), ratio(sb.rssMb, base.rssMb), ''],
    [
      'server RSS peak (MB)',
      f(sb.rssPeakMb),
      f(base.rssPeakMb),
      ratio(sb.rssPeakMb, base.rssPeakMb),
      `≤ ${TARGET.rssMb}  ${mark(sb.rssPeakMb <= TARGET.rssMb)}`,
    ],
  ];
  const w = [40, 14, 14, 9, 15];
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('');
  console.log(
    `\nRouting: ${AGENTS} agents on websockets, ${CONTACTS} chats started, ${CONCURRENCY} StartChatContact in flight` +
      ` (node ${process.version}, ${os.cpus().length} CPUs shared by bench, server and agents;` +
      ` load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end)\n`,
  );
  console.log(line(['', 'switchboard', 'baseline', 'ratio', 'target']));
  for (const r of rows) console.log(line(r));
  console.log('\nbaseline: node:http + ws + better-sqlite3 (WAL), one insert + one push per request, same client code');

  const problems = [];
  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  if (sb.lost) problems.push(`${sb.lost} started contacts never offered (waited ${IDLE_MS / 1000} s after the last)`);
  if (sum(sb.startErrors)) problems.push(`StartChatContact errors: ${JSON.stringify(sb.startErrors)}`);
  if (sum(sb.agentStats.commandErrors)) problems.push(`agent command errors: ${JSON.stringify(sb.agentStats.commandErrors)}`);
  if (sb.agentStats.missedOrRejected) problems.push(`${sb.agentStats.missedOrRejected} offers missed / rejected`);
  if (sb.agentStats.unexpectedCloses)
    problems.push(
      `${sb.agentStats.unexpectedCloses} agent sockets closed by the server: ${sb.agentStats.closeReasons.join('; ')}`,
    );
  if (sb.agentStats.frameErrors.length) problems.push(`error frames: ${sb.agentStats.frameErrors.join('; ')}`);
  if (sb.serverLogLines)
    problems.push(`server logged ${sb.serverLogLines} warn/error lines, first: ${sb.serverLog[0]?.slice(0, 300)}`);
  if (base.lost || sum(base.startErrors))
    problems.push(`baseline: ${base.lost} lost, errors ${JSON.stringify(base.startErrors)}`);
  console.log(
    `switchboard agents: ${sb.agentStats.accepted} accepted, ${sb.agentStats.ended} ended, ${sb.agentStats.cleared} cleared; ` +
      `at most ${sb.agentStats.peakContactsHeld} of their ${AGENTS * (KEEP ? 10 : 3)} chat slots held at once; RSS before the contacts ${f(sb.rssBeforeContactsMb)} MB`,
  );
  console.log(problems.length ? `problems:\n  - ${problems.join('\n  - ')}` : 'no errors, no lost offers');

  const out = '/tmp/zzres';
  mkdirSync(out, { recursive: true });
  const file = path.join(out, 'routing.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
        agents: AGENTS,
        contacts: CONTACTS,
        concurrency: CONCURRENCY,
        quick: values.quick,
        targets: TARGET,
        pass: {
          p99: sb.latencyMs.p99 <= TARGET.p99Ms,
          decisionsPerSec: sb.decisionsPerSec >= TARGET.decisionsPerSec && sb.lost === 0,
          rss: sb.rssPeakMb <= TARGET.rssMb,
        },
        switchboard: sb,
        baseline: base,
      },
      null,
      2,
    ),
  );
  console.log(`written ${path.relative(root, file)}`);
}
process.exit(process.exitCode ?? 0);
