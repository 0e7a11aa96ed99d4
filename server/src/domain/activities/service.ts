import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { activityScope, within } from '../../access/policy';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { recordChange } from '../changes/service';
import type { DomainContext } from '../context';
import { LinkedRecord, RecordType, resolveOptionalLink } from '../history/linked-record';
import { diffFields, recordTrace } from '../history/service';
import { User } from '../users/model';
import { activityChangeRefs, trackActivityChange } from './changes';
import { Activity, ActivityKind } from './model';

export interface ActivityFields {
  kind?: ActivityKind;
  summary?: string;
  note?: string | null;
  dueDate?: string | null;
  dueTime?: string | null;
  assignedUserId?: number | null;
  recordType?: RecordType | null;
  recordId?: number | null;
  callDirection?: 'inbound' | 'outbound' | null;
  callDurationSeconds?: number | null;
  callOutcome?: string | null;
}

export type ActivityCreateInput = ActivityFields & { kind: ActivityKind; summary: string };

const plainFields = [
  'kind',
  'summary',
  'note',
  'dueDate',
  'dueTime',
  'assignedUserId',
  'callDirection',
  'callDurationSeconds',
  'callOutcome',
] as const;
const tracedFields = [...plainFields, 'recordType', 'recordId'] as const;

export async function findVisibleActivity(actor: Actor, id: number, tx?: Transaction): Promise<Activity> {
  const activity = await Activity.findOne({ where: within(activityScope(actor), { id }), transaction: tx });
  if (!activity) throw new NotFoundError('Activity', id);
  return activity;
}

async function assertAssignee(userId: number | null | undefined, tx: Transaction): Promise<void> {
  if (!userId) return;
  const user = await User.findOne({ where: { id: userId, active: true }, attributes: ['id'], transaction: tx });
  if (!user)
    throw new ValidationError(`Invalid request body: assignedUserId: no active user ${userId}`, {
      assignedUserId: [`No active user with id ${userId}`],
    });
}

function linkColumns(link: LinkedRecord | null): Pick<Activity, 'recordType' | 'recordId' | 'partnerId'> {
  return { recordType: link?.recordType ?? null, recordId: link?.recordId ?? null, partnerId: link?.partnerId ?? null };
}

function pickPlain(fields: ActivityFields): Partial<Activity> {
  const picked: Record<string, unknown> = {};
  for (const field of plainFields) if (fields[field] !== undefined) picked[field] = fields[field];
  return picked as Partial<Activity>;
}

export async function createActivity(ctx: DomainContext, input: ActivityCreateInput): Promise<Activity> {
  const assignedUserId = input.assignedUserId === undefined ? ctx.actor.userId : input.assignedUserId;
  await assertAssignee(assignedUserId, ctx.tx);
  const link = await resolveOptionalLink(ctx.actor, input, ctx.tx);
  const activity = await Activity.create(
    {
      ...pickPlain(input),
      uid: randomUUID(),
      kind: input.kind,
      summary: input.summary,
      note: input.note ?? null,
      dueDate: input.dueDate ?? null,
      dueTime: input.dueTime ?? null,
      assignedUserId,
      createdById: ctx.actor.userId,
      ...linkColumns(link),
      doneAt: null,
      callDirection: input.callDirection ?? null,
      callDurationSeconds: input.callDurationSeconds ?? null,
      callOutcome: input.callOutcome ?? null,
    },
    { transaction: ctx.tx },
  );
  await trackActivityChange(ctx, activity, null);
  return activity;
}

export async function updateActivity(ctx: DomainContext, id: number, patch: ActivityFields): Promise<Activity> {
  const activity = await findVisibleActivity(ctx.actor, id, ctx.tx);
  // A copy: without custom getters, get({ plain: true }) returns the live dataValues object.
  const before = { ...activity.get({ plain: true }) };
  await assertAssignee(patch.assignedUserId, ctx.tx);
  const values: Partial<Activity> = pickPlain(patch);
  if (patch.recordType !== undefined || patch.recordId !== undefined) {
    Object.assign(values, linkColumns(await resolveOptionalLink(ctx.actor, patch, ctx.tx)));
  }
  await activity.update(values, { transaction: ctx.tx });
  const changes = diffFields(before, activity.get({ plain: true }), tracedFields);
  if (Object.keys(changes).length === 0) return activity;
  await trackActivityChange(ctx, activity, before.assignedUserId);
  return activity;
}

export async function deleteActivity(ctx: DomainContext, id: number): Promise<void> {
  const activity = await findVisibleActivity(ctx.actor, id, ctx.tx);
  await recordChange(ctx.sequelize, ctx.tx, activityChangeRefs(activity), true);
  await activity.destroy({ transaction: ctx.tx });
}

/** Closes an open activity; marking it done leaves a 'done' entry in the history of the record it concerns. */
export async function markActivityDone(ctx: DomainContext, id: number): Promise<Activity> {
  const activity = await findVisibleActivity(ctx.actor, id, ctx.tx);
  if (activity.status !== 'open')
    throw new ConflictError(`Activity ${id} is already ${activity.status}`, `already_${activity.status}`);
  await activity.update({ status: 'done', doneAt: new Date() }, { transaction: ctx.tx });
  if (activity.recordType && activity.recordId) {
    await recordTrace(ctx.tx, {
      recordType: activity.recordType,
      recordId: activity.recordId,
      partnerId: activity.partnerId,
      userId: ctx.actor.userId,
      action: 'done',
      changes: {
        activityId: activity.id,
        kind: activity.kind,
        summary: activity.summary,
        note: activity.note,
        callOutcome: activity.callOutcome,
      },
    });
  }
  await trackActivityChange(ctx, activity, activity.assignedUserId);
  return activity;
}

/**
 * Opens a done or cancelled activity again (a to-do unticked on a phone, RFC 5545 §3.8.1.11 STATUS:NEEDS-ACTION):
 * open, no completion time, tracked like every other change so each task list and sync sees it. The 'done' entry
 * in the record's history stays: it happened.
 */
export async function reopenActivity(ctx: DomainContext, id: number): Promise<Activity> {
  const activity = await findVisibleActivity(ctx.actor, id, ctx.tx);
  if (activity.status === 'open') throw new ConflictError(`Activity ${id} is already open`, 'already_open');
  await activity.update({ status: 'open', doneAt: null }, { transaction: ctx.tx });
  await trackActivityChange(ctx, activity, activity.assignedUserId);
  return activity;
}

export async function cancelActivity(ctx: DomainContext, id: number): Promise<Activity> {
  const activity = await findVisibleActivity(ctx.actor, id, ctx.tx);
  if (activity.status !== 'open')
    throw new ConflictError(`Activity ${id} is already ${activity.status}`, `already_${activity.status}`);
  await activity.update({ status: 'cancelled' }, { transaction: ctx.tx });
  await trackActivityChange(ctx, activity, activity.assignedUserId);
  return activity;
}
