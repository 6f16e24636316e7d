/**
 * Test support: the real amazon-connect-streams release (and amazon-connect-taskjs on top of
 * it), loaded in a Node `vm` context with the few browser globals it touches at load time
 * stubbed, so tests can compare our modules with the runtime's objects and behaviour. Timers
 * are stubs that never fire (the release starts a log-roll interval at load): nothing is left
 * running. Read-only use: the tests read enums and drive a real `connect.EventBus`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

const require = createRequire(import.meta.url);

/** The runtime `connect` namespace, untyped (it is what we are checking against). */
export type RealConnect = Record<string, unknown> & {
  EventBus: new (params?: { logEvents?: boolean }) => RealEventBus;
  getLog(): { setEchoLevel(level: string): void };
};

export interface RealEventBus {
  subscribe(name: string, f: (...args: unknown[]) => void): { unsubscribe(): void };
  subscribeAll(f: (...args: unknown[]) => void): { unsubscribe(): void };
  trigger(name: string, data?: unknown): void;
  unsubscribeAll(): void;
  getSubscriptions(name: string): unknown[];
  bridge(): (data: unknown, event: string) => void;
}

const noop = (): void => {};

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: unknown) => void items.set(k, String(v)),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
  };
}

/** Loads a fresh copy of the release (and taskjs when asked) and returns its `connect`. */
export function loadRealStreams(options: { taskjs?: boolean } = {}): RealConnect {
  const element = () => ({ style: {}, setAttribute: noop, appendChild: noop, addEventListener: noop });
  let timerId = 0;
  const fakeTimer = () => ++timerId;
  const location = {
    href: 'http://localhost/',
    origin: 'http://localhost',
    protocol: 'http:',
    hostname: 'localhost',
    search: '',
  };
  const win: Record<string, unknown> = {
    document: {
      createElement: element,
      getElementsByTagName: () => [],
      querySelector: () => null,
      querySelectorAll: () => [],
      addEventListener: noop,
      body: { appendChild: noop, removeChild: noop },
      head: { appendChild: noop },
      cookie: '',
      location,
    },
    navigator: { userAgent: 'node' },
    location,
    addEventListener: noop,
    removeEventListener: noop,
    setTimeout: fakeTimer,
    clearTimeout: noop,
    setInterval: fakeTimer,
    clearInterval: noop,
    console: { log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop },
    localStorage: memoryStorage(),
    sessionStorage: memoryStorage(),
  };
  win.window = win;
  win.top = win;
  win.parent = win;
  win.self = win;
  const context = vm.createContext(win);
  const run = (path: string) => vm.runInContext(readFileSync(require.resolve(path), 'utf8'), context, { filename: path });
  run('amazon-connect-streams/release/connect-streams.js');
  if (options.taskjs) run('amazon-connect-taskjs/dist/amazon-connect-task.js');
  const connect = (context as { connect?: RealConnect }).connect;
  if (!connect) throw new Error('the amazon-connect-streams release did not define connect in the vm context');
  return connect;
}
