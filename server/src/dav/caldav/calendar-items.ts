import { Op, QueryTypes, Sequelize } from 'sequelize';
import { expandedCalendarData, parseCalendarObject } from '@akte/core';
import { changesSince, recordChange } from '../../domain/changes/service';
import { Calendar, calendarComponents, CalendarEvent } from '../../domain/calendar/model';
import { eventsOfSeries } from '../../domain/calendar/event-rows';
import type {
  DavChanges,
  DavItem,
  DavItemMeta,
  DavPutResult,
  DavRepresentation,
  DavScope,
  DavWriteScope,
  PutPrecondition,
} from '../collections/types';
import { itemHref } from '../collections/resolve-path';
import { DavObject } from '../store/model';
import { bodyHash } from '../store/etag';
import { deleteSeries, renderSeries, seriesViews, writeSeries, type WrittenSeries } from './event-series';
import { placeholders, sqlIn, sqlOf } from '../../db/sql';
import { calendarVisibleSql } from '../../access/policy';
import {
  cachedRender,
  itemStamp,
  isItem,
  keptRenders,
  rememberRender,
  seriesStamps,
  storedObjects,
  type SeriesStamp,
} from './rendered-items';
import type { LoadedEntries, LoadedObject } from './calendar-index';
import { derivedItemName, ICAL_CONTENT_TYPE, MAX_INSTANCES, noUidConflict, parseObjectForPut } from './ical-body';

/**
 * The items of one CRM calendar: one per event series (UID). A series a client PUT keeps the client's name and raw
 * body (dav_objects, key `calendar:<id>`); a series created in the CRM appears as `<uid>.ics`. An object holding only
 * overridden occurrences (an invitation to one instance) has no CRM master to attach to: it is stored as sent.
 * ETag = the series' latest revision and size (+ the stored body's hash): every CRM change takes a new revision.
 */
export interface CalendarItemsSpec {
  calendar: Calendar;
  key: string;
  segment: string;
}

const live = { body: { [Op.ne]: null } };

/**
 * SQL: the stored object `o` is an item — kept as sent, or its CRM series is still in this calendar (one parameter:
 * the calendar id). The CRM deleting or moving a series a client wrote leaves the object behind; it is no item then.
 */
const LIVE_OBJECT = `(o.entity_id IS NULL OR EXISTS (SELECT 1 FROM events s WHERE s.calendar_id = ? AND s.uid = o.uid))`;

type SeriesMap = Map<string, CalendarEvent[]>;

async function seriesOf(calendarId: number, uids: string[] | null, tx?: DavWriteScope['tx']): Promise<SeriesMap> {
  if (uids && !uids.length) return new Map();
  const events = uids
    ? await eventsOfSeries(calendarId, uids, tx)
    : await CalendarEvent.findAll({
        where: { calendarId },
        order: [
          ['recurrenceId', 'ASC'],
          ['id', 'ASC'],
        ],
        transaction: tx,
      });
  const map: SeriesMap = new Map();
  for (const event of events) map.set(event.uid, [...(map.get(event.uid) ?? []), event]);
  return map;
}

/** What an item's ETag is made of, from its series' events (the formula is itemStamp's, rendered-items.ts). */
function stampOfEvents(events: CalendarEvent[]): SeriesStamp | undefined {
  if (!events.length) return undefined;
  return {
    revision: Math.max(...events.map((e) => Number(e.revision))),
    count: events.length,
    updatedAt: new Date(Math.max(...events.map((e) => e.updatedAt.getTime()))),
  };
}

/** Whether two series stamps name the same ETag part (revision and size). Pure. */
const sameStamp = (a: SeriesStamp | undefined, b: SeriesStamp | undefined): boolean =>
  a?.revision === b?.revision && a?.count === b?.count;

/**
 * Item names → UIDs: stored names first, then `<uid>.ics` for CRM series no client has named (a series a client
 * named answers only under that name). One statement.
 */
