/**
 * The auto-wrap-up timer of one task: the pure machine (auto-wrapup.ts) run on the host's
 * Clock. It keeps the machine's state, sets and clears the timer the effects ask for, and
 * calls `fire` when after-contact work ran out.
 */
import type { Clock, TimerHandle } from '@switchboard/agent-client';
import {
  AUTO_WRAPUP_IDLE,
  type AutoWrapupEvent,
  type AutoWrapupSettings,
  autoWrapupStep,
  autoWrapupTimeLeft,
} from './auto-wrapup.js';

/** The auto-wrap-up timer of a task in after-contact work (the reference's `AutoWrapup`). */
export interface AutoWrapupTimer {
  readonly allowCancelAutoWrapup: boolean;
  isRunning(): boolean;
  getTimeLeft(): number;
  getTimeLeftSeconds(): number;
}

export interface AutoWrapupRunnerHost {
  readonly clock: Clock;
  /** The manager's `autoWrapup` option (undefined: never armed). */
  readonly settings: () => AutoWrapupSettings | undefined;
  /** The timer ran out: wrap the task up now, with the default code. */
  readonly fire: () => void;
}

export class AutoWrapupRunner {
  private state = AUTO_WRAPUP_IDLE;
  private handle: TimerHandle | undefined;

  constructor(private readonly host: AutoWrapupRunnerHost) {}

  get running(): boolean {
    return this.state.phase === 'armed';
  }

  /** The timer as the task shows it while it runs. */
  view(): AutoWrapupTimer | undefined {
    if (this.state.phase !== 'armed') return undefined;
    const left = () => autoWrapupTimeLeft(this.state, this.host.clock.now()) ?? 0;
    return {
      allowCancelAutoWrapup: this.host.settings()?.allowCancel ?? false,
      isRunning: () => this.state.phase === 'armed',
      getTimeLeft: left,
      getTimeLeftSeconds: () => Math.ceil(left() / 1000),
    };
  }

  step(event: AutoWrapupEvent): void {
    const { clock } = this.host;
    const { state, effects } = autoWrapupStep(this.state, event, clock.now(), this.host.settings());
    this.state = state;
    for (const fx of effects) {
      if (fx.type === 'clear') this.stop();
      else if (fx.type === 'schedule') {
        this.stop();
        this.handle = clock.setTimeout(() => {
          this.handle = undefined;
          this.step({ type: 'timer' });
        }, fx.at - clock.now());
      } else this.host.fire();
    }
  }

  /** Clears the clock's timer (the machine's state stays). */
  stop(): void {
    if (this.handle !== undefined) this.host.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
