/**
 * Streams' small runtime utilities on `connect`: `hitch`, the error classes (`StateError`,
 * `ValueError`, `NotImplementedError`, whose constructors take a sprintf template and its
 * arguments: `new StateError('Contact %s no longer exists.', id)`), `sprintf` / `vsprintf`,
 * `assertNotNull` / `assertTrue`, and `settle`, which hands a Promise's outcome to Streams'
 * `{success, failure}` callbacks.
 */
import { getLog, type Logger } from './log.js';
import { vsprintf } from './format.js';

export { sprintf, vsprintf } from './format.js';

/** The message of an error built from a template: never throws (a bad template keeps the raw text). */
function formatMessage(kind: string, template: unknown, args: readonly unknown[]): string {
  if (template === undefined) return '';
  try {
    return vsprintf(String(template), args);
  } catch (e) {
    const rest = args.map((a) => String(a)).join(' ');
    return `${String(template)}${rest ? ` ${rest}` : ''} (${kind} message format failed: ${e instanceof Error ? e.message : String(e)})`;
  }
}

/** A value is not what it must be (`connect.ValueError`). */
export class ValueError extends Error {
  constructor(template?: string, ...args: unknown[]) {
    super(formatMessage('ValueError', template, args));
  }
}

/** The object's data is gone or in the wrong state (`connect.StateError`). */
export class StateError extends Error {
  constructor(template?: string, ...args: unknown[]) {
    super(formatMessage('StateError', template, args));
  }
}

/** `connect.NotImplementedError`. */
export class NotImplementedError extends Error {
  constructor(template?: string, ...args: unknown[]) {
    super(formatMessage('NotImplementedError', template, args));
  }
}

// The runtime sets `name` on the prototype (not on each instance), so `err.name` is inherited.
for (const [cls, name] of [
  [ValueError, 'ValueError'],
  [StateError, 'StateError'],
  [NotImplementedError, 'NotImplementedError'],
] as const) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true, enumerable: false });
}

/** Throws `ValueError(message)` unless `premise` holds. */
export function assertTrue(premise: unknown, message: string): asserts premise {
  // '%s' so that a '%' in the message is not read as a placeholder (the runtime formats the message itself).
  if (!premise) throw new ValueError('%s', message);
}

/** Returns `value`; throws `ValueError('<name> must be provided')` if it is null or undefined. */
export function assertNotNull<T>(value: T, name?: string): NonNullable<T> {
  assertTrue(value !== null && value !== undefined, `${name || 'A value'} must be provided`);
  return value as NonNullable<T>;
}

type Fn = (...args: never[]) => unknown;

/**
 * `connect.hitch(scope, method, ...bound)`: `method` bound to `scope`, with `bound` before the
 * call's own arguments. Throws ValueError for a missing scope or method, or a method that is
 * not a function.
 */
export function hitch<F extends Fn>(scope: unknown, method: F): OmitThisParameter<F>;
export function hitch<A extends unknown[], B extends unknown[], R>(
  scope: unknown,
  method: (...args: [...A, ...B]) => R,
  ...bound: A
): (...args: B) => R;
export function hitch(scope: unknown, method: unknown, ...bound: unknown[]): (...args: unknown[]) => unknown {
  assertNotNull(scope, 'scope');
  assertNotNull(method, 'method');
  assertTrue(typeof method === 'function', 'method must be a function');
  const f = method as (...args: unknown[]) => unknown;
  return function hitched(...args: unknown[]) {
    return f.apply(scope, [...bound, ...args]);
  };
}

/** Streams' callbacks: `success(data)` and `failure(err, data)`, both optional. */
export interface SuccessFailOptions<T = unknown> {
  success?: ((data: T) => void) | undefined;
  failure?: ((err: unknown, data?: unknown) => void) | undefined;
}

export interface SettleOptions {
  /** The `data` handed to `failure` as its second argument, from the rejection (default: undefined). */
  readonly failureData?: (err: unknown) => unknown;
  /** Where a throwing callback is logged (default: `getLog()`). */
  readonly log?: Logger;
  /** Names the call in the log lines (`acceptContact`). */
  readonly what?: string;
}

/**
 * Hands the outcome of `promise` to `callbacks`: `success(value)` once it resolves, or
 * `failure(err, data)` (always two arguments, as at runtime) once it rejects. Either may be
 * missing (then that outcome is only logged when it is a failure). A callback that throws is
 * logged, not rethrown, and a throwing `success` does not call `failure`. Unlike the
 * runtime's client, a failure with no `failure` callback never calls `success`.
 * Resolves once the callback has run; never rejects.
 */
export function settle<T>(
  promise: PromiseLike<T>,
  callbacks?: SuccessFailOptions<T> | null,
  options: SettleOptions = {},
): Promise<void> {
  const what = options.what ?? 'request';
  const log = () => options.log ?? getLog();
  const run = (name: 'success' | 'failure', call: () => void) => {
    try {
      call();
    } catch (e) {
      log().error('The %s callback of %s threw.', name, what).withException(e);
    }
  };
  const cbs = typeof callbacks === 'object' && callbacks !== null ? callbacks : {};
  return Promise.resolve(promise).then(
    (value) => {
      const success = cbs.success;
      if (typeof success === 'function') run('success', () => success(value));
    },
    (err: unknown) => {
      const failure = cbs.failure;
      let data: unknown;
      try {
        data = options.failureData?.(err);
      } catch (e) {
        log().warn('failureData of %s threw.', what).withException(e);
      }
      if (typeof failure === 'function') run('failure', () => failure(err, data));
      else log().warn('%s failed and no failure callback was given.', what).withObject({ err });
    },
  );
}
