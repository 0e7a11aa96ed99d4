import ICAL from 'ical.js';
import { zoneOffsetMs } from './intl-zones';

const WEEK = 7 * 86_400_000;
const MINUTE = 60_000;

function offsetText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.abs(ms) / MINUTE;
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
}

function localText(ms: number, offset: number): string {
  const d = new Date(ms + offset);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** The first minute in (low, high] at which the offset of `tz` differs from its offset at `low`. */
function transitionBetween(tz: string, low: number, high: number): number {
  const before = zoneOffsetMs(low, tz);
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (zoneOffsetMs(mid, tz) === before) low = mid;
    else high = mid;
  }
  return high;
}

/**
 * A VTIMEZONE for an IANA zone, built from the platform's tz data, with one observance per transition in
 * [fromYear, toYear] (RFC 5545 §3.6.5 requires a VTIMEZONE for every TZID an object uses). Clients that know the
 * IANA name use their own rules anyway; the observances serve the ones that do not.
 */
export function vtimezoneFromIntl(tzid: string, fromYear: number, toYear: number): ICAL.Component {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tzid}`];
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const initial = zoneOffsetMs(start, tzid);
  const observance = (kind: string, at: number, from: number, to: number): void => {
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${localText(at, from)}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      `END:${kind}`,
    );
  };
  observance('STANDARD', start, initial, initial);
  let previous = initial;
  for (let t = start; t < end; t += WEEK) {
    const next = Math.min(t + WEEK, end);
    const offset = zoneOffsetMs(next, tzid);
    if (offset === previous) continue;
    const at = transitionBetween(tzid, t, next);
    observance(offset > previous ? 'DAYLIGHT' : 'STANDARD', at, previous, offset);
    previous = offset;
  }
  lines.push('END:VTIMEZONE');
  return new ICAL.Component(
    ICAL.parse(`BEGIN:VCALENDAR\r\n${lines.join('\r\n')}\r\nEND:VCALENDAR\r\n`) as unknown[],
  ).getFirstSubcomponent('vtimezone')!;
}
