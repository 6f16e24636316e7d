import { describe, expect, it } from 'vitest';
import {
  AUTO_WRAPUP_IDLE,
  type AutoWrapupEvent,
  type AutoWrapupState,
  autoWrapupStep,
  autoWrapupTimeLeft,
} from './auto-wrapup.js';

const settings = { afterMs: 30_000, allowCancel: true };

/** Runs events at times, returning the final state and every effect. */
function run(events: [number, AutoWrapupEvent][], s = settings) {
  let state: AutoWrapupState = AUTO_WRAPUP_IDLE;
  const effects: unknown[] = [];
  for (const [now, e] of events) {
    const out = autoWrapupStep(state, e, now, s);
    state = out.state;
    effects.push(...out.effects.map((fx) => ({ now, ...fx })));
  }
  return { state, effects };
}

describe('the auto-wrap-up timer', () => {
  it('arms once when after-contact work begins and wraps up when it runs out', () => {
    const { state, effects } = run([
      [1000, { type: 'wrapUpRequired' }],
      [5000, { type: 'wrapUpRequired' }], // every push says so: armed once
      [31_000, { type: 'timer' }],
    ]);
    expect(effects).toEqual([
      { now: 1000, type: 'schedule', at: 31_000 },
      { now: 31_000, type: 'wrapup' },
    ]);
    expect(state).toEqual({ phase: 'fired', at: 31_000 });
  });

  it('a timer that goes off early is set again for the deadline', () => {
    const { effects } = run([
      [0, { type: 'wrapUpRequired' }],
      [29_999, { type: 'timer' }],
    ]);
    expect(effects).toEqual([
      { now: 0, type: 'schedule', at: 30_000 },
      { now: 29_999, type: 'schedule', at: 30_000 },
    ]);
  });

  it('wrapping up or cancelling stops it; a cancelled timer is not armed again', () => {
    expect(
      run([
        [0, { type: 'wrapUpRequired' }],
        [10, { type: 'wrappedUp' }],
        [30_000, { type: 'timer' }],
      ]).effects,
    ).toEqual([
      { now: 0, type: 'schedule', at: 30_000 },
      { now: 10, type: 'clear' },
    ]);
    const cancelled = run([
      [0, { type: 'wrapUpRequired' }],
      [10, { type: 'cancel' }],
      [20, { type: 'wrapUpRequired' }],
      [30_000, { type: 'timer' }],
    ]);
    expect(cancelled.effects).toEqual([
      { now: 0, type: 'schedule', at: 30_000 },
      { now: 10, type: 'clear' },
    ]);
    expect(cancelled.state.phase).toBe('cancelled');
  });

  it('is off without settings, and an invalid interval never arms (rather than firing at once)', () => {
    expect(autoWrapupStep(AUTO_WRAPUP_IDLE, { type: 'wrapUpRequired' }, 0, undefined).effects).toEqual([]);
    for (const afterMs of [Number.NaN, -1, Number.POSITIVE_INFINITY])
      expect(autoWrapupStep(AUTO_WRAPUP_IDLE, { type: 'wrapUpRequired' }, 0, { afterMs, allowCancel: false }).state).toBe(
        AUTO_WRAPUP_IDLE,
      );
  });

  it('says how long is left while it runs', () => {
    const { state } = run([[1000, { type: 'wrapUpRequired' }]]);
    expect(autoWrapupTimeLeft(state, 11_000)).toBe(20_000);
    expect(autoWrapupTimeLeft(state, 99_000)).toBe(0);
    expect(autoWrapupTimeLeft(AUTO_WRAPUP_IDLE, 0)).toBeUndefined();
  });
});
