/** Whether an hours-of-operation resource is open at an instant. */
import { DAYS } from '../model/constants.js';
import type { HoursOfOperation, TimeOfDay } from '../model/entities.js';

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Intl's short English weekday names, in the order of DAYS (Sunday first). */
const WEEKDAY_INDEX: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

const formatters = new Map<string, Intl.DateTimeFormat>();

const makeFormatter = (timeZone: string): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });

/** A cached formatter for `timeZone`; an unknown zone falls back to UTC. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = makeFormatter(timeZone);
    } catch {
      f = formatters.get('UTC') ?? makeFormatter('UTC');
    }
    if (formatters.size < 1000) formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The last answer per zone: every zone's offset is a whole number of minutes, so the local
 * minute changes only when the UTC minute does, and routing asks once per contact.
 */
const lastMinute = new Map<string, { readonly utcMinute: number; readonly value: number }>();

/** Minutes since Sunday 00:00 local time in `timeZone` at the instant `at`. */
function minuteOfWeek(timeZone: string, at: number): number {
  const utcMinute = Math.floor(at / 60_000);
  const last = lastMinute.get(timeZone);
  if (last?.utcMinute === utcMinute) return last.value;
  const value = localMinuteOfWeek(timeZone, at);
  if (last !== undefined || lastMinute.size < 1000) lastMinute.set(timeZone, { utcMinute, value });
  return value;
}

function localMinuteOfWeek(timeZone: string, at: number): number {
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'weekday') day = WEEKDAY_INDEX[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return day * MINUTES_PER_DAY + hour * 60 + minute;
}

const minutes = (t: TimeOfDay): number => t.hours * 60 + t.minutes;

/**
 * True when the instant `at` (epoch ms) falls inside one of `hours.config`'s ranges, read in
 * `hours.timeZone` (an unknown zone is read as UTC). A range's start is inclusive and its end
 * exclusive; 24:00 is the end of the day; an end before the start wraps past midnight into the
 * next day (Saturday wraps into Sunday). A range whose end equals its start is empty.
 */
export function isOpenAt(hours: Pick<HoursOfOperation, 'timeZone' | 'config'>, at: number): boolean {
  if (hours.config.length === 0) return false;
  const now = minuteOfWeek(hours.timeZone, at);
  for (const range of hours.config) {
    const dayIndex = DAYS.indexOf(range.day);
    if (dayIndex < 0) continue;
    const start = dayIndex * MINUTES_PER_DAY + minutes(range.start);
    let end = dayIndex * MINUTES_PER_DAY + minutes(range.end);
    if (end < start) end += MINUTES_PER_DAY;
    // A range running past Saturday midnight covers the start of the next week too.
    if ((now >= start && now < end) || (now + MINUTES_PER_WEEK >= start && now + MINUTES_PER_WEEK < end)) return true;
  }
  return false;
}

/** `n` mod `m`, in 0..m-1. */
const mod = (n: number, m: number): number => ((n % m) + m) % m;
/** A difference of minutes of the week as the shortest signed step (-half a week .. half a week). */
const shortest = (d: number): number => mod(d + MINUTES_PER_WEEK / 2, MINUTES_PER_WEEK) - MINUTES_PER_WEEK / 2;

/**
 * The first instant at or after `at` (epoch ms) at which `hours` is open: `at` itself when
 * open now, else the start of the next range (a whole minute, read in the hours' time zone,
 * across daylight-saving changes); undefined when it never opens (no ranges, or only empty
 * ones). Ranges repeat every week, so the answer is less than a week away.
 */
export function nextOpenAt(hours: Pick<HoursOfOperation, 'timeZone' | 'config'>, at: number): number | undefined {
  if (isOpenAt(hours, at)) return at;
  const base = Math.floor(at / 60_000) * 60_000;
  const baseMinute = localMinuteOfWeek(hours.timeZone, base);
  let best: number | undefined;
  for (const range of hours.config) {
    const dayIndex = DAYS.indexOf(range.day);
    if (dayIndex < 0 || minutes(range.end) === minutes(range.start)) continue;
    const target = dayIndex * MINUTES_PER_DAY + minutes(range.start);
    let t = base + (mod(target - baseMinute, MINUTES_PER_WEEK) || MINUTES_PER_WEEK) * 60_000;
    // The zone's offset may change before then (daylight saving): step by what the local
    // clock reads off, twice at most (a start inside a skipped hour never reads right).
    for (let i = 0; i < 2; i++) {
      const off = shortest(target - localMinuteOfWeek(hours.timeZone, t));
      if (off === 0) break;
      t += off * 60_000;
    }
    if (t <= at || !isOpenAt(hours, t)) continue;
    // Landed inside the range (after a skipped hour): back to where it opened.
    for (let i = 0; i < 120 && t - 60_000 > at && isOpenAt(hours, t - 60_000); i++) t -= 60_000;
    if (best === undefined || t < best) best = t;
  }
  return best;
}
