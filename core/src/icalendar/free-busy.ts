import ICAL from 'ical.js';
import { expandOccurrences, type ExpandOptions } from './expand';
import type { CalendarObject } from './parse';
import { instanceSpan, type TimeRange } from './time-range';

export type BusyType = 'BUSY' | 'BUSY-TENTATIVE' | 'BUSY-UNAVAILABLE';

export interface BusyPeriod {
  start: number;
  end: number;
  type: BusyType;
}

/**
 * The busy time of calendar objects within `range` (RFC 4791 §7.10): VEVENT instances that are not TRANSPARENT
 * and not CANCELLED, TENTATIVE ones as BUSY-TENTATIVE; clipped to the range and merged per type.
 */
export function busyPeriods(
  objects: CalendarObject[],
  range: { start: number; end: number },
  options: ExpandOptions = {},
): BusyPeriod[] {
  const periods: BusyPeriod[] = [];
  const window: TimeRange = range;
  for (const object of objects) {
    if (object.kind !== 'VEVENT') continue;
    for (const occurrence of expandOccurrences(object, window, { ...options, firstOnly: false })) {
      const component = occurrence.component;
      const transp = String(component.getFirstPropertyValue('transp') ?? 'OPAQUE').toUpperCase();
      const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
      if (transp === 'TRANSPARENT' || status === 'CANCELLED') continue;
      const span = instanceSpan(occurrence.times);
      if (!span || span.end <= span.start) continue;
      periods.push({
        start: Math.max(span.start, range.start),
        end: Math.min(span.end, range.end),
        type: status === 'TENTATIVE' ? 'BUSY-TENTATIVE' : 'BUSY',
      });
    }
  }
  return mergePeriods(periods);
}

/** Overlapping or touching periods of the same type become one, sorted by start. */
export function mergePeriods(periods: BusyPeriod[]): BusyPeriod[] {
  const merged: BusyPeriod[] = [];
  for (const period of [...periods].sort((a, b) => a.type.localeCompare(b.type) || a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && last.type === period.type && period.start <= last.end) last.end = Math.max(last.end, period.end);
    else merged.push({ ...period });
  }
  return merged.sort((a, b) => a.start - b.start || a.type.localeCompare(b.type));
}

/** The VCALENDAR with one VFREEBUSY a free-busy-query REPORT answers (RFC 4791 §7.10, times in UTC). */
export function freeBusyCalendar(
  periods: BusyPeriod[],
  range: { start: number; end: number },
  now = new Date(),
): string {
  const utc = (ms: number): ICAL.Time => ICAL.Time.fromJSDate(new Date(Math.floor(ms / 1000) * 1000), true);
  const root = new ICAL.Component('vcalendar');
  root.addPropertyWithValue('version', '2.0');
  root.addPropertyWithValue('prodid', '-//Akte//Akte CRM//EN');
  const vfreebusy = new ICAL.Component('vfreebusy');
  vfreebusy.addPropertyWithValue('dtstamp', utc(now.getTime()));
  vfreebusy.addPropertyWithValue('dtstart', utc(range.start));
  vfreebusy.addPropertyWithValue('dtend', utc(range.end));
  for (const period of periods) {
    const prop = new ICAL.Property('freebusy', vfreebusy);
    prop.setValue(ICAL.Period.fromData({ start: utc(period.start), end: utc(period.end), duration: undefined }));
    if (period.type !== 'BUSY') prop.setParameter('fbtype', period.type);
    vfreebusy.addProperty(prop);
  }
  root.addSubcomponent(vfreebusy);
  return root.toString();
}
