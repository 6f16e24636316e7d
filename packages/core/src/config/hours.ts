/** From the file's hours of operation to the model's ranges. */
import { DAYS } from '../model/constants.js';
import type { HoursOfOperationRange, TimeOfDay } from '../model/entities.js';
import type { HoursOfOperationConfig } from './schema.js';

/** "09:30" → { hours: 9, minutes: 30 }; "24:00" → { hours: 24, minutes: 0 }. Throws on anything else. */
export function parseTimeOfDay(s: string): TimeOfDay {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  const hours = Number(m?.[1]);
  const minutes = Number(m?.[2]);
  if (!m || minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0))
    throw new RangeError(`not a time "HH:MM": ${JSON.stringify(s)}`);
  return { hours, minutes };
}

/** The ranges of a validated hours-of-operation entry; `alwaysOpen: true` is every day 00:00–24:00. */
export function hoursOfOperationRanges(h: Pick<HoursOfOperationConfig, 'alwaysOpen' | 'ranges'>): HoursOfOperationRange[] {
  if (h.alwaysOpen === true) {
    return DAYS.map((day) => ({ day, start: { hours: 0, minutes: 0 }, end: { hours: 24, minutes: 0 } }));
  }
  return (h.ranges ?? []).map((r) => ({ day: r.day, start: parseTimeOfDay(r.start), end: parseTimeOfDay(r.end) }));
}
