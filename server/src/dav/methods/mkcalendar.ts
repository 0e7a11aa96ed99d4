import type { DavMethod } from '../context';
import { inWriteScope } from '../context';
import { assertOwnUser, findCollection } from '../collections/lookup';
import { kindsOf } from '../collections/registry';
import { child, parseXml, XmlElement } from '../xml/parse';
import { caldav, dav } from '../xml/namespaces';
import { DavError, forbidden, methodNotAllowed } from '../errors';
import { el } from '../xml/multistatus';

/** The initial properties of a MKCALENDAR body (RFC 4791 §5.3.1: `<C:mkcalendar><D:set><D:prop>…`). Pure. */
export function parseMkcalendarBody(body: string): Map<string, XmlElement> {
  const props = new Map<string, XmlElement>();
  if (!body.trim()) return props;
  const root = parseXml(body);
  if (root.name !== caldav('mkcalendar'))
    throw new DavError(415, 'MKCALENDAR body must be a CALDAV:mkcalendar element');
  for (const set of root.children.filter((c) => c.name === dav('set'))) {
    for (const prop of child(set, dav('prop'))?.children ?? []) props.set(prop.name, prop);
  }
  return props;
}

/**
 * MKCALENDAR (RFC 4791 §5.3.1): the calendar kind creates a CRM calendar at the requested URL, holding the
 * components the body's supported-calendar-component-set names (the kind decides which it accepts).
 */
export const mkcalendar: DavMethod = async (ctx) => {
  const { path, scope } = ctx;
  if (path.type !== 'collection' || path.home !== 'calendars')
    throw methodNotAllowed('Calendars can only be created in the calendar home');
  assertOwnUser(scope, path.user);
  if (await findCollection(scope, path.home, path.collection)) {
    throw new DavError(405, 'The collection already exists', el(dav('resource-must-be-null')));
  }
  const props = parseMkcalendarBody(ctx.body);
  const kind = kindsOf('calendars').find((k) => k.creates === caldav('calendar'));
  if (!kind?.create) throw forbidden('Calendars cannot be created here', el(caldav('calendar-collection-location-ok')));
  await inWriteScope(ctx, (write) => kind.create!(write, path.collection, props));
  ctx.res.status(201).set('Content-Length', '0').end();
};
