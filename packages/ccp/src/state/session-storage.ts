/**
 * Where the desktop keeps the agent's session between reloads and shares it between tabs:
 * localStorage (per origin; partitioned per top-level site inside an iframe). A token in the
 * URL fragment (`#token=…`, for embedding and tests; never the query string, which servers
 * log) signs in without a prompt and is removed from the address bar at once.
 */
export interface StoredSession {
  readonly token: string;
  /** ISO-8601, when known. */
  readonly expiresAt?: string | undefined;
}

const KEY = 'switchboard.ccp.session';

export function readStored(): StoredSession | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return undefined;
    const v = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof v.token !== 'string' || !v.token) return undefined;
    if (v.expiresAt && Date.parse(v.expiresAt) <= Date.now()) return undefined;
    return { token: v.token, expiresAt: v.expiresAt };
  } catch {
    return undefined;
  }
}

export function writeStored(s: StoredSession | undefined): void {
  try {
    if (s) globalThis.localStorage?.setItem(KEY, JSON.stringify(s));
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    // Storage refused (private mode, quota): the session lasts as long as the page.
  }
}

/** Calls `cb` when another tab changes the stored session. */
export function watchStored(cb: (s: StoredSession | undefined) => void): () => void {
  const on = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) cb(readStored());
  };
  globalThis.addEventListener?.('storage', on);
  return () => globalThis.removeEventListener?.('storage', on);
}

/** A token handed in the URL fragment, taken out of the address bar. */
export function takeFragmentToken(): StoredSession | undefined {
  const hash = globalThis.location?.hash ?? '';
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  if (!token) return undefined;
  params.delete('token');
  const rest = params.toString();
  globalThis.history?.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return { token, expiresAt: params.get('expiresAt') ?? undefined };
}
