// Routing benchmark: how fast and how predictably Switchboard offers chats to agents.
//
// What is measured. N simulated agent desktops (one websocket each, Available) and chats
// started with StartChatContact (PUT /contact/chat, signed with SigV4) at a fixed offered
// rate. For every chat: the time from its *scheduled* start to the moment its agent's socket
// shows the offer (the contact in state `connecting` in a pushed snapshot). Per run: achieved
// routing decisions/s, p50/p90/p99/max latency, offers lost, server and bench CPU (and the
// server's main thread: its CPU, and its time ready to run without a CPU), server RSS.
// The same client code then runs against a bare baseline (node:http + ws + better-sqlite3
// doing the protocol's minimum work), and a ramp of rates finds the highest one each server
// sustains.
//
// Why open-loop. A closed loop (K requests in flight, the next sent when one answers) slows
// down with the server: latency ≈ K / throughput by construction, and a server that stalls
// also stalls the load, so its queueing never shows (coordinated omission). Here chat i is
// due at t0 + i / rate whatever happens, and its latency counts from then: a server that
// falls behind shows it in p99 and in achieved < offered.
//
// Scenarios. By default the agents accept every offer and keep it (CHAT concurrency 10, so
// 1,000 agents hold 10,000 chats): routing alone. With --lifecycle they run the whole
// contact (accept, end, clear; concurrency 3). Before every run the agents release what they
// hold, so each run starts with every slot free; a short warm-up (200 chats at 200/s, not in
// the tables; --warmup N for more) precedes the main run.
//
// The machine. The bench leaves the machine's settings as they are. --halt-polling sets the
// vCPUs' guest halt polling to Linux's default, 200 µs, for the run and restores the
// machine's value at exit (root only; see vcpuHaltPolling in lib.mjs); the table's title says
// which setting the run measured under. The runs in docs/performance.md made "with halt
// polling" had it set (the default then); repeating them needs --halt-polling.
// --machine-as-is, the old opt-out, is accepted (with a note) and does nothing.
//
//   node bench/routing.mjs [--quick] [--lifecycle] [--agents N] [--contacts N] [--rate N]
//     [--ramp 500,1000,… | none] [--ramp-seconds S] [--connections N] [--warmup N]
//     [--only switchboard|baseline] [--halt-polling]
//
// BENCH_SERVER_NODE_ARGS: extra node flags for the Switchboard server, e.g.
// "--cpu-prof --cpu-prof-dir=/tmp/prof".
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ConnectClient, ListContactFlowsCommand, ListInstancesCommand, ListUsersCommand } from '@aws-sdk/client-connect';
import { Pool } from 'undici';
import { applyAgentDelta } from '@switchboard/core';
import WebSocket from 'ws';
import {
  cpuMsOf,
  killAll,
  listAll,
  log,
  mintToken,
  machineTicks,
  ownCpuMs,
  pool,
  progress,
  root,
  rssOf,
  scratchDir,
  sleep,
  spawnServer,
  spawnSwitchboard,
  benchInstanceBase,
  stealPct,
  vcpuHaltPollingFromFlags,
  waitingMsOf,
  stopServer,
  relaunchWithLoadGeneratorHeap,
} from './lib.mjs';

relaunchWithLoadGeneratorHeap();

// ---------------------------------------------------------------------------------------
// Options

const fail = (message) => {
  log(`bench/routing.mjs: ${message}`);
  process.exit(2);
};

let values;
try {
  ({ values } = parseArgs({
    options: {
      agents: { type: 'string' },
      contacts: { type: 'string' },
      rate: { type: 'string' },
      ramp: { type: 'string', default: '500,1000,1500,2000,2500,3000' },
      'ramp-seconds': { type: 'string', default: '3' },
      // Enough that the client never throttles the load: each connection waits for its answer,
      // and a server that commits in groups answers a group at once, so with 32 at most 32
      // starts could share a commit (measured: 0.93–0.96 ms of server CPU per contact with
      // 32, 0.76–0.82 with 128, same build, alternating runs).
      connections: { type: 'string', default: '128' },
      warmup: { type: 'string' },
      lifecycle: { type: 'boolean', default: false },
      /** Set the vCPUs' halt polling to 200 µs for the run (lib.mjs vcpuHaltPolling); by default the machine is left as it is. */
      'halt-polling': { type: 'boolean', default: false },
      /** The old opt-out from --halt-polling's change, now the default: accepted, does nothing. */
      'machine-as-is': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      /** Run one side only (for investigating); the comparison needs both. */
      only: { type: 'string' },
    },
  }));
} catch (err) {
  fail(err.message);
}

const MAX_RATE = 100_000;
const integer = (name, raw, min, max) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  return n;
};
const positive = (name, raw, max) => {
  const n = Number(raw);
  if (!(n > 0 && n <= max)) fail(`--${name} must be a number above 0 and at most ${max}, got '${raw}'`);
  return n;
};

const QUICK = values.quick;
const LIFECYCLE = values.lifecycle;
const AGENTS = integer('agents', values.agents ?? (QUICK ? 50 : 1000), 1, 10_000);
const CONTACTS = integer('contacts', values.contacts ?? (QUICK ? 500 : 10_000), 1, 1_000_000);
const RATE = positive('rate', values.rate ?? (QUICK ? 500 : 2000), MAX_RATE);
const RAMP = values.ramp === 'none' ? [] : values.ramp.split(',').map((r) => positive('ramp', r.trim(), MAX_RATE));
const RAMP_SECONDS = positive('ramp-seconds', values['ramp-seconds'], 600);
const CONNECTIONS = integer('connections', values.connections, 1, 1024);
const ONLY = values.only;
if (ONLY !== undefined && ONLY !== 'switchboard' && ONLY !== 'baseline')
  fail(`--only must be 'switchboard' or 'baseline', got '${ONLY}'`);

/** CHAT concurrency of the routing profiles: slots per agent. */
const SLOTS = LIFECYCLE ? 3 : 10;
if (!LIFECYCLE && CONTACTS > AGENTS * SLOTS)
  fail(
    `--contacts ${CONTACTS}: ${AGENTS} agents keeping their chats hold at most ${AGENTS * SLOTS} (${SLOTS} each); ` +
      'start fewer, add agents, or use --lifecycle',
  );
/** A ramp step starts at most this many chats (in the keep scenario, every slot once). */
const STEP_MAX = AGENTS * 10;
/**
 * Before the main run, unreported: opens the pool's connections and warms the JIT of both
 * sides, which would otherwise dominate the latency of a short run. A longer warm-up
 * (--warmup 3000) lowered Switchboard's CPU per contact by about a tenth in the main run
 * (0.76–0.84 ms against 0.91–0.93) but raised its peak RSS from 261–266 MB to 349–356 MB:
 * the server then also holds the 2,000 most recent ended chats (routing/instance.ts), and
 * V8 grows its heap with the longer run. The default keeps the scenario the issue states:
 * 10,000 chats on a fresh server.
 */
const WARMUP_CONTACTS = Math.min(integer('warmup', values.warmup ?? 200, 1, 1_000_000), STEP_MAX);
const WARMUP = { contacts: WARMUP_CONTACTS, rate: Math.max(200, Math.min(1000, Math.round(WARMUP_CONTACTS / 4))) };

