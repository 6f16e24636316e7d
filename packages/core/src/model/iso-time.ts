/**
 * Epoch ms → ISO-8601 UTC with milliseconds, exactly as `new Date(ms).toISOString()`.
 *
 * Snapshots and chat items format several timestamps each, nearly all within the current
 * second; building a Date and formatting it was ~2 µs a call and ~3 % of a routed
 * contact's CPU. The text up to the second is kept for the last second seen, so most calls
 * only append the milliseconds. Outside years 0–9999 (where toISOString changes shape) and
 * for non-finite input it defers to Date.
 */
const MAX_PLAIN = 253402300799999; // 9999-12-31T23:59:59.999Z

let cachedSecond = Number.NaN;
let cachedPrefix = '';

export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_PLAIN) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    cachedSecond = second;
  }
  const milli = ms - second * 1000;
  return `${cachedPrefix}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
