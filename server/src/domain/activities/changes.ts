import type { ChangeRef } from '../changes/collections';
import { collections } from '../changes/collections';
import { recordChange } from '../changes/service';
import type { DomainContext } from '../context';
import type { Activity } from './model';

/** An activity lives in the global activities feed and in its assignee's task list (a CalDAV VTODO collection). */
export function activityChangeRefs(activity: Pick<Activity, 'id' | 'uid' | 'assignedUserId'>): ChangeRef[] {
  const refs: ChangeRef[] = [
    { collection: collections.activities(), entity: 'activity', entityId: activity.id, uid: activity.uid },
  ];
  if (activity.assignedUserId) {
    refs.push({
      collection: collections.tasks(activity.assignedUserId),
      entity: 'activity',
      entityId: activity.id,
      uid: activity.uid,
    });
  }
  return refs;
}

/**
 * Records an activity's change and stores the revision on it. A reassignment leaves a tombstone in the previous
 * assignee's task list, so their client removes the task instead of keeping a stale copy.
 */
export async function trackActivityChange(
  ctx: DomainContext,
  activity: Activity,
  previousAssigneeId: number | null,
): Promise<void> {
  if (previousAssigneeId && previousAssigneeId !== activity.assignedUserId) {
    await recordChange(
      ctx.sequelize,
      ctx.tx,
      [
        {
          collection: collections.tasks(previousAssigneeId),
          entity: 'activity',
          entityId: activity.id,
          uid: activity.uid,
        },
      ],
      true,
    );
  }
  const revision = await recordChange(ctx.sequelize, ctx.tx, activityChangeRefs(activity));
  await activity.update({ revision }, { transaction: ctx.tx, silent: true });
}
