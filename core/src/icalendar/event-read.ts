import ICAL from 'ical.js';
import type { CalendarObject } from './parse';
import { epochMs, isUtcZoneName, isoDate, zoneOfProperty } from './time';
import { componentTimes, instanceSpan } from './time-range';

/**
 * The CRM's view of a VEVENT (server/src/domain/calendar/model.ts without the database ids). Recurrence ids,
 * RDATEs and EXDATEs are strings: "YYYY-MM-DD" for all-day values, UTC ISO date-times otherwise. All-day events
 * start and end at UTC midnight (endsAt exclusive, like DTEND).
 */
export type EventPrivacy = 'public' | 'private' | 'confidential';
export type AttendeeStatus = 'needs-action' | 'accepted' | 'declined' | 'tentative';

export interface EventPerson {
  email: string;
  name: string | null;
}

export interface EventAttendeeData extends EventPerson {
  status: AttendeeStatus;
}

export interface EventData {
  uid: string;
  /** '' for the master; the RECURRENCE-ID of an overridden occurrence otherwise. */
  recurrenceId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  /** The TZID of DTSTART when it names a zone we can apply (a VTIMEZONE in the object or an IANA name). */
  timezone: string | null;
  rrule: string | null;
  rdates: string[];
  exdates: string[];
  location: string | null;
  description: string | null;
  organizer: EventPerson | null;
  attendees: EventAttendeeData[];
  privacy: EventPrivacy;
}

export interface ReadOptions {
  /** IANA zone for floating times (the calendar's time zone); UTC without. */
  floatingTz?: string | null;
}

const PARTSTAT: Record<string, AttendeeStatus> = {
  'NEEDS-ACTION': 'needs-action',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
};

function text(component: ICAL.Component, name: string): string | null {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' && value !== '' ? value : null;
}

function parameter(prop: ICAL.Property, name: string): string | null {
  const value = prop.getParameter(name);
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : null;
}

export function calAddressEmail(value: string): string {
  return value.replace(/^mailto:/i, '').trim();
}

/** RFC 5545 §3.8.1.3: an unknown CLASS must be treated as PRIVATE. */
export function privacyOfClass(value: string | null): EventPrivacy {
  if (value === null || value.toUpperCase() === 'PUBLIC') return 'public';
  return value.toUpperCase() === 'CONFIDENTIAL' ? 'confidential' : 'private';
}

/** The string form of a DATE or DATE-TIME the CRM stores (see EventData). */
export function timeKey(time: ICAL.Time, prop: ICAL.Property, floatingTz?: string | null): string {
  return time.isDate ? isoDate(time) : new Date(epochMs(time, zoneOfProperty(prop), floatingTz)).toISOString();
}

function dateList(component: ICAL.Component, name: string, floatingTz?: string | null): string[] {
  const keys: string[] = [];
  for (const prop of component.getAllProperties(name)) {
    for (const value of prop.getValues() as Array<ICAL.Time | ICAL.Period>) {
      keys.push(timeKey(value instanceof ICAL.Period ? value.start : value, prop, floatingTz));
    }
  }
  return [...new Set(keys)].sort();
}

function mappedTimezone(component: ICAL.Component): string | null {
  const prop = component.getFirstProperty('dtstart');
  if (!prop) return null;
  const zone = zoneOfProperty(prop);
  return (zone.kind === 'vtimezone' || zone.kind === 'iana') && !isUtcZoneName(zone.tzid) ? zone.tzid : null;
}

/** One VEVENT (master or override) in the CRM's terms. */
export function eventFromComponent(component: ICAL.Component, options: ReadOptions = {}): EventData {
  const start = component.getFirstPropertyValue('dtstart');
  // All-day events live at UTC midnight in the CRM, whatever zone the calendar reads floating times in.
  const floatingTz = start instanceof ICAL.Time && start.isDate ? null : (options.floatingTz ?? null);
  const times = componentTimes(component, floatingTz);
  const recurrenceProp = component.getFirstProperty('recurrence-id');
  const recurrenceValue = recurrenceProp?.getFirstValue() as ICAL.Time | undefined;
  const recurrenceId = recurrenceProp && recurrenceValue ? timeKey(recurrenceValue, recurrenceProp, floatingTz) : '';
  const span = instanceSpan(times) ?? { start: recurrenceId ? Date.parse(recurrenceId) : 0, end: 0 };
  const organizerProp = component.getFirstProperty('organizer');
  const rrule = component.getFirstPropertyValue('rrule') as ICAL.Recur | null;
  return {
    uid: String(component.getFirstPropertyValue('uid') ?? ''),
    recurrenceId,
    title: text(component, 'summary') ?? '',
    startsAt: new Date(span.start),
    endsAt: new Date(Math.max(span.end, span.start)),
    allDay: times.startIsDate,
    timezone: times.startIsDate ? null : mappedTimezone(component),
    rrule: rrule ? rrule.toString() : null,
    rdates: dateList(component, 'rdate', floatingTz),
    exdates: dateList(component, 'exdate', floatingTz),
    location: text(component, 'location'),
    description: text(component, 'description'),
    organizer: organizerProp
      ? { email: calAddressEmail(String(organizerProp.getFirstValue())), name: parameter(organizerProp, 'cn') }
      : null,
    attendees: component.getAllProperties('attendee').map((prop) => ({
      email: calAddressEmail(String(prop.getFirstValue())),
      name: parameter(prop, 'cn'),
      status: PARTSTAT[(parameter(prop, 'partstat') ?? 'NEEDS-ACTION').toUpperCase()] ?? 'needs-action',
    })),
    privacy: privacyOfClass(text(component, 'class')),
  };
}

/** The master first (when there is one), then the overridden occurrences. */
export function eventsFromCalendarObject(object: CalendarObject, options: ReadOptions = {}): EventData[] {
  const components = object.master ? [object.master, ...object.overrides] : object.overrides;
  return components.map((component) => eventFromComponent(component, options));
}
