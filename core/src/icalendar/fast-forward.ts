import ICAL from 'ical.js';

const DAY = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const SHIFTABLE_PARTS = new Set(['BYDAY', 'BYMONTH', 'BYMONTHDAY']);

/**
 * Where to start iterating a DAILY or WEEKLY rule so that a range far from DTSTART does not cost one ical.js step
 * per skipped instance (a daily event from ten years ago would take ~4,000). Moving DTSTART by whole periods
 * (INTERVAL days or weeks, on the wall clock) keeps the lattice those rules generate, and their BY* filters only
 * look at the candidate day itself. COUNT needs the skipped instances counted, so such rules are not moved; nor
 * are rules with BYSETPOS, BYHOUR, … or BYDAY ordinals.
 *
 * Returns the new start, and whether it fails the rule's filters: ical.js yields its start as the first instance
 * regardless (right for the real DTSTART, RFC 5545 §3.8.5.3; wrong for a moved one), so the caller drops it.
 */
export function fastForwardStart(
  rule: ICAL.Recur,
  start: ICAL.Time,
  notBeforeMs: number,
): { start: ICAL.Time; skipFirst: boolean } | null {
  if (rule.count || (rule.freq !== 'DAILY' && rule.freq !== 'WEEKLY')) return null;
  const parts = rule.parts as Record<string, Array<string | number>>;
  if (Object.keys(parts).some((part) => !SHIFTABLE_PARTS.has(part))) return null;
  if (rule.freq === 'WEEKLY' && parts.BYMONTHDAY) return null;
  const days = (parts.BYDAY ?? []).map(String);
  if (days.some((day) => !WEEKDAYS.includes(day))) return null;
  const periodDays = (rule.interval || 1) * (rule.freq === 'DAILY' ? 1 : 7);
  const startDay = Math.floor(Date.UTC(start.year, start.month - 1, start.day) / DAY);
  // Two days of margin cover any UTC offset between the wall clock and the range.
  const targetDay = Math.floor(notBeforeMs / DAY) - 2;
  const periods = Math.floor((targetDay - startDay) / periodDays);
  if (periods <= 0) return null;
  const moved = start.clone();
  moved.adjust(periods * periodDays, 0, 0, 0);
  return { start: moved, skipFirst: !passesFilters(moved, parts, days) };
}

function passesFilters(time: ICAL.Time, parts: Record<string, Array<string | number>>, days: string[]): boolean {
  if (days.length > 0 && !days.includes(WEEKDAYS[time.dayOfWeek() - 1])) return false;
  if (parts.BYMONTH && !parts.BYMONTH.map(Number).includes(time.month)) return false;
  if (parts.BYMONTHDAY) {
    const length = ICAL.Time.daysInMonth(time.month, time.year);
    const matches = parts.BYMONTHDAY.map(Number).some((d) => (d > 0 ? d : length + d + 1) === time.day);
    if (!matches) return false;
  }
  return true;
}
