import type { Sequelize } from 'sequelize';
import type { TimeRange } from '@akte/core';
import { dateOf, placeholders, sqlOf } from '../../db/sql';
import type { SeriesStamp, StoredCalendarObject } from './rendered-items';
import { derivedItemName } from './ical-body';
import { recurrenceEnd } from './recurrence-end';
import type { DavScope } from '../collections/types';

/**
 * What a time-range query needs of every item of a calendar, kept per process at the calendar's change-log version:
 * each series' UID, name, ETag stamp and the span its CRM events cover, and each object stored as sent (with its
 * body). Every write to a calendar's events or stored objects records a change in the calendar's collection
 * (domain/changes), and revisions commit in increasing order (the counter row's lock), so "newest revision unchanged,
 * and no tombstones pruned since" means "nothing in the calendar changed" — the same guarantee its sync-token and ctag
 * give clients. The version is read before the rows, so an index is never labelled newer than what it holds; several
 * server processes each check the database on every query and can never answer from a calendar the database has
 * moved past. A query then picks its candidates in memory instead of ~3 index lookups per candidate in SQL.
 */
export interface CalendarRef {
  calendar: { id: number };
  /** The calendar's collection key: stored objects and change log (`calendar:<id>`). */
  key: string;
}

/** A stored object as the index keeps it: the body only where no series stands behind the object. */
export type LoadedObject = Omit<StoredCalendarObject, 'body'> & { body?: string };

/** Item name → UID, with what the items' ETags (and the bodies of objects stored as sent) are made of already read. */
export interface LoadedEntries {
  entries: Map<string, string>;
  stamps: Map<string, SeriesStamp>;
  objects: Map<string, LoadedObject>;
  /** Names of the series that surely have an instance in the range asked for (surelyInside). */
  inside?: Set<string>;
}

/**
 * The instants a series' CRM events cover (ms) — up to its recurrence's end where that is known (recurrence-end.ts) —
 * and whether it recurs without a known end (then its span says nothing).
 */
export interface SeriesSpan {
  recurs: boolean;
  /** One CRM event without recurrence: the span is its one instance, give or take the zone of its times. */
  single?: boolean;
  firstStart: number;
  lastEnd: number;
}

export interface CalendarIndex extends LoadedEntries {
  spans: Map<string, SeriesSpan>;
}

const DAY = 86_400_000;

/**
 * Whether a series may have an instance in `range` (RFC 4791 §9.9 is decided afterwards on its instances): it recurs,
 * or its events' span overlaps the range with a day of margin for floating and all-day times, which the CRM's
 * columns hold as instants in the calendar's zone. Pure.
 */
export function mayOverlap(span: SeriesSpan, range: TimeRange): boolean {
  if (span.recurs) return true;
  return (
    (range.end === null || span.firstStart < range.end + DAY) &&
    (range.start === null || span.lastEnd >= range.start - DAY)
  );
}

/**
 * Whether a series surely has an instance in `range`: one CRM event without recurrence lying inside the range with
 * two days to spare on both sides. The CRM's columns hold its times as instants; a floating or all-day time, or a
 * calendar whose zone changed since, moves the rendered instance by less than that (zone offsets span 26 hours), and
 * an instance inside the range overlaps it (RFC 4791 §9.9, zero durations included). Such a series matches a plain
 * VEVENT time-range filter without parsing and expanding its rendering. Pure.
 */
export function surelyInside(span: SeriesSpan, range: TimeRange): boolean {
  if (!span.single || range.start === null || range.end === null) return false;
  return span.firstStart >= range.start + 2 * DAY && span.lastEnd <= range.end - 2 * DAY;
}

type IndexRow = {
  uid: string;
  revision: number | string | null;
  count: number | string | null;
  updatedAt: string | Date | null;
  recurs: number | string | null;
  firstStart: string | Date | null;
  lastEnd: string | Date | null;
  /** The series' rule, when exactly one of its events (the master) has one and none has RDATEs. */
  rules: number | string | null;
  rdates: number | string | null;
  rrule: string | null;
  ruleStart: string | Date | null;
  ruleEnd: string | Date | null;
  name: string | null;
  body: string | null;
  etag: string | null;
  objectUpdatedAt: string | Date | null;
  entityId: number | string | null;
};

/** The index rows of the whole calendar, or of these UIDs only (a refresh after changes). */
async function indexRows(sequelize: Sequelize, ref: CalendarRef, uids: string[] | null): Promise<IndexRow[]> {
  const id = ref.calendar.id;
  const only = (column: string) => (uids ? `AND ${column} IN (${placeholders(uids.length)})` : '');
  const some = uids ?? [];
  // Every series with its ETag stamp, span and stored object (name, ETag — the body is read only to render a series
  // anew), and every object stored without a series in this calendar, with its body (it is served as stored).
  return sqlOf(sequelize).all<IndexRow>(
    `SELECT e.uid AS uid, MAX(e.revision) AS revision, COUNT(*) AS count, MAX(e.updated_at) AS updatedAt,
            MAX(CASE WHEN e.rrule IS NOT NULL OR e.rdates NOT IN ('[]', '') THEN 1 ELSE 0 END) AS recurs,
            MIN(e.starts_at) AS firstStart, MAX(e.ends_at) AS lastEnd,
            SUM(CASE WHEN e.rrule IS NOT NULL THEN 1 ELSE 0 END) AS rules,
            MAX(CASE WHEN e.rdates NOT IN ('[]', '') THEN 1 ELSE 0 END) AS rdates, MAX(e.rrule) AS rrule,
            MAX(CASE WHEN e.rrule IS NOT NULL THEN e.starts_at END) AS ruleStart,
            MAX(CASE WHEN e.rrule IS NOT NULL THEN e.ends_at END) AS ruleEnd,
            MAX(o.name) AS name, NULL AS body, MAX(o.etag) AS etag, MAX(o.updated_at) AS objectUpdatedAt,
            MAX(o.entity_id) AS entityId
       FROM events e
       LEFT JOIN dav_objects o ON o.collection_key = ? AND o.uid = e.uid AND o.body IS NOT NULL
      WHERE e.calendar_id = ? ${only('e.uid')}
      GROUP BY e.uid
     UNION ALL
     SELECT o.uid AS uid, NULL AS revision, NULL AS count, NULL AS updatedAt, NULL AS recurs, NULL AS firstStart,
            NULL AS lastEnd, NULL AS rules, NULL AS rdates, NULL AS rrule, NULL AS ruleStart, NULL AS ruleEnd, o.name AS name, o.body AS body, o.etag AS etag, o.updated_at AS objectUpdatedAt,
            NULL AS entityId
       FROM dav_objects o
      WHERE o.collection_key = ? ${only('o.uid')} AND o.entity_id IS NULL AND o.body IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM events e WHERE e.calendar_id = ? AND e.uid = o.uid)`,
    [ref.key, id, ...some, ref.key, ...some, id],
  );
}

