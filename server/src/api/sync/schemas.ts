import { z } from 'zod';

const id = z.number().int().positive();
const direction = z.enum(['two-way', 'to-crm', 'from-crm']);
const kind = z.enum(['contacts', 'events', 'tasks']);
const side = z.enum(['remote', 'crm']);
/** Which partners an address book holds (server/src/sync/crm/contact-scope.ts). */
const scope = z.enum(['all', 'mine', 'tag']);

export const accountCreateBody = z.strictObject({
  provider: z.string().trim().min(1).max(32),
  serverUrl: z.url({ protocol: /^https?$/, error: 'Expected an http(s) URL' }).max(500),
  username: z.string().min(1).max(255),
  password: z.string().min(1).max(1000),
});

/** An account as its owner sees it: never its password. */
export const accountOut = z.object({
  id,
  provider: z.string(),
  serverUrl: z.string(),
  username: z.string(),
  status: z.string(),
  createdAt: z.string(),
});
export const accountList = z.object({ items: z.array(accountOut) });

const sideCounts = z.object({ created: z.number(), updated: z.number(), deleted: z.number() });
export const collectionStatusOut = z.object({
  id,
  href: z.string(),
  displayName: z.string().nullable(),
  kind: z.string(),
  direction: z.string(),
  phase: z.string(),
  status: z.string(),
  lastError: z.string().nullable(),
  failureCount: z.number(),
  running: z.boolean(),
  lastRunAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  lastRun: z
    .object({
      remote: sideCounts,
      crm: sideCounts,
      conflicts: z.number(),
      review: z.number(),
      errors: z.array(z.string()),
    })
    .nullable(),
  scope: scope.nullable(),
  tagId: id.nullable(),
  pendingDeletions: z.object({ side, deletions: z.number() }).nullable(),
  confirmed: z.object({ side: side.nullable(), deletions: z.number() }),
});
export const accountStatusOut = z.object({ account: accountOut, collections: z.array(collectionStatusOut) });

export const remoteCollectionsOut = z.object({
  items: z.array(
    z.object({
      href: z.string(),
      kind,
      displayName: z.string(),
      isDefault: z.boolean().optional(),
      /** The chosen direction, or null when the collection is not synced. */
      direction: direction.nullable(),
    }),
  ),
});

export const collectionsPutBody = z.strictObject({
  collections: z
    .array(
      z.strictObject({
        href: z.string().min(1).max(500),
        kind,
        direction: direction.default('two-way'),
        displayName: z.string().max(255).nullable().optional(),
        /** Contacts only: all (default), mine (the owner is the salesperson), tag (with tagId). */
        scope: scope.optional(),
        tagId: id.optional(),
      }),
    )
    .max(50),
});
export const collectionsOut = z.object({ items: z.array(collectionStatusOut) });

/** The number the collection's status showed as pendingDeletions: confirming another number is refused (409). */
export const confirmDeletionsBody = z.strictObject({ deletions: z.number().int().positive() });

export const runQuery = z.strictObject({
  wait: z.enum(['true', 'false']).default('false'),
});
export const runOut = z.object({ queued: z.boolean(), collections: z.array(collectionStatusOut) });

export const conflictsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
const value = z.unknown();
export const conflictsOut = z.object({
  items: z.array(
    z.object({
      id,
      collectionId: id,
      crmId: z.string(),
      field: z.string(),
      base: value,
      crm: value,
      remote: value,
      winner: z.string(),
      at: z.string(),
    }),
  ),
});

export const reviewsOut = z.object({
  items: z.array(
    z.object({
      id,
      collectionId: id,
      href: z.string(),
      uid: z.string().nullable(),
      reason: z.string(),
      candidates: z.array(z.string()),
      createdAt: z.string(),
    }),
  ),
});

export const resolveBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('link'), crmId: z.string().min(1).max(100) }),
  z.strictObject({ action: z.literal('create') }),
]);
export const resolveOut = z.object({ crmId: z.string() });
