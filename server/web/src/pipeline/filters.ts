import type { LeadGroupQuery } from '../../../../core/src/api-client';

/**
 * The pipeline's filters live in the URL (?scope=mine&show=lost&q=müller), so a filtered board can be reloaded,
 * bookmarked and sent to a colleague. Pure: URL parameters in, API filters out.
 */
export type Scope = 'all' | 'mine';
/** The running pipeline (open and won), the lost opportunities, or the archived ones (both inactive). */
export type Show = 'pipeline' | 'lost' | 'archived';
const SHOWS: readonly Show[] = ['pipeline', 'lost', 'archived'];

export interface PipelineFilters {
  scope: Scope;
  show: Show;
  q: string;
}

export function filtersOf(params: URLSearchParams): PipelineFilters {
  const show = params.get('show') as Show | null;
  return {
    scope: params.get('scope') === 'mine' ? 'mine' : 'all',
    show: show && SHOWS.includes(show) ? show : 'pipeline',
    q: (params.get('q') ?? '').trim().slice(0, 200),
  };
}

/** URL parameters for the filters, without the defaults. */
export function paramsOf(filters: PipelineFilters): Record<string, string> {
  return {
    ...(filters.scope === 'mine' ? { scope: 'mine' } : {}),
    ...(filters.show !== 'pipeline' ? { show: filters.show } : {}),
    ...(filters.q ? { q: filters.q } : {}),
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
    ...(filters.scope === 'mine' ? { salespersonId: userId } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
}

export const isDefault = (filters: PipelineFilters) =>
  filters.scope === 'all' && filters.show === 'pipeline' && !filters.q;
