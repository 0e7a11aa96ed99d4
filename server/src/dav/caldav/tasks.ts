import { Op } from 'sequelize';
import { taskFromCalendarObject, writeTaskToCalendarObject, type TaskData } from '@akte/core';
import { collections } from '../../domain/changes/collections';
import { changesSince } from '../../domain/changes/service';
import { trackActivityChange } from '../../domain/activities/changes';
import { Activity } from '../../domain/activities/model';
import {
  cancelActivity,
  createActivity,
  deleteActivity,
  markActivityDone,
  reopenActivity,
  updateActivity,
} from '../../domain/activities/service';
import type {
  DavCollection,
  DavCollectionKind,
  DavItem,
  DavItemMeta,
  DavScope,
  DavWriteScope,
} from '../collections/types';
import { itemHref } from '../collections/resolve-path';
import { DavObject } from '../store/model';
import { bodyHash } from '../store/etag';
import { domainContext } from '../mapping/partner-write';
import { caldav, dav } from '../xml/namespaces';
import {
  calendarProps,
  crmRefusal,
  derivedItemName,
  ICAL_CONTENT_TYPE,
  MAX_ICAL_BYTES,
  noUidConflict,
  parseObjectForPut,
} from './ical-body';
import { lastRevision } from './calendar-items';
import { listQuery } from './query';

/**
 * "Tasks": the actor's activities with a due date, as VTODOs (`/dav/calendars/<email>/tasks/`). Ticking a task off
 * on the phone marks the activity done (with the history entry the REST API writes); cancelling cancels it. A
 * task a client PUT keeps its name and raw body (dav_objects, key `tasks:user:<id>`), so alarms, priorities and
 * X- properties come back as sent; it stays in the list even without a due date.
 */
const SEGMENT = 'tasks';
const live = { body: { [Op.ne]: null } };

function taskOf(activity: Activity): TaskData {
  return {
    uid: activity.uid,
    summary: activity.summary,
    note: activity.note,
    dueDate: activity.dueDate ? String(activity.dueDate).slice(0, 10) : null,
    dueTime: activity.dueTime ? activity.dueTime.slice(0, 5) : null,
    status: activity.status,
    doneAt: activity.doneAt,
  };
}

