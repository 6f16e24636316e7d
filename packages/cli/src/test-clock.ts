/**
 * A clock for tests that run the real CLI (restart tests, demos of long timers): with
 * `SWITCHBOARD_TEST_CLOCK_FILE=<path>` the server's time is the machine's plus the offset
 * in milliseconds written in that file (a whole number; a missing or unreadable file is 0).
 * The file is watched; when the offset changes the server runs its due timers at once
 * (a task's schedule or expiry that the jump passed), as its own timers would have.
 *
 * Never set in production: the banner says so when it is. Polling (`fs.watchFile`), not
 * `fs.watch`, because an atomic rename by the test must be seen on every platform.
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';

export const TEST_CLOCK_ENV = 'SWITCHBOARD_TEST_CLOCK_FILE';
const POLL_MS = 50;

export interface TestClock {
  readonly now: () => number;
  /** The offset now, in ms. */
  readonly offset: () => number;
  /** `cb` runs after every change of the offset. */
  onChange(cb: () => void): void;
  close(): void;
}

function readOffset(file: string): number {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(n) ? n : 0;
  } catch {
    return 0;
  }
}

export function fileClock(file: string): TestClock {
  let offset = readOffset(file);
  const listeners: (() => void)[] = [];
  watchFile(file, { interval: POLL_MS, persistent: false }, () => {
    const next = readOffset(file);
    if (next === offset) return;
    offset = next;
    for (const l of listeners) l();
  });
  return {
    now: () => Date.now() + offset,
    offset: () => offset,
    onChange: (cb) => listeners.push(cb),
    close: () => unwatchFile(file),
  };
}
