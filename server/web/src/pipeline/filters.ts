import type { LeadGroupQuery } from '../../../../core/src/api-client';

/**
 * The pipeline's filters live in the URL (?scope=mine&q=müller), so a filtered board can be reloaded, bookmarked and
 * sent to a colleague. Pure: URL parameters in, API filters out.
 */
export type Scope = 'all' | 'mine';

export interface PipelineFilters {
  scope: Scope;
  q: string;
}

export function filtersOf(params: URLSearchParams): PipelineFilters {
  return { scope: params.get('scope') === 'mine' ? 'mine' : 'all', q: (params.get('q') ?? '').trim().slice(0, 200) };
}

/** URL parameters for the filters, without the defaults. */
export function paramsOf(filters: PipelineFilters): Record<string, string> {
  return { ...(filters.scope === 'mine' ? { scope: 'mine' } : {}), ...(filters.q ? { q: filters.q } : {}) };
}

/** The opportunities the board shows, as GET /leads and GET /leads/grouped filter them. */
export function leadQueryOf(filters: PipelineFilters, userId: number): LeadGroupQuery {
  return {
    type: 'opportunity',
    ...(filters.scope === 'mine' ? { salespersonId: userId } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
}
