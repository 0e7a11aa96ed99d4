/**
 * IANA time zones through the platform's Intl (ICU), so core stays isomorphic and needs no tz database of its own.
 * Used when an iCalendar TZID has no VTIMEZONE in the object (common from Android and iOS, which send the IANA
 * name only) and when the CRM writes events in a user's zone.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(tz: string): Intl.DateTimeFormat | null {
  if (!formatters.has(tz)) {
    let formatter: Intl.DateTimeFormat | null;
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      formatter = null;
    }
    formatters.set(tz, formatter);
  }
  return formatters.get(tz) ?? null;
}

export function isKnownTimeZone(tz: string): boolean {
  return formatterFor(tz) !== null;
}

/** The wall-clock time in `tz` at instant `ms`. */
export function wallTimeAt(ms: number, tz: string): WallTime {
  const formatter = formatterFor(tz);
  if (!formatter) throw new RangeError(`unknown time zone ${tz}`);
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

export function wallTimeAsUtcMs(wall: WallTime): number {
  return utcMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second);
}

/**
 * Date.UTC with the year taken as it is: Date.UTC reads years 0–99 as 1900–1999, so an event in year 0001 (RFC 5545
 * §3.3.4 years have four digits) landed in 1901, and its instances ran backwards once they passed year 99.
 */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 100 || year < 0) return Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function rawOffsetMs(ms: number, tz: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallTimeAsUtcMs(wallTimeAt(whole, tz)) - whole;
}

interface YearTable {
  /** Offset at the start of the year, then [instant, offset from then on] per transition, ascending. */
  initial: number;
  transitions: Array<[number, number]>;
}

const WEEK = 7 * 86_400_000;
const yearTables = new Map<string, YearTable>();

/**
 * The offset changes of `tz` in one calendar year (UTC), found by weekly samples and a bisection to the second.
 * Formatting through Intl costs tens of microseconds; with the table, an offset lookup is a few comparisons, which
 * is what expanding thousands of recurrence instances needs.
 */
function yearTable(tz: string, year: number): YearTable {
  const key = `${tz}|${year}`;
  let table = yearTables.get(key);
  if (table) return table;
  const start = utcMs(year, 1, 1);
  const end = utcMs(year + 1, 1, 1);
  table = { initial: rawOffsetMs(start, tz), transitions: [] };
  let previous = table.initial;
  for (let t = start; t < end; t += WEEK) {
    const next = Math.min(t + WEEK, end);
    const offset = rawOffsetMs(next, tz);
    if (offset === previous) continue;
    let low = t;
    let high = next;
    while (high - low > 1000) {
      const mid = low + Math.floor((high - low) / 2000) * 1000;
      if (rawOffsetMs(mid, tz) === previous) low = mid;
      else high = mid;
    }
    table.transitions.push([high, offset]);
    previous = offset;
  }
  if (yearTables.size > 5000) yearTables.clear();
  yearTables.set(key, table);
  return table;
}

/** Offset of `tz` from UTC at instant `ms`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, tz: string): number {
  if (!formatterFor(tz)) throw new RangeError(`unknown time zone ${tz}`);
  const table = yearTable(tz, new Date(ms).getUTCFullYear());
  let offset = table.initial;
  for (const [at, after] of table.transitions) {
    if (ms < at) break;
    offset = after;
  }
  return offset;
}

/** The wall-clock time in `tz` at instant `ms`, from the offset table. */
export function wallTimeAtFast(ms: number, tz: string): WallTime {
  const d = new Date(ms + zoneOffsetMs(ms, tz));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/**
 * The instant of a wall-clock time in `tz`. In an overlap (fall back) the first occurrence wins; in a gap (spring
 * forward) the offset from before the gap is used, so 02:30 becomes 03:30 — both as RFC 5545 §3.3.5 asks.
 */
export function wallTimeToMs(wall: WallTime, tz: string): number {
  const asUtc = wallTimeAsUtcMs(wall);
  const day = 86_400_000;
  const before = asUtc - zoneOffsetMs(asUtc - day, tz);
  const after = asUtc - zoneOffsetMs(asUtc + day, tz);
  const shows = (ms: number): boolean => wallTimeAsUtcMs(wallTimeAtFast(ms, tz)) === asUtc;
  const valid = [before, after].filter(shows);
  return valid.length > 0 ? Math.min(...valid) : before;
}
