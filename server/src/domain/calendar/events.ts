import { randomUUID } from 'node:crypto';
import { Op, Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { calendarScope, eventScope, within } from '../../access/policy';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { DomainContext } from '../context';
import { sqlIn } from '../../db/sql';
import { nextRevision, writeChangeRow } from '../changes/service';
import { RecordType, resolveLinkField, resolveOptionalLink } from '../history/linked-record';
import { User } from '../users/model';
import { findWritableCalendar } from './calendars';
import { eventDtos } from './event-dto';
import { refOf, trackEventChange, trackEventDeletion } from './event-changes';
import { checkEventTimes, toInstant } from './event-times';
import { AttendeeStatus, Calendar, calendarComponents, CalendarEvent, EventAttendee, Privacy } from './model';

export interface AttendeeInput {
  userId?: number;
  partnerId?: number;
  email?: string;
  name?: string | null;
  status?: AttendeeStatus;
}

export interface EventFields {
  calendarId?: number;
  title?: string;
  startsAt?: string;
  endsAt?: string;
  allDay?: boolean;
  timezone?: string | null;
  rrule?: string | null;
  rdates?: string[];
  exdates?: string[];
  location?: string | null;
  description?: string | null;
  organizerUserId?: number | null;
  privacy?: Privacy;
  recordType?: RecordType | null;
  recordId?: number | null;
  attendees?: AttendeeInput[];
}

export type EventCreateInput = EventFields & {
  calendarId: number;
  title: string;
  startsAt: string;
  endsAt: string;
  uid?: string;
  recurrenceId?: string;
};

const simpleFields = [
  'title',
  'allDay',
  'timezone',
  'rrule',
  'rdates',
  'exdates',
  'location',
  'description',
  'organizerUserId',
  'privacy',
] as const;

/** A task list a phone created (calendars.components) holds its VTODOs as sent: CRM events have no place there. */
function assertHoldsEvents(calendar: Calendar): void {
  if (!calendarComponents(calendar).includes('VEVENT'))
    throw invalid('calendarId', `Calendar ${calendar.id} is a task list: events cannot be added to it`);
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`Invalid request body: ${field}: ${message}`, { [field]: [message] });
}

/** An event the actor may see (404 otherwise) and change: it must be in a writable calendar and not a busy block. */
export async function findWritableEvent(actor: Actor, id: number, tx: Transaction): Promise<CalendarEvent> {
  const event = await CalendarEvent.findOne({ where: within(eventScope(actor), { id }), transaction: tx });
  if (!event) throw new NotFoundError('Event', id);
  const calendar = await Calendar.findOne({
    where: within(calendarScope(actor), { id: event.calendarId }),
    attributes: ['id'],
    transaction: tx,
  });
  if (!calendar)
    throw new ForbiddenError('The event is in a calendar you can read but not change', 'calendar_read_only');
  const [dto] = await eventDtos(actor, [event], tx);
  if (dto.busy) throw new ForbiddenError('The event is private to its organizer and attendees', 'private_event');
  return event;
}

export async function findVisibleEvent(actor: Actor, id: number, tx?: Transaction): Promise<CalendarEvent> {
  const event = await CalendarEvent.findOne({ where: within(eventScope(actor), { id }), transaction: tx });
  if (!event) throw new NotFoundError('Event', id);
  return event;
}

function assertTimes(times: { startsAt: string; endsAt: string; allDay: boolean }): void {
  const errors = checkEventTimes(times);
  if (Object.keys(errors).length)
    throw new ValidationError(`Invalid request body: ${Object.values(errors).flat().join('; ')}`, errors);
}

async function assertUser(field: string, userId: number | null | undefined, tx: Transaction): Promise<void> {
  if (!userId) return;
  if (!(await User.findByPk(userId, { attributes: ['id'], transaction: tx })))
    throw invalid(field, `No user with id ${userId}`);
}

