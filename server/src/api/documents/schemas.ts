import { z } from 'zod';
import { documentNameProblem } from '../../domain/documents/names';
import { pageQuery } from '../../domain/pagination';
import { recordRefQuery } from '../history/schemas';

export const documentListQuery = z.strictObject({ ...recordRefQuery, ...pageQuery });

export const documentUploadQuery = z.strictObject({
  ...recordRefQuery,
  name: z.string().superRefine((name, ctx) => {
    const problem = documentNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export const documentOut = z.object({
  id: z.number(),
  uid: z.string(),
  recordType: z.enum(['partner', 'lead']),
  recordId: z.number(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
  messageId: z.number().nullable(),
  createdById: z.number().nullable(),
  revision: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const documentPageOut = z.object({ items: z.array(documentOut), nextCursor: z.string().nullable() });
