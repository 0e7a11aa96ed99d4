import type { Privacy } from './model';

export interface EventViewer {
  userId: number;
}

export interface EventInvolvement {
  privacy: Privacy;
  organizerUserId: number | null;
  createdById: number | null;
  calendarOwnerUserId: number | null;
  attendeeUserIds: readonly number[];
}

/**
 * Whether the viewer may see an event's details. A private or confidential event is shown in full only to the
 * people it concerns (organizer, creator, attendees, the owner of its calendar); everyone else who can see the
 * calendar — a colleague looking at a team calendar — gets a busy block, as CalDAV servers do for CLASS:PRIVATE
 * (RFC 5545 §3.8.1.3).
 */
export function seesEventDetails(viewer: EventViewer, event: EventInvolvement): boolean {
  if (event.privacy === 'public') return true;
  const u = viewer.userId;
  return (
    event.organizerUserId === u ||
    event.createdById === u ||
    event.calendarOwnerUserId === u ||
    event.attendeeUserIds.includes(u)
  );
}
