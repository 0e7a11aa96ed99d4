import { filtersOf, leadQueryOf, paramsOf } from '../../server/web/src/pipeline/filters';

describe('the pipeline filters in the URL', () => {
  it('reads scope and search, with "all" and no search by default', () => {
    expect(filtersOf(new URLSearchParams(''))).toEqual({ scope: 'all', q: '' });
    expect(filtersOf(new URLSearchParams('scope=mine&q=%20M%C3%BCller%20'))).toEqual({ scope: 'mine', q: 'Müller' });
    expect(filtersOf(new URLSearchParams('scope=everyone'))).toEqual({ scope: 'all', q: '' });
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    expect(paramsOf({ scope: 'all', q: '' })).toEqual({});
    const filters = { scope: 'mine' as const, q: 'Müller' };
    expect(filtersOf(new URLSearchParams(paramsOf(filters)))).toEqual(filters);
  });

  it('asks the API for opportunities, mine by salesperson, and the search', () => {
    expect(leadQueryOf({ scope: 'all', q: '' }, 7)).toEqual({ type: 'opportunity' });
    expect(leadQueryOf({ scope: 'mine', q: 'ab' }, 7)).toEqual({ type: 'opportunity', salespersonId: 7, q: 'ab' });
  });
});