const TARGET = { p99Ms: 20, decisionsPerSec: 2000, rssMb: 300, atAgents: 1000 };
/** Targets are judged on the main run at their own scale only. */
const AT_SCALE = RATE >= TARGET.decisionsPerSec && AGENTS >= TARGET.atAgents;
const QUEUES = 10;
const KEY = { accessKeyId: 'SBBENCHROUTING000001', secretAccessKey: 'switchboard-bench-routing-secret' };
/** A started contact not offered this long after the last start of its run is lost. */
const LOST_AFTER_MS = 10_000;
/** How long the agents may take to release what they hold before a run. */
const RELEASE_TIMEOUT_MS = 60_000;
const RSS_SAMPLE_MS = 250;
/** Sends issued later than this behind schedule mean the load generator is the bottleneck. */
const MAX_LAG_MS = 50;
const MAX_BENCH_CPU_PCT = 90;

const tmp = scratchDir('sb-bench-routing-');

// ---------------------------------------------------------------------------------------
// Simulated agents

/** Per-run counters of what the agents did and saw (reset when a run starts, before its release). */
const newCounts = () => ({
  accepted: 0,
  ended: 0,
  cleared: 0,
  missed: 0,
  commandErrors: new Map(),
  frameErrors: new Map(),
  unexpectedCloses: new Map(),
});

const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * What the agents of one server share: when each contact was first seen offered, how many
 * contacts they hold now, whether they are releasing them, and the current run's counters.
 */
const newFleet = () => ({ offerAt: new Map(), held: 0, heldPeak: 0, releasing: false, counts: newCounts() });

/**
 * An agent desktop on the agent websocket (docs/agent-api.md). It accepts every offer; it
 * ends and clears its contacts when the fleet runs the whole lifecycle or is releasing.
 */
class Agent {
  constructor(fleet) {
    this.fleet = fleet;
    this.sent = new Map(); // contactId → the last command sent for it: 'accept' | 'end' | 'clear'
    this.pending = new Map(); // command id → { method, resolve, reject }
    this.nextId = 1;
    this.latest = undefined; // data of the last snapshot
    this.configuration = undefined; // the last one pushed (not every push carries it)
    this.held = 0; // contacts in the last snapshot
    this.closing = false;
  }

