import ICAL from 'ical.js';
import { ICalendarError } from './errors';
import { eventFromComponent, type EventAttendeeData, type EventData, type EventPrivacy } from './event-read';
import { isKnownTimeZone } from './intl-zones';
import { parseICalendar } from './parse';
import { recurrenceRuleProblem } from './recurrence-rules';
import { dateFromIso, isUtcZoneName, resolveTzid, timeAt, zoneOfProperty, type ZoneRef } from './time';
import { vtimezoneFromIntl } from './vtimezone';

export interface WriteOptions {
  /** DTSTAMP / LAST-MODIFIED of changed components. */
  now?: Date;
  floatingTz?: string | null;
  prodId?: string;
}

export interface WriteResult {
  text: string;
  /** False when `base` already said everything `events` say: the stored body (and its ETag) can stay. */
  changed: boolean;
}

const DAY = 86_400_000;
const CLASS: Record<EventPrivacy, string> = { public: 'PUBLIC', private: 'PRIVATE', confidential: 'CONFIDENTIAL' };
const PARTSTAT: Record<EventAttendeeData['status'], string> = {
  'needs-action': 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
};

function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The zone name to write, or null for UTC: only zones the object defines or the platform knows. */
function writableZone(root: ICAL.Component, tz: string | null): string | null {
  if (!tz || isUtcZoneName(tz)) return null;
  const known = root.getAllSubcomponents('vtimezone').some((z) => z.getFirstPropertyValue('tzid') === tz);
  return known || isKnownTimeZone(tz) ? tz : null;
}

/** What DTSTART/DTEND say, normalized so that writing and reading back gives the same key. */
function timesKey(data: EventData, root: ICAL.Component): string {
  const start = data.startsAt.getTime();
  if (data.allDay) return `D ${utcDate(start)} ${utcDate(Math.max(data.endsAt.getTime(), start + DAY))}`;
  return `T ${start} ${Math.max(data.endsAt.getTime(), start)} ${writableZone(root, data.timezone) ?? ''}`;
}

function canonicalRule(rule: string | null): string {
  if (!rule) return '';
  const problem = recurrenceRuleProblem(rule.replace(/^RRULE:/i, ''));
  if (problem) throw new ICalendarError('valid-calendar-object-resource', `RRULE ${rule}: ${problem}`);
  return ICAL.Recur.fromString(rule.replace(/^RRULE:/i, '')).toString();
}

function addTime(component: ICAL.Component, name: string, time: ICAL.Time, tzid: string | null): void {
  const prop = new ICAL.Property(name, component);
  if (time.isDate) prop.resetType('date');
  prop.setValue(time);
  if (tzid && !time.isDate) prop.setParameter('tzid', tzid);
  component.addProperty(prop);
}

/** The value of a CRM date string ("YYYY-MM-DD" or ISO date-time) in the zone the event is written in. */
function timeOfKey(key: string, zone: ZoneRef, tzid: string | null): [ICAL.Time, string | null] {
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return [dateFromIso(key), null];
  return [timeAt(Date.parse(key), zone), tzid];
}

function eventZone(component: ICAL.Component, tzid: string | null): ZoneRef {
  return tzid ? resolveTzid(component, tzid) : { kind: 'utc' };
}

function writeTimes(component: ICAL.Component, data: EventData, tzid: string | null): void {
  for (const name of ['dtstart', 'dtend', 'duration']) component.removeAllProperties(name);
  const start = data.startsAt.getTime();
  if (data.allDay) {
    addTime(component, 'dtstart', dateFromIso(utcDate(start)), null);
    addTime(component, 'dtend', dateFromIso(utcDate(Math.max(data.endsAt.getTime(), start + DAY))), null);
    return;
  }
  const zone = eventZone(component, tzid);
  addTime(component, 'dtstart', timeAt(start, zone), tzid);
  addTime(component, 'dtend', timeAt(Math.max(data.endsAt.getTime(), start), zone), tzid);
}

function writeDates(component: ICAL.Component, name: string, keys: string[], tzid: string | null): void {
  component.removeAllProperties(name);
  const zone = eventZone(component, tzid);
  for (const key of [...new Set(keys)].sort()) addTime(component, name, ...timeOfKey(key, zone, tzid));
}

