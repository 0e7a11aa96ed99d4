import { eventsFromCalendarObject, type CalendarObject } from '@akte/core';
import { createEvents } from '../../domain/calendar/create-events';
import type { CalendarEvent } from '../../domain/calendar/model';
import type { DavWriteScope } from '../collections/types';
import { domainContext } from '../mapping/partner-write';
import { fieldsOf, usersByEmail } from './event-series';
import { crmRefusal } from './ical-body';

/**
 * writeSeries for several series the calendar does not hold yet (a first sync's page of new remote events): every
 * event of every object created through the calendar domain's createEvents in one go — the same mapping (fieldsOf)
 * and rules as a PUT of each, in a fixed number of statements. A UID the calendar already holds is refused as a
 * conflict (writeSeries, which updates, is the way for those). Returns each series' events, master first.
 */
export async function createNewSeries(
  scope: DavWriteScope,
  calendarId: number,
  objects: readonly CalendarObject[],
  floatingTz: string | null,
): Promise<CalendarEvent[][]> {
  const incoming = objects.map((object) =>
    // The master first: an overridden occurrence needs its master (created before it in the same batch).
    [...eventsFromCalendarObject(object, { floatingTz })].sort((a, b) =>
      a.recurrenceId === '' ? -1 : b.recurrenceId === '' ? 1 : 0,
    ),
  );
  const users = await usersByEmail(
    incoming.flat().flatMap((d) => [d.organizer?.email ?? '', ...d.attendees.map((a) => a.email)]),
  );
  const inputs = incoming.flatMap((series, i) =>
    series.map((data) => {
      const fields = fieldsOf(data, users);
      return {
        ...fields,
        calendarId,
        uid: objects[i].uid,
        recurrenceId: data.recurrenceId,
        title: fields.title!,
        startsAt: fields.startsAt!,
        endsAt: fields.endsAt!,
      };
    }),
  );
  let events: CalendarEvent[];
  try {
    events = await createEvents(domainContext(scope), inputs);
  } catch (error) {
    return crmRefusal(error);
  }
  let next = 0;
  return incoming.map((series) => events.slice(next, (next += series.length)));
}
