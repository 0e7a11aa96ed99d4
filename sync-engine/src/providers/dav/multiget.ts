import { davRequest, type DAVResponse } from 'tsdav';
import type { RemoteCollectionRef, RemoteItem } from '../provider';
import type { DavConnection } from './connection';
import { unexpectedAnswer } from './connection';
import { hrefLike } from './hrefs';
import type { CollectionCapabilities } from './probe';

/** Hrefs per multiget REPORT: large enough to keep requests few, small enough for any server's body limit. */
export const MULTIGET_BATCH = 100;

/**
 * Fetch bodies: addressbook-multiget (RFC 6352 §8.7) or calendar-multiget (RFC 4791 §7.9), built and parsed by
 * tsdav's davRequest. Not tsdav's addressBookMultiGet/calendarMultiGet: they throw when any one href answers 404,
 * and an item deleted between the listing and the fetch is normal — it is simply absent (the provider contract).
 * Any other per-item failure is thrown: answering "absent" would read as a deletion. A plain WebDAV collection
 * has no multiget: one GET per item.
 */
export async function fetchItems(
  connection: DavConnection,
  capabilities: CollectionCapabilities,
  collection: RemoteCollectionRef,
  hrefs: string[],
): Promise<RemoteItem[]> {
  const unique = [...new Set(hrefs)];
  const items: RemoteItem[] = [];
  for (let i = 0; i < unique.length; i += MULTIGET_BATCH) {
    const batch = unique.slice(i, i + MULTIGET_BATCH);
    if (capabilities.type === 'plain') for (const href of batch) items.push(...(await getItem(connection, href)));
    else items.push(...(await multiget(connection, capabilities.type, collection, batch)));
  }
  return items;
}

async function multiget(
  connection: DavConnection,
  type: 'addressbook' | 'calendar',
  collection: RemoteCollectionRef,
  hrefs: string[],
): Promise<RemoteItem[]> {
  const [report, namespace, data] =
    type === 'addressbook'
      ? (['addressbook-multiget', 'urn:ietf:params:xml:ns:carddav', 'address-data'] as const)
      : (['calendar-multiget', 'urn:ietf:params:xml:ns:caldav', 'calendar-data'] as const);
  const responses = await davRequest({
    url: connection.url(collection.href),
    init: {
      method: 'REPORT',
      headers: { authorization: connection.authorization },
      namespace: 'x',
      body: {
        [report]: {
          _attributes: { 'xmlns:d': 'DAV:', 'xmlns:x': namespace },
          'd:prop': { 'd:getetag': {}, [`x:${data}`]: {} },
          'd:href': hrefs.map((href) => new URL(connection.url(href)).pathname),
        },
      },
    },
    fetch: connection.fetch as typeof fetch,
  });
  const wanted = new Set(hrefs);
  const items: RemoteItem[] = [];
  for (const response of responses) {
    if (!response.href)
      throw new Error(`REPORT ${report} ${collection.href}: ${response.status} ${response.statusText}`);
    const href = hrefLike(collection.href, String(response.href), connection.serverUrl);
    if (response.status === 404 && wanted.has(href)) continue;
    if (!response.ok) throw new Error(`REPORT ${report} ${collection.href}: ${href} answered ${response.status}`);
    const body = bodyOf(response, type === 'addressbook' ? 'addressData' : 'calendarData');
    if (body === null) throw new Error(`REPORT ${report} ${collection.href}: ${href} came without its data`);
    const etag = response.props?.getetag;
    items.push({ href, etag: etag === undefined || etag === null || etag === '' ? null : String(etag), body });
  }
  return items;
}

/** tsdav's parsed value: the text, or {_cdata}/{_text} when the server wrapped it. */
function bodyOf(response: DAVResponse, prop: string): string | null {
  const value = response.props?.[prop] as unknown;
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const wrapped = (value as { _cdata?: unknown; _text?: unknown })._cdata ?? (value as { _text?: unknown })._text;
    if (wrapped !== undefined) return String(wrapped);
  }
  return null;
}

async function getItem(connection: DavConnection, href: string): Promise<RemoteItem[]> {
  const response = await connection.request('GET', href, {});
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return [];
  }
  if (response.status !== 200) throw await unexpectedAnswer('GET', href, response);
  return [{ href, etag: response.headers.get('etag'), body: await response.text() }];
}