function setText(component: ICAL.Component, name: string, value: string | null): void {
  component.removeAllProperties(name);
  if (value) component.addPropertyWithValue(name, value);
}

function personKey(p: { email: string; name: string | null } | null): string {
  return p ? `${p.email.toLowerCase()} ${p.name ?? ''}` : '';
}

function attendeesKey(list: EventAttendeeData[]): string {
  return list
    .map((a) => `${personKey(a)} ${a.status}`)
    .sort()
    .join('\n');
}

/** Rewrites only the attendees that changed, so ROLE, RSVP and unknown parameters of the others stay. */
function writeAttendees(component: ICAL.Component, attendees: EventAttendeeData[]): void {
  const wanted = new Map(attendees.map((a) => [a.email.toLowerCase(), a]));
  const current = eventFromComponent(component).attendees;
  [...component.getAllProperties('attendee')].forEach((prop, i) => {
    const attendee = wanted.get(current[i].email.toLowerCase());
    if (!attendee) return component.removeProperty(prop);
    wanted.delete(attendee.email.toLowerCase());
    if (current[i].status !== attendee.status) prop.setParameter('partstat', PARTSTAT[attendee.status]);
    if (attendee.name && current[i].name !== attendee.name) prop.setParameter('cn', attendee.name);
  });
  for (const attendee of wanted.values()) {
    const prop = new ICAL.Property('attendee', component);
    prop.setValue(`mailto:${attendee.email}`);
    if (attendee.name) prop.setParameter('cn', attendee.name);
    prop.setParameter('partstat', PARTSTAT[attendee.status]);
    component.addProperty(prop);
  }
}

/**
 * Brings one VEVENT in line with `data`, touching only the properties whose CRM meaning differs, so everything
 * the CRM does not model (alarms, X- properties, parameters, multiple RRULEs) survives. Returns whether it changed.
 */
export function applyEventData(
  component: ICAL.Component,
  data: EventData,
  root: ICAL.Component,
  options: WriteOptions = {},
): boolean {
  const current = eventFromComponent(component, { floatingTz: options.floatingTz });
  const tzid = data.allDay ? null : writableZone(root, data.timezone);
  let changed = false;
  let rescheduled = false;
  if (timesKey(current, root) !== timesKey(data, root)) {
    writeTimes(component, data, tzid);
    changed = rescheduled = true;
  }
  if (!data.recurrenceId && canonicalRule(current.rrule) !== canonicalRule(data.rrule)) {
    component.removeAllProperties('rrule');
    if (data.rrule) component.addPropertyWithValue('rrule', ICAL.Recur.fromString(canonicalRule(data.rrule)));
    changed = rescheduled = true;
  }
  for (const [name, keys] of [
    ['rdate', data.rdates],
    ['exdate', data.exdates],
  ] as const) {
    if (
      data.recurrenceId ||
      [...new Set(keys)].sort().join() === (name === 'rdate' ? current.rdates : current.exdates).join()
    )
      continue;
    writeDates(component, name, [...keys], tzid);
    changed = rescheduled = true;
  }
  for (const [name, from, to] of [
    ['summary', current.title || null, data.title || null],
    ['location', current.location, data.location],
    ['description', current.description, data.description],
  ] as const) {
    if (from === to) continue;
    setText(component, name, to);
    changed = true;
  }
  if (personKey(current.organizer) !== personKey(data.organizer)) {
    component.removeAllProperties('organizer');
    if (data.organizer) {
      const prop = component.addPropertyWithValue('organizer', `mailto:${data.organizer.email}`);
      if (data.organizer.name) prop.setParameter('cn', data.organizer.name);
    }
    changed = true;
  }
  if (attendeesKey(current.attendees) !== attendeesKey(data.attendees)) {
    writeAttendees(component, data.attendees);
    changed = true;
  }
  if (current.privacy !== data.privacy) {
    component.updatePropertyWithValue('class', CLASS[data.privacy]);
    changed = true;
  }
  if (changed) stamp(component, options.now ?? new Date(), rescheduled);
  return changed;
}

