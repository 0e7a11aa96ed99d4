import type { Actor } from '../../access/actor';
import type { Transaction } from 'sequelize';
import { seesEventDetails } from './event-privacy';
import { placeholders, sqlOf } from '../../db/sql';
import { AttendeeStatus, CalendarEvent, Privacy } from './model';

export interface AttendeeDto {
  userId: number | null;
  partnerId: number | null;
  email: string | null;
  name: string | null;
  status: AttendeeStatus;
}

export interface EventDto {
  id: number;
  calendarId: number;
  uid: string;
  recurrenceId: string;
  title: string;
  /** ISO date-time; for an all-day event the date (YYYY-MM-DD). */
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timezone: string | null;
  rrule: string | null;
  rdates: string[];
  exdates: string[];
  location: string | null;
  description: string | null;
  organizerUserId: number | null;
  privacy: Privacy;
  recordType: 'partner' | 'lead' | null;
  recordId: number | null;
  partnerId: number | null;
  createdById: number | null;
  attendees: AttendeeDto[];
  /** True when this is a busy block standing in for a private event of someone else. */
  busy: boolean;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

function when(date: Date, allDay: boolean): string {
  return allDay ? date.toISOString().slice(0, 10) : date.toISOString();
}

/** An attendee row as eventDtos reads it. */
export interface AttendeeRow {
  eventId: number;
  userId: number | null;
  partnerId: number | null;
  email: string | null;
  name: string | null;
  status: AttendeeStatus;
}

function fullDto(event: CalendarEvent, attendees: AttendeeRow[]): EventDto {
  return {
    id: event.id,
    calendarId: event.calendarId,
    uid: event.uid,
    recurrenceId: event.recurrenceId,
    title: event.title,
    startsAt: when(event.startsAt, event.allDay),
    endsAt: when(event.endsAt, event.allDay),
    allDay: Boolean(event.allDay),
    timezone: event.timezone,
    rrule: event.rrule,
    rdates: event.rdates,
    exdates: event.exdates,
    location: event.location,
    description: event.description,
    organizerUserId: event.organizerUserId,
    privacy: event.privacy,
    recordType: event.recordType,
    recordId: event.recordId,
    partnerId: event.partnerId,
    createdById: event.createdById,
    attendees: attendees.map((a) => ({
      userId: a.userId,
      partnerId: a.partnerId,
      email: a.email,
      name: a.name,
      status: a.status,
    })),
    busy: false,
    revision: Number(event.revision),
    createdAt: event.createdAt.toISOString(),
    updatedAt: event.updatedAt.toISOString(),
  };
}

/** Keeps only when the time is taken: no title, place, notes, people or CRM link. */
function busyBlock(dto: EventDto): EventDto {
  return {
    ...dto,
    title: 'Busy',
    location: null,
    description: null,
    attendees: [],
    recordType: null,
    recordId: null,
    partnerId: null,
    busy: true,
  };
}

/**
 * What eventDtos reads besides the events, for a caller that holds it already in the same transaction (a writer
 * that has just written the events' attendees, or has read their calendar): that read is then skipped.
 */
export interface KnownInvolvements {
  /** Every attendee row of the events (none: they have no attendees). */
  attendees?: AttendeeRow[];
  /** Owner of each of the events' calendars. */
  calendarOwners?: ReadonlyMap<number, number | null>;
}

/** DTOs for a page of events as `actor` may see them (two queries for the whole page). */
export async function eventDtos(
  actor: Actor,
  events: CalendarEvent[],
  tx?: Transaction,
  known: KnownInvolvements = {},
): Promise<EventDto[]> {
  if (!events.length) return [];
  // Plain statements (db/sql.ts): every CalDAV read and write of an event series passes here.
  const sql = sqlOf(CalendarEvent.sequelize!, tx);
  const eventIds = events.map((e) => e.id);
  const calendarIds = [...new Set(events.map((e) => e.calendarId))];
  const [attendees, ownerOf] = await Promise.all([
    known.attendees ??
      sql.all<AttendeeRow>(
        `SELECT event_id AS eventId, user_id AS userId, partner_id AS partnerId, email, name, status
           FROM event_attendees WHERE event_id IN (${placeholders(eventIds.length)}) ORDER BY id`,
        eventIds,
      ),
    calendarIds.every((id) => known.calendarOwners?.has(id))
      ? known.calendarOwners!
      : sql
          .all<{ id: number; ownerUserId: number | null }>(
            `SELECT id, owner_user_id AS ownerUserId FROM calendars WHERE id IN (${placeholders(calendarIds.length)})`,
            calendarIds,
          )
          .then((calendars) => new Map(calendars.map((c) => [c.id, c.ownerUserId]))),
  ]);
  return events.map((event) => {
    const own = attendees.filter((a) => a.eventId === event.id);
    const dto = fullDto(event, own);
    const visible = seesEventDetails(actor, {
      privacy: event.privacy,
      organizerUserId: event.organizerUserId,
      createdById: event.createdById,
      calendarOwnerUserId: ownerOf.get(event.calendarId) ?? null,
      attendeeUserIds: own.map((a) => a.userId).filter((id): id is number => id !== null),
    });
    return visible ? dto : busyBlock(dto);
  });
}
