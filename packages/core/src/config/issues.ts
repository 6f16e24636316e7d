/**
 * Problems found in an instance configuration file, their paths and their wording.
 * Messages are written for the person editing the file (YAML or JSON), not for a
 * programmer: they name what was expected, what was found, and how to fix it.
 */
import type { z } from 'zod';

/** One problem in a configuration file. */
export interface ConfigIssue {
  /** Where, as `users[0].routingProfile`; `''` for the file as a whole. */
  readonly path: string;
  readonly message: string;
  /** 1-based position in the source text, when the issue came from a file (see the server's readConfigFile). */
  readonly line?: number;
  readonly column?: number;
}

export type ConfigPathSegment = string | number;

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `['users', 0, 'routingProfile']` → `users[0].routingProfile`; odd keys are quoted: `tags["a b"]`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

const PATH_TOKEN = /(?:^|\.)([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** The inverse of formatConfigPath; undefined when `path` is not in that format. */
export function parseConfigPath(path: string): ConfigPathSegment[] | undefined {
  const out: ConfigPathSegment[] = [];
  PATH_TOKEN.lastIndex = 0;
  while (PATH_TOKEN.lastIndex < path.length) {
    const at = PATH_TOKEN.lastIndex;
    const m = PATH_TOKEN.exec(path);
    if (!m || (at > 0 && m[1] !== undefined && path[at] !== '.')) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

/** `12:7: users[0].routingProfile: unknown routing profile "X" (known: …)`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const at = issue.line !== undefined ? `${issue.line}:${issue.column ?? 1}: ` : '';
  return `${at}${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

// ---------------------------------------------------------------------------------------
// Suggestions

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** The candidate `input` was most likely meant to be, if any is close enough. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  if (input.length > 200) return undefined;
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c === input) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  const limit = Math.min(2, Math.floor(Math.max(input.length, 2) / 3));
  return best !== undefined && (bestD === 0 || bestD <= limit) ? best : undefined;
}

/** `A, B, C` — at most `max` shown, then `… and N more`. */
export function listNames(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, … and ${names.length - max} more` : shown;
}

// ---------------------------------------------------------------------------------------
// Messages for zod's issues (passed per parse, so the process-wide zod config is untouched)

/** A short, human description of a value found in the file. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value (null)';
  if (typeof v === 'string') return `the string ${quote(v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (typeof v === 'bigint') return `the number ${v}`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

export function quote(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function invalidType(expected: string, input: unknown, path: readonly PropertyKey[]): string {
  if (input === undefined) return 'is required';
  if (path.length === 0 && expected === 'object') {
    return `the file must be an object of sections (instance:, queues:, users:, …), got ${describeValue(input)}`;
  }
  let msg = `expected ${EXPECTED[expected] ?? expected}, got ${describeValue(input)}`;
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint')) {
    msg += ` — in YAML, quote it: "${String(input)}"`;
  } else if ((expected === 'number' || expected === 'int') && typeof input === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(input)) {
    msg += ' — remove the quotes';
  } else if (input === null && expected === 'array') {
    msg += ' — write [] for an empty list, or remove the key';
  } else if (input === null && expected === 'object') {
    msg += ' — give it fields, or remove the key';
  }
  return msg;
}

function sizeMessage(iss: {
  code: 'too_small' | 'too_big';
  origin?: unknown;
  input?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
}): string {
  const small = iss.code === 'too_small';
  const bound = Number(small ? iss.minimum : iss.maximum);
  const inclusive = iss.inclusive !== false;
  const limit = inclusive ? bound : small ? bound + 1 : bound - 1;
  switch (iss.origin) {
    case 'string': {
      if (small && limit <= 1) return 'must not be empty';
      const got = typeof iss.input === 'string' ? ` (got ${iss.input.length})` : '';
      return `must be at ${small ? 'least' : 'most'} ${limit} characters long${got}`;
    }
    case 'array':
    case 'set': {
      if (small && limit <= 1) return 'must not be empty (list at least one)';
      return `must have at ${small ? 'least' : 'most'} ${limit} item${limit === 1 ? '' : 's'}`;
    }
    default: {
      const got = typeof iss.input === 'number' ? ` (got ${iss.input})` : '';
      return `must be at ${small ? 'least' : 'most'} ${limit}${got}`;
    }
  }
}

/** The error map used for every config parse. Schema-level messages take precedence. */
export const configErrorMap: z.core.$ZodErrorMap = (iss) => {
  const path = iss.path ?? [];
  switch (iss.code) {
    case 'invalid_type':
      return invalidType(iss.expected, iss.input, path);
    case 'too_small':
    case 'too_big':
      return sizeMessage(iss as Parameters<typeof sizeMessage>[0]);
    case 'invalid_value': {
      const values = iss.values.map((v) => String(v));
      let msg = `must be one of ${values.join(', ')} (got ${describeValue(iss.input)})`;
      if (values.length === 1) msg = `must be ${values[0]} (got ${describeValue(iss.input)})`;
      const hint = typeof iss.input === 'string' ? suggest(iss.input, values) : undefined;
      return hint ? `${msg} — did you mean ${hint}?` : msg;
    }
    case 'invalid_format':
      switch (iss.format) {
        case 'uuid':
          return `must be a UUID like "5b6c1d2e-0000-4000-8000-000000000001" (got ${describeValue(iss.input)})`;
        case 'email':
          return `must be an email address (got ${describeValue(iss.input)})`;
        default:
          return `is not in the expected format (got ${describeValue(iss.input)})`;
      }
    case 'unrecognized_keys':
      return `unknown key${iss.keys.length === 1 ? '' : 's'} ${iss.keys.map((k) => quote(k)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(iss.divisor)}`;
    default:
      return undefined;
  }
};
