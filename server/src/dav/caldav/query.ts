import ICAL from 'ical.js';
import { overlapsFromSummary, plainEventWindow } from './occurrence-summary';
import {
  alarmFiresIn,
  busyPeriods,
  expandOccurrences,
  freeBusyCalendar,
  ICalendarError,
  parseCalendarObject,
  RecurrenceLimitError,
  type CalendarComponentName,
  type CalendarObject,
  type TimeRange,
} from '@akte/core';
import type { DavCollection, DavItem, DavScope } from '../collections/types';
import { DavError } from '../errors';
import { el } from '../xml/multistatus';
import { caldav, dav } from '../xml/namespaces';
import { child, childrenNamed, type XmlElement } from '../xml/parse';
import { getItems, itemsForEntries, listEntries, type CalendarItemsSpec } from './calendar-items';
import { entriesForRange } from './calendar-index';
import { MAX_INSTANCES } from './ical-body';

/**
 * calendar-query (RFC 4791 §7.8, §9.7) and free-busy-query (§7.10). The filter decision is pure
 * (`objectMatchesFilter`); the report narrows the candidates with the CRM's own time columns first, so a
 * one-month query does not render every item of a large calendar.
 */
const LIMITS = { maxInstances: MAX_INSTANCES, maxIterations: 200_000 };

const invalidFilter = (message: string): DavError => new DavError(400, message, el(caldav('valid-filter')));

/** RFC 4791 §9.9 attributes: UTC date-times like 20240601T000000Z. Pure. */
export function parseUtc(value: string | undefined, what: string): number | null {
  if (value === undefined) return null;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value.trim());
  if (!m) throw invalidFilter(`${what} must be a UTC date-time like 20240601T000000Z`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (Number.isNaN(ms)) throw invalidFilter(`${what} is not a valid date-time`);
  return ms;
}

export function parseTimeRange(element: XmlElement): TimeRange {
  const range = { start: parseUtc(element.attrs.start, 'start'), end: parseUtc(element.attrs.end, 'end') };
  if (range.start === null && range.end === null) throw invalidFilter('time-range needs start or end');
  if (range.start !== null && range.end !== null && range.end <= range.start)
    throw invalidFilter('time-range ends before it starts');
  return range;
}

/** `<C:calendar-data><C:expand start end/>` → the range, or null. Both bounds are required (RFC 4791 §9.6.5). */
export function expandRange(request: XmlElement): { start: number; end: number } | null {
  const expand = child(child(child(request, dav('prop')), caldav('calendar-data')), caldav('expand'));
  if (!expand) return null;
  const start = parseUtc(expand.attrs.start, 'expand start');
  const end = parseUtc(expand.attrs.end, 'expand end');
  if (start === null || end === null)
    throw invalidFilter('expand needs both start and end: an open range could expand forever');
  if (end <= start) throw invalidFilter('expand ends before it starts');
  return { start, end };
}

const COLLATIONS = new Set(['i;ascii-casemap', 'i;unicode-casemap', 'i;octet']);

/** RFC 4791 §9.7.5 text-match (substring, case-insensitive unless i;octet). Pure. */
export function textMatches(value: string, match: XmlElement): boolean {
  const collation = match.attrs.collation ?? 'i;ascii-casemap';
  if (!COLLATIONS.has(collation))
    throw new DavError(403, `Unsupported collation ${collation}`, el(caldav('supported-collation')));
  const fold = (s: string): string => (collation === 'i;octet' ? s : s.toLocaleLowerCase('und'));
  const found = fold(value).includes(fold(match.text));
  return match.attrs['negate-condition'] === 'yes' ? !found : found;
}

function propertyText(prop: ICAL.Property): string {
  return prop
    .getValues()
    .map((v) => (typeof v === 'object' && v !== null ? v.toString() : String(v)))
    .join(',');
}

function paramFilterMatches(prop: ICAL.Property, filter: XmlElement): boolean {
  const name = (filter.attrs.name ?? '').toLowerCase();
  const value = prop.getParameter(name);
  if (child(filter, caldav('is-not-defined'))) return value === undefined || value === null;
  if (value === undefined || value === null) return false;
  const match = child(filter, caldav('text-match'));
  return match ? [value].flat().some((v) => textMatches(String(v), match)) : true;
}

