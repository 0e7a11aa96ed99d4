import type { LeadGroupQuery } from '../../../../core/src/api-client';

/**
 * The pipeline's filters live in the URL (?scope=mine&show=lost&q=müller&salesperson=3&team=1&tag=4&closingFrom=…),
 * so a filtered board can be reloaded, bookmarked and sent to a colleague. Pure: URL parameters in, API filters out.
 */
export type Scope = 'all' | 'mine';
/** The running pipeline (open and won), the lost opportunities, or the archived ones (both inactive). */
export type Show = 'pipeline' | 'lost' | 'archived';
const SHOWS: readonly Show[] = ['pipeline', 'lost', 'archived'];

export interface PipelineFilters {
  scope: Scope;
  show: Show;
  q: string;
  /** One salesperson's, one team's, one tag's (ids); "mine" wins over a salesperson. */
  salesperson?: number;
  team?: number;
  tag?: number;
  /** Expected closing from / to (YYYY-MM-DD). */
  closingFrom?: string;
  closingTo?: string;
}

const ID_FIELDS = ['salesperson', 'team', 'tag'] as const;
const DAY_FIELDS = ['closingFrom', 'closingTo'] as const;

function idOf(value: string | null): number | undefined {
  return value && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined;
}

function dayOf(value: string | null): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

export function filtersOf(params: URLSearchParams): PipelineFilters {
  const show = params.get('show') as Show | null;
  const filters: PipelineFilters = {
    scope: params.get('scope') === 'mine' ? 'mine' : 'all',
    show: show && SHOWS.includes(show) ? show : 'pipeline',
    q: (params.get('q') ?? '').trim().slice(0, 200),
  };
  for (const field of ID_FIELDS) {
    const id = idOf(params.get(field));
    if (id !== undefined) filters[field] = id;
  }
  for (const field of DAY_FIELDS) {
    const day = dayOf(params.get(field));
    if (day !== undefined) filters[field] = day;
  }
  return filters;
}

/** URL parameters for the filters, without the defaults. */
export function paramsOf(filters: PipelineFilters): Record<string, string> {
  return {
    ...(filters.scope === 'mine' ? { scope: 'mine' } : {}),
    ...(filters.show !== 'pipeline' ? { show: filters.show } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    ...Object.fromEntries(
      [...ID_FIELDS, ...DAY_FIELDS].flatMap((field) =>
        filters[field] !== undefined ? [[field, String(filters[field])]] : [],
      ),
    ),
  };
}

/**
 * The opportunities the board shows, as GET /leads and GET /leads/grouped filter them. Marking lost also archives
 * (active=false, as in Odoo), so lost and archived are both among the inactive ones and differ by state.
 */
export function leadQueryOf(filters: PipelineFilters, userId: number): LeadGroupQuery {
  const show: LeadGroupQuery =
    filters.show === 'lost'
      ? { state: 'lost', active: 'false' }
      : filters.show === 'archived'
        ? { state: 'open', active: 'false' }
        : {};
  return {
    type: 'opportunity',
    ...show,
    ...(filters.scope === 'mine'
      ? { salespersonId: userId }
      : filters.salesperson !== undefined
        ? { salespersonId: filters.salesperson }
        : {}),
    ...(filters.team !== undefined ? { teamId: filters.team } : {}),
    ...(filters.tag !== undefined ? { tag: filters.tag } : {}),
    ...(filters.closingFrom ? { closingFrom: filters.closingFrom } : {}),
    ...(filters.closingTo ? { closingTo: filters.closingTo } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
}

export const isDefault = (filters: PipelineFilters) =>
  filters.scope === 'all' &&
  filters.show === 'pipeline' &&
  !filters.q &&
  [...ID_FIELDS, ...DAY_FIELDS].every((field) => filters[field] === undefined);
