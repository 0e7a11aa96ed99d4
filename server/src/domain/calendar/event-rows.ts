import type { Transaction } from 'sequelize';
import { dateOf, placeholders, sqlOf } from '../../db/sql';
import { CalendarEvent } from './model';

/**
 * Events read with a plain statement (db/sql.ts) and turned into model instances without Sequelize's query
 * pipeline: CalDAV renders every series it serves from these rows. The instances behave as if read by Sequelize
 * (JSON columns parsed by the model's getters, dates as Date).
 */
const EVENT_COLUMNS = `e.id AS id, e.calendar_id AS calendarId, e.uid AS uid, e.recurrence_id AS recurrenceId,
  e.title AS title, e.starts_at AS startsAt, e.ends_at AS endsAt, e.all_day AS allDay, e.timezone AS timezone,
  e.rrule AS rrule, e.rdates AS rdates, e.exdates AS exdates, e.location AS location, e.description AS description,
  e.organizer_user_id AS organizerUserId, e.privacy AS privacy, e.record_type AS recordType, e.record_id AS recordId,
  e.partner_id AS partnerId, e.created_by_id AS createdById, e.revision AS revision, e.created_at AS createdAt,
  e.updated_at AS updatedAt`;

type DateColumn = 'startsAt' | 'endsAt' | 'createdAt' | 'updatedAt';
type EventRow = Record<string, unknown> & Record<DateColumn, string | Date> & { allDay: number | boolean };

function eventFromRow(row: EventRow): CalendarEvent {
  return CalendarEvent.build(
    {
      ...row,
      allDay: Boolean(row.allDay),
      revision: Number(row.revision),
      startsAt: dateOf(row.startsAt)!,
      endsAt: dateOf(row.endsAt)!,
      createdAt: dateOf(row.createdAt)!,
      updatedAt: dateOf(row.updatedAt)!,
    } as never,
    { isNewRecord: false, raw: true },
  );
}

/** The events of these series (UIDs) in one calendar, masters before their overrides. */
export async function eventsOfSeries(calendarId: number, uids: string[], tx?: Transaction): Promise<CalendarEvent[]> {
  if (!uids.length) return [];
  const rows = await sqlOf(CalendarEvent.sequelize!, tx).all<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.calendar_id = ? AND e.uid IN (${placeholders(uids.length)})
      ORDER BY e.recurrence_id, e.id`,
    [calendarId, ...uids],
  );
  return rows.map(eventFromRow);
}
