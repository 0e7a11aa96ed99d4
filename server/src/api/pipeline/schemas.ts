import { z } from 'zod';

const id = z.number().int().positive();
const timestamps = { createdAt: z.string(), updatedAt: z.string() };
const atLeastOneField = (value: object) => Object.keys(value).length > 0;
const nothingToChange = { message: 'Nothing to change: send at least one field' };

export const stageCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  sequence: z.number().int().min(0).max(1_000_000).optional(),
  probability: z.number().min(0).max(100).optional(),
  folded: z.boolean().optional(),
  isWon: z.boolean().optional(),
  teamId: id.nullable().optional(),
});
export const stagePatchBody = stageCreateBody.partial().refine(atLeastOneField, nothingToChange);
export const stageListQuery = z.strictObject({ teamId: z.coerce.number().int().positive().optional() });
export const stageOut = z.object({
  id,
  name: z.string(),
  sequence: z.number().int(),
  probability: z.number(),
  folded: z.boolean(),
  isWon: z.boolean(),
  teamId: id.nullable(),
  ...timestamps,
});

export const lostReasonCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  active: z.boolean().optional(),
});
export const lostReasonPatchBody = lostReasonCreateBody.partial().refine(atLeastOneField, nothingToChange);
export const lostReasonListQuery = z.strictObject({ active: z.enum(['true', 'false']).optional() });
export const lostReasonOut = z.object({ id, name: z.string(), active: z.boolean(), ...timestamps });

const color = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'Expected a hex colour like #1a2b3c');
export const tagCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  color: color.nullable().optional(),
});
export const tagPatchBody = tagCreateBody.partial().refine(atLeastOneField, nothingToChange);
export const tagListQuery = z.strictObject({ q: z.string().trim().min(1).max(100).optional() });
export const tagOut = z.object({ id, name: z.string(), color: z.string().nullable(), ...timestamps });

/** Configuration lists are short and returned whole; `nextCursor` keeps the common list shape. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.null() });