async function uidsByName(
  spec: CalendarItemsSpec,
  names: string[],
  tx?: DavWriteScope['tx'],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (!names.length) return result;
  const uids = names.filter((n) => n.endsWith('.ics')).map((n) => n.slice(0, -4));
  const derivedPart = uids.length
    ? `UNION ALL
       SELECT DISTINCT NULL AS name, e.uid AS uid FROM events e
        WHERE e.calendar_id = ? AND e.uid IN (${placeholders(uids.length)})
          AND NOT EXISTS (SELECT 1 FROM dav_objects o WHERE o.collection_key = ? AND o.uid = e.uid AND o.body IS NOT NULL)`
    : '';
  const rows = await sqlOf(Calendar.sequelize!, tx).all<{ name: string | null; uid: string | null }>(
    `SELECT o.name AS name, o.uid AS uid FROM dav_objects o
      WHERE o.collection_key = ? AND o.name IN (${placeholders(names.length)}) AND o.body IS NOT NULL
     ${derivedPart}`,
    uids.length ? [spec.key, ...names, spec.calendar.id, ...uids, spec.key] : [spec.key, ...names],
  );
  for (const row of rows) if (row.name !== null && row.uid) result.set(row.name, row.uid);
  for (const row of rows)
    if (row.name === null && !result.has(derivedItemName(row.uid!))) result.set(derivedItemName(row.uid!), row.uid!);
  return result;
}

/** One listing entry: the item's metadata and, for a CRM series, its UID (null for an object stored as sent). */
export interface ItemEntry {
  meta: DavItemMeta;
  seriesUid: string | null;
}

export async function listEntries(spec: CalendarItemsSpec): Promise<ItemEntry[]> {
  const [events, objects] = await Promise.all([
    CalendarEvent.findAll({
      where: { calendarId: spec.calendar.id },
      attributes: ['id', 'uid', 'revision', 'updatedAt'],
    }),
    DavObject.findAll({
      where: { collectionKey: spec.key, ...live },
      attributes: ['name', 'uid', 'etag', 'updatedAt', 'entityId'],
    }),
  ]);
  const series: SeriesMap = new Map();
  for (const event of events) series.set(event.uid, [...(series.get(event.uid) ?? []), event]);
  const byUid = new Map(objects.map((o) => [o.uid!, o]));
  const entries: ItemEntry[] = [...series].map(([uid, members]) => {
    const stamp = itemStamp(stampOfEvents(members), byUid.get(uid));
    return {
      seriesUid: uid,
      meta: {
        name: byUid.get(uid)?.name ?? derivedItemName(uid),
        etag: stamp.etag,
        contentType: ICAL_CONTENT_TYPE,
        lastModified: stamp.lastModified,
      },
    };
  });
  for (const object of objects) {
    if (series.has(object.uid!) || !isItem(false, object)) continue;
    entries.push({
      seriesUid: null,
      meta: { name: object.name, etag: object.etag, contentType: ICAL_CONTENT_TYPE, lastModified: object.updatedAt },
    });
  }
  return entries;
}

export async function listItems(spec: CalendarItemsSpec): Promise<DavItemMeta[]> {
  return (await listEntries(spec)).map((e) => e.meta);
}

export async function getItems(
  spec: CalendarItemsSpec,
  scope: DavScope,
  names: string[],
  want?: DavRepresentation,
  tx?: DavWriteScope['tx'],
): Promise<DavItem[]> {
  return itemsForEntries(spec, scope, await uidsByName(spec, names, tx), want, tx);
}

/**
 * An item's name, ETag and date without its body (PUT/DELETE preconditions): what itemsForEntries would answer,
 * minus the rendering.
 */
export async function itemMeta(
  spec: CalendarItemsSpec,
  scope: DavWriteScope,
  name: string,
): Promise<DavItemMeta | null> {
  const uid = (await uidsByName(spec, [name], scope.tx)).get(name);
  if (!uid) return null;
  const { sequelize } = scope.services;
  const [stamps, objects] = await Promise.all([
    seriesStamps(sequelize, spec.calendar.id, [uid], scope.tx),
    storedObjects(sequelize, spec.key, [uid], scope.tx),
  ]);
  const series = stamps.get(uid);
  const object = objects.get(uid);
  if (!isItem(series !== undefined, object)) return null;
  const stamp = itemStamp(series, object);
  return { name, etag: stamp.etag, contentType: ICAL_CONTENT_TYPE, lastModified: stamp.lastModified };
}

