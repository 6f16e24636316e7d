/** Words, times, sizes and colours as the widget shows them (Intl; no literals in the view). */
import type { Strings } from './strings/en.js';

/** `fill('Hi {name}', { name: 'Jane' })` → `Hi Jane`; an unknown placeholder stays as it is. */
export function fill(template: string, vars: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

/** The strings with a host's replacements (unknown keys and non-strings ignored). */
export function mergeStrings(base: Strings, overrides: unknown): Strings {
  if (!overrides || typeof overrides !== 'object') return base;
  const out: Record<string, string> = { ...base };
  for (const [k, v] of Object.entries(overrides as Record<string, unknown>)) {
    if (k in base && typeof v === 'string') out[k] = v;
  }
  return out as Strings;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, options);
    } catch {
      f = new Intl.DateTimeFormat(undefined, options); // an invalid lang="…" on the page
    }
    formats.set(key, f);
  }
  return f;
}

/** 14:05 (or 2:05 PM) in the reader's locale; '' for a bad time. */
export function clockTime(iso: string, locale?: string, timeZone?: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  return formatter(locale, { hour: 'numeric', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(t);
}

/** Date and time, for the transcript file. */
export function dateTime(iso: string, locale?: string, timeZone?: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(t);
}

/** 1.2 MB, 340 kB, 12 byte. */
export function fileSize(bytes: number, locale?: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let v = Math.max(0, bytes);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  try {
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: units[i],
      unitDisplay: 'short',
      maximumFractionDigits: i === 0 ? 0 : 1,
    }).format(v);
  } catch {
    return `${v.toFixed(i === 0 ? 0 : 1)} ${['B', 'kB', 'MB', 'GB'][i]}`;
  }
}

/** Initials for an avatar: "Jane Doe" → "JD", "bob" → "B". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = [...(parts[0] ?? '')][0];
  const last = parts.length > 1 ? [...(parts[parts.length - 1] ?? '')][0] : undefined;
  return [first, last].filter(Boolean).join('').toUpperCase() || '?';
}

/** `#0b63c9` / `#fff` → [r, g, b], or undefined for anything else. */
export function parseHex(color: string): [number, number, number] | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return undefined;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

const luminance = ([r, g, b]: [number, number, number]): number => {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};

/** WCAG contrast ratio of two colours. */
export function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface ThemeColours {
  /** The brand colour (launcher, the customer's bubbles, buttons). */
  readonly primary: string;
  /** Text on the brand colour: white or near-black, whichever reads better. */
  readonly onPrimary: string;
  /** Focus rings and links on white: the brand colour when it stands out (≥ 3:1), else near-black. */
  readonly accent: string;
}

const WHITE: [number, number, number] = [255, 255, 255];
const INK: [number, number, number] = [26, 26, 26];
export const DEFAULT_PRIMARY = '#0b63c9';

/** The theme derived from the configuration's primaryColor (an invalid colour gives the default). */
export function themeColours(primaryColor: string | undefined): ThemeColours {
  const rgb = parseHex(primaryColor ?? '') ?? parseHex(DEFAULT_PRIMARY)!;
  const primary = `rgb(${rgb.join(' ')})`;
  return {
    primary,
    onPrimary: contrast(rgb, WHITE) >= contrast(rgb, INK) ? '#fff' : '#1a1a1a',
    accent: contrast(rgb, WHITE) >= 3 ? primary : '#1a1a1a',
  };
}

/** A day stamp for file names: 2025-05-01. */
export const dayStamp = (t: number): string => new Date(t).toISOString().slice(0, 10);
