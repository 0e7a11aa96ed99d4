import { z } from 'zod';
import { pageQuery } from '../../domain/pagination';

const id = z.number().int().positive();

export const tokenOut = z.object({
  id,
  userId: id,
  name: z.string(),
  /** The first characters of the secret, so its owner can tell tokens apart. */
  tokenPrefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const tokenListQuery = z.strictObject({
  userId: z.coerce.number().int().positive().optional(),
  ...pageQuery,
});
export const tokenList = z.object({ items: z.array(tokenOut), nextCursor: z.string().nullable() });

export const tokenCreateBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
export const tokenCreated = z.object({
  token: tokenOut,
  /** The full secret: shown once, never again (only its hash is stored). */
  secret: z.string(),
});