  /** Resolves once the first snapshot arrived (both servers push one on connect). */
  open(wsUrl) {
    return new Promise((resolve, reject) => {
      // As chat.mjs: no compression offered, no UTF-8 check of what the server sends (bench CPU).
      const ws = new WebSocket(wsUrl, { perMessageDeflate: false, skipUTF8Validation: true });
      this.ws = ws;
      let first = true;
      const timer = setTimeout(() => {
        reject(new Error(`${wsUrl.replace(/token=.*/, 'token=…')}: no first snapshot within 30 s`));
        ws.terminate();
      }, 30_000);
      ws.on('message', (raw) => {
        const now = performance.now();
        let msg;
        try {
          msg = JSON.parse(raw.toString());
        } catch {
          bump(this.fleet.counts.frameErrors, `not JSON: ${raw.toString().slice(0, 80)}`);
          return;
        }
        if (msg.type === 'snapshot' || msg.type === 'delta') {
          // Deltas (docs/agent-api.md) apply to the data of the last push, as a CCP does.
          const data =
            msg.type === 'snapshot'
              ? msg.data
              : this.latest && msg.base <= this.version
                ? applyAgentDelta(this.latest, msg.data)
                : undefined;
          if (!data) {
            bump(this.fleet.counts.frameErrors, `delta ${msg.version} (base ${msg.base}) does not apply`);
            return;
          }
          this.latest = data;
          this.version = msg.version;
          if (msg.data?.configuration) this.configuration = msg.data.configuration;
          this.onSnapshot(data, now);
          if (first) {
            first = false;
            clearTimeout(timer);
            resolve(this);
          }
        } else if (msg.id !== undefined && this.pending.has(String(msg.id))) {
          const p = this.pending.get(String(msg.id));
          this.pending.delete(String(msg.id));
          if (msg.type === 'result') p.resolve(msg.data);
          else p.reject(new Error(`${p.method}: ${msg.error?.type}: ${msg.error?.message}`));
        } else if (msg.type === 'error') {
          bump(this.fleet.counts.frameErrors, `${msg.error?.type}: ${String(msg.error?.message).slice(0, 160)}`);
        }
      });
      ws.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`upgrade refused: ${res.statusCode} ${res.headers['x-amzn-errortype'] ?? ''}`));
      });
      ws.on('error', (err) => {
        if (first) {
          clearTimeout(timer);
          reject(err);
        }
      });
      ws.on('close', (code, reason) => {
        clearTimeout(timer);
        for (const p of this.pending.values()) p.reject(new Error(`${p.method}: socket closed (${code} ${reason})`));
        this.pending.clear();
        if (first) reject(new Error(`socket closed before the first snapshot: ${code} ${reason}`));
        if (!this.closing) bump(this.fleet.counts.unexpectedCloses, `${code} ${reason}`);
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

  /** Fire and forget, as a desktop reacting to a push: failures are counted, not thrown. */
  act(method, contactId) {
    this.command(method, { contactId }).catch((err) => bump(this.fleet.counts.commandErrors, err.message.slice(0, 200)));
  }

  onSnapshot(data, now) {
    const { fleet } = this;
    const contacts = data?.snapshot?.contacts ?? [];
    fleet.held += contacts.length - this.held;
    this.held = contacts.length;
    if (fleet.held > fleet.heldPeak) fleet.heldPeak = fleet.held;
    const finish = LIFECYCLE || fleet.releasing;
    for (const c of contacts) {
      const id = c.contactId;
      const state = c.state?.type;
      const sent = this.sent.get(id);
      if (state === 'connecting') {
        if (!fleet.offerAt.has(id)) fleet.offerAt.set(id, now);
        if (sent === undefined) {
          this.sent.set(id, 'accept');
          fleet.counts.accepted++;
          this.act('acceptContact', id);
        }
      } else if (state === 'connected') {
        if (finish && (sent === undefined || sent === 'accept')) {
          this.sent.set(id, 'end');
          fleet.counts.ended++;
          this.act('destroyConnection', id);
        }
      } else if ((state === 'ended' || state === 'missed' || state === 'rejected' || state === 'error') && sent !== 'clear') {
        if (state !== 'ended') fleet.counts.missed++;
        this.sent.set(id, 'clear');
        fleet.counts.cleared++;
        this.act('clearContact', id);
      }
    }
  }

  close() {
    this.closing = true;
    this.ws?.terminate();
  }
}

/** Opens `n` agent sockets (into `agents`, so the caller can close them whatever happens) and makes them Available. */
async function connectAgents(label, fleet, agents, n, urlOf) {
  log(`${label}: connecting ${n} agents`);
  const tick = progress(`${label}: agents Available`, n);
  await pool(n, 50, async (i) => {
    const a = new Agent(fleet);
    agents.push(a);
    await a.open(urlOf(i));
    const available = a.configuration?.agentStates?.find((s) => s.name === 'Available')?.agentStateARN;
    if (!available) throw new Error(`${label}: no Available state in the first snapshot`);
    await a.command('putAgentState', { state: { agentStateARN: available } });
    tick();
  });
}

/**
 * The agents end and clear every contact they hold, until every snapshot is empty (and
 * stays so for a moment: contacts still queued on the server would be offered meanwhile).
 */
async function release(label, agents, fleet) {
  if (fleet.held === 0) return;
  const started = performance.now();
  const holding = fleet.held;
  fleet.releasing = true;
  // The last snapshot of each agent may already show contacts to end: act on it now.
  for (const a of agents) if (a.latest) a.onSnapshot(a.latest, performance.now());
  let emptySince;
  while (true) {
    const now = performance.now();
    if (fleet.held > 0) emptySince = undefined;
    else if (emptySince === undefined) emptySince = now;
    else if (now - emptySince >= 200) break;
    if (now - started > RELEASE_TIMEOUT_MS) {
      const states = new Map();
      for (const a of agents) for (const c of a.latest?.snapshot?.contacts ?? []) bump(states, c.state?.type);
      const errors = [...fleet.counts.commandErrors].slice(0, 3).map(([e, n]) => `${n}× ${e}`);
      throw new Error(
        `${label}: the agents still hold ${fleet.held} contacts ${RELEASE_TIMEOUT_MS / 1000} s after they started releasing ` +
          `${holding} (states ${JSON.stringify(Object.fromEntries(states))}; command errors: ${errors.join('; ') || 'none'})`,
      );
    }
    await sleep(20);
  }
  fleet.releasing = false;
  log(`  ${label}: released ${holding} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// ---------------------------------------------------------------------------------------
// Starting contacts

/**
 * StartChatContact as the SDK sends it (PUT /contact/chat, JSON, SigV4 'connect'), signed
 * by hand with node:crypto and sent over an undici pool: the SDK costs 1–2 ms of CPU per
 * call and fetch ~5× more than undici, and the load generator shares the cores with the
 * server. Both servers get this same client.
 */
function startChatClient(url, key, connections) {
  const host = new URL(url).host;
  const sha256 = (s) => createHash('sha256').update(s).digest('hex');
  const hmac = (k, s) => createHmac('sha256', k).update(s).digest();
  const keys = new Map(); // date → signing key
  const signingKey = (date) => {
    let k = keys.get(date);
    if (!k) {
      k = hmac(hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, date), 'us-east-1'), 'connect'), 'aws4_request');
      keys.set(date, k);
    }
    return k;
  };
  const SIGNED = 'content-type;host;x-amz-content-sha256;x-amz-date';
  const http = new Pool(url, { connections, headersTimeout: LOST_AFTER_MS, bodyTimeout: LOST_AFTER_MS });
  return {
    /** Resolves with the new ContactId; rejects with the AWS error type as `name`. */
    async start(input) {
      const body = JSON.stringify(input);
      const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
      const date = amzDate.slice(0, 8);
      const payload = sha256(body);
      const canonical = `PUT\n/contact/chat\n\ncontent-type:application/json\nhost:${host}\nx-amz-content-sha256:${payload}\nx-amz-date:${amzDate}\n\n${SIGNED}\n${payload}`;
      const scope = `${date}/us-east-1/connect/aws4_request`;
      const signature = hmac(signingKey(date), `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonical)}`).toString('hex');
      const res = await http.request({
        path: '/contact/chat',
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          'x-amz-content-sha256': payload,
          'x-amz-date': amzDate,
          authorization: `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/${scope}, SignedHeaders=${SIGNED}, Signature=${signature}`,
        },
        body,
      });
      const text = await res.body.text();
      if (res.statusCode !== 200) {
        let message = text.slice(0, 160);
        try {
          message = JSON.parse(text).message ?? message;
        } catch {}
        throw Object.assign(new Error(message), { name: res.headers['x-amzn-errortype'] ?? String(res.statusCode) });
      }
      const contactId = JSON.parse(text).ContactId;
      if (typeof contactId !== 'string') throw Object.assign(new Error('answer without ContactId'), { name: '200' });
      return contactId;
    },
    close: () => http.close(),
  };
}

// ---------------------------------------------------------------------------------------
// Measuring

/**
 * Starts `count` chats at `rate`/s, open-loop: chat i is due at t0 + i / rate and is sent
 * then, answered or not. Latency runs from that due time to the offer on the agent's socket.
 * Waits for the offers still on their way (at most LOST_AFTER_MS after the last start).
 *
 * @param ctx { fleet, client, pid, input: (i) => StartChatContact input }
 */
async function runLoad(label, ctx, rate, count) {
  const { fleet, client, pid } = ctx;
  const interval = 1000 / rate;
  const ids = new Array(count); // chat i → its ContactId, once StartChatContact answered
  const answerMs = new Float64Array(count); // chat i → due time → StartChatContact answered (200)
  const startErrors = new Map();
  let answered = 0;
  let inFlight = 0;
  let lagMax = 0;
  const offeredNow = () => {
    let n = 0;
    for (const id of ids) if (id !== undefined && fleet.offerAt.has(id)) n++;
    return n;
  };
  const progressLine = (what) =>
    log(`  ${label} @${rate}/s: ${what}: ${answered}/${count} started, ${offeredNow()} offered, ${inFlight} in flight`);

  let rssPeak = rssOf(pid).rssMb;
  const rssTimer = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssOf(pid).rssMb);
  }, RSS_SAMPLE_MS);
  const cpu0 = {
    server: cpuMsOf(pid),
    serverMain: cpuMsOf(pid, pid),
    serverMainWaiting: waitingMsOf(pid, pid),
    bench: ownCpuMs(),
  };
  const machine0 = machineTicks();

  const t0 = performance.now() + 50;
  const due = (i) => t0 + i * interval;
  const end = due(count); // the sends span [t0, end)
  const send = (i) => {
    inFlight++;
    client.start(ctx.input(i)).then(
      (id) => {
        inFlight--;
        answered++;
        ids[i] = id;
        answerMs[i] = performance.now() - due(i);
      },
      (err) => {
        inFlight--;
        const key = `${err.name}: ${String(err.message).slice(0, 160)}`;
        if (!startErrors.has(key)) log(`  ${label}: StartChatContact failed: ${key}`);
        bump(startErrors, key);
      },
    );
  };
  let next = 0;
  let lastReport = performance.now();
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < count && due(next) <= now) {
        lagMax = Math.max(lagMax, now - due(next));
        send(next++);
      }
      if (now - lastReport >= 2000) {
        lastReport = now;
        progressLine('sending');
      }
      if (next === count) resolve();
      else setTimeout(tick, 1);
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  const lastSent = performance.now();
  const busyPct = (ms) => (ms / (lastSent - t0)) * 100;
  const cpuPct = {
    server: busyPct(cpuMsOf(pid) - cpu0.server),
    serverMain: busyPct(cpuMsOf(pid, pid) - cpu0.serverMain),
    serverMainWaiting: busyPct(waitingMsOf(pid, pid) - cpu0.serverMainWaiting),
    bench: busyPct(ownCpuMs() - cpu0.bench),
  };
  const steal = stealPct(machine0, machineTicks());

  // Answers and offers still on their way. Requests time out after LOST_AFTER_MS themselves.
  const deadline = lastSent + LOST_AFTER_MS;
  while (inFlight > 0 || (performance.now() < deadline && offeredNow() < answered)) {
    await sleep(20);
    if (performance.now() - lastReport >= 2000) {
      lastReport = performance.now();
      progressLine('waiting for offers');
    }
  }
  clearInterval(rssTimer);
  const rss = rssOf(pid);
  // All the server's CPU from the first start until the last offer landed: with the backlog a
  // slow server drains after the sends, and whatever the hypervisor took (steal is not CPU time
  // of the process), so this is the steadier figure for comparing two servers' work.
  const serverCpuMs = cpuMsOf(pid) - cpu0.server;

  // Achieved decisions/s: offers that landed between a short warm-up and the end of the
  // sends. It equals the offered rate while the server keeps up and falls below when not.
  const warm = Math.min(1000, (end - t0) / 5);
  const lat = new Float64Array(count);
  let n = 0;
  let inWindow = 0;
  let lost = 0;
  for (let i = 0; i < count; i++) {
    if (ids[i] === undefined) continue;
    const at = fleet.offerAt.get(ids[i]);
    if (at === undefined) {
      lost++;
      continue;
    }
    lat[n++] = at - due(i);
    if (at >= t0 + warm && at < end) inWindow++;
  }
  const quantiles = (values) => {
    const v = values.sort();
    const at = (p) => (v.length ? v[Math.min(v.length - 1, Math.floor(p * v.length))] : Number.NaN);
    return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: v.length ? v[v.length - 1] : Number.NaN };
  };
  const answers = new Float64Array(answered);
  for (let i = 0, k = 0; i < count; i++) if (ids[i] !== undefined) answers[k++] = answerMs[i];
  const result = {
    offeredPerSec: rate,
    contacts: count,
    seconds: (end - t0) / 1000,
    started: answered,
    startErrors: Object.fromEntries(startErrors),
    offered: n,
    /** Started (answered 200) but never offered within LOST_AFTER_MS of the last start. */
    lost,
    /** Offers between the warm-up and the end of the sends, per second of that window. */
    decisionsPerSec: inWindow / ((end - t0 - warm) / 1000),
    /** From the scheduled start (not the send) to the offer on the agent's socket. */
    latencyMs: quantiles(lat.subarray(0, n)),
    /** From the scheduled start to the StartChatContact answer (the HTTP part of the latency). */
    answerMs: quantiles(answers),
    /** How late the load generator issued sends (more than a few ms: it is a bottleneck itself). */
    sendLagMaxMs: lagMax,
    /**
     * CPU busy while the contacts were being started, % of one core: the server's (all its
     * threads); its main thread's alone (the event loop: near 100 % it is the bottleneck,
     * whatever the other core does); the time that thread was ready to run but had no CPU
     * (`serverMainWaiting`: the cores were taken by other threads or the load generator);
     * the load generator's.
     */
    cpuPct,
    /** Server CPU (user + system, all threads) per contact offered, from the first start to the last offer. */
    serverCpuMsPerDecision: n ? serverCpuMs / n : Number.NaN,
    /** The machine's CPU time taken by the hypervisor meanwhile, % (see machineTicks). */
    stealPct: steal,
    rssPeakMb: Math.max(rssPeak, rss.rssMb),
    rssHwmMb: rss.peakMb,
  };
  const f = (x) => x.toFixed(1);
  log(
    `  ${label} @${rate}/s: ${result.decisionsPerSec.toFixed(0)} decisions/s, p50 ${f(result.latencyMs.p50)} ms, ` +
      `p99 ${f(result.latencyMs.p99)} ms (answered p99 ${f(result.answerMs.p99)} ms), ${n}/${count} offered, ${lost} lost, ${count - answered} not started, ` +
      `CPU server ${cpuPct.server.toFixed(0)}% (main thread ${cpuPct.serverMain.toFixed(0)}%, waiting for a CPU ${cpuPct.serverMainWaiting.toFixed(0)}%) bench ${cpuPct.bench.toFixed(0)}%, steal ${steal.toFixed(0)}%`,
  );
  return result;
}

const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);

/** One run: the agents release what they hold, then the load; with what the agents did. */
async function runStep(label, ctx, rate, count) {
  const { fleet } = ctx;
  fleet.counts = newCounts();
  await release(label, ctx.agents, fleet);
  const result = await runLoad(label, ctx, rate, count);
  const c = fleet.counts;
  result.agents = {
    accepted: c.accepted,
    ended: c.ended,
    cleared: c.cleared,
    missedOrRejected: c.missed,
    commandErrors: Object.fromEntries(c.commandErrors),
    frameErrors: Object.fromEntries(c.frameErrors),
    unexpectedCloses: Object.fromEntries(c.unexpectedCloses),
  };
  result.errors = sum(result.startErrors) + sum(result.agents.commandErrors) + sum(result.agents.frameErrors);
  // Sustained: kept up with the offered rate, within the latency target, lost and failed nothing.
  result.sustained =
    result.latencyMs.p99 <= TARGET.p99Ms &&
    result.decisionsPerSec >= 0.95 * rate &&
    result.lost === 0 &&
    result.started === count &&
    result.errors === 0 &&
    sum(result.agents.unexpectedCloses) === 0;
  return result;
}

/** Connects the agents, then the main run and the ramp against one server. */
async function measure(label, srv, urlOf, input) {
  const pid = srv.child.pid;
  const fleet = newFleet();
  const agents = [];
  const client = startChatClient(srv.url, KEY, CONNECTIONS);
  try {
    await connectAgents(label, fleet, agents, AGENTS, urlOf);
    const ctx = { fleet, agents, client, pid, input };
    const rssBeforeContactsMb = rssOf(pid).rssMb;
    log(`${label}: ${AGENTS} agents Available; server RSS ${rssBeforeContactsMb.toFixed(0)} MB`);
    log(`${label}: warm-up, ${WARMUP.contacts} chats at ${WARMUP.rate}/s`);
    const warmup = await runStep(`${label} warm-up`, ctx, WARMUP.rate, WARMUP.contacts);
    log(`${label}: main run, ${CONTACTS} chats at ${RATE}/s`);
    const main = await runStep(label, ctx, RATE, CONTACTS);
    const ramp = [];
    if (RAMP.length) log(`${label}: ramp ${RAMP.join(', ')}/s, ${RAMP_SECONDS} s each (at most ${STEP_MAX} chats a step)`);
    for (const rate of RAMP)
      ramp.push(await runStep(`${label} ramp`, ctx, rate, Math.max(1, Math.min(STEP_MAX, Math.round(rate * RAMP_SECONDS)))));
    return { rssBeforeContactsMb, warmup, main, ramp, peakContactsHeld: fleet.heldPeak, rssHwmAtEndMb: rssOf(pid).peakMb };
  } finally {
    for (const a of agents) a.close();
    await client.close();
  }
}

// ---------------------------------------------------------------------------------------
// Switchboard

function instanceFile() {
  const q = (i) => `Q${i}`;
  return {
    ...benchInstanceBase('bench-routing', KEY, 'bench/routing.mjs'),
    queues: Array.from({ length: QUEUES }, (_, i) => ({ name: q(i), hoursOfOperation: 'Always' })),
    routingProfiles: Array.from({ length: QUEUES }, (_, i) => ({
      name: `P${i}`,
      defaultOutboundQueue: q(i),
      concurrency: { CHAT: SLOTS },
      // Its own queue first, then all the others: every agent can take every contact. With
      // fewer queues per profile, filling every slot (as the keep scenario does) strands
      // contacts in queues whose agents are full while other agents keep free slots.
      queues: Array.from({ length: QUEUES }, (_, k) => ({
        queue: q((i + k) % QUEUES),
        channel: 'CHAT',
        priority: k === 0 ? 1 : 2,
        delay: 0,
      })),
    })),
    users: Array.from({ length: AGENTS }, (_, i) => ({
      username: `agent${String(i).padStart(4, '0')}`,
      routingProfile: `P${i % QUEUES}`,
      securityProfiles: ['Agent'],
    })),
    contactFlows: Array.from({ length: QUEUES }, (_, i) => ({ name: `F${i}`, type: 'CONTACT_FLOW', queue: q(i) })),
  };
}

async function benchSwitchboard() {
  log(`switchboard: starting the server (${AGENTS} users × ${SLOTS} chat slots, ${QUEUES} queues)`);
  const srv = await spawnSwitchboard(tmp, instanceFile());
  const connect = new ConnectClient({
    region: 'us-east-1',
    endpoint: srv.url,
    credentials: KEY,
    maxAttempts: 1,
    requestHandler: { httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }) },
  });
  try {
    log(`switchboard: up at ${srv.url} (pid ${srv.child.pid}, RSS ${rssOf(srv.child.pid).rssMb.toFixed(0)} MB)`);
    const instances = await listAll(connect, ListInstancesCommand, {}, 'InstanceSummaryList');
    const instanceId = (instances.find((x) => x.InstanceAlias === 'bench-routing') ?? instances[0])?.Id;
    if (!instanceId) throw new Error('ListInstances: no instance');
    const users = await listAll(connect, ListUsersCommand, { InstanceId: instanceId, MaxResults: 1000 }, 'UserSummaryList');
    const userIds = users
      .filter((u) => /^agent\d{4}$/.test(u.Username ?? ''))
      .sort((a, b) => a.Username.localeCompare(b.Username))
      .map((u) => u.Id);
    if (userIds.length !== AGENTS) throw new Error(`ListUsers: ${userIds.length} agents, expected ${AGENTS}`);
    const flows = await listAll(
      connect,
      ListContactFlowsCommand,
      { InstanceId: instanceId, MaxResults: 1000 },
      'ContactFlowSummaryList',
    );
    const flowIds = flows.filter((f) => /^F\d$/.test(f.Name ?? '')).map((f) => f.Id);
    if (flowIds.length !== QUEUES) throw new Error(`ListContactFlows: ${flowIds.length} flows F0..F9, expected ${QUEUES}`);

    log(`switchboard: minting ${AGENTS} agent tokens`);
    const tokens = [];
    const tick = progress('switchboard: tokens minted', AGENTS);
    await pool(AGENTS, 32, async (i) => {
      tokens[i] = await mintToken(srv.url, KEY, instanceId, userIds[i]);
      tick();
    });

    const wsBase = `${srv.url.replace(/^http/, 'ws')}/agent/v1/ws?token=`;
    const result = await measure(
      'switchboard',
      srv,
      (i) => wsBase + encodeURIComponent(tokens[i]),
      (i) => ({ InstanceId: instanceId, ContactFlowId: flowIds[i % QUEUES], ParticipantDetails: { DisplayName: `c${i}` } }),
    );
    return { ...result, serverLog: srv.logLines.slice(0, 20), serverLogLines: srv.logLines.length };
  } finally {
    connect.destroy();
    await stopServer(srv);
  }
}

// ---------------------------------------------------------------------------------------
// Baseline: the least a server must do for this protocol, with node:http + ws + better-sqlite3.

/**
 * The baseline server. It runs in its own process (`node -e`, CommonJS), so it must use
 * nothing from this module's scope: its settings come from the environment.
 *
 * Per StartChatContact it verifies the SigV4 signature (recomputed with node:crypto from
 * the shared secret; only the request shapes the bench sends: a plain path, no query),
 * inserts the contact row, picks a present, Available agent with a free slot (round-robin)
 * or queues the contact, and pushes the agent a snapshot of its contacts. Agent commands
 * (acceptContact → connected, destroyConnection → ended, clearContact → removed, which
 * frees the slot and offers the next queued contact) update the row, answer a result and
 * push the agent's new snapshot, like Switchboard's agent websocket.
 */
function baselineServer() {
  const http = require('node:http');
  const { createHash, createHmac, randomUUID, timingSafeEqual } = require('node:crypto');
  const { WebSocketServer } = require('ws');
  const Database = require('better-sqlite3');
  const SLOTS = Number(process.env.BENCH_SLOTS);
  const KEY_ID = process.env.BENCH_KEY_ID;
  const SECRET = process.env.BENCH_SECRET;
  const INSTANCE_ARN = 'arn:aws:connect:us-east-1:123456789012:instance/bench';
  const AVAILABLE = `${INSTANCE_ARN}/agent-state/available`;
  const OFFLINE = `${INSTANCE_ARN}/agent-state/offline`;

  const db = new Database(process.env.BENCH_DB);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'create table contacts (contact_id text primary key, instance_id text not null, flow_id text not null, ' +
      'agent text, state text not null, created_at integer not null, updated_at integer not null)',
  );
  const insertContact = db.prepare(
    'insert into contacts (contact_id, instance_id, flow_id, agent, state, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const updateContact = db.prepare('update contacts set agent = ?, state = ?, updated_at = ? where contact_id = ?');

  // SigV4 ------------------------------------------------------------------------------
  const sha256 = (data) => createHash('sha256').update(data).digest('hex');
  const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
  const signingKeys = new Map(); // credential scope → derived key
  const AUTH =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
  /** Undefined when the request is signed right, else [error type, message]. */
  function verify(req, body) {
    const m = AUTH.exec(req.headers.authorization ?? '');
    if (!m) return ['MissingAuthenticationTokenException', 'Missing or malformed Authorization header'];
    const [, keyId, date, region, service, signed, signature] = m;
    if (keyId !== KEY_ID) return ['UnrecognizedClientException', 'The security token included in the request is invalid.'];
    const amzDate = req.headers['x-amz-date'] ?? '';
    const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!d || amzDate.slice(0, 8) !== date || service !== 'connect') return ['InvalidSignatureException', 'Bad date or scope'];
    const at = Date.UTC(+d[1], +d[2] - 1, +d[3], +d[4], +d[5], +d[6]);
    if (Math.abs(Date.now() - at) > 15 * 60_000) return ['InvalidSignatureException', 'Signature expired'];
    const payload = sha256(body);
    const declared = req.headers['x-amz-content-sha256'];
    if (declared !== undefined && declared !== payload) return ['InvalidSignatureException', 'Payload hash mismatch'];
    const names = signed.split(';');
    if (!names.includes('host')) return ['InvalidSignatureException', "'Host' must be signed"];
    const headers = names
      .map(
        (n) =>
          `${n}:${String(req.headers[n] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const canonical = `${req.method}\n${req.url}\n\n${headers}\n${signed}\n${payload}`;
    const scope = `${date}/${region}/${service}/aws4_request`;
    let key = signingKeys.get(scope);
    if (!key) {
      key = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, date), region), service), 'aws4_request');
      signingKeys.set(scope, key);
    }
    const expected = hmac(key, `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonical)}`).toString('hex');
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature)))
      return ['InvalidSignatureException', 'Signature mismatch'];
    return undefined;
  }

  // Agents and routing -----------------------------------------------------------------
  const agents = []; // in connection order; routing walks it round-robin
  let cursor = 0;
  let freeSlots = 0; // over Available agents: when 0, a new contact is queued without a scan
  const waiting = []; // contacts no agent had a slot for, oldest first, from waiting[head]
  let head = 0;
  let version = 0;

  const pickAgent = () => {
    if (freeSlots === 0) return undefined;
    for (let k = 0; k < agents.length; k++) {
      const a = agents[cursor];
      cursor = (cursor + 1) % agents.length;
      if (a.available && a.contacts.size < SLOTS) return a;
    }
    return undefined;
  };

  const agentState = (a) =>
    a.contacts.size > 0
      ? { type: 'system', name: 'Busy' }
      : a.available
        ? { agentStateARN: AVAILABLE, type: 'routable', name: 'Available' }
        : { agentStateARN: OFFLINE, type: 'offline', name: 'Offline' };

  /**
   * The agent's data: whole (with the configuration) on connect, then as Switchboard pushes
   * it, a delta with only the contact that changed (`changed`, none for a status change)
   * and the order of all.
   */
  const push = (a, withConfiguration, changed) => {
    const now = new Date().toISOString();
    const state = { ...agentState(a), startTimestamp: now };
    if (!withConfiguration) {
      const contacts = changed && a.contacts.has(changed) ? [a.contacts.get(changed)] : [];
      const snapshot = { state, contacts, order: [...a.contacts.keys()], snapshotTimestamp: now };
      const base = a.version;
      a.version = ++version;
      a.ws.send(JSON.stringify({ type: 'delta', version: a.version, base, data: { snapshot } }));
      return;
    }
    const data = { snapshot: { state, contacts: [...a.contacts.values()], snapshotTimestamp: now } };
    if (withConfiguration)
      data.configuration = {
        name: a.name,
        username: a.name,
        agentARN: a.arn,
        agentStates: [
          { agentStateARN: AVAILABLE, type: 'routable', name: 'Available' },
          { agentStateARN: OFFLINE, type: 'offline', name: 'Offline' },
        ],
      };
    a.version = ++version;
    a.ws.send(JSON.stringify({ type: 'snapshot', version: a.version, data }));
  };

  /** The contact as the agent's snapshot shows it (the shape of Switchboard's, trimmed). */
  const newContact = (contactId, a, customerName, createdAt) => {
    const ts = new Date().toISOString();
    return {
      contactId,
      initialContactId: contactId,
      type: 'chat',
      state: { type: 'connecting', timestamp: ts },
      queue: { queueARN: `${INSTANCE_ARN}/queue/q`, name: 'Q', queueId: `${INSTANCE_ARN}/queue/q` },
      queueTimestamp: new Date(createdAt).toISOString(),
      connections: [
        {
          connectionId: randomUUID(),
          type: 'agent',
          initial: false,
          state: { type: 'connecting', timestamp: ts },
          endpoint: { type: 'agent', name: a.name, agentLogin: a.name, endpointARN: a.arn },
          chatMediaInfo: {
            chatAutoAccept: false,
            connectionData: JSON.stringify({ ConnectionAuthenticationToken: randomUUID() }),
            agentName: a.name,
          },
        },
        {
          connectionId: randomUUID(),
          type: 'inbound',
          initial: true,
          state: { type: 'connected', timestamp: new Date(createdAt).toISOString() },
          endpoint: { type: 'phone_number', name: customerName },
          chatMediaInfo: { customerName },
        },
      ],
      attributes: {},
      segmentAttributes: {},
      agentContactHandlingConfig: { autoAccept: false },
      initiationMethod: 'API',
    };
  };

  const offer = (a, contactId, customerName, createdAt) => {
    a.contacts.set(contactId, newContact(contactId, a, customerName, createdAt));
    freeSlots--;
    push(a, false, contactId);
  };

  /** Offers queued contacts while some agent has a free slot. */
  const drain = () => {
    while (head < waiting.length) {
      const a = pickAgent();
      if (!a) break;
      const w = waiting[head];
      waiting[head++] = undefined;
      updateContact.run(a.name, 'connecting', Date.now(), w.contactId);
      offer(a, w.contactId, w.customerName, w.createdAt);
    }
    if (head > 1024 && head * 2 > waiting.length) {
      waiting.splice(0, head);
      head = 0;
    }
  };

  const setAvailable = (a, available) => {
    if (a.available === available) return;
    a.available = available;
    freeSlots += (available ? 1 : -1) * (SLOTS - a.contacts.size);
  };

  // HTTP: StartChatContact -------------------------------------------------------------
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const answer = (status, body, errorType) => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        if (errorType) res.setHeader('x-amzn-errortype', errorType);
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'PUT' || req.url !== '/contact/chat')
        return answer(404, { message: 'Unknown operation' }, 'UnknownOperationException');
      const body = Buffer.concat(chunks);
      const bad = verify(req, body);
      if (bad) return answer(403, { message: bad[1] }, bad[0]);
      let input;
      try {
        input = JSON.parse(body.toString());
      } catch {}
      if (typeof input?.InstanceId !== 'string' || typeof input.ContactFlowId !== 'string')
        return answer(400, { message: 'InstanceId and ContactFlowId are required' }, 'InvalidParameterException');
      const now = Date.now();
      const contactId = randomUUID();
      const customerName = String(input.ParticipantDetails?.DisplayName ?? 'Customer');
      const a = pickAgent();
      insertContact.run(contactId, input.InstanceId, input.ContactFlowId, a?.name ?? null, a ? 'connecting' : 'queued', now, now);
      if (a) offer(a, contactId, customerName, now);
      else waiting.push({ contactId, customerName, createdAt: now });
      answer(200, { ContactId: contactId, ParticipantId: randomUUID(), ParticipantToken: randomUUID() });
    });
  });

  // The agent websocket -----------------------------------------------------------------
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    const name = new URL(req.url, 'http://x').searchParams.get('token') ?? 'anonymous';
    const a = { ws, name, arn: `${INSTANCE_ARN}/agent/${name}`, available: false, contacts: new Map() };
    agents.push(a);
    push(a, true);
    ws.on('error', () => undefined); // a reset socket also closes: handled below
    ws.on('message', (raw) => {
      let msg;
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return ws.send(JSON.stringify({ type: 'error', error: { type: 'InvalidParameterException', message: 'not JSON' } }));
      }
      const { id, method, params } = msg;
      const error = (type, message) => ws.send(JSON.stringify({ type: 'error', id, error: { type, message } }));
      const done = () => {
        ws.send(JSON.stringify({ type: 'result', id, data: {} }));
        push(a, false, params?.contactId);
      };
      if (method === 'putAgentState') {
        const arn = params?.state?.agentStateARN;
        if (arn !== AVAILABLE && arn !== OFFLINE) return error('InvalidParameterException', 'unknown agent state');
        setAvailable(a, arn === AVAILABLE);
        done();
        return drain();
      }
      const c = a.contacts.get(params?.contactId);
      if (!c) return error('ResourceNotFoundException', 'no such contact');
      const now = new Date().toISOString();
      const [agentConnection, customerConnection] = c.connections;
      if (method === 'acceptContact') {
        if (c.state.type !== 'connecting') return error('InvalidStateException', `contact is ${c.state.type}`);
        c.state = { type: 'connected', timestamp: now };
        agentConnection.state = { type: 'connected', timestamp: now };
        updateContact.run(a.name, 'connected', Date.now(), c.contactId);
        return done();
      }
      if (method === 'destroyConnection') {
        if (c.state.type !== 'connected') return error('InvalidStateException', `contact is ${c.state.type}`);
        c.state = { type: 'ended', timestamp: now };
        agentConnection.state = { type: 'disconnected', timestamp: now };
        customerConnection.state = { type: 'disconnected', timestamp: now };
        updateContact.run(a.name, 'ended', Date.now(), c.contactId);
        return done();
      }
      if (method === 'clearContact') {
        a.contacts.delete(c.contactId);
        if (a.available) freeSlots++;
        updateContact.run(a.name, 'cleared', Date.now(), c.contactId);
        done();
        return drain();
      }
      error('InvalidParameterException', `unknown method ${method}`);
    });
    ws.on('close', () => {
      setAvailable(a, false);
      agents.splice(agents.indexOf(a), 1);
      cursor = 0;
    });
  });

  server.listen(0, '127.0.0.1', () => console.log(`baseline is up at http://127.0.0.1:${server.address().port}`));
}

