import { randomUUID } from 'node:crypto';
import { insertRows, insertRowsReturningIds, placeholders, sqlIn } from '../../db/sql';
import { nextRevisions, writeChangeRows } from '../changes/service';
import type { DomainContext } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { resolveLinkField, resolveOptionalLink, type LinkedRecord } from '../history/linked-record';
import { findWritableCalendar } from './calendars';
import { refOf } from './event-changes';
import { toInstant } from './event-times';
import type { AttendeeInput, EventCreateInput } from './events';
import { assertHoldsEvents, assertTimes, invalid } from './event-rules';
import { CalendarEvent, type Calendar } from './model';

/** The events table's columns, in the order eventValues lists the values. */
const COLUMNS = [
  'calendar_id',
  'uid',
  'recurrence_id',
  'title',
  'starts_at',
  'ends_at',
  'all_day',
  'timezone',
  'rrule',
  'rdates',
  'exdates',
  'location',
  'description',
  'organizer_user_id',
  'privacy',
  'record_type',
  'record_id',
  'partner_id',
  'created_by_id',
  'revision',
  'created_at',
  'updated_at',
];

/** An input with what the checks settled: its calendar, UID and occurrence, and the record it is linked to. */
interface Checked {
  input: EventCreateInput;
  calendar: Calendar;
  uid: string;
  recurrenceId: string;
  link: LinkedRecord | null;
}

/**
 * What a caller has already read in the same unit of work, so that createEvents does not read it again: a phone's
 * PUT learns both in the one statement that also resolves the item's name and UID (dav/caldav/calendar-items.ts).
 */
export interface EstablishedInUnit {
  /** Calendars read in this unit of work as ones the actor may write (whether they hold events is checked here). */
  writableCalendars?: ReadonlyMap<number, Calendar>;
  /** Read in this unit of work: no input's UID is stored in its calendar yet (overrides need their master in the batch). */
  uidsUnused?: boolean;
}

/** The calendars of the inputs, each checked once: writable by the actor, and one that holds events. */
async function writableCalendars(
  ctx: DomainContext,
  inputs: readonly EventCreateInput[],
  established: ReadonlyMap<number, Calendar> | undefined,
) {
  const calendars = new Map<number, Calendar>();
  for (const id of new Set(inputs.map((i) => i.calendarId))) {
    const calendar =
      established?.get(id) ??
      (await findWritableCalendar(ctx.actor, id, ctx.tx).catch((err: unknown) => {
        throw err instanceof NotFoundError ? invalid('calendarId', `No writable calendar with id ${id}`) : err;
      }));
    assertHoldsEvents(calendar);
    calendars.set(id, calendar);
  }
  return calendars;
}

/** The (uid, recurrence id) pairs these calendars already hold for the given UIDs: one query per calendar. */
async function storedOccurrences(ctx: DomainContext, events: readonly Checked[]): Promise<Map<string, number>> {
  const stored = new Map<string, number>();
  const byCalendar = new Map<number, Set<string>>();
  for (const e of events) byCalendar.set(e.calendar.id, (byCalendar.get(e.calendar.id) ?? new Set()).add(e.uid));
  for (const [calendarId, uids] of byCalendar) {
    const rows = await sqlIn(ctx.tx).all<{ id: number; uid: string; recurrenceId: string }>(
      `SELECT id, uid, recurrence_id AS recurrenceId FROM events WHERE calendar_id = ?
        AND uid IN (${placeholders(uids.size)})`,
      [calendarId, ...uids],
    );
    for (const r of rows) stored.set(occurrenceKey(calendarId, String(r.uid), String(r.recurrenceId)), r.id);
  }
  return stored;
}

const occurrenceKey = (calendarId: number, uid: string, recurrenceId: string) =>
  JSON.stringify([calendarId, uid, recurrenceId]);

/**
 * RFC 5545 §3.8.4.4: an overridden occurrence is a component with its master's UID and a RECURRENCE-ID, so its
 * master must be in the calendar already or come earlier in the batch; and a calendar holds each (UID, RECURRENCE-ID)
 * once — stored or twice in the batch is a conflict.
 */
function assertOccurrences(events: readonly Checked[], stored: Map<string, number>): void {
  const seen = new Set<string>();
  for (const e of events) {
    const key = occurrenceKey(e.calendar.id, e.uid, e.recurrenceId);
    if (e.recurrenceId) {
      if (!e.input.uid) throw invalid('uid', 'An overridden occurrence needs the UID of its master event');
      const master = occurrenceKey(e.calendar.id, e.uid, '');
      if (!stored.has(master) && !seen.has(master))
        throw invalid('recurrenceId', `No master event with UID ${e.uid} in calendar ${e.calendar.id}`);
    }
    if (stored.has(key) || seen.has(key))
      throw new ConflictError(
        `Calendar ${e.calendar.id} already has an event with UID ${e.uid}`,
        'uid_conflict',
        stored.has(key) ? { eventId: stored.get(key) } : undefined,
      );
    seen.add(key);
  }
}

