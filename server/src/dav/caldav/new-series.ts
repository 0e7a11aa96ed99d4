import { eventsFromCalendarObject, type CalendarObject, type EventData } from '@akte/core';
import { createEvents, type EstablishedInUnit } from '../../domain/calendar/create-events';
import type { CalendarEvent } from '../../domain/calendar/model';
import type { DavWriteScope } from '../collections/types';
import { domainContext } from '../mapping/partner-write';
import { crmRefusal } from './ical-body';
import { seriesEventInput, usersByEmail } from './series-input';

/**
 * writeSeries for several series the calendar does not hold yet (a first sync's page of new remote events): every
 * event of every object created through the calendar domain's createEvents in one go — the same mapping
 * (series-input.ts) and rules as a PUT of each, in a fixed number of statements. A UID the calendar already holds is
 * refused as a conflict (writeSeries, which updates, is the way for those). Returns each series' events, master first.
 */
export async function createNewSeries(
  scope: DavWriteScope,
  calendarId: number,
  objects: readonly CalendarObject[],
  floatingTz: string | null,
): Promise<CalendarEvent[][]> {
  return createSeriesEvents(
    scope,
    calendarId,
    objects.map((object) => ({ uid: object.uid, events: eventsFromCalendarObject(object, { floatingTz }) })),
  );
}

/**
 * The events of new series (each a UID and its events, as eventsFromCalendarObject reads them) created in one batch;
 * `established`: what the caller read in this transaction (a PUT's probe: the calendar writable, the UID unused).
 */
export async function createSeriesEvents(
  scope: DavWriteScope,
  calendarId: number,
  series: ReadonlyArray<{ uid: string; events: readonly EventData[] }>,
  established: EstablishedInUnit = {},
): Promise<CalendarEvent[][]> {
  // The master first: an overridden occurrence needs its master (created before it in the same batch).
  const incoming = series.map(({ events }) =>
    [...events].sort((a, b) => (a.recurrenceId === '' ? -1 : b.recurrenceId === '' ? 1 : 0)),
  );
  const users = await usersByEmail(
    incoming.flat().flatMap((d) => [d.organizer?.email ?? '', ...d.attendees.map((a) => a.email)]),
  );
  const inputs = incoming.flatMap((events, i) =>
    events.map((data) => seriesEventInput(data, users, calendarId, series[i].uid)),
  );
  let created: CalendarEvent[];
  try {
    created = await createEvents(domainContext(scope), inputs, established);
  } catch (error) {
    return crmRefusal(error);
  }
  let next = 0;
  return incoming.map((events) => created.slice(next, (next += events.length)));
}
