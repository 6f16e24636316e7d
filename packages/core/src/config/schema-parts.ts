/**
 * Building blocks of the instance file's schema (schema.ts and the sections kept in files
 * of their own, such as widget-schema.ts): names, references, descriptions, integer
 * ranges, web origins, and the messages they give.
 */
import { z } from 'zod';
import { Channel } from '../model/constants.js';
import { describeValue, quote } from './issues.js';

export const NAME_MAX = 127;
export const DESCRIPTION_MAX = 250;

export const enumOf = <T extends Record<string, string>>(o: T) => z.enum(Object.values(o) as [T[keyof T], ...T[keyof T][]]);

/** A resource name: 1..127 characters, no leading/trailing whitespace, no line breaks. */
export const name = (what: string) =>
  z
    .string()
    .min(1, { error: 'must not be empty', abort: true })
    .max(NAME_MAX)
    .regex(/^\S(?:.*\S)?$/, { error: 'must not start or end with whitespace or contain line breaks' })
    .describe(`The ${what}'s name, unique among ${what}s (1..${NAME_MAX} characters).`);

/** A reference to another resource by its name. */
export const ref = (what: string) => z.string().min(1, { error: 'must not be empty' }).describe(`The name of a ${what}.`);

export const description = z
  .string()
  .max(DESCRIPTION_MAX)
  .optional()
  .describe(`Free text (at most ${DESCRIPTION_MAX} characters).`);

export const intRange = (min: number, max: number, what = '') =>
  z
    .int()
    .min(min, { error: (iss) => `must be ${what}from ${min} to ${max} (got ${String(iss.input)})` })
    .max(max, { error: (iss) => `must be ${what}from ${min} to ${max} (got ${String(iss.input)})` });

export const channel = enumOf(Channel);

/** The value found, for messages about strings: `"25:00"`. */
export const got = (v: unknown): string => (typeof v === 'string' ? quote(v) : describeValue(v));

const timeZoneCache = new Map<string, boolean>();
/** True for a time zone Intl knows (IANA names such as "Europe/Paris", and "UTC"). */
export function isValidTimeZone(tz: string): boolean {
  let ok = timeZoneCache.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat(undefined, { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (timeZoneCache.size < 1000) timeZoneCache.set(tz, ok);
  }
  return ok;
}

/** True for a URL origin: http(s)://host[:port], no path, no trailing slash (not `*`). */
export function isExactOrigin(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
  } catch {
    return false;
  }
}

/** True for `*` (any origin) or a URL origin: http(s)://host[:port], no path, no trailing slash. */
export function isUrlOrigin(s: string): boolean {
  return s === '*' || isExactOrigin(s);
}

/** Why `input` is not an origin, with a hint when it is a URL with a path; `star`: `*` is allowed. */
export function originMessage(input: unknown, star = true): string {
  let hint = '';
  if (typeof input === 'string') {
    try {
      const u = new URL(input);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin !== input) hint = ` — did you mean ${quote(u.origin)}?`;
    } catch {
      /* no hint */
    }
  }
  return `must be a URL origin such as "https://agents.example.com" or "http://localhost:3000" (scheme, host and optional port; no path or trailing slash)${star ? ', or "*" for any origin' : ''} (got ${got(input)})${hint}`;
}