async function benchBaseline() {
  log('baseline: starting node:http + ws + better-sqlite3');
  const srv = await spawnServer('baseline', ['-e', `(${baselineServer.toString()})();`], {
    BENCH_DB: path.join(tmp, 'baseline.db'),
    BENCH_SLOTS: String(SLOTS),
    BENCH_KEY_ID: KEY.accessKeyId,
    BENCH_SECRET: KEY.secretAccessKey,
  });
  try {
    const wsBase = `${srv.url.replace(/^http/, 'ws')}/agent/v1/ws?token=`;
    const result = await measure(
      'baseline',
      srv,
      (i) => `${wsBase}agent${String(i).padStart(4, '0')}`,
      (i) => ({ InstanceId: 'bench', ContactFlowId: `F${i % QUEUES}`, ParticipantDetails: { DisplayName: `c${i}` } }),
    );
    return { ...result, serverLog: srv.logLines.slice(0, 20), serverLogLines: srv.logLines.length };
  } finally {
    await stopServer(srv);
  }
}

// ---------------------------------------------------------------------------------------
// Report

/** The highest offered rate of the ramp that the server sustained (see runStep). */
const highestSustained = (ramp) => ramp.filter((r) => r.sustained).sort((a, b) => b.offeredPerSec - a.offeredPerSec)[0];

