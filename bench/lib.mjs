// What the benchmarks share: child servers that are always killed (also on errors and ^C),
// and what /proc says about a process (CPU time, RSS).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const log = (msg) => process.stderr.write(`${msg}\n`);

/** A browser build's size: minified, gzip -9 (as a CDN serves it) and brotli -11 (the size benches). */
export const measureBuild = (name, code) => {
  const buf = Buffer.from(code);
  return {
    name,
    minifiedBytes: buf.length,
    gzipBytes: gzipSync(buf, { level: 9 }).length,
    brotliBytes: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const children = new Set();
export const killAll = () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
};
const scratch = [];
process.on('exit', () => {
  killAll();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });

/**
 * Runs this bench again in a child node with a larger young generation, unless it already
 * has one. The load generator keeps every request and socket of thousands of chats or
 * agents moving; with V8's default (16 MB semi-spaces) enough of that outlived a scavenge
 * to need a major collection every 3–4 s, whose marking threads took the cores from the
 * server under test and showed up as its latency (seen by lining up both processes' GC
 * events with the latency dump). With 32 MB there were none during a 20 s chat run. The
 * servers themselves run with node's defaults.
 */
export function relaunchWithLoadGeneratorHeap() {
  if (process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return;
  const r = spawnSync(process.execPath, ['--max-semi-space-size=32', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

/** A scratch directory, removed when the process exits. */
export function scratchDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** BENCH_SERVER_LOG=file: every server's output also goes there (e.g. with --trace-gc). */
const serverLog = process.env.BENCH_SERVER_LOG;

/**
 * Spawns a server; resolves with `{name, child, url, logLines}` once it prints `is up at …`.
 * After start-up, output lines that `keepLine` accepts are kept as the server's complaints.
 */
export function spawnServer(name, args, env = {}, keepLine = (line) => line.startsWith('{')) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    const srv = { name, child, out: '', logLines: [], url: undefined };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name}: not up within 120 s\n${srv.out.slice(-4000)}`));
    }, 120_000);
    const onData = (d) => {
      if (serverLog) appendFileSync(serverLog, `[${name}] ${d}`);
      if (srv.url) {
        for (const line of String(d).split('\n'))
          if (line.trim() && keepLine(line) && srv.logLines.length < 1000) srv.logLines.push(line);
        return;
      }
      srv.out += d;
      const m = /is up at (https?:\/\/[^\s]+)/.exec(srv.out);
      if (m) {
        srv.url = m[1];
        clearTimeout(timer);
        resolve(srv);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!srv.url) reject(new Error(`${name} exited (${code ?? signal}) before it was up\n${srv.out.slice(-4000)}`));
    });
  });
}

/** What both benches' instance files share: the instance, the key, hours, a profile, two statuses. */
export const benchInstanceBase = (alias, key, file) => ({
  instance: { alias, region: 'us-east-1', accountId: '123456789012' },
  accessKeys: [{ ...key, description: file }],
  hoursOfOperation: [{ name: 'Always', timeZone: 'UTC', alwaysOpen: true }],
  securityProfiles: [{ name: 'Agent', permissions: ['BasicAgentAccess'] }],
  agentStatuses: [
    { name: 'Available', type: 'ROUTABLE' },
    { name: 'Offline', type: 'OFFLINE' },
  ],
});

/**
 * Starts the built Switchboard CLI bundle on port 0 with `instance` (an instance file
 * object) and a data directory under `dir`. BENCH_SERVER_NODE_ARGS adds node flags for the
 * server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
 */
export function spawnSwitchboard(dir, instance) {
  const cli = path.join(root, 'packages/cli/dist/switchboard.mjs');
  if (!existsSync(cli)) throw new Error('packages/cli/dist/switchboard.mjs is missing: run `npm run build` first');
  const configFile = path.join(dir, 'instance.json');
  writeFileSync(configFile, JSON.stringify(instance, null, 1));
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = ['start', '--config', configFile, '--data-dir', path.join(dir, 'data'), '--port', '0', '--log-level', 'warn'];
  return spawnServer('switchboard', [...nodeArgs, cli, ...args]);
}

export async function stopServer(srv) {
  const { child } = srv;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) {
    log(`  ${srv.name} did not exit within 10 s of SIGTERM; killing it`);
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * CPU time a process has used so far (user + system), in ms; with `tid`, that of one of its
 * threads (a node process's main thread, the event loop, has the process's own id).
 */
export function cpuMsOf(pid, tid) {
  try {
    const file = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
  } catch {
    return Number.NaN;
  }
}
/**
 * Time a thread has spent ready to run but waiting for a CPU so far, in ms (the second field
 * of /proc/<pid>/task/<tid>/schedstat, ns): on two cores shared by the server's threads, V8's
 * helper threads and the load generator, the event loop can be held up by the others as well
 * as by its own work.
 */
export function waitingMsOf(pid, tid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return Number.NaN;
  }
}
/**
 * The whole machine's CPU time in clock ticks (/proc/stat's first line): all of it, and the
 * steal: time a vCPU was ready to run but the hypervisor had not run it. On this VM most of
 * the steal is the wake-up of a halted vCPU (see vcpuHaltPolling); a run with much of it
 * measured a slower machine, and its row in the table says so.
 */
export function machineTicks() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = fields.map(Number);
    // user nice system idle iowait irq softirq steal (guest time is inside user already)
    return { total: n.slice(0, 8).reduce((a, b) => a + b, 0), steal: n[7] ?? 0 };
  } catch {
    return { total: Number.NaN, steal: Number.NaN };
  }
}
/**
 * Guest halt polling (cpuidle-haltpoll): how long an idle vCPU polls for work before it halts.
 * This VM boots with 0 (haltpoll.guest_halt_poll_ns=0 on the kernel command line), so every
 * idle moment halts the vCPU, and the next wake-up (a packet for the other side of a loopback
 * connection, a timer) waits for the hypervisor to schedule it again: measured here, 15–39 %
 * of the machine's time showed as steal under a bench's load against 0–4 % for two pure CPU
 * burners, and one build's chat p99 went from 1.4–1.7 s to 64–137 ms with the vCPUs kept
 * awake. Linux's own default is 200 µs. Both servers run under the same setting.
 *
 * Left as the machine has it by default. With `set` (the benches' --halt-polling) it is set to
 * 200 µs for this process's life (root only; the machine's value restored at exit). Returns
 * what the runs measured under, for the table's title and the JSON. A machine without the
 * file (bare metal, another hypervisor) is left alone either way.
 */
const HALT_POLL = '/sys/module/haltpoll/parameters/guest_halt_poll_ns';
export function vcpuHaltPolling(set = false) {
  let before;
  try {
    before = Number(readFileSync(HALT_POLL, 'utf8').trim());
  } catch {
    return { ns: null, note: 'no guest halt polling on this machine (left as is)' };
  }
  const asIs = `vCPU halt polling ${before / 1000} µs, as the machine is`;
  if (before >= 200_000) return { ns: before, note: asIs };
  if (!set) return { ns: before, note: `${asIs} (--halt-polling sets 200 µs)` };
  try {
    writeFileSync(HALT_POLL, '200000');
  } catch (err) {
    return {
      ns: before,
      note: `vCPU halt polling ${before / 1000} µs (--halt-polling could not set 200 µs: ${err.code ?? err.message})`,
    };
  }
  process.on('exit', () => {
    try {
      writeFileSync(HALT_POLL, String(before));
    } catch {}
  });
  return {
    ns: 200_000,
    note: `vCPU halt polling 200 µs for the run (--halt-polling; the machine's ${before / 1000} µs restored at exit)`,
  };
}

/**
 * The routing and chat benches' machine flags: --halt-polling asks for vcpuHaltPolling's
 * change; --machine-as-is, the opt-out from when that change was the default, is accepted
 * so old command lines still work, and does nothing. Asking for both is refused (exit 2).
 */
export function vcpuHaltPollingFromFlags(bench, values) {
  if (values['machine-as-is']) {
    if (values['halt-polling']) {
      log(`${bench}: --machine-as-is and --halt-polling contradict each other; give one`);
      process.exit(2);
    }
    log(`${bench}: --machine-as-is is the default now (the machine is left as it is unless --halt-polling)`);
  }
  return vcpuHaltPolling(values['halt-polling']);
}

/** Steal between two machineTicks() readings, in % of the machine's CPU time. */
export const stealPct = (a, b) => ((b.steal - a.steal) / (b.total - a.total)) * 100;
export const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** VmRSS (now) and VmHWM (peak) of a process, in MB. */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: Number.NaN, peakMb: Number.NaN };
  }
}

