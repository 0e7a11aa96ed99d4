import { normalizeEmail } from '@akte/core';
import { z } from 'zod';

/** Request and response shapes of the filing API (validated and documented with the same schemas). */

const addressString = z
  .string()
  .max(320)
  .refine((s) => normalizeEmail(s) !== '', { message: 'Expected an email address' });

export const mailbox = z.union([
  addressString,
  z.object({ address: addressString, name: z.string().max(255).optional() }).strict(),
]);

const base64 = z.string().regex(/^[A-Za-z0-9+/_\-=\s]*$/, { message: 'Expected base64' });

/** The structured fallback for hosts that cannot hand over the raw message. */
export const structuredEmailFields = {
  messageId: z.string().max(998).optional(),
  inReplyTo: z.string().max(998).optional(),
  references: z.union([z.string().max(100_000), z.array(z.string().max(998)).max(1000)]).optional(),
  subject: z.string().max(10_000).optional(),
  from: mailbox.optional(),
  to: z.array(mailbox).max(500).optional(),
  cc: z.array(mailbox).max(500).optional(),
  date: z.iso.datetime({ offset: true }).optional(),
  html: z.string().optional(),
  text: z.string().optional(),
  attachments: z
    .array(
      z
        .object({
          name: z.string().min(1).max(255),
          mediaType: z.string().min(1).max(255).default('application/octet-stream'),
          contentBase64: base64,
        })
        .strict(),
    )
    .max(500)
    .optional(),
};

/** Either `raw` (the base64 of the whole MIME message) or the structured fields. */
export const emailSourceFields = {
  ...structuredEmailFields,
  raw: base64.optional().describe('The raw RFC 5322/MIME message, base64-encoded'),
};

export type EmailSource = z.infer<z.ZodObject<typeof emailSourceFields>>;

const recordRef = z.object({ recordType: z.enum(['lead', 'partner']), recordId: z.number().int().positive() }).strict();
const targetItem = z.union([z.string().max(40), recordRef]);
export const targetsField = z
  .union([z.string().max(10_000), z.array(targetItem).max(100)])
  .describe('"lead:12,partner:3", or an array of such strings or {recordType, recordId}');

export const fileMessageBody = z.object({ ...emailSourceFields, targets: targetsField }).strict();
export const fileMessageQuery = z.object({
  targets: z.string().max(10_000).optional(),
  /** File names of attachments not to file (repeat the parameter for several). */
  skipAttachments: z
    .union([z.string().max(255), z.array(z.string().max(255)).max(100)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});
export const autoFileBody = z.object(emailSourceFields).strict();

export const participant = z
  .object({
    email: z.string().min(1).max(320),
    name: z.string().max(255).optional(),
    role: z.enum(['from', 'to', 'cc']),
  })
  .strict();

export const lookupBody = z
  .object({
    participants: z.array(participant).min(1).max(200),
    messageId: z.string().max(998).optional(),
    inReplyTo: z.string().max(998).optional(),
    references: z.array(z.string().max(998)).max(1000).optional(),
  })
  .strict();

const neverLogList = z.array(z.string().min(1).max(320)).max(1000);
export const userSettingsBody = z
  .object({ autoFileReplies: z.boolean().optional(), neverLog: neverLogList.optional() })
  .strict();
export const companySettingsBody = z.object({ neverLog: neverLogList }).strict();
export const settingsResponse = z.object({
  autoFileReplies: z.boolean(),
  neverLog: z.array(z.string()),
  companyNeverLog: z.array(z.string()),
});

export const leadOverrides = z
  .object({
    name: z.string().min(1).max(255).optional(),
    type: z.enum(['lead', 'opportunity']).optional(),
    partnerId: z.number().int().positive().nullable().optional(),
    stageId: z.number().int().positive().nullable().optional(),
    expectedRevenue: z.number().min(0).max(1e13).optional(),
    salespersonId: z.number().int().positive().nullable().optional(),
    teamId: z.number().int().positive().nullable().optional(),
    companyName: z.string().max(255).nullable().optional(),
    phone: z.string().max(64).nullable().optional(),
    description: z.string().max(100_000).nullable().optional(),
  })
  .strict();
export const createLeadBody = z.object({ ...emailSourceFields, lead: leadOverrides.optional() }).strict();

export const contactOverrides = z
  .object({
    name: z.string().min(1).max(255).optional(),
    companyId: z.number().int().positive().nullable().optional(),
    jobTitle: z.string().max(200).nullable().optional(),
    phone: z.string().max(64).nullable().optional(),
  })
  .strict();
export const createContactBody = z
  .object({ ...emailSourceFields, contact: contactOverrides.optional(), file: z.boolean().default(false) })
  .strict();

export const logActivityBody = z
  .object({
    ...emailSourceFields,
    target: z.string().max(40).describe('"lead:12" or "partner:3"'),
    kind: z.enum(['call', 'meeting', 'task', 'email']).default('call'),
    summary: z.string().min(1).max(255).optional(),
    note: z.string().max(100_000).optional(),
    dueDate: z.iso.date().optional(),
    assignedUserId: z.number().int().positive().optional(),
    file: z.boolean().default(false),
  })
  .strict();

export const pairBody = z
  .object({ code: z.string().min(10).max(2000), deviceName: z.string().min(1).max(100).optional() })
  .strict();

const filingRecord = z.object({
  recordType: z.enum(['lead', 'partner']),
  recordId: z.number(),
  name: z.string(),
  partnerId: z.number().nullable(),
  leadType: z.string().optional(),
});
export const fileResponse = z.object({
  message: z.object({
    id: z.number(),
    messageId: z.string(),
    subject: z.string().nullable(),
    messageIdSynthesized: z.boolean(),
    messageIdConflict: z
      .boolean()
      .describe(
        'Stored as a message of its own: a message with a different content already had this Message-ID (one of ' +
          'them is forged, or a client reuses ids). True only when you can see that other message',
      ),
  }),
  created: z.boolean(),
  linked: z.array(filingRecord),
  alreadyLinked: z.array(filingRecord),
  documents: z.array(
    z.object({
      id: z.number(),
      recordType: z.enum(['lead', 'partner']),
      recordId: z.number(),
      name: z.string(),
      mediaType: z.string(),
      size: z.number(),
      sha256: z.string(),
    }),
  ),
  skippedAddresses: z.array(z.string()),
});
