import type { DavCollection, DavHome, DavItemMeta, DavScope } from '../collections/types';
import { collectionHref, DAV_ROOT, homeHref, itemHref, principalHref } from '../collections/resolve-path';
import { el, PropValue, XmlNode } from '../xml/multistatus';
import { caldav, carddav, cs, dav } from '../xml/namespaces';
import { syncTokenUri } from '../reports/sync-token';

/**
 * The live properties of every kind of resource (RFC 4918 §15, RFC 3744 §5, RFC 5397, RFC 6352 §6-7, RFC 4791 §6,
 * RFC 6578 §4). Each builder returns the complete map; PROPFIND then selects what was asked for.
 */
export type PropMap = Map<string, PropValue>;

export interface DavResource {
  href: string;
  props(): Promise<PropMap>;
}

const hrefNode = (href: string): XmlNode => el(dav('href'), href);

function privileges(names: string[]): XmlNode[] {
  return names.map((name) => el(dav('privilege'), el(dav(name))));
}

const READ_ONLY = ['read', 'read-current-user-privilege-set'];
const READ_WRITE = [...READ_ONLY, 'write', 'write-content', 'write-properties', 'bind', 'unbind'];

function common(scope: DavScope, resourceType: XmlNode[], displayName: string | null): PropMap {
  const map: PropMap = new Map();
  map.set(dav('resourcetype'), resourceType);
  map.set(dav('current-user-principal'), hrefNode(principalHref(scope.actor.email)));
  if (displayName !== null) map.set(dav('displayname'), displayName);
  return map;
}

export function rootResource(scope: DavScope, href = DAV_ROOT): DavResource {
  return {
    href,
    props: async () => {
      const map = common(scope, [el(dav('collection'))], 'Akte');
      map.set(dav('current-user-privilege-set'), privileges(READ_ONLY));
      return map;
    },
  };
}

export function principalResource(scope: DavScope): DavResource {
  const { email, name } = scope.actor;
  return {
    href: principalHref(email),
    props: async () => {
      const map = common(scope, [el(dav('collection')), el(dav('principal'))], name);
      map.set(dav('principal-URL'), hrefNode(principalHref(email)));
      map.set(dav('owner'), hrefNode(principalHref(email)));
      map.set(carddav('addressbook-home-set'), hrefNode(homeHref('addressbooks', email)));
      map.set(caldav('calendar-home-set'), hrefNode(homeHref('calendars', email)));
      map.set(caldav('calendar-user-address-set'), [hrefNode(`mailto:${email}`), hrefNode(principalHref(email))]);
      map.set(dav('principal-collection-set'), hrefNode(`${DAV_ROOT}principals/`));
      map.set(dav('current-user-privilege-set'), privileges(READ_ONLY));
      map.set(dav('supported-report-set'), []);
      return map;
    },
  };
}

export function principalsResource(scope: DavScope): DavResource {
  return {
    href: `${DAV_ROOT}principals/`,
    props: async () => {
      const map = common(scope, [el(dav('collection'))], 'Principals');
      map.set(dav('current-user-privilege-set'), privileges(READ_ONLY));
      return map;
    },
  };
}

export function homeResource(scope: DavScope, home: DavHome): DavResource {
  const { email } = scope.actor;
  return {
    href: homeHref(home, email),
    props: async () => {
      const map = common(scope, [el(dav('collection'))], home === 'addressbooks' ? 'Address books' : 'Calendars');
      map.set(dav('owner'), hrefNode(principalHref(email)));
      // bind: clients may create collections here (extended MKCOL / MKCALENDAR).
      map.set(dav('current-user-privilege-set'), privileges([...READ_ONLY, 'bind', 'unbind']));
      map.set(dav('supported-report-set'), []);
      return map;
    },
  };
}

function isAddressBook(collection: DavCollection): boolean {
  return collection.resourceTypes.includes(carddav('addressbook'));
}

export function collectionResource(scope: DavScope, home: DavHome, collection: DavCollection): DavResource {
  const { email } = scope.actor;
  return {
    href: collectionHref(home, email, collection.segment),
    props: async () => {
      const resourceType = [el(dav('collection')), ...collection.resourceTypes.map((name) => el(name))];
      const map = common(scope, resourceType, null);
      const revision = await collection.syncRevision(scope);
      map.set(dav('owner'), hrefNode(principalHref(email)));
      map.set(cs('getctag'), String(revision));
      map.set(dav('sync-token'), syncTokenUri(revision));
      map.set(dav('current-user-privilege-set'), privileges(collection.writable ? READ_WRITE : READ_ONLY));
      map.set(
        dav('supported-report-set'),
        collection.reports.map((report) => el(dav('supported-report'), el(dav('report'), el(report)))),
      );
      const sizeProp = isAddressBook(collection) ? carddav('max-resource-size') : caldav('max-resource-size');
      map.set(sizeProp, String(collection.maxResourceSize));
      for (const [name, value] of await collection.properties(scope)) map.set(name, value);
      return map;
    },
  };
}

const ITEM_PROP_NAMES = ['resourcetype', 'getetag', 'getcontenttype', 'getlastmodified'].map(dav);
const [RESOURCETYPE, GETETAG, GETCONTENTTYPE, GETLASTMODIFIED] = ITEM_PROP_NAMES;

/** One live property of an item, or undefined: a listing asks a few of them for thousands of items. */
export function itemPropValue(meta: DavItemMeta, name: string): PropValue | undefined {
  switch (name) {
    case RESOURCETYPE:
      return [];
    case GETETAG:
      return meta.etag;
    case GETCONTENTTYPE:
      return meta.contentType;
    case GETLASTMODIFIED:
      return meta.lastModified.toUTCString();
    default:
      return undefined;
  }
}

export function itemProps(meta: DavItemMeta): PropMap {
  return new Map(ITEM_PROP_NAMES.map((name) => [name, itemPropValue(meta, name)!]));
}

export function itemResource(
  scope: DavScope,
  home: DavHome,
  collection: DavCollection,
  meta: DavItemMeta,
): DavResource {
  return {
    href: itemHref(home, scope.actor.email, collection.segment, meta.name),
    props: async () => itemProps(meta),
  };
}
