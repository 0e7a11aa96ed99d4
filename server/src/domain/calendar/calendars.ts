import { Op, Transaction, type InferAttributes } from 'sequelize';
import type { Actor } from '../../access/actor';
import { calendarScope, calendarVisibleSql, isAdmin, seesEverything } from '../../access/policy';
import { dateOf, sqlOf } from '../../db/sql';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import { collections } from '../changes/collections';
import { recordChange } from '../changes/service';
import type { DomainContext } from '../context';
import { Team, User } from '../users/model';
import { Calendar, calendarComponents, CalendarEvent, EventAttendee } from './model';

export interface CalendarFields {
  name?: string;
  color?: string | null;
  description?: string | null;
  timezone?: string | null;
}

export type CalendarCreateInput = CalendarFields & {
  name: string;
  ownerUserId?: number;
  teamId?: number;
  /** Only CalDAV's MKCALENDAR asks for anything but events (a phone's task list): see calendarComponents. */
  components?: string[];
};

export interface CalendarDto {
  id: number;
  name: string;
  ownerUserId: number | null;
  teamId: number | null;
  color: string | null;
  description: string | null;
  timezone: string | null;
  /** What the calendar holds: ['VEVENT'], or ['VTODO'] for a task list a phone created (no CRM events). */
  components: string[];
  createdAt: string;
  updatedAt: string;
}

export function calendarDto(calendar: Calendar): CalendarDto {
  return {
    id: calendar.id,
    name: calendar.name,
    ownerUserId: calendar.ownerUserId,
    teamId: calendar.teamId,
    color: calendar.color,
    description: calendar.description,
    timezone: calendar.timezone,
    components: calendarComponents(calendar),
    createdAt: calendar.createdAt.toISOString(),
    updatedAt: calendar.updatedAt.toISOString(),
  };
}

/** Visible calendars are writable ones too: own calendars, the calendars of the actor's teams, all for 'all'/admin. */
/** The calendar columns for a plain statement (db/sql.ts) on the calendars row `c`, read back by calendarFromRow. */
export const CALENDAR_COLUMNS = `c.id AS id, c.name AS name, c.owner_user_id AS ownerUserId, c.team_id AS teamId,
  c.color AS color, c.description AS description, c.timezone AS timezone, c.components AS components,
  c.created_at AS createdAt,
  c.updated_at AS updatedAt`;

export type CalendarRow = Omit<InferAttributes<Calendar>, 'createdAt' | 'updatedAt'> & {
  createdAt: string | Date;
  updatedAt: string | Date;
};

export function calendarFromRow(row: CalendarRow): Calendar {
  return Calendar.build(
    { ...row, createdAt: dateOf(row.createdAt)!, updatedAt: dateOf(row.updatedAt)! },
    { isNewRecord: false, raw: true },
  );
}

/** A calendar the actor may write to (every event write passes here: one plain statement). */
export async function findWritableCalendar(actor: Actor, id: number, tx?: Transaction): Promise<Calendar> {
  const [row] = await sqlOf(Calendar.sequelize!, tx).all<CalendarRow>(
    `SELECT ${CALENDAR_COLUMNS} FROM calendars c WHERE c.id = ? AND ${calendarVisibleSql(actor, 'c')}`,
    [id],
  );
  if (!row) throw new NotFoundError('Calendar', id);
  return calendarFromRow(row);
}

/** Every user has a personal calendar; it is created the first time they ask for their calendars. */
export async function ensurePersonalCalendar(actor: Actor): Promise<void> {
  const existing = await Calendar.findOne({ where: { ownerUserId: actor.userId, teamId: null }, attributes: ['id'] });
  if (existing) return;
  await Calendar.create({
    name: `${actor.name}'s calendar`,
    ownerUserId: actor.userId,
    teamId: null,
    color: null,
    description: null,
    timezone: null,
  });
}

const byId: SortSpec = { field: 'id', direction: 'asc' };

export async function listCalendars(
  actor: Actor,
  query: { limit: number; cursor?: string },
): Promise<{ items: CalendarDto[]; nextCursor: string | null }> {
  await ensurePersonalCalendar(actor);
  const rows = await Calendar.findAll({
    where: { [Op.and]: [calendarScope(actor), afterCursor(query.cursor, byId)] },
    order: orderFor(byId),
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit, byId, (calendar) => calendar.id);
  return { items: page.items.map(calendarDto), nextCursor: page.nextCursor };
}

async function ownerFor(
  ctx: DomainContext,
  input: CalendarCreateInput,
): Promise<{ ownerUserId: number | null; teamId: number | null }> {
  if (input.teamId) {
    if (!isAdmin(ctx.actor) && !ctx.actor.teamIds.includes(input.teamId)) {
      throw new ForbiddenError(
        'Only administrators and members of the team may create its calendars',
        'not_team_member',
      );
    }
    const team = await Team.findByPk(input.teamId, { attributes: ['id'], transaction: ctx.tx });
    if (!team)
      throw new ValidationError(`Invalid request body: teamId: no team ${input.teamId}`, {
        teamId: [`No team with id ${input.teamId}`],
      });
    return { ownerUserId: null, teamId: input.teamId };
  }
  const ownerUserId = input.ownerUserId ?? ctx.actor.userId;
  if (ownerUserId !== ctx.actor.userId && !seesEverything(ctx.actor)) {
    throw new ForbiddenError('You may only create calendars for yourself', 'not_owner');
  }
  const owner = await User.findByPk(ownerUserId, { attributes: ['id'], transaction: ctx.tx });
  if (!owner)
    throw new ValidationError(`Invalid request body: ownerUserId: no user ${ownerUserId}`, {
      ownerUserId: [`No user with id ${ownerUserId}`],
    });
  return { ownerUserId, teamId: null };
}

export async function createCalendar(ctx: DomainContext, input: CalendarCreateInput): Promise<Calendar> {
  const owner = await ownerFor(ctx, input);
  return Calendar.create(
    {
      name: input.name,
      ...owner,
      color: input.color ?? null,
      description: input.description ?? null,
      timezone: input.timezone ?? null,
      components: input.components?.join(',') ?? null,
    },
    { transaction: ctx.tx },
  );
}

export async function updateCalendar(ctx: DomainContext, id: number, patch: CalendarFields): Promise<Calendar> {
  const calendar = await findWritableCalendar(ctx.actor, id, ctx.tx);
  return calendar.update(patch, { transaction: ctx.tx });
}

/** Deletes a calendar and its events; each event leaves a tombstone so a syncing client drops it. */
export async function deleteCalendar(ctx: DomainContext, id: number): Promise<void> {
  const calendar = await findWritableCalendar(ctx.actor, id, ctx.tx);
  const events = await CalendarEvent.findAll({
    where: { calendarId: id },
    attributes: ['id', 'uid'],
    transaction: ctx.tx,
  });
  if (events.length) {
    await recordChange(
      ctx.sequelize,
      ctx.tx,
      events.map((event) => ({
        collection: collections.calendar(id),
        entity: 'event' as const,
        entityId: event.id,
        uid: event.uid,
      })),
      true,
    );
  }
  // Explicit rather than ON DELETE CASCADE: SQLite enforces foreign keys only when the pragma is on.
  const ids = events.map((event) => event.id);
  if (ids.length) await EventAttendee.destroy({ where: { eventId: ids }, transaction: ctx.tx });
  await CalendarEvent.destroy({ where: { calendarId: id }, transaction: ctx.tx });
  await calendar.destroy({ transaction: ctx.tx });
}
