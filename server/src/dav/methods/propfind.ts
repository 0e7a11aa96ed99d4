import type { DavMethod, DavRequestContext } from '../context';
import { depthOf, sendXml } from '../context';
import { assertOwnUser, listCollections, requireCollection } from '../collections/lookup';
import type { DavResource, PropMap } from '../props/resources';
import {
  collectionResource,
  homeResource,
  itemResource,
  principalResource,
  principalsResource,
  rootResource,
} from '../props/resources';
import { child, parseXml, type XmlElement } from '../xml/parse';
import { multistatusChunks, propstatResponse, PropValue, XmlNode } from '../xml/multistatus';
import { dav } from '../xml/namespaces';
import { badRequest, notFound } from '../errors';

/**
 * PROPFIND (RFC 4918 §9.1). Reads the request (prop / allprop / propname), collects the target and, at Depth 1, its
 * members, and answers one multistatus. Unknown properties go to a 404 propstat after the 200 one.
 */
export type PropRequest = { kind: 'prop'; names: string[] } | { kind: 'allprop' } | { kind: 'propname' };

/**
 * Properties one PROPFIND or REPORT may name. Clients ask for a few dozen; every name is answered for every resource
 * (a 404 propstat for unknown ones), so 200,000 names made a 140 MB answer.
 */
export const MAX_REQUESTED_PROPERTIES = 256;

/** The Clark names inside a `<d:prop>` of a request, refused (400) above the cap. Pure. */
export function requestedPropNames(prop: XmlElement): string[] {
  if (prop.children.length > MAX_REQUESTED_PROPERTIES)
    throw badRequest(
      `A request may name at most ${MAX_REQUESTED_PROPERTIES} properties (${prop.children.length} named)`,
    );
  return prop.children.map((c) => c.name);
}

export function parsePropfindBody(body: string): PropRequest {
  if (!body.trim()) return { kind: 'allprop' };
  const root = parseXml(body);
  if (root.name !== dav('propfind')) throw badRequest('PROPFIND body must be a DAV:propfind element');
  const prop = child(root, dav('prop'));
  if (prop) return { kind: 'prop', names: requestedPropNames(prop) };
  if (child(root, dav('propname'))) return { kind: 'propname' };
  return { kind: 'allprop' };
}

/** Selects the requested properties out of a resource's full map. Pure. */
export function selectProps(
  available: PropMap,
  request: PropRequest,
): { found: Array<[string, PropValue]>; missing: string[] } {
  if (request.kind === 'allprop') return { found: [...available.entries()], missing: [] };
  if (request.kind === 'propname') return { found: [...available.keys()].map((name) => [name, null]), missing: [] };
  const found: Array<[string, PropValue]> = [];
  const missing: string[] = [];
  for (const name of request.names) {
    if (available.has(name)) found.push([name, available.get(name)!]);
    else missing.push(name);
  }
  return { found, missing };
}

export async function propfindResponse(resource: DavResource, request: PropRequest): Promise<XmlNode> {
  const { found, missing } = selectProps(await resource.props(), request);
  return propstatResponse(resource.href, found, missing);
}

async function resourcesFor(ctx: DavRequestContext, depth: '0' | '1'): Promise<DavResource[]> {
  const { scope, path } = ctx;
  switch (path.type) {
    case 'root': {
      const root = rootResource(scope, ctx.href.startsWith('/dav') ? undefined : ctx.href);
      return depth === '0' ? [root] : [root, principalsResource(scope)];
    }
    case 'principals':
      return depth === '0' ? [principalsResource(scope)] : [principalsResource(scope), principalResource(scope)];
    case 'principal':
      assertOwnUser(scope, path.user);
      return [principalResource(scope)];
    case 'home': {
      assertOwnUser(scope, path.user);
      const home = homeResource(scope, path.home);
      if (depth === '0') return [home];
      const collections = await listCollections(scope, path.home);
      return [home, ...collections.map((c) => collectionResource(scope, path.home, c))];
    }
    case 'collection': {
      const collection = await requireCollection(scope, path.home, path.user, path.collection);
      const self = collectionResource(scope, path.home, collection);
      if (depth === '0') return [self];
      const items = await collection.list(scope);
      return [self, ...items.map((meta) => itemResource(scope, path.home, collection, meta))];
    }
    case 'item': {
      const collection = await requireCollection(scope, path.home, path.user, path.collection);
      const [item] = await collection.get(scope, [path.item]);
      if (!item) throw notFound('No such item');
      return [itemResource(scope, path.home, collection, item)];
    }
  }
}

export const propfind: DavMethod = async (ctx) => {
  const request = parsePropfindBody(ctx.body);
  const resources = await resourcesFor(ctx, depthOf(ctx));
  const responses: XmlNode[] = [];
  for (const resource of resources) responses.push(await propfindResponse(resource, request));
  sendXml(ctx.res, 207, multistatusChunks(responses));
};
