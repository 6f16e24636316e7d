import { beforeAll, describe, expect, it } from 'vitest';
import { loadRealStreams, type RealConnect, type RealEventBus } from '../test/real-streams.js';
import { ContactEvents, EventType } from './enums.js';
import { ALL_EVENTS, EventBus } from './event-bus.js';
import { Logger } from './log.js';
import { ValueError } from './util.js';

let real: RealConnect;
beforeAll(() => {
  real = loadRealStreams();
});

const quiet = () => new Logger({ console: { info() {}, log() {}, warn() {}, error() {} } });

/** The part of the bus the parity scenarios use; both ours and the runtime's have it. */
type AnyBus = Pick<RealEventBus, 'subscribe' | 'subscribeAll' | 'trigger' | 'unsubscribeAll' | 'getSubscriptions' | 'bridge'>;
type Scenario = (bus: AnyBus, calls: unknown[]) => void;

/** Runs `scenario` on our bus and on the runtime's, and returns both call records. */
function both(scenario: Scenario): { ours: unknown[]; theirs: unknown[] } {
  const ours: unknown[] = [];
  const theirs: unknown[] = [];
  scenario(new EventBus({ log: quiet() }) as unknown as AnyBus, ours);
  scenario(new real.EventBus(), theirs);
  return { ours, theirs };
}

describe('EventBus behaves as the runtime connect.EventBus', () => {
  it('runs subscribeAll handlers first, then the named ones, in order, with (data, name, bus)', () => {
    const { ours, theirs } = both((bus, calls) => {
      bus.subscribe('e', (data, name, b) => calls.push(['named-1', data, name, b === bus]));
      bus.subscribeAll((data, name, b) => calls.push(['all-1', data, name, b === bus]));
      bus.subscribe('e', (data) => calls.push(['named-2', data]));
      bus.subscribeAll((data, name) => calls.push(['all-2', data, name]));
      bus.subscribe('other', () => calls.push(['other']));
      bus.trigger('e', { n: 1 });
    });
    expect(ours).toEqual(theirs);
    expect(ours).toEqual([
      ['all-1', { n: 1 }, 'e', true],
      ['all-2', { n: 1 }, 'e'],
      ['named-1', { n: 1 }, 'e', true],
      ['named-2', { n: 1 }],
    ]);
  });

  it('hands null for missing or falsy data (`data || null`)', () => {
    const { ours, theirs } = both((bus, calls) => {
      bus.subscribe('e', (data) => calls.push(data));
      bus.trigger('e');
      bus.trigger('e', 0);
      bus.trigger('e', '');
      bus.trigger('e', false);
      bus.trigger('e', 'text');
    });
    expect(ours).toEqual(theirs);
    expect(ours).toEqual([null, null, null, null, 'text']);
  });

  it('a throwing handler does not stop the others', () => {
    const { ours, theirs } = both((bus, calls) => {
      bus.subscribeAll(() => {
        calls.push('all');
        throw new Error('all broke');
      });
      bus.subscribe('e', () => {
        calls.push('first');
        throw new TypeError('first broke');
      });
      bus.subscribe('e', () => calls.push('second'));
      bus.trigger('e');
    });
    expect(ours).toEqual(theirs);
    expect(ours).toEqual(['all', 'first', 'second']);
  });

  it('unsubscribing or subscribing during a trigger neither skips nor repeats anyone', () => {
    const { ours, theirs } = both((bus, calls) => {
      const subs: { unsubscribe(): void }[] = [];
      subs.push(
        bus.subscribe('e', (data) => {
          calls.push(`a${data}`);
          subs[0]?.unsubscribe(); // itself
          subs[2]?.unsubscribe(); // a later one: still called this time, as at runtime
          bus.subscribe('e', (d) => calls.push(`late${d}`)); // waits for the next trigger
        }),
      );
      subs.push(bus.subscribe('e', (data) => calls.push(`b${data}`)));
      subs.push(bus.subscribe('e', (data) => calls.push(`c${data}`)));
      subs.push(bus.subscribe('e', (data) => calls.push(`d${data}`)));
      bus.trigger('e', 1);
      bus.trigger('e', 2);
    });
    expect(ours).toEqual(theirs);
    expect(ours).toEqual(['a1', 'b1', 'c1', 'd1', 'b2', 'd2', 'late2']);
  });

  it('unsubscribe twice, unsubscribeAll, getSubscriptions and bridge', () => {
    const { ours, theirs } = both((bus, calls) => {
      const a = bus.subscribe('e', () => calls.push('a'));
      bus.subscribe('e', () => calls.push('b'));
      bus.subscribeAll((_d, name) => calls.push(`all:${name}`));
      calls.push(bus.getSubscriptions('e').length, bus.getSubscriptions('<<all>>').length, bus.getSubscriptions('none').length);
      a.unsubscribe();
      a.unsubscribe();
      calls.push(bus.getSubscriptions('e').length);
      const forward = bus.bridge();
      forward({ via: 'bridge' }, 'e');
      bus.unsubscribeAll();
      bus.trigger('e');
      calls.push(bus.getSubscriptions('e').length, bus.getSubscriptions('<<all>>').length);
    });
    expect(ours).toEqual(theirs);
    expect(ours).toEqual([2, 1, 0, 1, 'all:e', 'b', 0, 0]);
  });

  it('refuses a missing name or a non-function with the runtime ValueError messages', () => {
    const attempts: ((bus: AnyBus) => unknown)[] = [
      (bus) => bus.subscribe(null as unknown as string, () => {}),
      (bus) => bus.subscribe('e', null as unknown as () => void),
      (bus) => bus.subscribe('e', 'not a function' as unknown as () => void),
      (bus) => bus.subscribeAll(42 as unknown as () => void),
      (bus) => bus.trigger(undefined as unknown as string),
    ];
    const message = (f: () => unknown) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    const ours = new EventBus({ log: quiet() }) as unknown as AnyBus;
    const theirs = new real.EventBus();
    const results = attempts.map((f) => [message(() => f(ours)), message(() => f(theirs))]);
    for (const [o, t] of results) expect(o).toBe(t);
    expect(results.map(([o]) => o)).toEqual([
      'ValueError: eventName must be provided',
      'ValueError: f must be provided',
      'ValueError: f must be a function',
      'ValueError: f must be a function',
      'ValueError: eventName must be provided',
    ]);
    expect(() => new EventBus().subscribe('e', 'x' as never)).toThrow(ValueError);
  });
});