/** Every item of a paginated Connect list operation. */
export async function listAll(client, Command, input, listKey) {
  const all = [];
  let NextToken;
  do {
    const page = await client.send(new Command({ ...input, ...(NextToken ? { NextToken } : {}) }));
    all.push(...(page[listKey] ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

/** An agent session token from the admin API (`POST /agent-tokens/…`, SigV4 with `key`). */
export async function mintToken(url, key, instanceId, userId) {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'connect', sha256: Sha256 });
  const body = JSON.stringify({ ExpiresInSeconds: 3600 });
  const p = `/agent-tokens/${encodeURIComponent(instanceId)}/${encodeURIComponent(userId)}`;
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: u.protocol,
      hostname: u.hostname,
      port: Number(u.port),
      path: p,
      query: {},
      headers: { host: u.host, 'content-type': 'application/json' },
      body,
    }),
  );
  const headers = { ...signed.headers };
  delete headers.host;
  const res = await fetch(`${url}${p}`, { method: 'POST', headers, body });
  if (res.status !== 200)
    throw new Error(`agent token for ${userId}: ${res.status} ${res.headers.get('x-amzn-errortype')} ${await res.text()}`);
  return (await res.json()).Token;
}

/** Logs `label n/total` at every tenth of the way (and at the end); call the result once per unit. */
export const progress = (label, total) => {
  const step = Math.max(1, Math.ceil(total / 10));
  let done = 0;
  return () => {
    done++;
    if (done % step === 0 || done === total) log(`  ${label} ${done}/${total}`);
  };
};

/** Runs `fn(i)` for i in 0..n-1 with at most `width` at once. */
export async function pool(n, width, fn) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, worker));
}
