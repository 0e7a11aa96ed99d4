import type { DavConnection } from './connection';
import { unexpectedAnswer } from './connection';
import { hrefLike } from './hrefs';
import { etagOf, parseMultistatus, propChildren } from './multistatus';
import type { ListedEntry, ListingAnswer } from './listing-pages';

const ETAGS = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>`;

/**
 * The complete ETag listing of a collection for servers without sync-tokens: PROPFIND Depth 1 (RFC 4918 §9.1) of
 * getetag and resourcetype; the collection itself and sub-collections are no items. Everything the server does
 * not name is gone — the engine infers that only after the last page.
 */
export async function propfindListing(connection: DavConnection, collectionHref: string): Promise<ListingAnswer> {
  const response = await connection.request(
    'PROPFIND',
    collectionHref,
    { depth: '1', 'content-type': 'application/xml; charset=utf-8' },
    ETAGS,
  );
  if (response.status !== 207) throw await unexpectedAnswer('PROPFIND', collectionHref, response);
  const self = hrefLike(collectionHref, collectionHref, connection.serverUrl);
  const entries: ListedEntry[] = [];
  for (const item of parseMultistatus(await response.text()).responses) {
    const href = hrefLike(collectionHref, item.href, connection.serverUrl);
    if (href === self || propChildren(item, 'resourcetype').includes('collection')) continue;
    if (item.status !== null && (item.status < 200 || item.status >= 300)) continue;
    entries.push({ href, etag: etagOf(item), removed: false });
  }
  return { entries, token: null, truncated: false };
}
