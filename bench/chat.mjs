// Chat benchmark (participant API): 1,000 chats (--chats N), each with a customer and an agent
// participant socket, customers POSTing SendMessage on a fixed schedule (at most --in-flight
// POSTs on the wire); send→deliver runs from a POST's send to its item on the agent's
// socket. The same client then runs against a bare baseline (a `ws` relay on node:http, one
// SQLite insert and a frame to both sockets per POST), and a ramp of rates finds the highest
// rate each server sustains. Results and their history: docs/performance.md.
//
// The machine. The bench leaves the machine's settings as they are. --halt-polling sets the
// vCPUs' guest halt polling to Linux's default, 200 µs, for the run and restores the
// machine's value at exit (root only; see vcpuHaltPolling in lib.mjs); the table's title says
// which setting the run measured under. The runs in docs/performance.md made "with halt
// polling" had it set (the default then); repeating them needs --halt-polling.
// --machine-as-is, the old opt-out, is accepted (with a note) and does nothing.
//
//   node bench/chat.mjs [--quick] [--chats N] [--rate R] [--seconds S] [--ramp 1,1.5,… | none]
//     [--ramp-seconds S] [--in-flight N] [--warmup-seconds S] [--steal-retries N]
//     [--only switchboard|baseline] [--halt-polling]
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import {
  cpuMsOf,
  killAll,
  listAll,
  log,
  mintToken,
  machineTicks,
  ownCpuMs,
  root,
  rssOf,
  scratchDir,
  sleep,
  spawnServer,
  spawnSwitchboard,
  benchInstanceBase,
  stealPct,
  vcpuHaltPollingFromFlags,
  stopServer,
  pool,
  progress,
  relaunchWithLoadGeneratorHeap,
} from './lib.mjs';

import {
  ConnectClient,
  ListContactFlowsCommand,
  ListInstancesCommand,
  ListUsersCommand,
  StartChatContactCommand,
} from '@aws-sdk/client-connect';
import WebSocket from 'ws';

relaunchWithLoadGeneratorHeap();

const { values } = parseArgs({
  options: {
    chats: { type: 'string' },
    // 3,050 msgs/s at 1,000 chats, a little above the 3,000/s target: the rate counts the
    // deliveries inside a fixed window, which trails the offered rate by the messages still in
    // flight at its end, so a server keeping pace with exactly 3,000/s would read just under
    // it or just over it by chance.
    rate: { type: 'string', default: '3.05' },
    seconds: { type: 'string' },
    quick: { type: 'boolean', default: false },
    /** Set the vCPUs' halt polling to 200 µs for the run (lib.mjs vcpuHaltPolling); by default the machine is left as it is. */
    'halt-polling': { type: 'boolean', default: false },
    /** The old opt-out from --halt-polling's change, now the default: accepted, does nothing. */
    'machine-as-is': { type: 'boolean', default: false },
    ramp: { type: 'string', default: '1,1.5,2,2.5,3,5,8' },
    'ramp-seconds': { type: 'string' },
    'in-flight': { type: 'string', default: '64' },
    /** Seconds of load at 1 msg/s per chat before the main run, not reported (0: none). */
    'warmup-seconds': { type: 'string' },
    /** Run one side only (for investigating); the comparison needs both. */
    only: { type: 'string' },
    /** Extra attempts of a run whose machine lost more than STEAL_CLEAN_PCT to the hypervisor. */
    'steal-retries': { type: 'string', default: '2' },
  },
});
const CHATS = Number(values.chats ?? (values.quick ? 50 : 1000));
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds ?? (values.quick ? 5 : 20));
const RAMP = values.ramp === 'none' || values.ramp === '' ? [] : values.ramp.split(',').map(Number);
const RAMP_SECONDS = Number(values['ramp-seconds'] ?? (values.quick ? 3 : 5));
const IN_FLIGHT = Number(values['in-flight']);
const WARMUP_SECONDS = Number(values['warmup-seconds'] ?? (values.quick ? 2 : 5));
const STEAL_RETRIES = Number(values['steal-retries']);
/**
 * A run during which the hypervisor took more than this share of the machine's CPU is run
 * again (up to --steal-retries more times), and the run with the least steal is reported,
 * with every attempt's steal and p99 beside it. Measured on this VM: steal comes in spells
 * (0–28 % per 20 s run), and a few percent already decide p99 at 80 % load on two cores
 * (the same server, minutes apart: p99 13.6 ms at 0 % steal, 25–50 ms at 7–22 %). Picking
 * by steal, never by latency, keeps the choice blind to the outcome; both servers get the
 * same rule.
 */
const STEAL_CLEAN_PCT = 2;
for (const [k, v] of Object.entries({ chats: CHATS, seconds: SECONDS, 'ramp-seconds': RAMP_SECONDS, 'in-flight': IN_FLIGHT }))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
for (const r of [RATE, ...RAMP]) if (!(r > 0 && r <= 9)) throw new Error(`rates must be in (0, 9] messages/s per chat, got ${r}`);
if (!Number.isInteger(WARMUP_SECONDS) || WARMUP_SECONDS < 0) throw new Error('--warmup-seconds must be a whole number ≥ 0');
if (CHATS > 5000) throw new Error('--chats: at most 5000');

