/**
 * The auto-wrap-up timer as a pure state machine: `autoWrapupStep(state, event, now,
 * settings) → {state, effects}`. A task in after-contact work arms it; when it runs out the
 * task wraps itself up with the default code; `wrapup()`, the task leaving after-contact
 * work and `cancelAutoWrapupTimer()` stop it. The shell (task.ts) runs the effects on its
 * Clock.
 */

export interface AutoWrapupSettings {
  /** How long after-contact work may last before the task wraps itself up, in ms. */
  readonly afterMs: number;
  /** For UIs: whether the agent may cancel the timer (the reference's allowCancelAutoWrapup; not enforced). */
  readonly allowCancel: boolean;
}

export type AutoWrapupState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'armed'; readonly startedAt: number; readonly deadline: number }
  | { readonly phase: 'cancelled' }
  | { readonly phase: 'fired'; readonly at: number }
  | { readonly phase: 'done' };

export type AutoWrapupEvent =
  /** The task is in after-contact work (sent on every push that shows it so: arming happens once). */
  | { readonly type: 'wrapUpRequired' }
  /** The timer set by a `schedule` effect went off. */
  | { readonly type: 'timer' }
  /** `cancelAutoWrapupTimer()`. */
  | { readonly type: 'cancel' }
  /** The task was wrapped up (by the agent, or it left after-contact work otherwise). */
  | { readonly type: 'wrappedUp' };

export type AutoWrapupEffect =
  | { readonly type: 'schedule'; readonly at: number }
  | { readonly type: 'clear' }
  /** Wrap the task up now, with the default code. */
  | { readonly type: 'wrapup' };

export const AUTO_WRAPUP_IDLE: AutoWrapupState = { phase: 'idle' };

const validInterval = (ms: number) => Number.isFinite(ms) && ms >= 0;

export function autoWrapupStep(
  state: AutoWrapupState,
  event: AutoWrapupEvent,
  now: number,
  settings: AutoWrapupSettings | undefined,
): { readonly state: AutoWrapupState; readonly effects: readonly AutoWrapupEffect[] } {
  const same = { state, effects: [] as AutoWrapupEffect[] };
  switch (event.type) {
    case 'wrapUpRequired': {
      // Armed once per after-contact work; an invalid interval never arms (rather than firing at once).
      if (state.phase !== 'idle' || !settings || !validInterval(settings.afterMs)) return same;
      const deadline = now + settings.afterMs;
      return { state: { phase: 'armed', startedAt: now, deadline }, effects: [{ type: 'schedule', at: deadline }] };
    }
    case 'timer':
      if (state.phase !== 'armed') return same;
      // A timer that went off early (clocks differ in resolution) is set again.
      if (now < state.deadline) return { state, effects: [{ type: 'schedule', at: state.deadline }] };
      return { state: { phase: 'fired', at: now }, effects: [{ type: 'wrapup' }] };
    case 'cancel':
      if (state.phase !== 'armed') return same;
      return { state: { phase: 'cancelled' }, effects: [{ type: 'clear' }] };
    case 'wrappedUp':
      return { state: { phase: 'done' }, effects: state.phase === 'armed' ? [{ type: 'clear' }] : [] };
  }
}

/** Milliseconds left before the timer runs out (undefined when it is not running). */
export function autoWrapupTimeLeft(state: AutoWrapupState, now: number): number | undefined {
  return state.phase === 'armed' ? Math.max(0, state.deadline - now) : undefined;
}
