import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';

/** What the partner form reads: one definition for its components and for asking ahead (app/page-data.ts). */
export const partnerQuery = (id: number) =>
  queryOptions({ queryKey: ['partners', 'one', id], queryFn: () => api.getPartner(id) });

/** The first page of a partner's total history (50 entries; the list loads more). */
export const totalHistoryQuery = (partnerId: number) =>
  infiniteQueryOptions({
    queryKey: ['partner-history', partnerId],
    queryFn: ({ pageParam }) => api.partnerHistory(partnerId, { limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

/** A company's contact persons (for a person: an empty list). */
export const contactsOfQuery = (partnerId: number) =>
  queryOptions({
    queryKey: ['partners', 'contacts-of', partnerId],
    queryFn: () => api.listPartners({ companyId: partnerId, limit: 100 }),
  });

/** The partner's open leads and opportunities. */
export const openLeadsOfQuery = (partnerId: number) =>
  queryOptions({
    queryKey: ['leads', 'of-partner', partnerId],
    queryFn: () => api.listLeads({ partnerId, state: 'open', limit: 100 }),
  });