/** The server throttles each participant at 10 messages/s sustained (burst 20): rates stay under it. */
const TARGET = { p99Ms: 25, msgsPerSec: 3000, ratio: 0.6, atChats: 1000 };
const SLOTS = 10; // CHAT concurrency of the routing profile
const AGENTS = Math.ceil(CHATS / SLOTS);
const KEY = { accessKeyId: 'SBBENCHCHAT000000001', secretAccessKey: 'switchboard-bench-chat-secret' };
/** After the last send: wait this long without a new delivery before counting the rest as lost. */
const DRAIN_IDLE_MS = 5_000;

const tmp = scratchDir('sb-bench-chat-');

// ---------------------------------------------------------------------------------------
// HTTP: one keep-alive pool per server (undici), at most IN_FLIGHT requests on the wire.

function httpClient(baseUrl) {
  // undici: far less CPU per request than node:http, and the load generator shares the
  // cores with the server it measures.
  const pool = new Pool(baseUrl, { connections: IN_FLIGHT });
  /** POST a JSON body; resolves { status, text } (never rejects: network errors are status 0). */
  const post = async (pathname, body, headers = {}) => {
    const data = typeof body === 'string' ? body : JSON.stringify(body);
    try {
      const res = await pool.request({
        path: pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: data,
      });
      return { status: res.statusCode, text: await res.body.text() };
    } catch (e) {
      return { status: 0, text: String(e) };
    }
  };
  return { post, close: () => pool.destroy() };
}

// ---------------------------------------------------------------------------------------
// Participant sockets

/**
 * A participant websocket: subscribes to aws/chat; on the agent's socket, every item's
 * Content is matched against the messages sent (`onContent`). The customer's socket only
 * counts frames.
 */
function openParticipantSocket(wsUrl, onContent) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false, skipUTF8Validation: true });
    const s = { ws, frames: 0, closedUnexpectedly: undefined, closing: false };
    let subscribed = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`${wsUrl.replace(/token=.*/, 'token=…')}: not subscribed within 30 s`));
    }, 30_000);
    ws.on('open', () => ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } })));
    ws.on('message', (raw) => {
      const now = performance.now();
      s.frames++;
      if (!subscribed) {
        const msg = JSON.parse(raw.toString());
        if (msg.topic === 'aws/subscribe') {
          subscribed = true;
          clearTimeout(timer);
          if (msg.content?.status === 'success') resolve(s);
          else reject(new Error(`subscribe failed: ${raw.toString().slice(0, 200)}`));
        }
        return;
      }
      if (!onContent) return;
      // The item is a JSON string inside the frame: "Content":"<run>:<chat>:<seq>" appears escaped.
      const m = /\\"Content\\":\\"(\d+:\d+:\d+)\\"/.exec(raw.toString());
      if (m) onContent(m[1], now);
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`upgrade refused: ${res.statusCode} ${res.headers['x-amzn-errortype'] ?? ''}`));
    });
    ws.on('error', (err) => {
      if (!subscribed) {
        clearTimeout(timer);
        reject(err);
      }
    });
    ws.on('close', (code, reason) => {
      if (!s.closing) s.closedUnexpectedly = `${code} ${reason}`;
    });
  });
}

// ---------------------------------------------------------------------------------------
// The load: every chat's customer sends at `rate` messages/s for `seconds`.

/**
 * @param chats [{ index, token (customer connection token), agentSock, customerSock }]
 * @param bus   { onContent: (content, at) => void } — set here, called by the agent sockets
 */
