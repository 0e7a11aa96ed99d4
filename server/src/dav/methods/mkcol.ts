import type { DavMethod } from '../context';
import { inWriteScope } from '../context';
import { assertOwnUser, findCollection } from '../collections/lookup';
import { kindsOf } from '../collections/registry';
import { child, parseXml, XmlElement } from '../xml/parse';
import { dav } from '../xml/namespaces';
import { DavError, forbidden, methodNotAllowed } from '../errors';
import { el } from '../xml/multistatus';

/** The resourcetype and initial properties of an extended MKCOL body (RFC 5689 §5.1). Pure. */
export function parseMkcolBody(body: string): { resourceTypes: string[]; props: Map<string, XmlElement> } {
  const props = new Map<string, XmlElement>();
  if (!body.trim()) return { resourceTypes: [], props };
  const root = parseXml(body);
  if (root.name !== dav('mkcol')) throw new DavError(415, 'MKCOL body must be a DAV:mkcol element');
  for (const set of root.children.filter((c) => c.name === dav('set'))) {
    for (const prop of child(set, dav('prop'))?.children ?? []) props.set(prop.name, prop);
  }
  const resourceTypes = (props.get(dav('resourcetype'))?.children ?? [])
    .map((c) => c.name)
    .filter((n) => n !== dav('collection'));
  props.delete(dav('resourcetype'));
  return { resourceTypes, props };
}

/**
 * Extended MKCOL: the kind whose `creates` matches the requested resourcetype makes the collection. Plain
 * collections are not offered (a home only holds address books or calendars): 403 DAV:valid-resourcetype.
 */
export const mkcol: DavMethod = async (ctx) => {
  const { path, scope } = ctx;
  if (path.type !== 'collection') throw methodNotAllowed('Collections can only be created inside a home');
  assertOwnUser(scope, path.user);
  if (await findCollection(scope, path.home, path.collection)) throw methodNotAllowed('The collection already exists');
  const { resourceTypes, props } = parseMkcolBody(ctx.body);
  const kind = kindsOf(path.home).find((k) => k.creates && resourceTypes.includes(k.creates));
  if (!kind?.create)
    throw forbidden('Unsupported resourcetype for a new collection here', el(dav('valid-resourcetype')));
  await inWriteScope(ctx, (write) => kind.create!(write, path.collection, props));
  ctx.res.status(201).set('Content-Length', '0').end();
};
