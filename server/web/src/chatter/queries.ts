import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import type { RecordRef } from './Chatter';

/** Entries per source: the chatter shows the newest 100 of each (older ones stay in the partner's total history). */
const LIMIT = 100;

/**
 * What a record's chatter reads: its mail and notes, documents, history entries and linked events. One definition
 * for the chatter and for the record's page, which asks for them together with the record itself instead of after
 * it arrived and the chatter mounted (one wave of requests instead of two).
 */
export const chatterQueries = (record: RecordRef) => {
  const query = { ...record, limit: LIMIT };
  return {
    messages: queryOptions({ queryKey: ['messages', record], queryFn: () => api.listMessages(query) }),
    documents: queryOptions({ queryKey: ['documents', record], queryFn: () => api.listDocuments(query) }),
    history: queryOptions({ queryKey: ['history', record], queryFn: () => api.listHistory(query) }),
    events: queryOptions({ queryKey: ['events', record], queryFn: () => api.listRecordEvents(query) }),
  };
};
