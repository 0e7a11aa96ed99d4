/**
 * An upper bound of when a recurring series' last instance ends, read from its RRULE (RFC 5545 §3.3.10) and its
 * master's start and end, or null when the rule has no end or none that is cheap to bound. The calendar index uses it
 * so that a time-range query does not render and expand every recurring series of the calendar on its first query
 * (the candidates are decided exactly afterwards, on the instances, RFC 4791 §9.9). Pure.
 *
 * - UNTIL bounds the start of every instance (§3.3.10: "the last instance"); a DATE UNTIL is taken as the end of that
 *   day. Local (floating) values are read as UTC: the index keeps a day of margin on both sides (mayOverlap).
 * - COUNT bounds the instances only where every period holds at least one of them: FREQ up to WEEKLY, with no BYxxx
 *   part except BYDAY under WEEKLY (a weekday is in every week). A MONTHLY rule on the 31st or a YEARLY one on 29
 *   February skips periods, and BYxxx filters may skip many (COUNT counts instances, not periods): no bound.
 */
const PERIOD_MS: Record<string, number> = {
  SECONDLY: 1_000,
  MINUTELY: 60_000,
  HOURLY: 3_600_000,
  DAILY: 86_400_000,
  WEEKLY: 7 * 86_400_000,
};

const DAY = 86_400_000;

function untilMs(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const start = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  if (Number.isNaN(start)) return null;
  return h === undefined ? start + DAY : start;
}

export function recurrenceEnd(rrule: string, masterStart: number, masterEnd: number): number | null {
  const parts = new Map<string, string>();
  for (const part of rrule.toUpperCase().split(';')) {
    const [key, value] = part.split('=');
    if (key) parts.set(key.trim(), (value ?? '').trim());
  }
  const duration = Math.max(0, masterEnd - masterStart);
  const until = parts.get('UNTIL');
  if (until !== undefined) {
    const last = untilMs(until);
    return last === null ? null : Math.max(last, masterStart) + duration;
  }
  const count = Number(parts.get('COUNT'));
  const freq = parts.get('FREQ') ?? '';
  const interval = parts.has('INTERVAL') ? Number(parts.get('INTERVAL')) : 1;
  const period = PERIOD_MS[freq];
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(interval) || interval < 1 || !period) return null;
  for (const key of parts.keys()) {
    if (!key.startsWith('BY')) continue;
    if (!(
      key === 'BYDAY' &&
      freq === 'WEEKLY' &&
      /^(SU|MO|TU|WE|TH|FR|SA)(,(SU|MO|TU|WE|TH|FR|SA))*$/.test(parts.get(key)!)
    ))
      return null;
  }
  // The last instance starts within the COUNT-th period (BYDAY: anywhere in that week).
  return masterStart + count * interval * period + duration;
}
