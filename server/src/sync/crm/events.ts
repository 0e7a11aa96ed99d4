import { Op, type Transaction } from 'sequelize';
import { parseCalendarObject } from '@akte/core';
import {
  eventCodec,
  eventsOfFields,
  fieldsOfEvents,
  type CrmChangePage,
  type CrmRecord,
  type Fields,
} from '@akte/sync-engine';
import { calendarScope, eventScope, eventVisibleSql, within } from '../../access/policy';
import { placeholders, sqlOf } from '../../db/sql';
import { answerInvitation } from '../../domain/calendar/attendance';
import { Calendar, CalendarEvent } from '../../domain/calendar/model';
import { DavError } from '../../dav/errors';
import { DomainError, ForbiddenError } from '../../domain/errors';
import { deleteSeries, seriesViews, writeSeries } from '../../dav/caldav/event-series';
import { createNewSeries } from '../../dav/caldav/new-series';
import { domainContext } from '../../dav/mapping/partner-write';
import { attendeeAnswers } from './attendee-answers';
import { ReadOnlyRecordError, RecordRefusedError, writeScopeOf, type CrmKind, type CrmScope } from './crm-kind';

/**
 * Events: the series (a master and its overridden occurrences, one UID) of the owner's calendar `crm_scope`, read
 * and written through the calendar domain the way CalDAV does (dav/caldav/event-series.ts). crmId =
 * `<calendar id>:<uid>`, because a series lives in one calendar but the collection may link one of another: when two
 * users sync the same meeting from their own remote calendars, the second adopts the event the first brought in
 * (by UID, if the policy lets them see it: organizer, attendee, a team calendar) instead of making a copy — issue
 * #11 item 14. The CRM cursor is the change log of the own calendar plus the entries of such linked series.
 */
const crmIdOf = (calendarId: number, uid: string): string => `${calendarId}:${uid}`;

function parseCrmId(crmId: string): { calendarId: number; uid: string } {
  const colon = crmId.indexOf(':');
  return { calendarId: Number(crmId.slice(0, colon)), uid: crmId.slice(colon + 1) };
}

const calendarOf = (scope: CrmScope): number => Number(scope.crmScope);

async function seriesEvents(scope: CrmScope, calendarId: number, uids: string[], tx?: Transaction) {
  if (!uids.length) return [];
  return CalendarEvent.findAll({
    where: within(eventScope(scope.actor), { calendarId, uid: { [Op.in]: uids } }),
    order: [
      ['uid', 'ASC'],
      ['recurrenceId', 'ASC'],
    ],
    transaction: tx,
  });
}

async function recordOf(scope: CrmScope, calendarId: number, uid: string, tx?: Transaction): Promise<CrmRecord | null> {
  return (await recordsOf(scope, calendarId, [uid], tx)).get(uid) ?? null;
}

/** The records of several series of one calendar, by UID (those without a master the owner sees are left out). */
async function recordsOf(
  scope: CrmScope,
  calendarId: number,
  uids: string[],
  tx?: Transaction,
): Promise<Map<string, CrmRecord>> {
  const events = await seriesEvents(scope, calendarId, uids, tx);
  const records = new Map<string, CrmRecord>();
  const views = await seriesViews(
    scope.actor,
    events.filter((e) => events.some((m) => m.uid === e.uid && m.recurrenceId === '')),
    tx,
  );
  for (const [uid, view] of views) {
    // The master first: fieldsOfEvents reads the series from the first event.
    const data = [...view.data].sort((a, b) => (a.recurrenceId === '' ? -1 : b.recurrenceId === '' ? 1 : 0));
    records.set(uid, {
      id: crmIdOf(calendarId, uid),
      uid,
      revision: Math.max(...events.filter((e) => e.uid === uid).map((e) => Number(e.revision))),
      fields: fieldsOfEvents(data),
    });
  }
  return records;
}

/** Which of these series still have a master the owner sees: one query per calendar, not one per series. */
async function existingSeries(
  scope: CrmScope,
  series: Array<{ calendarId: number; uid: string }>,
): Promise<Set<string>> {
  const byCalendar = new Map<number, string[]>();
  for (const { calendarId, uid } of series) byCalendar.set(calendarId, [...(byCalendar.get(calendarId) ?? []), uid]);
  const found = new Set<string>();
  for (const [calendarId, uids] of byCalendar)
    for (let i = 0; i < uids.length; i += 500)
      for (const e of await seriesEvents(scope, calendarId, uids.slice(i, i + 500)))
        if (e.recurrenceId === '') found.add(crmIdOf(calendarId, e.uid));
  return found;
}

