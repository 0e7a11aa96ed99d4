import type { Activity } from '../../../../core/src/api-client';

export type ActivityGroupKey = 'overdue' | 'today' | 'upcoming';
export const ACTIVITY_GROUPS: readonly ActivityGroupKey[] = ['overdue', 'today', 'upcoming'];

/**
 * Odoo's activity colours: overdue (red), due today (orange), planned later or undated (green). The server decides
 * the state on its own calendar day (domain/activities/state.ts), so the browser's clock never moves an activity
 * between groups. Closed activities belong to none. The list keeps the server's order (most urgent first). Pure.
 */
export function groupActivities(activities: readonly Activity[]): Record<ActivityGroupKey, Activity[]> {
  const groups: Record<ActivityGroupKey, Activity[]> = { overdue: [], today: [], upcoming: [] };
  for (const activity of activities) {
    if (activity.state === 'overdue') groups.overdue.push(activity);
    else if (activity.state === 'today') groups.today.push(activity);
    else if (activity.state === 'planned') groups.upcoming.push(activity);
  }
  return groups;
}
