import { Activity } from '../domain/activities/model';
import { Calendar, CalendarEvent, EventAttendee } from '../domain/calendar/model';
import { collections } from '../domain/changes/collections';
import { recordChange } from '../domain/changes/service';
import { messageIdHash } from '../domain/messages/message-id';
import { Message, MessageLink } from '../domain/messages/model';
import { DEMO_TEAMS } from './data/people';
import { DEMO_ACTIVITIES, DEMO_EVENTS, DEMO_NOTES } from './data/schedule';
import { dayFrom, DemoContext, requireRef, timeFrom } from './demo-context';
import { demoEventStart } from './event-start';

const TIMEZONE = 'Europe/Berlin';
const COLORS = ['#1976d2', '#388e3c', '#f57c00', '#7b1fa2', '#c2185b', '#0097a7', '#5d4037', '#455a64', '#afb42b'];

/** `lead:3`, `brandt` or `brandt:0` → the record it names and the partner it concerns. */
function resolveRecord(ctx: DemoContext, on: string | undefined) {
  if (!on) return { recordType: null, recordId: null, partnerId: null };
  if (on.startsWith('lead:')) {
    const lead = requireRef(ctx.leads, Number(on.slice(5)), 'lead');
    return { recordType: 'lead' as const, recordId: lead.id, partnerId: lead.partnerId };
  }
  const partner = requireRef(ctx.partners, on, 'partner');
  return { recordType: 'partner' as const, recordId: partner.id, partnerId: partner.id };
}

export async function insertActivities(ctx: DemoContext): Promise<number> {
  for (const demo of DEMO_ACTIVITIES) {
    const assignee = requireRef(ctx.users, demo.assignee, 'user');
    const activity = await Activity.create(
      {
        uid: ctx.rng.uuid(),
        kind: demo.kind,
        summary: demo.summary,
        note: demo.note ?? null,
        dueDate: dayFrom(ctx.now, demo.inDays),
        dueTime: demo.time ?? null,
        assignedUserId: assignee.id,
        createdById: assignee.id,
        ...resolveRecord(ctx, demo.on),
        status: demo.done ? 'done' : 'open',
        doneAt: demo.done ? timeFrom(ctx.now, demo.inDays, 12) : null,
        callDirection: demo.kind === 'call' && demo.done ? 'outbound' : null,
        callDurationSeconds: demo.kind === 'call' && demo.done ? ctx.rng.int(120, 1500) : null,
        callOutcome: null,
      },
      { transaction: ctx.tx },
    );
    // The same collections the activities service writes: the shared list and the assignee's task list.
    const revision = await recordChange(ctx.sequelize, ctx.tx, [
      { collection: collections.activities(), entity: 'activity', entityId: activity.id, uid: activity.uid },
      { collection: collections.tasks(assignee.id), entity: 'activity', entityId: activity.id, uid: activity.uid },
    ]);
    await activity.update({ revision }, { transaction: ctx.tx });
  }
  return DEMO_ACTIVITIES.length;
}

/**
 * A personal calendar per user of the demo (the administrator's own if it has one already) and one calendar per
 * team. Returns 'user:<key>' / 'team:<key>' → id.
 */
async function insertCalendars(ctx: DemoContext): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  let color = 0;
  for (const [key, user] of ctx.users) {
    const existing = await Calendar.findOne({
      where: { ownerUserId: user.id, teamId: null },
      attributes: ['id'],
      transaction: ctx.tx,
    });
    if (existing) {
      ids.set(`user:${key}`, existing.id);
      continue;
    }
    const calendar = await Calendar.create(
      {
        name: user.name,
        ownerUserId: user.id,
        teamId: null,
        color: COLORS[color++ % COLORS.length],
        description: null,
        timezone: TIMEZONE,
      },
      { transaction: ctx.tx },
    );
    ids.set(`user:${key}`, calendar.id);
  }
  for (const demo of DEMO_TEAMS) {
    const calendar = await Calendar.create(
      {
        name: `Team ${demo.name}`,
        ownerUserId: null,
        teamId: requireRef(ctx.teams, demo.key, 'team'),
        color: COLORS[color++ % COLORS.length],
        description: null,
        timezone: TIMEZONE,
      },
      { transaction: ctx.tx },
    );
    ids.set(`team:${demo.key}`, calendar.id);
  }
  return ids;
}

export async function insertEvents(ctx: DemoContext): Promise<{ calendars: number; events: number }> {
  const calendars = await insertCalendars(ctx);
  for (const demo of DEMO_EVENTS) {
    const organizer = requireRef(ctx.users, demo.organizer, 'user');
    const calendarId = requireRef(calendars, demo.calendar, 'calendar');
    const startsAt = demo.allDay ? timeFrom(ctx.now, demo.inDays, 0) : demoEventStart(ctx.now, demo, TIMEZONE);
    const event = await CalendarEvent.create(
      {
        calendarId,
        uid: ctx.rng.uuid(),
        title: demo.title,
        startsAt,
        endsAt: new Date(startsAt.getTime() + demo.hours * 3600 * 1000),
        allDay: demo.allDay ?? false,
        timezone: demo.allDay ? null : TIMEZONE,
        rrule: demo.rrule ?? null,
        location: demo.location ?? null,
        description: null,
        organizerUserId: organizer.id,
        ...resolveRecord(ctx, demo.on),
        createdById: organizer.id,
      },
      { transaction: ctx.tx },
    );
    const attendees = [demo.organizer, ...(demo.attendees ?? [])].map((key) => requireRef(ctx.users, key, 'user'));
    await EventAttendee.bulkCreate(
      attendees.map((user) => ({
        eventId: event.id,
        userId: user.id,
        partnerId: null,
        email: user.email,
        name: user.name,
        status: 'accepted' as const,
      })),
      { transaction: ctx.tx },
    );
    const revision = await recordChange(ctx.sequelize, ctx.tx, [
      { collection: collections.calendar(calendarId), entity: 'event', entityId: event.id, uid: event.uid },
    ]);
    await event.update({ revision }, { transaction: ctx.tx });
  }
  return { calendars: calendars.size, events: DEMO_EVENTS.length };
}

/** Internal notes, stored like the messages service stores them: a message of kind 'note' linked to its record. */
export async function insertNotes(ctx: DemoContext): Promise<number> {
  for (const demo of DEMO_NOTES) {
    const author = requireRef(ctx.users, demo.author, 'user');
    const record = resolveRecord(ctx, demo.on);
    const messageId = `<demo-note-${ctx.rng.uuid()}@akte.local>`;
    const message = await Message.create(
      {
        messageId,
        messageIdHash: messageIdHash(messageId),
        inReplyTo: null,
        referencesHeader: null,
        kind: 'note',
        direction: 'internal',
        fromAddress: author.email,
        fromName: author.name,
        sentAt: timeFrom(ctx.now, demo.inDays, 15),
        subject: null,
        bodyText: demo.text,
        bodyHtml: null,
        authorUserId: author.id,
      },
      { transaction: ctx.tx },
    );
    await MessageLink.create(
      { messageId: message.id, recordType: record.recordType!, recordId: record.recordId!, linkedById: author.id },
      { transaction: ctx.tx },
    );
  }
  return DEMO_NOTES.length;
}
