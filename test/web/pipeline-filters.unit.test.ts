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

  it('reads salesperson, team, tag and the closing days, ignoring malformed ones, and asks the API for them', () => {
    const filters = filtersOf(
      new URLSearchParams('salesperson=3&team=2&tag=9&closingFrom=2026-01-01&closingTo=2026-03-31&tag2=x'),
    );
    expect(filters).toEqual({
      scope: 'all',
      show: 'pipeline',
      q: '',
      salesperson: 3,
      team: 2,
      tag: 9,
      closingFrom: '2026-01-01',
      closingTo: '2026-03-31',
    });
    expect(filtersOf(new URLSearchParams(paramsOf(filters)))).toEqual(filters);
    expect(isDefault(filters)).toBe(false);
    expect(leadQueryOf(filters, 7)).toEqual({
      type: 'opportunity',
      salespersonId: 3,
      teamId: 2,
      tag: 9,
      closingFrom: '2026-01-01',
      closingTo: '2026-03-31',
    });
    // "Mine" wins over another salesperson.
    expect(leadQueryOf({ ...filters, scope: 'mine' }, 7)).toMatchObject({ salespersonId: 7 });
    expect(filtersOf(new URLSearchParams('salesperson=0&team=abc&tag=-1&closingFrom=1.1.2026'))).toEqual({
      scope: 'all',
      show: 'pipeline',
      q: '',
    });
  });
});
