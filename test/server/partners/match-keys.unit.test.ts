import { matchCriteria, rankMatches } from '../../../server/src/domain/partners/match-keys';

describe('matchCriteria', () => {
  it('lists usable keys strongest first, normalized', () => {
    expect(matchCriteria({ email: ' <Eva@Example.COM>', phone: '+49 (0)30 1234 5678', name: '  Eva   Berg ' })).toEqual(
      [
        { by: 'email', key: 'eva@example.com' },
        { by: 'phone', key: '12345678' },
        { by: 'name', key: 'eva berg' },
      ],
    );
  });

  it('skips blank and unusable values', () => {
    expect(matchCriteria({ email: 'not an address', phone: '12', name: '   ' })).toEqual([]);
    expect(matchCriteria({ email: null, name: 'Acme' })).toEqual([{ by: 'name', key: 'acme' }]);
  });
});

describe('rankMatches', () => {
  const at = (iso: string | null) => (iso ? new Date(iso) : null);
  it('puts people before companies, then the most recently contacted, then the oldest record', () => {
    const ranked = rankMatches([
      { id: 1, isCompany: true, lastContactAt: at('2025-01-01') },
      { id: 5, isCompany: false, lastContactAt: null },
      { id: 4, isCompany: false, lastContactAt: at('2024-01-01') },
      { id: 3, isCompany: false, lastContactAt: null },
      { id: 2, isCompany: false, lastContactAt: at('2025-06-01') },
    ]);
    expect(ranked.map((c) => c.id)).toEqual([2, 4, 3, 5, 1]);
  });

  it('does not change its input', () => {
    const input = [
      { id: 2, isCompany: false, lastContactAt: null },
      { id: 1, isCompany: false, lastContactAt: null },
    ];
    rankMatches(input);
    expect(input.map((c) => c.id)).toEqual([2, 1]);
  });
});
