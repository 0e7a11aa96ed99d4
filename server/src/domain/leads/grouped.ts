import { col, fn, literal, Op } from 'sequelize';
import type { Actor } from '../../access/actor';
import { Stage } from '../pipeline/model';
import { listStages } from '../pipeline/stages';
import { Team, User } from '../users/model';
import { LeadFilters, visibleLeadsWhere } from './filters';
import { Lead } from './model';
import { LeadTotal } from './totals-model';
import { roundMoney } from './revenue';
import type { LeadGroup } from '@akte/core';

export const leadGroupings = ['stage', 'salesperson', 'team', 'state'] as const;
export type LeadGrouping = (typeof leadGroupings)[number];

/** One kanban column or report row: the wire type the back office reads (core), `folded` for stage groups only. */
export type { LeadGroup } from '@akte/core';

const groupColumn: Record<LeadGrouping, string> = {
  stage: 'stage_id',
  salesperson: 'salesperson_id',
  team: 'team_id',
  state: 'state',
};

interface Totals {
  key: number | string | null;
  count: number | string;
  revenue: number | string | null;
  weighted: number | string | null;
}

/**
 * Counts and sums per stage, salesperson, team or state in one GROUP BY over the actor's visible leads — the
 * numbers of kanban column headers and pipeline reports. Weighted revenue is Σ revenue × probability / 100.
 */
export async function groupLeads(actor: Actor, by: LeadGrouping, filters: LeadFilters): Promise<LeadGroup[]> {
  const rows = usesTotalsOnly(filters) ? await fromTotals(actor, by, filters) : await fromLeads(actor, by, filters);
  // mysql2 answers SUM(DECIMAL) as a string and COUNT as a number; SQLite answers numbers.
  const totals = new Map(
    rows.map((row) => [row.key === null ? null : by === 'state' ? String(row.key) : Number(row.key), row]),
  );
  const group = (key: number | string | null, label: string | null): LeadGroup => {
    const row = totals.get(key);
    return {
      key,
      label,
      count: Number(row?.count ?? 0),
      expectedRevenue: roundMoney(Number(row?.revenue ?? 0)),
      weightedRevenue: roundMoney(Number(row?.weighted ?? 0)),
    };
  };
  const presentKeys = [...totals.keys()];
  const labelled = await labelsFor(by, presentKeys, filters.teamId);
  const groups = labelled.map(({ key, label, folded }) => ({
    ...group(key, label),
    ...(folded === undefined ? {} : { folded }),
  }));
  // Leads outside every known group (no stage, no salesperson, no team) come last.
  if (totals.has(null)) groups.push(by === 'stage' ? { ...group(null, null), folded: false } : group(null, null));
  return groups;
}

/**
 * Filters on the columns lead_totals is kept by: answered from it; tag, partner, text and closing-day filters need
 * the leads.
 */
function usesTotalsOnly(filters: LeadFilters): boolean {
  return (
    filters.tag === undefined &&
    filters.partnerId === undefined &&
    !filters.q &&
    !filters.closingFrom &&
    !filters.closingTo
  );
}

async function fromLeads(actor: Actor, by: LeadGrouping, filters: LeadFilters): Promise<Totals[]> {
  const column = groupColumn[by];
  return (await Lead.findAll({
    attributes: [
      [col(column), 'key'],
      [fn('COUNT', col('id')), 'count'],
      [fn('SUM', col('expected_revenue')), 'revenue'],
      [fn('SUM', literal('expected_revenue * probability / 100')), 'weighted'],
    ],
    where: visibleLeadsWhere(actor, filters),
    group: [column],
    raw: true,
  })) as unknown as Totals[];
}

/** The same totals from the trigger-kept lead_totals (0 there is NULL here). */
async function fromTotals(actor: Actor, by: LeadGrouping, filters: LeadFilters): Promise<Totals[]> {
  const column = groupColumn[by];
  const rows = (await LeadTotal.findAll({
    attributes: [
      [col(column), 'key'],
      [fn('SUM', col('lead_count')), 'count'],
      [fn('SUM', col('revenue')), 'revenue'],
      [fn('SUM', col('weighted')), 'weighted'],
    ],
    where: { [Op.and]: [visibleLeadsWhere(actor, filters), { leadCount: { [Op.gt]: 0 } }] },
    group: [column],
    raw: true,
  })) as unknown as Totals[];
  return rows.map((row) => (row.key === 0 || row.key === '0' ? { ...row, key: null } : row));
}

interface Label {
  key: number | string;
  label: string | null;
  folded?: boolean;
}

const stateOrder = ['open', 'won', 'lost'];
const byLabel = (a: Label, b: Label): number =>
  (a.label ?? '').localeCompare(b.label ?? '') || Number(a.key) - Number(b.key);

/** Groups in display order; a key whose record no longer exists keeps its numbers under a null label. */
async function labelsFor(by: LeadGrouping, keys: Array<number | string | null>, teamId?: number): Promise<Label[]> {
  const present = keys.filter((k): k is number | string => k !== null);
  const ids = present.map(Number);
  switch (by) {
    case 'stage': {
      // Every stage of the pipeline is a kanban column, including empty ones, in pipeline order; leads sitting in
      // another team's stage follow.
      const stages = await listStages(teamId);
      const known = new Set(stages.map((s) => s.id));
      const others = await Stage.findAll({
        where: { id: ids.filter((id) => !known.has(id)) },
        order: [
          ['sequence', 'ASC'],
          ['id', 'ASC'],
        ],
      });
      const columns = [...stages, ...others].map((s) => ({ key: s.id, label: s.name, folded: Boolean(s.folded) }));
      const found = new Set(columns.map((c) => c.key));
      return [...columns, ...ids.filter((id) => !found.has(id)).map((id) => ({ key: id, label: null, folded: false }))];
    }
    case 'salesperson':
      return withNames(ids, await User.findAll({ where: { id: ids }, attributes: ['id', 'name'] }));
    case 'team':
      return withNames(ids, await Team.findAll({ where: { id: ids }, attributes: ['id', 'name'] }));
    case 'state':
      return stateOrder.filter((s) => present.includes(s)).map((s) => ({ key: s, label: s }));
  }
}

function withNames(ids: number[], records: Array<{ id: number; name: string }>): Label[] {
  const names = new Map(records.map((r) => [r.id, r.name]));
  return ids.map((id) => ({ key: id, label: names.get(id) ?? null })).sort(byLabel);
}
