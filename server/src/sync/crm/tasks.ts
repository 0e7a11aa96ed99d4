import { Op, type Transaction } from 'sequelize';
import { fieldsOfTask, taskOfFields, type CrmChangePage, type CrmRecord } from '@akte/sync-engine';
import type { TaskData } from '@akte/core';
import { placeholders, sqlOf } from '../../db/sql';
import { collections } from '../../domain/changes/collections';
import type { DomainContext } from '../../domain/context';
import { DomainError } from '../../domain/errors';
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
import { RecordRefusedError, type CrmKind, type CrmScope } from './crm-kind';

/**
 * Tasks (VTODO, RFC 5545 §3.6.2): the activities **assigned to the account's owner** — a colleague's activity never
 * leaves the CRM, even for an owner who may see it — that have a due date or are linked in this collection. That is
 * the set Akte's own CalDAV task list serves (dav/caldav/tasks.ts, "or stored by a client" there), mapped the same
 * way. crmId = the activity id. The CRM cursor is the owner's task list in the change log (`tasks:user:<id>`),
 * which also holds a tombstone when an activity is reassigned away: the remote task then goes.
 */
const ownerOf = (scope: CrmScope): number => scope.actor.userId;

function contextOf(scope: CrmScope, tx: Transaction): DomainContext {
  return { actor: scope.actor, sequelize: scope.services.sequelize, tx, blobs: scope.services.blobs };
}

/** Of `ids`, the ones this collection has linked (a task without due date stays in scope once it is synced). */
async function linkedHere(scope: CrmScope, ids: number[], tx?: Transaction): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await sqlOf(scope.services.sequelize, tx).all<{ crmId: string }>(
    `SELECT crm_id AS crmId FROM sync_links WHERE collection_id = ? AND crm_id IN (${placeholders(ids.length)})`,
    [scope.collectionId, ...ids.map(String)],
  );
  return new Set(rows.map((r) => Number(r.crmId)));
}

async function ownTasks(scope: CrmScope, ids: number[], tx?: Transaction): Promise<Activity[]> {
  if (!ids.length) return [];
  const found = await Activity.findAll({
    where: { id: { [Op.in]: ids }, assignedUserId: ownerOf(scope) },
    transaction: tx,
  });
  const linked = await linkedHere(
    scope,
    found.filter((a) => !a.dueDate).map((a) => a.id),
    tx,
  );
  return found.filter((a) => a.dueDate || linked.has(a.id));
}

/** The CRM's task as the codec sees it; doneAt in whole seconds, as a VTODO's COMPLETED carries it. */
function taskOf(activity: Activity): TaskData {
  const doneAt = activity.doneAt ? new Date(Math.floor(activity.doneAt.getTime() / 1000) * 1000) : null;
  return {
    uid: activity.uid,
    summary: activity.summary,
    note: activity.note,
    dueDate: activity.dueDate ? String(activity.dueDate).slice(0, 10) : null,
    dueTime: activity.dueTime ? activity.dueTime.slice(0, 5) : null,
    status: activity.status,
    doneAt,
  };
}

const recordOf = (activity: Activity): CrmRecord => ({
  id: String(activity.id),
  uid: activity.uid,
  revision: Number(activity.revision),
  fields: fieldsOfTask(taskOf(activity)),
});

/** The status a remote task asks for, through the domain's own actions (done leaves its history entry). */
async function applyStatus(ctx: DomainContext, activity: Activity, task: TaskData): Promise<Activity> {
  if (activity.status !== task.status) {
    if (activity.status !== 'open') activity = await reopenActivity(ctx, activity.id);
    if (task.status === 'done') activity = await markActivityDone(ctx, activity.id);
    if (task.status === 'cancelled') activity = await cancelActivity(ctx, activity.id);
  }
  // When it was ticked off is the remote's COMPLETED, not the moment of this round (same write, same revision).
  if (activity.status === 'done' && task.doneAt && taskOf(activity).doneAt?.getTime() !== task.doneAt.getTime())
    await activity.update({ doneAt: task.doneAt }, { transaction: ctx.tx, silent: true });
  return activity;
}

function plainFields(task: TaskData) {
  return {
    summary: task.summary.slice(0, 255) || '(no title)',
    note: task.note,
    dueDate: task.dueDate,
    dueTime: task.dueTime,
  };
}

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError) throw new RecordRefusedError(err.message);
    throw err;
  }
}

export const tasksKind: CrmKind = {
  async changes(scope, after, limit): Promise<CrmChangePage> {
    const rows = await sqlOf(scope.services.sequelize).all<{ revision: number | string; id: number; deleted: number }>(
      `SELECT revision, entity_id AS id, deleted FROM changes WHERE collection = ? AND entity = 'activity'
        AND revision > ? ORDER BY revision ASC LIMIT ?`,
      [collections.tasks(ownerOf(scope)), after, limit + 1],
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit).map((r) => ({ revision: Number(r.revision), id: Number(r.id) }));
    const latest = new Map<number, number>();
    for (const row of page) latest.set(row.id, row.revision);
    // The activity as it is now decides: reassigned, deleted or out of scope reads as a deletion (applied by the
    // engine only to a task it had linked).
    const present = new Set((await ownTasks(scope, [...latest.keys()])).map((a) => a.id));
    const changes = [...latest]
      .map(([id, revision]) => ({ crmId: String(id), revision, deleted: !present.has(id) }))
      .filter((c) => after > 0 || !c.deleted)
      .sort((a, b) => a.revision - b.revision);
    return { changes, last: page.length ? page[page.length - 1].revision : after, more };
  },

  async read(scope, crmId, tx) {
    const [activity] = await ownTasks(scope, [Number(crmId)], tx);
    return activity ? recordOf(activity) : null;
  },

  async candidates(scope, query) {
    // Tasks match by UID only (sync-engine identity.ts): a title is no identity.
    if (!query.uid) return [];
    const found = await Activity.findAll({ where: { uid: query.uid, assignedUserId: ownerOf(scope) } });
    return found.map(recordOf);
  },

  async revision(scope, crmId, tx) {
    const [activity] = await ownTasks(scope, [Number(crmId)], tx);
    return activity ? Number(activity.revision) : null;
  },

  async create(scope, tx, uid, fields) {
    const task = taskOfFields(uid, fields);
    const ctx = contextOf(scope, tx);
    return refusing(async () => {
      let activity = await createActivity(ctx, { kind: 'task', ...plainFields(task), assignedUserId: ownerOf(scope) });
      // The remote chose the UID; the CRM keeps it unless another activity (a colleague's) already has it — then
      // this one keeps its own and the link the remote's.
      const taken = await Activity.count({ where: { uid }, transaction: tx });
      if (!taken) {
        await activity.update({ uid }, { transaction: tx });
        await trackActivityChange(ctx, activity, null);
      }
      activity = await applyStatus(ctx, activity, task);
      return recordOf(activity);
    });
  },

  async update(scope, tx, crmId, fields) {
    const ctx = contextOf(scope, tx);
    const [current] = await ownTasks(scope, [Number(crmId)], tx);
    if (!current) throw new RecordRefusedError(`the activity ${crmId} is no longer the owner's task`);
    const task = taskOfFields(current.uid, fields);
    return refusing(async () => {
      const activity = await updateActivity(ctx, current.id, plainFields(task));
      return recordOf(await applyStatus(ctx, activity, task));
    });
  },

  async remove(scope, tx, crmId) {
    await refusing(() => deleteActivity(contextOf(scope, tx), Number(crmId)));
  },
};
