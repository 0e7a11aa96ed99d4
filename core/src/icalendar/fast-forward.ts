import ICAL from 'ical.js';
import { utcMs } from './intl-zones';

const DAY = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const SHIFTABLE_PARTS = new Set(['BYDAY', 'BYMONTH', 'BYMONTHDAY']);
const CLOCK_SECONDS: Record<string, number> = { SECONDLY: 1, MINUTELY: 60, HOURLY: 3600 };

type Parts = Record<string, Array<string | number>>;
export interface MovedStart {
  start: ICAL.Time;
  skipFirst: boolean;
}

/**
 * Where to start iterating a rule so that a range far from DTSTART does not cost one ical.js step per skipped
 * period (a daily event from ten years ago would take ~4,000; a minutely one from year 0001 a billion, and a
 * calendar holding it answered every time-range query with 403 after seconds of CPU). DTSTART is moved by a whole
 * number of the rule's periods (INTERVAL × FREQ, on the wall clock), which keeps the lattice the rule generates: its
 * BY* parts only look at each period itself. COUNT needs the skipped instances counted, so such rules are not moved
 * (parseCalendarObject's expansion probe bounds them instead).
 *
 * `notBeforeMs` is a wall-clock time (read as UTC, see wallClockMs) before which no instance can reach the range.
 * Returns the new start, and whether to drop it: ical.js yields its start as the first instance regardless (right
 * for the real DTSTART, RFC 5545 §3.8.5.3; wrong for a moved one). Every start moved here lies before
 * `notBeforeMs`, so a dropped or kept bogus first instance is outside the range either way.
 */
export function fastForwardStart(rule: ICAL.Recur, start: ICAL.Time, notBeforeMs: number): MovedStart | null {
  if (rule.count) return null;
  const parts = rule.parts as Parts;
  const interval = rule.interval || 1;
  switch (rule.freq) {
    case 'DAILY':
    case 'WEEKLY':
      return byDays(rule.freq, interval, parts, start, notBeforeMs);
    case 'SECONDLY':
    case 'MINUTELY':
    case 'HOURLY':
      return byClock(CLOCK_SECONDS[rule.freq] * interval, start, notBeforeMs);
    case 'MONTHLY':
      return byMonths(interval, parts, start, notBeforeMs);
    case 'YEARLY':
      return byYears(interval, parts, start, notBeforeMs);
    default:
      return null;
  }
}

/** Days since 1970 of the start's wall-clock date. */
function dayNumber(time: ICAL.Time): number {
  return Math.floor(utcMs(time.year, time.month, time.day) / DAY);
}

function byDays(
  freq: string,
  interval: number,
  parts: Parts,
  start: ICAL.Time,
  notBeforeMs: number,
): MovedStart | null {
  if (freq === 'WEEKLY' && parts.BYMONTHDAY) return null;
  const periodDays = interval * (freq === 'DAILY' ? 1 : 7);
  // Two days of margin cover any UTC offset between the wall clock and the range.
  const periods = Math.floor((Math.floor(notBeforeMs / DAY) - 2 - dayNumber(start)) / periodDays);
  if (periods <= 0) return null;
  const moved = start.clone();
  moved.adjust(periods * periodDays, 0, 0, 0);
  const days = (parts.BYDAY ?? []).map(String);
  // With only these parts it is cheap to tell whether the moved start is itself an instance (then it is kept).
  const simple =
    Object.keys(parts).every((part) => SHIFTABLE_PARTS.has(part)) && days.every((d) => WEEKDAYS.includes(d));
  return { start: moved, skipFirst: !simple || !passesFilters(moved, parts, days) };
}

/** SECONDLY..HOURLY: whole periods of `periodSeconds`, in days and seconds (ICAL.Time.adjust normalizes them). */
function byClock(periodSeconds: number, start: ICAL.Time, notBeforeMs: number): MovedStart | null {
  const wallMs = (time: ICAL.Time) => utcMs(time.year, time.month, time.day, time.hour, time.minute, time.second);
  const moved = start.clone();
  // ical.js counts Julian leap years before 1753, JavaScript proleptic Gregorian ones: a start from year 0001 lands
  // ~12 days short of the target after the first move, so it is moved again from there (both agree since 1753).
  // No margin beyond the caller's: a minutely rule pays one ical.js turn per minute left over.
  for (let round = 0; round < 2; round++) {
    const periods = Math.floor((notBeforeMs - wallMs(moved)) / (periodSeconds * 1000));
    if (periods <= 0) break;
    const seconds = periods * periodSeconds;
    moved.adjust(Math.floor(seconds / 86_400), 0, 0, seconds % 86_400);
  }
  return moved.compare(start) === 0 ? null : { start: moved, skipFirst: true };
}

/**
 * MONTHLY: whole periods of INTERVAL months. Without BYDAY/BYMONTHDAY the instances fall on DTSTART's day of the
 * month, which only a day ≤ 28 keeps in every month; with them DTSTART's day plays no part, and the moved start is
 * the first of its month so that month is generated whole.
 */
function byMonths(interval: number, parts: Parts, start: ICAL.Time, notBeforeMs: number): MovedStart | null {
  if (parts.BYWEEKNO || parts.BYYEARDAY) return null;
  const daysGiven = !!(parts.BYDAY || parts.BYMONTHDAY);
  if (!daysGiven && start.day > 28) return null;
  // A month and more of margin: the moved month ends before the range begins.
  const target = new Date(notBeforeMs - 35 * DAY);
  const months = target.getUTCFullYear() * 12 + target.getUTCMonth() - (start.year * 12 + start.month - 1);
  const periods = Math.floor(months / interval);
  if (periods <= 0) return null;
  const index = start.year * 12 + start.month - 1 + periods * interval;
  const moved = start.clone();
  moved.day = daysGiven ? 1 : start.day;
  moved.year = Math.floor(index / 12);
  moved.month = (index % 12) + 1;
  return { start: moved, skipFirst: true };
}

/**
 * YEARLY: whole periods of INTERVAL years, keeping DTSTART's month and day (what the rule defaults to when it
 * names none). Not for a 29 February start, nor BYWEEKNO without BYDAY (the weekday then comes from DTSTART).
 */
function byYears(interval: number, parts: Parts, start: ICAL.Time, notBeforeMs: number): MovedStart | null {
  if (start.month === 2 && start.day === 29) return null;
  if (parts.BYWEEKNO && !parts.BYDAY) return null;
  // A year and more of margin: the moved year ends before the range begins.
  const targetYear = new Date(notBeforeMs - 370 * DAY).getUTCFullYear();
  const periods = Math.floor((targetYear - start.year) / interval);
  if (periods <= 0) return null;
  const moved = start.clone();
  moved.year = start.year + periods * interval;
  return { start: moved, skipFirst: true };
}

function passesFilters(time: ICAL.Time, parts: Parts, days: string[]): boolean {
  if (days.length > 0 && !days.includes(WEEKDAYS[time.dayOfWeek() - 1])) return false;
  if (parts.BYMONTH && !parts.BYMONTH.map(Number).includes(time.month)) return false;
  if (parts.BYMONTHDAY) {
    const length = ICAL.Time.daysInMonth(time.month, time.year);
    const matches = parts.BYMONTHDAY.map(Number).some((d) => (d > 0 ? d : length + d + 1) === time.day);
    if (!matches) return false;
  }
  return true;
}