/** A write the calendar domain refused, in the sync's terms (writeSeries answers in CalDAV's). */
function refusal(err: unknown): never {
  if (err instanceof ForbiddenError) throw new ReadOnlyRecordError(err.message);
  if (err instanceof DomainError) throw new RecordRefusedError(err.message);
  if (err instanceof DavError) {
    if (err.status === 403 && /can read but not change|private/i.test(err.message))
      throw new ReadOnlyRecordError(err.message);
    throw new RecordRefusedError(err.message);
  }
  throw err;
}

/** The calendar object a series' fields make, checked as a PUT's body is; one the CRM cannot store is refused. */
function objectOf(uid: string, fields: Fields) {
  const text = eventCodec().encode(uid, fields, null);
  try {
    return parseCalendarObject(text, { allowedComponents: ['VEVENT'], forStorage: true });
  } catch (err) {
    throw new RecordRefusedError((err as Error).message);
  }
}

async function writeFields(scope: CrmScope, tx: Transaction, calendarId: number, uid: string, fields: Fields) {
  const object = objectOf(uid, fields);
  await writeSeries(writeScopeOf(scope, tx), calendarId, object, null).catch(refusal);
  const record = await recordOf(scope, calendarId, uid, tx);
  if (!record) throw new RecordRefusedError(`the event ${uid} could not be read back after writing it`);
  return record;
}

/** Whether the owner may change the events of this calendar (their own, a team's; all for 'all'/admin). */
async function mayChange(scope: CrmScope, calendarId: number, tx: Transaction): Promise<boolean> {
  if (calendarId === calendarOf(scope)) return true;
  const calendar = await Calendar.findOne({
    where: within(calendarScope(scope.actor), { id: calendarId }),
    attributes: ['id'],
    transaction: tx,
  });
  return calendar !== null;
}

/**
 * A colleague's meeting the owner attends, changed in the owner's remote copy: only the owner's own PARTSTAT is
 * taken (accept, decline, tentative), through the calendar domain's answerInvitation — the same action as any other
 * attendee's answer. The other fields stay the organizer's; the CRM's version reaches the remote copy with the
 * meeting's next change. Not an attendee at all: the record is read-only, as before.
 */
async function answerAsAttendee(scope: CrmScope, tx: Transaction, calendarId: number, uid: string, fields: Fields) {
  const events = await seriesEvents(scope, calendarId, [uid], tx);
  const view = (await seriesViews(scope.actor, events, tx)).get(uid);
  if (!view) throw new RecordRefusedError(`the event ${uid} is gone`);
  const isAttendee = view.data.some((e) =>
    e.attendees.some((a) => a.email.toLowerCase() === scope.actor.email.toLowerCase()),
  );
  if (!isAttendee) throw new ReadOnlyRecordError(`the event ${uid} is in a calendar you can read but not change`);
  const ids = new Map(events.map((e) => [e.recurrenceId, e.id]));
  const ctx = domainContext(writeScopeOf(scope, tx));
  for (const answer of attendeeAnswers(view.data, eventsOfFields(uid, fields), scope.actor.email))
    await answerInvitation(ctx, ids.get(answer.recurrenceId)!, answer.status).catch(refusal);
  const record = await recordOf(scope, calendarId, uid, tx);
  if (!record) throw new RecordRefusedError(`the event ${uid} could not be read back after answering it`);
  return record;
}