function propFilterMatches(component: ICAL.Component, filter: XmlElement, floatingTz: string | null): boolean {
  const name = filter.attrs.name;
  if (!name) throw invalidFilter('prop-filter needs a name');
  const props = component.getAllProperties(name.toLowerCase());
  if (child(filter, caldav('is-not-defined'))) return props.length === 0;
  const timeRange = child(filter, caldav('time-range'));
  const textMatch = child(filter, caldav('text-match'));
  const paramFilters = childrenNamed(filter, caldav('param-filter'));
  return props.some((prop) => {
    if (textMatch && !textMatches(propertyText(prop), textMatch)) return false;
    if (timeRange && !propertyInRange(prop, parseTimeRange(timeRange), floatingTz)) return false;
    return paramFilters.every((pf) => paramFilterMatches(prop, pf));
  });
}

function propertyInRange(prop: ICAL.Property, range: TimeRange, floatingTz: string | null): boolean {
  const value = prop.getFirstValue();
  if (!(value instanceof ICAL.Time)) return false;
  const zone = value.zone === ICAL.Timezone.utcTimezone ? 'UTC' : (floatingTz ?? 'UTC');
  const ms =
    zone === 'UTC'
      ? value.toUnixTime() * 1000
      : Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second);
  return (range.start === null || ms >= range.start) && (range.end === null || ms < range.end);
}

const TIMED = new Set(['VEVENT', 'VTODO', 'VJOURNAL']);

/** Runs an expansion; one that would pass the caps is refused with CALDAV:max-instances (RFC 4791 §5.2.8). */
function withinInstanceCap<T>(expand: () => T): T {
  try {
    return expand();
  } catch (error) {
    if (error instanceof ICalendarError) throw new DavError(403, error.message, el(caldav('max-instances')));
    throw error;
  }
}

/** Whether any instance of the object's components overlaps the range (recurrences expanded, capped). */
function objectOverlaps(object: CalendarObject, range: TimeRange, floatingTz: string | null): boolean {
  return withinInstanceCap(
    () => expandOccurrences(object, range, { floatingTz, limits: LIMITS, firstOnly: true }).length > 0,
  );
}

/** RFC 4791 §9.9: a VALARM matches a time-range when one of its firings (for any instance of its parent) is in it. */
function alarmsFiringIn(
  object: CalendarObject,
  parent: ICAL.Component | null,
  alarms: ICAL.Component[],
  range: TimeRange,
  floatingTz: string | null,
): ICAL.Component[] {
  if (!parent || !TIMED.has(parent.name.toUpperCase()))
    throw invalidFilter('a VALARM time-range needs the VALARM inside a VEVENT or VTODO comp-filter');
  return withinInstanceCap(() =>
    alarms.filter((alarm) => alarmFiresIn(object, parent, alarm, range, { floatingTz, limits: LIMITS })),
  );
}

function compFilterMatches(
  object: CalendarObject,
  candidates: ICAL.Component[],
  filter: XmlElement,
  floatingTz: string | null,
  parent: ICAL.Component | null = null,
): boolean {
  const name = (filter.attrs.name ?? '').toUpperCase();
  if (!name) throw invalidFilter('comp-filter needs a name');
  let matching = candidates.filter((c) => c.name.toUpperCase() === name);
  if (child(filter, caldav('is-not-defined'))) return matching.length === 0;
  if (!matching.length) return false;
  const timeRange = child(filter, caldav('time-range'));
  if (timeRange && name === 'VALARM') {
    matching = alarmsFiringIn(object, parent, matching, parseTimeRange(timeRange), floatingTz);
    if (!matching.length) return false;
  } else if (timeRange) {
    if (!TIMED.has(name))
      throw new DavError(403, `time-range on ${name} is not supported`, el(caldav('supported-filter')));
    if (!objectOverlaps(object, parseTimeRange(timeRange), floatingTz)) return false;
  }
  const propFilters = childrenNamed(filter, caldav('prop-filter'));
  const compFilters = childrenNamed(filter, caldav('comp-filter'));
  return matching.some(
    (component) =>
      propFilters.every((pf) => propFilterMatches(component, pf, floatingTz)) &&
      compFilters.every((cf) => compFilterMatches(object, component.getAllSubcomponents(), cf, floatingTz, component)),
  );
}

/** RFC 4791 §9.7: the filter's one comp-filter names VCALENDAR; everything else nests inside it. Pure. */
export function objectMatchesFilter(
  object: CalendarObject,
  filter: XmlElement | undefined,
  floatingTz: string | null,
): boolean {
  if (!filter) throw invalidFilter('calendar-query needs a filter');
  const top = childrenNamed(filter, caldav('comp-filter'));
  if (top.length !== 1 || (top[0].attrs.name ?? '').toUpperCase() !== 'VCALENDAR') {
    throw invalidFilter('the filter must hold exactly one comp-filter named VCALENDAR');
  }
  return compFilterMatches(object, [object.root], top[0], floatingTz);
}