let runs = 0;
async function runLoad(label, { post }, serverPid, chats, bus, rate, seconds) {
  const run = runs++;
  const interval = 1000 / rate;
  const n = chats.length;
  const expected = Math.ceil(n * rate * seconds) + n;
  // Bookkeeping in typed arrays, message k of chat position i at i × perChat + k: Maps and
  // Sets keyed by content strings kept 60,000 entries of each run alive, and the load
  // generator's own major collections (every few seconds) took the cores from the server
  // under test, showing up as its latency.
  const perChat = Math.ceil(rate * seconds) + 2;
  const sentAt = new Float64Array(n * perChat).fill(Number.NaN); // when its POST was issued
  const okAt = new Uint8Array(n * perChat); // 1: its POST answered 200
  const deliveredAt = new Float64Array(n * perChat).fill(Number.NaN); // first delivery on the agent's socket
  const position = new Map(chats.map((c, i) => [c.index, i]));
  let okCount = 0;
  let deliveredCount = 0;
  const statuses = new Map();
  const lat = new Float64Array(expected);
  let latN = 0;
  let lastDelivery = 0;
  let deliveredWithoutSend = 0;
  let okDelivered = 0; // answered 200 and delivered, in whichever order
  bus.onContent = (content, at) => {
    const [r, c, k] = content.split(':').map(Number);
    const i = position.get(c);
    const slot = i === undefined || r !== run || k >= perChat ? -1 : i * perChat + k;
    if (slot < 0 || Number.isNaN(sentAt[slot])) {
      deliveredWithoutSend++;
      return;
    }
    if (!Number.isNaN(deliveredAt[slot])) return;
    deliveredAt[slot] = at;
    deliveredCount++;
    lastDelivery = at;
    if (okAt[slot]) okDelivered++;
  };
  const seq = new Uint32Array(n);
  const cpu0 = { server: cpuMsOf(serverPid), bench: ownCpuMs() };
  const machine0 = machineTicks();
  let rssPeak = 0;
  const rssTimer = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssOf(serverPid).rssMb);
  }, 500);
  let lagMax = 0;

  const t0 = performance.now() + 50;
  const end = t0 + seconds * 1000;
  let round = 0;
  let next = 0; // chat index within the round
  let inFlight = 0;
  let sent = 0;
  const at = (r, i) => t0 + r * interval + (i / n) * interval; // chats spread evenly over the interval
  const sendOne = (i) => {
    const chat = chats[i];
    if (seq[i] >= perChat) throw new Error(`chat ${i} would send more than the ${perChat} messages counted for`);
    const slot = i * perChat + seq[i];
    const content = `${run}:${chat.index}:${seq[i]++}`;
    sentAt[slot] = performance.now();
    inFlight++;
    sent++;
    post('/participant/message', `{"ContentType":"text/plain","Content":"${content}","ClientToken":"${randomUUID()}"}`, {
      'x-amz-bearer': chat.token,
    }).then((res) => {
      inFlight--;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 200) {
        okAt[slot] = 1;
        okCount++;
        if (!Number.isNaN(deliveredAt[slot])) okDelivered++;
      } else if (statuses.get(res.status) === 1) log(`  ${label}: first ${res.status}: ${res.text.slice(0, 200)}`);
    });
  };
  let lastReport = performance.now();
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (true) {
        const due = at(round, next);
        if (due >= end) return resolve();
        if (due > now) break;
        lagMax = Math.max(lagMax, now - due);
        sendOne(next);
        if (++next === n) {
          next = 0;
          round++;
        }
      }
      if (now - lastReport > 5000) {
        lastReport = now;
        log(`  ${label} @${rate}/s per chat: ${sent} sent, ${okCount} ok, ${deliveredCount} delivered, ${inFlight} in flight`);
      }
      setTimeout(tick, 1);
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  const lastSent = performance.now();
  const busy = (ms) => (ms / (lastSent - t0)) * 100;
  const cpu = { serverPct: busy(cpuMsOf(serverPid) - cpu0.server), benchPct: busy(ownCpuMs() - cpu0.bench) };
  const steal = stealPct(machine0, machineTicks());

  // Drain: answers and deliveries still on their way.
  let seen = -1;
  let lastChange = performance.now();
  while (performance.now() - lastChange < DRAIN_IDLE_MS) {
    const now = deliveredCount + okCount;
    if (inFlight === 0 && okDelivered === okCount) break;
    if (now !== seen) {
      seen = now;
      lastChange = performance.now();
    }
    await sleep(20);
  }
  clearInterval(rssTimer);
  bus.onContent = () => undefined;

  // Throughput: durable messages delivered during the load, after a short warm-up (equals the
  // offered rate while the server keeps up, falls below it when it does not).
  const warm = Math.min(1000, (seconds * 1000) / 5);
  let durable = 0;
  let lost = 0;
  let inWindow = 0;
  for (let slot = 0; slot < okAt.length; slot++) {
    if (!okAt[slot]) continue;
    const d = deliveredAt[slot];
    if (Number.isNaN(d)) {
      lost++;
      continue;
    }
    durable++;
    if (d >= t0 + warm && d < end) inWindow++;
    lat[latN++] = d - sentAt[slot];
  }
  if (process.env.BENCH_LAT_DUMP) {
    // Diagnostics: every durable message as [sent at (ms after the first send), latency (ms)].
    const rows = [];
    for (let slot = 0; slot < okAt.length; slot++)
      if (okAt[slot] && !Number.isNaN(deliveredAt[slot]))
        rows.push(`${(sentAt[slot] - t0).toFixed(2)} ${(deliveredAt[slot] - sentAt[slot]).toFixed(2)}`);
    const monoT0 = Number(process.hrtime.bigint() / 1000n) - (performance.now() - t0) * 1000;
    writeFileSync(
      `${process.env.BENCH_LAT_DUMP}-${label}-${rate}.txt`,
      `# t0 ${monoT0.toFixed(0)} µs monotonic\n${rows.join('\n')}\n`,
    );
  }
  const sorted = lat.subarray(0, latN).sort();
  const q = (p) => (latN ? sorted[Math.min(latN - 1, Math.floor(p * latN))] : Number.NaN);
  const overallSec = ((lastDelivery || lastSent) - t0) / 1000;
  const rss = rssOf(serverPid);
  // All the server's CPU from the first send to the end of the drain, per durable message:
  // steal is not CPU time of the process, so this compares two servers' work more steadily
  // than the latencies do.
  const serverCpuMs = cpuMsOf(serverPid) - cpu0.server;
  const result = {
    ratePerChat: rate,
    seconds,
    offeredPerSec: n * rate,
    sent,
    statuses: Object.fromEntries(statuses),
    durable,
    /** POST answered 200, item never reached the agent's socket. */
    lost,
    deliveredNotDurable: deliveredCount - durable,
    deliveredWithoutSend,
    /** Durable messages delivered per second between warm-up and the end of the sends. */
    msgsPerSec: inWindow / ((end - t0 - warm) / 1000),
    /** All durable messages over first send → last delivery. */
    overallMsgsPerSec: durable / overallSec,
    latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: latN ? sorted[latN - 1] : Number.NaN },
    /** How late the load generator issued sends (its own lag: > a few ms means it is the bottleneck). */
    sendLagMaxMs: lagMax,
    cpuPct: cpu,
    /** Server CPU (user + system, all threads) per durable message, first send to end of drain. */
    serverCpuMsPerMsg: durable ? serverCpuMs / durable : Number.NaN,
    /** The machine's CPU time taken by the hypervisor while sending, % (see machineTicks). */
    stealPct: steal,
    rssMb: rss.rssMb,
    rssPeakMb: Math.max(rssPeak, rss.rssMb),
    rssHwmMb: rss.peakMb,
  };
  log(
    `  ${label} @${rate}/s per chat: ${result.msgsPerSec.toFixed(0)} durable msgs/s, p50 ${result.latencyMs.p50.toFixed(1)} ms, ` +
      `p99 ${result.latencyMs.p99.toFixed(1)} ms, ${lost} lost, statuses ${JSON.stringify(result.statuses)}, ` +
      `CPU server ${cpu.serverPct.toFixed(0)}% bench ${cpu.benchPct.toFixed(0)}%, steal ${steal.toFixed(0)}%`,
  );
  return result;
}

