import type { QueryClient } from '@tanstack/react-query';
import { recordActivitiesQuery } from '../activities/queries';
import { chatterQueries } from '../chatter/queries';
import { callSuggestionsQuery, recentHistoryQuery } from '../dashboard/queries';
import { leadQuery } from '../opportunity/queries';
import { contactsOfQuery, openLeadsOfQuery, partnerQuery, totalHistoryQuery } from '../partners/queries';
import { pageDataOf } from './page-path';

/**
 * Asks for everything a record's form shows at once: the record, its chatter and its activities — not the record
 * first and the rest once the form rendered (a second wave of requests). The form calls it for a client-side
 * navigation; main.tsx for the page the browser opened, while the session check and the first render run.
 */
export function prefetchLeadPage(queryClient: QueryClient, id: number): void {
  const record = { recordType: 'lead' as const, recordId: id };
  const chatter = chatterQueries(record);
  void queryClient.prefetchQuery(leadQuery(id));
  void queryClient.prefetchQuery(chatter.messages);
  void queryClient.prefetchQuery(chatter.documents);
  void queryClient.prefetchQuery(chatter.history);
  void queryClient.prefetchQuery(chatter.events);
  void queryClient.prefetchQuery(recordActivitiesQuery(record));
}

/**
 * The partner, its total history (the page's slowest request), its panels and activities at once. The contact
 * persons too: for a person the answer is an empty list (an index lookup); for a company it saves a wave.
 */
export function prefetchPartnerPage(queryClient: QueryClient, id: number): void {
  void queryClient.prefetchQuery(partnerQuery(id));
  void queryClient.prefetchInfiniteQuery(totalHistoryQuery(id));
  void queryClient.prefetchQuery(contactsOfQuery(id));
  void queryClient.prefetchQuery(openLeadsOfQuery(id));
  void queryClient.prefetchQuery(recordActivitiesQuery({ recordType: 'partner', recordId: id }));
}

/**
 * The data of the page the browser opened, asked for as the app starts — beside the session check (preloaded) and
 * the first render instead of after both. Without a session these answer 401 like the check, which decides.
 * The dashboard's own-records panels need the user's id and start once the session is known.
 */
export function prefetchPageData(queryClient: QueryClient, pathname: string): void {
  const data = pageDataOf(pathname);
  if (data?.page === 'lead') prefetchLeadPage(queryClient, data.id);
  if (data?.page === 'partner') prefetchPartnerPage(queryClient, data.id);
  if (data?.page === 'dashboard') {
    void queryClient.prefetchQuery(callSuggestionsQuery);
    void queryClient.prefetchQuery(recentHistoryQuery);
  }
}
