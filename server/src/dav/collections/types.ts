import type { Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import type { Services } from '../../http/context';
import type { XmlElement } from '../xml/parse';
import type { PropValue } from '../xml/multistatus';
import type { DavCaches } from '../caches';
import type { VersionReadAhead } from '../store/change-version';

/**
 * The contract between the DAV protocol layer (methods/, reports/) and the data behind a collection.
 * The protocol layer knows nothing about partners, events or tasks: a home (`addressbooks`, `calendars`) lists the
 * collections its kinds return, and every method talks to a `DavCollection` only. Adding calendars, task lists or
 * anything else = one more `DavCollectionKind` registered in collections/registry.ts (see dav/README.md).
 */

/** Who asks, and with what: built once per request by router.ts. */
export interface DavScope {
  actor: Actor;
  services: Services;
  /** The process's DAV caches (dav/caches.ts), made by the composition root. */
  caches: DavCaches;
  /** A read request's collection version, read while the client was authenticated (store/change-version.ts). */
  versionAhead?: VersionReadAhead;
}

/** A scope inside the request's one write transaction (PUT, DELETE, MKCOL, PROPPATCH). */
export interface DavWriteScope extends DavScope {
  tx: Transaction;
}

export type DavHome = 'addressbooks' | 'calendars';

/** What a collection listing (PROPFIND Depth 1, sync-collection) needs of an item, without its body. */
export interface DavItemMeta {
  /** The last path segment, exactly as the client chose it (stored as given, never derived for client items). */
  name: string;
  /** Strong ETag, quoted: `"…"`. */
  etag: string;
  contentType: string;
  lastModified: Date;
}

export interface DavItem extends DavItemMeta {
  body: string;
}

/** The representation a client asked for (CardDAV address-data / Accept; CalDAV calendar-data). */
export interface DavRepresentation {
  /** e.g. 'text/vcard' */
  contentType?: string;
  /** e.g. '3.0' | '4.0' for vCards */
  version?: string;
  /** CalDAV `<C:expand start end>` (RFC 4791 §9.6.5): the recurrence instances of this range, in UTC ms. */
  expand?: { start: number; end: number };
}

export interface DavChanges {
  /** Names of items created or changed since the token. */
  changed: string[];
  /** Names of items deleted (or no longer visible) since the token. */
  removed: string[];
  /** The revision the next sync-token carries. */
  revision: number;
  /** True when `limit` cut the list (RFC 6578 §3.6: answer 507 on the request-URI, client asks again). */
  truncated: boolean;
}

/**
 * A PUT's If-Match / If-None-Match (RFC 7232), checked by the collection inside the write transaction against the
 * item's current ETag — read together with what the write reads anyway, rather than by a separate head() first.
 */
export interface PutPrecondition {
  /** Whether the request carries a condition at all: a plain PUT needs no current ETag. */
  conditional: boolean;
  /** Throws 412 when the condition fails for this current ETag (null: there is no such item). */
  check(currentEtag: string | null): void;
}

export interface DavPutResult {
  created: boolean;
  /** The new ETag, or null when the stored body differs from what was sent (RFC 4791 §5.3.4 / RFC 6352 §6.3.2.3). */
  etag: string | null;
}

/** Extra properties of a collection for PROPFIND: Clark name (`{ns}local`) → value. */
export type DavProps = Map<string, PropValue>;

/** A REPORT the collection answers beyond multiget and sync-collection (which every collection has). */
export type DavQueryReport = (scope: DavScope, request: XmlElement) => Promise<DavItem[]>;

export interface DavCollection {
  /** Path segment below the home (`customers`, `contacts`, `42`, a client-chosen MKCOL name). */
  segment: string;
  /** Clark names of the resourcetype children besides DAV:collection, e.g. `{urn:ietf:params:xml:ns:carddav}addressbook`. */
  resourceTypes: string[];
  /** Content type of the items (`text/vcard; charset=utf-8`, `text/calendar; charset=utf-8`). */
  itemContentType: string;
  /** Largest accepted item body in bytes (advertised as max-resource-size, enforced on PUT). */
  maxResourceSize: number;
  /** displayname, description, color, supported-address-data, … (everything kind-specific). */
  properties(scope: DavScope): Promise<DavProps>;
  /** Clark names of the REPORTs answered on this collection (for supported-report-set). */
  reports: string[];
  /** Query REPORTs by Clark name of the request's root element (addressbook-query, calendar-query, …). */
  queries: Record<string, DavQueryReport>;
  /** Whether the actor may PUT/DELETE items (read-only collections answer 403 DAV:need-privileges). */
  writable: boolean;

  list(scope: DavScope): Promise<DavItemMeta[]>;
  /** The items with these names the actor may see; names that are missing or hidden are simply absent. */
  get(scope: DavScope, names: string[], want?: DavRepresentation): Promise<DavItem[]>;
  /** The current ETag of one item, or null (used for If-Match/If-None-Match inside the write transaction). */
  head(scope: DavWriteScope, name: string): Promise<DavItemMeta | null>;
  /**
   * Creates or replaces one item, after `precondition.check` with the item's current ETag (before writing anything).
   * Throws DavError with the precondition element for bad bodies.
   */
  put(
    scope: DavWriteScope,
    name: string,
    body: string,
    contentType: string | undefined,
    precondition: PutPrecondition,
  ): Promise<DavPutResult>;
  delete(scope: DavWriteScope, name: string): Promise<void>;
  /** RFC 6578: names changed/removed after `since` (0 = everything). Cost proportional to the changes. */
  changes(scope: DavScope, since: number, limit: number): Promise<DavChanges>;
  /** The revision a sync-token / getctag for the current state carries. */
  syncRevision(scope: DavScope): Promise<number>;
  /** PROPPATCH on the collection (displayname, color, description, timezone); absent = read-only properties. */
  patch?(scope: DavWriteScope, set: Map<string, XmlElement>, remove: string[]): Promise<Map<string, number>>;
  /** DELETE of the collection itself (client-created collections only). */
  remove?(scope: DavWriteScope): Promise<void>;
  /** CalDAV free-busy-query (RFC 4791 §7.10): answered with a text/calendar VFREEBUSY, not a multistatus. */
  freeBusy?(scope: DavScope, request: XmlElement): Promise<string>;
}

export interface DavCollectionKind {
  /** Which home this kind lives in. */
  home: DavHome;
  /** The collections of this kind the actor has (Depth 1 on the home). */
  list(scope: DavScope): Promise<DavCollection[]>;
  /** One collection by its segment, or null. */
  find(scope: DavScope, segment: string): Promise<DavCollection | null>;
  /**
   * The change-log collection a segment's items are versioned by, when the segment alone tells (no statement, no
   * actor): read ahead while the client is authenticated (store/change-version.ts, readVersionAhead).
   */
  changeLogOf?(segment: string): string | null;
  /**
   * Extended MKCOL (RFC 5689) / MKCALENDAR (RFC 4791 §5.3.1): the kind that `creates` the requested resourcetype
   * makes the collection. `props` are the requested initial properties (Clark name → element).
   */
  creates?: string;
  create?(scope: DavWriteScope, segment: string, props: Map<string, XmlElement>): Promise<DavCollection>;
}