function report(sb, base, loadAtStart) {
  const f = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');
  const judge = (text, ok) => `${text}  ${AT_SCALE ? (ok ? 'PASS' : 'MISS') : '(n/a)'}`;
  const s = sb?.main;
  const b = base?.main;
  const sbBest = sb && highestSustained(sb.ramp);
  const baseBest = base && highestSustained(base.ramp);
  // Switchboard's highest sustained rate over the baseline's: 0 when only the baseline
  // sustained one, ∞ when only Switchboard did, undefined when neither (or one side did not run).
  const rampRatio =
    sb && baseBest
      ? (sbBest?.offeredPerSec ?? 0) / baseBest.offeredPerSec
      : sbBest && base
        ? Number.POSITIVE_INFINITY
        : Number.NaN;
  const rampRatioText = Number.isFinite(rampRatio) ? `${rampRatio.toFixed(2)}×` : rampRatio > 0 ? '∞' : '—';
  const pass = s && {
    p99: s.latencyMs.p99 <= TARGET.p99Ms,
    decisionsPerSec: s.decisionsPerSec >= TARGET.decisionsPerSec && s.lost === 0,
    rss: s.rssHwmMb <= TARGET.rssMb,
  };
  const row = (name, pick, digits, target = '', withRatio = true) => {
    const x = s ? pick(s, sb) : Number.NaN;
    const y = b ? pick(b, base) : Number.NaN;
    return [name, f(x, digits), f(y, digits), withRatio ? ratio(x, y) : '', target];
  };
  const rows = [
    row('offered (contacts/s)', (r) => r.offeredPerSec, 0, '', false),
    ['contacts started / offered', s ? `${s.started}/${s.offered}` : '—', b ? `${b.started}/${b.offered}` : '—', '', ''],
    row('achieved decisions/s', (r) => r.decisionsPerSec, 0, s && judge(`≥ ${TARGET.decisionsPerSec}`, pass.decisionsPerSec)),
    row('start→offer p50 (ms)', (r) => r.latencyMs.p50, 1),
    row('start→offer p90 (ms)', (r) => r.latencyMs.p90, 1),
    row('start→offer p99 (ms)', (r) => r.latencyMs.p99, 1, s && judge(`≤ ${TARGET.p99Ms}`, pass.p99)),
    row('start→offer max (ms)', (r) => r.latencyMs.max, 1),
    row('start→StartChatContact answer p99 (ms)', (r) => r.answerMs.p99, 1),
    row(`lost (not offered ${LOST_AFTER_MS / 1000} s after the last start)`, (r) => r.lost, 0, '', false),
    row('errors (start + agent commands)', (r) => r.errors, 0, '', false),
    row('server CPU (% of a core)', (r) => r.cpuPct.server, 0, '', false),
    row('server main thread CPU (% of a core)', (r) => r.cpuPct.serverMain, 0, '', false),
    row('server main thread ready, waiting for a CPU (%)', (r) => r.cpuPct.serverMainWaiting, 0, '', false),
    row('server CPU per decision, all threads (ms)', (r) => r.serverCpuMsPerDecision, 2),
    row('bench CPU (% of a core)', (r) => r.cpuPct.bench, 0, '', false),
    row('load generator lag, max (ms)', (r) => r.sendLagMaxMs, 1, '', false),
    row('machine CPU stolen by the hypervisor (%)', (r) => r.stealPct, 0, '', false),
    row('server RSS before the contacts (MB)', (_r, x) => x.rssBeforeContactsMb, 0),
    row(`server RSS peak, sampled every ${RSS_SAMPLE_MS} ms (MB)`, (r) => r.rssPeakMb, 0),
    row('server RSS peak, VmHWM (MB)', (r) => r.rssHwmMb, 0, s && judge(`≤ ${TARGET.rssMb}`, pass.rss)),
  ];
  if (RAMP.length)
    rows.push([
      'ramp: highest rate sustained (/s)',
      sb ? (sbBest ? f(sbBest.offeredPerSec) : 'none') : '—',
      base ? (baseBest ? f(baseBest.offeredPerSec) : 'none') : '—',
      rampRatioText,
      '',
    ]);

  const w = [46, 13, 13, 9, 16];
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c ?? '').padStart(w[i]))).join('');
  console.log(
    `\nRouting (${LIFECYCLE ? 'lifecycle: agents accept, end and clear every contact' : 'agents accept and keep every contact'}): ` +
      `${AGENTS} agents × ${SLOTS} chat slots on websockets, ${CONTACTS} chats started open-loop at ${RATE}/s over ${CONNECTIONS} connections ` +
      `(node ${process.version}, ${os.cpus().length} CPUs shared by bench, server and agents; ` +
      `load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end; ${haltPolling.note})\n`,
  );
  console.log(line(['', 'switchboard', 'baseline', 'ratio', 'target']));
  for (const r of rows) console.log(line(r));

  const saturated = (r) => r.sendLagMaxMs > MAX_LAG_MS || r.cpuPct.bench >= MAX_BENCH_CPU_PCT;
  if (RAMP.length) {
    console.log(
      `\nRamp (${RAMP_SECONDS} s per rate, at most ${STEP_MAX} chats; ✓ = sustained: p99 ≤ ${TARGET.p99Ms} ms, ` +
        '≥ 95 % of the offered rate, nothing lost, no errors; cpu = server/bench % of a core)\n',
    );
    const rw = [10, 12, 8, 8, 3, 10, 12, 8, 8, 3, 10];
    const rline = (cells) => cells.map((c, i) => String(c).padStart(rw[i])).join('');
    console.log(rline(['offered/s', 'sb dec/s', 'p50', 'p99', '', 'cpu', 'base dec/s', 'p50', 'p99', '', 'cpu']));
    const cells = (r) =>
      r
        ? [
            f(r.decisionsPerSec),
            f(r.latencyMs.p50, 1),
            f(r.latencyMs.p99, 1),
            r.sustained ? '✓' : '✗',
            `${f(r.cpuPct.server)}/${f(r.cpuPct.bench)}${saturated(r) ? '*' : ''}`,
          ]
        : ['—', '—', '—', '', '—'];
    RAMP.forEach((rate, i) => {
      console.log(rline([f(rate), ...cells(sb?.ramp[i]), ...cells(base?.ramp[i])]));
    });
    const all = [...(sb?.ramp ?? []), ...(base?.ramp ?? [])];
    if (all.some(saturated))
      console.log(
        `* the load generator lagged > ${MAX_LAG_MS} ms or used ≥ ${MAX_BENCH_CPU_PCT} % of a core: it limits that step too`,
      );
    console.log(
      `highest rate sustained: switchboard ${sb ? (sbBest ? `${f(sbBest.offeredPerSec)}/s` : 'none') : '—'}, ` +
        `baseline ${base ? (baseBest ? `${f(baseBest.offeredPerSec)}/s` : 'none') : '—'}, ` +
        `ratio ${rampRatioText}`,
    );
  }
  console.log(
    `\nbaseline: node:http + ws + better-sqlite3 (WAL, synchronous=NORMAL): per StartChatContact a SigV4 check, one insert, ` +
      `a round-robin pick with ${SLOTS} slots per agent and a snapshot push; per agent command an update, a result and a push. Same client code.`,
  );
  if (!AT_SCALE)
    console.log(
      `targets apply at ≥ ${TARGET.decisionsPerSec}/s offered with ≥ ${TARGET.atAgents} agents: not judged at ${RATE}/s, ${AGENTS} agents`,
    );

  // Problems: anything that makes a number suspect, for every run of both servers.
  const problems = [];
  const runs = [];
  for (const [name, x] of [
    ['switchboard', sb],
    ['baseline', base],
  ]) {
    if (!x) continue;
    runs.push(
      [`${name} warm-up`, x.warmup, false],
      [name, x.main, true],
      ...x.ramp.map((r) => [`${name} ramp @${r.offeredPerSec}/s`, r, false]),
    );
    if (x.serverLogLines)
      problems.push(`${name} logged ${x.serverLogLines} warn/error lines, first: ${x.serverLog[0]?.slice(0, 300)}`);
  }
  const list = (o) =>
    Object.entries(o)
      .map(([k, n]) => `${n}× ${k}`)
      .join('; ');
  for (const [name, r, main] of runs) {
    if (sum(r.startErrors)) problems.push(`${name}: StartChatContact errors: ${list(r.startErrors)}`);
    if (r.lost)
      problems.push(`${name}: ${r.lost} started contacts never offered (waited ${LOST_AFTER_MS / 1000} s after the last start)`);
    if (r.agents.missedOrRejected) problems.push(`${name}: ${r.agents.missedOrRejected} offers missed / rejected`);
    if (sum(r.agents.commandErrors)) problems.push(`${name}: agent command errors: ${list(r.agents.commandErrors)}`);
    if (sum(r.agents.frameErrors)) problems.push(`${name}: error frames: ${list(r.agents.frameErrors)}`);
    if (sum(r.agents.unexpectedCloses))
      problems.push(`${name}: agent sockets closed by the server: ${list(r.agents.unexpectedCloses)}`);
    // A ramp step meant to overload may saturate the load generator: it is marked in the ramp table.
    if (main && r.sendLagMaxMs > MAX_LAG_MS)
      problems.push(`${name}: sends issued up to ${f(r.sendLagMaxMs)} ms late (load generator lag)`);
    if (main && r.cpuPct.bench >= MAX_BENCH_CPU_PCT)
      problems.push(`${name}: the load generator used ${f(r.cpuPct.bench)}% of a core: it may be the bottleneck`);
  }
  if (sb)
    console.log(
      `switchboard agents (main run): ${s.agents.accepted} accepted, ${s.agents.ended} ended, ${s.agents.cleared} cleared; ` +
        `at most ${sb.peakContactsHeld} of their ${AGENTS * SLOTS} chat slots held at once`,
    );
  if (ONLY) console.log(`--only ${ONLY}: no comparison`);
  console.log(problems.length ? `problems:\n  - ${problems.join('\n  - ')}` : 'no errors, no lost offers');

  const name = ['routing', LIFECYCLE && 'lifecycle', ONLY && `${ONLY}-only`, QUICK && 'quick'].filter(Boolean).join('-');
  const out = path.join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `${name}.json`);
  const rampBest = {
    switchboard: sbBest?.offeredPerSec ?? null,
    baseline: baseBest?.offeredPerSec ?? null,
    ratio: Number.isFinite(rampRatio) ? rampRatio : null,
  };
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
        vcpuHaltPollNs: haltPolling.ns,
        scenario: LIFECYCLE ? 'lifecycle' : 'keep',
        agents: AGENTS,
        slotsPerAgent: SLOTS,
        contacts: CONTACTS,
        rate: RATE,
        warmup: WARMUP,
        ramp: { rates: RAMP, seconds: RAMP_SECONDS, maxContactsPerStep: STEP_MAX },
        connections: CONNECTIONS,
        quick: QUICK,
        only: ONLY ?? null,
        targets: TARGET,
        pass: AT_SCALE ? (pass ?? null) : null,
        rampBest,
        problems,
        switchboard: sb ?? null,
        baseline: base ?? null,
      },
      null,
      2,
    ),
  );
  console.log(`written ${path.relative(root, file)}`);
}

// ---------------------------------------------------------------------------------------

let sb;
let base;
const loadAtStart = os.loadavg()[0];
const haltPolling = vcpuHaltPollingFromFlags('bench/routing.mjs', values);
log(haltPolling.note);
try {
  log(
    `routing bench: ${AGENTS} agents, ${CONTACTS} chats at ${RATE}/s${RAMP.length ? `, ramp ${RAMP.join(',')}/s × ${RAMP_SECONDS} s` : ''}, ` +
      `${LIFECYCLE ? 'lifecycle' : 'keep'} scenario${QUICK ? ' (quick)' : ''}`,
  );
  if (ONLY !== 'baseline') sb = await benchSwitchboard();
  if (ONLY !== 'switchboard') base = await benchBaseline();
} catch (err) {
  log(`routing bench failed: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  killAll();
}
// Both sides, or the one asked for with --only (a side that failed is reported above).
if ((sb || ONLY === 'baseline') && (base || ONLY === 'switchboard')) report(sb, base, loadAtStart);
process.exit(process.exitCode ?? 0);
