import { z } from 'zod';

/** The change-tracking collections of domain/changes/collections.ts that the REST feed serves. */
export const COLLECTION_PATTERN = /^(partners|activities|documents|tasks:user:[1-9]\d{0,9}|calendar:[1-9]\d{0,9})$/;

export const changesQuery = z.strictObject({
  collection: z
    .string()
    .regex(
      COLLECTION_PATTERN,
      'Expected partners, activities, documents, tasks:user:<userId> or calendar:<calendarId>',
    ),
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const changesOut = z.object({
  changes: z.array(
    z.object({
      revision: z.number(),
      entity: z.string(),
      entityId: z.number(),
      uid: z.string().nullable(),
      deleted: z.boolean(),
    }),
  ),
  nextRevision: z.number().describe('Pass as `since` next time'),
  truncated: z.boolean().describe('More changes follow: ask again from nextRevision'),
});
