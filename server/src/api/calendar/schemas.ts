import { z } from 'zod';
import { normalizeEmail } from '@akte/core';
import { checkRrule } from '../../domain/calendar/rrule';
import { isKnownTimeZone } from '../../domain/calendar/timezone';
import { pageQuery } from '../../domain/pagination';
import { recordType } from '../history/schemas';

const id = z.number().int().positive();
const queryId = z.coerce.number().int().positive();
const text = (max: number) => z.string().trim().max(max).nullable().optional();
const timezone = z.string().trim().max(64).refine(isKnownTimeZone, 'Unknown IANA time zone (e.g. Europe/Berlin)');
const color = z.string().regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/, 'Expected a hex color like #3366ff');
/** An ISO date (all-day) or date-time with offset; which one is allowed depends on allDay (domain/calendar/event-times.ts). */
const when = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: 'Expected an ISO date-time with offset or a date',
});

const rrule = z
  .string()
  .trim()
  .max(1000)
  .superRefine((value, ctx) => {
    for (const message of checkRrule(value).errors) ctx.addIssue({ code: 'custom', message });
  });

// ---- calendars

const calendarFields = {
  name: z.string().trim().min(1).max(200),
  color: color.nullable().optional(),
  description: text(10_000),
  timezone: timezone.nullable().optional(),
};

export const calendarCreateBody = z
  .strictObject({ ...calendarFields, ownerUserId: id.optional(), teamId: id.optional() })
  .refine((v) => !(v.ownerUserId && v.teamId), {
    message: 'A calendar belongs to a user or a team, not both',
    path: ['teamId'],
  });
export const calendarPatchBody = z
  .strictObject({ ...calendarFields, name: calendarFields.name.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change: send at least one field' });
export const calendarListQuery = z.strictObject({ ...pageQuery });

export const calendarOut = z.object({
  id: z.number(),
  name: z.string(),
  ownerUserId: z.number().nullable(),
  teamId: z.number().nullable(),
  color: z.string().nullable(),
  description: z.string().nullable(),
  timezone: z.string().nullable(),
  components: z
    .array(z.string())
    .describe("What the calendar holds: ['VEVENT'], or ['VTODO'] for a task list created by a phone (no CRM events)"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const calendarPageOut = z.object({ items: z.array(calendarOut), nextCursor: z.string().nullable() });

// ---- events

const attendeeStatus = z.enum(['needs-action', 'accepted', 'declined', 'tentative']);
const attendee = z
  .strictObject({
    userId: id.optional(),
    partnerId: id.optional(),
    email: z
      .string()
      .trim()
      .max(254)
      .refine((v) => normalizeEmail(v) !== '', 'Not an e-mail address')
      .optional(),
    name: text(255),
    status: attendeeStatus.optional(),
  })
  .refine((a) => a.userId || a.partnerId || a.email, { message: 'An attendee needs a userId, partnerId or email' });

const eventFields = {
  calendarId: id,
  title: z.string().trim().min(1).max(255),
  startsAt: when,
  endsAt: when,
  allDay: z.boolean().optional(),
  timezone: timezone.nullable().optional(),
  rrule: rrule.nullable().optional(),
  rdates: z.array(when).max(1000).optional(),
  exdates: z.array(when).max(1000).optional(),
  location: text(500),
  description: text(100_000),
  organizerUserId: id.nullable().optional(),
  privacy: z.enum(['public', 'private', 'confidential']).optional(),
  recordType: recordType.nullable().optional(),
  recordId: id.nullable().optional(),
  attendees: z.array(attendee).max(500).optional(),
};

type LinkShape = { recordType?: unknown; recordId?: unknown };
const linkPaired = (value: LinkShape) => (value.recordType == null) === (value.recordId == null);
const linkMessage = { message: 'recordType and recordId must be given together', path: ['recordId'] };

export const eventCreateBody = z
  .strictObject({
    ...eventFields,
    uid: z.string().trim().min(1).max(255).optional(),
    recurrenceId: when.optional(),
  })
  .refine(linkPaired, linkMessage)
  .refine((v) => !(v.recurrenceId && v.rrule), {
    message: 'An overridden occurrence cannot have its own RRULE',
    path: ['rrule'],
  });
export const eventPatchBody = z
  .strictObject({
    ...eventFields,
    calendarId: id.optional(),
    title: eventFields.title.optional(),
    startsAt: when.optional(),
    endsAt: when.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change: send at least one field' })
  .refine(linkPaired, linkMessage);

export const eventListQuery = z
  .strictObject({
    calendarId: queryId.optional(),
    from: when.optional(),
    to: when.optional(),
    recordType: recordType.optional(),
    recordId: queryId.optional(),
    ...pageQuery,
  })
  .refine((q) => (q.recordType === undefined) === (q.recordId === undefined), linkMessage);

export const eventOut = z.object({
  id: z.number(),
  calendarId: z.number(),
  uid: z.string(),
  recurrenceId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  allDay: z.boolean(),
  timezone: z.string().nullable(),
  rrule: z.string().nullable(),
  rdates: z.array(z.string()),
  exdates: z.array(z.string()),
  location: z.string().nullable(),
  description: z.string().nullable(),
  organizerUserId: z.number().nullable(),
  privacy: z.enum(['public', 'private', 'confidential']),
  recordType: recordType.nullable(),
  recordId: z.number().nullable(),
  partnerId: z.number().nullable(),
  createdById: z.number().nullable(),
  attendees: z.array(
    z.object({
      userId: z.number().nullable(),
      partnerId: z.number().nullable(),
      email: z.string().nullable(),
      name: z.string().nullable(),
      status: attendeeStatus,
    }),
  ),
  busy: z.boolean(),
  revision: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const eventPageOut = z.object({ items: z.array(eventOut), nextCursor: z.string().nullable() });