/** Replaces the attendee list; `fresh`: the event was created in this transaction, so there is nothing to delete. */
async function writeAttendees(
  ctx: DomainContext,
  eventId: number,
  attendees: AttendeeInput[],
  fresh = false,
): Promise<void> {
  for (const [i, attendee] of attendees.entries()) {
    await assertUser(`attendees.${i}.userId`, attendee.userId, ctx.tx);
    if (attendee.partnerId)
      await resolveLinkField(
        ctx.actor,
        { recordType: 'partner', recordId: attendee.partnerId },
        `attendees.${i}.partnerId`,
        ctx.tx,
      );
  }
  if (!fresh) await EventAttendee.destroy({ where: { eventId }, transaction: ctx.tx });
  if (!attendees.length) return;
  await EventAttendee.bulkCreate(
    attendees.map((a) => ({
      eventId,
      userId: a.userId ?? null,
      partnerId: a.partnerId ?? null,
      email: a.email ? a.email.trim().toLowerCase() : null,
      name: a.name ?? null,
      status: a.status ?? 'needs-action',
    })),
    { transaction: ctx.tx },
  );
}

async function assertUidFree(calendarId: number, uid: string, recurrenceId: string, tx: Transaction): Promise<void> {
  const [existing] = await sqlIn(tx).all<{ id: number }>(
    'SELECT id FROM events WHERE calendar_id = ? AND uid = ? AND recurrence_id = ?',
    [calendarId, uid, recurrenceId],
  );
  if (existing)
    throw new ConflictError(`Calendar ${calendarId} already has an event with UID ${uid}`, 'uid_conflict', {
      eventId: existing.id,
    });
}

function pickSimple(fields: EventFields): Partial<CalendarEvent> {
  const picked: Record<string, unknown> = {};
  for (const field of simpleFields) if (fields[field] !== undefined) picked[field] = fields[field];
  return picked as Partial<CalendarEvent>;
}

