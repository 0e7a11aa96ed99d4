import {
  ICalendarError,
  isKnownTimeZone,
  parseCalendarObject,
  vtimezoneFromIntl,
  type CalendarComponentName,
  type CalendarObject,
} from '@akte/core';
import { ConflictError, ForbiddenError, ValidationError } from '../../domain/errors';
import { DavError } from '../errors';
import { el, PropValue } from '../xml/multistatus';
import { appleical, caldav, dav } from '../xml/namespaces';

/** Shared by the calendar and task-list kinds: body checks on PUT and the collection properties (RFC 4791 §5.2). */
export const ICAL_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** The name of an item no client has named (a series or task created in the CRM): `<uid>.ics`. */
export const derivedItemName = (uid: string): string => `${uid}.ics`;
export const MAX_ICAL_BYTES = 1024 * 1024;

const STATUS: Record<ICalendarError['precondition'], number> = {
  'valid-calendar-data': 400,
  'valid-calendar-object-resource': 403,
  'supported-calendar-component': 403,
  'max-instances': 403,
};

/** An ICalendarError as the DAV error with its CalDAV precondition element (RFC 4791 §5.3.2.1). */
export function davErrorOf(error: ICalendarError): DavError {
  return new DavError(STATUS[error.precondition], error.message, el(caldav(error.precondition)));
}

/** The client's calendar object, or a 4xx with the precondition element; nothing is stored on failure. */
export function parseObjectForPut(
  body: string,
  contentType: string | undefined,
  allowed: CalendarComponentName[],
): CalendarObject {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type && !['text/calendar', 'text/plain', 'application/octet-stream'].includes(type)) {
    throw new DavError(
      415,
      `Unsupported media type ${type}: send text/calendar`,
      el(caldav('supported-calendar-data')),
    );
  }
  try {
    return parseCalendarObject(body, { allowedComponents: allowed, forStorage: true });
  } catch (error) {
    if (error instanceof ICalendarError) throw davErrorOf(error);
    throw error;
  }
}

/** The CRM refused what the object says (e.g. an RRULE part it does not store): the object is not storable here. */
export function crmRefusal(error: unknown): never {
  if (error instanceof ValidationError) {
    throw new DavError(
      403,
      `The CRM cannot store this object: ${error.message}`,
      el(caldav('valid-calendar-object-resource')),
    );
  }
  if (error instanceof ForbiddenError) throw new DavError(403, error.message, el(dav('need-privileges')));
  if (error instanceof ConflictError) throw new DavError(409, error.message, el(caldav('no-uid-conflict')));
  throw error;
}

export function noUidConflict(message: string, href: string | null): DavError {
  return new DavError(
    409,
    message,
    href ? el(caldav('no-uid-conflict'), el(dav('href'), href)) : el(caldav('no-uid-conflict')),
  );
}

export interface CalendarPropsInput {
  displayName: string;
  description: string | null;
  color: string | null;
  timezone: string | null;
  components: CalendarComponentName[];
}

/** Kind-specific properties of a calendar collection (the layer adds resourcetype, sync-token, …). */
export function calendarProps(input: CalendarPropsInput): Map<string, PropValue> {
  const props = new Map<string, PropValue>();
  props.set(dav('displayname'), input.displayName);
  if (input.description) props.set(caldav('calendar-description'), input.description);
  if (input.color) props.set(appleical('calendar-color'), input.color);
  if (input.timezone) props.set(caldav('calendar-timezone'), calendarTimezoneBody(input.timezone));
  props.set(
    caldav('supported-calendar-component-set'),
    input.components.map((name) => el(caldav('comp'), undefined, { name })),
  );
  props.set(
    caldav('supported-calendar-data'),
    el(caldav('calendar-data'), undefined, { 'content-type': 'text/calendar', version: '2.0' }),
  );
  props.set(caldav('max-instances'), String(MAX_INSTANCES));
  props.set(caldav('min-date-time'), '19000101T000000Z');
  props.set(caldav('max-date-time'), '21001231T235959Z');
  return props;
}

/** Instances one expansion may produce (advertised as CALDAV:max-instances, RFC 4791 §5.2.8). */
export const MAX_INSTANCES = 3000;

/** CALDAV:calendar-timezone is a VCALENDAR with one VTIMEZONE (RFC 4791 §5.2.2); the CRM stores the IANA name. */
function calendarTimezoneBody(tzid: string): string {
  const year = new Date().getUTCFullYear();
  const vtimezone = isKnownTimeZone(tzid)
    ? vtimezoneFromIntl(tzid, year - 1, year + 1).toString()
    : `BEGIN:VTIMEZONE\r\nTZID:${tzid}\r\nEND:VTIMEZONE`;
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Akte//Akte CRM//EN', vtimezone, 'END:VCALENDAR', ''].join(
    '\r\n',
  );
}

/** The IANA name in a CALDAV:calendar-timezone value (a VCALENDAR with a VTIMEZONE), or the text itself. */
export function timezoneFromProperty(text: string): string | null {
  const match = /^TZID:(.+)$/m.exec(text.replace(/\r/g, ''));
  const name = (match ? match[1] : text).trim();
  return name || null;
}
