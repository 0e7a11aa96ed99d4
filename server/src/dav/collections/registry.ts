import type { DavCollectionKind, DavHome } from './types';
import { customersAddressBookKind } from '../carddav/customers';
import { storedAddressBooksKind } from '../carddav/stored-books';
import { calendarsKind } from '../caldav/calendars';
import { tasksKind } from '../caldav/tasks';

/**
 * Every collection kind the server offers, in listing order. A home lists the collections of its kinds; a path
 * segment resolves to the first kind that knows it. Calendars plug in here (see dav/README.md).
 */
export const collectionKinds: DavCollectionKind[] = [
  customersAddressBookKind,
  storedAddressBooksKind,
  tasksKind,
  calendarsKind,
];

/**
 * The `DAV:` header (RFC 4918 §10.1): only what is really implemented. 'calendar-access' (RFC 4791 §5.1) is added
 * with the CalDAV kinds; scheduling is not advertised until it exists.
 */
export const DAV_COMPLIANCE: string[] = ['1', '3', 'calendar-access', 'addressbook', 'extended-mkcol'];

export function kindsOf(home: DavHome): DavCollectionKind[] {
  return collectionKinds.filter((kind) => kind.home === home);
}
