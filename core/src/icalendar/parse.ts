import ICAL from 'ical.js';
import { checkICalendarSyntax } from './content-lines';
import { ICalendarError } from './errors';
import { resolveTzid } from './time';
import { checkRecurrenceRules, PROBE_ITERATIONS, type IterationBudget } from './recurrence-rules';
import { checkValuesReadable, normalizeBareDates } from './value-types';
import { checkExpansionCost } from './expansion-probe';

export type CalendarComponentName = 'VEVENT' | 'VTODO' | 'VJOURNAL';

/** One calendar object resource (RFC 4791 §4.1): a VCALENDAR holding the instances of exactly one UID. */
export interface CalendarObject {
  root: ICAL.Component;
  kind: CalendarComponentName;
  uid: string;
  /** The component without RECURRENCE-ID; null when the object holds only overridden instances (an invitation). */
  master: ICAL.Component | null;
  /** Components with RECURRENCE-ID, in document order. */
  overrides: ICAL.Component[];
}

export interface ParseCalendarObjectOptions {
  /** Component types the target collection takes (its supported-calendar-component-set). */
  allowedComponents?: readonly CalendarComponentName[];
  /**
   * The text is one the server rendered itself from data that passed these checks when it was written: skip the
   * line-syntax scan and the recurrence probes, which cost more than the parse (calendar-query parses every
   * candidate it renders). Never for client input.
   */
  trusted?: boolean;
  /**
   * The object is about to be stored: also refuse a recurrence that cannot be expanded cheaply up to max-date-time
   * (expansion-probe.ts). Not for reads: the probe costs up to its whole budget for a long COUNT rule.
   */
  forStorage?: boolean;
}

const CALENDAR_COMPONENTS = new Set(['vevent', 'vtodo', 'vjournal', 'vfreebusy', 'vavailability']);

/** Parses one VCALENDAR, refusing what ical.js would silently reinterpret (see content-lines.ts). */
export function parseICalendar(rawText: string, trusted = false): ICAL.Component {
  const text = rawText.replace(/^\uFEFF/, '');
  if (!trusted) checkICalendarSyntax(text);
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (error) {
    throw new ICalendarError('valid-calendar-data', `not iCalendar: ${(error as Error).message}`);
  }
  if (Array.isArray(jcal) && Array.isArray(jcal[0])) {
    throw new ICalendarError('valid-calendar-object-resource', 'more than one VCALENDAR in one object');
  }
  // Before ical.js decorates anything: what a stored object holds must read the same at every later query.
  if (Array.isArray(jcal) && typeof jcal[0] === 'string')
    normalizeBareDates(jcal as Parameters<typeof normalizeBareDates>[0]);
  const root = new ICAL.Component(jcal as unknown[]);
  if (root.name !== 'vcalendar')
    throw new ICalendarError('valid-calendar-data', `expected VCALENDAR, found ${root.name.toUpperCase()}`);
  guardZoneLookup(root);
  checkObservanceRules(root);
  if (!trusted) checkValuesReadable(root);
  return root;
}

/**
 * ical.js expands a VTIMEZONE's observance rules without any cap whenever it converts a time, so only the yearly
 * rules every real time zone uses are taken; anything finer would let one PUT burn unbounded CPU.
 */
function checkObservanceRules(root: ICAL.Component): void {
  for (const zone of root.getAllSubcomponents('vtimezone')) {
    for (const observance of zone.getAllSubcomponents()) {
      for (const prop of observance.getAllProperties('rrule')) {
        const freq = (prop.getFirstValue() as ICAL.Recur).freq;
        if (freq !== 'YEARLY') {
          throw new ICalendarError(
            'valid-calendar-object-resource',
            `VTIMEZONE ${zone.getFirstPropertyValue('tzid')}: observance RRULE must be YEARLY, not ${freq}`,
          );
        }
      }
    }
  }
}

/**
 * A VTIMEZONE without TZID can never be referenced, but ical.js's own zone lookup (run whenever it decodes a value
 * with TZID) crashes on it. The root's lookup is replaced by one that skips such zones, so the component stays in
 * the tree and a re-serialization keeps it.
 */
function guardZoneLookup(root: ICAL.Component): void {
  const lookup = (tzid: string): ICAL.Timezone | null => {
    const zone = resolveTzid(root, tzid);
    return zone.kind === 'vtimezone' ? zone.zone : null;
  };
  (root as unknown as { getTimeZoneByID: typeof lookup }).getTimeZoneByID = lookup;
}

