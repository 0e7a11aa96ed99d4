import { Op, Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { calendarScope, eventScope, within } from '../../access/policy';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { DomainContext } from '../context';
import { RecordType, resolveLinkField, resolveOptionalLink } from '../history/linked-record';
import { User } from '../users/model';
import { findWritableCalendar } from './calendars';
import { createEvents } from './create-events';
import { assertHoldsEvents, assertTimes, invalid } from './event-rules';
import { eventDtos } from './event-dto';
import { trackEventChange, trackEventDeletion } from './event-changes';
import { toInstant } from './event-times';
import { AttendeeStatus, Calendar, CalendarEvent, EventAttendee, Privacy } from './model';

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

function pickSimple(fields: EventFields): Partial<CalendarEvent> {
  const picked: Record<string, unknown> = {};
  for (const field of simpleFields) if (fields[field] !== undefined) picked[field] = fields[field];
  return picked as Partial<CalendarEvent>;
}

export async function createEvent(ctx: DomainContext, input: EventCreateInput): Promise<CalendarEvent> {
  // The batch of one: the rules of a create live in one place (create-events.ts).
  const [event] = await createEvents(ctx, [input]);
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
