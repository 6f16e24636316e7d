/**
 * validateConfig: the one entry point for checking an instance configuration. Pure; never
 * throws for any input. Reports every problem at once (shape and cross-references),
 * each with its path, in document order.
 */
import type { z } from 'zod';
import {
  type ConfigIssue,
  type ConfigPathSegment,
  configErrorMap,
  formatConfigPath,
  listNames,
  quote,
  suggest,
} from './issues.js';
import { checkReferences, type RawIssue } from './references.js';
import { type InstanceConfig, InstanceConfigSchema } from './schema.js';

export type ConfigValidationResult =
  | { readonly ok: true; readonly config: InstanceConfig }
  | { readonly ok: false; readonly issues: ConfigIssue[] };

export function validateConfig(data: unknown): ConfigValidationResult {
  const parsed = InstanceConfigSchema.safeParse(data, { error: configErrorMap });
  const raw: RawIssue[] = parsed.success ? [] : parsed.error.issues.flatMap((iss) => fromZod(iss));
  raw.push(...checkReferences(data));
  if (raw.length === 0 && parsed.success) return { ok: true, config: parsed.data };
  if (raw.length === 0) raw.push({ path: [], message: 'invalid configuration' }); // not reached: zod failed without issues
  return { ok: false, issues: order(raw, data).map((i) => ({ path: formatConfigPath(i.path), message: i.message })) };
}

function fromZod(iss: z.core.$ZodIssue): RawIssue[] {
  const path = iss.path.filter((p): p is ConfigPathSegment => typeof p === 'string' || typeof p === 'number');
  if (iss.code !== 'unrecognized_keys') return [{ path, message: iss.message }];
  const allowed = allowedKeysAt(path);
  return iss.keys.map((key) => {
    const hint = suggest(key, allowed);
    const message = hint
      ? `unknown key ${quote(key)} — did you mean ${quote(hint)}?`
      : `unknown key ${quote(key)} (allowed here: ${listNames(allowed, 20)})`;
    return { path: [...path, key], message };
  });
}

type Def = {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
};

/** The keys the schema allows for the object at `path` (for "did you mean" hints). */
function allowedKeysAt(path: readonly ConfigPathSegment[]): string[] {
  let def: Def | undefined = (InstanceConfigSchema as unknown as { _zod: { def: Def } })._zod.def;
  const unwrap = (d: Def | undefined): Def | undefined => {
    let cur = d;
    for (let n = 0; cur && n < 20; n++) {
      const next = cur.innerType ?? (cur.type === 'pipe' ? cur.in : undefined);
      if (!next) break;
      cur = next._zod.def;
    }
    return cur;
  };
  for (const seg of path) {
    def = unwrap(def);
    if (!def) return [];
    if (typeof seg === 'number') def = def.type === 'array' ? def.element?._zod.def : undefined;
    else def = def.type === 'object' && def.shape && Object.hasOwn(def.shape, seg) ? def.shape[seg]?._zod.def : undefined;
  }
  def = unwrap(def);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape).filter((k) => k !== '$schema') : [];
}

/**
 * Document order: by top-level section in the order the file has them (missing ones
 * first, as they are usually `instance: is required`), then by item index; otherwise
 * stable. Duplicates (same path and message) are dropped.
 */
function order(issues: RawIssue[], data: unknown): RawIssue[] {
  const keys = typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.keys(data) : [];
  const rank = (i: RawIssue): [number, number] => {
    const [section, index] = i.path;
    const s = section === undefined ? -2 : keys.indexOf(String(section));
    return [s, typeof index === 'number' ? index : -1];
  };
  const seen = new Set<string>();
  return issues
    .filter((i) => {
      const k = `${formatConfigPath(i.path)}\u0000${i.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((issue, n) => ({ issue, n, r: rank(issue) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.n - b.n)
    .map((x) => x.issue);
}
