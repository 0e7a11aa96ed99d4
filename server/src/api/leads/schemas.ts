import { z } from 'zod';
import { normalizeEmail } from '@akte/core';
import { leadGroupings } from '../../domain/leads/grouped';
import { leadSortFields } from '../../domain/leads/list';
import { pageQuery } from '../../domain/pagination';

const id = z.number().int().positive();
const queryId = z.coerce.number().int().positive();
const text = (max: number) => z.string().trim().max(max).nullable().optional();
const currencies = new Set(Intl.supportedValuesOf('currency'));

const leadType = z.enum(['lead', 'opportunity']);
const leadState = z.enum(['open', 'won', 'lost']);

const leadFields = {
  type: leadType.optional(),
  name: z.string().trim().min(1).max(255),
  partnerId: id.nullable().optional(),
  contactName: text(255),
  companyName: text(255),
  emailFrom: z
    .string()
    .trim()
    .max(254)
    .refine((v) => v === '' || normalizeEmail(v) !== '', 'Not an e-mail address')
    .nullable()
    .optional(),
  phone: text(64),
  expectedRevenue: z.number().min(0).max(9_999_999_999_999).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code like EUR')
    .refine((c) => currencies.has(c), 'Unknown ISO 4217 currency code')
    .optional(),
  probability: z.number().min(0).max(100).optional(),
  probabilityManual: z.boolean().optional(),
  stageId: id.nullable().optional(),
  priority: z.number().int().min(0).max(3).optional(),
  expectedClosing: z.iso.date().nullable().optional(),
  salespersonId: id.nullable().optional(),
  teamId: id.nullable().optional(),
  campaign: text(120),
  medium: text(120),
  source: text(120),
  referredBy: text(255),
  description: text(100_000),
  tagIds: z.array(id).max(100).optional(),
};

export const leadCreateBody = z.strictObject(leadFields);
export const leadPatchBody = z
  .strictObject({ ...leadFields, name: leadFields.name.optional() })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change: send at least one field' });

const filterQuery = {
  type: leadType.optional(),
  stageId: queryId.optional(),
  state: leadState.optional(),
  salespersonId: queryId.optional(),
  teamId: queryId.optional(),
  partnerId: queryId.optional(),
  tag: queryId.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  closingFrom: z.iso.date().optional().describe('Expected closing on or after this day'),
  closingTo: z.iso.date().optional().describe('Expected closing on or before this day'),
  active: z.enum(['true', 'false', 'all']).default('true'),
};

export const leadListQuery = z.strictObject({
  ...filterQuery,
  sort: z.enum(leadSortFields).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  ...pageQuery,
});

export const leadGroupedQuery = z.strictObject({ by: z.enum(leadGroupings), ...filterQuery });

export const convertBody = z.strictObject({
  partner: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('auto') }),
      z.strictObject({ mode: z.literal('existing'), partnerId: id }),
      z.strictObject({ mode: z.literal('new') }),
      z.strictObject({ mode: z.literal('none') }),
    ])
    .default({ mode: 'auto' }),
});

export const lostBody = z.strictObject({ lostReasonId: id, note: z.string().trim().max(2000).optional() });
export const emptyBody = z.strictObject({});

export const leadOut = z.object({
  id,
  type: leadType,
  name: z.string(),
  partnerId: id.nullable(),
  contactName: z.string().nullable(),
  companyName: z.string().nullable(),
  emailFrom: z.string().nullable(),
  phone: z.string().nullable(),
  expectedRevenue: z.number(),
  currency: z.string(),
  probability: z.number(),
  probabilityManual: z.boolean(),
  stageId: id.nullable(),
  priority: z.number().int(),
  expectedClosing: z.string().nullable(),
  salespersonId: id.nullable(),
  teamId: id.nullable(),
  createdById: id.nullable(),
  campaign: z.string().nullable(),
  medium: z.string().nullable(),
  source: z.string().nullable(),
  referredBy: z.string().nullable(),
  description: z.string().nullable(),
  lostReasonId: id.nullable(),
  state: leadState,
  active: z.boolean(),
  tagIds: z.array(id),
  dateConverted: z.string().nullable(),
  dateClosed: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const leadPageOut = z.object({ items: z.array(leadOut), nextCursor: z.string().nullable() });

export const leadGroupOut = z.object({
  key: z.union([z.number(), z.string()]).nullable(),
  label: z.string().nullable(),
  count: z.number().int(),
  expectedRevenue: z.number(),
  weightedRevenue: z.number(),
  folded: z.boolean().optional(),
});
export const leadGroupsOut = z.array(leadGroupOut);

export const convertOut = z.object({
  lead: leadOut,
  partner: z.object({
    id: id.nullable(),
    by: z.enum(['email', 'phone', 'name', 'chosen', 'already_linked', 'created', 'none']),
  }),
});
