import { Op } from 'sequelize';
import type { Actor } from '../../access/actor';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import { LeadDto, leadDtos } from './dto';
import { LeadFilters, visibleLeadsWhere } from './filters';
import { Lead } from './model';

export const leadSortFields = ['createdAt', 'expectedRevenue', 'expectedClosing', 'priority', 'name'] as const;
export type LeadSortField = (typeof leadSortFields)[number];

export interface LeadListQuery extends LeadFilters {
  sort: LeadSortField;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

export async function listLeads(
  actor: Actor,
  query: LeadListQuery,
): Promise<{ items: LeadDto[]; nextCursor: string | null }> {
  const sort: SortSpec = { field: query.sort, direction: query.order };
  const rows = await Lead.findAll({
    where: { [Op.and]: [visibleLeadsWhere(actor, query), afterCursor(query.cursor, sort)] },
    order: orderFor(sort),
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit, sort, (lead) => lead.get(query.sort));
  return { items: await leadDtos(page.items), nextCursor: page.nextCursor };
}