/**
 * Parses and validates the body of a CalDAV PUT (RFC 4791 §4.1, §5.3.2.1): one VCALENDAR, components of one type
 * (plus VTIMEZONEs and ignorable X- components), all with the same UID, at most one master, distinct
 * RECURRENCE-IDs, and recurrence rules that can be expanded.
 */
export function parseCalendarObject(text: string, options: ParseCalendarObjectOptions = {}): CalendarObject {
  const root = parseICalendar(text, options.trusted);
  const components = root.getAllSubcomponents().filter((c) => CALENDAR_COMPONENTS.has(c.name));
  if (components.length === 0) {
    throw new ICalendarError('valid-calendar-object-resource', 'the VCALENDAR contains no VEVENT, VTODO or VJOURNAL');
  }
  const kinds = [...new Set(components.map((c) => c.name.toUpperCase()))];
  if (kinds.length > 1) {
    throw new ICalendarError(
      'valid-calendar-object-resource',
      `one object may hold one component type, found ${kinds.join(' and ')}`,
    );
  }
  const kind = kinds[0] as CalendarComponentName;
  const allowed = options.allowedComponents;
  if (!['VEVENT', 'VTODO', 'VJOURNAL'].includes(kind) || (allowed && !allowed.includes(kind))) {
    throw new ICalendarError(
      'supported-calendar-component',
      `${kind} is not accepted here${allowed ? ` (only ${allowed.join(', ')})` : ''}`,
    );
  }
  const uid = checkUids(components);
  const master = components.filter((c) => !c.hasProperty('recurrence-id'));
  if (master.length > 1)
    throw new ICalendarError(
      'valid-calendar-object-resource',
      `${master.length} ${kind}s without RECURRENCE-ID share UID ${uid}`,
    );
  const overrides = components.filter((c) => c.hasProperty('recurrence-id'));
  const recurrenceIds = overrides.map((c) => String(c.getFirstProperty('recurrence-id')!.toJSON()[3]));
  const duplicate = recurrenceIds.find((id, i) => recurrenceIds.indexOf(id) !== i);
  if (duplicate) throw new ICalendarError('valid-calendar-object-resource', `RECURRENCE-ID ${duplicate} appears twice`);
  const probeBudget: IterationBudget = { used: 0, max: PROBE_ITERATIONS };
  if (!options.trusted) for (const component of components) checkComponentTimes(component, kind, probeBudget);
  const object: CalendarObject = { root, kind, uid, master: master[0] ?? null, overrides };
  if (options.forStorage && !options.trusted) checkExpansionCost(object);
  return object;
}

function checkUids(components: ICAL.Component[]): string {
  const uids = new Set<string>();
  for (const component of components) {
    const uid = component.getFirstPropertyValue('uid');
    if (typeof uid !== 'string' || uid.trim() === '') {
      throw new ICalendarError('valid-calendar-object-resource', `a ${component.name.toUpperCase()} has no UID`);
    }
    uids.add(uid);
  }
  if (uids.size > 1) {
    throw new ICalendarError(
      'valid-calendar-object-resource',
      `one object may hold one UID, found ${[...uids].join(', ')}`,
    );
  }
  return [...uids][0];
}

function checkComponentTimes(
  component: ICAL.Component,
  kind: CalendarComponentName,
  probeBudget: IterationBudget,
): void {
  const start = component.getFirstPropertyValue('dtstart') as ICAL.Time | null;
  const name = component.name.toUpperCase();
  if (kind === 'VEVENT' && !start)
    throw new ICalendarError('valid-calendar-object-resource', `${name} without DTSTART`);
  const endName = kind === 'VTODO' ? 'due' : 'dtend';
  if (component.hasProperty(endName) && component.hasProperty('duration')) {
    throw new ICalendarError(
      'valid-calendar-object-resource',
      `${name} has both ${endName.toUpperCase()} and DURATION`,
    );
  }
  const end = component.getFirstPropertyValue(endName) as ICAL.Time | null;
  if (start && end && end.compare(start) < 0) {
    throw new ICalendarError(
      'valid-calendar-object-resource',
      `${name} ends (${end.toString()}) before it starts (${start.toString()})`,
    );
  }
  if (component.hasProperty('rrule')) {
    if (!start) throw new ICalendarError('valid-calendar-object-resource', `${name} has an RRULE but no DTSTART`);
    checkRecurrenceRules(component, start, probeBudget);
  }
}
