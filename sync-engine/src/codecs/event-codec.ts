import {
  eventsFromCalendarObject,
  parseCalendarObject,
  writeEventsToCalendarObject,
  type EventData,
  type EventPrivacy,
} from '@akte/core';
import type { ElementKeys, RecordCodec } from './codec';
import { sameFields, type Fields } from './fields';

/**
 * Events through core's iCalendar codec (RFC 5545 / RFC 4791). The master's fields are top-level; each overridden
 * occurrence (RECURRENCE-ID) is one element of the `overrides` set, so an occurrence moved on one side and another
 * moved on the other both survive. DTSTAMP, LAST-MODIFIED, SEQUENCE and PRODID are not fields: a server that
 * rewrites them changes nothing (RFC 5545 §3.8.7.2 makes DTSTAMP the time the object was *written*, not edited).
 */
type Person = { email: string; name: string | null };

const personKey = (p: Person | null): string | null => (p ? JSON.stringify([p.email, p.name]) : null);
const personOf = (s: string | null): Person | null => {
  if (!s) return null;
  const [email, name] = JSON.parse(s) as [string, string | null];
  return { email, name };
};

function occurrenceFields(e: EventData): Fields {
  return {
    recurrenceId: e.recurrenceId,
    title: e.title,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    allDay: e.allDay,
    timezone: e.timezone,
    location: e.location,
    description: e.description,
    organizer: personKey(e.organizer),
    attendees: e.attendees.map((a) => JSON.stringify([a.email.toLowerCase(), a.name, a.status])),
    privacy: e.privacy,
  };
}

export function fieldsOfEvents(events: EventData[]): Fields {
  const [first, ...rest] = events;
  return {
    ...occurrenceFields(first),
    rrule: first.rrule,
    rdates: first.rdates,
    exdates: first.exdates,
    overrides: rest.map((e) => JSON.stringify(occurrenceFields(e))),
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function eventOf(uid: string, f: Fields, series?: Fields): EventData {
  return {
    uid,
    recurrenceId: str(f.recurrenceId) ?? '',
    title: str(f.title) ?? '',
    startsAt: new Date(str(f.startsAt) ?? 0),
    endsAt: new Date(str(f.endsAt) ?? 0),
    allDay: f.allDay === true,
    timezone: str(f.timezone),
    rrule: series ? null : str(f.rrule),
    rdates: series ? [] : list(f.rdates),
    exdates: series ? [] : list(f.exdates),
    location: str(f.location),
    description: str(f.description),
    organizer: personOf(str(f.organizer)),
    attendees: list(f.attendees).map((s) => {
      const [email, name, status] = JSON.parse(s) as [string, string | null, EventData['attendees'][0]['status']];
      return { email, name, status };
    }),
    privacy: (str(f.privacy) ?? 'public') as EventPrivacy,
  };
}

export function eventsOfFields(uid: string, fields: Fields): EventData[] {
  const overrides = list(fields.overrides).map((s) => eventOf(uid, JSON.parse(s) as Fields, fields));
  return [eventOf(uid, fields), ...overrides];
}

const partstat = (e: string): string => String((JSON.parse(e) as unknown[])[2] ?? 'needs-action');

export const EVENT_ELEMENT_KEYS: ElementKeys = {
  attendees: {
    key: (e) => String((JSON.parse(e) as unknown[])[0] ?? '').toLowerCase(),
    // RFC 5545 §3.2.12: NEEDS-ACTION is "no answer known". A calendar that has not seen the attendee's reply
    // must not overwrite the reply another calendar has (two users syncing one meeting, issue #11 item 14).
    prefer: (crm, remote) => {
      const [c, r] = [partstat(crm), partstat(remote)];
      if (c === 'needs-action' && r !== 'needs-action') return remote;
      if (r === 'needs-action' && c !== 'needs-action') return crm;
      return null;
    },
  },
  overrides: { key: (e) => String((JSON.parse(e) as Fields).recurrenceId ?? '') },
};

export function eventCodec(): RecordCodec {
  return {
    kind: 'event',
    elementKeys: EVENT_ELEMENT_KEYS,
    extension: '.ics',
    contentType: 'text/calendar; charset=utf-8',
    decode(body) {
      const object = parseCalendarObject(body, { allowedComponents: ['VEVENT'] });
      return { uid: object.uid, fields: fieldsOfEvents(eventsFromCalendarObject(object)) };
    },
    encode(uid, fields, base) {
      if (base && sameFields(this.decode(base).fields, fields)) return base;
      return writeEventsToCalendarObject(eventsOfFields(uid, fields), base).text;
    },
  };
}