export const eventsKind: CrmKind = {
  async changes(scope, after, limit): Promise<CrmChangePage> {
    const own = `calendar:${calendarOf(scope)}`;
    const sql = sqlOf(scope.services.sequelize);
    const rows = await sql.all<{ revision: number | string; collection: string; uid: string | null }>(
      `SELECT c.revision AS revision, c.collection AS collection, c.uid AS uid FROM changes c
        WHERE c.entity = 'event' AND c.revision > ?
          AND (c.collection = ? OR c.uid IN (SELECT l.uid FROM sync_links l WHERE l.collection_id = ?))
        ORDER BY c.revision ASC LIMIT ?`,
      [after, own, scope.collectionId, limit + 1],
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit).filter((r) => r.uid && r.collection.startsWith('calendar:'));
    const last = rows.length ? Number(rows[Math.min(rows.length, limit) - 1].revision) : after;
    const latest = new Map<string, number>();
    for (const row of page) latest.set(crmIdOf(Number(row.collection.slice(9)), row.uid!), Number(row.revision));
    // A series of another calendar counts only where this collection linked it.
    const foreign = [...latest.keys()].filter((id) => parseCrmId(id).calendarId !== calendarOf(scope));
    const linked = new Set(
      foreign.length
        ? (
            await sql.all<{ crmId: string }>(
              `SELECT crm_id AS crmId FROM sync_links WHERE collection_id = ? AND crm_id IN (${placeholders(foreign.length)})`,
              [scope.collectionId, ...foreign],
            )
          ).map((r) => r.crmId)
        : [],
    );
    const wanted = [...latest.keys()].filter((id) => parseCrmId(id).calendarId === calendarOf(scope) || linked.has(id));
    const existing = await existingSeries(scope, wanted.map(parseCrmId));
    const changes = [];
    for (const [crmId, revision] of latest) {
      const { calendarId } = parseCrmId(crmId);
      if (calendarId !== calendarOf(scope) && !linked.has(crmId)) continue;
      const exists = existing.has(crmId);
      if (!exists && after === 0) continue;
      changes.push({ crmId, revision, deleted: !exists });
    }
    changes.sort((a, b) => a.revision - b.revision);
    return { changes, last, more };
  },

  read(scope, crmId, tx) {
    const { calendarId, uid } = parseCrmId(crmId);
    return recordOf(scope, calendarId, uid, tx);
  },

  async candidates(scope, query) {
    if (!query.uid) return [];
    // A plain statement (db/sql.ts): a first sync asks this for every remote event (index events_uid).
    const events = await sqlOf(scope.services.sequelize).all<{ calendarId: number }>(
      `SELECT e.calendar_id AS calendarId FROM events e
        WHERE e.uid = ? AND e.recurrence_id = '' AND ${eventVisibleSql(scope.actor, 'e')}`,
      [query.uid],
    );
    const records = await Promise.all(events.map((e) => recordOf(scope, e.calendarId, query.uid!)));
    // One series per UID is the CRM's own: the owner's calendar first, so a second copy elsewhere is no ambiguity.
    const found = records.filter((r): r is CrmRecord => r !== null);
    const own = found.filter((r) => parseCrmId(r.id).calendarId === calendarOf(scope));
    return own.length ? own : found.slice(0, 1);
  },

  async revision(scope, crmId, tx) {
    const { calendarId, uid } = parseCrmId(crmId);
    const events = await seriesEvents(scope, calendarId, [uid], tx);
    if (!events.some((e) => e.recurrenceId === '')) return null;
    return Math.max(...events.map((e) => Number(e.revision)));
  },

  create(scope, tx, uid, fields) {
    return writeFields(scope, tx, calendarOf(scope), uid, fields);
  },

  async createMany(scope, tx, creates) {
    // `create` for a page: the series created through the calendar domain in one go, read back in one go.
    const calendarId = calendarOf(scope);
    const objects = creates.map((c) => objectOf(c.uid, c.fields));
    await createNewSeries(writeScopeOf(scope, tx), calendarId, objects, null).catch(refusal);
    const records = await recordsOf(
      scope,
      calendarId,
      creates.map((c) => c.uid),
      tx,
    );
    return creates.map((c) => {
      const record = records.get(c.uid);
      if (!record) throw new RecordRefusedError(`the event ${c.uid} could not be read back after writing it`);
      return record;
    });
  },

  async update(scope, tx, crmId, fields) {
    const { calendarId, uid } = parseCrmId(crmId);
    if (!(await mayChange(scope, calendarId, tx))) return answerAsAttendee(scope, tx, calendarId, uid, fields);
    return writeFields(scope, tx, calendarId, uid, fields);
  },

  async remove(scope, tx, crmId) {
    const { calendarId, uid } = parseCrmId(crmId);
    await deleteSeries(writeScopeOf(scope, tx), calendarId, uid).catch(refusal);
  },
};
