import { Op } from 'sequelize';
import type { Actor } from '../../access/actor';
import { Calendar, CalendarEvent, EventAttendee } from '../calendar/model';
import { seesEventDetails } from '../calendar/event-privacy';
import { boundWhere, HistoryItem, onPartnerOrLeads, Source } from './history-sources';

/** Calendar events of a partner's total history: linked to it or its leads, or attended by it. */
export async function events(source: Source): Promise<HistoryItem[]> {
  const attending = {
    id: {
      [Op.in]: CalendarEvent.sequelize!.literal(
        // Ids from the database, integers: safe to inline.
        `(SELECT event_id FROM event_attendees WHERE partner_id IN (${source.partnerIds.map(Number).join(',')}))`,
      ),
    },
  };
  const rows = await CalendarEvent.findAll({
    where: {
      [Op.and]: [
        { [Op.or]: [{ partnerId: { [Op.in]: source.partnerIds } }, attending, ...onPartnerOrLeads(source)] },
        boundWhere('startsAt', source.bound),
      ],
    },
    order: [
      ['startsAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: source.limit,
  });
  const hidden = await hiddenEvents(source.actor, rows);
  return rows.map((e) => ({
    kind: 'event',
    at: new Date(e.startsAt),
    id: e.id,
    // A private event of someone else shows as busy time, as in the calendar itself.
    summary: hidden.has(e.id) ? 'Busy' : e.title,
    endsAt: new Date(e.endsAt).toISOString(),
    allDay: Boolean(e.allDay),
    location: hidden.has(e.id) ? null : e.location,
    private: hidden.has(e.id),
  }));
}

async function hiddenEvents(actor: Actor, rows: CalendarEvent[]): Promise<Set<number>> {
  const restricted = rows.filter((e) => e.privacy !== 'public');
  if (!restricted.length) return new Set();
  const [calendars, attendees] = await Promise.all([
    Calendar.findAll({ where: { id: restricted.map((e) => e.calendarId) }, attributes: ['id', 'ownerUserId'] }),
    EventAttendee.findAll({ where: { eventId: restricted.map((e) => e.id), userId: actor.userId } }),
  ]);
  const owners = new Map(calendars.map((c) => [c.id, c.ownerUserId]));
  const attended = new Set(attendees.map((a) => a.eventId));
  return new Set(
    restricted
      .filter(
        (e) =>
          !seesEventDetails(actor, {
            privacy: e.privacy,
            organizerUserId: e.organizerUserId,
            createdById: e.createdById,
            calendarOwnerUserId: owners.get(e.calendarId) ?? null,
            attendeeUserIds: attended.has(e.id) ? [actor.userId] : [],
          }),
      )
      .map((e) => e.id),
  );
}
