import type { RemoteCollectionInfo } from './providers';

/**
 * The task list `sync-connect` chooses beside the calendar it chose, or none. A remote collection is synced as one
 * kind (`sync_collections` is unique per account and href), so a calendar that holds events *and* tasks (RFC 4791
 * §5.2.3 supported-calendar-component-set) stays the event calendar, and tasks are taken from another one: a list
 * of tasks only (offered for VTODO alone) first, then the server's default, then the first it lists.
 */
export function taskListBeside(
  offered: readonly RemoteCollectionInfo[],
  calendar: RemoteCollectionInfo | undefined,
): RemoteCollectionInfo | undefined {
  const lists = offered.filter((c) => c.kind === 'tasks' && c.href !== calendar?.href);
  const eventHrefs = new Set(offered.filter((c) => c.kind === 'events').map((c) => c.href));
  return lists.find((c) => !eventHrefs.has(c.href)) ?? lists.find((c) => c.isDefault) ?? lists[0];
}
