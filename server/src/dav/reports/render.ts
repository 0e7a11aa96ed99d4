import type { DavCollection, DavHome, DavItemMeta, DavRepresentation, DavScope } from '../collections/types';
import { itemHref } from '../collections/resolve-path';
import { itemProps, itemPropValue } from '../props/resources';
import { requestedPropNames, selectProps } from '../methods/propfind';
import type { PropRequest } from '../methods/propfind';
import { child, XmlElement } from '../xml/parse';
import { flattened, propstatResponse, PropValue, XmlNode } from '../xml/multistatus';
import { isReusable } from '../collections/reusable';
import { caldav, carddav, dav } from '../xml/namespaces';
import { expandRange } from '../caldav/query';

/** The data properties that carry an item's body in a REPORT (RFC 6352 §10.4, RFC 4791 §9.6). */
const [ADDRESS_DATA, CALENDAR_DATA, ADDRESSBOOK] = [
  carddav('address-data'),
  caldav('calendar-data'),
  carddav('addressbook'),
];
const DATA_PROPS = [ADDRESS_DATA, CALENDAR_DATA];

export interface ReportProps {
  request: PropRequest;
  want: DavRepresentation;
  /** Set by itemResponse on first use: what a reusable item's response depends on besides the item. */
  memoKey?: string;
}

/** Reads `<d:prop>` of a REPORT and the representation requested on address-data/calendar-data. Pure. */
export function reportProps(report: XmlElement): ReportProps {
  const prop = child(report, dav('prop'));
  if (!prop) return { request: { kind: 'prop', names: [dav('getetag')] }, want: {} };
  const names = requestedPropNames(prop);
  const data = prop.children.find((c) => DATA_PROPS.includes(c.name));
  const want: DavRepresentation = {};
  if (data?.attrs['content-type']) want.contentType = data.attrs['content-type'];
  if (data?.attrs.version) want.version = data.attrs.version;
  const expand = data ? expandRange(report) : null;
  if (expand) want.expand = expand;
  return { request: { kind: 'prop', names }, want };
}

/**
 * Whether a REPORT asks for item bodies (address-data/calendar-data): without them, what `list` knows (name, ETag,
 * type, date) answers it, and no body is loaded or rendered. Phones ask only for getetag in sync-collection and
 * fetch bodies with a multiget afterwards (RFC 6578 §3.3's recommended pattern).
 */
export function wantsBodies(props: ReportProps): boolean {
  return props.request.kind !== 'prop' || props.request.names.some((name) => DATA_PROPS.includes(name));
}

export function itemResponse(
  scope: DavScope,
  home: DavHome,
  collection: DavCollection,
  item: DavItemMeta & { body?: string },
  props: ReportProps,
): XmlNode {
  if (!isReusable(scope, item)) return buildItemResponse(scope, home, collection, item, props);
  // The href holds the viewer's name; the property set and the representation decide the rest.
  props.memoKey ??= [home, scope.actor.email, collection.segment, JSON.stringify(props)].join('\u0000');
  // Kept per reusable item (collections/reusable.ts) in the process's caches.
  const cached = scope.caches.responses.get(item);
  if (cached?.key === props.memoKey) return cached.node;
  const node = flattened(buildItemResponse(scope, home, collection, item, props));
  scope.caches.responses.set(item, { key: props.memoKey, node });
  return node;
}

function buildItemResponse(
  scope: DavScope,
  home: DavHome,
  collection: DavCollection,
  item: DavItemMeta & { body?: string },
  props: ReportProps,
): XmlNode {
  const href = itemHref(home, scope.actor.email, collection.segment, item.name);
  const dataProp = collection.resourceTypes.includes(ADDRESSBOOK) ? ADDRESS_DATA : CALENDAR_DATA;
  const request = props.request;
  if (request.kind !== 'prop') {
    const available = itemProps(item);
    // Without a body (wantsBodies said none was asked for), the data property is simply not offered.
    if (item.body !== undefined) available.set(dataProp, item.body);
    const { found, missing } = selectProps(available, request);
    return propstatResponse(href, found, missing);
  }
  // The usual case (named properties, thousands of items): pick them without building the whole map.
  const found: Array<[string, PropValue]> = [];
  const missing: string[] = [];
  for (const name of request.names) {
    const value = name === dataProp ? item.body : itemPropValue(item, name);
    if (value === undefined) missing.push(name);
    else found.push([name, value]);
  }
  return propstatResponse(href, found, missing);
}
