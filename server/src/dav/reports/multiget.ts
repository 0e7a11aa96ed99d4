import type { DavReport } from './types';
import { itemResponse, reportProps } from './render';
import { childrenNamed } from '../xml/parse';
import { dav } from '../xml/namespaces';
import { collectionHref, plainItemNameBelow, resolveDavPath } from '../collections/resolve-path';
import { el, multistatusChunks, statusResponse, XmlNode } from '../xml/multistatus';
import { DavError } from '../errors';

/** Hrefs per multiget request: enough for clients' batches (tsdav, vdirsyncer), bounded against abuse. */
export const MULTIGET_MAX_HREFS = 5000;

/**
 * addressbook-multiget (RFC 6352 §8.7) and calendar-multiget (RFC 4791 §7.9). Every href is resolved through the
 * same path rules and must name an item of *this* collection; `get` only returns what the actor may see, so
 * anything else answers 404 per href — whether it does not exist or is hidden.
 */
export const multigetReport: DavReport = async ({ scope, home, collection, report }) => {
  const hrefs = childrenNamed(report, dav('href')).map((h) => h.text.trim());
  if (hrefs.length > MULTIGET_MAX_HREFS) {
    throw new DavError(
      403,
      `At most ${MULTIGET_MAX_HREFS} hrefs per multiget`,
      el(dav('number-of-matches-within-limits')),
    );
  }
  const props = reportProps(report);
  const names = new Map<string, string>();
  const responses: XmlNode[] = [];
  const here = collectionHref(home, scope.actor.email, collection.segment);
  for (const raw of hrefs) {
    const plain = plainItemNameBelow(here, raw);
    if (plain !== null) {
      names.set(plain, raw);
      continue;
    }
    const resolved = resolveDavPath(raw);
    const target = resolved.ok && resolved.path.type === 'item' ? resolved.path : null;
    const inHere =
      target !== null &&
      target.home === home &&
      target.collection === collection.segment &&
      target.user.toLowerCase() === scope.actor.email.toLowerCase();
    if (target && inHere) names.set(target.item, raw);
    else responses.push(statusResponse(raw, 404));
  }
  const items = await collection.get(scope, [...names.keys()], props.want);
  const seen = new Set<string>();
  for (const item of items) {
    seen.add(item.name);
    responses.push(itemResponse(scope, home, collection, item, props));
  }
  for (const [name, raw] of names) if (!seen.has(name)) responses.push(statusResponse(raw, 404));
  return multistatusChunks(responses);
};
