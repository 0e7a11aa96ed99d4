import { createAccount, fetchAddressBooks, fetchCalendars, type DAVAccount } from 'tsdav';
import type { DavConnection } from './connection';
import { hrefLike } from './hrefs';

/** A collection the user can choose to sync, as the server describes it. */
export interface DiscoveredCollection {
  /** The collection's path on the server (what RemoteCollectionRef.href takes). */
  href: string;
  kind: 'contacts' | 'events' | 'tasks';
  displayName: string;
  /** The first collection of its kind the server lists: what `sync-connect` chooses when told nothing. */
  isDefault?: boolean;
}

/**
 * Discovery through tsdav (it serves here): the context path from /.well-known/carddav|caldav (RFC 6764 §5), the
 * current-user-principal (RFC 5397), its addressbook-home-set (RFC 6352 §7.1.1) and calendar-home-set (RFC 4791
 * §6.2.1), and a Depth 1 PROPFIND of each home. A calendar is listed once per component it takes: VEVENT → events,
 * VTODO → tasks; one that names no supported-calendar-component-set takes both (RFC 4791 §5.2.3). An account with
 * only one of CardDAV and CalDAV lists that one; when neither answers, the first failure is thrown.
 */
export async function discoverCollections(connection: DavConnection): Promise<DiscoveredCollection[]> {
  const headers = { authorization: connection.authorization };
  const fetch = connection.fetch as typeof globalThis.fetch;
  const account = (accountType: DAVAccount['accountType']) =>
    createAccount({ account: { serverUrl: connection.serverUrl, accountType }, headers, fetch });
  const [books, calendars] = await Promise.allSettled([
    account('carddav').then((a) => fetchAddressBooks({ account: a, headers, fetch })),
    account('caldav').then((a) => fetchCalendars({ account: a, headers, fetch })),
  ]);
  if (books.status === 'rejected' && calendars.status === 'rejected') throw books.reason;
  const found: DiscoveredCollection[] = [];
  const href = (url: string) => hrefLike('/', url, connection.serverUrl);
  for (const book of books.status === 'fulfilled' ? books.value : [])
    found.push({ href: href(book.url), kind: 'contacts', displayName: nameOf(book.displayName, book.url) });
  for (const calendar of calendars.status === 'fulfilled' ? calendars.value : []) {
    const components = calendar.components ?? [];
    const all = components.length === 0;
    const name = nameOf(calendar.displayName, calendar.url);
    if (all || components.includes('VEVENT'))
      found.push({ href: href(calendar.url), kind: 'events', displayName: name });
    if (all || components.includes('VTODO')) found.push({ href: href(calendar.url), kind: 'tasks', displayName: name });
  }
  for (const kind of ['contacts', 'events', 'tasks'] as const) {
    const first = found.find((c) => c.kind === kind);
    if (first) first.isDefault = true;
  }
  return found;
}

function nameOf(displayName: unknown, url: string): string {
  if (typeof displayName === 'string' && displayName.trim()) return displayName.trim();
  const segments = new URL(url, 'http://x').pathname.split('/').filter(Boolean);
  return decodeURIComponent(segments[segments.length - 1] ?? url);
}
