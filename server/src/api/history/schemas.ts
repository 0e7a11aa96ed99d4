import { z } from 'zod';
import { RECORD_TYPES } from '../../domain/history/linked-record';
import { pageQuery } from '../../domain/pagination';

/** The (recordType, recordId) pair that activities, events, messages, documents and history hang off. */
export const recordType = z.enum(RECORD_TYPES);
export const recordRefQuery = { recordType, recordId: z.coerce.number().int().positive() };

export const historyQuery = z.strictObject({ ...recordRefQuery, ...pageQuery });

export const traceOut = z.object({
  id: z.number(),
  recordType: z.string(),
  recordId: z.number(),
  partnerId: z.number().nullable(),
  userId: z.number().nullable(),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export const tracePageOut = z.object({ items: z.array(traceOut), nextCursor: z.string().nullable() });

export const recentHistoryQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export const recentHistoryOut = z.object({ items: z.array(traceOut.extend({ recordName: z.string().nullable() })) });
