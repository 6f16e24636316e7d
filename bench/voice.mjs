// Voice media benchmark (issue 23): N concurrent 2-leg calls whose RTP the server forwards,
// in steps (1, 10, 25, 50, 75, 100 calls by default), each held for a measured window once
// all its calls are connected. Per step: server CPU (total and per call), packets forwarded
// per second, packet loss, interarrival jitter, server RSS, and the peers' own CPU.
// Target: ≥ 50 concurrent calls on this 2-core machine with < 0.5 % loss. Results and their
// history: docs/performance.md.
//
// How, and why so:
// - The server under test runs in its own process (bench/voice/server.mjs: the real app,
//   its /voice/v1/ws signalling and the werift media server, calls driven by bench tokens
//   without contacts), so /proc/<pid>/stat is its CPU alone, every thread counted.
// - The peers are werift RTCPeerConnections in other Node processes (bench/voice/peers.mjs,
//   --peer-procs, 2 by default, so that the peers are not one event loop holding up all of
//   the machine's packets). Each leg offers what VoiceCall offers (a sendrecv line and two
//   receive-only ones) and sends Opus-sized RTP (120 bytes, 20 ms, 50 packets/s) on a
//   timer; the server forwards a's packets to b and b's to a, re-stamped but with their
//   sequence numbers' gaps kept, so b's loss counts what was lost on either hop.
// - Receivers measure loss by sequence numbers and RFC 3550 jitter (bench/voice/rtp-stats.mjs,
//   tested beside it), over the window only: a step's calls are opened, then WARMUP seconds
//   pass, then the window (WINDOW seconds) runs from a mark to a report on every peer.
//   Calls stay up from one step to the next (a step opens only its new calls). Loss by
//   sequence numbers cannot see a growing backlog or a lost tail, so received ÷ sent over
//   the same window is printed beside it, and the target needs both under 0.5 %.
// - The bare baseline in the same run: the same peers, the same steps, each call's two legs
//   connected directly peer to peer over loopback (no server), so the reader sees what the
//   peers cost and what loss and jitter loopback and the peers show without forwarding.
// - Two cores: the peers' CPU (about what the server spends: each packet is encrypted once
//   and decrypted once on each hop) competes with the server's; both are printed, and the
//   steal the hypervisor took, and what other processes took meanwhile ("others": the
//   machine's busy time less the server's, the peers' and the bench's). The bench changes
//   no machine settings.
//
//   node bench/voice.mjs [--quick] [--steps 1,10,25,50,75,100] [--window S] [--warmup S]
//     [--peer-procs N] [--only server|baseline]
//   BENCH_SERVER_NODE_ARGS / BENCH_PEER_NODE_ARGS: node flags for the server / the peers
//   (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"); BENCH_VOICE_SERVER: another server script.
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  cpuMsOf,
  killAll,
  log,
  machineTicks,
  ownCpuMs,
  rssOf,
  root,
  scratchDir,
  sleep,
  spawnServer,
  stealPct,
  stopServer,
} from './lib.mjs';
import { lossPct, percentile } from './voice/rtp-stats.mjs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    steps: { type: 'string' },
    window: { type: 'string' },
    warmup: { type: 'string' },
    'peer-procs': { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const STEPS = (values.steps ?? (values.quick ? '1,10' : '1,10,25,50,75,100')).split(',').map(Number);
const WINDOW_S = Number(values.window ?? (values.quick ? 3 : 10));
const WARMUP_S = Number(values.warmup ?? (values.quick ? 1 : 3));
const PEER_PROCS = Number(values['peer-procs']);
for (const [i, n] of STEPS.entries())
  if (!Number.isInteger(n) || n < 1 || n > 500 || (i > 0 && n <= STEPS[i - 1]))
    throw new Error('--steps: rising whole numbers of calls, 1–500');
for (const [k, v] of Object.entries({ window: WINDOW_S, warmup: WARMUP_S, 'peer-procs': PEER_PROCS }))
  if (!Number.isInteger(v) || v < (k === 'warmup' ? 0 : 1)) throw new Error(`--${k} must be a whole number`);
if (values.only && values.only !== 'server' && values.only !== 'baseline') throw new Error('--only server|baseline');

const TARGET = { calls: 50, lossPct: 0.5 };
const PACKETS_PER_SECOND = 50;
const tmp = scratchDir('sb-bench-voice-');

// ---------------------------------------------------------------------------------------
// Peer processes, driven over IPC.

const peerProcs = new Set();
process.on('exit', () => {
  for (const p of peerProcs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

function startPeers() {
  return Array.from({ length: PEER_PROCS }, (_, i) => {
    // BENCH_PEER_NODE_ARGS: node flags for the peer processes (e.g. --trace-gc).
    const execArgv = (process.env.BENCH_PEER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = fork(path.join(root, 'bench/voice/peers.mjs'), [], {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    peerProcs.add(child);
    const pending = new Map();
    let nextId = 0;
    child.on('message', (msg) => {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.ok) p?.resolve(msg);
      else p?.reject(new Error(`peers ${i}: ${msg.error}`));
    });
    child.on('exit', (code, signal) => {
      peerProcs.delete(child);
      for (const p of pending.values()) p.reject(new Error(`peers ${i} exited (${code ?? signal})`));
      pending.clear();
    });
    const call = (msg) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ ...msg, id });
      });
    return { child, pid: child.pid, call };
  });
}

async function stopPeers(peers) {
  await Promise.all(peers.map((p) => p.call({ cmd: 'close' }).catch(() => undefined)));
  for (const p of peers) {
    const exited = new Promise((r) => p.child.once('exit', r));
    p.child.disconnect();
    await Promise.race([exited, sleep(5_000).then(() => p.child.kill('SIGKILL'))]);
  }
}

// ---------------------------------------------------------------------------------------
// One mode (through the server, or direct), every step.

const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/**
 * CPU time the whole machine has been busy so far, in ms (/proc/stat: user, nice, system,
 * irq, softirq, steal; 100 ticks/s). Less the server's, the peers' and this process's own,
 * it is what other processes took during a window: the machine is shared.
 */
function machineBusyMs() {
  const n = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (n[0] + n[1] + n[2] + n[5] + n[6] + n[7]) * 10;
}

async function runMode(mode) {
  let srv;
  let wsUrl;
  if (mode === 'server') {
    // BENCH_SERVER_NODE_ARGS adds node flags for the server only, as in lib.mjs (e.g. --cpu-prof).
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // BENCH_VOICE_SERVER: another server script (e.g. one importing an older build, for an A/B run).
    const script = process.env.BENCH_VOICE_SERVER ?? path.join(root, 'bench/voice/server.mjs');
    srv = await spawnServer('voice server', [...nodeArgs, script], { BENCH_DIR: tmp });
    wsUrl = `${srv.url.replace(/^http/, 'ws')}/voice/v1/ws`;
    log(`server: up at ${srv.url} (pid ${srv.child.pid})`);
  }
  const peers = startPeers();
  const rows = [];
  let opened = 0;
  try {
    for (const calls of STEPS) {
      const ids = Array.from({ length: calls - opened }, (_, i) => `c${opened + i}`);
      const t0 = performance.now();
      const results = await Promise.all(
        peers.map((p, j) => p.call({ cmd: 'open', mode, wsUrl, calls: ids.filter((_, i) => (opened + i) % peers.length === j) })),
      );
      const failed = sum(results.map((r) => r.failed));
      opened = calls;
      const setupSec = (performance.now() - t0) / 1000;
      log(
        `${mode}: ${calls} calls (${ids.length} new in ${setupSec.toFixed(1)} s${failed ? `, ${failed} failed: ${results.flatMap((r) => r.failures)[0]}` : ''}); ` +
          `${WARMUP_S} s warm-up, ${WINDOW_S} s window`,
      );
      await sleep(WARMUP_S * 1000);

      const cpu0 = {
        server: srv ? cpuMsOf(srv.child.pid) : 0,
        peers: sum(peers.map((p) => cpuMsOf(p.pid))),
        own: ownCpuMs(),
        machine: machineBusyMs(),
      };
      const ticks0 = machineTicks();
      const w0 = performance.now();
      await Promise.all(peers.map((p) => p.call({ cmd: 'mark' })));
      await sleep(WINDOW_S * 1000);
      const reports = await Promise.all(peers.map((p) => p.call({ cmd: 'report' })));
      const wallMs = performance.now() - w0;
      const cpu1 = {
        server: srv ? cpuMsOf(srv.child.pid) : 0,
        peers: sum(peers.map((p) => cpuMsOf(p.pid))),
        own: ownCpuMs(),
        machine: machineBusyMs(),
      };
      const delta = (k) => cpu1[k] - cpu0[k];
      const ticks1 = machineTicks();

      const streams = reports.flatMap((r) => r.streams);
      const seconds = Math.max(...reports.map((r) => r.seconds));
      const received = sum(streams.map((s) => s.received));
      const jitters = streams.map((s) => s.jitterMs);
      const legs = sum(reports.map((r) => r.legs));
      const serverCpuPct = srv ? ((cpu1.server - cpu0.server) / wallMs) * 100 : Number.NaN;
      const row = {
        calls,
        callsFailed: failed,
        setupSec,
        legs,
        legsReceiving: sum(reports.map((r) => r.legsReceiving)),
        streams: streams.length,
        streamsNewInWindow: streams.filter((s) => s.newInWindow).length,
        /** Streams that received nothing in the window: a stream that stops has no gaps to count as loss. */
        streamsSilent: streams.filter((s) => s.received === 0).length,
        windowSec: seconds,
        serverCpuPct,
        serverCpuPerCallPct: serverCpuPct / (calls - failed),
        // Per packet forwarded (and received): comparable between runs whose peers sent at different rates.
        serverCpuUsPerPacket: srv ? ((cpu1.server - cpu0.server) * 1000) / received : Number.NaN,
        peersCpuPct: ((cpu1.peers - cpu0.peers) / wallMs) * 100,
        othersCpuPct: ((delta('machine') - delta('server') - delta('peers') - delta('own')) / wallMs) * 100,
        sentPerSec: sum(reports.map((r) => r.sent)) / seconds,
        receivedPerSec: received / seconds,
        // Loss by sequence numbers cannot see packets still queued (a backlog that grows)
        // or lost at the end: received ÷ sent over the same window can.
        deliveredPct: (received / sum(reports.map((r) => r.sent))) * 100,
        expected: sum(streams.map((s) => s.expected)),
        received,
        lost: sum(streams.map((s) => Math.max(0, s.lost))),
        lossPct: lossPct(streams),
        jitterMs: { p50: percentile(jitters, 50), p99: percentile(jitters, 99), max: Math.max(...jitters) },
        sendLagMsP99: Math.max(...reports.map((r) => r.sendLagMs.p99)),
        serverRssMb: srv ? rssOf(srv.child.pid).rssMb : Number.NaN,
        peersRssMb: sum(peers.map((p) => rssOf(p.pid).rssMb)),
        stealPct: stealPct(ticks0, ticks1),
        loadAverage: os.loadavg()[0],
      };
      rows.push(row);
      log(
        `  ${mode} ${calls} calls: ${row.receivedPerSec.toFixed(0)} pkts/s received, loss ${row.lossPct.toFixed(3)} %, ` +
          `jitter p99 ${row.jitterMs.p99.toFixed(2)} ms, server CPU ${serverCpuPct.toFixed(1)} %, peers ${row.peersCpuPct.toFixed(1)} %`,
      );
    }
    return { rows, serverLog: srv?.logLines.slice(0, 20) ?? [], serverLogLines: srv?.logLines.length ?? 0 };
  } finally {
    await stopPeers(peers);
    if (srv) await stopServer(srv);
  }
}

// ---------------------------------------------------------------------------------------

const loadAtStart = os.loadavg()[0];
let server;
let baseline;
try {
  log(
    `voice bench: steps ${STEPS.join(', ')} calls, ${WARMUP_S} s warm-up + ${WINDOW_S} s window each, ` +
      `${PEER_PROCS} peer processes${values.quick ? ' (quick)' : ''}`,
  );
  if (values.only !== 'baseline') server = await runMode('server');
  if (values.only !== 'server') baseline = await runMode('direct');
} catch (err) {
  log(`voice bench failed: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  killAll();
}

const f = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const table = (head, rows) => {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)) + 2);
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
};

console.log(
  `\nVoice media: N concurrent 2-leg calls, ${PACKETS_PER_SECOND} RTP packets/s each way (120-byte payload), ` +
    `${WINDOW_S} s window after ${WARMUP_S} s warm-up per step (node ${process.version}, ${os.cpus().length} CPUs shared by ` +
    `the server and ${PEER_PROCS} peer processes; load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end)\n`,
);
if (server) {
  console.log('Through the server (werift media server forwarding a → b and b → a):');
  table(
    [
      'calls',
      'server CPU %',
      'per call %',
      'µs/pkt',
      'fwd pkts/s',
      'loss %',
      'recv/sent %',
      'jitter p50 ms',
      'p99 ms',
      'server RSS MB',
      'peers CPU %',
      'send lag p99 ms',
      'others CPU %',
      'steal %',
    ],
    server.rows.map((r) => [
      r.calls,
      f(r.serverCpuPct, 1),
      f(r.serverCpuPerCallPct, 2),
      f(r.serverCpuUsPerPacket, 1),
      f(r.receivedPerSec),
      f(r.lossPct, 3),
      f(r.deliveredPct, 1),
      f(r.jitterMs.p50, 2),
      f(r.jitterMs.p99, 2),
      f(r.serverRssMb),
      f(r.peersCpuPct, 1),
      f(r.sendLagMsP99, 1),
      f(Math.max(0, r.othersCpuPct)),
      f(r.stealPct, 1),
    ]),
  );
}
if (baseline) {
  console.log('\nBaseline: the same peers, each call a → b directly (no server):');
  table(
    [
      'calls',
      'pkts/s',
      'loss %',
      'recv/sent %',
      'jitter p50 ms',
      'p99 ms',
      'peers CPU %',
      'send lag p99 ms',
      'others CPU %',
      'steal %',
    ],
    baseline.rows.map((r) => [
      r.calls,
      f(r.receivedPerSec),
      f(r.lossPct, 3),
      f(r.deliveredPct, 1),
      f(r.jitterMs.p50, 2),
      f(r.jitterMs.p99, 2),
      f(r.peersCpuPct, 1),
      f(r.sendLagMsP99, 1),
      f(Math.max(0, r.othersCpuPct)),
      f(r.stealPct, 1),
    ]),
  );
}
console.log(
  '\nCPU in % of one core, over the window (/proc, all threads); µs/pkt: server CPU per packet forwarded. The peers share the 2 cores with the server: ' +
    'their CPU is load on the machine, not the server’s cost. Loss: packets missing by sequence number at the ' +
    'receivers (RFC 3550); recv/sent: packets received ÷ sent in the window (a backlog or a lost tail shows here, not in loss); jitter: each received stream’s RFC 3550 interarrival jitter at the window’s end, p50/p99 ' +
    'over the streams; send lag: how late the peers’ timers sent; others: ' +
    'CPU that other processes on the machine took during the window (a run with much of it measured a busier machine; ' +
    'tick rounding makes a few % either way, negatives print as 0).',
);

const problems = [];
let pass = null;
if (server) {
  const at = server.rows.find((r) => r.calls === TARGET.calls);
  /** Under the target's loss by both counts, every call connected. */
  const good = (r) => r.lossPct < TARGET.lossPct && r.deliveredPct > 100 - TARGET.lossPct && r.callsFailed === 0;
  const ok = server.rows.filter(good);
  const best = ok.length ? Math.max(...ok.map((r) => r.calls)) : 0;
  if (at) {
    pass = good(at);
    console.log(
      `target: ≥ ${TARGET.calls} concurrent calls with < ${TARGET.lossPct} % loss: ${f(at.lossPct, 3)} % lost, ` +
        `${f(at.deliveredPct, 2)} % of what was sent received at ${TARGET.calls}  ${pass ? 'PASS' : 'MISS'}`,
    );
  } else console.log(`target applies at ${TARGET.calls} calls: not a step of this run`);
  console.log(
    `most calls with < ${TARGET.lossPct} % loss (and received ÷ sent > ${100 - TARGET.lossPct} %) in this run: ${best}`,
  );
  if (server.serverLogLines)
    problems.push(`server logged ${server.serverLogLines} warn/error lines, first: ${server.serverLog[0]?.slice(0, 300)}`);
}
for (const [name, run] of [
  ['server', server],
  ['baseline', baseline],
]) {
  for (const r of run?.rows ?? []) {
    if (r.callsFailed) problems.push(`${name} @${r.calls}: ${r.callsFailed} calls failed to connect`);
    if (r.legsReceiving < r.legs) problems.push(`${name} @${r.calls}: ${r.legs - r.legsReceiving} legs received nothing`);
    if (r.streams !== r.legs) problems.push(`${name} @${r.calls}: ${r.streams} streams received by ${r.legs} legs`);
    if (r.deliveredPct < 100 - TARGET.lossPct)
      problems.push(`${name} @${r.calls}: ${f(r.deliveredPct, 1)} % of the packets sent in the window were received`);
    if (r.streamsSilent) problems.push(`${name} @${r.calls}: ${r.streamsSilent} streams received nothing in the window`);
    if (r.streamsNewInWindow) problems.push(`${name} @${r.calls}: ${r.streamsNewInWindow} streams started inside the window`);
  }
}
console.log(problems.length ? `problems:\n  - ${problems.join('\n  - ')}` : 'no errors');

if (server || baseline) {
  const out = path.join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, values.quick ? 'voice-quick.json' : 'voice.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
        steps: STEPS,
        windowSec: WINDOW_S,
        warmupSec: WARMUP_S,
        peerProcs: PEER_PROCS,
        quick: values.quick,
        target: TARGET,
        pass,
        server,
        baseline,
        problems,
      },
      null,
      2,
    ),
  );
  console.log(`written ${path.relative(root, file)}`);
}
process.exit(process.exitCode ?? 0);