function stamp(component: ICAL.Component, now: Date, rescheduled: boolean): void {
  const time = ICAL.Time.fromJSDate(new Date(Math.floor(now.getTime() / 1000) * 1000), true);
  component.updatePropertyWithValue('dtstamp', time);
  component.updatePropertyWithValue('last-modified', time.clone());
  // RFC 5546 §2.1.4: a change of time or recurrence is significant and bumps SEQUENCE.
  if (rescheduled)
    component.updatePropertyWithValue('sequence', Number(component.getFirstPropertyValue('sequence') ?? 0) + 1);
}

function newComponent(root: ICAL.Component, data: EventData, master: ICAL.Component | null): ICAL.Component {
  const component = new ICAL.Component('vevent');
  component.addPropertyWithValue('uid', data.uid);
  if (data.recurrenceId) {
    const startProp = master?.getFirstProperty('dtstart') ?? null;
    const zone = startProp ? zoneOfProperty(startProp) : ({ kind: 'utc' } as ZoneRef);
    const tzid = zone.kind === 'vtimezone' || zone.kind === 'iana' ? zone.tzid : null;
    addTime(component, 'recurrence-id', ...timeOfKey(data.recurrenceId, zone, tzid));
  }
  root.addSubcomponent(component);
  return component;
}

/** RFC 5545 §3.6.5: every TZID used needs a VTIMEZONE; IANA zones get one built from the platform's data. */
function addMissingTimezones(root: ICAL.Component, events: EventData[]): void {
  const defined = new Set(root.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')));
  const used = new Set<string>();
  for (const component of root.getAllSubcomponents('vevent')) {
    for (const prop of component.getAllProperties()) {
      const tzid = prop.getParameter('tzid');
      if (typeof tzid === 'string') used.add(tzid);
    }
  }
  const years = events.map((e) => e.startsAt.getUTCFullYear());
  const recurring = events.some((e) => e.rrule || e.rdates.length > 0);
  const from = Math.min(...years) - 1;
  const to = Math.max(...years) + (recurring ? 10 : 1);
  const missing = [...used].filter((tzid) => !defined.has(tzid) && isKnownTimeZone(tzid));
  if (missing.length === 0) return;
  // getAllSubcomponents() without a name returns ical.js's internal array: copy it before removing from it.
  const others = [...root.getAllSubcomponents()];
  for (const component of others) root.removeSubcomponent(component);
  for (const tzid of missing) root.addSubcomponent(vtimezoneFromIntl(tzid, from, to));
  for (const component of others) root.addSubcomponent(component);
}

/**
 * The iCalendar object for a CRM event and its overridden occurrences (`events[0]` the master unless the object
 * holds only overrides). With `base` (the body a client stored) the result is that body with the CRM's changes
 * applied; everything else in it is kept.
 */
export function writeEventsToCalendarObject(
  events: EventData[],
  base: string | null,
  options: WriteOptions = {},
): WriteResult {
  if (events.length === 0)
    throw new ICalendarError('valid-calendar-object-resource', 'an event object needs at least one VEVENT');
  const root = base ? parseICalendar(base) : new ICAL.Component('vcalendar');
  if (!base) {
    root.addPropertyWithValue('version', '2.0');
    root.addPropertyWithValue('prodid', options.prodId ?? '-//Akte//Akte CRM//EN');
  }
  const existing = new Map(
    root.getAllSubcomponents('vevent').map((c) => [eventFromComponent(c, options).recurrenceId, c]),
  );
  const ordered = [...events].sort((a, b) => (a.recurrenceId === '' ? -1 : b.recurrenceId === '' ? 1 : 0));
  let changed = false;
  let master: ICAL.Component | null = null;
  for (const data of ordered) {
    let component = existing.get(data.recurrenceId);
    existing.delete(data.recurrenceId);
    if (!component) {
      component = newComponent(root, data, master);
      changed = true;
    }
    if (!data.recurrenceId) master = component;
    changed = applyEventData(component, data, root, options) || changed;
  }
  for (const stale of existing.values()) {
    root.removeSubcomponent(stale);
    changed = true;
  }
  if (!changed && base) return { text: base, changed: false };
  addMissingTimezones(root, events);
  return { text: root.toString(), changed: true };
}
