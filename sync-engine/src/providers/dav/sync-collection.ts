import type { DavConnection } from './connection';
import { unexpectedAnswer } from './connection';
import { hrefLike } from './hrefs';
import { errorConditions, etagOf, parseMultistatus, type Multistatus } from './multistatus';
import type { ListedEntry, ListingAnswer } from './listing-pages';

export type SyncCollectionAnswer =
  { kind: 'answer'; answer: ListingAnswer } | { kind: 'invalid-token'; reason: string };

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function syncCollectionBody(token: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:"><d:sync-token>${escapeXml(token)}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
}

/**
 * The sync-collection REPORT (RFC 6578 §3.2), sent raw: tsdav's syncCollection/smartCollectionSync drop hrefs
 * without a .ics/.vcf suffix, throw on any non-2xx response inside the multistatus (the 507 that marks a truncated
 * answer, §3.6, and the 404s that name deletions are both normal here) and do not tell an invalid token apart.
 * An empty token asks for every member (§3.8, the initial sync): the answer is then a complete listing.
 */
export async function syncCollection(
  connection: DavConnection,
  collectionHref: string,
  token: string,
): Promise<SyncCollectionAnswer> {
  const response = await connection.request(
    'REPORT',
    collectionHref,
    { depth: '0', 'content-type': 'application/xml; charset=utf-8' },
    syncCollectionBody(token),
  );
  if (response.status === 207)
    return { kind: 'answer', answer: readSyncAnswer(connection, collectionHref, await response.text()) };
  const body = await response.text();
  // §3.2: a token the server no longer knows fails the DAV:valid-sync-token precondition, with 403 or 409
  // (Radicale answers 403, as 409 confused some clients).
  if ((response.status === 403 || response.status === 409) && errorConditions(body).includes('valid-sync-token'))
    return {
      kind: 'invalid-token',
      reason: 'the server no longer knows the sync-token (RFC 6578 §3.2 valid-sync-token)',
    };
  throw await unexpectedAnswer('REPORT sync-collection', collectionHref, response, body);
}

/**
 * A sync-collection multistatus as entries: a 404 response names a deleted member (§3.5.2), a 507 on the
 * collection's own href says the answer was truncated and the client continues from the returned token (§3.6).
 */
export function readSyncAnswer(
  connection: Pick<DavConnection, 'serverUrl'>,
  collectionHref: string,
  xml: string,
): ListingAnswer {
  const multistatus: Multistatus = parseMultistatus(xml);
  const self = hrefLike(collectionHref, collectionHref, connection.serverUrl);
  const entries: ListedEntry[] = [];
  let truncated = false;
  for (const item of multistatus.responses) {
    const href = hrefLike(collectionHref, item.href, connection.serverUrl);
    if (href === self) {
      if (item.status === 507) truncated = true;
      continue;
    }
    if (item.status === 404) entries.push({ href, etag: null, removed: true });
    // No status of its own and no 2xx propstat: a member whose ETag the server would not give — still a member.
    else if (item.status === null || (item.status >= 200 && item.status < 300))
      entries.push({ href, etag: etagOf(item), removed: false });
  }
  if (!multistatus.syncToken)
    throw new Error(`REPORT sync-collection ${collectionHref}: the answer carries no sync-token`);
  return { entries, token: multistatus.syncToken, truncated };
}
