import type { DavReport } from './types';
import { itemResponse, reportProps, wantsBodies } from './render';
import { parseSyncToken, syncTokenUri } from './sync-token';
import { child } from '../xml/parse';
import { dav } from '../xml/namespaces';
import { itemHref } from '../collections/resolve-path';
import { el, multistatusChunks, statusResponse, XmlNode } from '../xml/multistatus';
import { DavError } from '../errors';
import { SyncTokenExpiredError } from '../../domain/changes/service';

/** Changes answered per sync-collection response when the client sets no limit; more → 507 and ask again. */
export const SYNC_PAGE = 1000;

function invalidToken(message: string): DavError {
  return new DavError(403, message, el(dav('valid-sync-token')));
}

/** `<d:limit><d:nresults>N</d:nresults></d:limit>` (RFC 6578 §3.7 / RFC 5323 §5.17), or null. Pure. */
export function readLimit(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1) throw new DavError(400, 'DAV:nresults must be a positive integer');
  return n;
}

/**
 * sync-collection (RFC 6578 §3). An empty token lists the whole collection; a token R lists what the change log
 * holds after R — an index range scan, so the cost is proportional to the changes. Tokens older than the pruned
 * tombstones, or not ours, get 403 DAV:valid-sync-token; a cut list gets a 507 response for the request-URI
 * (§3.6) and the token of the last change returned.
 */
export const syncCollectionReport: DavReport = async ({ scope, home, collection, report, href }) => {
  const tokenText = child(report, dav('sync-token'))?.text ?? '';
  const since = parseSyncToken(tokenText);
  if (since === null) throw invalidToken('Unknown sync-token');
  const level = child(report, dav('sync-level'))?.text.trim();
  if (level && level !== '1') {
    throw new DavError(403, 'Only sync-level 1 is supported', el(dav('sync-traversal-supported')));
  }
  const limit = readLimit(child(child(report, dav('limit')), dav('nresults'))?.text);
  const props = reportProps(report);
  const responses: XmlNode[] = [];

  if (since === 0) {
    const revision = await collection.syncRevision(scope);
    const all = await collection.list(scope);
    if (limit !== null && all.length > limit) {
      throw new DavError(507, 'The initial sync is larger than the limit', el(dav('number-of-matches-within-limits')));
    }
    const items = wantsBodies(props)
      ? await collection.get(
          scope,
          all.map((m) => m.name),
          props.want,
        )
      : all;
    for (const item of items) responses.push(itemResponse(scope, home, collection, item, props));
    return multistatusChunks(responses, syncTokenUri(revision));
  }

  let page;
  try {
    page = await collection.changes(scope, since, limit ?? SYNC_PAGE);
  } catch (err) {
    if (err instanceof SyncTokenExpiredError) throw invalidToken('The sync-token has expired; sync again from scratch');
    throw err;
  }
  const items = await collection.get(scope, page.changed, props.want);
  const found = new Set(items.map((i) => i.name));
  for (const item of items) responses.push(itemResponse(scope, home, collection, item, props));
  // A changed item that is no longer visible (or vanished meanwhile) is a removal from this client's view.
  const removed = [...page.removed, ...page.changed.filter((n) => !found.has(n))];
  for (const name of new Set(removed))
    responses.push(statusResponse(itemHref(home, scope.actor.email, collection.segment, name), 404));
  if (page.truncated) responses.push(statusResponse(href, 507));
  return multistatusChunks(responses, syncTokenUri(page.revision));
};