/** The items for item name → UID pairs already resolved (by uidsByName, or by a time-range lookup). */
export async function itemsForEntries(
  spec: CalendarItemsSpec,
  scope: DavScope,
  uids: Map<string, string>,
  want?: DavRepresentation,
  tx?: DavWriteScope['tx'],
  loaded?: Omit<LoadedEntries, 'entries'>,
): Promise<DavItem[]> {
  const uidList = [...new Set(uids.values())];
  const { sequelize } = scope.services;
  const [stamps, objects]: [Map<string, SeriesStamp>, Map<string, LoadedObject>] = loaded
    ? [loaded.stamps, loaded.objects]
    : await Promise.all([
        seriesStamps(sequelize, spec.calendar.id, uidList, tx),
        storedObjects(sequelize, spec.key, uidList, tx),
      ]);
  const floatingTz = spec.calendar.timezone;
  const renderKey = (uid: string) => ({
    collectionKey: spec.key,
    uid,
    viewerId: scope.actor.userId,
    etag: itemStamp(stamps.get(uid), objects.get(uid)).etag,
    floatingTz,
  });
  const bodies = new Map<string, string>();
  const misses: string[] = [];
  for (const uid of uidList) {
    if (!stamps.has(uid)) continue;
    const hit = tx ? undefined : cachedRender(scope, renderKey(uid));
    if (hit !== undefined) bodies.set(uid, hit);
    else misses.push(uid);
  }
  // Not rendered by this process: perhaps by another, or before a restart, at the same ETag (persisted-renderings.ts).
  const kept = tx ? new Map<string, string>() : await keptRenders(scope, misses.map(renderKey));
  const toRender = misses.filter((uid) => !kept.has(uid));
  for (const [uid, body] of kept) bodies.set(uid, body);
  if (toRender.length) {
    const unread = toRender.filter((uid) => objects.has(uid) && objects.get(uid)!.body === undefined);
    const [series, bodiesOfUnread] = await Promise.all([
      seriesOf(spec.calendar.id, toRender, tx),
      storedObjects(sequelize, spec.key, unread, tx),
    ]);
    // A body or series rewritten since the ETags were read renders fine but must not be remembered under the older
    // ETag (a kept rendering outlives the process: another would take the newer bytes for the older ETag's).
    const moved = new Set<string>();
    for (const [uid, object] of bodiesOfUnread) {
      if (object.etag !== objects.get(uid)!.etag) moved.add(uid);
      objects.get(uid)!.body = object.body;
    }
    for (const [uid, members] of series) if (!sameStamp(stampOfEvents(members), stamps.get(uid))) moved.add(uid);
    const views = await seriesViews(scope.actor, [...series.values()].flat(), tx);
    for (const [uid, view] of views) {
      const body = renderSeries(view, objects.get(uid)?.body ?? null, floatingTz);
      bodies.set(uid, body);
      if (!tx && !moved.has(uid)) rememberRender(scope, spec.calendar.id, renderKey(uid), body);
    }
  }
  const items: DavItem[] = [];
  for (const [name, uid] of uids) {
    const object = objects.get(uid);
    // A series answers its rendering; without one, only an object kept as sent is an item (isItem).
    const body = bodies.get(uid) ?? (isItem(false, object) ? object?.body : undefined);
    if (body === undefined) continue;
    const stamp = itemStamp(stamps.get(uid), object);
    items.push({
      name,
      etag: stamp.etag,
      contentType: ICAL_CONTENT_TYPE,
      lastModified: stamp.lastModified,
      body: expandIfAsked(body, want, spec),
    });
  }
  return items;
}

/** calendar-data with `<C:expand>` (RFC 4791 §9.6.5): the instances of the range instead of the rules. */
function expandIfAsked(body: string, want: DavRepresentation | undefined, spec: CalendarItemsSpec): string {
  const range = (want as { expand?: { start: number; end: number } } | undefined)?.expand;
  if (!range) return body;
  return expandedCalendarData(parseCalendarObject(body), range, {
    floatingTz: spec.calendar.timezone,
    limits: { maxInstances: MAX_INSTANCES, maxIterations: 200_000 },
  });
}

