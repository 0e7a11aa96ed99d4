import type { Actor } from '../../access/actor';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import { RecordType, resolveVisibleRecord } from './linked-record';
import { Trace } from './model';

export interface TraceDto {
  id: number;
  recordType: string;
  recordId: number;
  partnerId: number | null;
  userId: number | null;
  action: string;
  changes: Record<string, unknown>;
  createdAt: string;
}

export function traceDto(trace: Trace): TraceDto {
  return {
    id: Number(trace.id),
    recordType: trace.recordType,
    recordId: trace.recordId,
    partnerId: trace.partnerId,
    userId: trace.userId,
    action: trace.action,
    changes: trace.changes,
    createdAt: trace.createdAt.toISOString(),
  };
}

// Ids grow with time, so id order is creation order even when two entries share a millisecond.
const newestFirst: SortSpec = { field: 'id', direction: 'desc' };

/** The history of one record the actor may see, newest first (404 for a record outside their scope). */
export async function listRecordHistory(
  actor: Actor,
  query: { recordType: RecordType; recordId: number; limit: number; cursor?: string },
): Promise<{ items: TraceDto[]; nextCursor: string | null }> {
  await resolveVisibleRecord(actor, query.recordType, query.recordId);
  const rows = await Trace.findAll({
    where: { recordType: query.recordType, recordId: query.recordId, ...afterCursor(query.cursor, newestFirst) },
    order: orderFor(newestFirst),
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit, newestFirst, (trace) => trace.id);
  return { items: page.items.map(traceDto), nextCursor: page.nextCursor };
}