/** The main run, then the ramp, on the same chats; a short pause in between lets the throttle buckets refill. */
async function measure(label, client, serverPid, chats, bus) {
  // A server that has run for a while, as one does in production: the first seconds of load
  // on a fresh process run code V8 has not optimised yet (a routing run measured 1.21 ms of
  // server CPU per contact cold against 0.82 ms warm), and at 3,000 msgs/s the queue that
  // builds meanwhile would dominate p99. Both servers get the same warm-up.
  let warmup;
  if (WARMUP_SECONDS > 0) {
    log(`${label}: warm-up, ${chats.length} chats × 1 msg/s for ${WARMUP_SECONDS} s (not in the tables)`);
    warmup = await runLoad(`${label} warm-up`, client, serverPid, chats, bus, 1, WARMUP_SECONDS);
    await sleep(2500);
  }
  log(`${label}: ${chats.length} chats × ${RATE} msgs/s for ${SECONDS} s`);
  const main = await leastStolen(() => runLoad(label, client, serverPid, chats, bus, RATE, SECONDS));
  const ramp = [];
  for (const r of RAMP) {
    await sleep(2500);
    ramp.push(await leastStolen(() => runLoad(`${label} ramp`, client, serverPid, chats, bus, r, RAMP_SECONDS)));
  }
  return { warmup, main, ramp };
}

/** Runs `run` until the hypervisor stole at most STEAL_CLEAN_PCT, or out of retries: the run with the least steal. */
async function leastStolen(run) {
  const attempts = [];
  let best;
  for (let i = 0; i <= STEAL_RETRIES; i++) {
    if (i > 0) {
      log(`  steal ${attempts.at(-1).stealPct.toFixed(1)} % > ${STEAL_CLEAN_PCT} %: running it again`);
      await sleep(2500); // the throttle buckets refill
    }
    const r = await run();
    attempts.push({ stealPct: r.stealPct, p99Ms: r.latencyMs.p99, msgsPerSec: r.msgsPerSec });
    if (!best || r.stealPct < best.stealPct) best = r;
    // No /proc/stat (steal unknown): nothing to judge a retry by.
    if (!Number.isFinite(r.stealPct) || r.stealPct <= STEAL_CLEAN_PCT) break;
  }
  best.attempts = attempts;
  return best;
}

// ---------------------------------------------------------------------------------------
// Switchboard

function instanceFile() {
  return {
    ...benchInstanceBase('bench-chat', KEY, 'bench/chat.mjs'),
    queues: [{ name: 'Chats', hoursOfOperation: 'Always' }],
    routingProfiles: [
      {
        name: 'Chat agents',
        defaultOutboundQueue: 'Chats',
        concurrency: { CHAT: SLOTS },
        queues: [{ queue: 'Chats', channel: 'CHAT', priority: 1, delay: 0 }],
      },
    ],
    users: Array.from({ length: AGENTS }, (_, i) => ({
      username: `agent${String(i).padStart(3, '0')}`,
      routingProfile: 'Chat agents',
      securityProfiles: ['Agent'],
    })),
    contactFlows: [{ name: 'Chat inbound', type: 'CONTACT_FLOW', queue: 'Chats' }],
  };
}

const connectClient = (url) =>
  new ConnectClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: KEY,
    maxAttempts: 1,
    requestHandler: { httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }) },
  });

/**
 * A simulated agent desktop: Available, accepts every offer, gets the chat tokens as the CCP
 * does, then opens the agent's participant socket for the chat.
 */
class Agent {
  constructor(client, onChat, errors) {
    this.client = client;
    this.onChat = onChat; // (contactId, agentSock) => void
    this.errors = errors;
    this.handled = new Set();
    this.pending = new Map();
    this.nextId = 1;
    /** The configuration of the latest snapshot that carried one (the server sends it only when it changed). */
    this.configuration = undefined;
  }

