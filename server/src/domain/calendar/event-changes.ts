import { collections } from '../changes/collections';
import { recordChange } from '../changes/service';
import { sqlIn } from '../../db/sql';
import type { DomainContext } from '../context';
import type { CalendarEvent } from './model';

/** The change-log reference of an event in its calendar's collection. */
export const refOf = (calendarId: number, event: Pick<CalendarEvent, 'id' | 'uid'>) => ({
  collection: collections.calendar(calendarId),
  entity: 'event' as const,
  entityId: event.id,
  uid: event.uid,
});

/**
 * Records a new or changed event in its calendar's collection and stores the revision on it. An event that moved
 * leaves a tombstone in the calendar it left (RFC 6578: the old collection reports it as removed).
 */
export async function trackEventChange(
  ctx: DomainContext,
  event: CalendarEvent,
  previousCalendarId: number | null,
): Promise<void> {
  if (previousCalendarId !== null && previousCalendarId !== event.calendarId) {
    await recordChange(ctx.sequelize, ctx.tx, [refOf(previousCalendarId, event)], true);
  }
  const revision = await recordChange(ctx.sequelize, ctx.tx, [refOf(event.calendarId, event)]);
  // Bookkeeping, not an edit: no updated_at, and a plain statement (this runs on every event write).
  await sqlIn(ctx.tx).run('UPDATE events SET revision = ? WHERE id = ?', [revision, event.id]);
  event.setDataValue('revision', revision);
  event.changed('revision', false);
}

export async function trackEventDeletion(ctx: DomainContext, event: CalendarEvent): Promise<void> {
  await recordChange(ctx.sequelize, ctx.tx, [refOf(event.calendarId, event)], true);
}
