/**
 * A minimal observable state holder for React's useSyncExternalStore: the state is an
 * immutable object replaced by `set`; listeners run after each change. The desktop's
 * truth lives in these stores (framework-free); components only read and call actions.
 */
export class Store<S extends object> {
  private listeners = new Set<() => void>();

  constructor(private state: S) {}

  get = (): S => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Merges a change; no-op changes notify nobody. */
  set(change: Partial<S> | ((s: S) => Partial<S>)): void {
    const patch = typeof change === 'function' ? change(this.state) : change;
    let changed = false;
    for (const k of Object.keys(patch) as (keyof S)[]) {
      if (!Object.is(this.state[k], patch[k])) changed = true;
    }
    if (!changed) return;
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
