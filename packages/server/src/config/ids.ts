/**
 * Stable ids for resources defined in the instance file: a name-based UUID (RFC 9562
 * version 5, SHA-1) of (instance, kind, name). The same file gives the same ids on every
 * start and on every machine, and references can be resolved in any order.
 */
import { createHash } from 'node:crypto';

const NAMESPACE = 'switchboard.config';

export function nameBasedId(...parts: string[]): string {
  const h = createHash('sha1').update(NAMESPACE).update('\0').update(parts.join('\0')).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50; // version 5
  h[8] = ((h[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
