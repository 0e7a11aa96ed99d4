import ICAL from 'ical.js';
import { ICalendarError } from './errors';

/**
 * Value types ical.js cannot read back. Clients write a bare date (`EXDATE:20260111`, `CREATED:20260101`,
 * `DTSTART;TZID=Europe/Berlin:20260110`) where RFC 5545 §3.8 makes DATE-TIME the default and VALUE=DATE is required.
 * ical.js 2.2.1 parses such a value as the date-time "2026-01-11T::" and throws only when the value is first used —
 * at the CRM mapping of a PUT (a 500), or in every later calendar-query over a stored object (a 500 for the whole
 * collection until the object is deleted).
 *
 * Every reader gets the same repair, applied to the parsed jCal before ical.js decorates anything: a bare date in a
 * DATE-TIME property becomes the DATE it means (RFC 5545 §3.3.4), without TZID (§3.2.19: not for DATE values). A
 * list mixing dates and date-times (EXDATE:20260111,20260112T090000Z) becomes one property per type. What is then
 * still unreadable is refused at PUT by `checkValuesReadable`, so nothing stored fails a later read.
 */

type JCalProperty = [name: string, params: Record<string, unknown>, type: string, ...values: unknown[]];
type JCalComponent = [name: string, properties: JCalProperty[], components: JCalComponent[]];

/** What ical.js makes of an 8-digit value in a date-time property: "2026-01-10T::". */
const BARE_DATE = /^(\d{4}-\d{2}-\d{2})T::$/;

/** Repairs bare dates in DATE-TIME properties throughout a parsed VCALENDAR (in place). */
export function normalizeBareDates(component: JCalComponent): void {
  const [, properties, components] = component;
  for (let i = 0; i < properties.length; i++) {
    const property = properties[i];
    if (property[2] !== 'date-time') continue;
    const values = property.slice(3);
    const dates = values.filter((v): v is string => typeof v === 'string' && BARE_DATE.test(v));
    if (!dates.length) continue;
    const rest = values.filter((v) => !dates.includes(v as string));
    const params = { ...property[1] };
    delete params.tzid;
    const asDates: JCalProperty = [property[0], params, 'date', ...dates.map((d) => BARE_DATE.exec(d)![1])];
    if (!rest.length) properties[i] = asDates;
    else {
      properties[i] = [property[0], property[1], 'date-time', ...rest];
      properties.splice(++i, 0, asDates);
    }
  }
  for (const child of components) normalizeBareDates(child);
}

/**
 * Decodes every property value once, so a value ical.js cannot read is refused now, naming the property, instead
 * of failing every later read of the stored object. For client input only (it costs a full decode).
 */
export function checkValuesReadable(component: ICAL.Component): void {
  for (const property of component.getAllProperties()) {
    try {
      property.getValues();
    } catch (error) {
      throw new ICalendarError(
        'valid-calendar-data',
        `${component.name.toUpperCase()} ${property.name.toUpperCase()}: value of type ${property.type.toUpperCase()} cannot be read (${(error as Error).message})`,
      );
    }
  }
  for (const child of component.getAllSubcomponents()) checkValuesReadable(child);
}
