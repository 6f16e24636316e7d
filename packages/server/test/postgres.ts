/**
 * A throwaway Postgres server for tests and benchmarks: initdb into a temp directory,
 * listen on 127.0.0.1 on a free port with trust auth, no fsync. Runs as the `postgres`
 * OS user when we are root (initdb refuses root).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export interface RunningPostgres {
  /** Superuser URL of the `postgres` database. */
  readonly url: string;
  stop(): Promise<void>;
}

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

/** The newest /usr/lib/postgresql/<major>/bin holding initdb and postgres, or undefined. */
export function findPostgresBin(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const bins = readdirSync(PG_ROOT)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(PG_ROOT, v, 'bin'));
  return bins.find((b) => existsSync(join(b, 'initdb')) && existsSync(join(b, 'postgres')));
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });

async function osUser(): Promise<{ uid: number; gid: number; wrap: (argv: string[]) => string[] }> {
  if (process.getuid?.() !== 0) return { uid: -1, gid: -1, wrap: (argv) => argv };
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g'), wrap: (argv) => ['runuser', '-u', 'postgres', '--', ...argv] };
  } catch {
    throw new Error('running as root but there is no `postgres` OS user to run the test Postgres as');
  }
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      `Postgres server binaries not found under ${PG_ROOT}/*/bin (install the postgresql package, ` +
        'or set SWITCHBOARD_TEST_PG=off to run without the Postgres cases)',
    );
  }
  const user = await osUser();
  const dir = await mkdtemp(join(tmpdir(), 'sb-pg-'));
  try {
    if (user.uid >= 0) await chown(dir, user.uid, user.gid);
    const data = join(dir, 'data');
    // A natural-language collation (ICU, Postgres 15+) like production databases have, so
    // tests catch ordering that silently depends on a byte-order ("C") default.
    const icu = Number(bin.split('/').at(-2)) >= 15 ? ['--locale-provider=icu', '--icu-locale=en-US'] : [];
    const initdb = ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', ...icu];
    const [cmd, ...args] = user.wrap([join(bin, 'initdb'), ...initdb]);
    await run(cmd!, args);
    // The free port we picked can be taken before Postgres binds it: retry a couple of times.
    for (let attempt = 1; ; attempt++) {
      try {
        const server = await launch(bin, user.wrap, data, dir);
        return {
          url: server.url,
          stop: async () => {
            await server.stop();
            await rm(dir, { recursive: true, force: true });
          },
        };
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Starts the server on `data` and waits until it accepts connections; stop() leaves the files. */
async function launch(
  bin: string,
  wrap: (argv: string[]) => string[],
  data: string,
  socketDir: string,
): Promise<RunningPostgres> {
  const port = await freePort();
  // The shell watchdog fast-shuts-down Postgres when our end of its stdin closes, which also
  // happens when this process dies without running stop(): no orphaned servers. (`<&3`:
  // a background job's stdin would otherwise be /dev/null.)
  const watchdog = 'exec 3<&0; "$0" "$@" </dev/null & pid=$!; (cat <&3 >/dev/null; kill -INT $pid 2>/dev/null) & wait $pid';
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: socketDir,
    fsync: 'off', // throwaway data: trade durability for speed
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200', // many test files, each with its own pools
  };
  const pgArgs = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const [cmd, ...args] = wrap(['sh', '-c', watchdog, join(bin, 'postgres'), ...pgArgs]);
  const child = spawn(cmd!, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => {
    log = (log + b.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    child.stdin!.end();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
    if (child.exitCode === null) {
      const [c, ...a] = wrap([join(bin, 'pg_ctl'), 'stop', '-D', data, '-m', 'immediate']);
      await run(c!, a).catch(() => {});
    }
  };
  try {
    await waitReady(url, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`test Postgres exited during start-up:\n${log()}`);
    // The timeout matters if something else grabbed the port and never answers.
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`test Postgres not ready after 30s: ${String(err)}\n${log()}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await client.end().catch(() => {});
    }
  }
}
