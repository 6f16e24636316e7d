/**
 * A typed emitter over one declared map of callbacks (the client's: events.ts; the agent
 * SDK's Task and ContactCenter use it too). No Node `events`: it runs in browsers. A
 * listener that throws does not stop the others nor the caller: its error goes to
 * `onListenerError`.
 */

/** A map of event names to their callbacks. */
export type CallbackMap<M> = { [K in keyof M]: (...args: never[]) => void };

export class TypedEmitter<M extends CallbackMap<M>> {
  private readonly listeners = new Map<keyof M, Set<M[keyof M]>>();

  constructor(private readonly onListenerError: (event: keyof M, err: unknown) => void) {}

  /** Calls `callback` on every `event` until the returned function is called. */
  on<K extends keyof M>(event: K, callback: M[K]): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    // Each subscription is its own entry, also when the same function subscribes twice.
    const entry = ((...args: Parameters<M[K]>) => callback(...args)) as M[K];
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Like {@link on}, for the first time only. */
  once<K extends keyof M>(event: K, callback: M[K]): () => void {
    const off = this.on(event, ((...args: Parameters<M[K]>) => {
      off();
      callback(...args);
    }) as M[K]);
    return off;
  }

  emit<K extends keyof M>(event: K, ...args: Parameters<M[K]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<M[K]>) => void)(...args);
      } catch (err) {
        this.onListenerError(event, err);
      }
    }
  }

  /** How many listeners `event` has. */
  count(event: keyof M): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
