import { queryOptions } from '@tanstack/react-query';
import { api } from './client';

/**
 * The reference data every main page reads (the stages: the pipeline's columns, the stage bar, stage changes in a
 * history; the users: salesperson choices and names). index.html preloads both beside the session check and
 * main.tsx takes them into the cache at start, so no page waits for them after its own data (the pipeline's
 * columns could not ask for their cards before the stages were known). One definition, so every user of the data
 * shares the cache entry.
 */
export const stagesQuery = queryOptions({ queryKey: ['stages'], queryFn: () => api.listStages() });

export const usersQuery = queryOptions({ queryKey: ['users'], queryFn: () => api.listUsers() });
