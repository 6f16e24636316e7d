/**
 * Whether the device is online, where the platform says so: browsers and workers fire
 * `online` / `offline` on the global object and keep `navigator.onLine`. Node has neither:
 * there a lost network shows up as socket errors and failed requests, which lead to the
 * same reconnect.
 */
export interface NetworkMonitor {
  isOnline(): boolean;
  /** Calls `onChange(online)` on every change; returns the unsubscribe. */
  watch(onChange: (online: boolean) => void): () => void;
}

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export const platformNetwork: NetworkMonitor = {
  isOnline() {
    const nav = (globalThis as { navigator?: { onLine?: unknown } }).navigator;
    return typeof nav?.onLine === 'boolean' ? nav.onLine : true;
  },
  watch(onChange) {
    const g = globalThis as unknown as Partial<EventTargetLike>;
    if (typeof g.addEventListener !== 'function' || typeof g.removeEventListener !== 'function') return () => undefined;
    const on = () => onChange(true);
    const off = () => onChange(false);
    g.addEventListener('online', on);
    g.addEventListener('offline', off);
    return () => {
      g.removeEventListener?.('online', on);
      g.removeEventListener?.('offline', off);
    };
  },
};
