import { beforeAll, describe, expect, it } from 'vitest';
import { loadRealStreams, type RealConnect } from '../test/real-streams.js';
import { jsonSafe } from './format.js';
import { Logger } from './log.js';
import {
  assertNotNull,
  assertTrue,
  hitch,
  NotImplementedError,
  settle,
  sprintf,
  StateError,
  ValueError,
  vsprintf,
} from './util.js';

let real: RealConnect;
type RealFn = (...args: unknown[]) => unknown;
beforeAll(() => {
  real = loadRealStreams();
});

/** What calling `f` gives: its value, or the thrown error's name. */
function outcome(f: () => unknown): { value: unknown } | { threw: string } {
  try {
    return { value: f() };
  } catch (e) {
    return { threw: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

describe('sprintf matches the runtime connect.sprintf', () => {
  const formatted: [string, ...unknown[]][] = [
    ['plain text'],
    ['%s and %s', 'a', 'b'],
    ['%s', { a: 1 }],
    ['%s', [1, 2]],
    ['%s %s', 'only one'],
    ['%s', null],
    ['%s', () => 'not called'],
    ['%.2s', 'abcdef'],
    ['%5s|%-5s|', 'ab', 'cd'],
    ["%'*8s", 'pad'],
    ['%2s', 'longer than 2'],
    ['%d', 3.9],
    ['%d', -3.9],
    ['%5d|', 42],
    ['%-5d|', 42],
    ['%05d', -42],
    ['%+d %+d', 5, -5],
    ['%f', 1.5],
    ['%.2f', 12.34567],
    ['%+.1f', 2],
    ['%e', 12345],
    ['%.3e', 12345],
    ['%+e', 1],
    ['%o', 8],
    ['%x %X', 255, 255],
    ['%b', 5],
    ['%b', -5],
    ['%c', 65],
    ['%u', -1],
    ['100%% sure'],
    ['%2$s %1$s', 'world', 'hello'],
    ['%(user.name)s has %(user.items[1])s', { user: { name: 'bob', items: ['a', 'b'] } }],
    ['%(n)05d', { n: 7 }],
  ];
  it.each(formatted)('sprintf(%j, …) gives what the runtime gives', (template, ...args) => {
    expect(sprintf(template, ...args)).toBe((real.sprintf as RealFn)(template, ...args));
  });

  /** Where the runtime throws (a string), we format or throw an Error that says why. */
  const runtimeThrows: [template: string, args: unknown[], ours: string | RegExp][] = [
    ['%d', ['42'], '42'],
    ['%05.1f', ['2.25'], '002.3'],
    ['%d', [10n], '10'],
    ['%i', [-3.9], '-3'],
    ['%j', [{ a: [1, 'x'], b: null }], '{"a":[1,"x"],"b":null}'],
    ['%2j', [{ a: 1 }], '{\n  "a": 1\n}'],
    ['%j', [undefined], 'undefined'],
    ['%d', ['abc'], /^TypeError: sprintf: %d at position 0 of "%d" expects a number, got string$/],
    ['%d', [], /^TypeError: sprintf: %d at position 0 of "%d" expects a number, got undefined$/],
    ['%z', [], /^SyntaxError: sprintf: unexpected placeholder at position 0 of "%z"$/],
    ['trailing %', [], /^SyntaxError: sprintf: unexpected placeholder at position 9 of "trailing %"$/],
    ['%1$s %(a)s', ['x'], /^SyntaxError: sprintf: "%1\$s %\(a\)s" mixes positional and named placeholders$/],
    ['%(a.b)s', [{}], /^TypeError: sprintf: the named argument has no property "a"/],
  ];
  it.each(runtimeThrows)('sprintf(%j, …): the runtime throws, ours is defined', (template, args, expected) => {
    expect(() => (real.sprintf as RealFn)(template, ...args)).toThrow();
    const ours = outcome(() => sprintf(template, ...args));
    if (typeof expected === 'string') expect(ours).toEqual({ value: expected });
    else expect('threw' in ours ? ours.threw : ours).toMatch(expected);
  });

  it('vsprintf takes the arguments as an array; a non-string template is refused in words', () => {
    expect(vsprintf('%s-%s', ['a', 'b'])).toBe((real.vsprintf as RealFn)('%s-%s', ['a', 'b']));
    expect(() => vsprintf(undefined as unknown as string)).toThrow('sprintf: the template must be a string, got undefined');
  });

  it('%j survives cycles', () => {
    const a: Record<string, unknown> = { id: 1 };
    a.self = a;
    expect(sprintf('%j', a)).toBe('{"id":1,"self":"[Circular]"}');
  });
});

describe('jsonSafe', () => {
  it('copies to JSON data, cycles and Errors included', () => {
    const shared = { n: 1 };
    const err = Object.assign(new Error('boom'), { code: 'E1' });
    const cyclic: Record<string, unknown> = { shared, again: shared, list: [1, undefined, () => 1], big: 10n, when: new Date(0) };
    Object.assign(cyclic, { me: cyclic, err, map: new Map([['k', 1]]), set: new Set([2]), nan: Number.NaN, gone: undefined });
    expect(jsonSafe(cyclic)).toEqual({
      shared: { n: 1 },
      again: { n: 1 },
      list: [1, null, null],
      big: '10',
      when: '1970-01-01T00:00:00.000Z',
      me: '[Circular]',
      err: { name: 'Error', message: 'boom', stack: err.stack, code: 'E1' },
      map: { k: 1 },
      set: [2],
      nan: null,
    });
  });

  it('stops very deep nesting and unreadable values without throwing', () => {
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 150; i++) {
      const next = {};
      deep.d = next;
      deep = next;
    }
    expect(JSON.stringify(jsonSafe(top))).toContain('"[Too deep]"');
    const hostile = {
      get x() {
        throw new Error('no reading');
      },
    };
    expect(jsonSafe(hostile)).toBe('[unreadable: no reading]');
  });
});

describe('errors', () => {
  it('format their message from a sprintf template, like the runtime', () => {
    const ours = new StateError('Contact %s no longer exists.', 'c-1');
    const theirs = new (real.StateError as new (...a: unknown[]) => Error)('Contact %s no longer exists.', 'c-1');
    expect(ours.message).toBe(theirs.message);
    expect(ours.message).toBe('Contact c-1 no longer exists.');
    expect(ours.name).toBe('StateError');
    expect(ours).toBeInstanceOf(StateError);
    expect(ours).toBeInstanceOf(Error);
    expect(ours.stack).toContain('StateError: Contact c-1 no longer exists.');
    expect(Object.hasOwn(ours, 'name')).toBe(false);
    expect(new ValueError('%s must be provided', 'x').name).toBe('ValueError');
    expect(new NotImplementedError('nope').message).toBe('nope');
    expect(new NotImplementedError().message).toBe('');
  });

  it('never throw from their constructor on a bad template', () => {
    const e = new ValueError('bad %d', 'x');
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/^bad %d x \(ValueError message format failed: sprintf: %d .* expects a number, got string\)$/);
  });
});

describe('assertNotNull and assertTrue', () => {
  it('throw ValueError with the runtime messages', () => {
    for (const [ours, theirs] of [
      [() => assertNotNull(null, 'eventName'), () => (real.assertNotNull as RealFn)(null, 'eventName')],
      [() => assertNotNull(undefined), () => (real.assertNotNull as RealFn)(undefined)],
      [() => assertTrue(false, 'f must be a function'), () => (real.assertTrue as RealFn)(false, 'f must be a function')],
    ] as const) {
      let mine: unknown;
      let runtime: unknown;
      try {
        ours();
      } catch (e) {
        mine = e;
      }
      try {
        theirs();
      } catch (e) {
        runtime = e;
      }
      expect(mine).toBeInstanceOf(ValueError);
      expect((mine as Error).message).toBe((runtime as Error).message);
      expect((runtime as Error).name).toBe('ValueError');
    }
    expect(() => assertNotNull(0, 'n')).not.toThrow();
    expect(assertNotNull('', 'n')).toBe('');
    expect(() => assertTrue(false, '100% wrong')).toThrow('100% wrong');
  });
});

describe('hitch', () => {
  it('binds the scope and puts the bound arguments first, as the runtime does', () => {
    const scope = { base: 10 };
    function add(this: typeof scope, a: number, b: number, c: number) {
      return this.base + a * 100 + b * 10 + c;
    }
    const ours = hitch(scope, add, 1);
    const theirs = (real.hitch as RealFn)(scope, add, 1) as RealFn;
    expect(ours(2, 3)).toBe(133);
    expect(theirs(2, 3)).toBe(133);
    const plain = hitch(scope, add);
    expect(plain(1, 2, 3)).toBe(133);
  });

  it('throws ValueError for a missing scope or method or a non-function', () => {
    expect(() => hitch(null, () => 1)).toThrow(new ValueError('scope must be provided'));
    expect(() => hitch({}, undefined as unknown as () => void)).toThrow('method must be provided');
    expect(() => hitch({}, 'f' as unknown as () => void)).toThrow('method must be a function');
    expect(() => (real.hitch as RealFn)({}, 'f')).toThrow('method must be a function');
  });
});

describe('settle', () => {
  const quietLog = () => {
    const log = new Logger({ console: { info() {}, log() {}, warn() {}, error() {} } });
    return log;
  };

  it('calls success with the value', async () => {
    const calls: unknown[][] = [];
    await settle(Promise.resolve({ ok: 1 }), { success: (...a: unknown[]) => calls.push(a), failure: () => calls.push(['no']) });
    expect(calls).toEqual([[{ ok: 1 }]]);
  });

  it('calls failure with two arguments: the error and the data from failureData', async () => {
    const calls: unknown[][] = [];
    const err = { type: 'InvalidStateException', message: 'no', statusCode: 409 };
    await settle(Promise.reject(err), { failure: (...a: unknown[]) => calls.push(a) });
    await settle(Promise.reject(err), { failure: (...a: unknown[]) => calls.push(a) }, { failureData: (e) => ({ from: e }) });
    expect(calls).toEqual([
      [err, undefined],
      [err, { from: err }],
    ]);
    expect(calls[0]).toHaveLength(2);
  });

  it('logs a throwing callback instead of rethrowing, and a throwing success does not call failure', async () => {
    const log = quietLog();
    let failed = false;
    await expect(
      settle(
        Promise.resolve(1),
        {
          success: () => {
            throw new TypeError('in success');
          },
          failure: () => {
            failed = true;
          },
        },
        { log, what: 'acceptContact' },
      ),
    ).resolves.toBeUndefined();
    await settle(
      Promise.reject(new Error('x')),
      {
        failure: () => {
          throw new RangeError('in failure');
        },
      },
      { log, what: 'rejectContact' },
    );
    expect(failed).toBe(false);
    const errors = log.getLogs().filter((e) => e.level === 'ERROR');
    expect(errors.map((e) => [e.getText(), e.exception?.type, e.exception?.message])).toEqual([
      ['The success callback of acceptContact threw.', 'TypeError', 'in success'],
      ['The failure callback of rejectContact threw.', 'RangeError', 'in failure'],
    ]);
  });

  it('accepts missing or malformed callbacks, never calls success for a failure, never rejects', async () => {
    const log = quietLog();
    let succeeded = false;
    await expect(settle(Promise.resolve(1), undefined, { log })).resolves.toBeUndefined();
    await expect(settle(Promise.reject(new Error('lost')), null, { log, what: 'clearContact' })).resolves.toBeUndefined();
    await expect(
      settle(
        Promise.reject(new Error('x')),
        {
          success: () => {
            succeeded = true;
          },
        },
        { log },
      ),
    ).resolves.toBeUndefined();
    await expect(settle(Promise.resolve(2), { success: 'nope' as unknown as () => void }, { log })).resolves.toBeUndefined();
    expect(succeeded).toBe(false);
    expect(log.getLogs().map((e) => e.getText())).toContain('clearContact failed and no failure callback was given.');
  });
});
