import { Op } from 'sequelize';
import type { EventData } from '@akte/core';
import type { AttendeeInput, EventCreateInput, EventFields } from '../../domain/calendar/events';
import { User } from '../../domain/users/model';

/**
 * A client's event (the core's EventData) in the calendar domain's terms: what writeSeries (event-series.ts) and
 * createSeriesEvents (new-series.ts) hand to createEvent/updateEvent/createEvents, one mapping for both.
 */

const when = (date: Date, allDay: boolean): string => (allDay ? date.toISOString().slice(0, 10) : date.toISOString());

/** Users by e-mail, to link organizers and attendees of a phone's event to CRM users. */
export async function usersByEmail(emails: string[]): Promise<Map<string, User>> {
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()).filter(Boolean))];
  if (!wanted.length) return new Map();
  const users = await User.findAll({ where: { email: { [Op.in]: wanted } }, attributes: ['id', 'email', 'name'] });
  return new Map(users.map((u) => [u.email.toLowerCase(), u]));
}

export function fieldsOf(data: EventData, users: Map<string, User>): EventFields {
  const organizer = data.organizer ? users.get(data.organizer.email.toLowerCase()) : undefined;
  const attendees: AttendeeInput[] = data.attendees.map((a) => ({
    userId: users.get(a.email.toLowerCase())?.id,
    email: a.email,
    name: a.name,
    status: a.status,
  }));
  return {
    title: data.title,
    startsAt: when(data.startsAt, data.allDay),
    endsAt: when(data.endsAt, data.allDay),
    allDay: data.allDay,
    timezone: data.timezone,
    rrule: data.rrule,
    rdates: data.rdates,
    exdates: data.exdates,
    location: data.location,
    description: data.description,
    // Only users can organize in the CRM; an external ORGANIZER stays in the stored body (see renderSeries).
    organizerUserId: organizer?.id ?? null,
    privacy: data.privacy,
    attendees,
  };
}

/** An event of the series `uid` to create in `calendarId`. */
export function seriesEventInput(
  data: EventData,
  users: Map<string, User>,
  calendarId: number,
  uid: string,
): EventCreateInput {
  const fields = fieldsOf(data, users);
  return {
    ...fields,
    calendarId,
    uid,
    recurrenceId: data.recurrenceId,
    title: fields.title!,
    startsAt: fields.startsAt!,
    endsAt: fields.endsAt!,
  };
}
