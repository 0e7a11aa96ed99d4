import { z } from 'zod';
import { normalizeEmail, phoneMatchKey } from '@akte/core';
import { partnerGroupings, partnerSortFields } from '../../domain/partners/list';
import { mergeChoices } from '../../domain/partners/merge-plan';
import { pageQuery } from '../../domain/pagination';
import type { PartnerInput, PartnerPatch } from '../../domain/partners/input';

const id = z.number().int().positive();
const queryId = z.coerce.number().int().positive();
const text = (max: number) => z.string().trim().max(max).nullable().optional();

export const partnerCategories = ['customer', 'prospect'] as const;
const category = z.enum(partnerCategories);

const emailItem = z.strictObject({
  email: z
    .string()
    .trim()
    .max(254)
    .refine((v) => normalizeEmail(v) !== '', 'Not an e-mail address'),
  type: z.enum(['work', 'home', 'other']).default('work'),
});

const phoneItem = z.strictObject({
  number: z
    .string()
    .trim()
    .max(64)
    .refine((v) => phoneMatchKey(v) !== '', 'Not a phone number (needs at least 4 digits)'),
  type: z.enum(['work', 'home', 'mobile', 'fax', 'other']).default('work'),
});

const addressItem = z.strictObject({
  type: z.enum(['work', 'home', 'billing', 'delivery', 'other']).default('work'),
  street: text(255),
  street2: text(255),
  zip: text(32),
  city: text(120),
  region: text(120),
  country: text(120),
});

const partnerFields = {
  name: z.string().trim().min(1).max(255),
  isCompany: z.boolean().optional(),
  companyId: id.nullable().optional(),
  category: category.optional(),
  jobTitle: text(200),
  website: text(500),
  emails: z.array(emailItem).max(50).optional(),
  phones: z.array(phoneItem).max(50).optional(),
  addresses: z.array(addressItem).max(20).optional(),
  tagIds: z.array(id).max(100).optional(),
  salespersonId: id.nullable().optional(),
  sourceCategory: text(100),
  sourceDetail: text(255),
  referredById: id.nullable().optional(),
  metAtEvent: text(255),
  callbackAt: z.iso.datetime({ offset: true }).nullable().optional(),
  contactFrequencyDays: z.number().int().min(1).max(3650).nullable().optional(),
  notes: text(100_000),
  birthday: z.iso.date().nullable().optional(),
};

export const partnerCreateBody = z.strictObject(partnerFields);
export const partnerPatchBody = z
  .strictObject({ ...partnerFields, name: partnerFields.name.optional() })
  .refine((value) => Object.keys(value).length > 0, { message: 'Nothing to change: send at least one field' });

// What the schemas let through must fit what the domain accepts (domain/partners/input.ts): checked at compile time.
type Fits<Wide, Narrow extends Wide> = Narrow;
export type CheckedPartnerInput = Fits<PartnerInput, z.output<typeof partnerCreateBody>>;
export type CheckedPartnerPatch = Fits<PartnerPatch, z.output<typeof partnerPatchBody>>;

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

const filterQuery = {
  q: z.string().trim().min(1).max(200).optional(),
  email: z.string().trim().min(1).max(254).optional(),
  phone: z.string().trim().min(1).max(64).optional(),
  category: category.optional(),
  isCompany: booleanFlag.optional(),
  companyId: queryId.optional(),
  salespersonId: queryId.optional(),
  tag: queryId.optional(),
  archived: z.enum(['true', 'false', 'all']).default('false'),
};

export const partnerListQuery = z.strictObject({
  ...filterQuery,
  sort: z.enum(partnerSortFields).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  ...pageQuery,
});

export const partnerGroupedQuery = z.strictObject({ by: z.enum(partnerGroupings), ...filterQuery });

export const partnerSearchQuery = z.strictObject({
  q: z.string().trim().min(2).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const partnerHistoryQuery = z.strictObject({ ...pageQuery });

export const callSuggestionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const mergeBody = z.strictObject({
  duplicateId: id,
  take: z
    .array(z.enum(mergeChoices))
    .max(mergeChoices.length)
    .optional()
    .describe('Fields whose value comes from the duplicate instead of the kept partner (chosen side by side)'),
});

export const logContactBody = z.strictObject({
  // The small-business CRM's contact kinds (call, visit, letter) plus the electronic ones.
  channel: z.enum(['call', 'visit', 'letter', 'email', 'meeting', 'message', 'other']),
  note: z.string().trim().max(2000).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

export const emptyBody = z.strictObject({});
