import type { Transaction } from 'sequelize';
import {
  eventsFromCalendarObject,
  parseCalendarObject,
  writeEventsToCalendarObject,
  type CalendarObject,
  type EventData,
} from '@akte/core';
import type { Actor } from '../../access/actor';
import { eventDtos, type EventDto, type KnownInvolvements } from '../../domain/calendar/event-dto';
import { createEvent, deleteEvent, updateEvent } from '../../domain/calendar/events';
import { type Calendar, CalendarEvent } from '../../domain/calendar/model';
import { User } from '../../domain/users/model';
import type { DavWriteScope } from '../collections/types';
import { domainContext } from '../mapping/partner-write';
import { placeholders, sqlIn, sqlOf } from '../../db/sql';
import { crmRefusal } from './ical-body';
import { createSeriesEvents } from './new-series';
import { fieldsOf, seriesEventInput, usersByEmail } from './series-input';

/**
 * An event series (a master and its overridden occurrences, one UID) is one CalDAV item. This file is the glue to
 * the calendar domain: CRM rows → the core's EventData (for rendering), and a client's object → createEvent /
 * updateEvent / deleteEvent, so a phone edit runs through the same rules and change tracking as the REST API.
 */

async function usersById(ids: number[], tx?: Transaction): Promise<Map<number, Pick<User, 'id' | 'email' | 'name'>>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const users = await sqlOf(User.sequelize!, tx).all<Pick<User, 'id' | 'email' | 'name'>>(
    `SELECT id, email, name FROM users WHERE id IN (${placeholders(wanted.length)})`,
    wanted,
  );
  return new Map(users.map((u) => [u.id, u]));
}

export interface SeriesView {
  data: EventData[];
  /** True when the actor may only see a busy block (a private event of someone else). */
  busy: boolean;
  /** The series' last CRM change: the DTSTAMP of rendered changes, so one ETag always means the same bytes. */
  updatedAt: Date;
}

/**
 * Events of one or more series as the actor may see them, by UID, in the core's terms (a few queries in all; fewer
 * when the caller knows the events' attendees or calendar owners, see KnownInvolvements).
 */
export async function seriesViews(
  actor: Actor,
  events: CalendarEvent[],
  tx?: Transaction,
  known?: KnownInvolvements,
): Promise<Map<string, SeriesView>> {
  const dtos = await eventDtos(actor, events, tx, known);
  const users = await usersById(
    dtos.flatMap((d) => [d.organizerUserId ?? 0, ...d.attendees.map((a) => a.userId ?? 0)]).filter(Boolean),
    tx,
  );
  const views = new Map<string, SeriesView>();
  for (const dto of dtos) {
    const view = views.get(dto.uid) ?? { data: [], busy: false, updatedAt: new Date(0) };
    view.data.push(eventDataOf(dto, users));
    view.busy ||= dto.busy;
    if (Date.parse(dto.updatedAt) > view.updatedAt.getTime()) view.updatedAt = new Date(dto.updatedAt);
    views.set(dto.uid, view);
  }
  return views;
}

function eventDataOf(dto: EventDto, users: Map<number, Pick<User, 'id' | 'email' | 'name'>>): EventData {
  const organizer = dto.organizerUserId ? users.get(dto.organizerUserId) : undefined;
  return {
    uid: dto.uid,
    recurrenceId: dto.recurrenceId,
    title: dto.title,
    startsAt: new Date(dto.allDay ? `${dto.startsAt}T00:00:00Z` : dto.startsAt),
    endsAt: new Date(dto.allDay ? `${dto.endsAt}T00:00:00Z` : dto.endsAt),
    allDay: dto.allDay,
    timezone: dto.timezone,
    rrule: dto.rrule,
    rdates: dto.rdates ?? [],
    exdates: dto.exdates ?? [],
    location: dto.location,
    description: dto.description,
    organizer: organizer ? { email: organizer.email, name: organizer.name } : null,
    attendees: dto.attendees
      .map((a) => {
        const user = a.userId ? users.get(a.userId) : undefined;
        return { email: a.email ?? user?.email ?? '', name: a.name ?? user?.name ?? null, status: a.status };
      })
      .filter((a) => a.email !== ''),
    privacy: dto.privacy,
  };
}

/**
 * The body a client gets: the stored object with the CRM's later changes applied (keeping everything the CRM does
 * not model), or one generated from the CRM. A busy block never shows the stored body: it may hold the details.
 */
export function renderSeries(series: SeriesView, stored: string | null, floatingTz: string | null): string {
  const base = series.busy ? null : stored;
  return writeEventsToCalendarObject(keepUnknownOrganizers(series.data, base, floatingTz), base, {
    floatingTz,
    now: series.updatedAt,
  }).text;
}