export async function createEvent(ctx: DomainContext, input: EventCreateInput): Promise<CalendarEvent> {
  const allDay = input.allDay ?? false;
  assertTimes({ startsAt: input.startsAt, endsAt: input.endsAt, allDay });
  const calendar = await findWritableCalendar(ctx.actor, input.calendarId, ctx.tx).catch((err: unknown) => {
    throw err instanceof NotFoundError
      ? invalid('calendarId', `No writable calendar with id ${input.calendarId}`)
      : err;
  });
  assertHoldsEvents(calendar);
  const uid = input.uid ?? randomUUID();
  const recurrenceId = input.recurrenceId ?? '';
  if (recurrenceId) {
    // RFC 5545 §3.8.4.4: an overridden occurrence is a component with the master's UID and a RECURRENCE-ID.
    if (!input.uid) throw invalid('uid', 'An overridden occurrence needs the UID of its master event');
    const master = await CalendarEvent.findOne({
      where: { calendarId: calendar.id, uid, recurrenceId: '' },
      attributes: ['id'],
      transaction: ctx.tx,
    });
    if (!master) throw invalid('recurrenceId', `No master event with UID ${uid} in calendar ${calendar.id}`);
  }
  await assertUidFree(calendar.id, uid, recurrenceId, ctx.tx);
  await assertUser('organizerUserId', input.organizerUserId, ctx.tx);
  const link = await resolveOptionalLink(ctx.actor, input, ctx.tx);
  // The revision is taken first so the row is inserted with it; a plain INSERT (db/sql.ts): every new event, from
  // the API or a phone, passes here.
  const revision = await nextRevision(ctx.sequelize, ctx.tx);
  const now = new Date();
  const values = {
    calendarId: calendar.id,
    uid,
    recurrenceId,
    title: input.title,
    startsAt: toInstant(input.startsAt),
    endsAt: toInstant(input.endsAt),
    allDay,
    timezone: input.timezone ?? null,
    rrule: input.rrule ?? null,
    rdates: JSON.stringify(input.rdates ?? []),
    exdates: JSON.stringify(input.exdates ?? []),
    location: input.location ?? null,
    description: input.description ?? null,
    organizerUserId: input.organizerUserId === undefined ? ctx.actor.userId : input.organizerUserId,
    privacy: input.privacy ?? 'public',
    recordType: link?.recordType ?? null,
    recordId: link?.recordId ?? null,
    partnerId: link?.partnerId ?? null,
    createdById: ctx.actor.userId,
    revision,
    createdAt: now,
    updatedAt: now,
  };
  // The values are listed in the order of the columns below.
  const { lastId } = await sqlIn(ctx.tx).run(
    `INSERT INTO events (calendar_id, uid, recurrence_id, title, starts_at, ends_at, all_day, timezone, rrule, rdates,
                         exdates, location, description, organizer_user_id, privacy, record_type, record_id,
                         partner_id, created_by_id, revision, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    Object.values(values),
  );
  const event = CalendarEvent.build({ id: lastId, ...values } as never, { isNewRecord: false, raw: true });
  if (input.attendees?.length) await writeAttendees(ctx, event.id, input.attendees, true);
  await writeChangeRow(ctx.sequelize, ctx.tx, refOf(calendar.id, event), revision);
  return event;
}

/** The events that move with `event` to another calendar: a master takes its overridden occurrences along. */
async function seriesOf(event: CalendarEvent, tx: Transaction): Promise<CalendarEvent[]> {
  if (event.recurrenceId) return [event];
  const overrides = await CalendarEvent.findAll({
    where: { calendarId: event.calendarId, uid: event.uid, recurrenceId: { [Op.ne]: '' } },
    transaction: tx,
  });
  return [event, ...overrides];
}

async function moveSeries(ctx: DomainContext, event: CalendarEvent, calendarId: number): Promise<CalendarEvent[]> {
  if (event.recurrenceId) throw invalid('calendarId', 'An overridden occurrence moves with its master event');
  const target = await findWritableCalendar(ctx.actor, calendarId, ctx.tx).catch((err: unknown) => {
    throw err instanceof NotFoundError ? invalid('calendarId', `No writable calendar with id ${calendarId}`) : err;
  });
  assertHoldsEvents(target);
  const series = await seriesOf(event, ctx.tx);
  const clash = await CalendarEvent.findOne({
    where: { calendarId, uid: event.uid },
    attributes: ['id'],
    transaction: ctx.tx,
  });
  if (clash)
    throw new ConflictError(`Calendar ${calendarId} already has an event with UID ${event.uid}`, 'uid_conflict', {
      eventId: clash.id,
    });
  return series.filter((member) => member.id !== event.id);
}

export async function updateEvent(ctx: DomainContext, id: number, patch: EventFields): Promise<CalendarEvent> {
  const event = await findWritableEvent(ctx.actor, id, ctx.tx);
  const allDay = patch.allDay ?? Boolean(event.allDay);
  const current = (date: Date) => (event.allDay ? date.toISOString().slice(0, 10) : date.toISOString());
  const startsAt = patch.startsAt ?? current(event.startsAt);
  const endsAt = patch.endsAt ?? current(event.endsAt);
  assertTimes({ startsAt, endsAt, allDay });
  if (patch.rrule && event.recurrenceId) throw invalid('rrule', 'An overridden occurrence cannot have its own RRULE');
  await assertUser('organizerUserId', patch.organizerUserId, ctx.tx);
  const previousCalendarId = event.calendarId;
  const moving = patch.calendarId !== undefined && patch.calendarId !== event.calendarId;
  const companions = moving ? await moveSeries(ctx, event, patch.calendarId!) : [];
  const values: Partial<CalendarEvent> = {
    ...pickSimple(patch),
    allDay,
    startsAt: toInstant(startsAt),
    endsAt: toInstant(endsAt),
  };
  if (moving) values.calendarId = patch.calendarId;
  if (patch.recordType !== undefined || patch.recordId !== undefined) {
    const link = await resolveOptionalLink(ctx.actor, patch, ctx.tx);
    Object.assign(values, {
      recordType: link?.recordType ?? null,
      recordId: link?.recordId ?? null,
      partnerId: link?.partnerId ?? null,
    });
  }
  await event.update(values, { transaction: ctx.tx });
  if (patch.attendees) await writeAttendees(ctx, event.id, patch.attendees);
  await trackEventChange(ctx, event, previousCalendarId);
  for (const companion of companions) {
    await companion.update({ calendarId: event.calendarId }, { transaction: ctx.tx });
    await trackEventChange(ctx, companion, previousCalendarId);
  }
  return event;
}

/** Deletes an event; deleting a master deletes the whole series (its overridden occurrences too). */
export async function deleteEvent(ctx: DomainContext, id: number): Promise<void> {
  const event = await findWritableEvent(ctx.actor, id, ctx.tx);
  for (const member of await seriesOf(event, ctx.tx)) {
    await trackEventDeletion(ctx, member);
    await EventAttendee.destroy({ where: { eventId: member.id }, transaction: ctx.tx });
    await member.destroy({ transaction: ctx.tx });
  }
}
