import { z } from 'zod';

const privacy = z.enum(['metadata', 'subject', 'full']);
const folders = z.array(z.string().trim().min(1).max(500)).max(50).nullable();

export const mailboxCreateBody = z.strictObject({
  kind: z.enum(['team', 'personal']),
  teamId: z.number().int().positive().optional(),
  address: z.email().max(254).optional(),
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean(),
  username: z.string().min(1).max(255),
  password: z.string().min(1).max(1000),
  privacy: privacy.optional(),
  folders: folders.optional(),
});

export const mailboxPatchBody = z.strictObject({
  host: z.string().trim().min(1).max(255).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  tls: z.boolean().optional(),
  username: z.string().min(1).max(255).optional(),
  password: z.string().min(1).max(1000).optional(),
  privacy: privacy.optional(),
  folders: folders.optional(),
  enabled: z.boolean().optional(),
});

const report = z.object({
  taken: z.number(),
  skipped: z.number(),
  skippedBy: z.record(z.string(), z.number()),
  errors: z.array(z.string()),
});

export const checkReportOut = report;

export const mailboxOut = z.object({
  id: z.number(),
  kind: z.enum(['team', 'personal']),
  teamId: z.number().nullable(),
  ownerUserId: z.number(),
  address: z.string(),
  host: z.string(),
  port: z.number(),
  tls: z.boolean(),
  username: z.string(),
  privacy,
  folders: z.array(z.string()).nullable(),
  enabled: z.boolean(),
  status: z.object({
    state: z.enum(['new', 'ok', 'error']),
    lastCheckAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lastReport: report.nullable(),
    takenTotal: z.number(),
    skippedTotal: z.number(),
  }),
  cursors: z.array(
    z.object({
      folder: z.string(),
      uidValidity: z.string().nullable(),
      lastUid: z.number(),
      highestModseq: z.string().nullable(),
    }),
  ),
});

export const serverFoldersOut = z.object({
  folders: z.array(z.object({ path: z.string(), specialUse: z.string().nullable() })),
});
