import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';

/** The lead or opportunity of the form (GET /leads/:id). */
export const leadQuery = (id: number) =>
  queryOptions({ queryKey: ['leads', 'one', id], queryFn: () => api.getLead(id) });
