import { Op, Sequelize, WhereOptions } from 'sequelize';
import type { Actor } from '../../access/actor';
import {
  activityScope,
  calendarScope,
  eventScope,
  partnerScope,
  recordLinkedScope,
  seesEverything,
  within,
} from '../../access/policy';
import { Activity } from '../../domain/activities/model';
import { Calendar, CalendarEvent } from '../../domain/calendar/model';
import { changesSince, ChangesPage } from '../../domain/changes/service';
import { DocumentRecord } from '../../domain/documents/model';
import { Partner } from '../../domain/partners/model';
import { ForbiddenError } from '../../domain/errors';

type ScopedModel = { findAll(options: { where: WhereOptions; attributes: string[] }): Promise<Array<{ id: number }>> };

/** For each tracked entity, its model and the policy scope that decides whether the actor sees a row. */
const scopes: Record<string, { model: ScopedModel; scope: (actor: Actor) => WhereOptions }> = {
  partner: { model: Partner as unknown as ScopedModel, scope: partnerScope },
  activity: { model: Activity as unknown as ScopedModel, scope: activityScope },
  event: { model: CalendarEvent as unknown as ScopedModel, scope: eventScope },
  document: { model: DocumentRecord as unknown as ScopedModel, scope: recordLinkedScope },
};

/** Per-user collections belong to their user; a calendar's collection to those who can see the calendar. */
async function assertMayReadCollection(actor: Actor, collection: string): Promise<void> {
  if (seesEverything(actor)) return;
  const tasksOf = /^tasks:user:(\d+)$/.exec(collection);
  if (tasksOf && Number(tasksOf[1]) !== actor.userId) {
    throw new ForbiddenError("You may only follow your own task list's changes", 'foreign_collection');
  }
  const calendar = /^calendar:(\d+)$/.exec(collection);
  if (calendar) {
    const visible = await Calendar.findOne({
      where: within(calendarScope(actor), { id: Number(calendar[1]) }),
      attributes: ['id'],
    });
    if (!visible)
      throw new ForbiddenError('You may only follow the changes of calendars you can see', 'foreign_collection');
  }
}

/**
 * Changes of one collection after `since`, as the actor may see them. For an own-records user, upserts of records
 * outside their scope are dropped (the client would not be allowed to fetch them); tombstones stay, since they
 * reveal no content and a client must be able to drop a record it lost access to.
 */
export async function visibleChanges(
  sequelize: Sequelize,
  actor: Actor,
  query: { collection: string; since: number; limit: number },
): Promise<ChangesPage> {
  const { collection, since, limit } = query;
  await assertMayReadCollection(actor, collection);
  const page = await changesSince(sequelize, collection, since, limit);
  if (seesEverything(actor)) return page;
  const visible = new Map<string, Set<number>>();
  for (const [entity, { model, scope }] of Object.entries(scopes)) {
    const ids = page.changes.filter((c) => c.entity === entity && !c.deleted).map((c) => c.entityId);
    if (!ids.length) continue;
    const rows = await model.findAll({ where: within(scope(actor), { id: { [Op.in]: ids } }), attributes: ['id'] });
    visible.set(entity, new Set(rows.map((row) => row.id)));
  }
  return {
    ...page,
    changes: page.changes.filter((c) => c.deleted || (visible.get(c.entity)?.has(c.entityId) ?? false)),
  };
}