/** The users the inputs name (organizers, attendees) that exist: one query for the batch. */
async function existingUsers(ctx: DomainContext, inputs: readonly EventCreateInput[]): Promise<Set<number>> {
  const ids = [
    ...new Set(inputs.flatMap((i) => [i.organizerUserId ?? 0, ...(i.attendees ?? []).map((a) => a.userId ?? 0)])),
  ].filter(Boolean);
  if (!ids.length) return new Set();
  const rows = await sqlIn(ctx.tx).all<{ id: number }>(
    `SELECT id FROM users WHERE id IN (${placeholders(ids.length)})`,
    ids,
  );
  return new Set(rows.map((u) => Number(u.id)));
}

function assertUser(users: Set<number>, field: string, userId: number | null | undefined): void {
  if (userId && !users.has(userId)) throw invalid(field, `No user with id ${userId}`);
}

/** Each attendee names an existing user and a partner the actor may see (a partner: one lookup each, rare). */
async function assertAttendees(ctx: DomainContext, users: Set<number>, attendees: AttendeeInput[]): Promise<void> {
  for (const [i, attendee] of attendees.entries()) {
    assertUser(users, `attendees.${i}.userId`, attendee.userId);
    if (attendee.partnerId)
      await resolveLinkField(
        ctx.actor,
        { recordType: 'partner', recordId: attendee.partnerId },
        `attendees.${i}.partnerId`,
        ctx.tx,
      );
  }
}

function eventValues(ctx: DomainContext, e: Checked, revision: number, now: Date) {
  const { input } = e;
  return {
    calendarId: e.calendar.id,
    uid: e.uid,
    recurrenceId: e.recurrenceId,
    title: input.title,
    startsAt: toInstant(input.startsAt),
    endsAt: toInstant(input.endsAt),
    allDay: input.allDay ?? false,
    timezone: input.timezone ?? null,
    rrule: input.rrule ?? null,
    rdates: JSON.stringify(input.rdates ?? []),
    exdates: JSON.stringify(input.exdates ?? []),
    location: input.location ?? null,
    description: input.description ?? null,
    organizerUserId: input.organizerUserId === undefined ? ctx.actor.userId : input.organizerUserId,
    privacy: input.privacy ?? 'public',
    recordType: e.link?.recordType ?? null,
    recordId: e.link?.recordId ?? null,
    partnerId: e.link?.partnerId ?? null,
    createdById: ctx.actor.userId,
    revision,
    createdAt: now,
    updatedAt: now,
  };
}

const attendeeRow = (eventId: number, a: AttendeeInput) => [
  eventId,
  a.userId ?? null,
  a.partnerId ?? null,
  a.email ? a.email.trim().toLowerCase() : null,
  a.name ?? null,
  a.status ?? 'needs-action',
];

/**
 * Creates events in the caller's unit of work with every rule of a single create — times, a calendar the actor may
 * write that holds events, an override's master, one (UID, RECURRENCE-ID) per calendar, the users and records named,
 * a revision each and a change-log entry in the calendar's collection — in a fixed number of statements for any
 * number of events (a first sync brings a page of series at once; a single create is the batch of one). Everything
 * is checked before anything is written. Returns them in input order.
 */
export async function createEvents(
  ctx: DomainContext,
  inputs: readonly EventCreateInput[],
  established: EstablishedInUnit = {},
): Promise<CalendarEvent[]> {
  if (!inputs.length) return [];
  for (const input of inputs)
    assertTimes({ startsAt: input.startsAt, endsAt: input.endsAt, allDay: input.allDay ?? false });
  const calendars = await writableCalendars(ctx, inputs, established.writableCalendars);
  const checked: Checked[] = [];
  for (const input of inputs)
    checked.push({
      input,
      calendar: calendars.get(input.calendarId)!,
      uid: input.uid ?? randomUUID(),
      recurrenceId: input.recurrenceId ?? '',
      link: null,
    });
  assertOccurrences(checked, established.uidsUnused ? new Map() : await storedOccurrences(ctx, checked));
  const users = await existingUsers(ctx, inputs);
  for (const e of checked) assertUser(users, 'organizerUserId', e.input.organizerUserId);
  for (const e of checked) e.link = await resolveOptionalLink(ctx.actor, e.input, ctx.tx);
  for (const e of checked) await assertAttendees(ctx, users, e.input.attendees ?? []);
  // The revisions are taken first so the rows are inserted with them; a plain INSERT (db/sql.ts): every new event,
  // from the API, a phone or a sync, passes here.
  const { first } = await nextRevisions(ctx.sequelize, ctx.tx, checked.length);
  const now = new Date();
  const values = checked.map((e, i) => eventValues(ctx, e, first + i, now));
  const ids = await insertRowsReturningIds(
    sqlIn(ctx.tx),
    'events',
    COLUMNS,
    values.map((v) => Object.values(v)),
    ['calendar_id', 'uid', 'recurrence_id'],
  );
  const events = values.map((v, i) =>
    CalendarEvent.build({ id: ids[i], ...v } as never, { isNewRecord: false, raw: true }),
  );
  await insertRows(
    sqlIn(ctx.tx),
    'event_attendees',
    ['event_id', 'user_id', 'partner_id', 'email', 'name', 'status'],
    events.flatMap((event, i) => (inputs[i].attendees ?? []).map((a) => attendeeRow(event.id, a))),
  );
  await writeChangeRows(
    ctx.sequelize,
    ctx.tx,
    events.map((event) => ({ ref: refOf(event.calendarId, event), revision: Number(event.revision) })),
    { created: true },
  );
  return events;
}
