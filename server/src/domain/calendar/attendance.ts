import { Op } from 'sequelize';
import type { DomainContext } from '../context';
import { ForbiddenError, ValidationError } from '../errors';
import { trackEventChange } from './event-changes';
import { findVisibleEvent } from './events';
import { EventAttendee, type AttendeeStatus, type CalendarEvent } from './model';

const ATTENDEE_STATUSES: readonly AttendeeStatus[] = ['needs-action', 'accepted', 'declined', 'tentative'];

/**
 * An attendee answers an invitation: their own participation status on one event (a master or one overridden
 * occurrence), and nothing else. This is what an attendee may do to a meeting they cannot edit — a colleague's
 * meeting in a calendar they can only read: RFC 5546 §3.2.3 (REPLY) carries only the replying attendee's PARTSTAT,
 * and RFC 6638 §3.2.2.1 lets an attendee's client change only its own ATTENDEE property in the organizer's copy.
 * Everything else of the event stays the organizer's. The answer is a change of the event (change log, revision),
 * so the organizer's CalDAV clients and every sync that links the meeting see it.
 */
export async function answerInvitation(
  ctx: DomainContext,
  eventId: number,
  status: AttendeeStatus,
): Promise<CalendarEvent> {
  if (!ATTENDEE_STATUSES.includes(status))
    throw new ValidationError(`Invalid request body: status: expected one of ${ATTENDEE_STATUSES.join(', ')}`, {
      status: [`Expected one of ${ATTENDEE_STATUSES.join(', ')}`],
    });
  const event = await findVisibleEvent(ctx.actor, eventId, ctx.tx);
  // The actor's own row, or an invitation sent to their address only (no user linked yet). A row linked to another
  // user is never theirs, whatever address it carries: answering it would change a colleague's participation.
  const rows = await EventAttendee.findAll({
    where: {
      eventId,
      [Op.or]: [{ userId: ctx.actor.userId }, { userId: null, email: ctx.actor.email.trim().toLowerCase() }],
    },
    order: [['id', 'ASC']],
    transaction: ctx.tx,
  });
  const attendee = rows.find((a) => a.userId === ctx.actor.userId) ?? rows[0];
  if (!attendee) throw new ForbiddenError('Only an attendee of the event can answer its invitation', 'not_an_attendee');
  if (attendee.status === status && attendee.userId === ctx.actor.userId) return event;
  // An invitation sent to the address only is the actor's once they answer it.
  await attendee.update({ status, userId: ctx.actor.userId }, { transaction: ctx.tx });
  await trackEventChange(ctx, event, null);
  return event;
}
