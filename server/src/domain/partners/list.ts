import { col, fn, Op } from 'sequelize';
import type { Actor } from '../../access/actor';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import { User } from '../users/model';
import { PartnerDto, partnerDtos } from './dto';
import { PartnerFilters, visiblePartnersWhere } from './filters';
import { Partner } from './model';

export const partnerSortFields = ['name', 'createdAt', 'updatedAt', 'lastContactAt'] as const;
export type PartnerSortField = (typeof partnerSortFields)[number];

export interface PartnerListQuery extends PartnerFilters {
  sort: PartnerSortField;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

export async function listPartners(
  actor: Actor,
  query: PartnerListQuery,
): Promise<{ items: PartnerDto[]; nextCursor: string | null }> {
  const sort: SortSpec = { field: query.sort, direction: query.order };
  const rows = await Partner.findAll({
    where: { [Op.and]: [visiblePartnersWhere(actor, query), afterCursor(query.cursor, sort)] },
    order: orderFor(sort),
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit, sort, (partner) => partner.get(query.sort));
  return { items: await partnerDtos(page.items), nextCursor: page.nextCursor };
}

export const partnerGroupings = ['category', 'salesperson', 'isCompany'] as const;
export type PartnerGrouping = (typeof partnerGroupings)[number];

export interface PartnerGroup {
  key: string | number | boolean | null;
  /** The salesperson's name for `salesperson`; otherwise the key as text. */
  label: string | null;
  count: number;
}

const groupColumn: Record<PartnerGrouping, string> = {
  category: 'category',
  salesperson: 'salesperson_id',
  isCompany: 'is_company',
};

/** Partner counts per category, salesperson or kind in one GROUP BY over the actor's visible partners. */
export async function groupPartners(
  actor: Actor,
  by: PartnerGrouping,
  filters: PartnerFilters,
): Promise<PartnerGroup[]> {
  const column = groupColumn[by];
  const rows = (await Partner.findAll({
    attributes: [
      [col(column), 'key'],
      [fn('COUNT', col('id')), 'count'],
    ],
    where: visiblePartnersWhere(actor, filters),
    group: [column],
    raw: true,
  })) as unknown as Array<{ key: string | number | null; count: number | string }>;
  // Raw rows: booleans come back as 0/1 and ids may come back as strings, depending on the driver.
  const groups = rows.map((row) => ({ key: groupKey(by, row.key), count: Number(row.count) }));
  const names =
    by === 'salesperson'
      ? new Map(
          (
            await User.findAll({
              where: { id: groups.map((g) => g.key).filter((k): k is number => typeof k === 'number') },
              attributes: ['id', 'name'],
            })
          ).map((u) => [u.id, u.name]),
        )
      : null;
  return groups
    .map((g) => ({ ...g, label: names ? (names.get(g.key as number) ?? null) : g.key === null ? null : String(g.key) }))
    .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : (a.label ?? '').localeCompare(b.label ?? '')));
}

function groupKey(by: PartnerGrouping, raw: string | number | null): string | number | boolean | null {
  if (raw === null) return null;
  if (by === 'isCompany') return Boolean(Number(raw));
  if (by === 'salesperson') return Number(raw);
  return String(raw);
}
