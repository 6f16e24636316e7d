/**
 * The real CLI as a child process, for the crash tests: `switchboard start` on port 0 (what
 * `npm start` runs, built), its URL read from the banner, and SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cli/dist/switchboard.mjs');

export interface CliProcess {
  readonly proc: ChildProcess;
  readonly url: string;
}

/** Starts the CLI with `args` after `start`; `env` adds to the environment (SWITCHBOARD_* of the test's own are dropped). */
export function startCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, 'start', '--port', '0', '--log-level', 'warn', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWITCHBOARD_'))), ...env },
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /is up at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]! });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

/** SIGKILL: no shutdown hook runs, nothing is flushed. */
export const killed = (c: CliProcess): Promise<void> =>
  new Promise<void>((resolve) => {
    if (c.proc.exitCode !== null || c.proc.signalCode !== null) {
      resolve();
      return;
    }
    c.proc.once('exit', () => resolve());
    c.proc.kill('SIGKILL');
  });
