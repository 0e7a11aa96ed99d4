import { Op, Sequelize, WhereOptions } from 'sequelize';
import type { Actor } from '../../access/actor';
import { activityScope } from '../../access/policy';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import type { RecordType } from '../history/linked-record';
import { ActivityDto, activityDto } from './dto';
import { Activity, ActivityKind, ActivityStatus } from './model';
import { ActivityState, localDay } from './state';

export interface ActivityListQuery {
  assignedUserId?: number;
  /** Assigned to a member of this team. */
  teamId?: number;
  state?: ActivityState;
  status?: ActivityStatus;
  kind?: ActivityKind;
  recordType?: RecordType;
  recordId?: number;
  dueFrom?: string;
  dueTo?: string;
  limit: number;
  cursor?: string;
}

/** The SQL form of activityState(): the same boundaries, so a filtered list and the computed field agree. */
export function stateWhere(state: ActivityState, today: string): WhereOptions {
  switch (state) {
    case 'done':
    case 'cancelled':
      return { status: state };
    case 'overdue':
      return { status: 'open', dueDate: { [Op.lt]: today } };
    case 'today':
      return { status: 'open', dueDate: today };
    case 'planned':
      return { status: 'open', [Op.or]: [{ dueDate: null }, { dueDate: { [Op.gt]: today } }] };
  }
}

function filterWhere(query: ActivityListQuery, today: string): WhereOptions[] {
  const where: WhereOptions[] = [];
  if (query.assignedUserId) where.push({ assignedUserId: query.assignedUserId });
  if (query.teamId) {
    // Interpolated into SQL: only ever an integer (the API validates it; this guards other callers).
    if (!Number.isSafeInteger(query.teamId)) throw new Error('team filter must be an integer id');
    const members = Sequelize.literal(`(SELECT user_id FROM team_members WHERE team_id = ${query.teamId})`);
    where.push({ assignedUserId: { [Op.in]: members } });
  }
  if (query.state) where.push(stateWhere(query.state, today));
  if (query.status) where.push({ status: query.status });
  if (query.kind) where.push({ kind: query.kind });
  if (query.recordType) where.push({ recordType: query.recordType });
  if (query.recordId) where.push({ recordId: query.recordId });
  if (query.dueFrom) where.push({ dueDate: { [Op.gte]: query.dueFrom } });
  if (query.dueTo) where.push({ dueDate: { [Op.lte]: query.dueTo } });
  return where;
}

// Agenda order: the most urgent first; undated activities (NULLs sort first ascending) lead the list.
const sort: SortSpec = { field: 'dueDate', direction: 'asc' };

export async function listActivities(
  actor: Actor,
  query: ActivityListQuery,
): Promise<{ items: ActivityDto[]; nextCursor: string | null }> {
  const today = localDay();
  const rows = await Activity.findAll({
    where: { [Op.and]: [activityScope(actor), ...filterWhere(query, today), afterCursor(query.cursor, sort)] },
    order: orderFor(sort),
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit, sort, (activity) => activity.dueDate);
  return { items: page.items.map((activity) => activityDto(activity, today)), nextCursor: page.nextCursor };
}