/** The CRM links organizers that are users only; an external ORGANIZER in the stored body is not a removal. */
function keepUnknownOrganizers(data: EventData[], base: string | null, floatingTz: string | null): EventData[] {
  if (!base || data.every((d) => d.organizer)) return data;
  // Most personal events have no ORGANIZER at all: then there is nothing to keep, and no need to parse the body
  // (unfolded first: RFC 5545 §3.1 lets a fold fall inside a property name).
  if (!/^ORGANIZER[;:]/im.test(base.replace(/\r?\n[ \t]/g, ''))) return data;
  const stored = new Map(
    eventsFromCalendarObject(parseCalendarObject(base, { trusted: true }), { floatingTz }).map((d) => [
      d.recurrenceId,
      d.organizer,
    ]),
  );
  return data.map((d) => (d.organizer ? d : { ...d, organizer: stored.get(d.recurrenceId) ?? null }));
}

/** A series as writeSeries left it: its master's id, and its events as written (master first). */
export interface WrittenSeries {
  masterId: number;
  members: CalendarEvent[];
  /** Their attendee rows when known without reading them back: none, when the object named no attendees. */
  attendees?: [];
}

/** Events in the order a series is read (eventsOfSeries): by RECURRENCE-ID (the master's is empty), then id. Pure. */
const seriesOrder = (a: CalendarEvent, b: CalendarEvent): number =>
  a.recurrenceId < b.recurrenceId ? -1 : a.recurrenceId > b.recurrenceId ? 1 : a.id - b.id;

/** What the caller of writeSeries read in the same transaction: each spares writeSeries a statement. */
export interface SeriesFacts {
  /** False: the calendar holds no event with the object's UID. */
  seriesExists?: boolean;
  /** The calendar, read as one the actor may write. */
  writableCalendar?: Calendar;
}

/**
 * Makes the CRM events of one series match a client's object: update what exists, create what is new, delete
 * overrides the client dropped. The object must have a master (checked by the caller). A series the calendar does
 * not hold yet is created as new-series.ts creates a sync's page of them, with what the caller read (SeriesFacts)
 * not read again.
 * Afterwards the series is exactly the object's events — each one updated or created here, with the object's
 * attendees — so they are returned as written, for the caller to render without reading them back.
 */
export async function writeSeries(
  scope: DavWriteScope,
  calendarId: number,
  object: CalendarObject,
  floatingTz: string | null,
  facts: SeriesFacts = {},
): Promise<WrittenSeries> {
  const ctx = domainContext(scope);
  const incoming = eventsFromCalendarObject(object, { floatingTz });
  const noAttendees = incoming.every((d) => !d.attendees.length) ? { attendees: [] as [] } : {};
  const existing =
    facts.seriesExists === false
      ? []
      : await sqlIn(scope.tx).all<{ id: number; recurrenceId: string }>(
          'SELECT id, recurrence_id AS recurrenceId FROM events WHERE calendar_id = ? AND uid = ?',
          [calendarId, object.uid],
        );
  if (!existing.length) {
    // Nothing stored under this UID (read here or by the caller, in this transaction): the batch of new series.
    const writableCalendars = facts.writableCalendar ? new Map([[calendarId, facts.writableCalendar]]) : undefined;
    const [members] = await createSeriesEvents(scope, calendarId, [{ uid: object.uid, events: incoming }], {
      writableCalendars,
      uidsUnused: true,
    });
    return { masterId: members[0].id, members: members.sort(seriesOrder), ...noAttendees };
  }
  const byRecurrence = new Map(existing.map((e) => [e.recurrenceId, e]));
  const users = await usersByEmail(
    incoming.flatMap((d) => [d.organizer?.email ?? '', ...d.attendees.map((a) => a.email)]),
  );
  const wanted = new Set(incoming.map((d) => d.recurrenceId));
  try {
    for (const stale of existing.filter((e) => e.recurrenceId !== '' && !wanted.has(e.recurrenceId)))
      await deleteEvent(ctx, stale.id);
    let masterId = 0;
    const members: CalendarEvent[] = [];
    for (const data of incoming) {
      const current = byRecurrence.get(data.recurrenceId);
      const event = current
        ? await updateEvent(ctx, current.id, fieldsOf(data, users))
        : await createEvent(ctx, seriesEventInput(data, users, calendarId, object.uid));
      if (!data.recurrenceId) masterId = event.id;
      members.push(event);
    }
    return { masterId, members: members.sort(seriesOrder), ...noAttendees };
  } catch (error) {
    return crmRefusal(error);
  }
}

/** Deletes a series (deleting the master takes its overrides along). */
export async function deleteSeries(scope: DavWriteScope, calendarId: number, uid: string): Promise<void> {
  const ctx = domainContext(scope);
  const events = await CalendarEvent.findAll({
    where: { calendarId, uid },
    order: [['recurrenceId', 'ASC']],
    transaction: scope.tx,
  });
  const master = events.find((e) => e.recurrenceId === '');
  if (master) return deleteEvent(ctx, master.id);
  for (const event of events) await deleteEvent(ctx, event.id);
}
