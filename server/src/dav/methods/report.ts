import type { DavMethod } from '../context';
import { sendXml } from '../context';
import { requireCollection } from '../collections/lookup';
import { collectionHref } from '../collections/resolve-path';
import { parseXml } from '../xml/parse';
import { caldav, carddav, dav } from '../xml/namespaces';
import { el, multistatusChunks, XmlNode } from '../xml/multistatus';
import { DavError } from '../errors';
import type { DavReport } from '../reports/types';
import { multigetReport } from '../reports/multiget';
import { syncCollectionReport } from '../reports/sync-collection';
import { itemResponse, reportProps } from '../reports/render';

/** REPORTs every collection answers; query reports come from the collection's `queries`. */
const GENERIC: Record<string, DavReport> = {
  [dav('sync-collection')]: syncCollectionReport,
  [carddav('addressbook-multiget')]: multigetReport,
  [caldav('calendar-multiget')]: multigetReport,
};

function unsupported(name: string): DavError {
  return new DavError(403, `REPORT ${name} is not supported here`, el(dav('supported-report')));
}

/** REPORT (RFC 3253 §3.6) on a collection; the root element of the body names the report. */
export const report: DavMethod = async (ctx) => {
  const { path, scope } = ctx;
  const body = parseXml(ctx.body);
  if (path.type !== 'collection') throw unsupported(body.name);
  const collection = await requireCollection(scope, path.home, path.user, path.collection);
  if (!collection.reports.includes(body.name)) throw unsupported(body.name);
  const href = collectionHref(path.home, scope.actor.email, collection.segment);
  const generic = GENERIC[body.name];
  if (generic) {
    sendXml(ctx.res, 207, await generic({ scope, home: path.home, collection, report: body, href }));
    return;
  }
  if (body.name === caldav('free-busy-query') && collection.freeBusy) {
    ctx.res
      .status(200)
      .set('Content-Type', 'text/calendar; charset=utf-8')
      .send(await collection.freeBusy(scope, body));
    return;
  }
  const query = collection.queries[body.name];
  if (!query) throw unsupported(body.name);
  const props = reportProps(body);
  const matches = await query(scope, body);
  // The query decides *which* items; fetch them again in the representation the client asked for.
  const items =
    props.want.contentType || props.want.version
      ? await collection.get(
          scope,
          matches.map((m) => m.name),
          props.want,
        )
      : matches;
  const responses: XmlNode[] = items.map((item) => itemResponse(scope, path.home, collection, item, props));
  sendXml(ctx.res, 207, multistatusChunks(responses));
};
