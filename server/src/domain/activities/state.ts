import type { ActivityStatus } from './model';

/** What a person sees on an activity: its closing status, or for an open one where its due date lies. */
export type ActivityState = 'done' | 'cancelled' | 'overdue' | 'today' | 'planned';
export const ACTIVITY_STATES: readonly ActivityState[] = ['done', 'cancelled', 'overdue', 'today', 'planned'];

/**
 * The state of an activity on the day `today` (YYYY-MM-DD). ISO dates compare correctly as strings. An open
 * activity without a due date is 'planned': it is not late, whatever the day.
 */
export function activityState(status: ActivityStatus, dueDate: string | null, today: string): ActivityState {
  if (status === 'done' || status === 'cancelled') return status;
  if (!dueDate) return 'planned';
  if (dueDate < today) return 'overdue';
  if (dueDate === today) return 'today';
  return 'planned';
}

/** The calendar day of `now` in the server's time zone, as YYYY-MM-DD. */
export function localDay(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
