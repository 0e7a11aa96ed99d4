import { z } from 'zod';
import { normalizeEmail } from '@akte/core';
import { pageQuery } from '../../domain/pagination';
import { recordRefQuery, recordType } from '../history/schemas';

const id = z.number().int().positive();
const messageIdString = z
  .string()
  .trim()
  .min(3)
  .max(998) // RFC 5322 §2.1.1: a header line is at most 998 characters
  .regex(/^<?[^<>\s@]+@[^<>\s@]+>?$/, 'Expected a Message-ID like <id@host>');
const mailbox = z.strictObject({
  address: z
    .string()
    .trim()
    .max(254)
    .refine((v) => normalizeEmail(v) !== '', 'Not an e-mail address'),
  name: z.string().trim().max(255).optional(),
});
const records = z
  .array(z.strictObject({ recordType, recordId: id }))
  .min(1, 'File the message on at least one record')
  .max(50);

const note = z.strictObject({
  kind: z.literal('note'),
  body: z.string().trim().min(1).max(1_000_000),
  subject: z.string().trim().max(998).nullable().optional(),
  records,
});

const email = z.strictObject({
  kind: z.literal('email'),
  messageId: messageIdString,
  inReplyTo: messageIdString.nullable().optional(),
  references: z.array(messageIdString).max(500).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  from: mailbox,
  to: z.array(mailbox).max(500).optional(),
  cc: z.array(mailbox).max(500).optional(),
  date: z.iso.datetime({ offset: true }),
  subject: z.string().max(998).nullable().optional(),
  text: z.string().max(10_000_000).nullable().optional(),
  html: z.string().max(10_000_000).nullable().optional(),
  records,
});

export const messageCreateBody = z.discriminatedUnion('kind', [note, email]);
export const messageListQuery = z.strictObject({ ...recordRefQuery, ...pageQuery });

const mailboxOut = z.object({ address: z.string(), name: z.string().optional() });
const recordRefOut = z.object({ recordType, recordId: z.number() });

export const messageOut = z.object({
  id: z.number(),
  messageId: z.string(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  kind: z.enum(['email', 'note']),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  from: mailboxOut.nullable(),
  to: z.array(mailboxOut),
  cc: z.array(mailboxOut),
  date: z.string(),
  subject: z.string().nullable(),
  bodyText: z.string().nullable(),
  bodyHtml: z.string().nullable().describe('Sanitized on arrival: safe to render'),
  authorUserId: z.number().nullable(),
  createdAt: z.string(),
  messageIdConflict: z
    .boolean()
    .describe(
      'Suspect: stored under a Message-ID that a message with different content already had (a forged copy, or a ' +
        'client reusing ids), never merged with it. True only when you can see such another message',
    ),
  links: z.array(recordRefOut.extend({ linkedById: z.number().nullable(), createdAt: z.string() })),
});
export const messagePageOut = z.object({ items: z.array(messageOut), nextCursor: z.string().nullable() });
export const fileResultOut = z.object({
  message: messageOut,
  messageCreated: z.boolean(),
  links: z.object({ created: z.array(recordRefOut), existing: z.array(recordRefOut) }),
});
