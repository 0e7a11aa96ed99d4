import { z } from 'zod';
import { timelineKinds } from '../../domain/partners/timeline';
import { partnerCategories } from './schemas';

/** Response shapes of the partner routes, for the OpenAPI document. */
const id = z.number().int().positive();

export const partnerOut = z.object({
  id,
  uid: z.string(),
  name: z.string(),
  isCompany: z.boolean(),
  companyId: id.nullable(),
  category: z.enum(partnerCategories),
  jobTitle: z.string().nullable(),
  website: z.string().nullable(),
  emails: z.array(z.object({ email: z.string(), type: z.string() })),
  phones: z.array(z.object({ number: z.string(), type: z.string() })),
  addresses: z.array(
    z.object({
      type: z.string(),
      street: z.string().nullable(),
      street2: z.string().nullable(),
      zip: z.string().nullable(),
      city: z.string().nullable(),
      region: z.string().nullable(),
      country: z.string().nullable(),
    }),
  ),
  tagIds: z.array(id),
  salespersonId: id.nullable(),
  createdById: id.nullable(),
  sourceCategory: z.string().nullable(),
  sourceDetail: z.string().nullable(),
  referredById: id.nullable(),
  metAtEvent: z.string().nullable(),
  callbackAt: z.string().nullable(),
  contactFrequencyDays: z.number().int().nullable(),
  lastContactAt: z.string().nullable(),
  contactCount: z.number().int(),
  notes: z.string().nullable(),
  birthday: z.string().nullable(),
  archived: z.boolean(),
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const partnerDetailOut = partnerOut.extend({
  company: z.object({ id, name: z.string() }).nullable(),
});

export const partnerPageOut = z.object({ items: z.array(partnerOut), nextCursor: z.string().nullable() });

export const partnerGroupsOut = z.array(
  z.object({
    key: z.union([z.string(), z.number(), z.boolean()]).nullable(),
    label: z.string().nullable(),
    count: z.number().int(),
  }),
);

export const searchHitsOut = z.object({
  items: z.array(
    z.object({
      id,
      name: z.string(),
      isCompany: z.boolean(),
      matched: z.enum(['name', 'email', 'phone']),
      value: z.string(),
      company: z.object({ id, name: z.string() }).nullable(),
    }),
  ),
});

export const callSuggestionsOut = z.object({
  items: z.array(
    z.object({
      partner: partnerOut,
      reason: z.enum(['callback_overdue', 'callback_today', 'contact_due', 'never_contacted']),
      detail: z.string(),
      callbackAt: z.string().nullable(),
    }),
  ),
});

export const historyPageOut = z.object({
  items: z.array(
    z
      .object({ kind: z.enum(timelineKinds), at: z.string(), id: z.number().int(), summary: z.string() })
      .catchall(z.unknown()),
  ),
  nextCursor: z.string().nullable(),
});

export const mergeOut = z.object({
  partner: partnerDetailOut,
  moved: z.record(z.string(), z.number().int()),
});
