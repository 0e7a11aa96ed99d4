import type { Sequelize, Transaction } from 'sequelize';
import { dateOf, placeholders, sqlOf } from '../../db/sql';
import type { DavScope } from '../collections/types';
import { noteRendering, persistedRenderings } from './persisted-renderings';

/**
 * What a calendar item's ETag is made of, read without loading its events, and the rendered bodies of items the
 * process has already rendered at that ETag.
 *
 * A CRM series is rendered to iCalendar on every read (events → ical.js), which is what made a one-month
 * calendar-query slower than Radicale reading files. An item's ETag changes with every change of its series (a new
 * revision) and of its stored body (the hash), so "same calendar, same item, same ETag, same viewer, same floating
 * zone" means the same bytes: that is the cache key, checked against the database on every request — several server
 * processes each keep their own cache and can never serve a body the database has moved past.
 */
export interface ItemStamp {
  etag: string;
  lastModified: Date;
}

export interface SeriesStamp {
  revision: number;
  count: number;
  updatedAt: Date;
}

export interface StoredCalendarObject {
  name: string;
  uid: string;
  body: string;
  etag: string;
  updatedAt: Date;
  /**
   * The CRM event (series master) the object was written to, or null for an object kept only as sent (a task in a
   * phone's task list, a lone overridden occurrence). An object with an event but no series left in the calendar
   * (the CRM deleted or moved it) is no item any more: see isItem.
   */
  entityId: number | null;
}

/**
 * Whether there is a calendar item: a CRM series, or an object kept as sent. An object written to a CRM event whose
 * series is gone from the calendar (the CRM deleted or moved it) is a leftover, no item. Pure.
 */
export function isItem(hasSeries: boolean, object: Pick<StoredCalendarObject, 'entityId'> | undefined): boolean {
  return hasSeries || (object !== undefined && object.entityId === null);
}

/** The ETag of a series (its newest revision and size, and the stored body's hash), or of a stored-only object. */
export function itemStamp(
  series: SeriesStamp | undefined,
  object: Pick<StoredCalendarObject, 'etag' | 'updatedAt'> | undefined,
): ItemStamp {
  if (!series) return { etag: object!.etag, lastModified: object!.updatedAt };
  const objectPart = object ? `-${object.etag.replace(/"/g, '').slice(0, 8)}` : '';
  return { etag: `"e${series.revision}-${series.count}${objectPart}"`, lastModified: series.updatedAt };
}

export async function seriesStamps(
  sequelize: Sequelize,
  calendarId: number,
  uids: string[],
  tx?: Transaction,
): Promise<Map<string, SeriesStamp>> {
  if (!uids.length) return new Map();
  const rows = await sqlOf(sequelize, tx).all<{
    uid: string;
    revision: number | string;
    count: number | string;
    updatedAt: string | Date;
  }>(
    `SELECT uid, MAX(revision) AS revision, COUNT(*) AS count, MAX(updated_at) AS updatedAt
       FROM events WHERE calendar_id = ? AND uid IN (${placeholders(uids.length)}) GROUP BY uid`,
    [calendarId, ...uids],
  );
  return new Map(
    rows.map((r) => [r.uid, { revision: Number(r.revision), count: Number(r.count), updatedAt: dateOf(r.updatedAt)! }]),
  );
}

/** The live stored objects (body not null) of these UIDs in the collection `key`, by UID. */
export async function storedObjects(
  sequelize: Sequelize,
  key: string,
  uids: string[],
  tx?: Transaction,
): Promise<Map<string, StoredCalendarObject>> {
  if (!uids.length) return new Map();
  const rows = await sqlOf(sequelize, tx).all<Omit<StoredCalendarObject, 'updatedAt'> & { updatedAt: string | Date }>(
    `SELECT name, uid, body, etag, updated_at AS updatedAt, entity_id AS entityId FROM dav_objects
      WHERE collection_key = ? AND uid IN (${placeholders(uids.length)}) AND body IS NOT NULL`,
    [key, ...uids],
  );
  return new Map(rows.map((r) => [r.uid, { ...r, updatedAt: dateOf(r.updatedAt)! }]));
}

export interface RenderKey {
  collectionKey: string;
  uid: string;
  viewerId: number;
  etag: string;
  floatingTz: string | null;
}

const cacheKey = (k: RenderKey): string =>
  [k.collectionKey, k.uid, String(k.viewerId), k.etag, k.floatingTz ?? ''].join('\n');

/** A rendering remembered in the process's caches (dav/caches.ts, `renders`). */
export function cachedRender(scope: DavScope, key: RenderKey): string | undefined {
  return scope.caches.renders.get(cacheKey(key));
}

/**
 * Remembers a rendering in the process's cache and notes it to be kept in the database (persisted-renderings.ts), so
 * other and later processes need not render it again. Callers inside a write transaction must not: if it rolls back,
 * its revision number is handed out again, and the same ETag could later stand for other bytes.
 */
export function rememberRender(scope: DavScope, calendarId: number, key: RenderKey, body: string): void {
  scope.caches.renders.set(cacheKey(key), body);
  if (scope.caches.enabled) noteRendering(scope.services.sequelize, calendarId, key, body, scope.caches.occurrences);
}

/**
 * The renderings of these keys (one calendar, viewer and zone) that the process has not rendered itself but some
 * process kept in the database at the same ETag, by UID; remembered in the process's cache, with their instance times
 * (occurrence-summary.ts) where those were kept too. None with caches off.
 */
export async function keptRenders(scope: DavScope, keys: RenderKey[]): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  if (!scope.caches.enabled || !keys.length) return bodies;
  const found = await persistedRenderings(scope.services.sequelize, keys);
  for (const key of keys) {
    const kept = found.get(key.uid);
    if (!kept) continue;
    bodies.set(key.uid, kept.body);
    scope.caches.renders.set(cacheKey(key), kept.body);
    if (kept.summary) scope.caches.occurrences.set(kept.body, { floatingTz: key.floatingTz, summary: kept.summary });
  }
  return bodies;
}
