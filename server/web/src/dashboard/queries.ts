import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';

/** Whom to call today (the dashboard's first 50). */
export const callSuggestionsQuery = queryOptions({
  queryKey: ['partners', 'call-suggestions'],
  queryFn: () => api.callSuggestions(50),
});

/** The newest history entries on my records. */
export const recentHistoryQuery = queryOptions({
  queryKey: ['history', 'recent'],
  queryFn: () => api.recentHistory(20),
});
