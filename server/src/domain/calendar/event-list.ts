import { Op, WhereOptions } from 'sequelize';
import type { Actor } from '../../access/actor';
import { eventScope } from '../../access/policy';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import type { RecordType } from '../history/linked-record';
import { findWritableCalendar } from './calendars';
import { EventDto, eventDtos } from './event-dto';
import { toInstant } from './event-times';
import { CalendarEvent } from './model';

export interface EventListQuery {
  calendarId?: number;
  from?: string;
  to?: string;
  recordType?: RecordType;
  recordId?: number;
  limit: number;
  cursor?: string;
}

/** A recurring master: its later occurrences may overlap any range, so only its first start bounds it. */
const recurring: WhereOptions = { [Op.or]: [{ rrule: { [Op.ne]: null } }, { rdates: { [Op.notIn]: ['[]'] } }] };

/**
 * Events overlapping [from, to): starting before `to` and ending at or after `from` (a zero-length event at
 * `from` counts). Recurring masters that start before `to` are included whole; expanding them into occurrences
 * is the CalDAV layer's job (RFC 4791 §9.9 time-range on expanded instances).
 */
export function rangeWhere(from: Date | undefined, to: Date | undefined): WhereOptions[] {
  const where: WhereOptions[] = [];
  if (to) where.push({ startsAt: { [Op.lt]: to } });
  if (from) where.push({ [Op.or]: [{ endsAt: { [Op.gte]: from } }, recurring] });
  return where;
}

const byStart: SortSpec = { field: 'startsAt', direction: 'asc' };

export async function listEvents(
  actor: Actor,
  query: EventListQuery,
): Promise<{ items: EventDto[]; nextCursor: string | null }> {
  const where: WhereOptions[] = [eventScope(actor), afterCursor(query.cursor, byStart)];
  if (query.calendarId) {
    await findWritableCalendar(actor, query.calendarId);
    where.push({ calendarId: query.calendarId });
  }
  if (query.recordType) where.push({ recordType: query.recordType, recordId: query.recordId });
  where.push(...rangeWhere(query.from ? toInstant(query.from) : undefined, query.to ? toInstant(query.to) : undefined));
  const rows = await CalendarEvent.findAll({
    where: { [Op.and]: where },
    order: orderFor(byStart),
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit, byStart, (event) => event.startsAt);
  return { items: await eventDtos(actor, page.items), nextCursor: page.nextCursor };
}
