/** Small helpers that no dependency is worth bringing in for. */

/**
 * A random UUID (v4). `crypto.randomUUID` exists only in secure contexts (a page on plain
 * http:// that is not localhost has none), while `getRandomValues` exists everywhere.
 */
export function uuid(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** setTimeout's delay is a signed 32-bit number: a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const clampDelay = (ms: number): number => (Number.isFinite(ms) ? Math.min(MAX_TIMER_MS, Math.max(0, ms)) : 0);