export async function putItem(
  spec: CalendarItemsSpec,
  scope: DavWriteScope,
  name: string,
  body: string,
  contentType: string | undefined,
  precondition: PutPrecondition,
): Promise<DavPutResult> {
  const object = parseObjectForPut(body, contentType, calendarComponents(spec.calendar));
  const tx = scope.tx;
  const sql = sqlIn(tx);
  const nameUid = name.endsWith('.ics') ? name.slice(0, -4) : null;
  // One statement: the UID this name holds now (a client's live object, or a CRM series no client named — the
  // rules of uidsByName), another live item with the new UID, a CRM series with it, this name's row (live or not),
  // and whether the actor may still write the calendar (what the calendar domain would otherwise read again).
  const [probe] = await sql.all<{
    storedUid: string | null;
    derivedUid: string | null;
    holder: string | null;
    crmSeries: number | null;
    rowId: number | null;
    writable: number | null;
  }>(
    `SELECT (SELECT o.uid FROM dav_objects o
              WHERE o.collection_key = ? AND o.name = ? AND o.body IS NOT NULL AND ${LIVE_OBJECT}) AS storedUid,
            (SELECT e.uid FROM events e WHERE e.calendar_id = ? AND e.uid = ?
                AND NOT EXISTS (SELECT 1 FROM dav_objects d
                                 WHERE d.collection_key = ? AND d.uid = e.uid AND d.body IS NOT NULL) LIMIT 1) AS derivedUid,
            (SELECT o.name FROM dav_objects o
              WHERE o.collection_key = ? AND o.uid = ? AND o.name <> ? AND o.body IS NOT NULL AND ${LIVE_OBJECT}
              LIMIT 1) AS holder,
            (SELECT e.id FROM events e WHERE e.calendar_id = ? AND e.uid = ? LIMIT 1) AS crmSeries,
            (SELECT o.id FROM dav_objects o WHERE o.collection_key = ? AND o.name = ?) AS rowId,
            (SELECT 1 FROM calendars c WHERE c.id = ? AND ${calendarVisibleSql(scope.actor, 'c')}) AS writable`,
    [
      spec.key,
      name,
      spec.calendar.id,
      spec.calendar.id,
      nameUid,
      spec.key,
      spec.key,
      object.uid,
      name,
      spec.calendar.id,
      spec.calendar.id,
      object.uid,
      spec.key,
      name,
      spec.calendar.id,
    ],
  );
  const currentUid = probe.storedUid ?? probe.derivedUid;
  const hereHref = itemHref('calendars', scope.actor.email, spec.segment, name);
  if (currentUid && currentUid !== object.uid)
    throw noUidConflict(`${name} holds UID ${currentUid}, not ${object.uid}`, hereHref);
  const otherName = probe.holder ?? (probe.crmSeries !== null && !currentUid ? derivedItemName(object.uid) : null);
  if (otherName)
    throw noUidConflict(
      'Another item in this calendar has the same UID',
      itemHref('calendars', scope.actor.email, spec.segment, otherName),
    );
  // No UID at this name: there is no item (itemMeta would answer null). Otherwise its ETag as head() has it.
  if (!currentUid) precondition.check(null);
  else if (precondition.conditional) precondition.check((await itemMeta(spec, scope, name))?.etag ?? null);
  let written: WrittenSeries | null = null;
  // Events become CRM events; tasks in a phone's task list (and lone overrides) are kept as sent.
  if (object.kind === 'VEVENT' && object.master)
    written = await writeSeries(scope, spec.calendar.id, object, spec.calendar.timezone, {
      seriesExists: probe.crmSeries !== null,
      // The collection's calendar as resolved for this request, confirmed writable inside this transaction.
      ...(probe.writable ? { writableCalendar: spec.calendar } : {}),
    });
  else if (probe.crmSeries !== null) await deleteSeries(scope, spec.calendar.id, object.uid);
  const masterId = written?.masterId ?? null;
  const etag = bodyHash(body);
  const rowId = await storeObject(scope, spec, probe.rowId, name, {
    body,
    uid: object.uid,
    entity: masterId ? 'event' : null,
    entityId: masterId,
    etag,
  });
  if (!masterId) {
    const revision = await recordChange(scope.services.sequelize, tx, [
      { collection: spec.key, entity: 'dav', entityId: rowId, uid: object.uid },
    ]);
    await sql.run('UPDATE dav_objects SET revision = ? WHERE id = ?', [revision, rowId]);
    // Stored as sent and nothing to render: GET answers these bytes.
    return { created: !currentUid, etag };
  }
  // What GET will answer: the series as the CRM now has it, rendered onto the stored body (RFC 4791 §5.3.4: when
  // that differs from what was sent, answer without ETag so the client refetches).
  // The series as just written (writeSeries), with its calendar's owner at hand: nothing is read back.
  const members = written!.members;
  const view = (
    await seriesViews(scope.actor, members, tx, {
      attendees: written!.attendees,
      calendarOwners: new Map([[spec.calendar.id, spec.calendar.ownerUserId]]),
    })
  ).get(object.uid);

  const rendered = view ? renderSeries(view, body, spec.calendar.timezone) : body;
  const stamp = itemStamp(stampOfEvents(members), { etag, updatedAt: new Date() });
  // The writer fetches the item next (at once when this answer carries no ETag): remember the rendering, but only
  // once the write is committed — a rolled-back revision is handed out again and could stand for other bytes.
  if (view) {
    const key = {
      collectionKey: spec.key,
      uid: object.uid,
      viewerId: scope.actor.userId,
      etag: stamp.etag,
      floatingTz: spec.calendar.timezone,
    };
    tx.afterCommit(() => rememberRender(scope, spec.calendar.id, key, rendered));
  }
  return { created: !currentUid, etag: rendered === body ? stamp.etag : null };
}

