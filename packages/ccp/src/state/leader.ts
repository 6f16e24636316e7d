/**
 * Which of an agent's tabs is the "master": the one that rings and refreshes the session.
 * The Web Locks API gives it to one tab at a time and hands it on when that tab closes.
 * Where there are no locks (or they are refused, as in a cross-site iframe), every tab is
 * its own master.
 */
export function electLeader(name: string, onChange: (leader: boolean) => void): () => void {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks?.request) {
    onChange(true);
    return () => undefined;
  }
  const abort = new AbortController();
  let release: (() => void) | undefined;
  locks
    .request(name, { signal: abort.signal }, () => {
      onChange(true);
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    })
    // A cross-site iframe may be refused the lock (third-party storage blocked): that tab
    // is alone in its storage partition, so it leads.
    .catch(() => {
      if (!abort.signal.aborted) onChange(true);
    });
  onChange(false);
  return () => {
    abort.abort();
    release?.();
  };
}