/** The first time-range of a VEVENT/VTODO comp-filter, to narrow candidates by the CRM's columns. */
function coarseRange(filter: XmlElement | undefined): TimeRange | null {
  const calendar = child(filter, caldav('comp-filter'));
  for (const comp of childrenNamed(calendar, caldav('comp-filter'))) {
    const range = child(comp, caldav('time-range'));
    if (range && (comp.attrs.name ?? '').toUpperCase() === 'VEVENT') return parseTimeRange(range);
  }
  return null;
}

/**
 * The items worth evaluating: with a range only what it can touch (calendar-index.ts), else everything; and the names
 * of those that surely have an instance in the range (calendar-index.ts, surelyInside).
 */
async function candidates(
  spec: CalendarItemsSpec,
  scope: DavScope,
  range: TimeRange | null,
): Promise<{ items: DavItem[]; inside: Set<string> }> {
  if (range) {
    const loaded = await entriesForRange(scope, spec, range);
    const items = await itemsForEntries(spec, scope, loaded.entries, undefined, undefined, loaded);
    return { items, inside: loaded.inside ?? new Set() };
  }
  const items = await getItems(
    spec,
    scope,
    (await listEntries(spec)).map((e) => e.meta.name),
  );
  return { items, inside: new Set() };
}

export async function calendarQuery(
  spec: CalendarItemsSpec,
  scope: DavScope,
  request: XmlElement,
  allowed: CalendarComponentName[],
): Promise<DavItem[]> {
  const filter = child(request, caldav('filter'));
  const expand = expandRange(request);
  const { items, inside } = await candidates(spec, scope, coarseRange(filter));
  const window = plainEventWindow(filter);
  const range = window ? parseTimeRange(window) : null;
  const floatingTz = spec.calendar.timezone;
  const matches = items.filter((item) => {
    // A plain window's one time-range is the range the candidates were picked for (coarseRange).
    if (range && inside.has(item.name)) return true;
    const known = range ? overlapsFromSummary(scope, item.body, range, allowed, floatingTz) : null;
    if (known !== null) return known;
    const object = parseCalendarObject(item.body, { allowedComponents: allowed, trusted: true });
    return objectMatchesFilter(object, filter, floatingTz);
  });
  if (!expand) return matches;
  try {
    return await getItems(
      spec,
      scope,
      matches.map((m) => m.name),
      { expand } as never,
    );
  } catch (error) {
    if (error instanceof RecurrenceLimitError) throw new DavError(403, error.message, el(caldav('max-instances')));
    throw error;
  }
}

/** free-busy-query (RFC 4791 §7.10): the busy time of this calendar in the range, as one VFREEBUSY. */
export async function freeBusyQuery(spec: CalendarItemsSpec, scope: DavScope, request: XmlElement): Promise<string> {
  const rangeElement = child(request, caldav('time-range'));
  if (!rangeElement) throw invalidFilter('free-busy-query needs a time-range');
  const range = parseTimeRange(rangeElement);
  if (range.start === null || range.end === null) throw invalidFilter('free-busy-query needs start and end');
  const window = { start: range.start, end: range.end };
  const { items } = await candidates(spec, scope, range);
  const objects = items.map((item) => parseCalendarObject(item.body));
  try {
    return freeBusyCalendar(
      busyPeriods(objects, window, { floatingTz: spec.calendar.timezone, limits: LIMITS }),
      window,
    );
  } catch (error) {
    if (error instanceof RecurrenceLimitError) throw new DavError(403, error.message, el(caldav('max-instances')));
    throw error;
  }
}

/** calendar-query over every item of a small collection (the task list): no narrowing, same filter. */
export async function listQuery(
  collection: DavCollection,
  scope: DavScope,
  request: XmlElement,
  allowed: CalendarComponentName[],
  floatingTz: string | null,
): Promise<DavItem[]> {
  const filter = child(request, caldav('filter'));
  const items = await collection.get(
    scope,
    (await collection.list(scope)).map((m) => m.name),
  );
  return items.filter((item) =>
    objectMatchesFilter(parseCalendarObject(item.body, { allowedComponents: allowed }), filter, floatingTz),
  );
}
