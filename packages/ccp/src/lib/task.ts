/**
 * A task contact as the task view reads it: the snapshot's task fields (docs/agent-api.md),
 * references turned into what is safe to show (links only to http/https, mail only to an
 * address, dates in the agent's locale), the time left before the task expires, and how
 * long it has been paused. Pure: the view passes the time in.
 */
import type { ContactData } from '@switchboard/agent-client';
import { isEmailAddress, isHttpUrl, isNumeric, isTaskDate, type TaskReferenceType } from '@switchboard/core/task';

export interface TaskReference {
  readonly type: TaskReferenceType | (string & {});
  readonly value: string;
}

/** The agent snapshot's contact with the fields a task has. */
export type TaskContact = ContactData<string> & {
  readonly references?: Readonly<Record<string, TaskReference>>;
  /** ISO-8601: when a scheduled task was (or will be) queued. */
  readonly scheduledTimestamp?: string;
  /** ISO-8601: when the task expires. */
  readonly expiryTimestamp?: string;
  /** Pauses so far, a running one included. */
  readonly totalPauseCount?: number;
  /** Time paused in finished pauses (a running one: since `state.timestamp`). */
  readonly totalPauseDurationInSeconds?: number;
  readonly taskTemplate?: { readonly id: string; readonly name: string };
};

// References are checked by the rules the server checks them with (@switchboard/core/task).
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DIGITS = /^\d+$/;

/** The URL when it is an http or https one with a host, else undefined (no javascript:, data:…). */
export function httpUrl(value: string): string | undefined {
  const v = value.trim();
  return isHttpUrl(v) ? new URL(v).href : undefined;
}

/** A reference date as epoch ms (ISO-8601 date or date-time, epoch seconds or ms), and whether it has a time. */
export function parseTaskDate(v: string): { ms: number; dateOnly: boolean } | undefined {
  const s = v.trim();
  if (!isTaskDate(s)) return undefined;
  if (DIGITS.test(s)) {
    const n = Number(s);
    return { ms: s.length > 10 ? n : n * 1000, dateOnly: false };
  }
  const dateOnly = DATE_ONLY.test(s);
  return { ms: Date.parse(dateOnly ? `${s}T00:00:00Z` : s.replace(' ', 'T')), dateOnly };
}

/** How one reference is shown. */
export type ReferenceView =
  | { readonly kind: 'link'; readonly href: string; readonly text: string }
  | { readonly kind: 'text'; readonly text: string };

export function referenceView(ref: TaskReference, locale?: string): ReferenceView {
  const value = ref.value;
  switch (ref.type) {
    case 'URL': {
      const href = httpUrl(value);
      return href ? { kind: 'link', href, text: value } : { kind: 'text', text: value };
    }
    case 'EMAIL':
      return isEmailAddress(value) ? { kind: 'link', href: `mailto:${value}`, text: value } : { kind: 'text', text: value };
    case 'DATE': {
      const d = parseTaskDate(value);
      if (!d) return { kind: 'text', text: value };
      const f = new Intl.DateTimeFormat(
        locale,
        d.dateOnly ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short' },
      );
      return { kind: 'text', text: f.format(d.ms) };
    }
    case 'NUMBER':
      return { kind: 'text', text: isNumeric(value) ? new Intl.NumberFormat(locale).format(Number(value)) : value };
    default:
      return { kind: 'text', text: value };
  }
}

/** References by name, for display. */
export const taskReferences = (c: TaskContact): [string, TaskReference][] =>
  Object.entries(c.references ?? {}).sort(([a], [b]) => a.localeCompare(b));

const H = 3_600_000;
/** Under this much time left, the view warns. */
export const EXPIRY_WARNING_MS = 2 * H;

export interface TimeLeft {
  /** ms until expiry (≤ 0 once expired). */
  readonly ms: number;
  readonly tone: 'ok' | 'warn' | 'expired';
}

export function timeLeft(expiryIso: string | undefined, nowMs: number): TimeLeft | undefined {
  const at = expiryIso ? Date.parse(expiryIso) : Number.NaN;
  if (!Number.isFinite(at)) return undefined;
  const ms = at - nowMs;
  return { ms, tone: ms <= 0 ? 'expired' : ms < EXPIRY_WARNING_MS ? 'warn' : 'ok' };
}

/**
 * A span of time as its two largest units, narrow and in the agent's locale:
 * "6d 23h", "1h 5m", "12m", "45s". Rounded down, so a countdown never shows more time
 * than there is.
 */
export function compactDuration(ms: number, locale?: string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const parts: [number, 'day' | 'hour' | 'minute' | 'second'][] = [
    [Math.floor(s / 86_400), 'day'],
    [Math.floor((s % 86_400) / 3600), 'hour'],
    [Math.floor((s % 3600) / 60), 'minute'],
    [s % 60, 'second'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return unit(0, 'second', locale);
  return parts
    .slice(first, first + 2)
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, u]) => unit(n, u, locale))
    .join(' ');
}

const unitFormats = new Map<string, Intl.NumberFormat>();
function unit(n: number, u: string, locale?: string): string {
  const key = `${locale ?? ''}:${u}`;
  let f = unitFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow' });
    unitFormats.set(key, f);
  }
  return f.format(n);
}

/** Total paused time in ms: the finished pauses, plus the running one while paused. */
export function pausedMs(c: TaskContact, nowMs: number): number {
  const done = (c.totalPauseDurationInSeconds ?? 0) * 1000;
  if (c.state.type !== 'paused') return done;
  const since = Date.parse(c.state.timestamp);
  return done + (Number.isFinite(since) ? Math.max(0, nowMs - since) : 0);
}

/** Pauses so far (the snapshot counts a running one too). */
export const pauseCount = (c: TaskContact): number => c.totalPauseCount ?? 0;
