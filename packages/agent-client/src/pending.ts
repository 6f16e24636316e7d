/**
 * Commands waiting for their answer: each has an id (echoed by the server in its `result`
 * or `error` frame), whether it was sent yet, and one deadline for the whole wait, queue
 * included. Every command settles exactly once.
 */
import type { Clock, TimerHandle } from './clock.js';
import { AgentApiError, AgentErrorType } from './errors.js';

/** Largest frame the server takes; a bigger one would close the socket (1009). */
export const MAX_FRAME_BYTES = 64 * 1024;

export interface PendingCommand {
  readonly id: string;
  readonly method: string;
  /** The JSON frame to send. */
  readonly frame: string;
  sent: boolean;
}

interface Entry extends PendingCommand {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: AgentApiError) => void;
  readonly timer: TimerHandle;
}

export class PendingCommands {
  private readonly entries = new Map<string, Entry>();
  private nextId = 1;

  constructor(private readonly clock: Clock) {}

  /** A new command and the promise of its answer; rejects at once when it cannot be sent at all. */
  add(method: string, params: unknown, timeoutMs: number): { command: PendingCommand | undefined; promise: Promise<unknown> } {
    const id = String(this.nextId++);
    let frame: string;
    try {
      frame = JSON.stringify({ id, method, params });
    } catch (err) {
      const e = new AgentApiError(AgentErrorType.InvalidParameter, `${method}: the parameters are not JSON`, { cause: err });
      return { command: undefined, promise: Promise.reject(e) };
    }
    if (new TextEncoder().encode(frame).byteLength > MAX_FRAME_BYTES) {
      const e = new AgentApiError(AgentErrorType.InvalidParameter, `${method}: the command is larger than 64 KiB`);
      return { command: undefined, promise: Promise.reject(e) };
    }
    let command: Entry | undefined;
    const promise = new Promise<unknown>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        const entry = this.entries.get(id);
        if (!entry) return;
        this.settle(
          id,
          entry.sent
            ? new AgentApiError(
                AgentErrorType.Timeout,
                `${method}: no answer within ${timeoutMs} ms; it may or may not have been carried out`,
              )
            : new AgentApiError(
                AgentErrorType.Networking,
                `${method}: not connected to the agent API within ${timeoutMs} ms; the command was not sent`,
              ),
        );
      }, timeoutMs);
      command = { id, method, frame, sent: false, resolve, reject, timer };
      this.entries.set(id, command);
    });
    return { command, promise };
  }

  /** The commands not sent yet, oldest first. */
  unsent(): PendingCommand[] {
    return [...this.entries.values()].filter((e) => !e.sent);
  }

  /** Settles a command with its answer (an AgentApiError rejects it); false when the id is not waiting. */
  settle(id: string, outcome: unknown): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    this.clock.clearTimeout(entry.timer);
    if (outcome instanceof AgentApiError) entry.reject(outcome);
    else entry.resolve(outcome);
    return true;
  }

  /** Rejects the commands sent and not answered (their socket is gone); unsent ones keep waiting. */
  failSent(error: AgentApiError): void {
    for (const e of [...this.entries.values()]) if (e.sent) this.settle(e.id, error);
  }

  /** Rejects every command. */
  failAll(error: AgentApiError): void {
    for (const id of [...this.entries.keys()]) this.settle(id, error);
  }

  get size(): number {
    return this.entries.size;
  }
}