describe('EventBus, ours', () => {
  it('logs a failing handler with its exception', () => {
    const log = quiet();
    const bus = new EventBus({ log });
    bus.subscribe('agent::update', () => {
      throw new RangeError('bad agent');
    });
    bus.trigger('agent::update', {});
    const [entry] = log.getLogs();
    expect(entry?.getLevel()).toBe('ERROR');
    expect(entry?.getText()).toBe("'agent::update' event handler failed.");
    expect(entry?.exception).toMatchObject({ type: 'RangeError', message: 'bad agent' });
  });

  it('refuses a non-string event name in words', () => {
    expect(() => new EventBus().subscribe(7 as unknown as string, () => {})).toThrow('eventName must be a string');
  });

  it('wrapData rewrites the data once per trigger (the Contact wrap of contact::accepted); a throwing one passes the data on', () => {
    const log = quiet();
    let wraps = 0;
    const bus = new EventBus({
      log,
      wrapData: (name, data) => {
        wraps++;
        if (name === 'boom') throw new Error('cannot wrap');
        return name.startsWith(ContactEvents.ACCEPTED) ? { wrapped: data } : data;
      },
    });
    const seen: unknown[] = [];
    bus.subscribeAll((d) => seen.push(d));
    bus.subscribe(`${ContactEvents.ACCEPTED}::c-1`, (d) => seen.push(d));
    bus.subscribe('boom', (d) => seen.push(d));
    bus.trigger(`${ContactEvents.ACCEPTED}::c-1`, { contactId: 'c-1' });
    bus.trigger('boom', 'raw');
    expect(seen).toEqual([{ wrapped: { contactId: 'c-1' } }, { wrapped: { contactId: 'c-1' } }, 'raw', 'raw']);
    expect(wraps).toBe(2);
    expect(log.getLogs().map((e) => e.getText())).toEqual(["'boom' event data could not be wrapped; passed unchanged."]);
  });

  it('logEvents traces each event but the log traffic', () => {
    const log = quiet();
    log.setLogLevel('TRACE');
    const bus = new EventBus({ log, logEvents: true });
    bus.trigger('agent::refresh');
    bus.trigger(EventType.LOG, {});
    bus.trigger(EventType.API_METRIC, {});
    expect(log.getLogs().map((e) => [e.getLevel(), e.getText()])).toEqual([['TRACE', 'Publishing event: agent::refresh']]);
  });

  it('a handler that unsubscribes every one during a trigger still lets this trigger finish', () => {
    const bus = new EventBus({ log: quiet() });
    const calls: string[] = [];
    bus.subscribe('e', () => {
      calls.push('first');
      bus.unsubscribeAll();
    });
    bus.subscribe('e', () => calls.push('second'));
    bus.trigger('e');
    bus.trigger('e');
    expect(calls).toEqual(['first', 'second']);
    expect(bus.getSubscriptions(ALL_EVENTS)).toEqual([]);
  });

  it('types: the handler data type is the caller’s', () => {
    const bus = new EventBus();
    const sub = bus.subscribe<{ contactId: string }>('contact::init', (data) => data.contactId.toUpperCase());
    // @ts-expect-error the event name is a string
    expect(() => bus.subscribe(1, () => {})).toThrow();
    sub.unsubscribe();
    expect(bus.getSubscriptions('contact::init')).toEqual([]);
  });
});
