import { z } from 'zod';
import { ACTIVITY_STATES } from '../../domain/activities/state';
import { pageQuery } from '../../domain/pagination';
import { recordType } from '../history/schemas';

const id = z.number().int().positive();
const queryId = z.coerce.number().int().positive();
const kind = z.enum(['call', 'meeting', 'task', 'email']);
const status = z.enum(['open', 'done', 'cancelled']);
const text = (max: number) => z.string().trim().max(max).nullable().optional();

const activityFields = {
  kind,
  summary: z.string().trim().min(1).max(255),
  note: text(100_000),
  dueDate: z.iso.date().nullable().optional(),
  dueTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM (00:00-23:59)')
    .nullable()
    .optional(),
  assignedUserId: id.nullable().optional(),
  recordType: recordType.nullable().optional(),
  recordId: id.nullable().optional(),
  callDirection: z.enum(['inbound', 'outbound']).nullable().optional(),
  callDurationSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400 * 7)
    .nullable()
    .optional(),
  callOutcome: text(255),
};

type LinkShape = { recordType?: unknown; recordId?: unknown };
/** recordType and recordId come together: both set (a link), both null (unlink) or both absent (unchanged). */
const linkPaired = (value: LinkShape) => (value.recordType == null) === (value.recordId == null);
const linkMessage = { message: 'recordType and recordId must be given together', path: ['recordId'] };

export const activityCreateBody = z.strictObject(activityFields).refine(linkPaired, linkMessage);
export const activityPatchBody = z
  .strictObject({ ...activityFields, kind: kind.optional(), summary: activityFields.summary.optional() })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change: send at least one field' })
  .refine(linkPaired, linkMessage);

export const activityListQuery = z
  .strictObject({
    assignedUserId: queryId.optional(),
    teamId: queryId.optional().describe('Assigned to a member of this team'),
    state: z.enum(ACTIVITY_STATES as [string, ...string[]]).optional(),
    status: status.optional(),
    kind: kind.optional(),
    recordType: recordType.optional(),
    recordId: queryId.optional(),
    dueFrom: z.iso.date().optional(),
    dueTo: z.iso.date().optional(),
    ...pageQuery,
  })
  .refine((q) => (q.recordType === undefined) === (q.recordId === undefined), linkMessage);

export const emptyBody = z.strictObject({});

export const activityOut = z.object({
  id: z.number(),
  uid: z.string(),
  kind,
  summary: z.string(),
  note: z.string().nullable(),
  dueDate: z.string().nullable(),
  dueTime: z.string().nullable(),
  assignedUserId: z.number().nullable(),
  createdById: z.number().nullable(),
  recordType: recordType.nullable(),
  recordId: z.number().nullable(),
  partnerId: z.number().nullable(),
  status,
  state: z.enum(ACTIVITY_STATES as [string, ...string[]]),
  doneAt: z.string().nullable(),
  callDirection: z.enum(['inbound', 'outbound']).nullable(),
  callDurationSeconds: z.number().nullable(),
  callOutcome: z.string().nullable(),
  revision: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const activityPageOut = z.object({ items: z.array(activityOut), nextCursor: z.string().nullable() });
