import ICAL from 'ical.js';
import { expandOccurrences, type ExpandOptions } from './expand';
import { isKnownTimeZone, wallTimeAt } from './intl-zones';
import type { CalendarObject } from './parse';
import type { TimeRange } from './time-range';

const RECURRENCE_PROPERTIES = ['rrule', 'rdate', 'exdate', 'exrule'];

/** A DATE-TIME in UTC, or the DATE (in the zone dates are read in) for all-day values. */
function valueAt(ms: number, isDate: boolean, floatingTz: string | null): ICAL.Time {
  if (!isDate) return ICAL.Time.fromJSDate(new Date(ms), true);
  const wall = wallTimeAt(ms, floatingTz && isKnownTimeZone(floatingTz) ? floatingTz : 'UTC');
  return ICAL.Time.fromData({ year: wall.year, month: wall.month, day: wall.day, isDate: true });
}

function replaceValue(component: ICAL.Component, name: string, value: ICAL.Time): void {
  component.removeAllProperties(name);
  const prop = new ICAL.Property(name, component);
  prop.setValue(value);
  component.addProperty(prop);
}

function isDateValued(component: ICAL.Component, name: string): boolean {
  const value = component.getFirstPropertyValue(name);
  return value instanceof ICAL.Time && value.isDate;
}

/**
 * calendar-data with `<C:expand>` (RFC 4791 §9.6.5): one component per instance overlapping the range, each with a
 * RECURRENCE-ID, no recurrence properties, times in UTC (DATE values stay dates), and no VTIMEZONE.
 */
export function expandedCalendarData(object: CalendarObject, range: TimeRange, options: ExpandOptions = {}): string {
  const floatingTz = options.floatingTz ?? null;
  const root = new ICAL.Component(['vcalendar', [], []]);
  for (const prop of object.root.getAllProperties()) root.addProperty(new ICAL.Property(prop.toJSON()));
  for (const occurrence of expandOccurrences(object, range, options)) {
    const component = new ICAL.Component(JSON.parse(JSON.stringify(occurrence.component.toJSON())));
    for (const name of RECURRENCE_PROPERTIES) component.removeAllProperties(name);
    const { times } = occurrence;
    if (occurrence.recurrenceIdMs !== null) {
      const isDate = occurrence.recurrenceId!.isDate;
      replaceValue(component, 'recurrence-id', valueAt(occurrence.recurrenceIdMs, isDate, floatingTz));
    }
    if (times.start !== null && component.hasProperty('dtstart')) {
      replaceValue(component, 'dtstart', valueAt(times.start, isDateValued(component, 'dtstart'), floatingTz));
    }
    if (times.end !== null && component.hasProperty('dtend')) {
      replaceValue(component, 'dtend', valueAt(times.end, isDateValued(component, 'dtend'), floatingTz));
    }
    if (times.due !== null && component.hasProperty('due')) {
      replaceValue(component, 'due', valueAt(times.due, isDateValued(component, 'due'), floatingTz));
    }
    root.addSubcomponent(component);
  }
  return root.toString();
}
