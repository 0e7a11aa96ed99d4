import type { RemoteCollectionInfo } from './providers';

/**
 * The task list `sync-connect` chooses beside the calendar it chose, or none: a list of tasks only (offered for VTODO
 * alone: Apple's reminders, a Radicale or DAVx⁵ task list) first, because that is where a user keeps to-dos when
 * they have one; else the chosen calendar itself when it also takes to-dos (Nextcloud's personal calendar, RFC 4791
 * §5.2.3 supported-calendar-component-set) — it is then synced twice, its events with the CRM calendar and its
 * to-dos with the activities; else the server's default, else the first it lists.
 */
export function taskListBeside(
  offered: readonly RemoteCollectionInfo[],
  calendar: RemoteCollectionInfo | undefined,
): RemoteCollectionInfo | undefined {
  const lists = offered.filter((c) => c.kind === 'tasks');
  const eventHrefs = new Set(offered.filter((c) => c.kind === 'events').map((c) => c.href));
  return (
    lists.find((c) => !eventHrefs.has(c.href)) ??
    lists.find((c) => c.href === calendar?.href) ??
    lists.find((c) => c.isDefault) ??
    lists[0]
  );
}