/** The client's name and raw body for an item, in the row for that name (kept without body after a DELETE). */
async function storeObject(
  scope: DavWriteScope,
  spec: CalendarItemsSpec,
  rowId: number | null,
  name: string,
  v: { body: string; uid: string; entity: string | null; entityId: number | null; etag: string },
): Promise<number> {
  const sql = sqlIn(scope.tx);
  const now = new Date();
  const values = [v.body, v.uid, v.entity, v.entityId, ICAL_CONTENT_TYPE, '2.0', v.etag, now];
  if (rowId !== null) {
    await sql.run(
      `UPDATE dav_objects SET body = ?, uid = ?, entity = ?, entity_id = ?, content_type = ?, version = ?, etag = ?,
              updated_at = ? WHERE id = ?`,
      [...values, rowId],
    );
    return rowId;
  }
  const { lastId } = await sql.run(
    `INSERT INTO dav_objects (body, uid, entity, entity_id, content_type, version, etag, updated_at,
                              collection_key, name, revision, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
    [...values, spec.key, name, now],
  );
  return lastId;
}

export async function deleteItem(spec: CalendarItemsSpec, scope: DavWriteScope, name: string): Promise<void> {
  const uid = (await uidsByName(spec, [name], scope.tx)).get(name);
  if (!uid) return;
  await deleteSeries(scope, spec.calendar.id, uid);
  const row = await DavObject.findOne({ where: { collectionKey: spec.key, name, ...live }, transaction: scope.tx });
  if (!row) return;
  // The row stays without body: its name is what sync-collection reports as removed.
  await row.update({ body: null }, { transaction: scope.tx });
  if (!row.entityId)
    await recordChange(
      scope.services.sequelize,
      scope.tx,
      [{ collection: spec.key, entity: 'dav', entityId: row.id, uid }],
      true,
    );
}

export async function itemChanges(
  spec: CalendarItemsSpec,
  scope: DavScope,
  since: number,
  limit: number,
): Promise<DavChanges> {
  const page = await changesSince(scope.services.sequelize, spec.key, since, limit);
  const davIds = page.changes.filter((c) => c.entity === 'dav').map((c) => c.entityId);
  const davRows = davIds.length
    ? await DavObject.findAll({ where: { id: { [Op.in]: davIds } }, attributes: ['id', 'uid'] })
    : [];
  const davUid = new Map(davRows.map((r) => [r.id, r.uid]));
  const uids = [
    ...new Set(
      page.changes.map((c) => (c.entity === 'dav' ? davUid.get(c.entityId) : c.uid)).filter((u): u is string => !!u),
    ),
  ];
  const [series, objects] = await Promise.all([
    seriesOf(spec.calendar.id, uids),
    uids.length
      ? DavObject.findAll({
          where: { collectionKey: spec.key, uid: { [Op.in]: uids } },
          attributes: ['name', 'uid', 'body', 'entityId'],
        })
      : [],
  ]);
  const changed = new Set<string>();
  const removed = new Set<string>();
  for (const uid of uids) {
    const object = objects.find((o) => o.uid === uid && o.body !== null) ?? objects.find((o) => o.uid === uid);
    const name = object?.name ?? derivedItemName(uid);
    if (isItem(series.has(uid), object?.body ? object : undefined)) changed.add(name);
    else removed.add(name);
  }
  return { changed: [...changed], removed: [...removed], revision: page.nextRevision, truncated: page.truncated };
}

export async function lastRevision(sequelize: Sequelize, key: string): Promise<number> {
  const [row] = await sequelize.query<{ rev: number | string | null }>(
    'SELECT MAX(revision) AS rev FROM changes WHERE collection = :collection',
    {
      replacements: { collection: key },
      type: QueryTypes.SELECT,
    },
  );
  return Number(row?.rev ?? 0);
}
