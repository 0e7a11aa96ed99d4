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
import { ChangeEntry, changesSince, ChangesPage } from '../../domain/changes/service';
import { reportsRemoval } from '../../domain/changes/seen-by';
import { DocumentRecord } from '../../domain/documents/model';
import { Partner } from '../../domain/partners/model';
import { NotFoundError } from '../../domain/errors';

type ScopedModel = { findAll(options: { where: WhereOptions; attributes: string[] }): Promise<Array<{ id: number }>> };

/** For each tracked entity, its model and the policy scope that decides whether the actor sees a row. */
const scopes: Record<string, { model: ScopedModel; scope: (actor: Actor) => WhereOptions }> = {
  partner: { model: Partner as unknown as ScopedModel, scope: partnerScope },
  activity: { model: Activity as unknown as ScopedModel, scope: activityScope },
  event: { model: CalendarEvent as unknown as ScopedModel, scope: eventScope },
  document: { model: DocumentRecord as unknown as ScopedModel, scope: recordLinkedScope },
};

/**
 * Per-user collections belong to their user; a calendar's collection to those who can see the calendar. Anything
 * else answers 404, like every out-of-scope request: whether another user's calendar exists is not revealed.
 */
async function assertMayReadCollection(actor: Actor, collection: string): Promise<void> {
  const tasksOf = /^tasks:user:(\d+)$/.exec(collection);
  if (tasksOf && Number(tasksOf[1]) !== actor.userId && !seesEverything(actor)) {
    throw new NotFoundError('Change collection', collection);
  }
  const calendar = /^calendar:(\d+)$/.exec(collection);
  if (calendar) {
    const visible = await Calendar.findOne({
      where: within(calendarScope(actor), { id: Number(calendar[1]) }),
      attributes: ['id'],
    });
    if (!visible) throw new NotFoundError('Change collection', collection);
  }
}

/** What the feed sends of an entry (its viewers stay on the server). */
function publicEntry(change: ChangeEntry, deleted = change.deleted): FeedEntry {
  return { revision: change.revision, entity: change.entity, entityId: change.entityId, uid: change.uid, deleted };
}

type FeedEntry = Omit<ChangeEntry, 'seenBy'>;

/**
 * Changes of one collection after `since`, as the actor may see them. A record the actor sees is reported as it
 * is; a record deleted or no longer visible to them is reported as deleted — only if they could see it before
 * (seen-by.ts: reportsRemoval), so a feed never names a record its reader never saw. The visibility of the upserts
 * is one scoped query per entity type for the page, not one per entry.
 */
export async function visibleChanges(
  sequelize: Sequelize,
  actor: Actor,
  query: { collection: string; since: number; limit: number },
): Promise<Omit<ChangesPage, 'changes'> & { changes: FeedEntry[] }> {
  const { collection, since, limit } = query;
  await assertMayReadCollection(actor, collection);
  const page = await changesSince(sequelize, collection, since, limit);
  const reader = { userId: actor.userId, seesEverything: seesEverything(actor) };
  const visible = reader.seesEverything ? null : await visibleIds(actor, page.changes);
  const changes: FeedEntry[] = [];
  for (const change of page.changes) {
    const seen = !change.deleted && (visible === null || (visible.get(change.entity)?.has(change.entityId) ?? false));
    if (seen) changes.push(publicEntry(change));
    else if (reportsRemoval(change, reader, { collection, since })) changes.push(publicEntry(change, true));
  }
  return { ...page, changes };
}

/** Of the entries that are not tombstones, the ids the actor sees now, per entity type. */
async function visibleIds(actor: Actor, changes: ChangeEntry[]): Promise<Map<string, Set<number>>> {
  const visible = new Map<string, Set<number>>();
  for (const [entity, { model, scope }] of Object.entries(scopes)) {
    const ids = changes.filter((c) => c.entity === entity && !c.deleted).map((c) => c.entityId);
    if (!ids.length) continue;
    const rows = await model.findAll({ where: within(scope(actor), { id: { [Op.in]: ids } }), attributes: ['id'] });
    visible.set(entity, new Set(rows.map((row) => row.id)));
  }
  return visible;
}
