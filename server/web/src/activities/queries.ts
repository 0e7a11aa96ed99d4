import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import type { RecordRef } from '../chatter/Chatter';

/** A record's open activities (its form's "planned activities"). */
export const recordActivitiesQuery = (record: RecordRef) =>
  queryOptions({
    queryKey: ['activities', 'record', record],
    queryFn: () => api.listActivities({ ...record, status: 'open', limit: 100 }),
  });