/** A series' span: its events' instants, and for a recurring one the end of its rule where that is known. */
function spanOf(r: IndexRow): SeriesSpan {
  const span = { recurs: false, firstStart: dateOf(r.firstStart)!.getTime(), lastEnd: dateOf(r.lastEnd)!.getTime() };
  if (Number(r.recurs) !== 1) return { ...span, single: Number(r.count) === 1 };
  const ruled = Number(r.rules) === 1 && Number(r.rdates) !== 1 && r.rrule !== null;
  const end = ruled ? recurrenceEnd(r.rrule!, dateOf(r.ruleStart)!.getTime(), dateOf(r.ruleEnd)!.getTime()) : null;
  if (end === null) return { ...span, recurs: true };
  return { ...span, lastEnd: Math.max(span.lastEnd, end) };
}

function emptyIndex(): CalendarIndex {
  return { entries: new Map(), stamps: new Map(), objects: new Map(), spans: new Map() };
}

function addRows(index: CalendarIndex, rows: IndexRow[]): CalendarIndex {
  for (const r of rows) {
    index.entries.set(r.name ?? derivedItemName(r.uid), r.uid);
    if (r.revision !== null) {
      index.stamps.set(r.uid, {
        revision: Number(r.revision),
        count: Number(r.count),
        updatedAt: dateOf(r.updatedAt)!,
      });
      index.spans.set(r.uid, spanOf(r));
    }
    if (r.etag !== null)
      index.objects.set(r.uid, {
        name: r.name!,
        uid: r.uid,
        ...(r.body !== null ? { body: r.body } : {}),
        etag: r.etag,
        updatedAt: dateOf(r.objectUpdatedAt)!,
        entityId: r.entityId === null ? null : Number(r.entityId),
      });
  }
  return index;
}

/**
 * The cached index with the series the change log names since its version re-read (a busy calendar changes a few
 * items between queries; store/versioned-indexes.ts bounds how many). A new index is built beside the cached one,
 * which a concurrent query may still be reading.
 */
async function caughtUp(
  sequelize: Sequelize,
  ref: CalendarRef,
  cached: CalendarIndex,
  changedUids: string[],
): Promise<CalendarIndex> {
  const changed = new Set(changedUids);
  const index = emptyIndex();
  for (const [name, uid] of cached.entries) {
    if (changed.has(uid)) continue;
    index.entries.set(name, uid);
    const stamp = cached.stamps.get(uid);
    const span = cached.spans.get(uid);
    const object = cached.objects.get(uid);
    if (stamp) index.stamps.set(uid, stamp);
    if (span) index.spans.set(uid, span);
    if (object) index.objects.set(uid, object);
  }
  return changed.size ? addRows(index, await indexRows(sequelize, ref, [...changed])) : index;
}

/** The calendar's index at its current version, kept in the process's caches (dav/caches.ts). */
async function calendarIndex(scope: DavScope, ref: CalendarRef): Promise<CalendarIndex> {
  const { sequelize } = scope.services;
  const index = await scope.caches.calendars.current(
    sequelize,
    ref.key,
    {
      collection: ref.key,
      changedColumn: 'uid',
      build: async () => addRows(emptyIndex(), await indexRows(sequelize, ref, null)),
      catchUp: (cached, changed) => caughtUp(sequelize, ref, cached, changed),
    },
    true,
    scope.versionAhead,
  );
  return index!;
}

/**
 * Item name → UID of every series that may have an instance in `range` (mayOverlap) and of every object stored as
 * sent: what a time-range query must look at, found without listing the calendar. The maps are the caller's own
 * (the caller may fill in bodies); the stamps and objects are copies of the index's.
 */
export async function entriesForRange(scope: DavScope, ref: CalendarRef, range: TimeRange): Promise<LoadedEntries> {
  const index = await calendarIndex(scope, ref);
  const loaded: LoadedEntries = { entries: new Map(), stamps: new Map(), objects: new Map(), inside: new Set() };
  for (const [name, uid] of index.entries) {
    const span = index.spans.get(uid);
    if (span && !mayOverlap(span, range)) continue;
    loaded.entries.set(name, uid);
    if (span && surelyInside(span, range)) loaded.inside!.add(name);
    const stamp = index.stamps.get(uid);
    if (stamp) loaded.stamps.set(uid, stamp);
    const object = index.objects.get(uid);
    if (object) loaded.objects.set(uid, { ...object });
  }
  return loaded;
}
