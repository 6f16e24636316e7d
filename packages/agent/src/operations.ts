/**
 * One task's operations in flight: each sends its command, then waits for the task's own
 * contact to show the change it causes (settle.ts); one deadline on the injected clock
 * covers both, and a second identical operation on the same task is refused while the
 * first runs. Nothing here looks at another task: operations on different tasks never
 * meet.
 */
import type { Clock, ContactData, TimerHandle } from '@switchboard/agent-client';
import { fromApiError, TaskError, TaskErrorType } from './errors.js';
import { EXPECTED_WORDS, type ExclusiveOperation, type Expectation, outcome } from './settle.js';

interface Waiter {
  readonly expect: Expectation;
  readonly resolve: () => void;
  readonly reject: (failed: string) => void;
  /** Checked against the data only once the server answered. */
  armed: boolean;
}

export interface OperationsHost {
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly taskId: () => string;
  /** The task's channel, for messages. */
  readonly kind: () => string;
  /** The task's contact as the data shows it now (undefined: gone). */
  readonly contact: () => ContactData<string> | undefined;
}

export class Operations {
  private readonly waiters = new Set<Waiter>();
  private readonly pending = new Set<ExclusiveOperation>();

  constructor(private readonly host: OperationsHost) {}

  /** Runs `send` (the command `command`), then waits until the contact shows `expect`. */
  async run(operation: ExclusiveOperation, expect: Expectation, command: string, send: () => Promise<unknown>): Promise<void> {
    const id = this.host.taskId();
    if (this.pending.has(operation))
      throw new TaskError(
        TaskErrorType.Pending,
        operation,
        id,
        `${operation} on task ${id} is already under way: wait for it before asking again`,
      );
    this.pending.add(operation);
    const { clock, timeoutMs } = this.host;
    let stage = `the server's answer to ${command}`;
    let timer: TimerHandle | undefined;
    let waiter: Waiter | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = clock.setTimeout(
        () =>
          reject(
            new TaskError(
              TaskErrorType.Timeout,
              operation,
              id,
              `${operation} on task ${id} (${this.host.kind()}) timed out after ${timeoutMs} ms waiting for ${stage}`,
            ),
          ),
        timeoutMs,
      );
    });
    const work = (async () => {
      const seen = new Promise<void>((resolve, reject) => {
        const w: Waiter = {
          expect,
          armed: false,
          resolve: () => {
            this.waiters.delete(w);
            resolve();
          },
          reject: (failed) => {
            this.waiters.delete(w);
            reject(
              new TaskError(
                TaskErrorType.Gone,
                operation,
                id,
                `${operation} on task ${id}: the server took ${command}, but ${failed}`,
              ),
            );
          },
        };
        waiter = w;
        this.waiters.add(w);
      });
      seen.catch(() => undefined);
      try {
        await send();
      } catch (err) {
        if (waiter) this.waiters.delete(waiter);
        throw fromApiError(err, operation, id, command);
      }
      stage = EXPECTED_WORDS[expect];
      if (waiter) {
        waiter.armed = true;
        this.check(waiter);
      }
      await seen;
    })();
    work.catch(() => undefined); // when it loses the race to the timeout, the timeout is the answer
    try {
      await Promise.race([work, timeout]);
    } finally {
      clock.clearTimeout(timer);
      if (waiter) this.waiters.delete(waiter);
      this.pending.delete(operation);
    }
  }

  /** A push changed (or removed) the contact: operations that were answered check it. */
  sync(): void {
    for (const w of [...this.waiters]) if (w.armed) this.check(w);
  }

  /** The task is done: what waited for it to go is done, the rest fail with `why`. */
  dispose(why: string): void {
    for (const w of [...this.waiters]) {
      if (w.expect === 'gone' || w.expect === 'declined' || w.expect === 'ended') w.resolve();
      else w.reject(why);
    }
  }

  private check(w: Waiter): void {
    const o = outcome(w.expect, this.host.contact());
    if (o.done) w.resolve();
    else if (o.failed !== undefined) w.reject(o.failed);
  }
}
