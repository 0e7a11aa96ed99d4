import type { ChangeEntity } from './model';

/**
 * Names of change-tracking collections. A collection is what a client synchronizes as one unit
 * (a CardDAV address book, a CalDAV calendar, a task list, a sync-engine outbox). The DAV layer maps its
 * collections onto these names; a record can be in several (e.g. a task in its assignee's list).
 */
export const collections = {
  partners: (): string => 'partners',
  calendar: (calendarId: number): string => `calendar:${calendarId}`,
  tasks: (userId: number): string => `tasks:user:${userId}`,
  activities: (): string => 'activities',
  documents: (): string => 'documents',
  /** Items stored only in a DAV collection (My contacts, client-created books): `dav:<collection key>`. */
  dav: (collectionKey: string): string => `dav:${collectionKey}`,
} as const;

export interface ChangeRef {
  collection: string;
  entity: ChangeEntity;
  entityId: number;
  uid?: string | null;
}
