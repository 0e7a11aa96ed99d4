import { z } from 'zod';
import { pageQuery } from '../../domain/pagination';

const id = z.number().int().positive();
const atLeastOneField = (value: object) => Object.keys(value).length > 0;
const nothingToChange = { message: 'Nothing to change: send at least one field' };

export const role = z.enum(['own', 'all', 'admin']);
export const locale = z.enum(['de', 'en']);
/** At least 10 characters: long enough to resist online guessing behind the login throttle. */
export const password = z.string().min(10, 'Passwords need at least 10 characters').max(200);

export const userOut = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role,
  locale: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const userListQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  ...pageQuery,
});
export const userList = z.object({ items: z.array(userOut), nextCursor: z.string().nullable() });

export const userCreateBody = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  role,
  locale: locale.optional(),
  password: password.optional(),
});

export const userPatchBody = z
  .strictObject({
    email: z.email().max(254).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    role: role.optional(),
    locale: locale.optional(),
    active: z.boolean().optional(),
    password: password.optional(),
    currentPassword: z.string().min(1).max(200).optional(),
  })
  .refine(atLeastOneField, nothingToChange);

export const teamOut = z.object({
  id,
  name: z.string(),
  leaderId: id.nullable(),
  memberIds: z.array(id),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const teamList = z.object({ items: z.array(teamOut), nextCursor: z.null() });

export const teamCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  leaderId: id.nullable().optional(),
  memberIds: z.array(id).max(1000).optional(),
});
export const teamPatchBody = teamCreateBody.partial().refine(atLeastOneField, nothingToChange);
