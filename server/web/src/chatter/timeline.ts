import type { FiledMessage, LinkedEvent, RecordDocument, TraceEntry } from '../../../../core/src/api-client';

/**
 * The record's chatter is four lists the API pages separately (messages, documents, linked calendar events, history
 * entries), shown as one, newest first. History entries that only say "a message was filed" or "a document was added" are left out: the
 * message or document itself is in the list. Ties keep a stable order (kind, then id), so the list does not jump
 * when a query refreshes. Pure.
 */
export type ChatterEntry =
  | { kind: 'message'; at: string; id: number; message: FiledMessage }
  | { kind: 'document'; at: string; id: number; document: RecordDocument }
  | { kind: 'event'; at: string; id: number; event: LinkedEvent }
  | { kind: 'trace'; at: string; id: number; trace: TraceEntry };

/** Trace actions that repeat an entry the chatter already shows. */
const SHOWN_ELSEWHERE = new Set(['file', 'document']);

const RANK: Record<ChatterEntry['kind'], number> = { message: 0, document: 1, event: 2, trace: 3 };

export function chatterEntries(
  messages: readonly FiledMessage[],
  documents: readonly RecordDocument[],
  traces: readonly TraceEntry[],
  events: readonly LinkedEvent[] = [],
): ChatterEntry[] {
  const entries: ChatterEntry[] = [
    ...messages.map((message) => ({ kind: 'message' as const, at: message.date, id: message.id, message })),
    ...documents.map((document) => ({
      kind: 'document' as const,
      at: document.createdAt,
      id: document.id,
      document,
    })),
    // An appointment sits at its start: a meeting next week is at the top, as what comes next.
    ...events.map((event) => ({ kind: 'event' as const, at: event.startsAt, id: event.id, event })),
    ...traces
      .filter((trace) => !SHOWN_ELSEWHERE.has(trace.action))
      .map((trace) => ({ kind: 'trace' as const, at: trace.createdAt, id: trace.id, trace })),
  ];
  return entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || RANK[a.kind] - RANK[b.kind] || b.id - a.id);
}