  open(wsUrl) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
      this.ws = ws;
      let first = true;
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('agent socket: no first snapshot within 30 s'));
      }, 30_000);
      ws.on('message', (raw) => {
        const msg = JSON.parse(raw.toString());
        // A delta (docs/agent-api.md) carries the contacts that changed: new offers are among them.
        if (msg.type === 'snapshot' || msg.type === 'delta') {
          this.configuration = msg.data?.configuration ?? this.configuration;
          if (first) {
            first = false;
            clearTimeout(timer);
            resolve(this);
          }
          this.onSnapshot(msg.data);
        } else if (msg.id !== undefined && this.pending.has(String(msg.id))) {
          const p = this.pending.get(String(msg.id));
          this.pending.delete(String(msg.id));
          if (msg.type === 'result') p.resolve(msg.data);
          else p.reject(new Error(`${p.method}: ${msg.error?.type}: ${msg.error?.message}`));
        }
      });
      ws.once('unexpected-response', (_req, res) => reject(new Error(`agent upgrade refused: ${res.statusCode}`)));
      ws.on('error', (err) => {
        if (first) reject(err);
      });
      ws.on('close', (code, reason) => {
        for (const p of this.pending.values()) p.reject(new Error(`${p.method}: socket closed (${code} ${reason})`));
        this.pending.clear();
        if (!this.closing) this.errors.push(`agent socket closed by the server: ${code} ${reason}`);
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

  onSnapshot(data) {
    for (const c of data?.snapshot?.contacts ?? []) {
      if (c.state?.type !== 'connecting' || this.handled.has(c.contactId)) continue;
      this.handled.add(c.contactId);
      this.take(c).catch((err) => this.errors.push(`taking ${c.contactId}: ${err.message}`));
    }
  }

  /** As agentChatTokens (test/chat-support.ts), then accept, connect and subscribe. */
  async take(contact) {
    const conn = contact.connections.find((x) => x.type === 'agent');
    const participantToken = JSON.parse(conn.chatMediaInfo?.connectionData ?? '{}').ConnectionAuthenticationToken;
    const transport = await this.command('createTransport', {
      transportType: 'chat_token',
      contactId: contact.contactId,
      participantId: conn.connectionId,
    });
    if (!transport?.chatTokenTransport?.participantToken) throw new Error('createTransport: no chat token');
    await this.command('acceptContact', { contactId: contact.contactId });
    const res = await this.client.post(
      '/participant/connection',
      { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true },
      { 'x-amz-bearer': participantToken },
    );
    if (res.status !== 200) throw new Error(`agent CreateParticipantConnection: ${res.status} ${res.text.slice(0, 200)}`);
    const sock = await openParticipantSocket(JSON.parse(res.text).Websocket.Url, (content, at) =>
      this.onChat.deliver(content, at),
    );
    this.onChat.ready(contact.contactId, sock);
  }

  close() {
    this.closing = true;
    this.ws?.terminate();
  }
}

async function benchSwitchboard() {
  log(`switchboard: starting the server (${AGENTS} agents × ${SLOTS} chat slots)`);
  const srv = await spawnSwitchboard(tmp, instanceFile());
  const pid = srv.child.pid;
  const agents = [];
  const sockets = [];
  const errors = [];
  const client = httpClient(srv.url);
  const connect = connectClient(srv.url);
  try {
    log(`switchboard: up at ${srv.url} (pid ${pid}, RSS ${rssOf(pid).rssMb.toFixed(0)} MB)`);
    const instances = await listAll(connect, ListInstancesCommand, {}, 'InstanceSummaryList');
    const instanceId = (instances.find((x) => x.InstanceAlias === 'bench-chat') ?? instances[0])?.Id;
    if (!instanceId) throw new Error('ListInstances: no instance');
    const users = await listAll(connect, ListUsersCommand, { InstanceId: instanceId, MaxResults: 1000 }, 'UserSummaryList');
    const userIds = users.filter((u) => /^agent\d{3,}$/.test(u.Username ?? '')).map((u) => u.Id);
    if (userIds.length !== AGENTS) throw new Error(`ListUsers: ${userIds.length} agents, expected ${AGENTS}`);
    const flows = await listAll(connect, ListContactFlowsCommand, { InstanceId: instanceId }, 'ContactFlowSummaryList');
    const flowId = flows.find((f) => f.Name === 'Chat inbound')?.Id;
    if (!flowId) throw new Error('ListContactFlows: no "Chat inbound" flow');

    log(`switchboard: minting ${AGENTS} agent tokens, connecting the agents`);
    const tickAgents = progress('agents Available', AGENTS);
    // Chats by contact id: the customer's side (from StartChatContact) and the agent's (from the offer).
    const byContact = new Map();
    const agentReady = new Map(); // contactId → resolve
    const bus = { onContent: () => undefined };
    const onChat = {
      deliver: (content, at) => bus.onContent(content, at),
      ready: (contactId, sock) => {
        sockets.push(sock);
        const c = byContact.get(contactId) ?? {};
        c.agentSock = sock;
        byContact.set(contactId, c);
        agentReady.get(contactId)?.();
      },
    };
    const wsBase = `${srv.url.replace(/^http/, 'ws')}/agent/v1/ws?token=`;
    await pool(AGENTS, 16, async (i) => {
      const token = await mintToken(srv.url, KEY, instanceId, userIds[i]);
      const a = new Agent(client, onChat, errors);
      agents.push(a);
      await a.open(wsBase + encodeURIComponent(token));
      const available = a.configuration?.agentStates?.find((s) => s.name === 'Available')?.agentStateARN;
      if (!available) throw new Error('no Available state in the agent configuration');
      await a.command('putAgentState', { state: { agentStateARN: available } });
      tickAgents();
    });

    log(
      `switchboard: starting ${CHATS} chats (StartChatContact, customer CreateParticipantConnection + socket, agent accept + socket)`,
    );
    const tickChats = progress('chats ready', CHATS);
    const chats = [];
    const t0 = performance.now();
    await pool(CHATS, 16, async (i) => {
      const started = await connect.send(
        new StartChatContactCommand({
          InstanceId: instanceId,
          ContactFlowId: flowId,
          ParticipantDetails: { DisplayName: `c${i}` },
        }),
      );
      const agentSide = new Promise((resolve, reject) => {
        if (byContact.get(started.ContactId)?.agentSock) return resolve();
        agentReady.set(started.ContactId, resolve);
        setTimeout(
          () => reject(new Error(`chat ${i}: the agent's socket was not ready within 60 s (${errors[0] ?? ''})`)),
          60_000,
        );
      });
      const res = await client.post(
        '/participant/connection',
        { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] },
        { 'x-amz-bearer': started.ParticipantToken },
      );
      if (res.status !== 200) throw new Error(`customer CreateParticipantConnection: ${res.status} ${res.text.slice(0, 200)}`);
      const out = JSON.parse(res.text);
      const customerSock = await openParticipantSocket(out.Websocket.Url, undefined);
      sockets.push(customerSock);
      await agentSide;
      chats[i] = {
        index: i,
        contactId: started.ContactId,
        token: out.ConnectionCredentials.ConnectionToken,
        customerSock,
        agentSock: byContact.get(started.ContactId).agentSock,
      };
      tickChats();
    });
    const setupSec = (performance.now() - t0) / 1000;
    const rssBefore = rssOf(pid);
    log(`switchboard: ${CHATS} chats ready in ${setupSec.toFixed(1)} s; server RSS ${rssBefore.rssMb.toFixed(0)} MB`);

    const result = await measure('switchboard', client, pid, chats, bus);
    const closed = sockets.filter((s) => s.closedUnexpectedly).map((s) => s.closedUnexpectedly);
    return {
      ...result,
      setupSec,
      rssBeforeLoadMb: rssBefore.rssMb,
      rssHwmMb: rssOf(pid).peakMb,
      errors: [...new Set(errors)].slice(0, 10),
      unexpectedCloses: closed.length,
      closeReasons: [...new Set(closed)].slice(0, 5),
      serverLog: srv.logLines.slice(0, 20),
      serverLogLines: srv.logLines.length,
    };
  } finally {
    for (const s of sockets) {
      s.closing = true;
      s.ws.terminate();
    }
    for (const a of agents) a.close();
    connect.destroy();
    client.close();
    await stopServer(srv);
  }
}