const etagOf = (activity: Activity, object: DavObject | undefined): string =>
  `"a${activity.id}-${Number(activity.revision)}${object ? `-${object.etag.replace(/"/g, '').slice(0, 8)}` : ''}"`;

function taskList(userId: number, email: string): DavCollection {
  const key = collections.tasks(userId);

  async function objects(where: object, tx?: DavWriteScope['tx']): Promise<DavObject[]> {
    return DavObject.findAll({ where: { collectionKey: key, ...live, ...where }, transaction: tx });
  }

  /** The listed activities: assigned to the actor, with a due date or stored by a client. */
  async function activities(where: object, tx?: DavWriteScope['tx']): Promise<Activity[]> {
    const stored = await objects({}, tx);
    const storedIds = stored.map((o) => o.entityId).filter((id): id is number => id !== null);
    return Activity.findAll({
      where: {
        assignedUserId: userId,
        [Op.or]: [{ dueDate: { [Op.ne]: null } }, { id: { [Op.in]: storedIds.length ? storedIds : [0] } }],
        ...where,
      },
      transaction: tx,
    });
  }

  async function itemsByName(
    names: string[],
    tx?: DavWriteScope['tx'],
  ): Promise<Array<{ name: string; activity: Activity; object?: DavObject }>> {
    if (!names.length) return [];
    const stored = await objects({ name: { [Op.in]: names } }, tx);
    const derivedUids = names
      .filter((n) => n.endsWith('.ics') && !stored.some((o) => o.name === n))
      .map((n) => n.slice(0, -4));
    const found = await activities(
      {
        [Op.and]: [
          { [Op.or]: [{ id: { [Op.in]: stored.map((o) => o.entityId ?? 0) } }, { uid: { [Op.in]: derivedUids } }] },
        ],
      },
      tx,
    );
    const named = await objects({ entityId: { [Op.in]: found.map((a) => a.id) } }, tx);
    const result: Array<{ name: string; activity: Activity; object?: DavObject }> = [];
    for (const activity of found) {
      const object = named.find((o) => o.entityId === activity.id);
      const name = object?.name ?? derivedItemName(activity.uid);
      if (names.includes(name)) result.push({ name, activity, object });
    }
    return result;
  }

  function toItem(entry: { name: string; activity: Activity; object?: DavObject }): DavItem {
    // DTSTAMP from the activity's last change: one ETag always means the same bytes.
    const body = writeTaskToCalendarObject(taskOf(entry.activity), entry.object?.body ?? null, {
      now: entry.activity.updatedAt,
    }).text;
    return {
      name: entry.name,
      etag: etagOf(entry.activity, entry.object),
      contentType: ICAL_CONTENT_TYPE,
      lastModified: entry.activity.updatedAt,
      body,
    };
  }

  async function applyStatus(scope: DavWriteScope, activity: Activity, wanted: TaskData['status']): Promise<void> {
    if (activity.status === wanted) return;
    const ctx = domainContext(scope);
    if (activity.status !== 'open') await reopenActivity(ctx, activity.id);
    if (wanted === 'done') await markActivityDone(ctx, activity.id);
    if (wanted === 'cancelled') await cancelActivity(ctx, activity.id);
  }

  const list: DavCollection = {
    segment: SEGMENT,
    resourceTypes: [caldav('calendar')],
    itemContentType: ICAL_CONTENT_TYPE,
    maxResourceSize: MAX_ICAL_BYTES,
    reports: [caldav('calendar-multiget'), caldav('calendar-query'), dav('sync-collection')],
    queries: { [caldav('calendar-query')]: (scope, request) => listQuery(list, scope, request, ['VTODO'], null) },
    writable: true,
    properties: async () =>
      calendarProps({
        displayName: 'Tasks',
        description: 'Your CRM activities with a due date',
        color: null,
        timezone: null,
        components: ['VTODO'],
      }),

    async list(): Promise<DavItemMeta[]> {
      const [found, stored] = await Promise.all([activities({}), objects({})]);
      return found.map((activity) => {
        const object = stored.find((o) => o.entityId === activity.id);
        return {
          name: object?.name ?? derivedItemName(activity.uid),
          etag: etagOf(activity, object),
          contentType: ICAL_CONTENT_TYPE,
          lastModified: activity.updatedAt,
        };
      });
    },
    get: async (_scope, names) => (await itemsByName(names)).map(toItem),
    head: async (scope, name) => (await itemsByName([name], scope.tx)).map(toItem)[0] ?? null,

    async put(scope, name, body, contentType, precondition) {
      const object = parseObjectForPut(body, contentType, ['VTODO']);
      const task = taskFromCalendarObject(object);
      const [current] = await itemsByName([name], scope.tx);
      precondition.check(current ? etagOf(current.activity, current.object) : null);
      if (current && current.activity.uid !== task.uid) {
        throw noUidConflict(
          `${name} holds UID ${current.activity.uid}, not ${task.uid}`,
          itemHref('calendars', email, SEGMENT, name),
        );
      }
      const clash = await Activity.findOne({ where: { uid: task.uid }, transaction: scope.tx });
      if (clash && clash.id !== current?.activity.id) {
        const mine = clash.assignedUserId === userId;
        throw noUidConflict(
          'Another task has the same UID',
          mine ? itemHref('calendars', email, SEGMENT, derivedItemName(task.uid)) : null,
        );
      }
      const ctx = domainContext(scope);
      const fields = {
        summary: task.summary.slice(0, 255) || '(no title)',
        note: task.note,
        dueDate: task.dueDate,
        dueTime: task.dueTime,
      };
      let activity: Activity;
      try {
        if (current) {
          activity = await updateActivity(ctx, current.activity.id, fields);
        } else {
          activity = await createActivity(ctx, { kind: 'task', ...fields, assignedUserId: userId });
          // The phone chose the UID; the CRM keeps it so the same task is recognized on every device.
          await activity.update({ uid: task.uid }, { transaction: scope.tx });
          await trackActivityChange(ctx, activity, null);
        }
        await applyStatus(scope, activity, task.status);
      } catch (error) {
        return crmRefusal(error);
      }
      const values = {
        body,
        uid: task.uid,
        entity: 'activity',
        entityId: activity.id,
        contentType: ICAL_CONTENT_TYPE,
        version: '2.0',
        etag: bodyHash(body),
      };
      const existing = await DavObject.findOne({ where: { collectionKey: key, name }, transaction: scope.tx });
      if (existing) await existing.update(values, { transaction: scope.tx });
      else await DavObject.create({ collectionKey: key, name, ...values }, { transaction: scope.tx });
      const [item] = (await itemsByName([name], scope.tx)).map(toItem);
      return { created: !current, etag: item && item.body === body ? item.etag : null };
    },

    async delete(scope, name) {
      const [current] = await itemsByName([name], scope.tx);
      if (!current) return;
      await deleteActivity(domainContext(scope), current.activity.id);
      if (current.object) await current.object.update({ body: null }, { transaction: scope.tx });
    },

    async changes(scope, since, limit) {
      const page = await changesSince(scope.services.sequelize, key, since, limit);
      const ids = page.changes.map((c) => c.entityId);
      const [present, stored] = await Promise.all([
        ids.length ? activities({ id: { [Op.in]: ids } }) : [],
        ids.length ? DavObject.findAll({ where: { collectionKey: key, entityId: { [Op.in]: ids } } }) : [],
      ]);
      const changed = new Set<string>();
      const removed = new Set<string>();
      for (const change of page.changes) {
        const object = stored.find((o) => o.entityId === change.entityId);
        const activity = present.find((a) => a.id === change.entityId);
        const name =
          object?.name ?? (activity ? derivedItemName(activity.uid) : change.uid ? derivedItemName(change.uid) : null);
        if (!name) continue;
        if (activity && !change.deleted) changed.add(name);
        else removed.add(name);
      }
      return { changed: [...changed], removed: [...removed], revision: page.nextRevision, truncated: page.truncated };
    },
    syncRevision: (scope: DavScope) => lastRevision(scope.services.sequelize, key),
  };
  return list;
}

export const tasksKind: DavCollectionKind = {
  home: 'calendars',
  list: async (scope) => [taskList(scope.actor.userId, scope.actor.email)],
  find: async (scope, segment) => (segment === SEGMENT ? taskList(scope.actor.userId, scope.actor.email) : null),
};
