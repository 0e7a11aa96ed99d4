import { wallTimeAt, wallTimeToMs } from '@akte/core';

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** The one weekday of a weekly rule (`FREQ=WEEKLY;BYDAY=MO` → 1, Sunday 0), or null for any other rule. */
export function weeklyWeekday(rrule: string | undefined): number | null {
  if (!rrule || !/(^|;)FREQ=WEEKLY(;|$)/.test(rrule)) return null;
  const byday = /(?:^|;)BYDAY=([A-Z]{2})(?:;|$)/.exec(rrule);
  return byday ? WEEKDAYS.indexOf(byday[1]) : null;
}

/**
 * When a timed demo event starts: `inDays` from the demo's today at `hour` o'clock, both in the calendar's zone (a
 * meeting at nine is at nine in Berlin, summer or winter). A weekly series with one BYDAY moves back to the latest
 * such weekday on or before that day: RFC 5545 §3.8.5.3 makes DTSTART the first instance whether or not it matches
 * the rule, so a Monday meeting counted from "a week ago" started on whatever weekday the demo was loaded — a Sunday
 * when loaded on a Sunday. Pure.
 */
export function demoEventStart(
  now: Date,
  event: { inDays: number; hour: number; rrule?: string },
  timeZone: string,
): Date {
  const today = wallTimeAt(now.getTime(), timeZone);
  // Calendar-day arithmetic on the local date (Date.UTC normalizes day overflow across months and years).
  const day = new Date(Date.UTC(today.year, today.month - 1, today.day + event.inDays));
  const weekday = weeklyWeekday(event.rrule);
  if (weekday !== null) day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() - weekday + 7) % 7));
  const wall = {
    year: day.getUTCFullYear(),
    month: day.getUTCMonth() + 1,
    day: day.getUTCDate(),
    hour: event.hour,
    minute: 0,
    second: 0,
  };
  return new Date(wallTimeToMs(wall, timeZone));
}