// ---------------------------------------------------------------------------------------
// Bare baseline: node:http + ws + better-sqlite3, one insert and two pushes per message.

const BASELINE = `
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { WebSocketServer } = require('ws');
const Database = require('better-sqlite3');
const db = new Database(process.env.BENCH_DB);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table items (id text primary key, chat integer not null, participant text not null, content_type text not null, content text not null, created_at integer not null)');
const insert = db.prepare('insert into items (id, chat, participant, content_type, content, created_at) values (?, ?, ?, ?, ?, ?)');
const sockets = new Map(); // token ("<chat>:customer" | "<chat>:agent") → Set of subscribed sockets
const peer = (t) => t.endsWith(':customer') ? t.replace(/:customer$/, ':agent') : t.replace(/:agent$/, ':customer');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const token = String(req.headers['x-amz-bearer'] ?? '');
    let body;
    try { body = JSON.parse(Buffer.concat(chunks).toString()); } catch { body = undefined; }
    if (!body || typeof body.Content !== 'string' || !sockets.has(token)) {
      res.statusCode = 400;
      res.setHeader('x-amzn-errortype', 'ValidationException');
      return res.end('{"message":"bad request"}');
    }
    const now = Date.now();
    const chat = Number(token.split(':')[0]);
    const item = { Id: randomUUID(), AbsoluteTime: new Date(now).toISOString(), Type: 'MESSAGE', ContentType: body.ContentType, Content: body.Content, ParticipantId: token, ParticipantRole: 'CUSTOMER', ContactId: String(chat), InitialContactId: String(chat) };
    insert.run(item.Id, chat, token, item.ContentType, item.Content, now);
    const frame = JSON.stringify({ topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(item) });
    for (const t of [token, peer(token)]) for (const ws of sockets.get(t) ?? []) ws.send(frame);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ Id: item.Id, AbsoluteTime: item.AbsoluteTime }));
  });
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => {
  const token = new URL(req.url, 'http://x').searchParams.get('token') ?? '';
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString());
    if (msg.topic === 'aws/subscribe') {
      const set = sockets.get(token) ?? new Set();
      sockets.set(token, set);
      set.add(ws);
      ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { status: 'success', topics: ['aws/chat'] } }));
    } else if (msg.topic === 'aws/heartbeat') ws.send('{"topic":"aws/heartbeat"}');
  });
  ws.on('close', () => sockets.get(token)?.delete(ws));
});
server.listen(0, '127.0.0.1', function () { console.log('baseline is up at http://127.0.0.1:' + this.address().port); });
`;

async function benchBaseline() {
  log('baseline: starting node:http + ws + better-sqlite3');
  const srv = await spawnServer('baseline', ['-e', BASELINE], { BENCH_DB: path.join(tmp, 'baseline.db') });
  const pid = srv.child.pid;
  const client = httpClient(srv.url);
  const sockets = [];
  try {
    const bus = { onContent: () => undefined };
    const wsBase = `${srv.url.replace(/^http/, 'ws')}/participant/ws?token=`;
    const tick = progress('baseline chats ready', CHATS);
    const chats = [];
    await pool(CHATS, 16, async (i) => {
      const customerSock = await openParticipantSocket(`${wsBase}${i}:customer`, undefined);
      const agentSock = await openParticipantSocket(`${wsBase}${i}:agent`, (content, at) => bus.onContent(content, at));
      sockets.push(customerSock, agentSock);
      chats[i] = { index: i, token: `${i}:customer`, customerSock, agentSock };
      tick();
    });
    const result = await measure('baseline', client, pid, chats, bus);
    return { ...result, rssHwmMb: rssOf(pid).peakMb };
  } finally {
    for (const s of sockets) {
      s.closing = true;
      s.ws.terminate();
    }
    client.close();
    await stopServer(srv);
  }
}

