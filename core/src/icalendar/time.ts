import ICAL from 'ical.js';
import {
  isKnownTimeZone,
  wallTimeAsUtcMs,
  wallTimeAt,
  wallTimeAtFast,
  wallTimeToMs,
  type WallTime,
} from './intl-zones';

/**
 * Where a DATE-TIME's wall clock is anchored (RFC 5545 §3.3.5): UTC ("Z"), a VTIMEZONE inside the object, an IANA
 * name the platform knows (a TZID without VTIMEZONE, as Android and iOS often send), or floating (local time of
 * whoever reads it; RFC 4791 §9.9 evaluates it in the calendar's time zone).
 */
export type ZoneRef =
  | { kind: 'utc' }
  | { kind: 'vtimezone'; tzid: string; zone: ICAL.Timezone }
  | { kind: 'iana'; tzid: string }
  | { kind: 'floating'; tzid: string | null };

const UTC_NAMES = new Set(['UTC', 'Z', 'GMT', 'ETC/UTC', 'ETC/GMT', 'ETC/ZULU', 'ZULU', 'UCT', 'ETC/UCT']);

/** Zone names that mean UTC; the CRM stores them as "no zone". */
export function isUtcZoneName(tzid: string): boolean {
  return UTC_NAMES.has(tzid.toUpperCase());
}

/** The zone of a date or date-time property, by its TZID parameter and the object's VTIMEZONEs. */
export function zoneOfProperty(prop: ICAL.Property, value = String(prop.toJSON()[3] ?? '')): ZoneRef {
  if (value.endsWith('Z')) return { kind: 'utc' };
  const tzidParam = prop.getParameter('tzid');
  const tzid = Array.isArray(tzidParam) ? tzidParam[0] : tzidParam;
  if (!tzid) return { kind: 'floating', tzid: null };
  return resolveTzid(prop.parent, tzid);
}

export function resolveTzid(component: ICAL.Component | null, tzid: string): ZoneRef {
  const root = rootOf(component);
  const vtimezone = root?.getAllSubcomponents('vtimezone').find((tz) => tz.getFirstPropertyValue('tzid') === tzid);
  if (vtimezone) return { kind: 'vtimezone', tzid, zone: timezoneOf(vtimezone, tzid) };
  if (isUtcZoneName(tzid)) return { kind: 'utc' };
  if (isKnownTimeZone(tzid)) return { kind: 'iana', tzid };
  return { kind: 'floating', tzid };
}

const timezones = new WeakMap<ICAL.Component, ICAL.Timezone>();

function timezoneOf(vtimezone: ICAL.Component, tzid: string): ICAL.Timezone {
  let zone = timezones.get(vtimezone);
  if (!zone) {
    zone = new ICAL.Timezone({ component: vtimezone, tzid });
    timezones.set(vtimezone, zone);
  }
  return zone;
}

function rootOf(component: ICAL.Component | null): ICAL.Component | null {
  let current = component;
  while (current?.parent) current = current.parent;
  return current;
}

export function wallOf(time: ICAL.Time): WallTime {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.hour,
    minute: time.minute,
    second: time.second,
  };
}

/**
 * Epoch milliseconds of a value. DATE values and floating times have no zone of their own: they are read in
 * `floatingTz` (an IANA name, e.g. the calendar's time zone) or, without one, as UTC.
 */
export function epochMs(time: ICAL.Time, zone: ZoneRef, floatingTz?: string | null): number {
  const wall = wallOf(time);
  if (time.isDate) wall.hour = wall.minute = wall.second = 0;
  if (time.isDate || zone.kind === 'floating') {
    return floatingTz && isKnownTimeZone(floatingTz) ? wallTimeToMs(wall, floatingTz) : wallTimeAsUtcMs(wall);
  }
  switch (zone.kind) {
    case 'utc':
      return wallTimeAsUtcMs(wall);
    case 'iana':
      return wallTimeToMs(wall, zone.tzid);
    case 'vtimezone': {
      const local = time.clone();
      local.zone = zone.zone;
      return local.toUnixTime() * 1000;
    }
  }
}

function utcWall(ms: number): WallTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The ICAL.Time showing instant `ms` in `zone`; floating zones show the UTC wall clock. */
export function timeAt(ms: number, zone: ZoneRef): ICAL.Time {
  switch (zone.kind) {
    case 'iana':
      return ICAL.Time.fromData({ ...wallTimeAt(ms, zone.tzid), isDate: false });
    case 'vtimezone':
      return ICAL.Time.fromData({ ...utcWall(ms), isDate: false }, ICAL.Timezone.utcTimezone).convertToZone(zone.zone);
    case 'utc':
      return ICAL.Time.fromData({ ...utcWall(ms), isDate: false }, ICAL.Timezone.utcTimezone);
    case 'floating':
      return ICAL.Time.fromData({ ...utcWall(ms), isDate: false });
  }
}

/**
 * The wall clock `zone` shows at instant `ms`, as epoch ms of that wall time read as UTC (the inverse of epochMs):
 * what recurrence rules count in. Floating times and dates show `floatingTz`'s clock (UTC without one).
 */
export function wallClockMs(ms: number, zone: ZoneRef, floatingTz?: string | null): number {
  if (zone.kind === 'utc') return ms;
  if (zone.kind === 'vtimezone') return wallTimeAsUtcMs(wallOf(timeAt(ms, zone)));
  const tz = zone.kind === 'iana' ? zone.tzid : floatingTz;
  return tz && isKnownTimeZone(tz) ? wallTimeAsUtcMs(wallTimeAtFast(ms, tz)) : ms;
}

/** "YYYY-MM-DD" of a DATE value, the CRM's form of all-day dates. */
export function isoDate(time: ICAL.Time): string {
  return `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;
}

export function dateFromIso(date: string): ICAL.Time {
  const [year, month, day] = date.slice(0, 10).split('-').map(Number);
  return ICAL.Time.fromData({ year, month, day, isDate: true });
}
