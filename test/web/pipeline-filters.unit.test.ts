import { filtersOf, isDefault, leadQueryOf, paramsOf } from '../../server/web/src/pipeline/filters';

describe('the pipeline filters in the URL', () => {
  it('reads scope, what to show and the search, with the running pipeline of everyone by default', () => {
    expect(filtersOf(new URLSearchParams(''))).toEqual({ scope: 'all', show: 'pipeline', q: '' });
    expect(filtersOf(new URLSearchParams('scope=mine&show=lost&q=%20M%C3%BCller%20'))).toEqual({
      scope: 'mine',
      show: 'lost',
      q: 'Müller',
    });
    expect(filtersOf(new URLSearchParams('scope=everyone&show=deleted'))).toEqual({
      scope: 'all',
      show: 'pipeline',
      q: '',
    });
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    expect(paramsOf({ scope: 'all', show: 'pipeline', q: '' })).toEqual({});
    expect(isDefault(filtersOf(new URLSearchParams('')))).toBe(true);
    const filters = { scope: 'mine' as const, show: 'archived' as const, q: 'Müller' };
    expect(filtersOf(new URLSearchParams(paramsOf(filters)))).toEqual(filters);
    expect(isDefault(filters)).toBe(false);
  });

  it('asks the API for opportunities: mine by salesperson, lost and archived among the inactive ones', () => {
    expect(leadQueryOf({ scope: 'all', show: 'pipeline', q: '' }, 7)).toEqual({ type: 'opportunity' });
    expect(leadQueryOf({ scope: 'mine', show: 'pipeline', q: 'ab' }, 7)).toEqual({
      type: 'opportunity',
      salespersonId: 7,
      q: 'ab',
    });
    expect(leadQueryOf({ scope: 'all', show: 'lost', q: '' }, 7)).toEqual({
      type: 'opportunity',
      state: 'lost',
      active: 'false',
    });
    expect(leadQueryOf({ scope: 'all', show: 'archived', q: '' }, 7)).toEqual({
      type: 'opportunity',
      state: 'open',
      active: 'false',
    });
  });
});