// ---------------------------------------------------------------------------------------

/** The highest ramp rate whose run kept p99 ≤ target, delivered ≥ 95 % of what was offered, and lost nothing. */
function sustained(ramp) {
  let best;
  for (const r of ramp) {
    const ok =
      r.latencyMs.p99 <= TARGET.p99Ms &&
      r.msgsPerSec >= 0.95 * r.offeredPerSec &&
      r.lost === 0 &&
      (r.statuses[200] ?? 0) === r.sent;
    r.sustained = ok;
    if (ok && (!best || r.msgsPerSec > best.msgsPerSec)) best = r;
  }
  return best;
}

let sb;
let base;
const loadAtStart = os.loadavg()[0];
const haltPolling = vcpuHaltPollingFromFlags('bench/chat.mjs', values);
log(haltPolling.note);
try {
  log(
    `chat bench: ${CHATS} chats, ${RATE} msgs/s per chat for ${SECONDS} s` +
      `${RAMP.length ? `, ramp ${RAMP.join(',')} msgs/s per chat × ${RAMP_SECONDS} s` : ''}${values.quick ? ' (quick)' : ''}`,
  );
  if (values.only !== 'baseline') sb = await benchSwitchboard();
  if (values.only !== 'switchboard') base = await benchBaseline();
} catch (err) {
  log(`chat bench failed: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  killAll();
}

if (sb && base) {
  const f = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');
  const attemptsCell = (r) => (r.attempts ?? []).map((a) => f(a.stealPct)).join(', ') || '—';
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');
  const mark = (ok) => (ok ? 'PASS' : 'MISS');
  const full = CHATS >= TARGET.atChats;
  const target = (text, ok) => `${text}  ${full ? mark(ok) : '(n/a)'}`;
  const s = sb.main;
  const b = base.main;
  const sbBest = sustained(sb.ramp);
  const baseBest = sustained(base.ramp);
  // Only Switchboard sustained a rate: it did better than the baseline in this run (∞).
  const rampRatio = sbBest && baseBest ? sbBest.msgsPerSec / baseBest.msgsPerSec : sbBest ? Number.POSITIVE_INFINITY : 0;
  const rows = [
    ['offered msgs/s', f(s.offeredPerSec), f(b.offeredPerSec), '', ''],
    [
      'durable msgs/s (POST 200 + delivered)',
      f(s.msgsPerSec),
      f(b.msgsPerSec),
      ratio(s.msgsPerSec, b.msgsPerSec),
      target(`≥ ${TARGET.msgsPerSec}`, s.msgsPerSec >= TARGET.msgsPerSec),
    ],
    ['send→deliver p50 (ms)', f(s.latencyMs.p50, 1), f(b.latencyMs.p50, 1), ratio(s.latencyMs.p50, b.latencyMs.p50), ''],
    ['send→deliver p90 (ms)', f(s.latencyMs.p90, 1), f(b.latencyMs.p90, 1), ratio(s.latencyMs.p90, b.latencyMs.p90), ''],
    [
      'send→deliver p99 (ms)',
      f(s.latencyMs.p99, 1),
      f(b.latencyMs.p99, 1),
      ratio(s.latencyMs.p99, b.latencyMs.p99),
      target(`≤ ${TARGET.p99Ms}`, s.latencyMs.p99 <= TARGET.p99Ms),
    ],
    ['send→deliver max (ms)', f(s.latencyMs.max, 1), f(b.latencyMs.max, 1), '', ''],
    ['POSTs sent / answered 200', `${s.sent}/${s.statuses[200] ?? 0}`, `${b.sent}/${b.statuses[200] ?? 0}`, '', ''],
    ['durable but never delivered', f(s.lost), f(b.lost), '', ''],
    ['server CPU under load (% of a core)', f(s.cpuPct.serverPct), f(b.cpuPct.serverPct), '', ''],
    [
      'server CPU per message, all threads (ms)',
      f(s.serverCpuMsPerMsg, 3),
      f(b.serverCpuMsPerMsg, 3),
      ratio(s.serverCpuMsPerMsg, b.serverCpuMsPerMsg),
      '',
    ],
    ['bench CPU under load (% of a core)', f(s.cpuPct.benchPct), f(b.cpuPct.benchPct), '', ''],
    ['machine CPU stolen by the hypervisor (%)', f(s.stealPct), f(b.stealPct), '', ''],
    ['runs measured, steal % of each (least kept)', attemptsCell(s), attemptsCell(b), '', ''],
    ['server RSS at end of run (MB)', f(s.rssMb), f(b.rssMb), ratio(s.rssMb, b.rssMb), ''],
    ['server RSS peak, VmHWM (MB)', f(sb.rssHwmMb), f(base.rssHwmMb), ratio(sb.rssHwmMb, base.rssHwmMb), ''],
  ];
  if (RAMP.length)
    rows.push([
      `ramp: best rate with p99 ≤ ${TARGET.p99Ms} ms (msgs/s)`,
      sbBest ? `${f(sbBest.msgsPerSec)} @${sbBest.ratePerChat}` : 'none',
      baseBest ? `${f(baseBest.msgsPerSec)} @${baseBest.ratePerChat}` : 'none',
      Number.isFinite(rampRatio) ? `${rampRatio.toFixed(2)}×` : '∞',
      target(`≥ ${TARGET.ratio}×`, rampRatio >= TARGET.ratio),
    ]);
  const w = [44, 14, 14, 8, 16];
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('');
  console.log(
    `\nChat: ${CHATS} chats (customer + agent participant sockets), ${RATE} msgs/s per chat for ${SECONDS} s, ` +
      `${IN_FLIGHT} POSTs in flight at most (node ${process.version}, ${os.cpus().length} CPUs shared by bench and server; ` +
      `load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end; ${haltPolling.note})\n`,
  );
  console.log(line(['', 'switchboard', 'baseline', 'ratio', 'target']));
  for (const r of rows) console.log(line(r));
  if (RAMP.length) {
    console.log(
      `\nRamp (${RAMP_SECONDS} s per rate; ✓ = sustained: p99 ≤ ${TARGET.p99Ms} ms, ≥ 95 % delivered, no errors; ` +
        `steal: % of each run, one with ≤ ${STEAL_CLEAN_PCT} % or the least kept)\n`,
    );
    const rw = [16, 12, 9, 9, 3, 12, 12, 14, 9, 9, 3, 12, 12];
    const rline = (cells) => cells.map((c, i) => String(c).padStart(rw[i])).join('');
    console.log(
      rline([
        'msgs/s per chat',
        'sb msgs/s',
        'p50',
        'p99',
        '',
        'cpu s/b',
        'steal',
        'base msgs/s',
        'p50',
        'p99',
        '',
        'cpu s/b',
        'steal',
      ]),
    );
    RAMP.forEach((r, i) => {
      const x = sb.ramp[i];
      const y = base.ramp[i];
      console.log(
        rline([
          r,
          f(x.msgsPerSec),
          f(x.latencyMs.p50, 1),
          f(x.latencyMs.p99, 1),
          x.sustained ? '✓' : '✗',
          `${f(x.cpuPct.serverPct)}/${f(x.cpuPct.benchPct)}`,
          attemptsCell(x),
          f(y.msgsPerSec),
          f(y.latencyMs.p50, 1),
          f(y.latencyMs.p99, 1),
          y.sustained ? '✓' : '✗',
          `${f(y.cpuPct.serverPct)}/${f(y.cpuPct.benchPct)}`,
          attemptsCell(y),
        ]),
      );
    });
  }
  console.log(
    '\nbaseline: node:http + ws + better-sqlite3 (WAL, synchronous=NORMAL), one insert + a frame to both sockets per POST, same client code',
  );
  if (!full) console.log(`targets apply at ${TARGET.atChats} chats: not judged at ${CHATS}`);

  const problems = [];
  const runs = [
    ['switchboard', s],
    ['baseline', b],
    ...sb.ramp.map((r) => [`switchboard ramp @${r.ratePerChat}`, r]),
    ...base.ramp.map((r) => [`baseline ramp @${r.ratePerChat}`, r]),
  ];
  for (const [name, r] of runs) {
    const non200 = Object.entries(r.statuses).filter(([k]) => k !== '200');
    if (non200.length) problems.push(`${name}: POST answers other than 200: ${JSON.stringify(Object.fromEntries(non200))}`);
    if (r.lost) problems.push(`${name}: ${r.lost} durable messages never reached the agent's socket`);
    if (r.deliveredNotDurable)
      problems.push(`${name}: ${r.deliveredNotDurable} delivered messages whose POST did not answer 200`);
    if (r.cpuPct.benchPct >= 90)
      problems.push(`${name}: the load generator used ${f(r.cpuPct.benchPct)}% of a core: it may be the bottleneck`);
    if (r.sendLagMaxMs > 50) problems.push(`${name}: sends were issued up to ${f(r.sendLagMaxMs)} ms late (load generator lag)`);
  }
  if (sb.errors.length) problems.push(`switchboard agent errors: ${sb.errors.join('; ')}`);
  if (sb.unexpectedCloses)
    problems.push(`${sb.unexpectedCloses} participant sockets closed by the server: ${sb.closeReasons.join('; ')}`);
  if (sb.serverLogLines)
    problems.push(`server logged ${sb.serverLogLines} warn/error lines, first: ${sb.serverLog[0]?.slice(0, 300)}`);
  console.log(
    `switchboard setup: ${CHATS} chats ready in ${f(sb.setupSec, 1)} s; RSS before the load ${f(sb.rssBeforeLoadMb)} MB`,
  );
  console.log(problems.length ? `problems:\n  - ${problems.join('\n  - ')}` : 'no errors, nothing lost');

  const out = path.join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, values.quick ? 'chat-quick.json' : 'chat.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
        vcpuHaltPollNs: haltPolling.ns,
        chats: CHATS,
        ratePerChat: RATE,
        seconds: SECONDS,
        warmup: { ratePerChat: 1, seconds: WARMUP_SECONDS },
        ramp: { rates: RAMP, seconds: RAMP_SECONDS },
        inFlight: IN_FLIGHT,
        quick: values.quick,
        targets: TARGET,
        pass: full
          ? {
              msgsPerSec: s.msgsPerSec >= TARGET.msgsPerSec,
              p99: s.latencyMs.p99 <= TARGET.p99Ms,
              ratio: RAMP.length ? rampRatio >= TARGET.ratio : null,
            }
          : null,
        // JSON has no infinity: null there when only Switchboard sustained a rate.
        rampBest: {
          switchboard: sbBest?.ratePerChat ?? null,
          baseline: baseBest?.ratePerChat ?? null,
          ratio: Number.isFinite(rampRatio) ? rampRatio : null,
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
